"""IKB06 action-item-change-not-reported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import datetime, timedelta, timezone
from typing import Iterator

from incident_kit.deadlines.clock import _days
from incident_kit.lint.rule import ANY_INPUT, ERROR, Context, Hit, rule
from incident_kit.rules.ikb_bug._common import (
    BugView,
    ClassifiedComment,
    DONE,
    UPDATED,
    _bug,
    _hit,
    _now_label,
    _status,
    _tables,
    _view,
)
from incident_kit.sources.markdown.kinds import IRG3_VERSIONS

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import ActionItemRow, Document


IRG31_EFFECTIVE = dict((v, d) for d, v in IRG3_VERSIONS)["3.1"]  # updates within 3 days of an action item's change


def _item_key(row: "ActionItemRow") -> str:
    return " ".join(row.description.raw.lower().split())[:80]


@rule(
    code="IKB06",
    name="action-item-change-not-reported",
    severity=ERROR,
    summary="An update came within 3 days of an action item's due date (completed, changed or delayed).",
    citations=(UPDATED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def action_item_change_not_reported(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Since IRG 3.1 an open report MUST be updated within 3 days of an action item being changed,
    completed or delayed.

    Why: on its due date an open action item is completed or delayed, so a CA comment is due within 3
    days of it. For every action item the CA listed as not yet done, with a due date from
    2025-07-15 on: the update counts when a CA comment was posted from the day before the due date
    to 3 days after it, or when an earlier CA comment already showed the item done or moved.

    Fires: when 3 days after the due date passed with no such comment (overdue when none came at
    all).

    Stays quiet: for items shown done before their date, for dates still ahead, and after a
    Closure report posted before the date.
    """
    view = _view(ctx)
    tables = _tables(view)
    closure = view.first("closure")
    seen: set[str] = set()
    for posted, rows in tables:
        for row in rows:
            key = _item_key(row)
            if key in seen or row.due is None or row.due < IRG31_EFFECTIVE or _status(row) in DONE:
                continue
            due = datetime(row.due.year, row.due.month, row.due.day, tzinfo=timezone.utc)
            if due <= posted.time or (closure is not None and closure.time < due):
                continue
            deadline = due + timedelta(days=4)  # end of the third day after the due date
            if view.now < deadline:
                continue
            seen.add(key)
            if _reported(view, key, posted, due, deadline):
                continue
            later = view.ca_after(due)
            what = f"action item {row.description.raw.strip()[:60]!r} (due {row.due.isoformat()})"
            if later:
                yield _hit(view, later[0], f"{what}: the CA's first comment after its due date, "
                           f"{_days((later[0].time.date() - row.due).days)} later; updates are due within 3 days.")
            else:
                yield _hit(view, posted, f"{what}: no CA comment since its due date as of {_now_label(view)}; "
                           "an update was due within 3 days.", overdue=True)


def _reported(view: "BugView", key: str, posted: "ClassifiedComment", due: datetime, deadline: datetime) -> bool:
    for c in view.ca_after(posted.time):
        if due - timedelta(days=1) <= c.time < deadline:
            return True
        if c.time >= due or c.doc is None:
            continue
        for row in c.doc.action_items:
            if _item_key(row) == key and (_status(row) in DONE or (row.due is not None and row.due != due.date())):
                return True
    return False
