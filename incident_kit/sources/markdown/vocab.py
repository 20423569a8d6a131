"""What the reader recognises: section titles, field labels, lesson categories and legacy topics,
spelled the many ways real reports spell them (with or without ``#``, bold, colon inside or outside
the bold, curly apostrophes and question marks), and small parsers for references in text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional, Sequence

from incident_kit import document as d
from incident_kit.irg import templates
from incident_kit.text.normalise import label_key, norm  # noqa: F401 (the reader's comparison form)

# --- section titles ---------------------------------------------------------------------------

# The spellings recognised are the IRG vocabulary's (incident_kit.irg.templates), beside the label
# they stand for: adding a spelling or a field is one edit there.
TITLE_KINDS = templates.TITLE_KINDS
SECTION_TITLES = templates.SECTION_ALIASES

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

FIELD_LABELS = templates.FIELD_ALIASES

# Where each field belongs; a plain (not bold) label is only believed in its own section.
FIELD_HOME = templates.FIELD_HOME

FACTOR_LABELS = templates.FACTOR_ALIASES

LESSON_LABELS = templates.LESSON_ALIASES

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


_LABEL_QUOTES = frozenset("\"'\u201c\u2018")


def split_label(text: str) -> Optional[tuple[str, str, int, bool]]:
    """``**Label:** value`` / ``**Label**: value`` / ``Label: value`` → (label, value, offset of the
    value in ``text``, bold?). None when the line does not start with a label."""
    m = _BOLD_LABEL_RE.match(text) if text[:1] in ("*", "_") else None
    if m:
        label = m.group("label").strip() + m.group("c1").rstrip(":")
        if ":" in m.group("c1") and m.group("c2"):  # "**Label:** :value": that colon is the value's
            start = m.start("c2")
            return label, text[start:], start, True
        return label, m.group("value"), m.start("value"), True
    first = text[:1]  # the plain form opens with an ASCII letter or a quote, and holds a colon
    plain = ("a" <= first <= "z" or "A" <= first <= "Z" or first in _LABEL_QUOTES) and ":" in text
    m = _PLAIN_LABEL_RE.match(text) if plain else None
    if m:
        return m.group("label").strip(), m.group("value"), m.start("value"), False
    return None


_BOLD_ONLY_RE = re.compile(r"(\*\*|__)(?P<t>[^*_\n].*?)(\1)\s*:?")


def bold_only(text: str) -> Optional[str]:
    """The text of a line that is wholly bold (``**1. Timeline**``), else None."""
    text = text.strip()
    m = _BOLD_ONLY_RE.fullmatch(text) if text[:2] in ("**", "__") else None
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


_AI_RANGE_RE = re.compile(
    r"(?:\baction[\s-]+items?|\bAIs?\b)\s*#?\s*(\d{1,3})\s*[-\u2013]\s*#?\s*(\d{1,3})(?![\d-])", re.IGNORECASE
)


def lesson_refs(text: str, listed: Sequence[int] = ()) -> list[int]:
    """The action items a lesson refers to: those listed with it (a draft's ``action_items``), else
    those its text names (:func:`action_refs`), and every item of a hyphenated range in the text
    ("see action items 1-3"). Both readers fill :attr:`LessonEntry.action_items` with this."""
    refs = list(listed) or action_refs(text)
    for m in _AI_RANGE_RE.finditer(text):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= hi <= lo + 50:
            refs += [n for n in range(lo, hi + 1) if n not in refs]
    return refs


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
