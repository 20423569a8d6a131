"""IK405 root-cause-restates-incident."""

from __future__ import annotations

from typing import Iterable, Optional

from incident_kit.document import F_INCIDENT_DESCRIPTION, KIND_FULL, KIND_IRG2, KIND_LEGACY, SEC_SUMMARY, Document
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.rules.ik4_root_cause._common import (
    C_LEGACY,
    C_PRACTICES,
    C_RCA,
    C_RCA_2,
    _factor_name,
    _generation_citations,
    rca_parts,
)
from incident_kit.text.concepts import mentioned
from incident_kit.text.sentences import content_words, overlap


RESTATEMENT_OVERLAP = 0.7
"""Share of a root cause's content words found in the incident description above which, with no
causal language, the root cause is taken to restate the incident."""
MIN_WORDS_FOR_OVERLAP = 4


def _incident_reference(doc: Document) -> str:
    """The text that says what happened: the Incident description (IRG 3.x), the Summary (IRG
    2.0), or legacy topics 1 and 4."""
    desc = doc.field(F_INCIDENT_DESCRIPTION)
    if desc is not None and not desc.is_empty:
        return desc.raw
    keys = (SEC_SUMMARY,) if doc.kind != KIND_LEGACY else ("topic1", "topic4")
    return "\n".join(s.text for s in doc.sections if s.key in keys)


def _restates(text: str, reference: str) -> bool:
    """Whether ``text`` mostly repeats ``reference`` and gives no cause: no causal language, and
    no system weakness beyond those the reference already states ("... was not validated" in
    both is the incident, not its cause)."""
    if len(content_words(text)) < MIN_WORDS_FOR_OVERLAP:
        return False
    if mentioned(text, causes.CAUSAL, negated=None):
        return False
    if overlap(text, reference) < RESTATEMENT_OVERLAP:
        return False  # (asked before the system cause, two big lexicons: most root causes say other things)
    weakness = causes.system_cause(text)
    return weakness is None or weakness.text.lower() in reference.lower()


@rule(
    code="IK405",
    name="root-cause-restates-incident",
    severity=WARNING,
    summary="The root cause explains why the incident happened instead of repeating what happened.",
    citations=(C_RCA, C_PRACTICES, C_RCA_2, C_LEGACY),
    kinds=(KIND_FULL, KIND_IRG2, KIND_LEGACY),
)
def root_cause_restates_incident(doc: Document, ctx: Context) -> Iterable[Hit]:
    """The root cause repeats the incident description and gives no cause.

    Why: IRG 3.2 asks the analysis to focus on the "why", not just the "what", and lists a
    superficial root cause analysis among the practices to avoid; IRG 2.0 and the legacy text
    ask how and why the problem arose. A root cause that only restates the incident tells other
    CAs nothing. Advice of SHOULD force, so a warning.

    Fires: a contributing factor's Description (IRG 3.x), or the whole root cause text (IRG 2.0,
    legacy), whose content words are mostly (70% or more) those of the incident description
    and which has no causal language ("because", "due to", "caused by", "led to", "allowed") and
    names no weakness of a system or process.

    Stays quiet: a root cause that shares words with the description but explains them ("...
    because the profile template was copied from the S/MIME profile"); a different account of the
    conditions ("the re-validation workflow pre-fills the organization name"); short texts of
    fewer than four content words.
    """
    reference = _incident_reference(doc)
    if not reference.strip():
        return
    if doc.factors:
        for factor in doc.factors:
            value = factor.fields.get("description")
            if value is not None and _restates(value.raw, reference):
                yield _restatement_hit(f"the Description of {_factor_name(factor)}", value.line or factor.line, doc)
        return
    for part in rca_parts(doc):
        if _restates(part.text, reference):
            yield _restatement_hit("the root cause analysis", part.line, doc)


def _restatement_hit(what: str, line: Optional[int], doc: Document) -> Hit:
    return Hit(
        f"{what} repeats the incident description and gives no cause (no \u201cbecause\u201d, \u201cdue to\u201d, "
        "\u201callowed\u201d or system weakness)",
        line=line,
        suggestion="say why it happened: which condition, process or system let it happen",
        citations=_generation_citations(doc),
    )
