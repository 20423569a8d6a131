"""IK103 empty-field."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document, Located
from incident_kit.irg.templates import FACTOR_LABELS, FIELD_LABELS, OPTIONAL_FIELDS
from incident_kit.lint.rule import ERROR, IRG3, WARNING, Context, Hit, rule
from incident_kit.rules.ik1_structure._common import _FIELDS_CITE, _field_is_lenient


@rule(
    code="IK103",
    name="empty-field",
    severity=ERROR,
    summary="A field that does not apply says N/A instead of being left blank.",
    citations=_FIELDS_CITE,
    kinds=IRG3,
)
def empty_field(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A template field is present but blank.

    Why: the IRG requires every field of the template to be completed, and a field that does not
    apply MUST be marked N/A. A blank label leaves the reader unsure whether the answer was
    forgotten.

    Fires: a labelled field (Summary, Impact, Closure Summary, or a Contributing Factor's
    Description, Timeline, Detection, Interaction or methodology) whose value is empty. Optional
    fields (Additional considerations, Root Cause Analysis methodology used) and the starred
    fields of a Preliminary report give a warning.

    Stays quiet: ``N/A`` or any text; the Timeline summary label itself, whose answer is in its three
    sub-fields; Analysis when the whiteboard contains ``revocation-delay`` (IK207).
    """
    delay = doc.bug.revocation_delay
    for key, value in doc.fields.items():
        if key == d.F_TIMELINE_SUMMARY or not value.is_empty or key not in FIELD_LABELS:
            continue
        if key == d.F_ANALYSIS and delay:
            continue
        lenient = key in OPTIONAL_FIELDS or _field_is_lenient(doc, key)
        yield _empty_hit(f'"{FIELD_LABELS[key]}"', value, lenient)
    for factor in doc.factors:
        for key, value in factor.fields.items():
            if value.is_empty and key in FACTOR_LABELS:
                where = f'"{FACTOR_LABELS[key]}" of Contributing Factor #{factor.number or "?"}'
                yield _empty_hit(where, value, key == "methodology")


def _empty_hit(label: str, value: Located, lenient: bool) -> Hit:
    return Hit(
        f"{label} is empty; write the answer, or N/A if it does not apply",
        line=value.line,
        column=value.column,
        suggestion="N/A",
        severity=WARNING if lenient else None,
    )
