"""Sentences and clauses of prose, and a rough content-word overlap.

* :func:`sentences`: split text into sentences, aware of "e.g.", "i.e.", version numbers and
  bullet lines (a line break always ends a sentence).
* :func:`clauses`: split a sentence into clauses at punctuation and before conjunctions
  ("because", "but", "although", "and", ...), so a negation in one clause does not leak into
  the next.
* :func:`sentence_clauses`: every (sentence, clause) pair of a text, computed once per text.
* :func:`words`, :func:`content_words` and :func:`overlap`: words, their crude stems, and how
  much of one text repeats another.

Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a text and where it stands in it (``start``/``end`` are offsets into the text
    that was split)."""

    text: str
    start: int
    end: int



# --------------------------------------------------------------------------------------------
# Sentences and clauses.
# --------------------------------------------------------------------------------------------

# The longest unit the lexicon patterns run on: a longer sentence (no real one comes near) is cut
# into pieces of at most this many characters, at the last blank before the limit when there is
# one, so that no pattern ever searches an unbounded text (see concepts.search).
MAX_UNIT = 2_000

_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "cf", "no", "approx", "incl", "resp", "fig", "sec", "ca", "inc", "ltd", "co", "st"}
)
# A run of stops is tried from its first character only (the lookbehind): from inside the run it
# ends at the same place, and retrying from every character of a long run was quadratic.
# Written as one alternative per opening character, each a plain literal, so that the regex engine
# skips ahead to the next ".", "!", "?" or line break instead of trying every position: the same
# matches as ``(?<![.!?])[.!?]+["')\]]*(?=\s|$)|\n+`` (_SENTENCE_END_PLAIN, which a test compares
# with it on random text).
_SENTENCE_END_PLAIN = r"(?<![.!?])[.!?]+[\"')\]]*(?=\s|$)|\n+"
_STOP_TAIL = r"(?<![.!?]{2})[.!?]*[\"')\]]*(?=\s|$)"
_SENTENCE_END = re.compile(rf"\.{_STOP_TAIL}|!{_STOP_TAIL}|\?{_STOP_TAIL}|\n+")
# (Not from a letter that follows a letter, or a letter and a stop: an earlier start matches the same.)
_WORD_BEFORE = re.compile(r"(?<![A-Za-z])(?<![A-Za-z]\.)([A-Za-z][A-Za-z.]*)\.$")


# The last two characters of each abbreviation: the word before a full stop ends with one of
# these, or it is no abbreviation (every abbreviation has two characters or more).
_ABBREVIATION_TAILS = frozenset(a[-2:] for a in _ABBREVIATIONS)


def _is_abbreviation_end(text: str, end: int) -> bool:
    """True when the full stop ending at ``end`` belongs to an abbreviation like "e.g."."""
    if text[max(0, end - 3) : end - 1].lower() not in _ABBREVIATION_TAILS:
        return False  # (a word of [A-Za-z.] ending right before the stop shows its tail here)
    m = _WORD_BEFORE.search(text[max(0, end - 12) : end])
    return bool(m) and m.group(1).lower().rstrip(".") in _ABBREVIATIONS


def sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences (see :func:`_sentences`; results are cached, since several
    rules split the same field)."""
    return list(_sentences_cached(text))


@lru_cache(maxsize=8192)
def _sentences_cached(text: str) -> tuple[Span, ...]:
    return tuple(_sentences(text))


def split_sentences(text: str) -> list[Span]:
    """:func:`sentences` without its cache, for a caller that splits each text once and keeps
    the result (the prose model of a Document)."""
    return _sentences(text)


def _sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences. A line break always ends a sentence (reports are written as
    bullets and lines); a full stop does not when it ends an abbreviation ("e.g.") or sits inside
    a number ("v2.1", "3.2.2.4"). Empty pieces are dropped; offsets refer to ``text``."""
    spans: list[Span] = []
    if "." not in text and "!" not in text and "?" not in text and "\n" not in text:
        _append_span(spans, text, 0, len(text))  # no stop and no break: one sentence (or none)
        return spans
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == "." and _is_abbreviation_end(text, m.start() + 1):  # (a break is its own match)
            continue
        _append_span(spans, text, start, m.end())
        start = m.end()
    _append_span(spans, text, start, len(text))
    return spans


def _append_span(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    first = start + lead
    if len(stripped) <= MAX_UNIT:
        spans.append(Span(stripped, first, first + len(stripped)))
        return
    for a, b in pieces(text, first, first + len(stripped)):
        _append_span(spans, text, a, b)


def pieces(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``text[start:end]`` as consecutive (start, end) ranges of at most :data:`MAX_UNIT`
    characters, each cut after the last blank before the limit when there is one."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    while end - start > MAX_UNIT:
        cut = max(text.rfind(" ", start + 1, start + MAX_UNIT), text.rfind("\n", start + 1, start + MAX_UNIT))
        cut = cut + 1 if cut > start else start + MAX_UNIT
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


_CLAUSE_BREAK = re.compile(
    r"(?P<punct>[,;:()\u2013\u2014]|\s-\s)|"
    r"(?<![\w-])(?:because|since|although|though|but|however|whereas|while|and|so|therefore|"
    r"thus|hence|which|whilst|(?<!not\s)(?<!n't\s)(?<!n\u2019t\s)yet|until|unless|after|before|when|once)(?![\w-])",
    re.IGNORECASE,
)

_RESTATED_NUMBER = re.compile(r"\(~?\d[\d,.]*%?\)")


def clauses(sentence: str) -> list[Span]:
    """Split a sentence into clauses at punctuation (dropped) and before conjunctions ("because",
    "but", "although", "and", "which", "when", ...; kept at the start of their clause, so that
    "because" can still be found), so that a negation in one clause does not leak into the next:
    in "we did not stop issuance because the linter flagged it" the linter is not denied. "Yet"
    after a negation ("we haven't yet added ...") is an adverb, not a conjunction. A number
    restated in brackets ("two (2) certificates") is no clause of its own.
    Offsets refer to ``sentence``."""
    spans: list[Span] = []
    start = 0
    masked = _RESTATED_NUMBER.sub(lambda m: " " * len(m.group()), sentence)
    for m in _CLAUSE_BREAK.finditer(masked):
        _append_span(spans, sentence, start, m.start())
        start = m.end() if m.group("punct") else m.start()
    _append_span(spans, sentence, start, len(sentence))
    return spans


_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (contractions kept whole: "didn't")."""
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=8192)
def sentence_clauses(text: str) -> tuple[tuple[Span, Span], ...]:
    """The (sentence, clause) pairs of a text, computed once per text: every concept a rule looks
    for in the same field walks the same clauses. Clause offsets are absolute (into ``text``)."""
    return tuple(
        (sent, Span(cl.text, sent.start + cl.start, sent.start + cl.end))
        for sent in sentences(text)
        for cl in clauses(sent.text)
    )


# --------------------------------------------------------------------------------------------
# Overlap.
# --------------------------------------------------------------------------------------------

_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    this that these those it its we our us they their them he she his her which who whom whose
    what when where why how all any each some such no not than then so too very can could will
    would should may might must shall do does did done has have had having into onto over under
    about after before during between through while also only there here out up down""".split()
)


def _stem(word: str) -> str:
    """A crude stem so that inflections meet: issued/issuing/issue → issu."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """The stems of the meaningful words of ``text`` (stop words and one-letter words dropped)."""
    return {_stem(w) for w in words(text) if len(w) > 1 and w not in _STOPWORDS}


def overlap(text: str, reference: str) -> float:
    """The share of ``text``'s content words that also occur in ``reference`` (0.0 to 1.0; 0.0
    when ``text`` has no content word)."""
    mine = content_words(text)
    if not mine:
        return 0.0
    return len(mine & content_words(reference)) / len(mine)


def clear_caches() -> None:
    """Forget the cached sentence and clause splits. They pay off within one lint run (several rules
    split the same field); a long-lived process that lints new text on every request (``serve``)
    clears them after each run, so that memory stays flat instead of filling 2 x 8192 entries of
    whole-section text."""
    _sentences_cached.cache_clear()
    sentence_clauses.cache_clear()
