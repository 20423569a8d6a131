"""The pydantic-free view of the shipped policy bundle (what a lint uses) equals the validated one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import incident_kit.policy as pol
from incident_kit.policy import kb, load_policy
from incident_kit.policy.model import ClauseFile

BUNDLE = Path(pol.__file__).resolve().parent / "bundle.json"


def _both() -> tuple[list, list]:
    data = json.loads(BUNDLE.read_text(encoding="utf-8"))
    return kb.clauses_from_bundle(data), list(ClauseFile.model_validate(data).clauses)


def test_both_views_dump_identically() -> None:
    light, validated = _both()
    assert len(light) == len(validated) > 10
    for a, b in zip(light, validated):
        # Same keys in the same order, same values: json.dumps without sort_keys compares both.
        assert json.dumps(a.model_dump(mode="json"), ensure_ascii=False) == json.dumps(b.model_dump(mode="json"), ensure_ascii=False)


def test_both_views_answer_the_same_questions() -> None:
    light, validated = _both()
    days = [date(2017, 1, 1), date(2021, 6, 1), date(2024, 3, 15), date(2026, 11, 27)]
    for a, b in zip(light, validated):
        assert [a.in_force.covers(d) for d in days] == [b.in_force.covers(d) for d in days]
        assert a.in_force.label == b.in_force.label
        assert [(d.limit_hours, d.limit_text, d.start.event, d.end.phrases) for d in a.deadlines] == [
            (d.limit_hours, d.limit_text, d.start.event, d.end.phrases) for d in b.deadlines
        ]


def test_lint_time_policy_is_the_light_view_and_read_only() -> None:
    clause = next(iter(load_policy().clauses.values()))
    assert isinstance(clause, kb.Clause)
    try:
        clause.title = "changed"
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a shipped clause could be changed")
