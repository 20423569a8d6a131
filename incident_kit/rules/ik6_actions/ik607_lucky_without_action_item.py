"""IK607 lucky-without-action-item."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    _LESSONS2_CITE,
    _LESSONS_CITE,
    _clip,
    _has_actions,
    _lessons,
    _unmapped,
)


@rule(
    code="IK607",
    name="lucky-without-action-item",
    severity=WARNING,
    summary="Every \u201cWhere we got lucky\u201d item has a corresponding action item.",
    citations=(_LESSONS_CITE, _LESSONS2_CITE),
    kinds=(d.KIND_FULL, d.KIND_IRG2),
    applies=_has_actions,
)
def lucky_without_action_item(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each "Where we got lucky" item should be answered by an action item.

    Why: the IRG says these items SHOULD generally also have corresponding Action Items, so that
    the CA Owner does not rely on luck next time (same in IRG 2.0).

    Fires: (warning) on a "Where we got lucky" item that is not mapped to an action item, judged as
    in IK606.

    Stays quiet: on mapped items, on N/A, and when the report has no action items at all.
    """
    for lesson in _lessons(doc, ("got_lucky",)):
        found = _unmapped(doc, lesson)
        if found is not None:
            why = found[0]
            yield Hit(
                f"Where we got lucky item \u201c{_clip(lesson.text)}\u201d has no corresponding action item: {why}",
                line=lesson.line,
                suggestion="Add an action item so that the outcome no longer depends on luck, and reference it after the lesson.",
            )
