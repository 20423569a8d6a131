"""IKB02 bug-full-report-late."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.deadlines.clock import lateness, show
from incident_kit.deadlines.events import acknowledged
from incident_kit.irg.kinds import IRG3_START as IRG3_EFFECTIVE
from incident_kit.lint.rule import ANY_INPUT, ERROR, NOTICE, Context, Hit, rule
from incident_kit.rules.ikb_bug._common import EXPECTED, _at, _bug, _hit, _now_label, _view

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


@rule(
    code="IKB02",
    name="bug-full-report-late",
    severity=ERROR,
    summary="The Full report came within 14 days of the bug's initial disclosure.",
    citations=(EXPECTED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def bug_full_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The Full report MUST be posted within 14 days of the incident's initial disclosure: the bug's
    creation (the bug is the disclosure).

    Why: under IRG 3.x the Full report is the CA's analysis of the incident, and the community waits
    for it; 14 days is the limit the IRG sets.

    Fires: when the CA's first Full report came more than 14 calendar days after the bug was created
    (notice when the report acknowledges it), or when none came and 14 days have passed while the
    bug is open (overdue).

    Stays quiet: for bugs filed before IRG 3.0 (2025-03-01), when a Full report came in time, and when a Closure report ended the incident without one.
    """
    view = _view(ctx)
    created = view.record.creation_time
    if created.date() < IRG3_EFFECTIVE:
        return
    start = _at(created, show(created.date(), created) + " (bug created)")
    full = view.first("full", by_ca=True)
    if full is None:
        if not view.record.is_open or view.first("closure") is not None or not view.comments:
            return
        late = lateness(start, _at(view.now), hours=None, days=14)
        if late:
            anchor = view.latest_report or view.comments[0]
            yield _hit(view, anchor, f"no Full report as of {_now_label(view)}; initial disclosure {start.label}: {late}.",
                       overdue=True)
        return
    late = lateness(start, _at(full.time), hours=None, days=14)
    if late is None:
        return
    ack = full.doc is not None and acknowledged(full.doc, "this-report-posted", 14 * 24)
    yield _hit(view, full, f"first Full report; initial disclosure {start.label}: {late}.", severity=NOTICE if ack else None)
