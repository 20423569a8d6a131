"""IK204 certificate-count-invalid."""

from __future__ import annotations

from typing import Iterator, Optional

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg.templates import FIELD_LABELS
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik2_summary._common import _FIELDS_CITE, _answered, _hit, parse_count
from incident_kit.text.normalise import clean_value


@rule(
    code="IK204",
    name="certificate-count-invalid",
    severity=ERROR,
    summary="Certificate counts are whole numbers (or N/A) and remaining valid does not exceed the total.",
    citations=(_FIELDS_CITE,),
    kinds=(d.KIND_FULL,),
)
def certificate_count_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A certificate count in Impact is not a number, or "remaining valid" exceeds the total.

    Why: when certificates are impacted the IRG requires the total count (including expired and
    revoked certificates) and the count of those still valid (the total minus expired and revoked
    ones). Estimates and words cannot be checked against the Appendix.

    Fires: ``several``, ``approximately 1,200``, ``~300``, ``2.5k``, "to be determined"; a remaining count
    larger than the total; a remaining count when the total is N/A.

    Stays quiet: ``1,204``, ``0``, ``4 (two pairs of duplicates)``, ``None``, ``N/A`` when no
    certificates are affected; blank or missing fields (IK102, IK103).
    """
    counts: dict[str, tuple[str, Optional[int]]] = {}
    for key in (d.F_TOTAL_CERTS, d.F_REMAINING_VALID):
        value = _answered(doc, key)
        if value is None:
            continue
        counts[key] = parse_count(value.raw)
        if counts[key][0] == "invalid":
            yield _hit(
                value,
                f'"{FIELD_LABELS[key]}" is {clean_value(value.raw)!r}, not a count; give the exact '
                f"number of certificates (or N/A when no certificates are affected)",
            )
    total, remaining = counts.get(d.F_TOTAL_CERTS), counts.get(d.F_REMAINING_VALID)
    if total is None or remaining is None or remaining[0] != "number":
        return
    where = doc.fields[d.F_REMAINING_VALID]
    if total[0] == "number" and remaining[1] > total[1]:  # type: ignore[operator]
        yield _hit(where, f'"remaining valid" ({remaining[1]}) exceeds the total number of certificates ({total[1]})')
    elif total[0] == "na" and remaining[1]:
        yield _hit(where, f'"remaining valid" is {remaining[1]} but the total number of certificates is N/A')
