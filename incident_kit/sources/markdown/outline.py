"""Step 3 of reading: find the report's title, its sections (IRG headings, legacy topics, audit
findings) and the lines each one spans.

A section starts at a *mark*: a Markdown heading, a line that is wholly bold, or (for text copied
from a rendered bug page) a plain line that is exactly a known section title. Legacy topics are
numbered questions (``1.``, ``1)``, ``Question 1:``, bold short titles) recognised by their number
*and* their subject, in increasing order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from incident_kit import document as d
from incident_kit.sources.markdown import vocab
from incident_kit.sources.markdown.blocks import HEADING, PARA, Line

OTHER = "other"
"""Key of a section under a heading the reader does not know (kept so that rules can see it)."""


@dataclass(slots=True)
class Mark:
    line: int  # 1-based
    key: str
    title: str
    level: Optional[int]
    strong: bool  # a Markdown heading or a bold line (not a plain-text guess)
    label_only: bool = False  # a legacy topic opened by a short unnumbered label
    also: tuple[int, ...] = ()  # legacy topics answered together with this one ("3/4.")


@dataclass(slots=True)
class Outline:
    title: Optional[d.Located] = None
    title_kind: Optional[str] = None
    closure_title: Optional[d.Located] = None  # "Report Closure Summary" heading
    irg: list[Mark] = None  # type: ignore[assignment]
    topics: list[Mark] = None  # type: ignore[assignment]
    findings: int = 0


# --- legacy topics ----------------------------------------------------------------------------

_TOPIC_SUBJECT = {
    1: r"aware|first (?:learn|notic|found|discover|heard)|\bhow\b.{0,40}\b(?:find|found|discover|notif|detect|learn|know)|detection|discovery",
    2: r"timeline|chronolog|sequence of (?:the )?events|time ?line",
    3: r"stop|cease|halt|suspend|paus",
    4: r"summary|problematic|number of|affected cert|how many|statistic",
    5: r"certificate data|cert data|complete data|data for|list of (?:the )?(?:affected|problematic|mis-?issued)|crt\.sh|fingerprint|affected certificates|certificate list",
    6: r"root cause|\bwhy\b|explanation|mistake|\bcaus|happen|avoided detection",
    7: r"\bsteps?\b|remediat|resolv|action|plan|prevent|\bfix|measure|follow.?up",
}
# Any numbering a topic may carry: "1.", "1)", "(1)", "Topic 4:", "Question 1 -", "Q1.", merged "3/4." or "3 & 4:".
_TOPIC_NUMBER_RE = re.compile(
    r"^(?:(?:question|topic|item|q)\s*#?\s*)?\(?(?P<n>[1-7])(?:\s*(?:/|&|and|\+|,)\s*(?P<m>[1-7]))?"
    r"\s*(?:[.):\-\u2013\u2014]|\s(?=[A-Za-z]))\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBER_ONLY_RE = re.compile(r"^(?:(?:question|topic|item|q)\s*#?\s*)?\(?[1-7]\s*[.):\-\u2013\u2014]\s*", re.IGNORECASE)
# How the template's own questions begin (after any numbering), in the wordings seen over the years.
_QUESTION_STARTS = {
    1: ("how your ca first became aware", "how the ca first became aware", "how you first became aware"),
    2: ("a timeline of the actions", "a timeline is a date", "timeline of the actions your ca"),
    3: ("whether your ca has stopped", "whether the ca has stopped", "whether you have stopped"),
    4: ("in a case involving certificates, a summary", "a summary of the problematic"),
    5: ("in a case involving tls server certificates, the complete", "the complete certificate data", "in a case involving certificates, the complete"),
    6: ("explanation about how and why", "an explanation about how and why", "explanation of how and why"),
    7: ("list of steps your ca is taking", "list of steps the ca is taking", "a list of steps your ca is taking"),
}
# Short labels some CAs use instead of the questions ("When we became aware:"), unnumbered. Only
# read as topics when the line is nothing but the label (a colon or bold marks it) and when at
# least two other topics are found.
_TOPIC_LABELS = {
    1: r"(?:when|how) (?:we|the ca|[a-z]+) (?:first )?(?:became|become|were made|was made|got) aware(?: of the (?:problem|issue|incident))?|how we (?:first )?(?:learned|found out|discovered)(?: (?:of|about) (?:the|this) (?:problem|issue))?|(?:problem|incident) (?:discovery|detection)",
    2: r"timeline(?: of (?:events|actions))?|chronology",
    3: r"(?:issuance|whether we have) (?:stopped|halted|ceased)|stopping issuance|have we stopped(?: issuing)?|issuance status",
    4: r"(?:summary of (?:the )?)?(?:affected|problematic|mis-?issued) certificates(?: summary)?|number of (?:affected )?certificates",
    5: r"(?:affected )?certificate data|certificate details|list of (?:affected|problematic) certificates",
    6: r"root cause(?: analysis)?|why it happened|explanation(?: of the (?:mistake|problem))?",
    7: r"(?:remediation|resolution)(?: steps| plan)?|steps (?:we are|being) taken|(?:action|remediation) plan|steps to (?:resolve|prevent)(?: recurrence)?|next steps",
}


@dataclass(slots=True)
class TopicHead:
    """What a line that opens a legacy topic says about it."""

    n: int
    title: str
    inline: str  # answer on the same line (after a bold title)
    by_question: bool = False  # the template's own question text (strong evidence)
    label_only: bool = False  # an unnumbered short label ("When we became aware:")
    also: tuple[int, ...] = ()  # topics answered together with this one ("3/4.")


def topic_of(line: Line) -> Optional[tuple[int, str, str]]:
    """(topic number, title, answer on the same line) when ``line`` opens a legacy topic."""
    head = topic_head(line)
    return (head.n, head.title, head.inline) if head else None


def topic_head(line: Line) -> Optional[TopicHead]:
    """How ``line`` opens a legacy topic, by the template's question text (whatever its numbering:
    "1." before every topic is common), by number and subject, or by a short label."""
    if line.kind not in (HEADING, PARA):
        return None
    if line.item and line.marker[:-1].isdigit():
        number_text = f"{line.marker} {line.text}"
    else:
        number_text = line.text
    title, inline = _bold_prefix(number_text)
    if re.fullmatch(r"[\s\d.):#]*", title) and inline:  # "**1.** How your CA first became aware ..."
        title, inline = f"{title.strip()} {inline}", ""
    normed = vocab.norm(title.replace("**", "").replace("__", "")) if title else ""
    bare = _NUMBER_ONLY_RE.sub("", normed)
    for n, starts in _QUESTION_STARTS.items():
        if bare.startswith(starts):
            return TopicHead(n, title.strip(), inline, by_question=True)
    m = _TOPIC_NUMBER_RE.match(normed)
    if m:
        n = int(m.group("n"))
        subject = m.group("rest")
        if subject and len(subject) <= 450 and re.search(_TOPIC_SUBJECT[n], subject, re.IGNORECASE):
            extra = int(m.group("m")) if m.group("m") else None
            also = tuple(range(n + 1, extra + 1)) if extra and extra > n else ()
            return TopicHead(n, title.strip(), inline, also=also)
        return None
    if title != number_text or line.kind == HEADING:  # a bold title or a heading
        text, rest = title, inline
    else:
        label = re.match(r"^(?P<l>[^:]{3,60}):\s*(?P<rest>.*)$", line.text)
        text, rest = (label.group("l"), label.group("rest")) if label else ("", "")
    if text:
        key = vocab.norm(text)
        for n, pattern in _TOPIC_LABELS.items():
            if re.fullmatch(pattern, key, re.IGNORECASE):
                return TopicHead(n, text.strip().rstrip(":"), rest, label_only=True)
    return None


def _bold_prefix(text: str) -> tuple[str, str]:
    """``**1. Timeline** rest`` → ("1. Timeline", "rest"); otherwise (text, "")."""
    m = re.match(r"^(\*\*|__)(?P<t>[^*_\n]+?)(\1)\s*:?\s*(?P<rest>.*)$", text)
    if m:
        return m.group("t"), m.group("rest")
    return text, ""


def is_repeated_question(topic: int, text: str) -> bool:
    """True when a paragraph restates the legacy question itself (kept out of the answer)."""
    s = _NUMBER_ONLY_RE.sub("", vocab.norm(text)).lstrip("0123456789.) ")
    return any(s.startswith(q) for q in _QUESTION_STARTS.get(topic, ()))


def find_topics(lines: list[Line]) -> list[Mark]:
    """Legacy topic marks in increasing order. A topic opened by the template's question text
    counts wherever it stands (rendered copies glue it to the paragraph above); a numbered short
    title must start its block; unnumbered short labels count only beside two other topics."""
    marks: list[Mark] = []
    last = 0
    for line in lines:
        head = topic_head(line)
        if head is None or head.n <= last:
            continue
        strong = line.kind == HEADING or vocab.bold_only(line.text) is not None or line.text.startswith(("**", "__"))
        if not (strong or head.by_question) and line.kind == PARA and not _first_of_block(lines, line):
            continue
        marks.append(Mark(line.no, f"topic{head.n}", head.title, line.level, strong or head.by_question, head.label_only, head.also))
        last = max((head.n,) + head.also)
    labelled = [m for m in marks if m.label_only]
    if labelled and len(marks) - len(labelled) < 2 and len(marks) < 3:
        marks = [m for m in marks if not m.label_only]
    return marks


def merged_topics(marks: list[Mark], sections: list[d.Section]) -> list[d.Section]:
    """A topic answered together with the next ones ("3/4.") gives them the same section."""
    out = list(sections)
    for mark in marks:
        for n in mark.also:
            base = next((s for s in sections if s.line == mark.line), None)
            if base is not None and not any(s.key == f"topic{n}" for s in out):
                out.append(d.Section(f"topic{n}", base.title, base.line, base.end_line, base.text, base.level))
    return sorted(out, key=lambda s: (s.line, s.key))


def _first_of_block(lines: list[Line], line: Line) -> bool:
    prev = lines[line.no - 2] if line.no >= 2 else None
    return prev is None or prev.block != line.block or line.item


# --- IRG headings -----------------------------------------------------------------------------


def _candidate(line: Line) -> Optional[tuple[str, bool]]:
    """(title text, strong?) when the line could be a heading."""
    if line.kind == HEADING and line.text:
        return line.text, True
    if line.kind != PARA or line.depth > 0 or not line.text:
        return None
    bold = vocab.bold_only(line.text)
    if bold is not None:
        return bold, True
    text = line.text
    if len(text) <= 80 and not re.match(r"^[^(]*:", text) and not text.startswith(("-", "*", "|")):
        return text, False
    return None


def find_irg(lines: list[Line]) -> tuple[list[Mark], Optional[d.Located], Optional[str], Optional[d.Located]]:
    """IRG section marks, the title heading (with its kind) and the closure heading."""
    marks: list[Mark] = []
    title: Optional[d.Located] = None
    title_kind: Optional[str] = None
    closure: Optional[d.Located] = None
    current: Optional[str] = None
    finding: Optional[int] = None
    for line in lines:
        cand = _candidate(line)
        if cand is None:
            continue
        text, strong = cand
        key = vocab.label_key(text)
        if current == d.SEC_RCA and not (line.kind == HEADING) and key in vocab.FACTOR_LABELS:
            continue
        if key in vocab.TITLE_KINDS and title is None and (strong or not marks):
            title = d.Located(text, line.no, line.col)
            title_kind = vocab.TITLE_KINDS[key]
            continue
        n = vocab.finding_number(text) if strong else None
        if n is not None:
            finding = n
            marks.append(Mark(line.no, f"finding{n}", text, line.level, strong))
            current = f"finding{n}"
            continue
        sec = vocab.section_key(text)
        if sec is None and vocab.label_key(text) in vocab.FIELD_LABELS:
            continue  # a field written as a heading ("### Relevant policies") belongs to its section
        if sec is None:
            if line.kind == HEADING and _ends_section(marks, line):
                marks.append(Mark(line.no, OTHER, text, line.level, True))
                current = OTHER
            continue
        if sec == d.SEC_CLOSURE and closure is None:
            closure = d.Located(text, line.no, line.col)
        if finding is not None and sec in (d.SEC_RCA, d.SEC_ACTIONS):
            sec = f"finding{finding}.{sec}"
        marks.append(Mark(line.no, sec, text, line.level, strong))
        current = sec.rsplit(".", 1)[-1]
    if any(m.strong and m.key != OTHER for m in marks):
        # Real headings exist: a plain line that happens to read "Impact" is text, not a heading.
        marks = [m for m in marks if m.strong]
    return marks, title, title_kind, closure


def _ends_section(marks: list[Mark], line: Line) -> bool:
    """An unknown heading closes the open section only when it is not a sub-heading of it."""
    if not marks:
        return True
    level = marks[-1].level
    return level is None or line.level is None or line.level <= level


def build_sections(marks: list[Mark], lines: list[Line], working: list[str]) -> list[d.Section]:
    """Sections from marks: each runs to the last non-blank line before the next mark."""
    out: list[d.Section] = []
    starts = [m.line for m in marks] + [len(lines) + 1]
    for mark, nxt in zip(marks, starts[1:]):
        end = nxt - 1
        while end > mark.line and not working[end - 1].strip():
            end -= 1
        body = "\n".join(working[mark.line : end]) if end > mark.line else ""
        out.append(d.Section(key=mark.key, title=mark.title, line=mark.line, end_line=end, text=body, level=mark.level))
    return out
