"""IKB01 bug-first-report-late."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator, Optional

from incident_kit.deadlines.clock import Moment, lateness
from incident_kit.deadlines.events import acknowledged, aware_moment
from incident_kit.irg.kinds import IRG2_START as IRG2_EFFECTIVE, IRG3_START as IRG3_EFFECTIVE
from incident_kit.lint.rule import ANY_INPUT, ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules.ikb_bug._common import EXPECTED, _at, _bug, _hit, _now_label, _view

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


@rule(
    code="IKB01",
    name="bug-first-report-late",
    severity=ERROR,
    summary="The bug's first report came within 72 hours of awareness (or of a third party filing the bug).",
    citations=(EXPECTED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def bug_first_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Within 72 hours of becoming aware, the CA Owner MUST post a Preliminary or Full report, or
    respond to a third party's Preliminary report.

    Why: the IRG sets this limit so that the community hears of an incident from the CA Owner
    promptly, while its impact can still be contained.

    The clock starts at the awareness the first report states (its "Incident identified" field or
    the awareness entry of its timeline); when the report states none and someone else filed the
    bug, at the bug's creation. It stops at the CA's first report comment (or its first comment on a
    bug carrying a third party's Preliminary report). Bugs filed before IRG 2.0 (2023-10-17) are
    not judged; under IRG 2.0 the 72 hours were a "should" (warning).

    Fires: when that comment came more than 72 hours after the start (notice when the report
    acknowledges the late report), or when no report came and 72 hours have passed (overdue).

    Stays quiet: when the start is unknown, or the report came in time.
    """
    view = _view(ctx)
    created = view.record.creation_time
    if created.date() < IRG2_EFFECTIVE:
        return
    third_party_prelim = view.first("preliminary", by_ca=False)
    if third_party_prelim is not None and third_party_prelim.number == 0:
        first = next((c for c in view.ca_comments if c.time >= third_party_prelim.time), None)
    else:
        first = view.first("preliminary", "full", by_ca=True)
    start: Optional[Moment] = None
    basis = ""
    if first is not None and first.doc is not None:
        start = aware_moment(first.doc)
        basis = "awareness stated in the report"
    if start is None and view.filed_by_third_party:
        start = _at(created)
        basis = "the bug's creation by someone other than the CA"
    if start is None:
        return
    severity = WARNING if created.date() < IRG3_EFFECTIVE else None
    if first is None:
        now = _at(view.now)
        late = lateness(start, now, hours=72, days=None)
        if late and view.comments:
            anchor = view.comments[0]
            yield _hit(view, anchor, f"no report from the CA as of {_now_label(view)}; start {start.label} ({basis}): {late}.",
                       overdue=True, severity=severity)
        return
    late = lateness(start, _at(first.time), hours=72, days=None)
    if late is None:
        return
    if first.doc is not None and acknowledged(first.doc, "report-posted", 72):
        severity = NOTICE
    yield _hit(view, first, f"first report; start {start.label} ({basis}): {late}.", severity=severity)
