"""IK805 appendix-listing-missing."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ik8_appendix._common import _APPENDIX_CITE, _count, is_certificate_listing
from incident_kit.text.concepts import mentions, lexicon


CRT_SH_THRESHOLD = 10_000

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

    Fires: (error) when the Impact's total is above zero and the Appendix has no certificate
    listing and neither the Appendix nor the Impact's heuristic or additional considerations refer
    to an attachment, a file (``affected.csv``), a crt.sh list or the comment holding it. A
    listing only promised ("will be attached") is a warning: it is not there yet.

    Stays quiet: on an inline listing (Markdown table or CSV block), on "attached as affected.csv",
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
