"""IK404 contributing-factor-methodology-missing."""

from __future__ import annotations

from typing import Iterable

from incident_kit.document import KIND_FULL, Document
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik4_root_cause._common import C_RCA, _factor_name, _value_is_na


@rule(
    code="IK404",
    name="contributing-factor-methodology-missing",
    severity=NOTICE,
    summary="Each contributing factor names the root cause analysis method used.",
    citations=(C_RCA,),
    kinds=(KIND_FULL,),
)
def contributing_factor_methodology_missing(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A contributing factor does not say which root cause analysis method was used.

    Why: IRG 3.2 calls the "Root Cause Analysis methodology used" field optional but recommended
    (e.g. 5-Whys, Fishbone diagram) and its good practices ask for a structured method. Advice,
    so a notice.

    Fires: the field is missing from a factor, or says N/A.

    Stays quiet: any named method ("5-Whys", "Ishikawa diagram", "fault tree analysis"); an empty
    field (IK103 reports it with a warning).
    """
    for factor in doc.factors:
        value = factor.fields.get("methodology")
        if value is None:
            yield Hit(
                f"{_factor_name(factor)} does not say which root cause analysis method was used",
                line=factor.line,
                suggestion="- **Root Cause Analysis methodology used:** 5-Whys",
            )
        elif not value.is_empty and _value_is_na(value):
            yield Hit(
                f"the root cause analysis method of {_factor_name(factor)} is N/A",
                line=value.line or factor.line,
                column=value.column,
                suggestion="name the method used, e.g. 5-Whys or a Fishbone diagram",
            )
