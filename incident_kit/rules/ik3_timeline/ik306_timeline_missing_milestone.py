"""IK306 timeline-missing-milestone."""

from __future__ import annotations

from typing import Iterable

from incident_kit.document import F_NC_END, F_NC_IDENTIFIED, F_NC_START, KIND_FULL, KIND_IRG2, SEC_TIMELINE, Document
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import (
    C_TIMELINE,
    C_TIMELINE_2,
    PLANNED,
    _citations_for,
    _first_with,
    _timeline_line,
    has_milestone,
    is_delay_incident,
    is_planned,
)
from incident_kit.text.concepts import mentioned, lexicon


_MILESTONE_WORDS = {
    "start": ("when the incident began", "e.g. \u201cfirst affected certificate issued\u201d"),
    "aware": ("when the CA became aware of it", "e.g. \u201cproblem report received\u201d or \u201cmonitoring alert fired\u201d"),
    "end": ("when the incident ended", "e.g. \u201clast affected certificate revoked\u201d or \u201cfix deployed\u201d"),
}
_ONGOING = lexicon("ongoing")


def _incident_ongoing(doc: Document, ctx: Context) -> bool:
    """Whether the report says the incident has not ended, so no end entry can exist yet: the
    non-compliance end date says ongoing or expected, gives no readable date ("Q1 2026"), or a
    date after the report's date; or a timeline entry gives a planned end."""
    from incident_kit.text.timestamps import find_time

    end = doc.field(F_NC_END)
    if end is not None and not end.is_empty and not end.is_na:
        if mentioned(end.raw, _ONGOING, negated=None) or mentioned(end.raw, PLANNED, negated=None):
            return True
        found = find_time(end.raw, anywhere=True)
        as_of = ctx.effective_date(doc)
        if found is None or found[0].value is None:
            return True
        if as_of is not None and found[0].value.date() > as_of:
            return True
    return any(is_planned(e) and has_milestone(e, "end") for e in doc.timeline)


def _start_by_change_or_report(doc: Document, delay: bool) -> bool:
    """Whether the timeline shows the start in another way: a change listed before the discovery
    (the change that made things non-compliant is where the incident began), or, for a delay
    incident, the problem report (its clock starts there)."""
    aware = _first_with(doc, "aware")
    if aware is None:
        return False
    return delay or any(has_milestone(e, "change") for e in doc.timeline[:aware])


def _timeline_closed(doc: Document) -> bool:
    """Whether the timeline visibly ends: another section follows it (or the report is a draft,
    whose timeline is a list)."""
    sec = doc.section(SEC_TIMELINE) or doc.section("topic2")
    if sec is None:
        return True
    return any(other.line > sec.line for other in doc.sections)


_SUMMARY_FIELD = {"start": F_NC_START, "aware": F_NC_IDENTIFIED, "end": F_NC_END}


def _summary_points_at_entry(doc: Document, milestone: str) -> bool:
    """Whether the Timeline summary dates this milestone to the moment of a timeline entry: the
    report then says which entry it is (an entry at the same minute, or on the same day when the
    summary gives only a date)."""
    from incident_kit.text.timestamps import find_time

    key = _SUMMARY_FIELD.get(milestone)
    value = doc.field(key) if key else None
    if value is None or not value.raw.strip():
        return False
    found = find_time(value.raw, anywhere=True)
    if found is None or found[0].value is None:
        return False
    tv = found[0]
    for entry in doc.timeline:
        when = entry.when
        if when is None or when.value is None:
            continue
        if tv.has_time and when.has_time and tv.value.tzinfo is not None and when.value.tzinfo is not None:
            if abs((tv.value - when.value).total_seconds()) < 60:
                return True
        elif tv.value.date() == when.value.date():
            return True
    return False


@rule(
    code="IK306",
    name="timeline-missing-milestone",
    severity=WARNING,
    summary="The timeline shows when the incident began, when the CA became aware, and when it ended.",
    citations=(C_TIMELINE, C_TIMELINE_2),
    kinds=(KIND_FULL, KIND_IRG2),
)
def timeline_missing_milestone(doc: Document, ctx: Context) -> Iterable[Hit]:
    """The timeline has no entry for the start, the discovery or the end of the incident.

    Why: IRG 3.2 §Timeline lists these among the expected timeline elements; IRG 2.0 says the
    timeline must indicate them. They are recognised from what each entry says ("detected",
    "became aware", "received a report", "was notified"; "first certificate issued", "deadline
    passed"; "last certificate revoked", "fix deployed", "issuance resumed", "incident resolved")
    or from draft tags (``start``, ``aware``, ``end``). Because this recognition reads free text, a
    missing milestone is a warning, not an error, even under IRG 2.0's "must".

    Fires: one finding per missing milestone, at the timeline heading.

    Stays quiet: milestones said in other words that still carry the meaning ("the alert was
    triggered", "all 44 certificates revoked"); a milestone whose Timeline summary date is the
    moment of a timeline entry (the report itself says which entry it is); an end that has not
    happened yet when the report says the incident is ongoing or gives an expected end; denied
    mentions do not count ("no alert fired" is not a discovery); a delay incident (late
    revocation, a late notice) whose timeline shows the problem report: its clock starts there; a
    timeline that runs to the end of the text (no section after it): what is captured or posted
    may be cut inside it, so only the start is judged there, and only once the discovery is
    shown (entries run in time order, so a start missing before the discovery stays missing).
    """
    if not doc.timeline:
        return
    closed = _timeline_closed(doc)
    line = _timeline_line(doc)
    delay = is_delay_incident(doc)
    for milestone, (what, example) in _MILESTONE_WORDS.items():
        if _first_with(doc, milestone) is not None:
            continue
        if not closed and (milestone != "start" or _first_with(doc, "aware") is None):
            continue
        if milestone == "start" and _start_by_change_or_report(doc, delay):
            continue
        if milestone == "end" and _incident_ongoing(doc, ctx):
            continue
        if _summary_points_at_entry(doc, milestone):
            continue
        yield Hit(
            f"no timeline entry shows {what}",
            line=line,
            suggestion=f"add a dated entry for it, {example}",
            citations=_citations_for(doc),
        )
