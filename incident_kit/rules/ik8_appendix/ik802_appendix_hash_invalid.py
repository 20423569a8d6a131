"""IK802 appendix-hash-invalid."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, NOTICE, Context, Hit, rule
from incident_kit.rules.ik8_appendix._common import (
    CERT,
    PRECERT,
    _APPENDIX_CITE,
    _capped,
    _cell,
    _listing,
    _pos,
    appendix_columns,
    hash_problem,
)
from incident_kit.text.normalise import clean_value, is_na


@rule(
    code="IK802",
    name="appendix-hash-invalid",
    severity=ERROR,
    summary="SHA-256 hashes in the certificate listing are 64 hexadecimal digits.",
    citations=(_APPENDIX_CITE,),
    kinds=(d.KIND_FULL,),
    applies=_listing,
)
def appendix_hash_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """SHA-256 values that are not SHA-256 values.

    Why: the listing identifies each certificate by the SHA-256 hash of its DER encoding (and of
    its precertificate); a truncated, SHA-1 or mistyped value identifies nothing, and tools that
    look the certificates up in CT logs fail on it.

    Fires: (error) on a hash cell that is not 64 hexadecimal digits, and on a row with neither a
    certificate nor a precertificate hash. A complete hash written with colons or spaces, or inside
    a crt.sh link, is a notice.

    Stays quiet: on empty or N/A cells where a certificate has no such object: a CA certificate has
    no precertificate, and a precertificate whose certificate was never issued has no certificate
    hash. Upper and lower case are both fine.
    """
    cols = appendix_columns(doc)
    hash_cols = [k for k in (PRECERT, CERT) if k in cols]
    if not hash_cols:
        return
    hits: list[Hit] = []
    for row in doc.appendix_rows:
        present = False
        for key in hash_cols:
            cell = _cell(row, cols[key])
            if cell is None or not clean_value(cell.raw) or is_na(cell.raw):
                continue
            present = True
            found = hash_problem(cell.raw)
            if found is not None:
                message, minor = found
                hits.append(Hit(message, severity=NOTICE if minor else None, **_pos(cell, row)))
        if not present and len(hash_cols) == 2:
            hits.append(Hit("row gives neither a certificate nor a precertificate SHA-256 hash", line=row.line))
    yield from _capped(hits, "SHA-256 values")
