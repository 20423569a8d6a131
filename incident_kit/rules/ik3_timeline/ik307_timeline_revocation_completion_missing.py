"""IK307 timeline-revocation-completion-missing."""

from __future__ import annotations

from datetime import datetime, time, timezone
from typing import Iterable

from incident_kit.document import KIND_FULL, Document, TimelineEntry
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import C_TIMELINE, _TAGS, _timeline_line, entry_text, is_revocation_delay
from incident_kit.text.concepts import mentioned, lexicon
from incident_kit.text.timestamps import ZONE_BEFORE as _ZONE_BEFORE, interval


REVOCATION = lexicon("revocation")
REVOCATION_DONE = lexicon("revocation_done")
REVOCATION_PLAN = lexicon("revocation_plan")


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

    Fires: (only for bugs whose whiteboard contains ``revocation-delay``): no entry gives an
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
