"""IK604 action-due-date-invalid."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    _ACTIONS2_CITE,
    _ACTIONS_CITE,
    _IRG2_KINDS,
    _ROW_KINDS,
    _capped,
    _has_column,
    _pos,
    due_date_problem,
    normalized_status,
)


@rule(
    code="IK604",
    name="action-due-date-invalid",
    severity=ERROR,
    summary="Each action item has a due date written YYYY-MM-DD.",
    citations=(_ACTIONS_CITE, _ACTIONS2_CITE),
    kinds=_ROW_KINDS,
    applies=lambda doc, ctx: _has_column(doc, "due_date"),
)
def action_due_date_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Every action item says by which date it will be complete.

    Why: IRG 3.x makes the Due Date a required field, "a date by which the action item will be
    complete", and the template writes it ``YYYY-MM-DD``. A date is what lets readers, the
    whiteboard's Next update and the 3-day update rule hold the CA to the plan; ``ASAP``, ``TBD`` or
    ``Q1 2026`` commit to nothing.

    Fires: (error) on an empty cell, on words or periods (``ASAP``, ``TBD``, ``Q3``, ``Q1 2026``,
    ``end of year``), on a month without a day, on an impossible date (2026-02-30), and on N/A for an item
    that is not Canceled. A full date in another format ("31 March 2026") is a warning: it is a
    date, but not in the template's form. In IRG 2.0 reports every finding here is a warning,
    because IRG 2.0 said each action item *should* state its date.

    Stays quiet: on a cell that starts with a real ``YYYY-MM-DD`` date, even with a remark after it
    ("2026-03-31 (moved from 2026-02-28)"), on struck-through old dates (``~~2026-02-28~~
    2026-03-31``), and on N/A for a Canceled item.
    """
    irg2 = doc.kind in _IRG2_KINDS
    hits: list[Hit] = []
    for row in doc.action_items:
        if row.due_date is None:
            continue
        found = due_date_problem(row.due_date.raw, normalized_status(row))
        if found is None:
            continue
        message, other_format = found
        severity = WARNING if (irg2 or other_format) else None
        hits.append(
            Hit(
                f"{message} (action item on line {row.line})" if row.due_date.line != row.line else message,
                suggestion="Give the date by which the item will be complete, as YYYY-MM-DD.",
                severity=severity,
                **_pos(row.due_date, row),
            )
        )
    yield from _capped(hits, "the due date")
