"""IK308 timeline-event-in-future."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable

from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import C_LEGACY, C_TIMELINE, ENTRY_KINDS, _dated, _when, is_planned
from incident_kit.text.timestamps import ZONE_AFTER as _ZONE_AFTER


def _posted_upper_bound(as_of: date) -> datetime:
    """The latest UTC instant that is still ``as_of`` somewhere on Earth (UTC-12)."""
    return datetime.combine(as_of, time(0), tzinfo=timezone.utc) + timedelta(days=1) + _ZONE_AFTER


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
