"""IK3: the timeline.

The IRG asks for a detailed, time-stamped timeline of everything that led up to the incident and
happened during and after it (IRG 3.2 §Timeline; IRG 2.0 §Timeline, item 3 of the instructions;
the legacy 7-topic list, item 2: a "date-and-time-stamped" sequence). These rules read the
timeline entries the reader found (:attr:`Document.timeline`), whose timestamps were parsed by
:mod:`incident_kit.text.timestamps` (zones from its fixed table, never the machine's).

Severities follow the generation's own words: IRG 3.x says times MUST be in UTC or carry an
offset and SHOULD be minute-level; IRG 2.0 says both with "should"; the legacy list asks for the
topics with "should" and says nothing of zones.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Iterable, Iterator, Optional, Sequence

from incident_kit.document import (
    F_NC_END,
    F_NC_IDENTIFIED,
    F_NC_START,
    KIND_FULL,
    KIND_IRG2,
    KIND_LEGACY,
    SEC_SUMMARY,
    SEC_TIMELINE,
    Document,
    TimelineEntry,
)
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, Severity, rule
from incident_kit.text.timestamps import ZONE_AFTER as _ZONE_AFTER
from incident_kit.text.timestamps import ZONE_BEFORE as _ZONE_BEFORE
from incident_kit.text.timestamps import Interval, interval
from incident_kit.text.concepts import mentioned, lexicon
from incident_kit.text.timestamps import written_zone_name
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import KIND_FREEFORM, KIND_IRG2_PRELIMINARY, WITH_TIMELINE

TIMELINE_KINDS = WITH_TIMELINE
# Reports without the full template (a free-form report, an IRG 2.0 preliminary report): the rules
# that judge the entries found run on them; the rules that require events do not.
ENTRY_KINDS = TIMELINE_KINDS + (KIND_FREEFORM, KIND_IRG2_PRELIMINARY)
"""Report kinds with a timeline (the Preliminary and Closure templates have none)."""

C_TIMELINE = cites.IRG3_TIMELINE
C_TIMELINE_2 = cites.IRG2_TIMELINE
C_LEGACY = cites.IRG_LEGACY

MAX_FINDINGS_PER_RULE = 3
"""Above this many offending entries a rule reports one finding that lists their lines."""

# --------------------------------------------------------------------------------------------
# Milestone lexicons (what an entry says happened).
# --------------------------------------------------------------------------------------------

AWARE = lexicon("aware")
START = lexicon("start")
END = lexicon("end")
CHANGE = lexicon("change")
REVOCATION = lexicon("revocation")
REVOCATION_DONE = lexicon("revocation_done")
REVOCATION_PLAN = lexicon("revocation_plan")
PLANNED = lexicon("planned")

# Draft tags (model.TimelineTag values) that mark each milestone.
_TAGS = {
    "aware": {"aware", "cpr_received"},
    "start": {"start"},
    "end": {"end"},
    "change": {"change", "requirement_effective"},
    "revocation_expected": {"revocation_expected"},
    "revocation_completed": {"revocation_completed"},
}
_CONCEPTS = {"aware": AWARE, "start": START, "end": END, "change": CHANGE}


def entry_text(entry: TimelineEntry) -> str:
    """What an entry says happened (the entry without its timestamp when the reader split it)."""
    return entry.text or entry.raw


def has_milestone(entry: TimelineEntry, milestone: str) -> bool:
    """Whether the entry marks ``milestone`` ("aware", "start", "end", "change"): by a draft tag
    or by what its text affirms (a denied mention, "no alert fired", does not count)."""
    if _TAGS.get(milestone, set()) & set(entry.tags):
        return True
    concept = _CONCEPTS.get(milestone)
    return concept is not None and mentioned(entry_text(entry), concept)


REQUIREMENT_EFFECTIVE = lexicon("requirement_effective")
_FIRST_PERSON_RE = re.compile(r"\b(?:we|our|us|we've|we'd)\b", re.IGNORECASE)


def is_background(entry: TimelineEntry) -> bool:
    """Whether the entry only dates a requirement taking effect ("Ballot SC-99 takes effect",
    "entry into force of the new rules"): background the timeline may include, not an action of
    the CA. An entry that also says what the CA did ("the rule took effect and we updated our
    profile") is an event of the incident."""
    if "requirement_effective" in entry.tags:
        return True
    text = entry_text(entry)
    return mentioned(text, REQUIREMENT_EFFECTIVE) and not _FIRST_PERSON_RE.search(text)


def is_planned(entry: TimelineEntry) -> bool:
    """Whether the entry describes something expected, planned or scheduled, not done."""
    return mentioned(entry_text(entry), PLANNED, negated=None)


def is_revocation_delay(doc: Document, ctx: Context) -> bool:
    """Whether the bug is a delayed-revocation bug: its whiteboard contains ``revocation-delay``
    (the engine has already applied a ``--whiteboard`` given on the command line)."""
    return doc.bug.revocation_delay


_LATE = lexicon("late")


def is_delay_incident(doc: Document) -> bool:
    """Whether the incident itself is a delay (a revocation, a notice or a report that came too
    late): the whiteboard says ``revocation-delay``, or the bug title, the report's title line or
    its Summary says something came late. Such an incident's clock starts at the problem report,
    so the report is its natural first event."""
    if doc.bug.revocation_delay:
        return True
    parts = [doc.bug.title or "", doc.title.raw if doc.title is not None else "", "\n".join(doc.lines[:8])]
    summary = doc.section(SEC_SUMMARY)
    if summary is not None:
        parts.append(summary.text[:600])
    return mentioned("\n".join(parts), _LATE)


# --------------------------------------------------------------------------------------------
# Shared helpers.
# --------------------------------------------------------------------------------------------


def _severity_for(doc: Document, *, irg2: Optional[Severity], legacy: Optional[Severity]) -> Optional[Severity]:
    """The per-hit severity for the older generations (None keeps the rule's own severity)."""
    if doc.kind == KIND_IRG2:
        return irg2
    if doc.kind == KIND_LEGACY:
        return legacy
    return None


def _citations_for(doc: Document) -> tuple[str, ...]:
    """The citation of the generation the report follows, added to each hit."""
    if doc.kind == KIND_IRG2:
        return (C_TIMELINE_2,)
    if doc.kind == KIND_LEGACY:
        return (C_LEGACY,)
    return ()


def _timeline_line(doc: Document) -> Optional[int]:
    """The line of the timeline heading (legacy: topic 2), else of its first entry."""
    for key in (SEC_TIMELINE, "topic2"):
        sec = doc.section(key)
        if sec is not None:
            return sec.line
    return doc.timeline[0].line if doc.timeline else None


def _list_lines(entries: Sequence[TimelineEntry], limit: int = 12) -> str:
    lines = [str(e.line) for e in entries[:limit]]
    more = f" and {len(entries) - limit} more" if len(entries) > limit else ""
    return ", ".join(lines) + more


def _per_entry_or_summary(
    doc: Document,
    entries: Sequence[TimelineEntry],
    one: Callable[[TimelineEntry], str],
    many: Callable[[Sequence[TimelineEntry]], str],
    *,
    suggestion: str,
    severity: Optional[Severity] = None,
) -> Iterator[Hit]:
    """One hit per offending entry, or, above :data:`MAX_FINDINGS_PER_RULE`, a single hit at the
    first one that lists the lines of all (a systematic habit deserves one remark, not twenty)."""
    cites = _citations_for(doc)
    if len(entries) <= MAX_FINDINGS_PER_RULE:
        for e in entries:
            yield Hit(one(e), line=e.line, column=e.column, suggestion=suggestion, severity=severity, citations=cites)
    elif entries:
        yield Hit(many(entries), line=entries[0].line, suggestion=suggestion, severity=severity, citations=cites)


def _when(entry: TimelineEntry) -> str:
    """The entry's timestamp as written (empty when it has none)."""
    return entry.when.raw if entry.when is not None else ""


def _short(entry: TimelineEntry, width: int = 60) -> str:
    text = " ".join(entry.raw.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# --------------------------------------------------------------------------------------------
# IK301 - IK303: timestamps of single entries.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK301",
    name="timeline-entry-without-timestamp",
    severity=ERROR,
    summary="Every timeline entry carries a date and time that can be read.",
    citations=(C_TIMELINE, C_TIMELINE_2, C_LEGACY),
    kinds=ENTRY_KINDS,
)
def timeline_entry_without_timestamp(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry has no timestamp, or one that cannot be read as a date.

    Why: the timeline is a time-stamped sequence of events (IRG 3.2 §Timeline: "All times MUST be
    in UTC or UTC+local offset"; legacy item 2: a "date-and-time-stamped sequence"). An entry with
    no date cannot be placed, checked against a deadline, or compared with the others.

    Fires: an entry with no date at all ("Subscribers contacted."), or with a "date" no reader can
    place ("Q1 2026", "early next week", 31/02/2025).

    Also fires, once, when the timeline of a Full, IRG 2.0 or legacy report (the Timeline section,
    legacy topic 2) is written as a narrative with no date anywhere in it ("As soon as our team were told, we ..."): it has
    entries in the reader's sense only if something dates them.

    Stays quiet: any entry whose date can be read, even without time or zone (IK302 and IK303
    handle those); entries grouped under a date heading (IRG 2.0 style "2024-05-02:" followed by
    "- 14:05 ...") that the reader combined; a timeline section that is N/A, empty (IK103, IK106)
    or only says it will come in the final report. Severity: error for IRG 3.x and 2.0 (MUST /
    must), warning for legacy reports (the topics are asked for with "should").
    """
    undated = _undated_narrative(doc)
    if undated is not None:
        yield Hit(
            "the timeline is a narrative with no date or time anywhere in it",
            line=undated,
            suggestion="write the timeline as dated entries, e.g. 2025-03-04 14:30 UTC – what happened",
            severity=_severity_for(doc, irg2=None, legacy=WARNING),
            citations=_citations_for(doc),
        )
        return
    missing = [e for e in doc.timeline if e.when is None or e.when.value is None]
    yield from _per_entry_or_summary(
        doc,
        missing,
        lambda e: (
            f"timeline entry has no date and time: \u201c{_short(e)}\u201d"
            if e.when is None
            else f"timeline entry's date \u201c{e.when.raw}\u201d cannot be read as a calendar date"
        ),
        lambda es: f"{len(es)} of {len(doc.timeline)} timeline entries have no readable date and time (lines {_list_lines(es)})",
        suggestion="start each entry with a date, time and zone, e.g. 2025-03-04 14:30 UTC",
        severity=_severity_for(doc, irg2=None, legacy=WARNING),
    )


_MIN_NARRATIVE_WORDS = 8


def _undated_narrative(doc: Document) -> Optional[int]:
    """The first text line of a timeline section that holds words but no date at all, and no
    entries; None otherwise."""
    from incident_kit.rules.ik4_root_cause import defers_to_later_report
    from incident_kit.text.normalise import is_na
    from incident_kit.text.timestamps import find_all_times

    if doc.timeline or doc.kind not in TIMELINE_KINDS:
        return None  # a preliminary or free-form text owes no timeline of its own
    sec = doc.section("topic2") if doc.kind == KIND_LEGACY else doc.section(SEC_TIMELINE)
    if sec is None:
        return None
    from incident_kit.rules._text import find_placeholders
    from incident_kit.text.timestamps import zone_declaration

    # what the CA wrote itself: not the template's example lines, not "All times are UTC."
    own = [ln for ln in sec.text.split("\n") if ln.strip() and not find_placeholders(ln) and not zone_declaration(ln)]
    text = "\n".join(own).strip()
    if len(re.findall(r"[A-Za-z]{2,}", text)) < _MIN_NARRATIVE_WORDS or is_na(text) or defers_to_later_report(text):
        return None
    if find_all_times(text):
        return None
    for index, line in enumerate(sec.text.split("\n")):
        if line.strip():
            return sec.text_line(index)
    return None


@rule(
    code="IK302",
    name="timeline-entry-without-time-of-day",
    severity=WARNING,
    summary="Timeline entries give the time of day, to the minute.",
    citations=(C_TIMELINE, C_TIMELINE_2, C_LEGACY),
    kinds=ENTRY_KINDS,
)
def timeline_entry_without_time_of_day(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry gives a date (or an hour) but not the minute.

    Why: IRG 3.2 §Timeline says times SHOULD have at least minute-level granularity (IRG 2.0:
    "should ... have at least minute-level granularity"; legacy item 2: "date-and-time-stamped").
    Deadlines of 24 hours or 72 hours cannot be checked against dates alone.

    Fires: "2025-06-05 – Question posted", "27 August 2019 – Problem report received",
    "March 2024 – ...", "2025-06-05 14h – ..." (hour only). When more than three entries lack the
    time, one finding lists them all (at the first), since the habit is the problem.

    Stays quiet: entries with a time to the minute or second, with or without a zone (the zone is
    IK303's business); entries with no readable date (IK301).

    Narrowed, because a reviewer asks for the minute only where the minute can matter:

    - background entries, where a requirement, policy or ballot took effect ("2023-09-15: entry
      into force of the new profile rules", "S/MIME BR goes into effect") and the entry says
      nothing the CA did: such a date is a calendar day by nature, and no deadline of the
      incident runs from its minute (legacy item 2 names "when a requirement became applicable"
      as background the timeline may include);
    - in a legacy report, an entry with a time to the hour ("7 AM", "at 8 CEST"): the legacy list
      asks for a "date-and-time-stamped" sequence, not minute-level granularity, which IRG 2.0
      introduced.
    """
    legacy = doc.kind == KIND_LEGACY
    fine = ("minute", "second", "hour") if legacy else ("minute", "second")
    coarse = [
        e
        for e in doc.timeline
        if e.when is not None
        and e.when.value is not None
        and e.when.precision not in fine
        and not is_background(e)
    ]
    yield from _per_entry_or_summary(
        doc,
        coarse,
        lambda e: f"timeline entry \u201c{_when(e)}\u201d has no time of day to the minute"
        + ("" if e.when.has_time else " and no zone"),
        lambda es: (
            f"{len(es)} of {len(doc.timeline)} timeline entries give no time of day to the minute "
            f"(lines {_list_lines(es)})"
        ),
        suggestion="give each entry a time to the minute, e.g. 2025-06-05 14:30 UTC",
    )


def _zone_declared_before(doc: Document, entry: TimelineEntry) -> bool:
    """Whether a zone declaration ("All times are UTC.") stands before the entry."""
    decl = doc.timeline_zone
    return decl is not None and (decl.line is None or decl.line <= entry.line)


@rule(
    code="IK303",
    name="timeline-time-without-zone",
    severity=ERROR,
    summary="Timeline times are in UTC or carry their UTC offset.",
    citations=(C_TIMELINE, C_TIMELINE_2),
    kinds=ENTRY_KINDS,
)
def timeline_time_without_zone(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry gives a time of day but no zone, and no declaration covers it.

    Why: IRG 3.2 §Timeline: all times MUST be in UTC or in local time with the UTC offset. A time
    without a zone can be off by up to 26 hours, which decides whether a 24-hour or 72-hour deadline
    was met. IRG 2.0 says the same with "should" (warning here); the legacy list does not speak of
    zones (notice).

    Fires: "2025-11-20 14:00 – Customer informed" in a timeline where other entries say UTC but no
    "All times are UTC" declaration stands in the heading or before the entries.

    Stays quiet: a zone or offset on the entry (UTC, Z, +02:00, PDT); a declaration in the timeline
    heading or before the entries ("All times are UTC.", "all times Pacific Daylight Time"), which
    covers every entry after it; entries with a date only (IK302 covers them).
    """
    bare = [
        e
        for e in doc.timeline
        if e.when is not None
        and e.when.value is not None
        and e.when.has_time
        and not e.when.has_zone
        and not _zone_declared_before(doc, e)
    ]
    yield from _per_entry_or_summary(
        doc,
        bare,
        lambda e: f"timeline time \u201c{_when(e)}\u201d has no zone and no \u201cAll times are UTC\u201d declaration covers it",
        lambda es: (
            f"{len(es)} of {len(doc.timeline)} timeline times have no zone and no declaration covers them "
            f"(lines {_list_lines(es)})"
        ),
        suggestion="write UTC (or the offset, e.g. +02:00) after each time, or state \u201cAll times are UTC.\u201d before the entries",
        severity=_severity_for(doc, irg2=WARNING, legacy=NOTICE),
    )


# --------------------------------------------------------------------------------------------
# IK304: chronological order.
# --------------------------------------------------------------------------------------------


def _dated(doc: Document) -> list[tuple[TimelineEntry, Interval]]:
    """The entries whose time can be placed, with their UTC intervals, in list order."""
    out = []
    for e in doc.timeline:
        iv = interval(e.when)
        if iv is not None:
            out.append((e, iv))
    return out


@rule(
    code="IK304",
    name="timeline-out-of-order",
    severity=NOTICE,
    summary="Timeline entries are listed in chronological order.",
    citations=(C_TIMELINE, C_LEGACY),
    kinds=ENTRY_KINDS,
)
def timeline_out_of_order(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry is dated certainly earlier than an entry listed before it.

    Why: a timeline is a sequence (legacy item 2; IRG 3.2 §Timeline asks for the events "leading
    up to and taken during and after the incident"). An entry out of place is most often a wrong
    date, a misread day-first date or a typo in the year. The guidelines do not state the order
    with a MUST, so this is a notice.

    Fires: "2025-03-07 ..." listed after "2025-04-01 ..."; a time in UTC listed after a later one.
    A timeline that runs newest-first throughout gets one finding saying so.

    Stays quiet: entries whose order is uncertain: the same day when one of them has no time, a
    time without a zone within the span of the world's zones (±14 h), an ambiguous date such as
    05/03/2024, or an entry with no year; entries with no readable date.
    """
    dated = _dated(doc)
    if len(dated) < 2:
        return
    backwards = [(prev, cur) for (prev, cur) in zip(dated, dated[1:]) if cur[1].certainly_before(prev[1])]
    forwards = [(prev, cur) for (prev, cur) in zip(dated, dated[1:]) if prev[1].certainly_before(cur[1])]
    if len(backwards) >= 2 and len(backwards) > len(forwards):
        yield Hit(
            f"the timeline runs newest-first ({len(backwards)} of {len(dated) - 1} steps go back in time)",
            line=dated[0][0].line,
            suggestion="list the events oldest first",
        )
        return
    latest: Optional[tuple[TimelineEntry, Interval]] = None
    for entry, iv in dated:
        if latest is not None and iv.certainly_before(latest[1]):
            yield Hit(
                f"timeline entry \u201c{_when(entry)}\u201d is earlier than "
                f"\u201c{_when(latest[0])}\u201d listed before it (line {latest[0].line})",
                line=entry.line,
                column=entry.column,
                suggestion="check the date, or move the entry to its place in time",
            )
            continue
        if latest is None or iv.lo > latest[1].lo:
            latest = (entry, iv)


# --------------------------------------------------------------------------------------------
# IK305 - IK306: milestones.
# --------------------------------------------------------------------------------------------


def _first_with(doc: Document, milestone: str) -> Optional[int]:
    """Index of the first entry that marks ``milestone``."""
    for i, e in enumerate(doc.timeline):
        if has_milestone(e, milestone):
            return i
    return None


def _anchor(doc: Document) -> Optional[int]:
    """Index of the first entry marking the start of the incident or the CA becoming aware."""
    found = [i for i in (_first_with(doc, "start"), _first_with(doc, "aware")) if i is not None]
    return min(found) if found else None


def _has_earlier_event(doc: Document, anchor: int) -> bool:
    """Whether something before the anchor is recorded: an entry listed before it or dated
    certainly before it, a change tag, or a start/anchor entry that itself names the change
    ("deployed the change that ...")."""
    if anchor > 0:
        return True
    anchor_iv = interval(doc.timeline[anchor].when)
    for i, e in enumerate(doc.timeline):
        if _TAGS["change"] & set(e.tags):
            return True
        iv = interval(e.when)
        if i != anchor and anchor_iv is not None and iv is not None and iv.certainly_before(anchor_iv):
            return True
    anchor_entry = doc.timeline[anchor]
    return has_milestone(anchor_entry, "change") or any(
        has_milestone(e, "start") and has_milestone(e, "change") for e in doc.timeline
    )


@rule(
    code="IK305",
    name="timeline-no-prior-event",
    severity=ERROR,
    summary="The timeline includes the events before the incident, such as the change that introduced it.",
    citations=(C_TIMELINE, C_TIMELINE_2, C_LEGACY),
    kinds=TIMELINE_KINDS,
)
def timeline_no_prior_event(doc: Document, ctx: Context) -> Iterable[Hit]:
    """The timeline starts at the incident or its discovery, with nothing that led up to it.

    Why: IRG 3.2 §Timeline: the timeline MUST include not just the discovery and what followed but
    also the relevant events beforehand (something changed or was introduced); IRG 2.0 says the
    same with "must" and asks for every policy, process and software change that contributed. The
    legacy list only says the timeline "may include" such events, so for legacy reports this is a
    notice.

    Fires: the first entry listed is the start of the incident ("first affected certificate
    issued") or the discovery ("alert fired", "received a problem report"), no entry is dated
    before it, and it does not itself name the change.

    Stays quiet: any entry listed or dated before the first start/discovery entry (a release, a
    configuration change, a requirement taking effect, an audit); a start entry that names the
    change ("deployed the change that ..."); a draft entry tagged ``change`` or
    ``requirement_effective``; a timeline in which neither the start nor the discovery can be
    recognised (IK306 reports that instead); a delay incident (late revocation, a late notice)
    whose timeline opens with the problem report: its clock starts there, so nothing before it
    led up to the delay.
    """
    if not doc.timeline:
        return
    anchor = _anchor(doc)
    if anchor is None or _has_earlier_event(doc, anchor):
        return
    if is_delay_incident(doc) and has_milestone(doc.timeline[anchor], "aware"):
        return
    first = doc.timeline[anchor]
    yield Hit(
        f"the timeline begins with the incident itself (\u201c{_short(first)}\u201d); no earlier event "
        "such as the change, release or requirement that led to it is listed",
        line=first.line,
        suggestion="add the policy, process or software changes that contributed, with their dates",
        severity=_severity_for(doc, irg2=None, legacy=NOTICE),
        citations=_citations_for(doc),
    )


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
    from incident_kit.text.timestamps import find_all_times

    key = _SUMMARY_FIELD.get(milestone)
    value = doc.field(key) if key else None
    if value is None or not value.raw.strip():
        return False
    found = find_all_times(value.raw)
    if not found or found[0][0].value is None:
        return False
    tv = found[0][0]
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


# --------------------------------------------------------------------------------------------
# IK307: delayed revocation.
# --------------------------------------------------------------------------------------------


def _revocation_entries(doc: Document) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """(expected completion entries, actual completion entries) of the revocation."""
    expected: list[TimelineEntry] = []
    actual: list[TimelineEntry] = []
    for e in doc.timeline:
        text = entry_text(e)
        tags = set(e.tags)
        if _TAGS["revocation_expected"] & tags:
            expected.append(e)
        elif _TAGS["revocation_completed"] & tags:
            actual.append(e)
        elif mentioned(text, REVOCATION) or mentioned(text, REVOCATION_DONE):
            if mentioned(text, REVOCATION_PLAN, negated=None):
                expected.append(e)
            elif mentioned(text, REVOCATION_DONE):
                actual.append(e)
    return expected, actual


def _posted_upper_bound(as_of: date) -> datetime:
    """The latest UTC instant that is still ``as_of`` somewhere on Earth (UTC-12)."""
    return datetime.combine(as_of, time(0), tzinfo=timezone.utc) + timedelta(days=1) + _ZONE_AFTER


@rule(
    code="IK307",
    name="timeline-revocation-completion-missing",
    severity=ERROR,
    summary="A delayed-revocation timeline gives the expected and the actual revocation completion.",
    citations=(C_TIMELINE,),
    kinds=(KIND_FULL,),
    applies=is_revocation_delay,
)
def timeline_revocation_completion_missing(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A delayed-revocation report does not say when revocation will be, or was, completed.

    Why: IRG 3.2 §Timeline lists the times the CA expects to complete revocation and the times it
    actually completed it, and says both are required when the whiteboard contains
    ``revocation-delay``. Without them the community cannot hold the CA to a date.

    Fires (only for bugs whose whiteboard contains ``revocation-delay``): no entry gives an
    expected, planned or scheduled completion of the revocation; or the expected completion lies
    before the report's date (``--as-of`` / the draft's posted date) and no entry records that the
    revocation was completed.

    Stays quiet: "2026-01-15 12:00 UTC – remaining 12 certificates expected to be revoked" (or
    tagged ``revocation_expected``) together with, once that time has passed, "all 61 certificates
    revoked" (or tagged ``revocation_completed``). An entry that only repeats the original deadline
    ("customer informed of revocation by ...", "revocation deadline passes") is not an expected
    completion.
    """
    if not doc.timeline:
        return
    expected, actual = _revocation_entries(doc)
    if not expected:
        yield Hit(
            "this is a delayed-revocation report but no timeline entry gives the time the CA expects to complete revocation",
            line=_timeline_line(doc),
            suggestion="add an entry such as \u201c2026-01-15 12:00 UTC \u2013 revocation of the remaining certificates expected to be complete\u201d",
        )
    as_of = ctx.effective_date(doc)
    if actual or as_of is None:
        return
    earliest_posting = datetime.combine(as_of, time(0), tzinfo=timezone.utc) - _ZONE_BEFORE
    # The latest expectation stands ("expected by 04-24" replaces "scheduled for 04-17"), and an
    # entry that names a time ("revocation is scheduled for 2026-04-17 12:00 UTC") expects that
    # time, not its own.
    last = expected[-1] if expected else None
    when = _expected_time(last) if last is not None else None
    if last is not None and when is not None and (iv := interval(when)) is not None and iv.hi <= earliest_posting:
        yield Hit(
            f"revocation was expected to be complete by \u201c{when.raw}\u201d, before {as_of.isoformat()}, "
            "but no timeline entry records that it was completed",
            line=last.line,
            suggestion="add the time revocation was actually completed, or a new expected time with the reason for the delay",
        )


def _expected_time(entry: TimelineEntry):
    """The time an expected-completion entry names in its text (the latest one), else its own time."""
    from incident_kit.text.timestamps import find_all_times

    named = [tv for tv, _, _ in find_all_times(entry_text(entry)) if tv.value is not None]
    if named:
        return max(named, key=lambda tv: tv.value.replace(tzinfo=None) if tv.value.tzinfo is None else tv.value.astimezone(timezone.utc).replace(tzinfo=None))
    return entry.when


# --------------------------------------------------------------------------------------------
# IK308: events after the report's date.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK308",
    name="timeline-event-in-future",
    severity=ERROR,
    summary="Timeline events that already happened are not dated after the report was posted.",
    citations=(C_TIMELINE, C_LEGACY),
    kinds=ENTRY_KINDS,
)
def timeline_event_in_future(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry that reports something done is dated after the report's own date.

    Why: the timeline records what happened (IRG 3.2 §Timeline). An event dated after the posting
    is a wrong date (a typo in the year or month, or a month/day swap) unless it is a plan, and a
    wrong date undermines every deadline computed from it.

    Fires: an entry dated after the effective date (``--as-of``, else the draft's posted date) by
    more than the span of the world's zones, whose text does not say it is expected, planned,
    scheduled, targeted or pending.

    Stays quiet: planned entries ("2026-02-01 – Revocation of the remaining certificates planned",
    "... will be deployed"); entries on the posting day in any zone; entries with no year or an
    ambiguous date; entries in a later comment copied into the same file (a weekly update below
    the first report), which was posted after the report's date. Not effective when the report's
    date is unknown (no ``--as-of`` and no posted date in the draft).
    """
    as_of = ctx.effective_date(doc)
    if as_of is None:
        return
    bound = _posted_upper_bound(as_of)
    later = doc.posted_later_from
    for entry, iv in _dated(doc):
        if iv.lo >= bound and not is_planned(entry) and (later is None or entry.line < later):
            yield Hit(
                f"timeline entry \u201c{_when(entry)}\u201d is after the report's date "
                f"{as_of.isoformat()} but is not described as planned or expected",
                line=entry.line,
                column=entry.column,
                suggestion="correct the date, or say that the event is planned, expected or scheduled",
            )


# --------------------------------------------------------------------------------------------
# IK309 the Timeline summary's dates are in a possible order.
# --------------------------------------------------------------------------------------------


def _summary_day(doc: "Document", key: str):
    """The first date written in a Timeline summary field, with the field; None if there is none."""
    from incident_kit.text.timestamps import find_all_times

    value = doc.fields.get(key)
    if value is None or not value.raw.strip():
        return None
    found = find_all_times(value.raw)
    if not found or found[0][0].value is None:
        return None
    return found[0][0].value.date(), value


@rule(
    code="IK309",
    name="timeline-summary-order",
    severity=NOTICE,
    summary="The Timeline summary's start, identified and end dates are in a possible order.",
    citations=(cites.IRG3_FIELDS,),
    kinds=(KIND_FULL,),
)
def timeline_summary_order(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The non-compliance start date comes before it was identified and before it ended.

    Why: the Timeline summary tells a new reader when the non-compliance began, when it was
    detected and when it ended. A start after the identified date, or an end before the start, is
    usually a slip (the date a deadline ran out written as the start, a year typed wrong) and
    makes the summary contradict the timeline. The IRG sets no MUST on the order, so this is
    advice.

    Fires (notice): start date after the identified date, or end date before the start date.

    Stays quiet when the dates are in order, when the identified date comes after the end (an
    audit finding discovered later), and when a field holds no date (N/A, "ongoing"). On a
    revocation-delay bug (whiteboard ``revocation-delay``) a start after the identified date is
    not flagged: that non-compliance begins when the revocation deadline passes, which the CA
    usually knows in advance (the revocation-delay kit asks for exactly that start).
    """
    start = _summary_day(doc, F_NC_START)
    if start is None:
        return
    identified = _summary_day(doc, F_NC_IDENTIFIED)
    end = _summary_day(doc, F_NC_END)
    if identified is not None and start[0] > identified[0] and not is_revocation_delay(doc, ctx):
        yield Hit(
            f"the non-compliance start date ({start[0].isoformat()}) is after the identified date "
            f"({identified[0].isoformat()}); the summary should say when the non-compliance began",
            line=start[1].line,
            column=start[1].column,
        )
    if end is not None and end[0] < start[0]:
        yield Hit(
            f"the non-compliance end date ({end[0].isoformat()}) is before its start date ({start[0].isoformat()})",
            line=end[1].line,
            column=end[1].column,
        )


_SUMMARY_ONGOING = re.compile(r"\b(?:ongoing|on-going|not (?:yet )?(?:ended|over|resolved)|continuing|still)\b", re.IGNORECASE)


@rule(
    code="IK310",
    name="timeline-summary-not-a-date",
    severity=WARNING,
    summary="The Timeline summary's start, identified and end fields give dates.",
    citations=(cites.IRG3_FIELDS,),
    kinds=(KIND_FULL,),
)
def timeline_summary_not_a_date(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """A Timeline summary field holds something other than a date (``Q1 2026``, ``soon``, ``TBD``).

    Why: the Timeline summary gives a new reader three dates: when the non-compliance began, when
    it was detected, and when it ended or is expected to end. A quarter or ``TBD`` is not a date a
    reader can hold the CA Owner to; an expected end should still be a date. The field names say
    "date" and the IRG says what each must contain, without an RFC 2119 word for the form: a
    warning.

    Fires (warning) when a field's value has no date in it.

    Quiet when it has a date (with or without a time, with any remark beside it), is N/A, or says
    the non-compliance is ongoing; when the field is missing or blank (IK102 and IK103 report
    those) or still a drafting prompt (IK105).
    """
    from incident_kit.document import F_NC_END, F_NC_IDENTIFIED, F_NC_START
    from incident_kit.rules._text import find_placeholders
    from incident_kit.text.normalise import is_na
    from incident_kit.text.timestamps import find_all_times

    labels = {F_NC_START: "start", F_NC_IDENTIFIED: "identified", F_NC_END: "end"}
    for key, label in labels.items():
        value = doc.fields.get(key)
        if value is None or not value.raw.strip() or is_na(value.raw) or find_placeholders(value.raw):
            continue
        if find_all_times(value.raw) or _SUMMARY_ONGOING.search(value.raw):
            continue
        yield Hit(
            f"the non-compliance {label} date \u201c{value.raw.strip()}\u201d is not a date",
            line=value.line,
            column=value.column,
            suggestion="write the date (and time, UTC) it happened or is expected, e.g. 2026-03-31",
        )


def _answer_line(sec) -> int:  # type: ignore[no-untyped-def]
    """The first line of a topic's answer (the topic's own line when the answer shares it)."""
    for index, text in enumerate(sec.text.split("\n")):
        if text.strip():
            return sec.text_line(index)
    return sec.line


@rule(
    code="IK311",
    name="legacy-awareness-without-time",
    severity=WARNING,
    summary="A legacy report says when the CA became aware; topic 1 gives the date and the time.",
    citations=(cites.IRG_LEGACY, cites.IRG1),
    kinds=(KIND_LEGACY,),
)
def legacy_awareness_without_time(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The report does not say when the CA became aware; or topic 1 leaves out the time of day.

    Why: topic 1 asks how the CA first became aware of the problem "and the time and date"; the
    deadlines that follow (24 hours for a preliminary report to a problem reporter, 24 hours or 5
    days to revoke) run from that moment. The legacy list is introduced with "should".

    Judged as a reviewer reads the whole report, not topic 1 alone:

    - warning when nothing dates the awareness: topic 1 gives no date, and no timeline entry
      that records the discovery or the problem report has a date;
    - notice when topic 1 gives the date but not the time of day, or leaves the date to the
      timeline that gives it: the moment is in the report, and reviewers of the legacy era did
      not ask for the time in topic 1 once the date (or the timeline) settled it, so it is
      advice, not a defect to raise.

    Quiet when topic 1 gives a date and time ("2021-06-14 2:17 PM PDT", "20220425 at 8 CEST");
    when topic 1 is missing (IK106 reports it).
    """
    from incident_kit.text.timestamps import find_all_times

    sec = doc.section("topic1")
    if sec is None or not sec.text.strip():
        return
    found = find_all_times(sec.text)
    if any(tv.has_time for tv, _, _ in found):
        return
    dated = _dated_awareness_entry(doc)
    suggestion = "give the date and time with its zone, e.g. 2018-07-30 23:31 UTC"
    if found:
        yield Hit(
            "the answer on how the CA became aware gives the date but no time of day",
            line=_answer_line(sec),
            severity=NOTICE,
            suggestion=suggestion,
        )
    elif dated is not None:
        yield Hit(
            f"the answer on how the CA became aware gives no date or time; only the timeline does (line {dated.line})",
            line=_answer_line(sec),
            severity=NOTICE,
            suggestion=suggestion,
        )
    else:
        yield Hit(
            "the report does not say when the CA became aware: the answer gives no date or time, and "
            "no timeline entry dates the discovery",
            line=_answer_line(sec),
            suggestion=suggestion,
        )


def _dated_awareness_entry(doc: "Document") -> Optional[TimelineEntry]:
    """The first dated timeline entry that records the discovery or a problem report."""
    for entry in doc.timeline:
        if entry.when is None or entry.when.value is None:
            continue
        if "cpr_received" in entry.tags or has_milestone(entry, "aware"):
            return entry
    return None


@rule(
    code="IK312",
    name="timeline-year-inferred",
    severity=NOTICE,
    summary="Timeline dates give their year.",
    citations=(C_TIMELINE, C_TIMELINE_2, C_LEGACY),
    kinds=TIMELINE_KINDS,
)
def timeline_year_inferred(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry's date has no year; the reader took it from the entries around it.

    Why: a timeline is a date-and-time-stamped sequence (IRG 3.2 §Timeline; legacy item 2). "On
    July the 31th" is clear to the author and to nobody reading the bug years later; the reader
    (and the deadline rules) had to guess the year from the neighbouring entries or the posting
    date. The guess is shown so that it can be checked: a notice, since a year is advice rather
    than a stated requirement.

    Fires (notice) on each entry whose date has no year ("3/14 11pm", "on the morning of 2nd May"),
    naming the year used and where it came from.

    Quiet when the date gives its year, and on entries with no readable date (IK301).
    """
    yearless = [e for e in doc.timeline if e.when is not None and e.when.value is not None and not e.when.has_year]
    yield from _per_entry_or_summary(
        doc,
        yearless,
        lambda e: (
            f"timeline entry \u201c{_when(e)}\u201d gives no year; read as {e.when.value.year}, "
            f"the year of {e.when.year_from or 'the entries around it'}"
        ),
        lambda es: f"{len(es)} of {len(doc.timeline)} timeline dates give no year (lines {_list_lines(es)}); their year was taken from the entries around them",
        suggestion="write the full date, e.g. 2018-07-31 14:30 UTC",
    )


# --------------------------------------------------------------------------------------------
# IK313: times given in a zone name.
# --------------------------------------------------------------------------------------------

_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}")


def named_zone_entries(doc: Document) -> list[TimelineEntry]:
    """Timeline entries whose time is written with a zone name ("13:20 CEST", "2:17 PM Pacific
    Time") rather than UTC or an offset."""
    return [
        e
        for e in doc.timeline
        if e.when is not None
        and e.when.value is not None
        and e.when.has_time
        and not e.when.zone_declared
        and written_zone_name(e.when.raw) is not None
    ]


def utc_form(entry: TimelineEntry) -> Optional[str]:
    """The entry's timestamp written ``YYYY-MM-DD HH:MM UTC`` (with ``:SS`` when it gives seconds),
    or None when rewriting it could change what it says: a zone name with several meanings (CST,
    IST, AST), a US zone name without standard/daylight on a day the clocks change, a date that
    could be read day-first or month-first, a date without its year, a time range, or a time
    less precise than the minute."""
    from incident_kit.text.timestamps import resolve_zone

    when = entry.when
    if when is None or when.value is None or when.value.tzinfo is None or when.ambiguous or not when.has_year:
        return None
    if when.precision not in ("minute", "second") or len(_CLOCK_RE.findall(when.raw)) != 1:
        return None
    name = written_zone_name(when.raw)
    zone = resolve_zone(name) if name is not None else None
    if zone is None or zone.ambiguous:
        return None
    utc = when.value.astimezone(timezone.utc)
    if zone.daylight is not None:
        naive = utc.replace(tzinfo=None)
        if zone.offset_at(naive - timedelta(days=1)) != zone.offset_at(naive + timedelta(days=1)):
            return None
    if when.precision == "second":
        return f"{utc:%Y-%m-%d %H:%M:%S} UTC"
    return f"{utc:%Y-%m-%d %H:%M} UTC"


@rule(
    code="IK313",
    name="timeline-time-in-zone-name",
    severity=NOTICE,
    summary="Timeline times are written in UTC or with their offset, not with a zone name.",
    citations=(C_TIMELINE,),
    kinds=(KIND_FULL,),
)
def timeline_time_in_zone_name(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline time is given with a zone name ("13:20 CEST", "2:17 PM PDT", "Pacific Time").

    Why: IRG 3.2 §Timeline asks for all times "in UTC or UTC+local offset". A zone name is
    neither: the reader has to know its offset (CST, IST and AST each name several zones) and,
    for names such as "Pacific Time", the daylight-saving rules of the date, before comparing the
    entry with the others or with a deadline. The name itself usually settles the instant, so
    this is advice (notice), not an error.

    Fires: "2025-10-02 13:20 CEST – ...", "June 14, 2021 at 2:17 PM PDT: ...", "16:45 Pacific
    Time", in a Full report. When more than three entries do it, one finding lists them all.

    Stays quiet: UTC, GMT or Z; an offset ("+02:00", "UTC+2"); a name with its offset
    ("PDT (UTC-7)"); times with no zone (IK303) or covered by a declaration such as "All times
    are Pacific Time" (the declaration names the zone once for all); IRG 2.0 and legacy reports,
    whose guidance does not ask for UTC or offsets in these words.
    """
    entries = named_zone_entries(doc)
    yield from _per_entry_or_summary(
        doc,
        entries,
        lambda e: (
            f"timeline time \u201c{_when(e)}\u201d is given in the zone {written_zone_name(e.when.raw)}, "
            "not in UTC or with its offset"
        ),
        lambda es: (
            f"{len(es)} of {len(doc.timeline)} timeline times are given with a zone name, not in UTC or with their "
            f"offset (lines {_list_lines(es)})"
        ),
        suggestion="write each time in UTC (2025-10-02 11:20 UTC) or with its offset (2025-10-02 13:20 +02:00)",
    )
