"""IK803 appendix-revoked-value."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik8_appendix._common import (
    IS_REVOKED,
    _APPENDIX_CITE,
    _capped,
    _cell,
    _listing,
    _pos,
    appendix_columns,
    revoked_value,
)
from incident_kit.text.normalise import clean_value


_REVOKED_HINTS: tuple[tuple[str, str], ...] = (
    (r"^(?:y|true|revoked|done|complete\w*)$", "Yes"),
    (r"^(?:no|n|false|not(?: yet)? revoked|pending|scheduled|to be revoked|will be revoked)$", "Planned or Delayed (N/A if expired)"),
    (r"^(?:expired|not applicable|n\.a\.?|na|-)$", "N/A"),
    (r"^(?:late|overdue|postponed|deferred)$", "Delayed"),
    (r"^(?:planned|plan)\w*$", "Planned"),
)


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

    Fires: (error) on an empty cell or any other value, suggesting the allowed value of the same
    meaning ("Revoked" → Yes, "Expired" → N/A; "No" → Planned or Delayed, or N/A if expired).

    Stays quiet: on the four values in any case.
    """
    cols = appendix_columns(doc)
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
