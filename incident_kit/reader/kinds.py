"""Which kind of report a text is, from its structure (title heading, sections, labels, tables,
legacy topics), with the posting date (``as_of``) breaking ties; and which IRG version applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from incident_kit import document as d

IRG2_START = date(2023, 10, 17)
IRG3_START = date(2025, 3, 1)
IRG1_START = date(2023, 2, 15)
IRG3_VERSIONS = ((date(2026, 3, 20), "3.2"), (date(2025, 7, 15), "3.1"), (IRG3_START, "3.0"))

FULL_LABELS = frozenset(
    {
        d.F_CCADB_ID,
        d.F_TIMELINE_SUMMARY,
        d.F_NC_START,
        d.F_NC_IDENTIFIED,
        d.F_NC_END,
        d.F_TOTAL_CERTS,
        d.F_REMAINING_VALID,
        d.F_CERT_TYPES,
        d.F_HEURISTIC,
        d.F_ISSUANCE_STOPPED,
        d.F_ANALYSIS,
        d.F_ADDITIONAL,
    }
)
CLOSURE_LABELS = frozenset({d.F_CLOSURE_ROOT_CAUSES, d.F_CLOSURE_REMEDIATION, d.F_CLOSURE_COMMITMENTS})
PRELIM_LABELS = frozenset({d.F_INCIDENT_DESCRIPTION, d.F_RELEVANT_POLICIES, d.F_SOURCE})
BODY_SECTIONS = frozenset(
    {d.SEC_SUMMARY, d.SEC_IMPACT, d.SEC_TIMELINE, d.SEC_RCA, d.SEC_LESSONS, d.SEC_ACTIONS, d.SEC_APPENDIX, d.SEC_RELATED}
)


@dataclass(slots=True)
class Evidence:
    """What the outline and the value extractors found."""

    title: Optional[d.Located] = None
    title_kind: Optional[str] = None
    closure_heading: Optional[d.Located] = None
    sections: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)
    topics: int = 0
    topic_questions: int = 0  # legacy topics opened by the template's own question text
    findings: int = 0
    factors: int = 0
    irg3_action_table: bool = False  # Status / Evaluation Criteria / Root Cause columns
    closing_sentence: bool = False


@dataclass(slots=True)
class Verdict:
    kind: str
    guessed: bool
    reason: str


def decide(ev: Evidence, forced: Optional[str], as_of: Optional[date]) -> Verdict:
    if forced is not None:
        return Verdict(forced, False, "kind given by the caller")
    verdict = _from_title(ev) or _from_structure(ev)
    return _date_check(verdict, ev, as_of)


def _from_title(ev: Evidence) -> Optional[Verdict]:
    if ev.title is not None and ev.title_kind is not None:
        where = f"title heading {ev.title.raw!r} (line {ev.title.line})"
        if ev.title_kind == d.KIND_IRG2 and len(ev.fields & FULL_LABELS) >= 3:
            return Verdict(d.KIND_FULL, True, f"{where} is the IRG 2.0 title, but the report has IRG 3.x Full labels")
        return Verdict(ev.title_kind, False, where)
    if ev.closure_heading is not None:
        return Verdict(d.KIND_CLOSURE, False, f"heading {ev.closure_heading.raw!r} (line {ev.closure_heading.line})")
    return None


def _from_structure(ev: Evidence) -> Verdict:
    body = ev.sections & BODY_SECTIONS
    full = ev.fields & FULL_LABELS
    if ev.topic_questions and ev.topics >= len(body):
        # The template's own questions: unmistakable, even when the text is cut after one topic.
        return Verdict(d.KIND_LEGACY, False, f"{ev.topics} of the 7 legacy topics found, with the template's questions")
    if ev.topics >= 3 and ev.topics >= len(body):
        return Verdict(d.KIND_LEGACY, ev.topics < 5, f"{ev.topics} of the 7 legacy topics found")
    if ev.findings:
        return Verdict(d.KIND_IRG2_AUDIT, True, f"no title heading; {ev.findings} 'Finding #N' section(s) found")
    if len(ev.fields & CLOSURE_LABELS) >= 2:
        return Verdict(d.KIND_CLOSURE, True, "no 'Report Closure Summary' heading; closure labels found")
    if len(full) >= 3 or (len(full) >= 1 and (ev.factors or ev.irg3_action_table)):
        return Verdict(d.KIND_FULL, True, f"no title heading; {len(full)} Full-report labels found")
    if len(ev.fields & PRELIM_LABELS) >= 2 and not (body - {d.SEC_SUMMARY}):
        return Verdict(d.KIND_PRELIMINARY, True, "no title heading; only the Preliminary summary labels found")
    if len(body) >= 3:
        if ev.irg3_action_table or ev.factors:
            return Verdict(d.KIND_FULL, True, f"no title heading; {len(body)} report sections and IRG 3.x tables found")
        return Verdict(d.KIND_IRG2, True, f"no title heading; {len(body)} IRG 2.0 report sections found")
    return Verdict(d.KIND_UNKNOWN, False, _unknown_reason(ev, body))


def _unknown_reason(ev: Evidence, body: set[str]) -> str:
    found = len(body) + len(ev.fields) + ev.topics
    if not found:
        return "no incident-report headings, labels or legacy topics found"
    return f"too little report structure ({len(body)} section(s), {len(ev.fields)} label(s), {ev.topics} legacy topic(s))"


def _date_check(v: Verdict, ev: Evidence, as_of: Optional[date]) -> Verdict:
    """Use the posting date where structure alone cannot tell."""
    if as_of is None:
        return v
    if v.kind in (d.KIND_IRG2, d.KIND_IRG2_AUDIT) and as_of < IRG2_START:
        return Verdict(
            d.KIND_LEGACY,
            True,
            f"{v.reason}; but posted {as_of.isoformat()}, before IRG 2.0 took effect ({IRG2_START.isoformat()}), "
            "so read as a legacy report",
        )
    if v.kind == d.KIND_IRG2 and v.guessed and as_of >= IRG3_START and ev.title is None:
        return Verdict(
            d.KIND_FULL,
            True,
            f"{v.reason}; posted {as_of.isoformat()}, after IRG 3.0 replaced the IRG 2.0 template, so read as a Full report",
        )
    return v


def irg_version(kind: str, as_of: Optional[date]) -> Optional[str]:
    """"3.0"/"3.1"/"3.2" from the date ("3.x" without one), "2.0", "legacy" or "1.0"."""
    if kind in d.IRG3_KINDS:
        if as_of is None:
            return "3.x"
        for start, version in IRG3_VERSIONS:
            if as_of >= start:
                return version
        return "3.0"
    if kind in (d.KIND_IRG2, d.KIND_IRG2_AUDIT):
        return "2.0"
    if kind == d.KIND_LEGACY:
        return "1.0" if as_of is not None and IRG1_START <= as_of < IRG2_START else "legacy"
    return None
