"""The shipped examples (examples/): every draft validates, every committed render is what the
renderer produces today, the seed's posted legacy text keeps the flaws examples/README.md says it
has, and the facts inside each example agree with each other (dates, counts, mappings)."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import TypeAdapter
from ruamel.yaml import YAML

from incident_kit.model import (
    NA,
    ActionKind,
    ActionStatus,
    ClosureReport,
    FullReport,
    IsRevoked,
    PreliminaryReport,
    Report,
    TimelineTag,
)

from conftest import REPO

EXAMPLES = REPO / "examples"
DRAFTS = sorted(EXAMPLES.glob("*.yaml"))
LEGACY_SEED = EXAMPLES / "seed-legacy-intermediate-disclosure.md"
SEED_FULL = EXAMPLES / "seed-irg32-full-intermediate-disclosure.yaml"
DELAYED = EXAMPLES / "delayed-revocation-full.yaml"
PROFILE = {k: EXAMPLES / f"profile-misissuance-{k}.yaml" for k in ("preliminary", "full", "closure")}

UTC = timezone.utc
ids = [p.name for p in DRAFTS]


def _validate(path: Path):
    """Validate a draft against the model without the draft loader: plain safe YAML + pydantic."""
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return TypeAdapter(Report).validate_python(data)


def _kind(path: Path):
    """The draft's kind, read without validation (so a broken draft fails its test, not collection)."""
    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except Exception:
        return None
    return data.get("kind") if isinstance(data, dict) else None


FULL_DRAFTS = [p for p in DRAFTS if _kind(p) == "full"]


def _optional(module: str, attr: str):
    """The function ``attr`` of a module another part of the project provides, or skip."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        pytest.skip(f"{module} is not written yet")
    if not hasattr(mod, attr):
        pytest.skip(f"{module}.{attr} is not written yet")
    return getattr(mod, attr)


def _tagged(report, tag: TimelineTag):
    return [e for e in report.timeline if tag in e.tags]


def _one(report, tag: TimelineTag):
    events = _tagged(report, tag)
    assert len(events) == 1, f"expected one timeline event tagged {tag.value}, found {len(events)}"
    return events[0].at


# --------------------------------------------------------------------------------------------
# Every draft
# --------------------------------------------------------------------------------------------


def test_examples_cover_the_report_lifecycle():
    kinds = {_validate(p).kind for p in DRAFTS}
    assert {"preliminary", "full", "closure"} <= kinds
    assert len(FULL_DRAFTS) >= 3


@pytest.mark.parametrize("path", DRAFTS, ids=ids)
def test_draft_validates_against_the_model(path):
    _validate(path)


@pytest.mark.parametrize("path", DRAFTS, ids=ids)
def test_draft_loads_with_the_draft_loader(path):
    load_draft = _optional("incident_kit.sources.yaml", "load_draft")
    assert load_draft(path) == _validate(path)


@pytest.mark.parametrize("path", DRAFTS, ids=ids)
def test_committed_render_equals_a_fresh_render(path):
    load_draft = _optional("incident_kit.sources.yaml", "load_draft")
    render = _optional("incident_kit.drafting.render", "render")
    md = path.with_suffix(".md")
    assert md.is_file(), f"{md.name} is missing: run incident-kit render examples/{path.name} -o examples/{md.name}"
    fresh = render(load_draft(path))
    assert md.read_bytes().decode("utf-8") == fresh, (
        f"{md.name} is stale: run incident-kit render examples/{path.name} -o examples/{md.name} --force"
    )


@pytest.mark.parametrize("path", DRAFTS, ids=ids)
def test_render_command_writes_the_committed_file(path, tmp_path):
    out = tmp_path / "report.md"
    proc = subprocess.run(
        [sys.executable, "-m", "incident_kit", "render", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    if proc.returncode != 0 and "No such command" in proc.stderr:
        pytest.skip("the render command is not written yet")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_bytes() == path.with_suffix(".md").read_bytes()


@pytest.mark.parametrize("path", FULL_DRAFTS, ids=lambda p: p.name)
def test_timeline_is_chronological(path):
    report = _validate(path)
    times = [e.at.astimezone(UTC) for e in report.timeline]
    assert times == sorted(times)


@pytest.mark.parametrize("path", FULL_DRAFTS, ids=lambda p: p.name)
def test_full_report_mappings_are_complete(path):
    report = _validate(path)
    covered = {rc for item in report.action_items for rc in item.root_causes}
    assert covered == {f.id for f in report.root_causes}, "every contributing factor needs an action item"
    lessons = report.lessons_learned
    for name in ("didnt_go_well", "additional"):
        items = getattr(lessons, name)
        if items != NA:
            assert all(lesson.action_items for lesson in items), f"every {name} lesson needs an action item"
    kinds = {item.kind for item in report.action_items}
    assert ActionKind.PREVENT in kinds
    # A change that led to the incident is on the timeline before it starts.
    start = _one(report, TimelineTag.START)
    assert any(e.at < start for e in _tagged(report, TimelineTag.CHANGE))


@pytest.mark.parametrize("path", FULL_DRAFTS, ids=lambda p: p.name)
def test_impact_counts_match_the_appendix(path):
    """Every example lists its whole corpus, so the counts can be checked against the rows."""
    report = _validate(path)
    rows = report.appendix.certificates
    if report.impact.total_certificates == NA:  # an incident without affected certificates lists none
        assert rows == [] and report.impact.remaining_valid == NA
        return
    assert report.impact.total_certificates == len(rows)
    revoked = [r for r in rows if r.is_revoked == IsRevoked.YES]
    assert report.impact.remaining_valid == len(rows) - len(revoked)
    for r in revoked:
        assert r.revocation_date != NA and r.not_before < r.revocation_date < r.not_after


def test_examples_readme_describes_every_example():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in sorted(EXAMPLES.iterdir()):
        if path.name != "README.md":
            assert path.stem in readme, f"examples/README.md does not mention {path.name}"


def test_examples_name_no_machine_paths():
    for path in sorted(EXAMPLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])/(?:work|home|Users|root|tmp)/", text), path.name


# --------------------------------------------------------------------------------------------
# The seed as posted (legacy 7-topic text)
# --------------------------------------------------------------------------------------------


def _legacy_topics() -> dict[int, str]:
    """Topic number -> its body, for lines that open a topic ("1. How we first became aware ...")."""
    topics: dict[int, list[str]] = {}
    current = None
    for line in LEGACY_SEED.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*(?:\*\*)?([1-7])\.\s+\S", line)
        if m:
            current = int(m.group(1))
            assert current not in topics, f"topic {current} appears twice"
            topics[current] = []
        elif current is not None:
            topics[current].append(line)
    return {n: "\n".join(body).strip() for n, body in topics.items()}


def test_legacy_seed_answers_only_topics_1_2_6_7():
    topics = _legacy_topics()
    assert sorted(topics) == [1, 2, 6, 7]
    assert all(topics.values()), "every topic present has an answer"


def test_legacy_seed_timeline_has_dates_as_written_without_times_or_zones():
    entries = [line for line in _legacy_topics()[2].splitlines() if line.strip()]
    assert len(entries) >= 4
    zone = re.compile(r"\b(?:UTC|GMT|Z|CES?T|P[DS]T|[+-]\d{2}:?\d{2})\b")
    for entry in entries:
        assert re.match(r"^(?:\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2}(?:st|nd|rd|th)):", entry), entry
        assert not re.search(r"\b\d{1,2}:\d{2}\b", entry), f"no time of day expected: {entry}"
        assert not zone.search(entry), f"no zone expected: {entry}"
    written = " ".join(entries)
    assert "2018-06-29" in written and "2018-07-31" in written and "July 30th" in written


def test_legacy_seed_keeps_its_people_only_cause_and_undated_remedies():
    topics = _legacy_topics()
    assert "backup" in topics[6] and "at the same time" in topics[6]
    remedies = [line for line in topics[7].splitlines() if line.startswith("- ")]
    assert any("third person" in r for r in remedies)
    assert any("deliver" in r and "until it is disclosed" in r for r in remedies)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", topics[7]), "the posted remedies carry no dates"


def test_legacy_seed_tells_the_same_facts_as_the_corrected_report():
    seed = _validate(SEED_FULL)
    created = {e.at.date() for e in _tagged(seed, TimelineTag.CREATED)}
    disclosed = {e.at.date() for e in _tagged(seed, TimelineTag.DISCLOSED)}
    timeline = _legacy_topics()[2]
    for day in sorted(created | disclosed):
        assert day.isoformat() in timeline


# --------------------------------------------------------------------------------------------
# The seed, corrected (IRG 3.2 Full)
# --------------------------------------------------------------------------------------------


def test_seed_full_keeps_the_facts_of_the_bug():
    seed = _validate(SEED_FULL)
    assert isinstance(seed, FullReport)
    assert seed.bug.bug_id == 1455147
    created = sorted(e.at for e in _tagged(seed, TimelineTag.CREATED))
    assert created == [
        datetime(2018, 6, 29, 10, 27, 17, tzinfo=UTC),
        datetime(2018, 7, 3, 12, 1, 18, tzinfo=UTC),
    ]
    # Mozilla's comment: 2018-07-30 16:31 PDT (UTC-7).
    aware = _one(seed, TimelineTag.AWARE)
    assert aware == datetime(2018, 7, 30, 16, 31, tzinfo=timezone(timedelta(hours=-7)))
    disclosed = _one(seed, TimelineTag.DISCLOSED)
    assert disclosed.date().isoformat() == "2018-07-31"
    assert (disclosed.date() - created[0].date()).days == 32
    # The non-compliance starts when the one-week limit of the first certificate passes ...
    assert _one(seed, TimelineTag.START) == created[0].replace(second=0) + timedelta(days=7)
    # ... and ends at the disclosure, 25 days past the limit.
    assert _one(seed, TimelineTag.END) == disclosed
    assert (disclosed.date() - (created[0] + timedelta(days=7)).date()).days == 25
    assert _tagged(seed, TimelineTag.REQUIREMENT_EFFECTIVE)


def test_seed_full_is_honest_about_what_it_reconstructs():
    seed = _validate(SEED_FULL)
    disclosed = [e for e in seed.timeline if TimelineTag.DISCLOSED in e.tags][0]
    assert "reconstructed" in disclosed.text
    assert "illustrative" in seed.appendix.text
    assert seed.related_incidents == NA  # no invented bug numbers for a real CA Owner


def test_seed_full_cites_the_policy_versions_in_force_in_2018():
    policies = _validate(SEED_FULL).summary.relevant_policies
    assert re.search(r"Mozilla Root Store Policy v2\.5, section 5\.3\.2", policies)
    assert re.search(r"v2\.6, section 5\.3\.2", policies)


def test_seed_full_remedies_act_on_creation_not_delivery():
    seed = _validate(SEED_FULL)
    kinds = {item.kind for item in seed.action_items}
    assert kinds == {ActionKind.PREVENT, ActionKind.DETECT, ActionKind.MITIGATE}
    texts = [item.description.lower() for item in seed.action_items]
    assert any("ceremony" in t and "ccadb record" in t for t in texts)
    assert any("reconciliation" in t and "day 2" in t for t in texts)
    assert any("queue" in t for t in texts)
    # No action item offers holding back delivery as the control.
    assert not any(t.startswith("do not deliver") or t.startswith("not deliver") for t in texts)


# --------------------------------------------------------------------------------------------
# Delayed revocation
# --------------------------------------------------------------------------------------------


def test_delayed_revocation_has_what_the_irg_requires_of_a_delay():
    report = _validate(DELAYED)
    assert report.bug.revocation_delay
    assert report.impact.analysis != NA
    aware = _one(report, TimelineTag.AWARE)
    deadline = aware + timedelta(days=5)  # TLS BR 4.9.1.1, second list
    completed = _one(report, TimelineTag.REVOCATION_COMPLETED)
    expected = _one(report, TimelineTag.REVOCATION_EXPECTED)
    assert completed > deadline, "a delayed-revocation example must actually be late"
    assert completed <= expected
    assert completed - deadline == timedelta(days=5, hours=6, minutes=50)
    for row in report.appendix.certificates:
        assert row.is_revoked == IsRevoked.YES and row.revocation_date == completed
    # Action items that reduce future delays, not only finish this one.
    assert len({item.kind for item in report.action_items}) == 3
    assert any(item.status == ActionStatus.ONGOING for item in report.action_items)
    # The delay was announced before the deadline, and the full report within 14 days of that.
    posted = _one(report, TimelineTag.REPORT_POSTED)
    assert posted < deadline
    assert report.bug.posted - posted <= timedelta(days=14)


# --------------------------------------------------------------------------------------------
# Profile misissuance: one bug, three reports
# --------------------------------------------------------------------------------------------


def test_profile_misissuance_lifecycle_is_consistent():
    prelim, full, closure = (_validate(PROFILE[k]) for k in ("preliminary", "full", "closure"))
    assert isinstance(prelim, PreliminaryReport)
    assert isinstance(full, FullReport)
    assert isinstance(closure, ClosureReport)
    assert prelim.bug.bug_id == full.bug.bug_id == closure.bug.bug_id
    assert prelim.bug.title == full.bug.title == closure.bug.title

    aware = _one(full, TimelineTag.AWARE)
    assert prelim.bug.posted - aware <= timedelta(hours=72)
    assert _one(full, TimelineTag.REPORT_POSTED) == prelim.bug.posted
    assert full.bug.posted - prelim.bug.posted <= timedelta(days=14)
    assert closure.bug.posted > full.bug.posted

    # Revoked within the 5 days of TLS BR 4.9.1.1.
    assert _one(full, TimelineTag.REVOCATION_COMPLETED) - aware < timedelta(days=5)
    # The preliminary report states the then-known impact and the containment.
    assert f"{full.impact.total_certificates} certificates" in prelim.summary.incident_description
    assert "contained" in prelim.summary.incident_description

    # The closure closes the full report's action items, all complete, due dates before closure.
    assert [a.description for a in closure.action_items] == [a.description for a in full.action_items]
    assert all(a.status == ActionStatus.COMPLETE for a in closure.action_items)
    assert all(a.due_date <= closure.bug.posted.date() for a in closure.action_items)
