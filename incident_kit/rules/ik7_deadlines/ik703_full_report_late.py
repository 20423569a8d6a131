"""IK703 full-report-late."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.deadlines.clocks import full_report_clock
from incident_kit.deadlines.events import acknowledged
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import KIND_FULL, IRG3_START as IRG3_EFFECTIVE
from incident_kit.lint.rule import ERROR, NOTICE, Context, Hit, rule
from incident_kit.rules.ik7_deadlines._common import _policy_for, _posted

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


@rule(
    code="IK703",
    name="full-report-late",
    severity=ERROR,
    summary="The full report came within 14 days of the initial disclosure.",
    citations=(cites.IRG3_EXPECTED,),
    kinds=(KIND_FULL,),
    effective_from=IRG3_EFFECTIVE,
)
def full_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The full report is due within 14 days of the incident's initial disclosure.

    Why: the IRG requires the Full report within 14 days of the initial disclosure; a late report
    leaves reviewers without the analysis they need.

    Fires: when the timeline shows the initial disclosure (a preliminary report, or the bug being
    opened) and this full report was posted (``--as-of`` or ``bug.posted``) more than 14 calendar
    days later: an error, or a notice when the report acknowledges it.

    Stays quiet: without a disclosure event or a posting date.
    """
    clock = full_report_clock(doc, _posted(doc, ctx), _policy_for(ctx))
    if clock is None or clock.end is None or clock.overrun is None:
        return
    ack = acknowledged(doc, "this-report-posted", 14 * 24)
    yield Hit(
        f"initial disclosure {clock.start.label} (line {clock.start.line}); full report posted {clock.end.label}: {clock.overrun.sentence}.",
        line=clock.start.line,
        severity=NOTICE if ack else ERROR,
    )
