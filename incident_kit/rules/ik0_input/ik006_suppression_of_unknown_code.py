"""IK006 suppression-of-unknown-code."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ANY_INPUT, WARNING, Context, Hit, all_rules, rule
from incident_kit.rules.ik0_input._common import _CHARACTER


@rule(
    code="IK006",
    name="suppression-of-unknown-code",
    severity=WARNING,
    summary="An inline suppression names no rule code, or a code that no rule has.",
    citations=(_CHARACTER,),
    kinds=ANY_INPUT,
)
def suppression_of_unknown_code(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A suppression comment that cannot match any finding does nothing, usually because of a typo.

    Why: the codes after ``ignore`` are rule codes (``IK304``) or family prefixes (``IK3``); a code that
    no rule has, or a comment with no code at all, suppresses nothing, and the finding it was meant
    for is still reported.

    Fires: once per suppression comment with an unknown code or no code.

    Stays quiet: when every code belongs to a registered rule (``incident-kit rules`` lists them).
    """
    if not doc.suppressions:
        return
    known = all_rules()
    for s in doc.suppressions:
        unknown = [c for c in s.codes if not any(code.startswith(c.upper()) for code in known)]
        if not s.codes:
            yield Hit("suppression comment names no rule code; it has no effect", line=s.line)
        elif unknown:
            yield Hit(
                f"suppression names unknown rule code {', '.join(unknown)}; it has no effect for that code",
                line=s.line,
                suggestion="`incident-kit rules` lists the codes",
            )
