"""IK005 suppression-without-reason."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ANY_INPUT, WARNING, Context, Hit, rule
from incident_kit.rules.ik0_input._common import _CHARACTER


@rule(
    code="IK005",
    name="suppression-without-reason",
    severity=WARNING,
    summary="An inline suppression comment gives no reason.",
    citations=(_CHARACTER,),
    kinds=ANY_INPUT,
)
def suppression_without_reason(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A ``<!-- incident-kit: ignore IKnnn -->`` comment hides findings without saying why.

    Why: suppressing a finding is a claim that the report is right and the rule is wrong for it. The
    reviewers reading the report (and the colleague who edits it next) deserve the reason, written
    after ``--``, for example ``<!-- incident-kit: ignore IK304 -- times before 2019 were only logged
    by date -->``. The suppression still takes effect.

    Fires: on each suppression comment with an empty reason.

    Stays quiet: when a reason follows the codes.
    """
    for s in doc.suppressions:
        if not s.reason.strip():
            codes = ", ".join(s.codes) or "no code"
            yield Hit(
                f"suppression of {codes} gives no reason",
                line=s.line,
                suggestion="add the reason after ' -- ', e.g. <!-- incident-kit: ignore IK304 -- why the rule does not fit here -->",
            )
