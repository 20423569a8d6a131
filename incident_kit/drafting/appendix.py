"""Certificates -> the IRG Appendix CSV (``incident-kit appendix``).

Certificates are parsed with the ``cryptography`` package (imported when needed): a file may hold
one DER certificate or any number of PEM certificates. Each row has the IRG columns in the IRG
order (:data:`incident_kit.model.APPENDIX_COLUMNS`), written by the renderer's
:func:`incident_kit.drafting.render.certificates_csv` (RFC 4180 quoting, LF line ends):

* a precertificate (it carries the CT poison extension, 1.3.6.1.4.1.11129.2.4.3) fills the
  Precertificate SHA-256 hash column; when its final certificate is given too, both share one row,
  paired by serial number and issuer;
* Subject and Issuer are RFC 4514 strings, times ``YYYY-MM-DDTHH:MM:SSZ``, the serial number
  uppercase hexadecimal without colons (an even number of digits, as its DER bytes), dNSNames the
  subjectAltName dNSName entries separated by one space;
* Is revoked?, Revocation date and Revocation reason come from a revocations CSV (below). A
  certificate it does not list is ``N/A`` when it expired at or before the as-of date, else
  ``Planned`` (revocation date and reason ``N/A`` until known).

The revocations CSV has a header row. Columns are found by name (case, spaces and punctuation do
not matter): a key column ``serial`` (or ``Serial # (hex)``) or ``sha256`` (certificate or
precertificate hash, also ``Certificate SHA-256 hash``), ``revocation_date`` (a date and time with
a zone) and ``revocation_reason`` (the CRL reasonCode; empty means N/A), and optionally
``is_revoked`` (Yes, Planned or Delayed). Without ``is_revoked`` a listed certificate is ``Yes``,
or ``Planned`` when its revocation date is later than the as-of date.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from incident_kit.deadlines.clock import Moment, is_after, moment_at
from incident_kit.deadlines.events import find_event
from incident_kit.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.model import AffectedCertificate

CT_POISON_OID = "1.3.6.1.4.1.11129.2.4.3"
_PEM_MARK = b"-----BEGIN"


@dataclass
class ParsedCertificate:
    """What the Appendix needs of one certificate or precertificate."""

    source: str  # file name, with the position in a PEM bundle when there are several
    sha256: str
    precertificate: bool
    subject: str
    issuer: str
    serial: str
    not_before: datetime
    not_after: datetime
    dns_names: list[str]

    @property
    def pair_key(self) -> tuple[str, str]:
        return (self.serial, self.issuer)


def serial_hex(number: int) -> str:
    """Uppercase hexadecimal without colons, padded to whole bytes (``0E6B...``)."""
    text = f"{number:X}"
    return "0" + text if len(text) % 2 else text


def _describe(cert: Any, der: bytes, source: str) -> ParsedCertificate:
    """Read the Appendix fields of a ``cryptography`` certificate; InputError if it is malformed."""
    from cryptography import x509

    try:
        extensions = cert.extensions
        precert = any(e.oid.dotted_string == CT_POISON_OID for e in extensions)
        try:
            san = extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            names = san.get_values_for_type(x509.DNSName)
        except x509.ExtensionNotFound:
            names = []
        return ParsedCertificate(
            source=source,
            sha256=hashlib.sha256(der).hexdigest().upper(),
            precertificate=precert,
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            serial=serial_hex(cert.serial_number),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            dns_names=list(names),
        )
    except ValueError as exc:
        raise InputError(f"the certificate cannot be read: {exc}", source) from None


def read_certificates(path: str | Path) -> list[ParsedCertificate]:
    """Every certificate in a PEM or DER file. Raises :class:`InputError` (one line naming the file)
    for a file that cannot be read or holds no certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a certificate file", shown) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", shown) from None
    try:
        if _PEM_MARK in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = [x509.load_der_x509_certificate(data)]
    except ValueError:
        kind = "PEM" if _PEM_MARK in data else "DER"
        raise InputError(f"is not a certificate (no readable {kind} X.509 certificate in it)", shown) from None
    out = []
    for i, cert in enumerate(certs, 1):
        source = f"{shown}[{i}]" if len(certs) > 1 else shown
        out.append(_describe(cert, cert.public_bytes(Encoding.DER), source))
    return out


@dataclass
class CertificatePair:
    """One Appendix row: a certificate, its precertificate, or both."""

    certificate: Optional[ParsedCertificate] = None
    precertificate: Optional[ParsedCertificate] = None

    @property
    def main(self) -> ParsedCertificate:
        return self.certificate or self.precertificate  # type: ignore[return-value]

    def hashes(self) -> list[str]:
        return [c.sha256 for c in (self.certificate, self.precertificate) if c is not None]


def pair_certificates(certs: list[ParsedCertificate]) -> list[CertificatePair]:
    """Rows in order of first appearance; a precertificate and a certificate with the same serial
    number and issuer share a row; a certificate given twice (same hash) is listed once."""
    rows: list[CertificatePair] = []
    open_rows: dict[tuple[tuple[str, str], bool], CertificatePair] = {}
    seen: set[str] = set()
    for c in certs:
        if c.sha256 in seen:
            continue
        seen.add(c.sha256)
        partner = open_rows.pop((c.pair_key, not c.precertificate), None)
        if partner is None:
            partner = CertificatePair()
            rows.append(partner)
            open_rows[(c.pair_key, c.precertificate)] = partner
        if c.precertificate:
            partner.precertificate = c
        else:
            partner.certificate = c
    return rows


# ---------------------------------------------------------------------------------------------
# Revocations CSV.
# ---------------------------------------------------------------------------------------------

_SERIAL_COLUMNS = {"serial", "serialhex", "serialnumber", "serialno"}
_HASH_COLUMNS = {"sha256", "hash", "fingerprint", "sha256fingerprint", "certificatesha256hash",
                 "certificatesha256", "precertificatesha256hash"}
_DATE_COLUMNS = {"revocationdate", "revocationtime", "revokedat", "date"}
_REASON_COLUMNS = {"revocationreason", "reason", "reasoncode"}
_STATUS_COLUMNS = {"isrevoked", "status"}
_STATUS_VALUES = {"yes": "Yes", "planned": "Planned", "delayed": "Delayed"}


def _column(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _key(value: str) -> str:
    """A serial number or hash as compared: uppercase, no colons or spaces, no leading zeros."""
    return re.sub(r"[\s:]", "", value).upper().lstrip("0") or "0"


@dataclass
class Revocation:
    line: int
    key: str
    date: datetime
    reason: str
    status: Optional[str]
    used: bool = field(default=False)


def _find(header: list[str], names: set[str]) -> Optional[int]:
    for i, name in enumerate(header):
        if _column(name) in names:
            return i
    return None


def read_revocations(path: str | Path) -> dict[str, Revocation]:
    """The revocations CSV keyed by serial number or hash (see the module docstring)."""
    from incident_kit.sources.files import read_text_file
    from incident_kit.model import parse_draft_datetime

    shown = str(path)
    text = read_text_file(path)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError("the revocations CSV is empty; it needs a header row", shown, 1)
    header = rows[0]
    key_col = _find(header, _SERIAL_COLUMNS)
    if key_col is None:
        key_col = _find(header, _HASH_COLUMNS)
    date_col, reason_col, status_col = (_find(header, s) for s in (_DATE_COLUMNS, _REASON_COLUMNS, _STATUS_COLUMNS))
    if key_col is None or date_col is None or reason_col is None:
        raise InputError(
            "the header needs a serial (or sha256) column, revocation_date and revocation_reason", shown, 1
        )
    out: dict[str, Revocation] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        try:
            when = parse_draft_datetime(cells[date_col].strip()).astimezone(timezone.utc)
        except ValueError as exc:
            raise InputError(f"revocation_date: {exc}", shown, line) from None
        status = None
        if status_col is not None and cells[status_col].strip():
            status = _STATUS_VALUES.get(cells[status_col].strip().lower())
            if status is None:
                raise InputError(f"is_revoked: {cells[status_col].strip()!r} is not Yes, Planned or Delayed", shown, line)
        key = _key(cells[key_col])
        out[key] = Revocation(line, key, when, cells[reason_col].strip() or "N/A", status)
    return out


# ---------------------------------------------------------------------------------------------
# Rows.
# ---------------------------------------------------------------------------------------------


class NeedsDate(Exception):
    """A certificate's "Is revoked?" depends on a date that was not given."""


def _revocation_for(pair: CertificatePair, revocations: dict[str, Revocation]) -> Optional[Revocation]:
    for key in [_key(pair.main.serial)] + [_key(h) for h in pair.hashes()]:
        found = revocations.get(key)
        if found is not None:
            found.used = True
            return found
    return None


def affected_certificate(pair: CertificatePair, revocations: dict[str, Revocation],
                         as_of: Optional["Moment"]) -> "AffectedCertificate":
    """The Appendix row of one certificate pair; :class:`NeedsDate` when its status needs as-of."""
    from incident_kit.model import AffectedCertificate

    main = pair.main
    found = _revocation_for(pair, revocations)
    if found is not None:
        status = found.status
        if status is None:
            status = "Planned" if as_of is not None and as_of.at is not None and found.date > as_of.at else "Yes"
            if status == "Yes" and as_of is not None and as_of.at is None and found.date.date() > as_of.day:
                status = "Planned"
        revoked: dict[str, Any] = {"is_revoked": status, "revocation_date": found.date, "revocation_reason": found.reason}
    else:
        if as_of is None:
            raise NeedsDate(main.source)
        expired = main.not_after <= (as_of.at or datetime.combine(as_of.day, datetime.max.time(), timezone.utc))
        revoked = {"is_revoked": "N/A" if expired else "Planned", "revocation_date": "N/A", "revocation_reason": "N/A"}
    return AffectedCertificate(
        precertificate_sha256=pair.precertificate.sha256 if pair.precertificate else "",
        certificate_sha256=pair.certificate.sha256 if pair.certificate else "",
        subject=main.subject,
        issuer=main.issuer,
        not_before=main.not_before,
        not_after=main.not_after,
        serial=main.serial,
        dns_names=main.dns_names,
        **revoked,
    )


def appendix_csv(rows: list["AffectedCertificate"]) -> str:
    """The CSV text (header first, IRG column order), ending with a newline."""
    from incident_kit.drafting.render import certificates_csv

    return certificates_csv(rows) + "\n"


# ---------------------------------------------------------------------------------------------
# Certificates against the timeline (appendix --draft)
# ---------------------------------------------------------------------------------------------

BACKDATING_LIMIT = timedelta(hours=48)
"""How far before signing a notBefore may lie (TLS BR 7.1.2.7)."""


def timeline_window(doc: "Document") -> tuple[Optional[Moment], Optional[Moment]]:
    """The incident's start (earliest entry tagged start) and end (earliest entry tagged end or
    issuance_stopped after it), from a draft's timeline."""
    from incident_kit.policy.kb import EventSpec

    start = find_event(doc, EventSpec(event="start", tags=["start"]))
    end = find_event(doc, EventSpec(event="end", tags=["end", "issuance_stopped"]), after=start)
    return start, end


def not_before_problems(not_before: datetime, doc: "Document", posted: Optional[Moment]) -> list[tuple[str, Optional[int]]]:
    """Why a certificate's notBefore contradicts the draft's timeline: (message, draft line) pairs.

    A notBefore may be up to 48 hours before signing (TLS BR 7.1.2.7), so only an earlier one
    contradicts the incident's start; any notBefore after its end, or after the report was posted,
    does. A revocation delay begins when the revocation deadline passes, long after the
    certificates concerned were issued: there the start says nothing about their notBefore."""
    nb = moment_at(not_before)
    start, end = timeline_window(doc)
    found: list[tuple[str, Optional[int]]] = []
    if start is not None and not doc.bug.revocation_delay:
        earliest = moment_at(start.at - BACKDATING_LIMIT) if start.at else Moment.from_day(start.day - timedelta(days=2), None)
        if is_after(earliest, nb):
            found.append((f"notBefore {nb.label} is more than 48 hours before the incident began ({start.label})", start.line))
    if end is not None and is_after(nb, end):
        found.append((f"notBefore {nb.label} is after the incident ended ({end.label})", end.line))
    if posted is not None and is_after(nb, posted):
        found.append((f"notBefore {nb.label} is after the report was posted ({posted.label})", None))
    return found
