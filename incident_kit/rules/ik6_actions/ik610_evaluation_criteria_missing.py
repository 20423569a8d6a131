"""IK610 evaluation-criteria-missing."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    _ACTIONS_CITE,
    _PLACEHOLDER_CRITERIA_RE,
    _capped,
    _has_column,
    _pos,
    _value,
    normalized_status,
)
from incident_kit.text.normalise import is_na


@rule(
    code="IK610",
    name="evaluation-criteria-missing",
    severity=ERROR,
    summary="Each action item says how its effectiveness will be evaluated.",
    citations=(_ACTIONS_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: _has_column(doc, "evaluation_criteria"),
)
def evaluation_criteria_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Evaluation Criteria is filled in for every action item.

    Why: the IRG 3.x Evaluation Criteria column is a required field: how the CA Owner will measure
    the item's effectiveness against the root cause, and how the public can, where possible. N/A
    is not an answer for an action that is going to be taken.

    Fires: (error) on an empty cell, N/A, ``TBD``, ``-`` or ``none`` for an item that is not Canceled.

    Stays quiet: on any other text (IK611 judges vague wording), and on N/A for a Canceled item.
    """
    hits: list[Hit] = []
    for row in doc.action_items:
        if row.evaluation_criteria is None and row.kind is None:
            continue
        value = _value(row.evaluation_criteria)
        if value and not is_na(value) and not _PLACEHOLDER_CRITERIA_RE.match(value):
            continue
        if normalized_status(row) == "Canceled":
            continue
        shown = f" (\u201c{value}\u201d)" if value else ""
        hits.append(
            Hit(
                f"action item has no evaluation criteria{shown}",
                suggestion="Say what will show the item works: a measurement, a test result, public evidence (CT logs, audit statements, the CPS), or a qualitative assessment and how it will be monitored.",
                **_pos(row.evaluation_criteria, row),
            )
        )
    yield from _capped(hits, "the evaluation criteria")
