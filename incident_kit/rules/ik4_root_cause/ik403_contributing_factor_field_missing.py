"""IK403 contributing-factor-field-missing."""

from __future__ import annotations

from typing import Iterable

from incident_kit.document import KIND_FULL, Document, Located
from incident_kit.irg import citations as cites, templates
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik4_root_cause._common import C_RCA, _factor_name, rca_parts


REQUIRED_FACTOR_FIELDS = ("description", "timeline", "detection", "interaction")
FACTOR_LABELS = templates.FACTOR_LABELS


@rule(
    code="IK403",
    name="contributing-factor-field-missing",
    severity=ERROR,
    summary="Each contributing factor has Description, Timeline, Detection and Interaction fields.",
    citations=(C_RCA, cites.IRG3_TEMPLATES),
    kinds=(KIND_FULL,),
)
def contributing_factor_field_missing(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A contributing factor lacks one of the fields of the template, or the Root Cause Analysis
    has no contributing factor at all.

    Why: the IRG 3.x Full template gives every contributing factor a Description, Timeline,
    Detection and "Interaction with other factors" field, and CA Owners MUST complete all
    applicable fields, writing N/A where one does not apply (IRG 3.2 §Report Templates).

    Fires: a "Contributing Factor #N" block without the "Detection:" label (one finding per missing
    label, at the factor's title); a Root Cause Analysis section with text but no "Contributing
    Factor #N: title" block.

    Stays quiet: a field written N/A (Interaction is often N/A with a single factor); an empty
    field (IK103 reports it); the optional methodology field (IK404).
    """
    if not doc.factors:
        for part in rca_parts(doc):
            if part.text.strip() and not Located(part.text).is_na:
                yield Hit(
                    "the Root Cause Analysis has no \u201cContributing Factor #N: title\u201d block with the template's fields",
                    line=part.line,
                    suggestion="**Contributing Factor #1: title** followed by Description, Timeline, Detection, "
                    "Interaction with other factors and Root Cause Analysis methodology used",
                )
        return
    for factor in doc.factors:
        for key in REQUIRED_FACTOR_FIELDS:
            if key not in factor.fields:
                yield Hit(
                    f"{_factor_name(factor)} has no \u201c{FACTOR_LABELS[key]}\u201d field; write it, or N/A if it does not apply",
                    line=factor.line,
                    suggestion=f"- **{FACTOR_LABELS[key]}:** ",
                )
