"""IK605 factor-without-action-item."""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from incident_kit import document as d
from incident_kit.document import ActionItemRow, Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import _ACTIONS_CITE, _has_column
from incident_kit.text.normalise import clean_value
from incident_kit.text.sentences import content_words, overlap


# A range never starts inside a run of blanks (it starts at "#" or at the first blank): restarting
# the search from every blank of a long run was quadratic.
_RANGE_RE = re.compile(r"(?:#|(?<!\s))\s*(\d{1,3})\s*(?:-|\u2013|\bto\b|through)\s*#?\s*(\d{1,3})(?!\d)", re.IGNORECASE)
_ALL_RE = re.compile(r"^\s*(?:all|every|each)\b(?:\s+(?:the\s+)?(?:contributing\s+factors?|root\s+causes?|factors?|of\s+them))?\s*\.?$", re.IGNORECASE)


def factor_refs(row: ActionItemRow, factor_numbers: Sequence[int]) -> set[int]:
    """The contributing factors an action item's Corresponding Root Cause(s) cell names: numbers
    (``Root Cause # 1``, ``Contributing Factors #1, #2``), ranges (``#1-#3``) and "All"."""
    if row.root_causes is None:
        return set()
    raw = clean_value(row.root_causes.raw)
    if _ALL_RE.match(raw):
        return set(factor_numbers)
    out = set(row.root_cause_ids)
    for m in _RANGE_RE.finditer(raw):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= hi <= lo + 50:
            out.update(range(lo, hi + 1))
    return out


def _factor_number(doc: Document, index: int) -> int:
    f = doc.factors[index]
    return f.number if f.number is not None else index + 1


@rule(
    code="IK605",
    name="factor-without-action-item",
    severity=ERROR,
    summary="Every contributing factor is answered by at least one action item.",
    citations=(_ACTIONS_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: bool(doc.factors) and _has_column(doc, "root_causes"),
)
def factor_without_action_item(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each contributing factor has an action item that lists it.

    Why: the IRG's Corresponding Root Cause(s) column exists so that "each problem/issue identified
    in the Root Cause Analysis ... MUST be mapped to at least one specific action item". A factor
    no item answers is a cause left in place.

    Fires: (error) on each Contributing Factor #N that no action item names in its Corresponding
    Root Cause(s) cell, by number (``Root Cause # 2``, ``Contributing Factors #1, #2``, ``#1-#3``)
    or, when the cell has no number, by repeating the factor's title.

    Stays quiet: when every factor is named; a cell reading "All" (or "All contributing factors")
    names every factor. Not effective when the table has no Corresponding Root Cause(s) column
    (IK601 reports the header) or the report has no numbered factors.
    """
    numbers = [_factor_number(doc, i) for i in range(len(doc.factors))]
    mapped: set[int] = set()
    titled: list[str] = []
    for row in doc.action_items:
        refs = factor_refs(row, numbers)
        mapped |= refs
        if not refs and row.root_causes is not None and row.root_causes.raw.strip():
            titled.append(clean_value(row.root_causes.raw))
    for i, factor in enumerate(doc.factors):
        n = numbers[i]
        if n in mapped:
            continue
        if factor.title and any(
            overlap(factor.title, cell) >= 0.6 and len(content_words(factor.title) & content_words(cell)) >= 2
            for cell in titled
        ):
            continue
        title = f" ({clean_value(factor.title)})" if factor.title else ""
        yield Hit(
            f"Contributing Factor #{n}{title} is not listed under Corresponding Root Cause(s) by any action item",
            line=factor.line,
            suggestion=f"Add or extend an action item that removes this factor and write \u201cContributing Factor #{n}\u201d in its Corresponding Root Cause(s) cell.",
        )
