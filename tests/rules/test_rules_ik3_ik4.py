"""IK3 (timeline) and IK4 (root cause analysis): tricky phrasings through the real reader and
engine, hand-built Documents for draft tags and time arithmetic, and a precision check over the
shared sample reports when they are available."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

import pytest

from incident_kit.document import BugMeta, ContributingFactorBlock, Document, Located, Section, TimelineEntry, TimeValue
from incident_kit.lint.engine import lint_document, lint_text
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Finding, all_rules
from incident_kit.text import timestamps as ik3
from incident_kit.rules.ik4_root_cause import _common as ik4

from conftest import SHARED_MISSING, shared_dir

CODES = [f"IK30{i}" for i in range(1, 9)] + [f"IK40{i}" for i in range(1, 7)]


def lint(text: str, code: str, *, kind: str = "full", as_of: Optional[date] = None, whiteboard: Optional[str] = None) -> list[Finding]:
    """The unsuppressed findings of one rule on a report text, through the reader and the engine."""
    result = lint_text(text, "t.md", kind=kind, as_of=as_of, whiteboard=whiteboard, select=[code])
    assert not [f for f in result.findings if f.code == "IK009"], result.findings
    return [f for f in result.findings if f.code == code and not f.suppressed]


def timeline(*entries: str, preamble: str = "") -> str:
    body = "\n".join(f"- {e}" for e in entries)
    return f"## Full Incident Report\n\n### Timeline\n\n{preamble}{body}\n"


def rca(*factors: dict[str, str], description: str = "") -> str:
    """A Full report with an incident description and contributing factors (label → value)."""
    out = ["## Full Incident Report", "", "### Summary", "", f"- **Incident description:** {description or 'N/A'}", "",
           "### Root Cause Analysis", ""]
    labels = {"description": "Description", "timeline": "Timeline", "detection": "Detection",
              "interaction": "Interaction with other factors", "methodology": "Root Cause Analysis methodology used"}
    for n, factor in enumerate(factors, 1):
        out.append(f"**Contributing Factor #{n}: {factor.get('title', 'Factor')}**")
        for key, label in labels.items():
            if key in factor:
                out.append(f"- **{label}:** {factor[key]}")
        out.append("")
    return "\n".join(out)


def factor(**fields: str) -> dict[str, str]:
    base = {"description": "A condition.", "timeline": "Since 2023.", "detection": "No alert covered it, so nothing fired.",
            "interaction": "N/A", "methodology": "5-Whys"}
    base.update(fields)
    return base


# --- metadata -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_rule_metadata(code: str) -> None:
    r = all_rules()[code]
    assert r.citations and r.doc
    for part in ("Why", "Fires", "Stays quiet"):
        assert part in r.doc, (code, part)
    cases = Path(__file__).parent.parent / "rules" / code
    names = [p.name for p in cases.iterdir()]
    assert any(n.startswith("fire-") for n in names) and any(n.startswith("quiet-") for n in names)


def test_severities_follow_the_rfc2119_words() -> None:
    rules = all_rules()
    assert rules["IK303"].severity is ERROR  # IRG 3.x: times MUST be UTC or carry an offset
    assert rules["IK302"].severity is WARNING  # SHOULD be minute-level
    assert rules["IK307"].severity is ERROR  # required for revocation-delay
    assert rules["IK401"].severity is WARNING
    assert rules["IK404"].severity is NOTICE  # optional but recommended


# --- IK301 - IK303: single entries ----------------------------------------------------------


def test_unreadable_date_is_reported_with_its_text() -> None:
    found = lint(timeline("2025-01-10 10:00 UTC – Change deployed.", "Q1 2026 – Revocation of the rest."), "IK301")
    assert len(found) == 1 and found[0].line == 6


def test_date_only_entries_are_summarised_when_habitual() -> None:
    text = timeline(*(f"2025-01-{d:02d} – Event {d}." for d in range(10, 16)))
    found = lint(text, "IK302")
    assert len(found) == 1
    assert "6 of 6" in found[0].message and found[0].line == 5


def test_hour_only_precision_is_not_minute_level() -> None:
    found = lint(timeline("2025-01-10 14:00 UTC – Change deployed.", "March 2025 – Review began."), "IK302")
    assert [f.line for f in found] == [6]


def phrase_zone_declaration_before_entries_covers_them(preamble: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK303/phrases.toml.
    text = timeline("2025-01-10 10:00 – Change deployed.", "2025-01-11 09:30 – Alert fired.", preamble=preamble)
    assert lint(text, "IK303") == []


def test_zone_declared_in_heading_covers_entries() -> None:
    text = "## Full Incident Report\n\n### Timeline (all times UTC)\n\n- 2025-01-10 10:00 – Change deployed.\n"
    assert lint(text, "IK303") == []


def test_missing_zone_is_a_warning_under_irg2_and_notice_for_legacy() -> None:
    irg2 = "## Incident Report\n\n### Timeline\n\n- 2024-01-10 10:00 – Change deployed.\n"
    found = lint(irg2, "IK303", kind="irg2")
    assert [f.severity for f in found] == [WARNING]
    assert "IRG 2.0 §Timeline" in found[0].citations
    legacy = "**Example CA: thing**\n\n**2. Timeline**\n\n- 2021-05-03 08:00 – Problem report received.\n"
    assert [f.severity for f in lint(legacy, "IK303", kind="legacy")] == [NOTICE]


def test_date_only_entry_is_not_a_missing_zone() -> None:
    assert lint(timeline("2025-01-10 – Change deployed."), "IK303") == []


# --- IK304: order ---------------------------------------------------------------------------


def test_order_is_compared_in_utc() -> None:
    # 23:30 UTC on the 10th is after 01:00+02:00 on the 11th (23:00 UTC on the 10th).
    text = timeline("2025-01-11 01:00 +02:00 – Change deployed.", "2025-01-10 23:30 UTC – Alert fired.")
    assert lint(text, "IK304") == []
    swapped = timeline("2025-01-10 23:30 UTC – Alert fired.", "2025-01-11 00:30 +02:00 – Change deployed.")
    assert [f.line for f in lint(swapped, "IK304")] == [6]


def test_unzoned_times_within_the_world_zone_span_are_not_ordered() -> None:
    text = timeline("2025-01-10 20:00 – Local event.", "2025-01-10 12:00 UTC – UTC event.")
    assert lint(text, "IK304") == []


def test_newest_first_timeline_gets_one_finding() -> None:
    text = timeline(*(f"2025-01-{d:02d} 10:00 UTC – Event {d}." for d in (15, 14, 12, 11)))
    found = lint(text, "IK304")
    assert len(found) == 1 and "newest-first" in found[0].message


def _tv(value: datetime, *, has_time: bool = True, has_zone: bool = True, precision: str = "minute") -> TimeValue:
    return TimeValue(raw=str(value), value=value, has_time=has_time, has_zone=has_zone, precision=precision)


def test_interval_widths() -> None:
    utc = datetime(2025, 1, 10, 10, 0, tzinfo=timezone.utc)
    iv = ik3.interval(_tv(utc))
    assert iv is not None and iv.hi - iv.lo == timedelta(minutes=1)
    day = ik3.interval(_tv(utc, has_time=False, precision="day"))
    assert day is not None and day.lo == datetime(2025, 1, 10, tzinfo=timezone.utc) and day.hi - day.lo == timedelta(days=1)
    naive = ik3.interval(_tv(datetime(2025, 1, 10, 10, 0), has_zone=False))
    assert naive is not None and naive.hi - naive.lo == timedelta(hours=26, minutes=1)
    assert ik3.interval(TimeValue(raw="05/03/2025", value=utc, ambiguous=True)) is None


# --- IK305 - IK306: milestones --------------------------------------------------------------


def phrase_awareness_recognised_in_other_words(entry: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK306/phrases.toml.
    text = timeline("2025-01-20 10:00 UTC – Profile change deployed.", "2025-01-21 10:00 UTC – First affected certificate issued.",
                    entry, "2025-02-04 10:00 UTC – All affected certificates revoked.")
    assert lint(text, "IK306") == []


def phrase_denied_or_outbound_notices_are_not_awareness(entry: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK306/phrases.toml.
    # A section after the timeline: the timeline visibly ends, so a missing discovery is judged.
    text = timeline("2025-01-20 10:00 UTC – Profile change deployed.", "2025-01-21 10:00 UTC – First affected certificate issued.",
                    entry, "2025-02-04 10:00 UTC – All affected certificates revoked.") + "\n### Root Cause Analysis\n\nA gap.\n"
    found = lint(text, "IK306")
    assert [f.message for f in found] == ["no timeline entry shows when the CA became aware of it"]


def test_draft_tags_mark_milestones() -> None:
    doc = Document(path="d.yaml", text="", kind="full", origin="yaml")
    when = _tv(datetime(2025, 1, 10, 10, 0, tzinfo=timezone.utc))
    doc.timeline = [
        TimelineEntry(raw="a", line=3, when=when, text="Configuration edited.", tags=["change"]),
        TimelineEntry(raw="b", line=4, when=when, text="Event one.", tags=["start"]),
        TimelineEntry(raw="c", line=5, when=when, text="Event two.", tags=["aware"]),
        TimelineEntry(raw="d", line=6, when=when, text="Event three.", tags=["end"]),
    ]
    result = lint_document(doc, Context(), select=["IK305", "IK306"])
    assert [f for f in result.findings if not f.suppressed] == []
    doc.timeline = doc.timeline[1:]
    result = lint_document(doc, Context(), select=["IK305"])
    assert [f.line for f in result.findings] == [4]


def test_prior_event_dated_before_but_listed_after_counts() -> None:
    text = timeline("2025-02-03 08:00 UTC – Alert fired for bad OIDs.", "2025-01-20 10:00 UTC – Template edited (listed late).")
    assert lint(text, "IK305") == []


def test_legacy_missing_prior_event_is_a_notice() -> None:
    text = "**Example CA: thing**\n\n**2. Timeline**\n\n- 2021-05-03 08:00 UTC – Problem report received.\n- 2021-05-04 09:00 UTC – All certificates revoked.\n"
    found = lint(text, "IK305", kind="legacy")
    assert [f.severity for f in found] == [NOTICE]


# --- IK307 - IK308: revocation and the future -----------------------------------------------

DELAY = "[leaf-revocation-delay]"


def test_revocation_deadline_is_not_an_expected_completion() -> None:
    text = timeline("2025-03-01 10:00 UTC – Validation rule edited.", "2025-03-05 10:00 UTC – Misissuance detected.",
                    "2025-03-05 12:00 UTC – Revocation due by 2025-03-10 10:00 UTC.")
    found = lint(text, "IK307", as_of=date(2025, 3, 12), whiteboard=DELAY)
    assert len(found) == 1 and "expects to complete" in found[0].message


def test_expected_completion_in_the_future_is_enough() -> None:
    text = timeline("2025-03-01 10:00 UTC – Validation rule edited.", "2025-03-05 10:00 UTC – Misissuance detected.",
                    "2025-04-01 12:00 UTC – Revocation of the last 5 certificates is expected to be complete.")
    assert lint(text, "IK307", as_of=date(2025, 3, 12), whiteboard=DELAY) == []
    assert lint(text, "IK308", as_of=date(2025, 3, 12)) == []


def test_whiteboard_without_delay_tag_does_not_apply() -> None:
    text = timeline("2025-03-05 10:00 UTC – Misissuance detected.")
    assert lint(text, "IK307", as_of=date(2025, 3, 12), whiteboard="[ca-compliance]") == []


def test_posting_day_in_any_zone_is_not_the_future() -> None:
    text = timeline("2025-03-12 23:59 -11:00 – Fix deployed.")  # 2025-03-13 10:59 UTC
    assert lint(text, "IK308", as_of=date(2025, 3, 12)) == []
    later = timeline("2025-03-14 08:00 UTC – Fix deployed.")
    assert [f.line for f in lint(later, "IK308", as_of=date(2025, 3, 12))] == [5]


def test_future_rule_needs_a_report_date() -> None:
    assert lint(timeline("2099-01-01 08:00 UTC – Fix deployed."), "IK308") == []


# --- IK401: human error -----------------------------------------------------------------------


def phrase_human_error_with_system_cause_or_denied_stays_quiet(text: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK401/phrases.toml.
    doc = rca(factor(description=text))
    assert lint(doc, "IK401") == []


def phrase_human_error_alone_fires(text: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK401/phrases.toml.
    found = lint(rca(factor(description=text, detection="Found in a sample review.")), "IK401")
    assert len(found) == 1
    assert "no system or process cause" in found[0].message


# --- IK402: detection -------------------------------------------------------------------------


def phrase_detection_explaining_the_escape_stays_quiet(detection: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK402/phrases.toml.
    assert lint(rca(factor(detection=detection)), "IK402") == []


def phrase_detection_saying_only_how_it_was_found_fires(detection: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK402/phrases.toml.
    assert len(lint(rca(factor(detection=detection)), "IK402")) == 1


def test_explains_escape_helper() -> None:
    assert ik4.explains_escape("It stayed hidden while every profile reused the old path.")
    assert not ik4.explains_escape("Found during the annual audit.")


# --- IK403 - IK404: fields --------------------------------------------------------------------


def test_each_missing_factor_field_is_reported() -> None:
    f = factor()
    del f["timeline"], f["interaction"]
    found = lint(rca(f), "IK403")
    assert sorted(m.message.split("\u201c")[1].split("\u201d")[0] for m in found) == ["Interaction with other factors", "Timeline"]


def test_methodology_absent_is_a_notice_and_named_method_is_quiet() -> None:
    f = factor()
    del f["methodology"]
    assert [m.severity for m in lint(rca(f), "IK404")] == [NOTICE]
    assert lint(rca(factor(methodology="Ishikawa diagram")), "IK404") == []


# --- IK405: restatement -----------------------------------------------------------------------

INCIDENT = "We issued 40 S/MIME certificates whose email address in the subject was not validated."


def test_restated_incident_fires_and_explained_one_stays_quiet() -> None:
    restated = factor(description="40 S/MIME certificates were issued with an email address in the subject that was not validated.")
    assert len(lint(rca(restated, description=INCIDENT), "IK405")) == 1
    explained = factor(description="The email address in the subject was not validated because the import job skipped the validation queue.")
    assert lint(rca(explained, description=INCIDENT), "IK405") == []
    different = factor(description="The account import job bypassed the validation queue for addresses added by administrators.")
    assert lint(rca(different, description=INCIDENT), "IK405") == []


# --- IK406: delayed revocation ------------------------------------------------------------------


def test_delay_factor_required_only_for_delay_bugs() -> None:
    text = rca(factor(description="The locality came from a cached registry extract."))
    assert len(lint(text, "IK406", whiteboard=DELAY)) == 1
    assert lint(text, "IK406", whiteboard="[ca-compliance]") == []
    with_delay = rca(factor(description="The locality came from a cached registry extract."),
                     factor(description="The subscriber could not replace its certificates within five days."))
    assert lint(with_delay, "IK406", whiteboard=DELAY) == []


# --- hand-built Document: no reader involved ----------------------------------------------------


def test_factor_rules_on_a_hand_built_document() -> None:
    doc = Document(path="d.md", text="x\n" * 20, kind="full")
    doc.sections = [Section(key="root_cause_analysis", title="Root Cause Analysis", line=2, end_line=12, text="...")]
    doc.factors = [ContributingFactorBlock(number=1, title="Oversight", line=3, fields={
        "description": Located("The reviewer overlooked it.", 4),
        "detection": Located("N/A", 5),
    })]
    doc.bug = BugMeta(whiteboard=["leaf-revocation-delay"])
    codes = {f.code for f in lint_document(doc, Context(), select=["IK4"]).findings if f.code != "IK009"}
    assert {"IK402", "IK403", "IK404", "IK406"} <= codes


# --- shared samples -----------------------------------------------------------------------------

SAMPLE_DATES = {"01": "2019-09-04", "02": "2021-06-18", "03": "2022-04-08", "04": "2024-07-19", "05": "2025-10-03",
                "06": "2026-02-20", "07": "2025-11-26", "08": "2025-07-02", "09": "2025-07-10", "10": "2026-05-19"}
EXPECTED = {
    "01": {"IK302", "IK401", "IK402"},  # dates in words without times; "human error"
    "02": set(),  # PDT declared once in the heading: not a missing zone
    "03": set(),  # day-first dates read in order
    "07": {"IK303", "IK307", "IK406"},  # two unzoned entries; no expected completion; RCA ignores the delay
    "08": {"IK302", "IK401"},  # dates without times; "oversight"
    "09": {"IK302"},  # dates without times
}
GOOD = ("04", "05", "06", "10")


def _sample_findings(number: str) -> list[Finding]:
    root = shared_dir()
    assert root is not None
    (path,) = (root / "samples").glob(f"{number}_*.md")
    whiteboard = "[ca-compliance] [leaf-revocation-delay]" if number == "07" else None
    result = lint_text(path.read_text(encoding="utf-8"), path.name, as_of=date.fromisoformat(SAMPLE_DATES[number]),
                       whiteboard=whiteboard, select=["IK3", "IK4"])
    return [f for f in result.findings if not f.suppressed]


@pytest.mark.skipif(shared_dir() is None, reason=SHARED_MISSING)
@pytest.mark.parametrize("number", GOOD)
def test_good_samples_get_no_warning_or_error(number: str) -> None:
    found = _sample_findings(number)
    assert [f for f in found if f.severity in (ERROR, WARNING)] == []


@pytest.mark.skipif(shared_dir() is None, reason=SHARED_MISSING)
@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_flawed_samples_get_the_named_findings(number: str) -> None:
    found = _sample_findings(number)
    codes = {f.code for f in found}
    assert EXPECTED[number] <= codes, [(f.code, f.message) for f in found]
    if number == "07":
        assert len([f for f in found if f.code == "IK303"]) == 2
    if number in ("02", "03"):
        assert not {"IK303", "IK304"} & codes
