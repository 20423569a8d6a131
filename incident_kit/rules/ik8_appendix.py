"""IK8: the Appendix and its certificate data.

IRG 3.x asks for a comma-separated listing of the affected certificates when fewer than 10,000 are
affected (a crt.sh text file may replace it from 10,000 up), with eleven standard columns first
and in a fixed order "to ensure automated parsing tools function correctly", and custom columns
only to the right (IRG 3.2). The reader gives the listing as ``doc.appendix_header`` and
``doc.appendix_rows``, from a Markdown table or a fenced CSV block in the Appendix section, or from
a draft's ``appendix.certificates``.

Columns are recognised by name, not position, so that the value checks (IK802-IK804) still work
when IK801 reports the order. Names are compared leniently: case, spacing and punctuation,
``SHA256``/``SHA-256``, ``hash``/``fingerprint``, ``Serial #``/``Serial number``/``Serial # (hex)``,
``dNSNames``/``DNS names`` and a missing ``?`` on ``Is revoked`` do not matter.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator, Optional, Sequence

from incident_kit import document as d
from incident_kit.document import Document, Located, TableRow
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.text.concepts import mentions, lexicon
from incident_kit.rules._text import header_layout
from incident_kit.text.normalise import clean_value, is_na
from incident_kit.irg import APPENDIX_COLUMNS
from incident_kit.rules.ik2_summary import parse_count
from incident_kit.irg import citations as cites

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
CRT_SH_THRESHOLD = 10_000
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


def is_certificate_listing(doc: Document) -> bool:
    """Whether the Appendix table is a certificate listing: it names at least three of the
    standard columns, or a SHA-256 or serial column. A table of, say, log excerpts is not."""
    if doc.appendix_header is None:
        return False
    cols = column_index(doc.appendix_header)
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


# --------------------------------------------------------------------------------------------
# IK801 columns.
# --------------------------------------------------------------------------------------------


def column_problems(header: Sequence[str]) -> list[str]:
    """What is wrong with an appendix header (empty when the eleven columns come first, in order)."""
    missing, out_of_order, extra = header_layout([column_key(h) for h in header], list(COLUMN_KEYS))
    problems: list[str] = []
    if missing:
        names = [APPENDIX_COLUMNS[i] for i in missing]
        problems.append("missing column" + ("s " if len(names) > 1 else " ") + ", ".join(f"\u201c{m}\u201d" for m in names))
    if out_of_order:
        problems.append("the standard columns are out of order")
    elif extra:
        problems.append(
            "custom column" + ("s " if len(extra) > 1 else " ") + ", ".join(f"\u201c{clean_value(header[i])}\u201d" for i in extra)
            + " stand among the standard columns; custom columns go to the right of \u201cRevocation reason\u201d"
        )
    return problems


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

    Fires (error) when a standard column is missing, when the standard columns are reordered, or
    when a custom column stands before or among them.

    Stays quiet on spelling differences of the same column (case, ``SHA256``, ``Serial number``,
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


# --------------------------------------------------------------------------------------------
# IK802 hashes.
# --------------------------------------------------------------------------------------------


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

    Fires (error) on a hash cell that is not 64 hexadecimal digits, and on a row with neither a
    certificate nor a precertificate hash. A complete hash written with colons or spaces, or inside
    a crt.sh link, is a notice.

    Stays quiet on empty or N/A cells where a certificate has no such object: a CA certificate has
    no precertificate, and a precertificate whose certificate was never issued has no certificate
    hash. Upper and lower case are both fine.
    """
    cols = column_index(doc.appendix_header or [])
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


# --------------------------------------------------------------------------------------------
# IK803 Is revoked?
# --------------------------------------------------------------------------------------------

_REVOKED_HINTS: tuple[tuple[str, str], ...] = (
    (r"^(?:y|true|revoked|done|complete\w*)$", "Yes"),
    (r"^(?:no|n|false|not(?: yet)? revoked|pending|scheduled|to be revoked|will be revoked)$", "Planned or Delayed (N/A if expired)"),
    (r"^(?:expired|not applicable|n\.a\.?|na|-)$", "N/A"),
    (r"^(?:late|overdue|postponed|deferred)$", "Delayed"),
    (r"^(?:planned|plan)\w*$", "Planned"),
)


def revoked_value(value: str) -> Optional[str]:
    """The allowed "Is revoked?" value ``value`` spells (case-insensitive), or None."""
    v = clean_value(value).rstrip(".").strip()
    if is_na(v) and v.upper().replace(" ", "") == "N/A":
        return "N/A"
    for a in REVOKED_VALUES:
        if v.lower() == a.lower():
            return a
    return None


@rule(
    code="IK803",
    name="appendix-revoked-value",
    severity=ERROR,
    summary="\u201cIs revoked?\u201d is Yes, Planned, Delayed or N/A.",
    citations=(_APPENDIX_CITE,),
    kinds=(d.KIND_FULL,),
    applies=_listing,
)
def appendix_revoked_value(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The listing's "Is revoked?" column uses the IRG's four values.

    Why: the IRG defines the column's values: "Yes", "Planned", "Delayed", or "N/A" for an expired
    certificate. Other words (No, Revoked, True, Expired) leave readers and tools to guess whether
    a certificate is still trusted.

    Fires (error) on an empty cell or any other value, suggesting the allowed value of the same
    meaning ("Revoked" → Yes, "Expired" → N/A; "No" → Planned or Delayed, or N/A if expired).

    Stays quiet on the four values in any case.
    """
    cols = column_index(doc.appendix_header or [])
    if IS_REVOKED not in cols:
        return
    hits: list[Hit] = []
    for row in doc.appendix_rows:
        cell = _cell(row, cols[IS_REVOKED])
        value = clean_value(cell.raw) if cell is not None else ""
        if revoked_value(value) is not None:
            continue
        if not value:
            hits.append(Hit("\u201cIs revoked?\u201d is empty; write Yes, Planned, Delayed or N/A (expired)", **_pos(cell, row)))
            continue
        hint = next((target for pattern, target in _REVOKED_HINTS if re.match(pattern, value, re.IGNORECASE)), None)
        hits.append(
            Hit(
                f"\u201cIs revoked?\u201d value \u201c{value}\u201d is not Yes, Planned, Delayed or N/A"
                + (f"; did you mean {hint}?" if hint else ""),
                suggestion=f"Write {hint}." if hint else "Write Yes, Planned, Delayed or N/A.",
                **_pos(cell, row),
            )
        )
    yield from _capped(hits, "\u201cIs revoked?\u201d")


# --------------------------------------------------------------------------------------------
# IK804 remaining-valid count against the listing.
# --------------------------------------------------------------------------------------------


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

    cols = column_index(doc.appendix_header or [])
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

    Fires (error) when the listing is complete (as many distinct rows as the Impact's total) and
    the number of rows that are neither revoked ("Yes") nor expired differs from the stated
    remaining-valid count; and, complete or not, when the listing shows more still-valid
    certificates than the count says (listed rows are a lower bound). Planned and Delayed rows are
    valid unless their Not after is before the posting date (``--as-of``). N/A rows are counted
    either way unless that date settles it: the IRG means N/A for expired certificates, but reports
    also write it for a certificate that needs no revocation.

    Stays quiet when either count is missing or not a number, when the listing is partial and
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


# --------------------------------------------------------------------------------------------
# IK805 listing missing.
# --------------------------------------------------------------------------------------------

ATTACHMENT = lexicon("attachment")

_PROMISE_RE = re.compile(r"\b(?:will|to) be (?:attached|uploaded|provided|posted|shared|added)\b|\bwill (?:attach|upload|provide|post|share|add)\b", re.IGNORECASE)
_PRECERT_ONLY_RE = re.compile(
    r"\bonly (?:the )?pre-?certificates?\b|\bpre-?certificates? only\b|\bno (?:final |corresponding )?certificates? (?:was|were|has been|have been) (?:issued|signed)\b",
    re.IGNORECASE,
)


def _listing_texts(doc: Document) -> list[str]:
    texts: list[str] = []
    sec = doc.section(d.SEC_APPENDIX)
    if sec is not None:
        texts.append(sec.text)
    for key in (d.F_HEURISTIC, d.F_ADDITIONAL):
        f = doc.field(key)
        if f is not None:
            texts.append(f.raw)
    return texts


@rule(
    code="IK805",
    name="appendix-listing-missing",
    severity=ERROR,
    summary="When certificates are affected, the Appendix lists them or points to the attached listing.",
    citations=(_APPENDIX_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: _count(doc, d.F_TOTAL_CERTS) is not None,
)
def appendix_listing_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Certificates are affected but the report neither lists them nor points to a listing.

    Why: for incidents that directly impact certificates the Appendix MUST disclose the time-valid
    (including revoked) affected certificates; under 10,000 certificates the CA MUST attach the
    comma-separated listing, and from 10,000 up it MAY attach a text file of crt.sh links instead.
    The intended form is a Bugzilla attachment, so a reference to one is as good as an inline
    listing.

    Fires (error) when the Impact's total is above zero and the Appendix has no certificate
    listing and neither the Appendix nor the Impact's heuristic or additional considerations refer
    to an attachment, a file (``affected.csv``), a crt.sh list or the comment holding it. A
    listing only promised ("will be attached") is a warning: it is not there yet.

    Stays quiet on an inline listing (Markdown table or CSV block), on "attached as affected.csv",
    "see attachment", "Attached: list.csv", crt.sh links, when the total is 0 or N/A, and when the
    report says only precertificates were affected (the IRG's requirement is for certificates).
    """
    total = _count(doc, d.F_TOTAL_CERTS)
    if not total or (is_certificate_listing(doc) and doc.appendix_rows):
        return
    texts = _listing_texts(doc)
    joined = "\n".join(texts)
    if _PRECERT_ONLY_RE.search(joined) or _PRECERT_ONLY_RE.search(_field_text(doc, d.F_CERT_TYPES)):
        return
    promised = False
    for text in texts:
        for m in mentions(text, ATTACHMENT):
            if m.negated:
                continue
            if _PROMISE_RE.search(m.sentence):
                promised = True
                continue
            return
    sec = doc.section(d.SEC_APPENDIX)
    line = sec.line if sec is not None else (doc.field(d.F_TOTAL_CERTS).line if doc.field(d.F_TOTAL_CERTS) else None)
    form = (
        "attach the comma-separated listing (IRG columns) or a text file of https://crt.sh/?sha256=... lines"
        if total >= CRT_SH_THRESHOLD
        else "attach the comma-separated listing with the IRG columns"
    )
    if promised:
        yield Hit(
            f"{total} certificates are affected and the listing is only promised; {form} and say so in the Appendix",
            line=line,
            severity=WARNING,
        )
        return
    yield Hit(
        f"{total} certificate{'s are' if total != 1 else ' is'} affected, but the Appendix neither lists them nor refers to an attached listing",
        line=line,
        suggestion=f"{form[0].upper()}{form[1:]}, and name the attachment in the Appendix (e.g. \u201cAttached: affected.csv\u201d).",
    )


def _field_text(doc: Document, key: str) -> str:
    f = doc.field(key)
    return f.raw if f is not None else ""


__all__ = [
    "APPENDIX_COLUMNS",
    "column_key",
    "column_index",
    "column_problems",
    "hash_problem",
    "listed_remaining",
    "revoked_value",
]


# --------------------------------------------------------------------------------------------
# IK806 certificate data offered only "on request".
# --------------------------------------------------------------------------------------------

_ON_REQUEST = re.compile(
    r"\b(?:(?:up)?on|by|at your|per)\s+request\b|\bcan be (?:provided|made available|shared|sent)\b|\bavailable (?:to|for) (?:root programs?|reviewers?|mozilla|anyone)\b",
    re.IGNORECASE,
)
_CERT_DATA = re.compile(r"\b[0-9a-f]{64}\b|crt\.sh|\battach(?:ed|ment)\b|\.csv\b|\bserial", re.IGNORECASE)


@rule(
    code="IK806",
    name="certificate-data-on-request",
    severity=WARNING,
    summary="The affected certificates are listed in the report, not offered on request.",
    citations=(cites.IRG_LEGACY, cites.IRG1, _APPENDIX_CITE),
    kinds=(d.KIND_LEGACY, d.KIND_FULL, d.KIND_IRG2),
)
def certificate_data_on_request(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The certificate list is offered "on request" instead of being given.

    Why: the legacy topic 5 asks for the complete certificate data in the report (fingerprints or
    crt.sh links, or an attached spreadsheet), and the IRG 3.x Appendix MUST disclose the affected
    certificates (as a CSV, or a crt.sh list above 10,000). A list "available on request" leaves
    the public with nothing to check, and root programs with a round trip. The legacy text says
    "should"; IK805 covers a 3.x Appendix with no listing at all. Hence a warning.

    Fires (warning) when the legacy topic 5 or the Appendix offers the data on request (or says it
    "can be provided") and gives no fingerprint, crt.sh link, serial number or attachment.

    Stays quiet when the data is there, or attached, even if more is offered on request; and for
    reports without a topic 5 or an Appendix section.
    """
    for key in ("topic5", d.SEC_APPENDIX):
        sec = doc.section(key)
        if sec is None or not sec.text.strip():
            continue
        m = _ON_REQUEST.search(sec.text)
        if m is None or _CERT_DATA.search(sec.text) or doc.appendix_rows:
            continue
        yield Hit(
            f"the certificate data is offered \u201c{m.group(0)}\u201d instead of being given",
            line=sec.line + 1 + sec.text[: m.start()].count("\n"),
            suggestion="list the certificates: crt.sh links or SHA-256 fingerprints (a CSV attachment with the IRG "
            "columns for IRG 3.x reports)",
        )
