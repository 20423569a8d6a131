"""Helpers, constants and patterns the ik5_remediation rules share (or other modules use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from dataclasses import dataclass
from typing import Optional

from incident_kit.irg.kinds import KIND_CLOSURE, WITH_REMEDIES
from incident_kit.lint.rule import Context

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.policy import Concern, PolicyBase
    from incident_kit.policy.model import Clause


REMEDY_KINDS = WITH_REMEDIES


def _policy_for(ctx: Context) -> "PolicyBase":
    from incident_kit.policy import policy_for

    return policy_for(ctx)


@dataclass(frozen=True, slots=True)
class Remedy:
    """One remediation step as written: an action-item row, a legacy step, or a closure sentence."""

    text: str
    line: Optional[int]


def remedies(doc: "Document") -> list[Remedy]:
    """The remediation steps a report offers, whatever its generation (read once per document:
    every IK5 rule and its applicability test ask)."""
    from incident_kit.docmemo import memo

    slot = memo(doc, "ik5.remedies")
    if "steps" not in slot:
        slot["steps"] = _remedies(doc)
    return list(slot["steps"])


def remedy_norms(doc: "Document") -> list[str]:
    """``normalise(r.text)`` of each of :func:`remedies`, once per document (every clause concept
    and known-insufficient remedy is looked for in the same remedies)."""
    from incident_kit.docmemo import memo
    from incident_kit.text.normalise import normalise

    slot = memo(doc, "ik5.remedies")
    if "norms" not in slot:
        slot["norms"] = [normalise(r.text) for r in remedies(doc)]
    return list(slot["norms"])


def _remedies(doc: "Document") -> list[Remedy]:
    out = [Remedy(_unmark(r.description.raw), r.line) for r in doc.action_items if r.description.raw.strip()]
    out += [Remedy(_unmark(e.raw), e.line) for e in doc.legacy_remediation if e.raw.strip()]
    if doc.kind == KIND_CLOSURE:
        for key in ("remediation_description", "commitment_summary"):
            f = doc.fields.get(key)
            if f is not None and f.raw.strip() and not f.is_na:
                out.append(Remedy(f.raw, f.line))
    return out


_LIST_MARKER = re.compile(r"^\s*(?:\+{2,}\s*)?(?:(?:[-*+\u2022]|\d+[.)])\s+)?(?:\+{2,}\s*)?")  # and an edit marker ("+++ ")


def _unmark(text: str) -> str:
    """The text of a list item without its marker."""
    return _LIST_MARKER.sub("", text).strip()


def _concerns(doc: "Document", ctx: Context) -> list[tuple["Concern", list["Clause"]]]:
    """The clauses the report concerns, grouped: clauses that state the same rule in two documents
    (``related``, e.g. MRSP 5.3.2 and CCADB Policy 3.2) are judged once, as one group that cites all
    of them and asks for the union of their concepts."""
    concerns = _policy_for(ctx).concerned(doc, ctx.effective_date(doc))
    by_id = {c.clause.id: c for c in concerns}
    covered: set[str] = set()
    out = []
    for c in concerns:
        if c.clause.id in covered:
            continue
        group = [c.clause] + [by_id[r].clause for r in c.clause.related if r in by_id and r not in covered]
        covered.update(x.id for x in group)
        out.append((c, group))
    return out


def _union(items) -> list:
    seen, out = set(), []
    for x in items:
        if x.id not in seen:
            seen.add(x.id)
            out.append(x)
    return out


def _has_remedies(doc: "Document", ctx: Context) -> bool:
    return bool(remedies(doc))


def _how(concern: "Concern") -> str:
    if concern.how == "inferred":
        return f" (clause inferred from the description: \u201c{concern.evidence}\u201d)"
    if concern.how == "title":
        return f" (clause inferred from the bug title: \u201c{concern.evidence}\u201d)"
    if concern.how == "whiteboard":
        return f" (from the whiteboard tag {concern.evidence})"
    return ""
