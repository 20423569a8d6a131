"""IK806 certificate-data-on-request."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik8_appendix._common import _APPENDIX_CITE


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

    Fires: (warning) when the legacy topic 5 or the Appendix offers the data on request (or says it
    "can be provided") and gives no fingerprint, crt.sh link, serial number or attachment.

    Stays quiet: when the data is there, or attached, even if more is offered on request; and for
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
