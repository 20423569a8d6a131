"""Round trip: for a valid IRG 3.x draft D, reading render(D) back gives D again (up to what the
renderer normalises: line breaks inside a paragraph become spaces, see render.normalize_text), and
rendering the result again is byte-identical.

What the report text cannot carry is put back from D before comparing: the bug metadata, the IRG
version, timeline tags and the Closure report's action items (not rendered by its template)."""

from __future__ import annotations

import os
import re
from enum import Enum
from datetime import date, datetime, timedelta, timezone
from typing import Any

from pydantic import BaseModel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_kit import model
from incident_kit.drafting.to_draft import document_to_draft, split_refs
from incident_kit.sources.markdown import read_text
from incident_kit.sources.markdown import vocab
from incident_kit.drafting.render import normalize_text, render

# Text from a safe but varied alphabet: Markdown syntax characters, quotes, unicode.
_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyz ABCDEFGHJKLMNOPQRSTUVWXYZ0123456789")
    + list("|#*<>_[]()`~-+.:;,!?'\"&/\\=%@")
    + ["é", "ü", "ß", "漢", "字", "Ω", "→", "’", "“", "”", "–", "😀"]
)


def _ok_paragraph(text: str) -> bool:
    s = text.strip()
    if not s or re.fullmatch(r"[\W_]*", s) and len(s) < 2:
        return False
    if s.upper().rstrip(".") in ("N/A", "NA", "N.A", "NOT APPLICABLE"):
        return False
    if vocab.label_key(s) in vocab.FIELD_LABELS or vocab.label_key(s) in vocab.SECTION_TITLES:
        return False  # a line that is only a template label ("CA Owner CCADB ID") is read as that label
    if s.startswith(("```", "~~~")):
        return False
    return True


paragraph = st.text(_ALPHABET, min_size=1, max_size=40).map(lambda s: " ".join(s.split())).filter(_ok_paragraph)
text = st.lists(paragraph, min_size=1, max_size=2).map(lambda ps: "\n\n".join(ps))
one_line = paragraph


@st.composite
def aware_minute(draw: Any) -> datetime:
    base = datetime(2024, 1, 1, tzinfo=timezone.utc)
    minutes = draw(st.integers(min_value=0, max_value=3 * 365 * 24 * 60))
    offset = draw(st.sampled_from([0, 0, 120, -420, 330]))
    value = base + timedelta(minutes=minutes)
    return value.astimezone(timezone(timedelta(minutes=offset)))


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def no_refs(value: str) -> bool:
    """Lesson text that does not itself look like an action-item reference (ambiguous on reading)."""
    return not vocab.action_refs(value) and split_refs(value, [])[1] == []


def bug() -> Any:
    return st.just({"ca_owner": "Example CA", "title": "Example CA: Something went wrong"})


@st.composite
def full_report(draw: Any) -> model.FullReport:
    n_factors = draw(st.integers(1, 3))
    n_actions = draw(st.integers(1, 3))
    factors = [
        {
            "id": i,
            "title": draw(one_line),
            "description": draw(text),
            "timeline": draw(text),
            "detection": draw(text),
            "interaction": draw(text),
            "methodology": draw(text),
        }
        for i in range(1, n_factors + 1)
    ]
    actions = [
        {
            "description": draw(one_line),
            "kind": draw(st.sampled_from([k.value for k in model.ActionKind])),
            "root_causes": draw(st.lists(st.integers(1, n_factors), min_size=1, max_size=2, unique=True)),
            "evaluation_criteria": draw(one_line),
            "due_date": draw(days),
            "status": draw(st.sampled_from([s.value for s in model.ActionStatus])),
        }
        for _ in range(n_actions)
    ]

    def lessons() -> Any:
        if draw(st.booleans()):
            return "N/A"
        items = draw(st.lists(text.filter(no_refs), min_size=1, max_size=2))
        return [
            {"text": t, "action_items": draw(st.lists(st.integers(1, n_actions), max_size=2, unique=True))}
            for t in items
        ]

    related: Any = "N/A"
    if draw(st.booleans()):
        related = [
            {
                "bug_id": draw(st.integers(1, 9_999_999)),
                "url": draw(st.sampled_from(["", "https://example.org/bugs/7"])),
                "opened": draw(days),
                "description": draw(one_line),
            }
            for _ in range(draw(st.integers(1, 2)))
        ]
    count = draw(st.one_of(st.just("N/A"), st.integers(0, 10**6)))
    data = {
        "kind": "full",
        "bug": draw(bug()),
        "summary": {
            "ccadb_id": f"A{draw(st.integers(0, 999999)):06d}",
            "incident_description": draw(text),
            "timeline_summary": {"start": draw(one_line), "identified": draw(one_line), "end": draw(one_line)},
            "relevant_policies": draw(text),
            "source": draw(st.sampled_from([s.value for s in model.Source])),
        },
        "impact": {
            "total_certificates": count,
            "remaining_valid": count,
            "certificate_types": draw(text),
            "heuristic": draw(text),
            "issuance_stopped": draw(text),
            "analysis": draw(st.one_of(st.just("N/A"), text)),
            "additional_considerations": draw(text),
        },
        "timeline": [{"at": draw(aware_minute()), "text": draw(text)} for _ in range(draw(st.integers(1, 4)))],
        "related_incidents": related,
        "root_causes": factors,
        "lessons_learned": {c: lessons() for c in ("went_well", "didnt_go_well", "got_lucky", "additional")},
        "action_items": actions,
        "appendix": {"text": draw(st.one_of(st.just("N/A"), text))},
    }
    return model.FullReport.model_validate(data)


@st.composite
def preliminary_report(draw: Any) -> model.PreliminaryReport:
    return model.PreliminaryReport.model_validate(
        {
            "kind": "preliminary",
            "bug": draw(bug()),
            "summary": {
                "incident_description": draw(text),
                "relevant_policies": draw(text),
                "source": draw(st.sampled_from([s.value for s in model.Source] + ["N/A"])),
            },
        }
    )


@st.composite
def closure_report(draw: Any) -> model.ClosureReport:
    return model.ClosureReport.model_validate(
        {
            "kind": "closure",
            "bug": draw(bug()),
            "summary": {
                "incident_description": draw(text),
                "root_causes": draw(text),
                "remediation": draw(text),
                "commitments": draw(st.one_of(st.just("N/A"), text)),
            },
        }
    )


def _expected(report: Any) -> dict[str, Any]:
    """The draft as the rendered text carries it: every string normalised like the renderer does."""

    def walk(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(timezone.utc)  # the same instant, whatever offset D used
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, str):
            return normalize_text(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, BaseModel):
            return {name: walk(getattr(value, name)) for name in type(value).model_fields}
        return value

    return walk(report)


def _read_back(report: Any) -> tuple[Any, str]:
    markdown = render(report)
    doc = read_text(markdown)
    assert doc.kind == report.kind, doc.kind_reason
    draft, problems = document_to_draft(doc)
    assert problems == [], problems
    draft["bug"] = report.bug.model_dump(mode="json")
    draft["irg_version"] = report.irg_version
    if report.kind == "closure":
        draft["action_items"] = [a.model_dump(mode="json") for a in report.action_items]
    back = type(report).model_validate(draft)
    return back, markdown


SETTINGS = settings(max_examples=int(os.environ.get("IK_ROUNDTRIP_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(full_report())
def test_full_report_round_trip(report: model.FullReport) -> None:
    back, markdown = _read_back(report)
    assert _expected(back) == _expected(report)
    assert render(back) == markdown


@SETTINGS
@given(preliminary_report())
def test_preliminary_report_round_trip(report: model.PreliminaryReport) -> None:
    back, markdown = _read_back(report)
    assert _expected(back) == _expected(report)
    assert render(back) == markdown


@SETTINGS
@given(closure_report())
def test_closure_report_round_trip(report: model.ClosureReport) -> None:
    back, markdown = _read_back(report)
    assert _expected(back) == _expected(report)
    assert render(back) == markdown


def test_a_later_paragraph_that_starts_like_a_factor_title_stays_in_its_field(repo) -> None:
    """Found by the property above: a field's second paragraph reading "Root cause 7 …" was taken
    for the title of a new contributing factor, which emptied the real factor's fields."""
    from incident_kit.sources.yaml import load_draft

    draft = load_draft(repo / "examples" / "profile-misissuance-full.yaml")
    first = draft.root_causes[0]
    first.methodology = "5-Whys\n\nRoot cause 7 was one of the questions we asked"
    back, _ = _read_back(draft)
    assert len(back.root_causes) == len(draft.root_causes)
    assert back.root_causes[0].methodology == normalize_text(first.methodology)
