"""Helpers, constants and patterns the ik8_appendix rules share (or other modules use)."""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator, Optional, Sequence

from incident_kit.document import Document, Located, TableRow
from incident_kit.irg import APPENDIX_COLUMNS, citations as cites
from incident_kit.lint.rule import Context, Hit
from incident_kit.rules._text import table_header_problems
from incident_kit.rules.ik2_summary._common import parse_count
from incident_kit.text.normalise import clean_value, is_na


PRECERT, CERT, SUBJECT, ISSUER, NOT_BEFORE, NOT_AFTER, SERIAL, DNS, IS_REVOKED, REV_DATE, REV_REASON = (
    "precertificatesha256hash",
    "certificatesha256hash",
    "subject",
    "issuer",
    "notbefore",
    "notafter",
    "serial",
    "dnsnames",
    "isrevoked",
    "revocationdate",
    "revocationreason",
)
COLUMN_KEYS = (PRECERT, CERT, SUBJECT, ISSUER, NOT_BEFORE, NOT_AFTER, SERIAL, DNS, IS_REVOKED, REV_DATE, REV_REASON)
REVOKED_VALUES = ("Yes", "Planned", "Delayed", "N/A")

MAX_HITS = 20

_APPENDIX_CITE = cites.IRG3_APPENDIX
_SHA256_RE = re.compile(r"[0-9A-Fa-f]{64}")


def column_key(name: str) -> str:
    """A column name reduced for comparison: ``"Serial # (hex)"``, ``"Serial number"`` → serial;
    ``"Precertificate SHA256 fingerprint"`` → precertificatesha256hash; ``"Is revoked"`` →
    isrevoked."""
    s = clean_value(name).lower()
    s = re.sub(r"\((?:hex|hexadecimal|in hex|der|utc)\)", " ", s)
    s = re.sub(r"\bin hex(?:adecimal)?\b", " ", s)
    s = re.sub(r"\bpre-?cert(?:ificate)?s?\b", "precertificate", s)
    s = re.sub(r"\bcert(?:ificate)?s?\b", "certificate", s)
    s = re.sub(r"\bsha-?\s?256\b", "sha256", s)
    s = re.sub(r"\b(?:fingerprint|digest|thumbprint)\b", "hash", s)
    s = re.sub(r"\bserial(?:\s*(?:#|no\.?|num(?:ber)?))?", "serial", s)
    s = re.sub(r"\bdns\s*names?\b", "dnsnames", s)
    s = re.sub(r"\bnot\s*-?\s*(before|after)\b", r"not\1", s)
    s = re.sub(r"[^a-z0-9]+", "", s)
    if s == "revoked":
        s = "isrevoked"
    if s in ("sha256hash", "certificatesha256", "sha256"):
        s = CERT
    if s == "precertificatesha256":
        s = PRECERT
    return s


def column_index(header: Sequence[Located]) -> dict[str, int]:
    """Standard column key → its position in ``header`` (first occurrence)."""
    out: dict[str, int] = {}
    for i, cell in enumerate(header):
        k = column_key(cell.raw)
        if k in COLUMN_KEYS and k not in out:
            out[k] = i
    return out


def appendix_columns(doc: Document) -> dict[str, int]:
    """:func:`column_index` of the Appendix header (empty without one), worked out once per
    document: every IK8 rule asks. The caller gets its own copy."""
    from incident_kit.docmemo import memo

    slot = memo(doc, "ik8.columns")
    header = doc.appendix_header
    hit = slot.get("cols")
    if hit is None or hit[0] is not header:
        hit = slot["cols"] = (header, column_index(header or []))
    return dict(hit[1])


def is_certificate_listing(doc: Document) -> bool:
    """Whether the Appendix table is a certificate listing: it names at least three of the
    standard columns, or a SHA-256 or serial column. A table of, say, log excerpts is not."""
    if doc.appendix_header is None:
        return False
    cols = appendix_columns(doc)
    return len(cols) >= 3 or bool({PRECERT, CERT, SERIAL} & set(cols))


def _listing(doc: Document, ctx: Context) -> bool:
    return is_certificate_listing(doc)


def _cell(row: TableRow, idx: Optional[int]) -> Optional[Located]:
    if idx is None or idx >= len(row.cells):
        return None
    return row.cells[idx]


def _pos(cell: Optional[Located], row: TableRow) -> dict[str, Optional[int]]:
    if cell is not None and cell.line is not None:
        return {"line": cell.line, "column": cell.column}
    return {"line": row.line, "column": None}


def _capped(hits: list[Hit], what: str) -> Iterator[Hit]:
    yield from hits[:MAX_HITS]
    rest = len(hits) - MAX_HITS
    if rest > 0:
        yield Hit(f"{rest} more rows have the same problem with {what}", line=hits[MAX_HITS].line)


def column_problems(header: Sequence[str]) -> list[str]:
    """What is wrong with an appendix header (empty when the eleven columns come first, in order)."""
    return table_header_problems(
        header, [column_key(h) for h in header], list(COLUMN_KEYS), APPENDIX_COLUMNS,
        out_of_order="the standard columns are out of order", extra_noun="custom column",
        extra_where=" stand among the standard columns; custom columns go to the right of \u201cRevocation reason\u201d",
    )


def hash_problem(value: str) -> Optional[tuple[str, bool]]:
    """``(message, minor)`` for a SHA-256 cell that is not 64 hex digits; None when it is, or when
    it is empty or N/A. ``minor`` marks a hash that is there but written differently (colons,
    a crt.sh link)."""
    v = clean_value(value)
    if not v or is_na(v):
        return None
    if _SHA256_RE.fullmatch(v):
        return None
    compact = re.sub(r"[\s:]", "", v)
    if _SHA256_RE.fullmatch(compact):
        return f"SHA-256 value \u201c{v[:24]}\u2026\u201d is written with separators; write the 64 hex digits alone", True
    embedded = re.search(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])", v)
    if embedded:
        return f"SHA-256 cell holds more than the hash (\u201c{v[:40]}\u2026\u201d); write the 64 hex digits alone", True
    hexlen = len(re.sub(r"[^0-9A-Fa-f]", "", v))
    shown = v if len(v) <= 40 else v[:39] + "\u2026"
    if re.fullmatch(r"[0-9A-Fa-f]+", v):
        return f"SHA-256 value \u201c{shown}\u201d has {len(v)} hex digits, not 64 (a SHA-1 has 40)" if len(v) == 40 else f"SHA-256 value \u201c{shown}\u201d has {len(v)} hex digits, not 64", False
    return f"SHA-256 value \u201c{shown}\u201d is not 64 hexadecimal digits ({hexlen} hex characters)", False


def revoked_value(value: str) -> Optional[str]:
    """The allowed "Is revoked?" value ``value`` spells (case-insensitive), or None."""
    v = clean_value(value).rstrip(".").strip()
    if is_na(v) and v.upper().replace(" ", "") == "N/A":
        return "N/A"
    for a in REVOKED_VALUES:
        if v.lower() == a.lower():
            return a
    return None


def listed_remaining(doc: Document, as_of: Optional[date]) -> Optional[tuple[int, int]]:
    """The least and the greatest number of listed certificates that can still be valid (neither
    revoked nor expired), or None when the listing cannot tell (no "Is revoked?" column, or a value
    that is not one of the four).

    Yes = revoked. Planned / Delayed = still valid, unless its Not after is before ``as_of``. N/A
    is the IRG's value for an expired certificate, but reports also use it for a certificate that
    needs no revocation at all; it counts as expired when its Not after is before ``as_of``, as
    valid when it is not, and as either when ``as_of`` or the date is unknown. Identical rows are
    counted once."""
    from incident_kit.text.timestamps import parse_time

    cols = appendix_columns(doc)
    if IS_REVOKED not in cols:
        return None
    seen: set[tuple[str, ...]] = set()
    low = high = 0
    for row in doc.appendix_rows:
        key = tuple(clean_value(c.raw) for c in row.cells)
        if key in seen:
            continue
        seen.add(key)
        cell = _cell(row, cols[IS_REVOKED])
        value = revoked_value(cell.raw) if cell is not None else None
        if value is None:
            return None
        if value == "Yes":
            continue
        expired: Optional[bool] = None
        if as_of is not None and NOT_AFTER in cols:
            na_cell = _cell(row, cols[NOT_AFTER])
            tv = parse_time(clean_value(na_cell.raw)) if na_cell is not None and na_cell.raw.strip() else None
            if tv is not None and tv.date is not None:
                expired = tv.date < as_of
        if expired is True:
            continue
        if value == "N/A" and expired is None:
            high += 1
            continue
        low += 1
        high += 1
    return low, high


def _count(doc: Document, key: str) -> Optional[int]:
    value = doc.field(key)
    if value is None:
        return None
    kind, n = parse_count(value.raw)
    return n if kind == "number" else None


__all__ = [
    "APPENDIX_COLUMNS",
    "column_key",
    "appendix_columns",
    "column_index",
    "column_problems",
    "hash_problem",
    "listed_remaining",
    "revoked_value",
]
