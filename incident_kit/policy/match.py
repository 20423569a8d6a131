"""Matching the knowledge base's phrases against report text, by sentence, with negation.

A phrase (a regex from a clause file) is looked for in each sentence of a text. A match counts as
*affirmed* unless its sentence denies it just before it ("we did not automate the reconciliation",
"no ceremony checklist step creates the CCADB record"); known-insufficient remedies are matched
without the negation test, since their own wording often carries a negation ("we will not deliver
the certificate until ...").

Sentence splitting and negation come from :mod:`incident_kit.rules._semantics`, so every rule
judges wording the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from incident_kit.rules import _semantics as sem

_BARE_URL_RE = re.compile(r"\(\s*<?https?://[^\s)]*>?\s*\)|<?https?://[^\s)>]+>?")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def normalise(text: str) -> str:
    """Fold quotes and dashes, strip Markdown emphasis, links and bare URLs, collapse white space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = _BARE_URL_RE.sub(" ", text)  # a crt.sh link between a noun and its verb is not words
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    pattern: str
    text: str  # the words matched
    sentence: str
    negated: bool


def _denied_before(sentence: str, start: int) -> bool:
    """Whether the clause that holds ``start`` denies what follows (a negator among the few words
    before ``start`` in that clause)."""
    for cl in sem.clauses(sentence):
        if cl.start <= start <= cl.end:
            return sem.negated_before(cl.text, start - cl.start)
    return sem.negated_before(sentence, start)


def find_phrases(text: str, patterns: Iterable[str], *, check_negation: bool = True) -> list[PhraseMatch]:
    """Every sentence of ``text`` that matches one of ``patterns`` (first match per sentence)."""
    pats = list(patterns)
    out: list[PhraseMatch] = []
    for sent in sem.sentences(normalise(text)):
        for p in pats:
            m = _compile(p).search(sent.text)
            if m is None:
                continue
            negated = check_negation and _denied_before(sent.text, m.start())
            out.append(PhraseMatch(p, m.group(0), sent.text, negated))
            break
    return out


def affirms(text: str, patterns: Iterable[str]) -> Optional[PhraseMatch]:
    """The first affirmed (not negated) match of any pattern in ``text``, or None."""
    for m in find_phrases(text, patterns):
        if not m.negated:
            return m
    return None


def matches(text: str, patterns: Iterable[str]) -> Optional[PhraseMatch]:
    """The first match of any pattern in ``text``, negated or not (for insufficient remedies)."""
    found = find_phrases(text, patterns, check_negation=False)
    return found[0] if found else None
