"""IK303 timeline-time-without-zone."""

from __future__ import annotations

from typing import Iterable

from incident_kit.document import Document, TimelineEntry
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import (
    C_TIMELINE,
    C_TIMELINE_2,
    ENTRY_KINDS,
    _list_lines,
    _per_entry_or_summary,
    _severity_for,
    _when,
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
