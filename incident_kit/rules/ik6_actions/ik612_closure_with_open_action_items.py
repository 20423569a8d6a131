"""IK612 closure-with-open-action-items."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import ActionItemRow, Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import _ACTIONS_CITE, _has_column, _label, _pos, _value, normalized_status
from incident_kit.text.concepts import mentioned, lexicon
from incident_kit.text.sentences import sentences


REASON = lexicon("reason")
CANCEL = lexicon("cancel")


def _table_lines(doc: Document) -> set[int]:
    lines = {r.line for r in doc.action_items}
    if doc.action_header_line is not None:
        lines.add(doc.action_header_line)
        lines.add(doc.action_header_line + 1)
    return lines


def canceled_explained(doc: Document, row: ActionItemRow, index: int) -> bool:
    """Whether the report gives a reason for canceling this item: in its own row (a reason in the
    description, criteria or status remark) or in a sentence of the report that speaks of
    canceling this item or canceling in general, with a reason."""
    own = " ".join(_value(c) for c in (row.description, row.evaluation_criteria, row.status, row.root_causes))
    if mentioned(own, REASON, negated=None):
        return True
    skip = _table_lines(doc)
    prose = "\n".join(line for no, line in enumerate(doc.text.splitlines(), 1) if no not in skip)
    for sentence in sentences(prose):
        if mentioned(sentence.text, CANCEL, negated=None) and mentioned(sentence.text, REASON, negated=None):
            return True
    return False


@rule(
    code="IK612",
    name="closure-with-open-action-items",
    severity=ERROR,
    summary="A Closure report lists no action item as Ongoing or Delayed, and explains cancelations.",
    citations=(cites.IRG3_CLOSURE, _ACTIONS_CITE),
    kinds=(d.KIND_CLOSURE,),
    applies=lambda doc, ctx: _has_column(doc, "status"),
)
def closure_with_open_action_items(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Closure report whose action items are not all done.

    Why: CA Owners request closure "when all Action Items are complete", and the Closure template
    ends by asserting that all Action Items "have been completed as described". An item still
    Ongoing or Delayed contradicts that sentence. A Canceled item is not completed as described
    either; reviewers accept it only with a reason (replaced by another item, no longer needed).

    Fires: (error) on each item whose Status is Ongoing or Delayed (read leniently: "In progress"
    counts as Ongoing); fires (warning) on a Canceled item when neither its row nor any sentence
    of the report about the cancelation gives a reason.

    Stays quiet: when every item is Complete, and on a Canceled item explained in its row
    ("Canceled - replaced by item 2") or in the text ("Item 3 was canceled because the hourly
    probe already covers it").
    """
    for i, row in enumerate(doc.action_items, 1):
        status = normalized_status(row)
        if status in ("Ongoing", "Delayed"):
            yield Hit(
                f"{_label(row, i)} is {status}, but a Closure report asserts that all action items have been completed",
                suggestion="Post the closure request once the item is Complete, or keep the report open with an update on it.",
                **_pos(row.status, row),
            )
        elif status == "Canceled" and not canceled_explained(doc, row, i):
            yield Hit(
                f"{_label(row, i)} is Canceled with no explanation; the closure asserts the items were completed as described",
                severity=WARNING,
                suggestion="Say why the item was canceled and what, if anything, replaces it.",
                **_pos(row.status, row),
            )
