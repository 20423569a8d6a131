"""IK804 remaining-valid-mismatch."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik8_appendix._common import _APPENDIX_CITE, _count, _listing, listed_remaining
from incident_kit.text.normalise import clean_value


@rule(
    code="IK804",
    name="remaining-valid-mismatch",
    severity=ERROR,
    summary="The Impact's \u201cremaining valid\u201d count agrees with the certificate listing.",
    citations=(_APPENDIX_CITE, cites.IRG3_FIELDS),
    kinds=(d.KIND_FULL,),
    applies=_listing,
)
def remaining_valid_mismatch(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The Impact says one number of remaining valid certificates, the Appendix shows another.

    Why: "remaining valid" is the total minus the expired and revoked certificates, and the IRG
    requires at least that set to be disclosed in the Appendix. When the count and the listing in
    the same report disagree, one of them is wrong.

    Fires: (error) when the listing is complete (as many distinct rows as the Impact's total) and
    the number of rows that are neither revoked ("Yes") nor expired differs from the stated
    remaining-valid count; and, complete or not, when the listing shows more still-valid
    certificates than the count says (listed rows are a lower bound). Planned and Delayed rows are
    valid unless their Not after is before the posting date (``--as-of``). N/A rows are counted
    either way unless that date settles it: the IRG means N/A for expired certificates, but reports
    also write it for a certificate that needs no revocation.

    Stays quiet: when either count is missing or not a number, when the listing is partial and
    shows no more valid certificates than stated, and when any "Is revoked?" value is not one of
    the four (IK803 reports it; the count cannot be trusted then). Duplicate serial numbers are
    not merged: two certificates can share a serial (that may be the incident itself).
    """
    total = _count(doc, d.F_TOTAL_CERTS)
    stated = _count(doc, d.F_REMAINING_VALID)
    if total is None or stated is None:
        return
    bounds = listed_remaining(doc, ctx.effective_date(doc))
    if bounds is None:
        return
    low, high = bounds
    rows = len({tuple(clean_value(c.raw) for c in r.cells) for r in doc.appendix_rows})
    field = doc.field(d.F_REMAINING_VALID)
    where = {"line": field.line, "column": field.column} if field is not None else {}
    plural = "s" if stated != 1 else ""
    listed = str(low) if low == high else f"between {low} and {high}"
    if rows == total and not low <= stated <= high:
        yield Hit(
            f"the Impact gives {stated} remaining valid certificate{plural}, but the Appendix lists all {total} "
            f"and {listed} of them are neither revoked nor expired",
            suggestion="Correct the count or the \u201cIs revoked?\u201d column, whichever is out of date.",
            **where,
        )
    elif low > stated:
        yield Hit(
            f"the Impact gives {stated} remaining valid certificate{plural}, but the Appendix lists {low} that are "
            "neither revoked nor expired",
            suggestion="Correct the count or the \u201cIs revoked?\u201d column, whichever is out of date.",
            **where,
        )
