"""IK009 rule-crashed."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ANY_INPUT, ERROR, Context, Hit, rule
from incident_kit.rules.ik0_input._common import _FIELDS


@rule(
    code="IK009",
    name="rule-crashed",
    severity=ERROR,
    summary="A rule failed with an internal error, so its check did not run.",
    citations=(_FIELDS,),
    kinds=ANY_INPUT,
    engine=True,
)
def rule_crashed(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A rule raised an exception on this document; the engine reports it instead of stopping.

    Why: the other rules' findings are still reported, but the report was not fully checked: the run
    fails so that a bug in the linter cannot pass as a clean report.

    Fires: once per rule that raised, naming the rule and the exception type. Please report it with
    the document (or a shortened version) that triggers it.

    Stays quiet: when every rule runs to completion.
    """
    return iter(())
