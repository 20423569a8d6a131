"""Step 3 of reading: find the report's title, its sections (IRG headings, legacy topics, audit
findings) and the lines each one spans.

A section starts at a *mark*: a Markdown heading, a line that is wholly bold, or (for text copied
from a rendered bug page) a plain line that is exactly a known section title. Legacy topics are
numbered questions (``1.``, ``1)``, ``Question 1:``, bold short titles) recognised by their number
*and* their subject, in increasing order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
    col: int = 0  # where the topic opens in the line's text (a run-on paragraph holds several)
    answer: Optional[tuple[int, int]] = None  # span of the answer written on the mark's own line


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
    2: r"timeline|chronolog|sequence of (?:the )?events|time ?line|\bevents\b|actions (?:taken|we took|the ca took)",
    3: r"stop|cease|halt|suspend|paus",
    4: r"summary|problematic|number of|affected cert|how many|statistic",
    5: r"certificate data|cert data|complete data|data for|list of (?:the )?(?:affected|problematic|mis-?issued)|crt\.sh|fingerprint|affected certificates|certificate list",
    6: r"root cause|\bwhy\b|explanation|mistake|\bcaus|happen|avoided detection",
    7: r"\bsteps?\b|remediat|resolv|action|plan|prevent|\bfix|measure|follow.?up",
}
_TOPIC_SUBJECT_RE = {n: re.compile(p, re.IGNORECASE) for n, p in _TOPIC_SUBJECT.items()}
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
# How each question ends, latest phrase first: when a CA writes the answer on the question's own
# line (or runs the whole report into one paragraph) the answer starts after it.
_QUESTION_ENDS = {
    1: (r"time and date", r"date and time", r"internal self-audit\)?"),
    2: (r"an audit was (?:done|performed)", r"a bug was introduced", r"all relevant events", r"took in response"),
    3: (r"requires an explanation", r"pledge to the community", r"giving rise to the problem(?: or incident)?",
        r"issuing certificates with the problem", r"has not yet stopped"),
    4: (r"severity of each problem", r"measure the severity", r"with that problem were issued", r"problematic certificates"),
    5: (r"relevant specifics, if any", r"circumstances dictate otherwise", r"one list per distinct problem",
        r"for the problematic certificates"),
    6: (r"avoided detection until now", r"bugs introduced"),
    7: (r"remediation steps", r"expects to accomplish (?:each of )?these(?: \w+){0,2}", r"each action will be completed",
        r"will not be repeated in the future"),
}
_QUESTION_ENDS_RE = {
    n: [re.compile(rf"\b{e}\b[\s.:?!)*_]*", re.IGNORECASE) for e in ends] for n, ends in _QUESTION_ENDS.items()
}
_QUESTION_WINDOW = 1100  # the longest question (topic 5) is about 900 characters


def question_end(n: int, text: str, start: int = 0) -> int:
    """Where the template's question ``n`` that starts at ``start`` of ``text`` ends (the answer's
    start); the end of the first sentence when no known ending is found."""
    window = text[: start + _QUESTION_WINDOW]
    for end_re in _QUESTION_ENDS_RE[n]:
        found = list(end_re.finditer(window, start))
        if found:
            end = found[0].end()
            closed = re.search(r"[.?:!]", found[0].group())
            if not closed and re.match(r"[,;]|[a-z]", text[end:end + 1]):
                # the question goes on in words of another wording (", accompanied with ...")
                m = re.search(r"[.?:](?:\s+|$)", text[end:])
                end = end + m.end() if m else len(text)
            return end
    m = re.search(r"[.?:](?:\s+|$)", text[start:])
    return start + m.end() if m else len(text)


def _question_alternatives() -> str:
    parts = []
    for n, starts in _QUESTION_STARTS.items():
        alts = "|".join(r"\s+".join(re.escape(w) for w in q.split()) for q in starts)
        parts.append(f"(?P<t{n}>{alts})")
    return "|".join(parts)


# A template question inside a line: optionally numbered, after a space or at the start.
_INLINE_QUESTION_RE = re.compile(
    r"(?:(?<=\s)|^)(?:[*_]{0,2}(?:topic\s+|question\s+)?\(?[1-7]\s*[.)][*_]{0,2}\s*)?[*_]{0,2}(?:" + _question_alternatives() + ")",
    re.IGNORECASE,
)
_NUMBERED_QUESTION_RE = re.compile(r"[*_]{0,2}(?:topic\s+|question\s+)?\(?[1-7]\s*[.)]", re.IGNORECASE)
# A numbered line that reads as a question or a short title, not as an answer.
_QUESTION_LIKE_RE = re.compile(
    r"^\W*(?:how|when|whether|what|why|which|a timeline|timeline|chronolog|a summary|summary|list|explanation|"
    r"an explanation|steps|in a case|the complete|complete|root cause|remediation|certificate data|affected|"
    r"problematic|number of|issuance|detection|discovery)\b",
    re.IGNORECASE,
)


# Words of which every wording of the questions holds one (a test checks it), for the prefilter of
# inline_questions: rare in answers ("certificate" would let most lines through).
_QUESTION_WORDS = ("became", "complete", "explanation", "involving", "problematic", "taking", "timeline", "whether")


def _question_lines(lines: list[Line]) -> set[int]:
    """Numbers of the lines whose text may hold a template question (the prefilter of
    :func:`inline_questions`, once for the whole document): the lines that hold one of
    :data:`_QUESTION_WORDS`, and every line that is not ASCII."""
    texts = [ln.text if ln.text.isascii() else "" for ln in lines]
    out = {ln.no for ln, t in zip(lines, texts) if not t and ln.text}
    low = "\n".join(texts).lower()  # ASCII: offsets stay those of the joined text
    starts: list[int] = []
    at = 0
    for t in texts:
        starts.append(at)
        at += len(t) + 1
    for word in _QUESTION_WORDS:
        k = low.find(word)
        while k >= 0:
            out.add(lines[bisect_right(starts, k) - 1].no)
            k = low.find(word, k + 1)
    return out


def inline_questions(text: str) -> list[tuple[int, int, int]]:
    """The template questions written inside ``text``: (topic, start, end of the question)."""
    if text.isascii():  # prefilter, exact for ASCII text: a question holds its longest word
        low = text.lower()
        if not any(w in low for w in _QUESTION_WORDS):
            return []
    out: list[tuple[int, int, int]] = []
    for m in _INLINE_QUESTION_RE.finditer(text):
        if out and m.start() < out[-1][2]:
            continue  # a later sentence of the same question ("A timeline is a date-and-time...")
        n = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        out.append((n, m.start(), question_end(n, text, m.start(f"t{n}"))))
    return out


def _answer_start(line: Line, head: TopicHead) -> Optional[int]:
    """Where the answer written on a topic's own line starts in ``line.text``, if there is one."""
    text = line.text
    found = inline_questions(text)
    if found and found[0][1] <= 12:  # the template's question, however numbered, then the answer
        return found[0][2] if found[0][2] < len(text) else None
    if head.by_question:
        return None
    if head.inline:  # after a bold title, or a short label's colon
        at = text.rfind(head.inline)
        return at if at >= 0 else None
    if head.label_only:
        return None
    # "3. We stopped issuance on ...": a numbered answer, not a numbered title
    rest = text if (line.item and line.marker[:-1].isdigit()) else None
    if rest is None:
        m = _TOPIC_NUMBER_RE.match(text)
        if m is None:
            return None
        rest = m.group("rest")
    rest = _NUMBER_ONLY_RE.sub("", rest.lstrip())
    if len(rest.split()) < 8 or _QUESTION_LIKE_RE.match(rest):
        return None
    return len(text) - len(rest)


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


_TOPIC_LABELS_RE = {n: re.compile(p, re.IGNORECASE) for n, p in _TOPIC_LABELS.items()}
_ANY_TOPIC_LABEL_RE = re.compile("|".join(f"(?:{p})" for p in _TOPIC_LABELS.values()), re.IGNORECASE)
_NUMBERING_ONLY_RE = re.compile(r"[\s\d.):#]*")
_SHORT_LABEL_RE = re.compile(r"^(?P<l>[^:]{3,60}):\s*(?P<rest>.*)$")
_BOLD_PREFIX_RE = re.compile(r"^(\*\*|__)(?P<t>[^*_\n]+?)(\1)\s*:?\s*(?P<rest>.*)$")
_QUESTION_START_TEXTS = tuple(q for starts in _QUESTION_STARTS.values() for q in starts)
_QUESTION_FIRST_WORDS = max(len(q.split()) for q in _QUESTION_START_TEXTS)
_NUMBER_OPENERS = ("topic", "item", "q")  # "question" starts with "q"
_TOPIC_DIGITS = frozenset("1234567")
_DIGIT_RE = re.compile(r"[0-9]")


def _may_open_topic(line: Line, number_text: str) -> bool:
    """Prefilter of :func:`topic_head`, exact for ASCII text: False only for a line that none of
    its three ways can read as a topic. Not a heading nor a bold title; no short label (a colon
    after 3 to 60 characters without a digit: no label of :data:`_TOPIC_LABELS` holds one); and
    its text (as :func:`vocab.norm` folds it, emphasis marks left out) opens neither with a topic
    number (``1.``, ``(2)``, ``Topic 3``, ``Q4``: one digit 1-7, so not a date's "2024") nor with
    one of the template's questions. Text that is not ASCII is always let through (``re`` and
    :func:`vocab.norm` fold a few characters that ``str.lower`` does not)."""
    if line.kind == HEADING or not number_text.isascii() or number_text.startswith(("**", "__")):
        return True
    colon = line.text.find(":")
    if 3 <= colon <= 60 and _DIGIT_RE.search(line.text, 0, colon) is None:
        return True
    probe = number_text.replace("**", "").replace("__", "")
    while True:  # norm strips white space and emphasis marks from the start (a few rounds at most)
        stripped = probe.lstrip().lstrip("*_")
        if stripped == probe:
            break
        probe = stripped
    digits = probe[1:3] if probe.startswith("(") else probe[:2]
    if digits[:1] in _TOPIC_DIGITS and not digits[1:].isdigit():
        return True
    if probe[:12].lower().startswith(_NUMBER_OPENERS):
        return True
    words = probe.split(None, _QUESTION_FIRST_WORDS)[:_QUESTION_FIRST_WORDS]
    return " ".join(words).lower().startswith(_QUESTION_START_TEXTS)


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
    if not _may_open_topic(line, number_text):
        return None
    title, inline = _bold_prefix(number_text)
    if _NUMBERING_ONLY_RE.fullmatch(title) and inline:  # "**1.** How your CA first became aware ..."
        title, inline = f"{title.strip()} {inline}", ""
    normed = vocab.norm(title.replace("**", "").replace("__", "")) if title else ""
    bare = _NUMBER_ONLY_RE.sub("", normed)
    if bare.startswith(_QUESTION_START_TEXTS):  # one test for all, then which one
        for n, starts in _QUESTION_STARTS.items():
            if bare.startswith(starts):
                return TopicHead(n, title.strip(), inline, by_question=True)
    m = _TOPIC_NUMBER_RE.match(normed)
    if m:
        n = int(m.group("n"))
        subject = m.group("rest")
        if subject and len(subject) <= 450 and _TOPIC_SUBJECT_RE[n].search(subject):
            extra = int(m.group("m")) if m.group("m") else None
            also = tuple(range(n + 1, extra + 1)) if extra and extra > n else ()
            return TopicHead(n, title.strip(), inline, also=also)
        return None
    if title != number_text or line.kind == HEADING:  # a bold title or a heading
        text, rest = title, inline
    else:
        label = _SHORT_LABEL_RE.match(line.text)
        text, rest = (label.group("l"), label.group("rest")) if label else ("", "")
    if text:
        key = vocab.norm(text)
        if _ANY_TOPIC_LABEL_RE.fullmatch(key) is None:  # fullmatch of the union: some label fullmatches
            return None
        for n, pattern in _TOPIC_LABELS_RE.items():
            if pattern.fullmatch(key):
                return TopicHead(n, text.strip().rstrip(":"), rest, label_only=True)
    return None


def _bold_prefix(text: str) -> tuple[str, str]:
    """``**1. Timeline** rest`` → ("1. Timeline", "rest"); otherwise (text, "")."""
    m = _BOLD_PREFIX_RE.match(text)
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
    asked = _question_lines(lines)
    for line in lines:
        if line.kind != PARA and line.kind != HEADING:
            continue  # topic_head reads only these, and the run-on questions only paragraphs
        on_line: list[Mark] = []
        head = topic_head(line)
        if head is not None and head.n > last:
            strong = line.kind == HEADING or vocab.bold_only(line.text) is not None or line.text.startswith(("**", "__"))
            if (strong or head.by_question) or line.kind != PARA or _first_of_block(lines, line):
                start = _answer_start(line, head)
                on_line.append(Mark(line.no, f"topic{head.n}", head.title, line.level, strong or head.by_question,
                                    head.label_only, head.also, answer=(start, len(line.text)) if start is not None else None))
                last = max((head.n,) + head.also)
        if line.kind == PARA and line.no in asked:
            # A run-on paragraph: further questions of the template inside the same line, each
            # followed by its answer (a capture that flattened the report, a CA that wrote it so).
            after = on_line[0].answer[0] if on_line and on_line[0].answer else (len(line.text) if on_line else 0)
            for n, q_start, q_end in inline_questions(line.text):
                if n <= last or q_start < after or q_start == 0:
                    continue
                if not on_line and not _NUMBERED_QUESTION_RE.match(line.text, q_start):
                    continue  # a question quoted mid-sentence in prose does not open a topic
                title = line.text[q_start:q_end].strip()
                on_line.append(Mark(line.no, f"topic{n}", title, line.level, True, col=q_start,
                                    answer=(q_end, len(line.text))))
                last = n
        if not on_line:
            continue
        for a, b in zip(on_line, on_line[1:]):
            if a.answer is not None:
                a.answer = (a.answer[0], b.col)
        marks.extend(m for m in on_line if m.answer is None or m.answer[0] <= m.answer[1])
    labelled = [m for m in marks if m.label_only]
    if labelled and len(marks) - len(labelled) < 2 and len(marks) < 3:
        marks = [m for m in marks if not m.label_only]
    if len(marks) < 3:
        answers = numbered_answers(lines)
        if len(answers) > len(marks):
            return answers
    return marks


# What each legacy answer talks about, when the CA numbered its answers "1." to "7." and left the
# questions out: used only to confirm that a numbered list is the seven topics, not steps.
_ANSWER_CONTENT = {
    1: r"\b(?:aware|noticed|notified|informed|reported|received|discovered|detected|found|learn(?:ed|t)|alert)",
    3: r"\b(?:stop(?:ped)?|halt(?:ed)?|ceased?|paused?|suspend(?:ed)?|disabled?|blocked)\b",
    4: r"\b\d[\d,]*\s+(?:\w+\s+){0,3}(?:certificates?|certs?|precertificates?|responses?|CRLs?)\b|\b(?:first|last)\b.{0,60}\bissued\b",
    5: r"crt\.sh|sha-?256|fingerprint|serial|attached|spreadsheet|\bcsv\b",
    6: r"\b(?:because|cause[ds]?|due to|reason|why|bug|error|mistake|misconfigur\w*|oversight|failed)\b",
    7: r"\b(?:will|plan(?:ned)?|implement(?:ed)?|deploy(?:ed)?|steps?|fix(?:ed)?|remediat\w*|prevent\w*|introduc\w*)\b",
}
_ANSWER_NUMBER_RE = re.compile(r"^\(?(?P<n>[1-7])[.)]\s+(?P<rest>\S.*)$")


def numbered_answers(lines: list[Line]) -> list[Mark]:
    """The seven answers numbered "1." to "7." without the questions: a run of numbered top-level
    paragraphs 1, 2, 3, ... (at least five), whose content fits the topics (a timeline of dated
    events under 2, and at least three others that speak of awareness, stopping issuance, counts,
    certificate data, causes or steps). Each answer is on the mark's own line."""
    found: list[tuple[int, Line, int]] = []  # (number, line, answer start in line.text)
    want = 1
    for line in lines:
        if line.kind != PARA or line.depth > 1:
            continue
        if line.item and line.marker[:-1].isdigit():
            n, start = int(line.marker[:-1]), 0
        else:
            m = _ANSWER_NUMBER_RE.match(line.text)
            if m is None:
                continue
            n, start = int(m.group("n")), m.start("rest")
        if not _first_of_block(lines, line):  # asked last: the tests above are cheaper and as pure
            continue
        if n == want:
            found.append((n, line, start))
            want += 1
        elif n == 1 and want <= 3:
            found, want = [(n, line, start)], 2  # an earlier short numbered list; start again
    if len(found) < 5:
        return []
    bounds = [ln.no for _, ln, _ in found] + [len(lines) + 1]
    texts = {n: " ".join(o.text for o in lines[ln.no - 1 : bounds[i + 1] - 1]) for i, (n, ln, _) in enumerate(found)}
    from incident_kit.text.timestamps import find_all_times

    if len(find_all_times(texts.get(2, ""))) < 2:
        return []
    fits = sum(1 for n, pattern in _ANSWER_CONTENT.items() if n in texts and re.search(pattern, texts[n], re.IGNORECASE))
    if fits < 3:
        return []
    return [Mark(ln.no, f"topic{n}", f"{n}.", ln.level, False, answer=(start, len(ln.text))) for n, ln, start in found]


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
        end = max(nxt - 1, mark.line)
        while end > mark.line and not working[end - 1].strip():
            end -= 1
        body = "\n".join(working[mark.line : end]) if end > mark.line else ""
        answer = _inline_answer(mark, lines)
        if answer:
            # The answer on the topic's own line is the text's first line (``Section.inline``).
            body = answer + ("\n" + body if body else "")
        out.append(d.Section(key=mark.key, title=mark.title, line=mark.line, end_line=end, text=body,
                             level=mark.level, inline=bool(answer)))
    return out


def _inline_answer(mark: Mark, lines: list[Line]) -> str:
    """The answer written on the mark's own line, without emphasis marks left over around it."""
    if mark.answer is None or not 1 <= mark.line <= len(lines):
        return ""
    a, b = mark.answer
    return lines[mark.line - 1].text[a:b].strip(" \t*_")
