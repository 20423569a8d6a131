"""Concepts: named sets of phrasings, and the one matcher that finds them in prose.

* :class:`Concept`: a named idea and its phrasings, compiled lazily (on first use) into one
  case-insensitive, word-bounded regular expression. Spaces in a pattern match any run of spaces
  or hyphens, so ``free text`` also matches ``free-text``. :func:`verb` and :func:`noun` spell out
  regular inflections ("detect" -> detect|detects|detected|detecting).
* :func:`mentions`: every place a concept is mentioned, looked for clause by clause (sentences
  and clauses from :mod:`incident_kit.text.sentences`), each a :class:`Match` whose ``negated``
  flag comes from the one negation (:mod:`incident_kit.text.negation`).
* :func:`mentioned` / :func:`first_mention`: "is this concept affirmed (or denied) anywhere?".
* :func:`find_phrases` / :func:`affirms` / :func:`matches`: the same questions for the policy
  knowledge base's phrase lists, by sentence.

This module is the single place where lexicon patterns are compiled and searched; patterns run on
bounded units (clauses, sentences), never on whole documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from incident_kit.text import negation
from incident_kit.text.normalise import normalise
from incident_kit.text.sentences import clauses, sentence_clauses, sentences

def verb(base: str, *irregular: str) -> str:
    """A regex alternation of the regular inflections of an English verb, plus any irregular
    forms given: ``verb("detect")`` matches detect, detects, detected, detecting;
    ``verb("revoke")`` matches revoke, revokes, revoked, revoking; ``verb("stop")`` also
    matches stopped and stopping."""
    base = base.lower()
    if base.endswith("e"):
        stem = base[:-1]
        forms = [base, base + "s", stem + "ed", stem + "ing"]
    elif len(base) > 1 and base.endswith("y") and base[-2] not in "aeiou":
        stem = base[:-1]
        forms = [base, stem + "ies", stem + "ied", base + "ing"]
    else:
        suffix_s = "es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s"
        forms = [base, base + suffix_s, base + "ed", base + "ing"]
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base) and len(base) <= 5:
            forms += [base + base[-1] + "ed", base + base[-1] + "ing"]
    forms += [f.lower() for f in irregular]
    return "(?:" + "|".join(sorted(set(forms), key=len, reverse=True)) + ")"


def noun(singular: str, plural: Optional[str] = None) -> str:
    """A regex alternation of a noun and its plural (``noun("check")`` → check|checks)."""
    if plural is None:
        if singular.endswith(("s", "sh", "ch", "x", "z")):
            plural = singular + "es"
        elif len(singular) > 1 and singular.endswith("y") and singular[-2] not in "aeiou":
            plural = singular[:-1] + "ies"
        else:
            plural = singular + "s"
    return f"(?:{plural}|{singular})"


def _pattern_to_regex(pattern: str) -> str:
    """Let a space in a lexicon pattern (outside a character class) match spaces, newlines or
    hyphens."""
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "]":
            in_class = False
            out.append(ch)
        elif ch == " " and not in_class:
            out.append(r"[\s\-]+")
        else:
            out.append(ch)
    return "".join(out)


class Concept:
    """A named idea and the phrasings that express it.

    ``patterns`` are regular-expression fragments (case-insensitive, matched on word boundaries);
    build inflections with :func:`verb` and :func:`noun`. The expression is compiled on first use
    and kept, so define concepts at module level: a lint run compiles only the concepts its rules
    actually consult (compiling every lexicon up front dominated the start-up of a one-file lint).
    """

    __slots__ = ("name", "patterns", "_regex")

    def __init__(self, name: str, patterns: Iterable[str]) -> None:
        pats = tuple(patterns)
        if not pats:
            raise ValueError(f"concept {name!r} has no pattern")
        self.name = name
        self.patterns = pats
        self._regex: Optional[re.Pattern[str]] = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            body = "|".join(f"(?:{_pattern_to_regex(p)})" for p in self.patterns)
            self._regex = re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)
        return self._regex

    def __or__(self, other: "Concept") -> "Concept":
        """The union of two concepts (``CONTROL | MONITORING``)."""
        return Concept(f"{self.name}|{other.name}", self.patterns + other.patterns)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Concept) and (self.name, self.patterns) == (other.name, other.patterns)

    def __hash__(self) -> int:
        return hash((self.name, self.patterns))

    def __repr__(self) -> str:
        return f"Concept({self.name!r}, {len(self.patterns)} patterns)"


@dataclass(frozen=True, slots=True)
class Match:
    """One mention of a concept. Offsets are into the text given to :func:`mentions`."""

    concept: str
    text: str  # the words that matched
    start: int
    end: int
    sentence: str  # the sentence it stands in
    clause: str  # the clause it stands in
    negated: bool  # the clause denies it ("no X", "without X", "X was not ...", "X failed")
    clause_start: int = 0  # offset of the clause in the text given to mentions()



def mentions(text: str, concept: Concept) -> list[Match]:
    """Every mention of ``concept`` in ``text``, in order, each with its ``negated`` flag.

    A mention is looked for clause by clause, so a phrase split by a comma or a conjunction is
    not found; lexicon patterns should therefore name short phrases ("no linter", "free text").
    """
    found: list[Match] = []
    for sent, cl in sentence_clauses(text):
        for m in concept.regex.finditer(cl.text):
            found.append(
                Match(
                    concept=concept.name,
                    text=m.group(),
                    start=cl.start + m.start(),
                    end=cl.start + m.end(),
                    sentence=sent.text,
                    clause=cl.text,
                    negated=negation.negated(cl.text, m.start(), m.end()),
                    clause_start=cl.start,
                )
            )
    return found


def first_mention(text: str, concept: Concept, *, negated: Optional[bool] = False) -> Optional[Match]:
    """The first mention whose ``negated`` flag equals ``negated`` (``None``: any mention)."""
    for m in mentions(text, concept):
        if negated is None or m.negated == negated:
            return m
    return None


def mentioned(text: str, concept: Concept, *, negated: Optional[bool] = False) -> bool:
    """Whether ``text`` affirms the concept (``negated=False``, the default), denies it
    (``negated=True``), or mentions it at all (``negated=None``)."""
    return first_mention(text, concept, negated=negated) is not None


# --------------------------------------------------------------------------------------------
# Phrase lists (the policy knowledge base).
# --------------------------------------------------------------------------------------------


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
    for cl in clauses(sentence):
        if cl.start <= start <= cl.end:
            return negation.negated_before(cl.text, start - cl.start)
    return negation.negated_before(sentence, start)


def find_phrases(text: str, patterns: Iterable[str], *, check_negation: bool = True) -> list[PhraseMatch]:
    """Every sentence of ``text`` that matches one of ``patterns`` (first match per sentence)."""
    pats = list(patterns)
    out: list[PhraseMatch] = []
    for sent in sentences(normalise(text)):
        for p in pats:
            m = _compile(p).search(sent.text)
            if m is None:
                continue
            denied = check_negation and _denied_before(sent.text, m.start())
            out.append(PhraseMatch(p, m.group(0), sent.text, denied))
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
