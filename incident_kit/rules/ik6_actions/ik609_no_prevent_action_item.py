"""IK609 no-prevent-action-item."""

from __future__ import annotations

from typing import Iterator, Optional

from incident_kit.document import ActionItemRow, Document
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    KINDS,
    _ACTIONS2_CITE,
    _ACTIONS_CITE,
    _KIND_HINTS,
    _TABLE_KINDS,
    _allowed,
    _has_column,
    _leading_allowed,
    _value,
    suggest,
)


def normalized_kind(row: ActionItemRow) -> Optional[str]:
    """The Kind an item has, read leniently (a misspelt ``Preventive`` counts as Prevent), or None."""
    value = _value(row.kind)
    if not value:
        return None
    exact = _allowed(value, KINDS) or _leading_allowed(value, KINDS)
    if exact:
        return exact
    s = suggest(value, KINDS, _KIND_HINTS)
    return s if s in KINDS else None


@rule(
    code="IK609",
    name="no-prevent-action-item",
    severity=NOTICE,
    summary="The action items include Prevent items (and Mitigate items), as the IRG encourages.",
    citations=(_ACTIONS_CITE, _ACTIONS2_CITE),
    kinds=_TABLE_KINDS,
    applies=lambda doc, ctx: _has_column(doc, "kind"),
)
def no_prevent_action_item(doc: Document, ctx: Context) -> Iterator[Hit]:
    """No action item is of Kind Prevent.

    Why: the IRG *encourages* action items in all three kinds "with an emphasis on Prevent and
    Mitigate". "Encouraged" is advice, not an RFC 2119 SHOULD, so this is a notice. A plan with no
    Prevent item leaves the next occurrence to be caught or contained rather than stopped.

    Fires: (notice) when no item is Prevent; the message says so more strongly when no item is
    Mitigate either (only Detect, or nothing readable). Kinds are read leniently here
    (``Preventive`` counts as Prevent; IK602 reports the spelling).

    Stays quiet: when at least one item is Prevent. Not effective without a Kind column.
    """
    kinds = {normalized_kind(r) for r in doc.action_items} - {None}
    if not doc.action_items or "Prevent" in kinds:
        return
    first = doc.action_items[0].line
    if "Mitigate" in kinds:
        yield Hit(
            "no action item is of Kind Prevent; the IRG encourages all three kinds with an emphasis on Prevent and Mitigate",
            line=first,
            suggestion="Consider an item that stops the cause from recurring (Prevent).",
        )
    else:
        yield Hit(
            "no action item is of Kind Prevent or Mitigate; the IRG puts the emphasis on those two kinds",
            line=first,
            suggestion="Add items that stop a recurrence (Prevent) or limit its impact (Mitigate).",
        )
