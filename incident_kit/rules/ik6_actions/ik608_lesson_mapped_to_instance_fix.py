"""IK608 lesson-mapped-to-instance-fix."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.rules.ik6_actions._common import (
    _ACTIONS_CITE,
    _LESSONS_CITE,
    _clip,
    _description,
    _has_actions,
    _label,
    _lessons,
)


@rule(
    code="IK608",
    name="lesson-mapped-to-instance-fix",
    severity=NOTICE,
    summary="A lesson is not answered only by action items that repair this incident.",
    citations=(_LESSONS_CITE, _ACTIONS_CITE),
    kinds=(d.KIND_FULL, d.KIND_IRG2),
    applies=_has_actions,
)
def lesson_mapped_to_instance_fix(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A lesson whose only action items repair this incident is mapped on paper only.

    Why: a lesson says what went wrong or what cannot be relied on; the IRG wants action items
    that create protections against the next incident. An item that only revokes these
    certificates, re-uploads the corrected statement or fixes the record ends this incident and
    leaves the lesson's weakness in place. Whether an item addresses a lesson is a judgment, so this
    is advice.

    Fires: (notice) on a "What didn't go well", "Where we got lucky" or "Other" lesson that refers
    explicitly to existing action items when every one of them only repairs this instance.

    Stays quiet: when at least one referenced item changes a system, process or control, or aims at
    future occurrences, and on lessons without references (IK606/IK607 judge those).
    """
    n = len(doc.action_items)
    for lesson in _lessons(doc, ("didnt_go_well", "got_lucky", "additional")):
        refs = [r for r in lesson.action_items if 1 <= r <= n]
        if not refs:
            continue
        rows = [doc.action_items[r - 1] for r in refs]
        if all(causes.repairs_instance_only(_description(r)) for r in rows):
            names = ", ".join(_label(doc.action_items[r - 1], r) for r in refs)
            yield Hit(
                f"\u201c{_clip(lesson.text, 70)}\u201d is mapped to {names}, which only repairs this incident "
                "and does not change what the lesson says went wrong",
                line=lesson.line,
                suggestion="Map the lesson to an item that removes the weakness it names (or add one).",
            )
