"""IK603 action-status-invalid."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, NOTICE, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    STATUSES,
    _ACTIONS_CITE,
    _STATUS_HINTS,
    _allowed,
    _capped,
    _has_column,
    _leading_allowed,
    _pos,
    _value,
    suggest,
)


@rule(
    code="IK603",
    name="action-status-invalid",
    severity=ERROR,
    summary="Each action item's Status is Ongoing, Complete, Delayed or Canceled.",
    citations=(_ACTIONS_CITE,),
    kinds=(d.KIND_FULL, d.KIND_CLOSURE),
    applies=lambda doc, ctx: _has_column(doc, "status"),
)
def action_status_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Status is one of the four values the IRG 3.x defines.

    Why: the field definitions ask for the status "using either" Ongoing, Complete, Delayed or
    Canceled, so that readers and tools can tell at a glance what is still open.

    Fires: (error) on an empty Status and on other words: ``Done``, ``Completed``, ``In progress``,
    ``Open``, ``Planned``, ``Postponed``... with the allowed value of the same meaning suggested
    (``Done`` → Complete, ``In progress`` → Ongoing). The British spelling ``Cancelled`` draws
    only a notice (same word; the IRG spells it Canceled).

    Stays quiet: on the four words in any case, and on an allowed word followed by a remark in
    brackets or after a dash ("Complete (deployed 2025-04-02)", "Canceled - replaced by item 3").
    """
    hits: list[Hit] = []
    for row in doc.action_items:
        if row.status is None:
            continue
        value = _value(row.status)
        if not value:
            hits.append(Hit("action item has no Status; use Ongoing, Complete, Delayed or Canceled", **_pos(row.status, row)))
            continue
        if _allowed(value, STATUSES) or _leading_allowed(value, STATUSES):
            continue
        if re.match(r"^cancelled(?![A-Za-z])", value, re.IGNORECASE):
            hits.append(
                Hit(
                    f"Status \u201c{value}\u201d: the IRG spells the value Canceled",
                    severity=NOTICE,
                    suggestion="Write Canceled.",
                    **_pos(row.status, row),
                )
            )
            continue
        s = suggest(value, STATUSES, _STATUS_HINTS)
        hint = f"; did you mean {s}?" if s else ""
        hits.append(
            Hit(
                f"Status \u201c{value}\u201d is not one of Ongoing, Complete, Delayed, Canceled{hint}",
                suggestion=f"Write {s}." if s else "Write Ongoing, Complete, Delayed or Canceled.",
                **_pos(row.status, row),
            )
        )
    yield from _capped(hits, "Status")
