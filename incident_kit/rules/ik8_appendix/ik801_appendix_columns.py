"""IK801 appendix-columns."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import APPENDIX_COLUMNS
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik8_appendix._common import _APPENDIX_CITE, _listing, column_problems


@rule(
    code="IK801",
    name="appendix-columns",
    severity=ERROR,
    summary="The appendix certificate listing starts with the eleven IRG columns, in order.",
    citations=(_APPENDIX_CITE,),
    kinds=(d.KIND_FULL,),
    applies=_listing,
)
def appendix_columns(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The certificate listing has the IRG's columns first and in order.

    Why: the IRG lists the fields of the comma-separated listing (Precertificate SHA-256 hash,
    Certificate SHA-256 hash, Subject, Issuer, Not before, Not after, Serial #, dNSNames, Is revoked?,
    Revocation date, Revocation reason) and IRG 3.2 says they MUST appear first and in that order,
    with custom columns appended to the right of Revocation reason, so that parsing tools work.

    Fires: (error) when a standard column is missing, when the standard columns are reordered, or
    when a custom column stands before or among them.

    Stays quiet: on spelling differences of the same column (case, ``SHA256``, ``Serial number``,
    ``Serial # (hex)``, ``DNS names``, ``Is revoked`` without ``?``), on custom columns after
    Revocation reason, and on an Appendix table that is not a certificate listing.
    """
    if doc.appendix_header is None:
        return
    header = [c.raw for c in doc.appendix_header]
    problems = column_problems(header)
    if problems:
        first = doc.appendix_header[0]
        yield Hit(
            "appendix certificate listing: " + "; ".join(problems),
            line=first.line,
            column=first.column,
            suggestion=",".join(c.replace(" (hex)", "") for c in APPENDIX_COLUMNS),
        )
