"""Helpers, constants and patterns the ik4_root_cause rules share (or other modules use)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from incident_kit.document import (
    F_CLOSURE_ROOT_CAUSES,
    KIND_IRG2,
    KIND_IRG2_AUDIT,
    KIND_LEGACY,
    SEC_RCA,
    ContributingFactorBlock,
    Document,
    Located,
)
from incident_kit.irg import citations as cites
from incident_kit.rules import _causes as causes
from incident_kit.text.concepts import mentioned, lexicon


C_RCA = cites.IRG3_RCA
C_RCA_2 = cites.IRG2_RCA
C_LEGACY = cites.IRG_LEGACY
C_IRG1 = cites.IRG1
C_PRACTICES = cites.IRG3_PRACTICES

ESCAPE_REASON = lexicon("escape_reason")


@dataclass(frozen=True, slots=True)
class RcaPart:
    """A piece of root cause text and where it starts."""

    text: str
    line: Optional[int]
    end_line: Optional[int] = None


def rca_parts(doc: Document) -> list[RcaPart]:
    """The root cause text of the report: every Root Cause Analysis section (IRG 2.0 audit reports
    have one per finding), legacy topic 6, or the Closure "Incident Root Cause(s)" field."""
    parts = [RcaPart(s.text, s.line, s.end_line) for s in doc.sections if s.key in (SEC_RCA, "topic6")]
    closure = doc.field(F_CLOSURE_ROOT_CAUSES)
    if closure is not None and not closure.is_empty:
        parts.append(RcaPart(closure.raw, closure.line))
    return parts


def _generation_citations(doc: Document) -> tuple[str, ...]:
    if doc.kind in (KIND_IRG2, KIND_IRG2_AUDIT):
        return (C_RCA_2,)
    if doc.kind == KIND_LEGACY:
        return (C_LEGACY, C_IRG1)
    return ()


def _value_is_na(value: Located) -> bool:
    """N/A, also with an explanation after it ("N/A – only one factor")."""
    head = value.raw.strip().split(" ", 1)[0].rstrip(".,;:\u2013\u2014-")
    return value.is_na or Located(head).is_na


def explains_escape(text: str) -> bool:
    """Whether a detection narrative says why the problem was not found earlier: causal language
    ("because", "due to", "since the review samples ..."), an account of the escape ("stayed
    hidden", "compared the subject but not the extensions", "the runbook had no step for ..."), a
    missing or failed control ("no alert existed"), or a weakness of the process ("the review
    samples only 3% of orders")."""
    return (
        mentioned(text, causes.CAUSAL, negated=None)
        or mentioned(text, ESCAPE_REASON, negated=None)
        or causes.system_cause(text) is not None
    )


_LATER_REPORT_RE = re.compile(
    r"^\W*(?:(?:this\s+(?:section|analysis|part)\s+|(?:the\s+)?(?:details|more|information|(?:root\s+cause\s+)?analysis|root\s+cause)\s+(?:are\s+|is\s+)?)?(?:is\s+|will\s+be\s+|to\s+be\s+)"
    r"(?:added|provided|given|included|described|shared|published|completed|posted|detailed|delivered)"
    r"|(?:will\s+|to\s+)?follow)\b[^.]{0,40}?\b(?:in|with)\s+(?:the|our)\s+(?:final|full|later|next|complete|detailed)"
    r"\s+(?:incident\s+)?report\b\W*$",
    re.IGNORECASE,
)


def defers_to_later_report(text: str) -> bool:
    """Whether a section holds only a promise that its content comes in a later report ("(To be
    added in the final report)", "Will be provided in the full report."): a preliminary report's
    placeholder, with no analysis in it to judge."""
    return bool(_LATER_REPORT_RE.match(" ".join(text.split())))


def _factor_name(factor: ContributingFactorBlock) -> str:
    return f"Contributing Factor #{factor.number}" if factor.number is not None else "a contributing factor"
