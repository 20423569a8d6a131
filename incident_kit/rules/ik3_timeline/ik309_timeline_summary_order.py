"""IK309 timeline-summary-order."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import F_NC_END, F_NC_IDENTIFIED, F_NC_START, KIND_FULL, Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import is_revocation_delay


def _summary_day(doc: "Document", key: str):
    """The first date written in a Timeline summary field, with the field; None if there is none."""
    from incident_kit.text.timestamps import find_time

    value = doc.fields.get(key)
    if value is None or not value.raw.strip():
        return None
    found = find_time(value.raw, anywhere=True)
    if found is None or found[0].value is None:
        return None
    return found[0].value.date(), value


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

    Fires: (notice): start date after the identified date, or end date before the start date.

    Stays quiet: when the dates are in order, when the identified date comes after the end (an
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
