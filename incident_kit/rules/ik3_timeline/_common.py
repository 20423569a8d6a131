"""Helpers, constants and patterns the ik3_timeline rules share (or other modules use)."""

from __future__ import annotations

import re
from datetime import timedelta, timezone
from typing import Callable, Iterator, Optional, Sequence

from incident_kit.document import KIND_IRG2, KIND_LEGACY, SEC_SUMMARY, SEC_TIMELINE, Document, TimelineEntry
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import KIND_FREEFORM, KIND_IRG2_PRELIMINARY, WITH_TIMELINE
from incident_kit.lint.rule import Context, Hit, Severity
from incident_kit.text.concepts import mentioned, lexicon
from incident_kit.text.timestamps import Interval, interval, written_zone_name


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

AWARE = lexicon("aware")
START = lexicon("start")
END = lexicon("end")
CHANGE = lexicon("change")

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


def _dated(doc: Document) -> list[tuple[TimelineEntry, Interval]]:
    """The entries whose time can be placed, with their UTC intervals, in list order."""
    out = []
    for e in doc.timeline:
        iv = interval(e.when)
        if iv is not None:
            out.append((e, iv))
    return out


def _first_with(doc: Document, milestone: str) -> Optional[int]:
    """Index of the first entry that marks ``milestone`` (once per document: several IK3 rules
    ask for the same milestones)."""
    from incident_kit.docmemo import memo

    slot = memo(doc, "ik3.first_with")
    if slot.get("timeline") is not doc.timeline or slot.get("size") != len(doc.timeline):
        slot.clear()
        slot.update(timeline=doc.timeline, size=len(doc.timeline))
    key = ("first", milestone)
    if key not in slot:
        slot[key] = _find_first_with(doc, milestone, slot)
    return slot[key]


def _find_first_with(doc: Document, milestone: str, slot: dict) -> Optional[int]:
    """:func:`has_milestone` entry by entry, after one test of the milestone's lexicon on all the
    entries' words together (each entry's words are a piece of them): when it fails, only tags
    can mark the milestone."""
    concept = _CONCEPTS.get(milestone)
    if "joined" not in slot:
        slot["joined"] = "\n".join(entry_text(e) for e in doc.timeline)
    by_words = concept is not None and concept.gate.may_match(slot["joined"])
    tags = _TAGS.get(milestone, set())
    for i, e in enumerate(doc.timeline):
        if tags & set(e.tags) or (by_words and mentioned(entry_text(e), concept)):
            return i
    return None


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
