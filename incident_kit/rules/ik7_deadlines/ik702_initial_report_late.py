"""IK702 initial-report-late."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.deadlines.clocks import initial_report_clock
from incident_kit.deadlines.events import acknowledged
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import (
    KIND_FULL,
    KIND_IRG2,
    KIND_PRELIMINARY,
    IRG2_START as IRG2_EFFECTIVE,
    IRG3_START as IRG3_EFFECTIVE,
)
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules.ik7_deadlines._common import _policy_for, _posted

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


@rule(
    code="IK702",
    name="initial-report-late",
    severity=ERROR,
    summary="A preliminary or full report was posted within 72 hours of the CA becoming aware.",
    citations=(cites.IRG3_EXPECTED,),
    kinds=(KIND_PRELIMINARY, KIND_FULL, KIND_IRG2),
    effective_from=IRG2_EFFECTIVE,
)
def initial_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The first report is due within 72 hours of awareness.

    Why: IRG 3.x: within 72 hours of becoming aware of an incident the CA Owner MUST post a preliminary
    or full report (IRG 2.0 said "should": a warning for reports under it). The report's own
    timeline should show the first disclosure; without one, this report's posting date (``--as-of``
    or the draft's ``bug.posted``) is taken as the first disclosure. Awareness is a timeline entry,
    the Summary's identified date or, when neither says it, the Incident description's sentence of
    awareness with its date written next to it ("On 2026-03-02 at 10:40 CET we became aware").

    Fires: when the first disclosure in the timeline came more than 72 hours after awareness
    (error; notice when the report acknowledges the late report, warning under IRG 2.0). When the
    timeline shows no disclosure and this report was posted more than 72 hours after awareness, it
    fires as a warning: an earlier preliminary report may exist but is missing from the timeline.

    Stays quiet: when a disclosure within 72 hours appears in the timeline, or when awareness or
    the posting date is unknown.
    """
    clock = initial_report_clock(doc, _posted(doc, ctx), _policy_for(ctx))
    if clock is None or clock.end is None or clock.overrun is None:
        return
    aware, first = clock.start, clock.end
    basis = "the first disclosure in the timeline" if first.line is not None else "this report's posting date; the timeline shows no earlier report"
    ack = acknowledged(doc, "report-posted", 72)
    eff = ctx.effective_date(doc)
    if ack:
        severity = NOTICE
    elif doc.kind == KIND_IRG2 or (eff and eff < IRG3_EFFECTIVE) or first.line is None:
        # IRG 2.0 said "should"; and without a disclosure in the timeline an earlier preliminary
        # report may simply be missing from it, so the finding asks rather than asserts.
        severity = WARNING
    else:
        severity = ERROR
    yield Hit(
        f"aware {aware.label} (line {aware.line}); first report {first.label} ({basis}): {clock.overrun.sentence}.",
        line=first.line or aware.line,
        severity=severity,
        suggestion="If a preliminary report was posted earlier, add it to the timeline with its time.",
    )
