"""IK007 unused-suppression."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ANY_INPUT, NOTICE, Context, Hit, rule
from incident_kit.rules.ik0_input._common import _FORMAT


@rule(
    code="IK007",
    name="unused-suppression",
    severity=NOTICE,
    summary="An inline suppression suppresses a finding; one that suppresses nothing can go.",
    citations=(_FORMAT,),
    kinds=ANY_INPUT,
    engine=True,
)
def unused_suppression(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A suppression comment that no finding needed (like ruff's unused-noqa).

    Why: once the report was corrected, the comment is only noise, and it would hide a new finding of
    the same code in that block later. The engine reports it after the rules have run: a
    suppression is unused when none of the findings it covers has one of its codes.

    Fires: (notice) once per suppression comment that suppressed nothing, naming its codes.

    Stays quiet: when it suppressed at least one finding; for codes whose rules did not run (deselected,
    not applicable to the report, not in force); and for comments IK006 already reports (unknown
    codes).
    """
    return iter(())
