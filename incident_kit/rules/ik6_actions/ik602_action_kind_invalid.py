"""IK602 action-kind-invalid."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    KINDS,
    _ACTIONS2_CITE,
    _ACTIONS_CITE,
    _IRG2_KINDS,
    _KIND_HINTS,
    _ROW_KINDS,
    _allowed,
    _capped,
    _has_column,
    _leading_allowed,
    _pos,
    _value,
    suggest,
)
from incident_kit.text.concepts import lexicon, mentioned

REPORT_COMMITMENT = lexicon("report_commitment")


@rule(
    code="IK602",
    name="action-kind-invalid",
    severity=ERROR,
    summary="Each action item's Kind is Prevent, Mitigate or Detect.",
    citations=(_ACTIONS_CITE, _ACTIONS2_CITE),
    kinds=_ROW_KINDS,
    applies=lambda doc, ctx: _has_column(doc, "kind"),
)
def action_kind_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Kind is one of the three values the IRG defines.

    Why: the IRG classifies each action by whether it helps Prevent future incidents, Mitigate
    their impact or Detect them, and the field definitions name exactly these three words.

    Fires: (error) on an empty Kind and on any other word: ``Preventive``, ``Prevention``,
    ``Corrective``, ``Correct``, ``Monitoring``... The suggestion names the closest allowed value
    (``Preventive`` → Prevent, ``Monitoring`` → Detect; ``Correct`` could be Prevent or Mitigate
    and the message says so). Two allowed values in one cell (``Prevent, Detect``) draw only a
    notice: the meaning is clear, but one Kind per item is what the template expects.

    In IRG 2.0 reports every finding here is a warning: IRG 2.0 said each action item *should*
    state its classification (item 6 of "Creating an Incident Report").

    Stays quiet: on the three words in any case, with emphasis or a final full stop, on an
    allowed word followed by a remark in brackets, and on a row that only promises the next
    report ("Provide final incident report | Report | 2025-02-14"; lexicon
    ``report_commitment``): IRG 2.0 asked a first report for the date of the full one, some CAs
    put it in this table, and it is not a remediation to classify.
    """
    should = WARNING if doc.kind in _IRG2_KINDS else None
    hits: list[Hit] = []
    for row in doc.action_items:
        if row.kind is None:
            continue
        if mentioned(row.description.raw, REPORT_COMMITMENT):
            continue  # the date of the next report, not a remediation to classify
        value = _value(row.kind)
        if not value:
            hits.append(Hit("action item has no Kind; use Prevent, Mitigate or Detect", severity=should, **_pos(row.kind, row)))
            continue
        if _allowed(value, KINDS):
            continue
        parts = [p for p in re.split(r"(?:(?<!\s)\s+)?(?:[,/&+;]|\band\b|\bor\b)\s*", value) if p]
        several = len(parts) > 1 and all(_allowed(p, KINDS) for p in parts)
        if not several and _leading_allowed(value, KINDS):
            continue
        if several:
            hits.append(
                Hit(
                    f"Kind \u201c{value}\u201d names several kinds; the template expects one per item",
                    severity=NOTICE,
                    suggestion="Split the item, or give the Kind that describes its main effect.",
                    **_pos(row.kind, row),
                )
            )
            continue
        s = suggest(value, KINDS, _KIND_HINTS)
        hint = f"; did you mean {s}?" if s else ""
        hits.append(
            Hit(
                f"Kind \u201c{value}\u201d is not one of Prevent, Mitigate, Detect{hint}",
                suggestion=f"Write {s}." if s in KINDS else "Write Prevent, Mitigate or Detect.",
                severity=should,
                **_pos(row.kind, row),
            )
        )
    yield from _capped(hits, "Kind")
