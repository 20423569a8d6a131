"""IK207 revocation-delay-analysis-missing."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules._text import find_placeholders
from incident_kit.rules.ik2_summary._common import _FIELDS_CITE, _hit
from incident_kit.text.normalise import starts_with_na


@rule(
    code="IK207",
    name="revocation-delay-analysis-missing",
    severity=ERROR,
    summary="A delayed-revocation report explains the delay in Analysis.",
    citations=(_FIELDS_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: doc.bug.revocation_delay,
)
def revocation_delay_analysis_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The whiteboard contains ``revocation-delay`` but Analysis is missing, blank or N/A.

    Why: the IRG makes Analysis required when the Whiteboard contains "revocation-delay": the
    factors and rationale behind the decision to delay revocation, with substantiated
    explanations of the harm revocation would cause to third parties and why the case is
    exceptional.

    Fires: no Analysis label, a blank value, or N/A.

    Stays quiet: any written analysis (whether it is convincing is judged by other rules); a drafting
    prompt still in the field (IK105 reports it); reports without ``revocation-delay`` on the
    whiteboard (not applicable).
    """
    value = doc.field(d.F_ANALYSIS)
    advice = (
        "explain the factors and rationale behind delaying revocation, with substantiated harm to "
        "third parties and why the case is exceptional"
    )
    if value is None:
        impact = doc.section(d.SEC_IMPACT)
        yield Hit(
            f"the whiteboard contains revocation-delay but the Impact section has no Analysis; {advice}",
            line=impact.line if impact else None,
            suggestion="- **Analysis:** ",
        )
    elif find_placeholders(value.raw):
        return  # a drafting prompt is still there: IK105 reports it, as for the other IK2 fields
    elif value.is_empty or starts_with_na(value.raw):
        yield _hit(value, f"the whiteboard contains revocation-delay but Analysis is not given; {advice}")
