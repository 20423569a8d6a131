"""IK304 timeline-out-of-order."""

from __future__ import annotations

from typing import Iterable, Optional

from incident_kit.document import Document, TimelineEntry
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import C_LEGACY, C_TIMELINE, ENTRY_KINDS, _dated, _when
from incident_kit.text.timestamps import Interval


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
