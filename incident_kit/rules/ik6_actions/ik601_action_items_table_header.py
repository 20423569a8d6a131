"""IK601 action-items-table-header."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import IRG2_ACTION_COLUMNS, IRG3_ACTION_COLUMNS
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    _ACTIONS2_CITE,
    _ACTIONS_CITE,
    _IRG2_KINDS,
    _TABLE_KINDS,
    header_key,
    header_problems,
)
from incident_kit.text.normalise import clean_value


@rule(
    code="IK601",
    name="action-items-table-header",
    severity=ERROR,
    summary="The Action Items table has the template's columns, in the template's order.",
    citations=(_ACTIONS_CITE, _ACTIONS2_CITE),
    kinds=_TABLE_KINDS,
)
def action_items_table_header(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The Action Items table keeps the template's header.

    Why: the IRG 3.x template's table is ``Action Item | Kind | Corresponding Root Cause(s) |
    Evaluation Criteria | Due Date | Status``; IRG 2.0 and its Audit variant use ``Action Item |
    Kind | Due Date``. Every column is a required field, and reviewers (and tools) read the columns
    by position.

    Fires: (error) when a template column is missing or renamed (``Type`` for ``Kind``, ``Root
    cause`` for ``Corresponding Root Cause(s)``), when the columns are reordered, or when an IRG 3.x
    report has an Action Items section but no table in it (a bullet list has no Kind, Due Date or
    Status to read). An IRG 3.x report using the three IRG 2.0 columns is missing three columns.

    In IRG 2.0 reports the finding is a warning: IRG 2.0 said each action item *should* state its
    kind and date (item 6 of "Creating an Incident Report"), so the columns carrying them are a
    SHOULD there.

    Stays quiet: on differences of case, spacing, emphasis and ``(s)`` versus ``s``; on extra
    columns to the right of the template's; on an IRG 2.0 report that uses the fuller IRG 3.x
    header; and on reports without an Action Items section (IK101 reports that).
    """
    expected = IRG3_ACTION_COLUMNS if doc.kind == d.KIND_FULL else IRG2_ACTION_COLUMNS
    if doc.action_header is None:
        section = doc.section(d.SEC_ACTIONS)
        if doc.kind == d.KIND_FULL and section is not None and section.text.strip():
            yield Hit(
                "the Action Items section has no table; the template asks for a table with the columns "
                + " | ".join(expected),
                line=section.line,
                suggestion="| " + " | ".join(expected) + " |",
            )
        return
    header = [c.raw for c in doc.action_header]
    if doc.kind in _IRG2_KINDS and [header_key(h) for h in header[:6]] == [header_key(c) for c in IRG3_ACTION_COLUMNS]:
        return
    problems = header_problems(header, expected)
    if problems:
        yield Hit(
            "Action Items table header: " + "; ".join(problems) + f" (found: {' | '.join(clean_value(h) for h in header)})",
            line=doc.action_header_line,
            suggestion="| " + " | ".join(expected) + " |",
            severity=WARNING if doc.kind in _IRG2_KINDS else None,
        )
