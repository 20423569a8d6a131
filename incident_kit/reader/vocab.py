"""What the reader recognises: section titles, field labels, lesson categories and legacy topics,
spelled the many ways real reports spell them (with or without ``#``, bold, colon inside or outside
the bold, curly apostrophes and question marks), and small parsers for references in text.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Optional

from incident_kit import document as d

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\uff1a": ":",
        "\uff1f": "?",
    }
)
_EMPH_RE = re.compile(r"^(?:\*\*|__|\*|_)+|(?:\*\*|__|\*|_)+$")


@lru_cache(maxsize=8192)  # pure, and asked about the same labels and titles many times per report
def norm(text: str) -> str:
    """Lower-case comparison form: straight quotes, no emphasis, single spaces, no end punctuation."""
    s = text.translate(_QUOTES).strip()
    for _ in range(3):
        s = _EMPH_RE.sub("", s).strip()
    s = re.sub(r"\s+", " ", s).casefold()
    return s.rstrip(" :?.").strip()


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """Lookup form of a label: :func:`norm` without quotes or brackets."""
    return re.sub(r"[\"'()\[\]]", "", norm(text)).replace("  ", " ")


# --- section titles ---------------------------------------------------------------------------

TITLE_KINDS = {
    "preliminary incident report": d.KIND_PRELIMINARY,
    "full incident report": d.KIND_FULL,
    "incident report": d.KIND_IRG2,
    "audit incident report": d.KIND_IRG2_AUDIT,
}

SECTION_TITLES = {
    "summary": d.SEC_SUMMARY,
    "incident summary": d.SEC_SUMMARY,
    "summary of initial report": d.SEC_SUMMARY,
    "summary of the initial report": d.SEC_SUMMARY,
    "summary of preliminary report": d.SEC_SUMMARY,
    "summary of the preliminary report": d.SEC_SUMMARY,
    "executive summary": d.SEC_SUMMARY,
    "impact": d.SEC_IMPACT,
    "timeline": d.SEC_TIMELINE,
    "incident timeline": d.SEC_TIMELINE,
    "related incidents": d.SEC_RELATED,
    "related incident": d.SEC_RELATED,
    "root cause analysis": d.SEC_RCA,
    "root causes": d.SEC_RCA,
    "root cause": d.SEC_RCA,
    "root causes analysis": d.SEC_RCA,
    "lessons learned": d.SEC_LESSONS,
    "lessons learnt": d.SEC_LESSONS,
    "action items": d.SEC_ACTIONS,
    "action item": d.SEC_ACTIONS,
    "appendix": d.SEC_APPENDIX,
    "report closure summary": d.SEC_CLOSURE,
    "incident closure summary": d.SEC_CLOSURE,
    "closure summary": d.SEC_CLOSURE,
    "closure report": d.SEC_CLOSURE,
}

_TIMELINE_TITLE_RE = re.compile(r"^(?:incident )?timeline\b\s*[-(,:]", re.IGNORECASE)
_FINDING_RE = re.compile(r"^finding\s*(?:#|no\.?|number)?\s*(\d{1,3})\b", re.IGNORECASE)


def section_key(title: str) -> Optional[str]:
    """Canonical key of a section title, or None. ``Timeline (all times UTC)`` is the timeline."""
    key = label_key(title)
    if key in SECTION_TITLES:
        return SECTION_TITLES[key]
    if _TIMELINE_TITLE_RE.match(norm(title)):
        return d.SEC_TIMELINE
    return None


def finding_number(title: str) -> Optional[int]:
    """``Finding #2`` (IRG 2.0 audit report) → 2."""
    m = _FINDING_RE.match(norm(title))
    return int(m.group(1)) if m else None


# --- field labels -----------------------------------------------------------------------------

FIELD_LABELS = {
    "ca owner ccadb unique id": d.F_CCADB_ID,
    "ccadb unique id": d.F_CCADB_ID,
    "ca owner ccadb id": d.F_CCADB_ID,
    "ccadb id": d.F_CCADB_ID,
    "incident description": d.F_INCIDENT_DESCRIPTION,
    "timeline summary": d.F_TIMELINE_SUMMARY,
    "non-compliance start date": d.F_NC_START,
    "non-compliance identified date": d.F_NC_IDENTIFIED,
    "non-compliance end date": d.F_NC_END,
    "noncompliance start date": d.F_NC_START,
    "noncompliance identified date": d.F_NC_IDENTIFIED,
    "noncompliance end date": d.F_NC_END,
    "relevant policies": d.F_RELEVANT_POLICIES,
    "relevant policy": d.F_RELEVANT_POLICIES,
    "source of incident disclosure": d.F_SOURCE,
    "total number of certificates": d.F_TOTAL_CERTS,
    "total number of remaining valid certificates": d.F_REMAINING_VALID,
    "affected certificate types": d.F_CERT_TYPES,
    "incident heuristic": d.F_HEURISTIC,
    "was issuance stopped in response to this incident, and why or why not": d.F_ISSUANCE_STOPPED,
    "was issuance stopped in response to this incident and why or why not": d.F_ISSUANCE_STOPPED,
    "analysis": d.F_ANALYSIS,
    "additional considerations": d.F_ADDITIONAL,
    "incident root causes": d.F_CLOSURE_ROOT_CAUSES,
    "incident root cause": d.F_CLOSURE_ROOT_CAUSES,
    "incident root causes s": d.F_CLOSURE_ROOT_CAUSES,
    "remediation description": d.F_CLOSURE_REMEDIATION,
    "commitment summary": d.F_CLOSURE_COMMITMENTS,
}

# Where each field belongs; a plain (not bold) label is only believed in its own section.
FIELD_HOME = {
    d.F_CCADB_ID: d.SEC_SUMMARY,
    d.F_INCIDENT_DESCRIPTION: d.SEC_SUMMARY,
    d.F_TIMELINE_SUMMARY: d.SEC_SUMMARY,
    d.F_NC_START: d.SEC_SUMMARY,
    d.F_NC_IDENTIFIED: d.SEC_SUMMARY,
    d.F_NC_END: d.SEC_SUMMARY,
    d.F_RELEVANT_POLICIES: d.SEC_SUMMARY,
    d.F_SOURCE: d.SEC_SUMMARY,
    d.F_TOTAL_CERTS: d.SEC_IMPACT,
    d.F_REMAINING_VALID: d.SEC_IMPACT,
    d.F_CERT_TYPES: d.SEC_IMPACT,
    d.F_HEURISTIC: d.SEC_IMPACT,
    d.F_ISSUANCE_STOPPED: d.SEC_IMPACT,
    d.F_ANALYSIS: d.SEC_IMPACT,
    d.F_ADDITIONAL: d.SEC_IMPACT,
    d.F_CLOSURE_ROOT_CAUSES: d.SEC_CLOSURE,
    d.F_CLOSURE_REMEDIATION: d.SEC_CLOSURE,
    d.F_CLOSURE_COMMITMENTS: d.SEC_CLOSURE,
}

FACTOR_LABELS = {
    "description": "description",
    "timeline": "timeline",
    "detection": "detection",
    "interaction with other factors": "interaction",
    "interaction": "interaction",
    "root cause analysis methodology used": "methodology",
    "root cause analysis methodology": "methodology",
    "methodology": "methodology",
}

LESSON_LABELS = {
    "what went well": "went_well",
    "went well": "went_well",
    "what didnt go well": "didnt_go_well",
    "what did not go well": "didnt_go_well",
    "what went wrong": "didnt_go_well",
    "didnt go well": "didnt_go_well",
    "where we got lucky": "got_lucky",
    "where did we get lucky": "got_lucky",
    "got lucky": "got_lucky",
    "additional": "additional",
    "other": "additional",
    "additional lessons": "additional",
    "other lessons": "additional",
}

LESSON_FIELD_PREFIX = "lessons_"
"""``doc.fields["lessons_went_well"]`` etc. hold the text written on a category's own label line
(``N/A``, an inline lesson, or empty when the lessons follow as bullets)."""


def lesson_category(text: str) -> Optional[str]:
    return LESSON_LABELS.get(label_key(text).replace("'", ""))


# --- labels in a line -------------------------------------------------------------------------

_BOLD_LABEL_RE = re.compile(
    r"^(?P<open>\*\*|__|\*|_)(?P<label>[^*_\n]{1,250}?)\s*(?P<c1>[:?]*)\s*(?P=open)\s*(?P<c2>:?)[ \t]*(?P<value>.*)$",
    re.DOTALL,
)
_PLAIN_LABEL_RE = re.compile(r"^(?P<label>[A-Za-z\"'\u201c\u2018][^:\n]{0,160}?)\s*:(?!//)[ \t]*(?P<value>.*)$", re.DOTALL)


def split_label(text: str) -> Optional[tuple[str, str, int, bool]]:
    """``**Label:** value`` / ``**Label**: value`` / ``Label: value`` → (label, value, offset of the
    value in ``text``, bold?). None when the line does not start with a label."""
    m = _BOLD_LABEL_RE.match(text)
    if m:
        label = m.group("label").strip() + m.group("c1").rstrip(":")
        if ":" in m.group("c1") and m.group("c2"):  # "**Label:** :value": that colon is the value's
            start = m.start("c2")
            return label, text[start:], start, True
        return label, m.group("value"), m.start("value"), True
    m = _PLAIN_LABEL_RE.match(text)
    if m:
        return m.group("label").strip(), m.group("value"), m.start("value"), False
    return None


def bold_only(text: str) -> Optional[str]:
    """The text of a line that is wholly bold (``**1. Timeline**``), else None."""
    m = re.fullmatch(r"(\*\*|__)(?P<t>[^*_\n].*?)(\1)\s*:?", text.strip())
    if m and "**" not in m.group("t"):
        return m.group("t").strip()
    return None


# --- references in text -----------------------------------------------------------------------

_AI_REF_RE = re.compile(
    r"(?:\baction[\s-]+items?|\bAIs?\b|\bA\.I\.)\s*(?:no\.?|nos\.?|numbers?)?\s*"
    r"(?P<list>#?\s?\d{1,3}(?![\d/.:-]\d)(?:\s*(?:,|;|&|/|\band\b|\bor\b|-|–|to)\s*#?\s?\d{1,3}(?![\d/.:-]\d))*)",
    re.IGNORECASE,
)
_NUM_LIST_ITEM_RE = re.compile(r"(\d{1,3})\s*(?:(-|–|\bto\b)\s*#?\s?(\d{1,3}))?", re.IGNORECASE)


def action_refs(text: str) -> list[int]:
    """Action item numbers referred to in ``text``: "(Action Item 2)", "Action Items 1 and 3",
    "→ AI #1, #3", "see action items 1-3". Numbers in order of appearance, without repeats."""
    found: list[int] = []
    for m in _AI_REF_RE.finditer(text):
        for a, _dash, b in _NUM_LIST_ITEM_RE.findall(m.group("list")):
            lo = int(a)
            hi = int(b) if b else lo
            if hi < lo or hi - lo > 50:
                hi = lo
            for n in range(lo, hi + 1):
                if n not in found:
                    found.append(n)
    return found


_DATE_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def root_cause_ids(text: str) -> list[int]:
    """Factor numbers in a "Corresponding Root Cause(s)" cell: "Root Cause # 1, RC2, #3",
    "Contributing Factors #1, #2" → [1, 2, 3] / [1, 2]. N/A and dates give nothing."""
    if norm(text) in ("n/a", "na", "none", "-", ""):
        return []
    cleaned = _DATE_RE.sub(" ", text)
    out: list[int] = []
    for m in re.finditer(r"(?<![\d.])(\d{1,3})(?![\d.]\d)", cleaned):
        n = int(m.group(1))
        if n not in out:
            out.append(n)
    return out


def iso_date(text: str) -> Optional[date]:
    """A real ``YYYY-MM-DD`` date and nothing else (emphasis and spaces allowed around it)."""
    s = text.strip().strip("*_` ")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


_URL_CHARS_RE = re.compile(r"[^)\s]*")


def _first_link(text: str) -> Optional[tuple[str, str]]:
    """(text, url) of the first ``[text](url)``, as the pattern ``\\[([^\\]]*)\\]\\(([^)\\s]*)\\)``
    finds it: from a "[" to the first "]" after it, then "(", the url and ")". Every "[" before
    that "]" shares it, and a url that ran into a blank or the end leaves no url before that
    point, so neither is scanned twice (the pattern rescanned the rest of the text from each "["
    of a long run: quadratic)."""
    pos = dead = 0  # no "(" before ``dead`` starts a url that ends with ")"
    while (start := text.find("[", pos)) >= 0:
        end = text.find("]", start + 1)
        if end < 0:
            return None
        if text.startswith("(", end + 1) and end + 2 > dead:
            url_end = _URL_CHARS_RE.match(text, end + 2).end()  # type: ignore[union-attr]  # always matches
            if text.startswith(")", url_end):
                return text[start + 1 : end], text[end + 2 : url_end]
            dead = url_end
        pos = end + 1
    return None
_BUG_URL_ID_RE = re.compile(r"[?&]id=(\d{1,9})\b|/(\d{5,9})\b")
_BUG_WORD_RE = re.compile(r"\b(?:bug|bz)\s*#?\s*(\d{1,9})\b", re.IGNORECASE)


def bug_reference(text: str) -> tuple[Optional[int], Optional[str]]:
    """Bug number and URL of a "Bug" cell: ``[1234567](https://...?id=1234567)``, ``Bug 1234567``,
    a bare number, or a Bugzilla URL."""
    link = _first_link(text)
    if link:
        url = link[1] or None
        ids = re.findall(r"\d{1,9}", link[0])
        if ids:
            return int(ids[0]), url
        if url:
            u = _BUG_URL_ID_RE.search(url)
            if u:
                return int(u.group(1) or u.group(2)), url
        return None, url
    m = _BUG_WORD_RE.search(text)
    if m:
        return int(m.group(1)), None
    u = re.search(r"https?://\S+", text)
    if u:
        ident = _BUG_URL_ID_RE.search(u.group(0))
        return (int(ident.group(1) or ident.group(2)) if ident else None), u.group(0)
    s = text.strip().strip("*_#` ")
    if re.fullmatch(r"\d{1,9}", s):
        return int(s), None
    return None, None
