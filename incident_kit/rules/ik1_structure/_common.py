"""Helpers, constants and patterns the ik1_structure rules share (or other modules use)."""

from __future__ import annotations

import re
from typing import Optional

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.irg.templates import THIRD_PARTY_OPTIONAL


_TEMPLATES_CITE = (cites.IRG3_TEMPLATES, cites.IRG2_TEMPLATE)
_FIELDS_CITE = (cites.IRG3_TEMPLATES, cites.IRG3_FIELDS)


def _first_line_of(doc: Document, keys: tuple[str, ...]) -> Optional[int]:
    """The heading line of the first of ``keys`` present in the document."""
    for key in keys:
        for s in doc.sections:
            if s.key == key or (key == "finding" and s.key.startswith("finding")):
                return s.line
    return None


def _insertion_line(doc: Document, order: tuple[str, ...], index: int) -> Optional[int]:
    """Where a missing section belongs: before the next template section that is present, else
    after the last section of the report."""
    following = _first_line_of(doc, order[index + 1 :])
    if following is not None:
        return following
    return doc.sections[-1].end_line if doc.sections else None


_CA_VOICE = re.compile(
    r"\bour\s+(?:own\s+)?(?:ca|cas|pki|systems?|issu\w*|orders?|validation|certificates?|customers?|subscribers?|cps|cp|"
    r"ceremon(?:y|ies)|hsms?|ocsp|crls?|responders?|normali[sz]ation|software|pipeline|profiles?|templates?|"
    r"compliance team|pki team|operations?|linters?|monitoring)\b"
    r"|\bwe\s+(?:have\s+)?(?:issued|revoked|stopped issuance|halted issuance|paused issuance|misissued|signed)\b",
    re.IGNORECASE,
)


def _written_by_ca(doc: Document) -> Optional[str]:
    """The words that show a Preliminary report is the CA Owner's own ("our order normalisation",
    "we revoked"), or None when it may come from a third party."""
    desc = doc.field(d.F_INCIDENT_DESCRIPTION)
    m = _CA_VOICE.search(desc.raw) if desc is not None else None
    return m.group(0) if m else None


def _field_is_lenient(doc: Document, key: str) -> bool:
    """A starred field of a Preliminary report that a third-party reporter may leave out: lenient
    unless the report speaks as the CA Owner."""
    return doc.kind == d.KIND_PRELIMINARY and key in THIRD_PARTY_OPTIONAL and _written_by_ca(doc) is None
