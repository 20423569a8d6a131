"""IKB04 next-update-missed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import datetime, timedelta, timezone
from typing import Iterator

from incident_kit.deadlines.clock import _days
from incident_kit.lint.rule import ANY_INPUT, ERROR, Context, Hit, rule
from incident_kit.rules.ikb_bug._common import UPDATED, _bug, _hit, _view

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


NEXT_UPDATE_GRACE = timedelta(days=7)  # a CA comment this close before the date is the update


@rule(
    code="IKB04",
    name="next-update-missed",
    severity=ERROR,
    summary="The CA posted an update by the whiteboard's Next-update date.",
    citations=(UPDATED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def next_update_missed(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """An open report MUST be updated on or before the whiteboard's "Next update" date.

    Why: the whiteboard holds only the current date, not when it was set, so a CA comment posted in the
    7 days before the date, or any time after it, counts as the update.

    Fires: when the date has passed, the bug is open, no Closure report was posted, and the CA has
    not commented since 7 days before the date: the message names the date and the days since.

    Stays quiet: before the date, on closed bugs, and when a CA comment is in that window.
    """
    view = _view(ctx)
    due = view.record.next_update
    if due is None or not view.record.is_open or view.first("closure") is not None:
        return
    today = view.now.date()
    if today <= due:
        return
    window = datetime(due.year, due.month, due.day, tzinfo=timezone.utc) - NEXT_UPDATE_GRACE
    if view.ca_after(window):
        return
    last = view.last_ca_comment
    since = (today - due).days
    text = (f"the whiteboard's Next update {due.isoformat()} passed {_days(since)} ago "
            f"(as of {today.isoformat()}) without a CA comment")
    if last is not None:
        yield _hit(view, last, text + f"; this is the CA's last comment, {_days((today - last.time.date()).days)} ago.",
                   overdue=True)
    elif view.comments:
        yield _hit(view, view.comments[0], text + "; the CA has not commented on the bug.", overdue=True)
