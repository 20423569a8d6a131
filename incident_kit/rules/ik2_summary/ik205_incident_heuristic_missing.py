"""IK205 incident-heuristic-missing."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik2_summary._common import _FIELDS_CITE, _answered, _hit, certificates_affected
from incident_kit.text.normalise import starts_with_na


@rule(
    code="IK205",
    name="incident-heuristic-missing",
    severity=ERROR,
    summary="When certificates are affected, the incident heuristic is given.",
    citations=(_FIELDS_CITE,),
    kinds=(d.KIND_FULL,),
)
def incident_heuristic_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Certificates are affected but the Incident heuristic is N/A.

    Why: when certificates are impacted the IRG requires one of three answers: a heuristic that
    lets a third party assemble the whole affected corpus, an explanation of why that is not
    possible, or a statement that the full corpus is in the Appendix. N/A gives none of them.

    Fires: a heuristic of N/A (or N/A with a remark) when the total number of certificates is
    above zero.

    Stays quiet: any of the three answers; N/A when the total is 0 or N/A; a missing or blank field
    (IK102 and IK103 report those).
    """
    value = _answered(doc, d.F_HEURISTIC)
    if value is None or not starts_with_na(value.raw) or not certificates_affected(doc):
        return
    yield _hit(
        value,
        "certificates are affected, but the Incident heuristic is N/A; describe how a third party "
        "can find every affected certificate, explain why that is impossible, or state that the "
        "Appendix lists them all",
    )
