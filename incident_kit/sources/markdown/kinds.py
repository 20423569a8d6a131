"""Which kind of report a text is, from its structure (title heading, sections, labels, tables,
legacy topics), with the posting date (``as_of``) breaking ties; and which IRG version applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Optional

from incident_kit import document as d
from incident_kit.irg.kinds import IRG1_START, IRG2_ERA, IRG2_START, IRG3_START, IRG3_VERSIONS
from incident_kit.irg.templates import CLOSURE_LABELS, FULL_LABELS, PRELIM_LABELS

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
    # (legacy topics, those of them opened by the template's own question text), counted on first
    # need: a report with an IRG title heading never asks, and the search is a pass over every line
    topic_counts: Optional[Callable[[], tuple[int, int]]] = None
    findings: int = 0
    factors: int = 0
    irg3_action_table: bool = False  # Status / Evaluation Criteria / Root Cause columns
    closing_sentence: bool = False
    filled: set[str] = field(default_factory=set)  # sections with an answer of their own (not the template's text)
    body: str = ""  # the working view's text, which the three questions below are asked of
    _asked: dict[str, object] = field(default_factory=dict)

    # Whole-text searches, asked only when the structure leaves the kind open (most reports never
    # need them): each is computed on first use and kept for this document.

    def _ask(self, name: str, search: Callable[[str], Any]) -> Any:
        if name not in self._asked:
            self._asked[name] = search(self.body)
        return self._asked[name]

    @property
    def topics(self) -> int:
        return self._topics()[0]

    @property
    def topic_questions(self) -> int:
        return self._topics()[1]

    def _topics(self) -> tuple[int, int]:
        if "topics" not in self._asked:
            self._asked["topics"] = self.topic_counts() if self.topic_counts is not None else (0, 0)
        return self._asked["topics"]  # type: ignore[return-value]

    @property
    def says_preliminary(self) -> bool:
        """"This is a preliminary report." (see :func:`says_preliminary`)"""
        return bool(self._ask("says_preliminary", says_preliminary))

    @property
    def report_signals(self) -> tuple[str, ...]:
        """Why the text reads as an incident report (see :func:`report_signals`)."""
        return tuple(self._ask("report_signals", report_signals))

    @property
    def about_incident(self) -> bool:
        """Names certificates and a non-compliance (see :func:`about_an_incident`)."""
        return bool(self._ask("about_incident", about_an_incident))


@dataclass(slots=True)
class Verdict:
    kind: str
    guessed: bool
    reason: str


def decide(ev: Evidence, forced: Optional[str], as_of: Optional[date]) -> Verdict:
    if forced is not None:
        return Verdict(forced, False, "kind given by the caller")
    verdict = _date_check(_from_title(ev) or _from_structure(ev), ev, as_of)
    verdict = _irg2_preliminary(verdict, ev, as_of)
    if verdict.kind == d.KIND_UNKNOWN and ev.report_signals:
        return Verdict(
            d.KIND_FREEFORM,
            False,
            f"written without a template, but it reads as an incident report ({', '.join(ev.report_signals)})",
        )
    return verdict


def _irg2_preliminary(v: Verdict, ev: Evidence, as_of: Optional[date]) -> Verdict:
    """A preliminary report posted while IRG 2.0 was in force follows IRG 2.0: it owes an executive
    summary and the date of the full report, not the IRG 3.x Preliminary fields."""
    irg3_labels = ev.fields & (PRELIM_LABELS | FULL_LABELS)
    in_irg2 = as_of is not None and IRG2_START <= as_of < IRG3_START
    if v.kind == d.KIND_PRELIMINARY and ev.title_kind == d.KIND_PRELIMINARY:
        if in_irg2:
            return Verdict(
                d.KIND_IRG2_PRELIMINARY,
                False,
                f"{v.reason}, posted {as_of.isoformat()} while IRG 2.0 was in force (IRG 3.0 took effect {IRG3_START.isoformat()})",  # type: ignore[union-attr]
            )
        if as_of is None and not irg3_labels and len(ev.sections & (BODY_SECTIONS - {d.SEC_SUMMARY})) >= 2:
            return Verdict(
                d.KIND_IRG2_PRELIMINARY,
                True,
                f"{v.reason}, with IRG 2.0 sections and none of the IRG 3.x Preliminary labels",
            )
    full_answers = ev.filled & {d.SEC_RCA, d.SEC_ACTIONS, d.SEC_LESSONS}
    summary_only = bool(ev.sections & BODY_SECTIONS) and ev.sections & BODY_SECTIONS <= {d.SEC_SUMMARY}
    if v.kind == d.KIND_IRG2 and summary_only and not full_answers and as_of is not None and in_irg2:
        return Verdict(d.KIND_IRG2_PRELIMINARY, True, f"{v.reason}, with only a Summary: an IRG 2.0 preliminary report")
    if v.kind == d.KIND_IRG2 and ev.says_preliminary and not full_answers and (as_of is None or as_of < IRG3_START):
        return Verdict(d.KIND_IRG2_PRELIMINARY, v.guessed, f"{v.reason}; the text says it is a preliminary report")
    if v.kind == d.KIND_UNKNOWN and ev.says_preliminary and in_irg2 and ev.sections & BODY_SECTIONS and not full_answers:
        return Verdict(d.KIND_IRG2_PRELIMINARY, True, "the text says it is a preliminary report, posted while IRG 2.0 was in force")
    if v.kind == d.KIND_UNKNOWN and ev.says_preliminary and in_irg2 and ev.about_incident and not ev.sections & BODY_SECTIONS:
        # IRG 2.0: a CA not ready with the full report posts a preliminary one (an executive
        # summary and the date of the full report); a first notice that promises the full report
        # is that, whatever its layout
        return Verdict(
            d.KIND_IRG2_PRELIMINARY,
            True,
            "a notice about an incident that promises the full report, posted while IRG 2.0 was in force",
        )
    return v


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
    if kind in IRG2_ERA:
        return "2.0"
    if kind == d.KIND_LEGACY:
        return "1.0" if as_of is not None and IRG1_START <= as_of < IRG2_START else "legacy"
    return None


# --- free-form reports ------------------------------------------------------------------------

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_RE = re.compile(
    rf"\b(?:(?:19|20)\d\d[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[/.]\d{{1,2}}[/.](?:19|20)?\d\d|"
    rf"{_MONTHS}\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?=[\s,]))",
    re.IGNORECASE,
)
_SIGNALS = (
    (
        "it calls itself a report",
        re.compile(
            r"\b(?:incident|preliminary|initial|full|final) (?:incident )?report\b|\bthis (?:is (?:a|an|our)|report)\b.{0,30}\breport\b|"
            r"\bwe will (?:\w+ ){0,2}(?:provide|post|publish|file|share|give) (?:a |an |the )?(?:further |full |more |detailed |complete |final |bug )*(?:update|report|details|information)",
            re.IGNORECASE,
        ),
    ),
    (
        "it says how the CA learned of the problem",
        re.compile(
            r"\b(?:became|become|got|get|were|was) (?:made )?aware\b|\bwas reported to us\b|\bwe (?:first )?(?:discovered|identified|noticed|detected|learned|found out)\b|"
            r"\bwe (?:were|have been) (?:notified|informed|alerted)\b|\breceived an? (?:\w+ )?(?:report|certificate problem report|notification)\b|"
            r"\bwe (?:have |had )?(?:first )?(?:discovered|identified|noticed|detected|learned|found out)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "it says what the CA did",
        re.compile(
            r"\bwe(?: have| had|'ve)? (?:\w+ )?(?:revoked|stopped|halted|paused|suspended|fixed|deployed|patched)\b|"
            r"\b(?:were|was|been) (?:\w+ and )?(?:revoked|patched|fixed)\b|\ba fix (?:was|has been) (?:applied|deployed|implemented)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "it identifies the affected certificates",
        re.compile(
            r"crt\.sh/|\bcertificates? with serial\b|\bserial number [0-9a-f:]{8,}|"
            r"\b(?<!\b\d[,.])\d[\d,.]* (?:\w+ ){0,3}certificates? (?:were|was|have been|had been) (?:issued|affected|revoked)\b",
            re.IGNORECASE,
        ),
    ),
    ("it gives a root cause", re.compile(r"\broot cause\b|\bthe cause of (?:the|this) (?:problem|issue|incident)\b|\bwas caused by\b", re.IGNORECASE)),
)
_NONCOMPLIANCE_RE = re.compile(
    r"\bmis-?issu|\bnon-?complian|\bviolat|\bBaseline Requirements\b|\bBRs?\b|\bCP/?CPS\b|\bCPS\b|\brevok|\bRoot Store Policy\b|\bincident\b",
)
_CERT_RE = re.compile(r"\bcert(?:ificate)?s?\b|\bOCSP\b|\bCRLs?\b", re.IGNORECASE)


_NOT_YET_RE = re.compile(
    r"\bnot (?:yet )?ready to (?:file|post|publish|submit) (?:a |an |the |our )?(?:bug |incident )?report\b|"
    r"\b(?:does|is) not (?:intend(?:ed)? to be|meant to be) (?:a |an |the )?(?:complete|full|final) (?:write-?up|report)\b|"
    r"\bthis is not (?:yet )?(?:a|an|the|our) (?:full |final )?incident report\b",
    re.IGNORECASE,
)


_SAYS_PRELIMINARY = re.compile(
    r"\bthis (?:is|comment is|post is) (?:a|an|our) (?:preliminary|initial) (?:incident )?report\b|"
    # the report naming itself: a title line, or "this preliminary report"; not a preliminary report
    # the text speaks of (one sent to a subscriber, one posted earlier)
    r"(?:^[ \t#*_]*|\bthis )preliminary (?:incident )?report\b|"
    r"\b(?:we|the ca)(?: will| (?:expect|intend|plan) to) (?:\w+ ){0,2}(?:post|publish|provide|upload|submit|share|file) "
    r"(?:a|the|our) (?:full|final|complete|detailed) (?:incident )?report\b|"
    # the same promise with the report as subject: "a full incident report will follow"
    r"\b(?:a|the|our) (?:full|final|complete|detailed) (?:incident )?report,?(?: [^.\n]{0,60}?)? (?:will|is going to|shall) "
    r"(?:follow|be (?:posted|published|provided|shared|submitted|filed|uploaded))\b",
    re.IGNORECASE | re.MULTILINE,
)


def says_preliminary(text: str) -> bool:
    """The report calls itself a preliminary one, or promises the full report. Every match of
    :data:`_SAYS_PRELIMINARY` lies within one line and holds the word "report", so only the lines
    that hold it are searched (the same answer: ``^`` and ``\\b`` see a line break on each side
    either way)."""
    if "report" not in text.lower():
        return False
    lines = [ln for ln in text.split("\n") if "report" in ln.lower()]
    return _SAYS_PRELIMINARY.search("\n".join(lines)) is not None


def about_an_incident(text: str) -> bool:
    """The text is long enough to say something and names certificates and a non-compliance."""
    return len(text) >= 200 and bool(_CERT_RE.search(text)) and bool(_NONCOMPLIANCE_RE.search(text))


def report_signals(text: str) -> tuple[str, ...]:
    """Why ``text`` reads as an incident report written without a template: it names certificates
    and a non-compliance, and at least two of: it calls itself a report, says how the CA learned of
    the problem, gives a root cause, or dates events. Empty when that is not clear (a question to a
    CA, meeting minutes): saying less is better than judging a text that is not a report."""
    if not about_an_incident(text):
        return ()
    if _NOT_YET_RE.search(text):
        return ()  # a holding statement: the CA says its report is still to come
    found = [name for name, pattern in _SIGNALS if pattern.search(text)]
    if len(_DATE_RE.findall(text)) >= 2:
        found.append("it dates events")
    return tuple(found) if len(found) >= 2 else ()


def template_for(as_of: Optional[date]) -> str:
    """The template a report posted on ``as_of`` should have used."""
    if as_of is None:
        return "the current IRG 3.x Preliminary or Full report template"
    if as_of < IRG1_START:
        return "the 7-topic incident report of the time (Mozilla's 'Responding to an Incident')"
    if as_of < IRG2_START:
        return "the 7-topic incident report of IRG 1.0"
    if as_of < IRG3_START:
        return "the IRG 2.0 'Incident Report' template (or an IRG 2.0 preliminary report: an executive summary and the date of the full report)"
    return "the IRG 3.x Preliminary or Full report template"
