"""IK201 ccadb-id-format."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik2_summary._common import _FIELDS_CITE, _PRELIM_FULL, _answered, _hit
from incident_kit.text.normalise import clean_value, is_na


_CCADB_ID_RE = re.compile(r"A\d{6}")
_NEAR_ID_RE = re.compile(r"[Aa][\s-]*0*(\d{1,6})")
_LONE_ID_RE = re.compile(r"(?<![A-Za-z0-9])A\d{6}(?!\d)")


@rule(
    code="IK201",
    name="ccadb-id-format",
    severity=ERROR,
    summary='The CA Owner CCADB unique ID is "A" followed by six digits.',
    citations=(_FIELDS_CITE,),
    kinds=_PRELIM_FULL,
)
def ccadb_id_format(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The CA Owner CCADB unique ID does not have the CCADB's form.

    Why: the IRG defines the field as the CCADB unique ID of the CA Owner's "CA Owner/Certificate"
    record, which begins with "A" followed by six digits (``A000123``); other identifiers cannot be
    looked up.

    Fires: ``CA-0042``, ``A12345``, ``A-000123``, the CA's name, N/A in a Full report.

    Stays quiet: ``A000123`` (with emphasis or code marks around it, a final full stop, or a remark
    after it such as ``A000123 (Example CA)``); the one ID given beside the owner's name
    (``Example CA (A000123)``, ``Example S.A. : A000123``, full-width brackets too); N/A in a
    Preliminary report (a third-party reporter may not know it); a blank or missing field
    (IK102, IK103).
    """
    value = _answered(doc, d.F_CCADB_ID)
    if value is None:
        return
    text = clean_value(value.raw).rstrip(".").strip()
    first = clean_value(re.split(r"[\s(,;]", text, maxsplit=1)[0]).rstrip(".")
    if _CCADB_ID_RE.fullmatch(first) or (doc.kind == d.KIND_PRELIMINARY and is_na(text)):
        return
    if len(set(_LONE_ID_RE.findall(text))) == 1:
        return  # the ID is there, named beside the owner: "Example Trust (A000123)", "Example S.A.: A000123"
    near = _NEAR_ID_RE.fullmatch(text)
    yield _hit(
        value,
        f'the CCADB unique ID {text!r} is not "A" followed by six digits (e.g. A000123); copy the ID '
        f'of the CA Owner/Certificate record from the CCADB',
        suggestion=f"A{int(near.group(1)):06d}" if near else None,
    )
