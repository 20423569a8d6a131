"""IK606 lesson-without-action-item."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg.templates import LESSON_LABELS
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    _ACTIONS_CITE,
    _LESSONS2_CITE,
    _LESSONS_CITE,
    _clip,
    _has_actions,
    _lessons,
    _unmapped,
)


_CATEGORY_NAMES = {**LESSON_LABELS, "additional": "Other (Additional)"}
"""How a message names each lesson category: the template's labels, "Additional" as its heading
line reads in full."""


@rule(
    code="IK606",
    name="lesson-without-action-item",
    severity=ERROR,
    summary="Every \u201cWhat didn\u2019t go well\u201d and \u201cOther\u201d lesson has a corresponding action item.",
    citations=(_LESSONS_CITE, _ACTIONS_CITE, _LESSONS2_CITE),
    kinds=(d.KIND_FULL, d.KIND_IRG2),
    applies=_has_actions,
)
def lesson_without_action_item(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each "What didn't go well" and "Other" lesson is answered by an action item.

    Why: the IRG says each "What didn't go well" item MUST have at least one corresponding Action
    Item, and so must each "Other" item (the template's "Additional"); IRG 2.0 said the same of
    "What didn't go well". A weakness named in the lessons but answered nowhere is a known gap
    left open.

    Fires: (error) on a lesson whose only references point past the end of the table ("Action Item
    7" when there are 4), and on a lesson with no reference when other lessons of the report do
    give references and no action item shares its subject (see the module docstring: at least two
    content words and 30% of the lesson's, with an item that does more than repair this instance).
    When the report gives no references at all, the same unmatched lesson is a warning: the
    correspondence may be there in other words ("a single calendar reminder was the only control"
    answered by "track review dates in the ticket system with two owners"), which word overlap
    cannot see, so the tool asks for the reference rather than asserting the MUST is broken.

    Stays quiet: on a lesson with an explicit reference ("(Action Item 2)", "AI #1, #3", "see action
    items 1-3"), on a lesson without references whose subject an action item plainly shares, on
    N/A, and when the report has no action items at all (IK101 reports the missing section).
    """
    for lesson in _lessons(doc, ("didnt_go_well", "additional")):
        found = _unmapped(doc, lesson)
        if found is not None:
            why, certain = found
            yield Hit(
                f"{_CATEGORY_NAMES[lesson.category]} item \u201c{_clip(lesson.text)}\u201d has no corresponding action item: {why}",
                line=lesson.line,
                severity=None if certain else WARNING,
                suggestion="Add an action item that addresses it, and write its number after the lesson, e.g. \u201c(Action Item 2)\u201d.",
            )
