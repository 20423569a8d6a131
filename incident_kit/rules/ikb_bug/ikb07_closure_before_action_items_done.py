"""IKB07 closure-before-action-items-done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ANY_INPUT, ERROR, Context, Hit, rule
from incident_kit.rules.ikb_bug._common import DONE, _bug, _hit, _status, _tables, _view

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


CLOSED = cites.IRG3_CLOSURE


@rule(
    code="IKB07",
    name="closure-before-action-items-done",
    severity=ERROR,
    summary="A Closure report comes only when every action item the CA listed earlier is Complete or Canceled.",
    citations=(CLOSED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def closure_before_action_items_done(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The Closure report states that every action item was completed; the CA posts it only when
    that is so.

    Why: the Closure template carries no action items table, so a file lint cannot see this (IK612
    checks a Closure report that does include one). On a bug, the action items are those of the
    last table the CA posted before the Closure report (the Full report or a later update).

    Fires: on the Closure report when an item of that table is still Ongoing, Delayed or has
    another status than Complete or Canceled.

    Stays quiet: when every item is done, and when no table was posted.
    """
    view = _view(ctx)
    for closure in (c for c in view.comments if c.kind == "closure"):
        if closure.doc is not None and closure.doc.action_items:
            continue  # IK612 judges the closure's own table
        before = [(c, rows) for c, rows in _tables(view) if c.time < closure.time and c.kind != "closure"]
        if not before:
            continue
        posted, rows = before[-1]
        open_items = [r for r in rows if _status(r) not in DONE]
        if open_items:
            names = "; ".join(f"{r.description.raw.strip()[:50]!r} ({(r.status.raw.strip() if r.status else 'no status')})"
                              for r in open_items[:3])
            more = f" and {len(open_items) - 3} more" if len(open_items) > 3 else ""
            yield _hit(view, closure, f"Closure report while {posted.label} lists {len(open_items)} action "
                       f"item(s) not Complete or Canceled: {names}{more}.")
