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
  knowledge base's phrase lists, by sentence. A phrase is written in the same dialect and
  compiled by the same path (:func:`dialect_source`); an entry ``{lexicon:NAME}`` of a phrase list
  stands for the patterns of ``incident_kit/lexicon/NAME.toml`` (:func:`phrase_list`).

This module is the single place where lexicon patterns are compiled and searched; patterns run on
bounded units (clauses, sentences), never on whole documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from incident_kit.text import negation
from incident_kit.text.gate import Gate
from incident_kit.text.normalise import normalise
from incident_kit.text.sentences import MAX_UNIT, Span, clauses, pieces, sentence_clauses, sentences

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

    ``patterns`` are regular-expression fragments (case-insensitive, matched on word boundaries;
    a space matches any run of spaces or hyphens); ``{verb:detect}`` and ``{noun:check}`` (see
    :func:`expand`) spell out inflections, ``{gap:60}`` is a proximity gap (up to 60 characters
    of the same sentence). ``exceptions`` are patterns that, found in the same
    sentence, cancel a mention. Shipped concepts are data, ``incident_kit/lexicon/NAME.toml``,
    loaded with :func:`lexicon`: the file is read and the expression compiled on first use, so a
    lint run pays only for the concepts its rules actually consult.
    """

    __slots__ = ("name", "_patterns", "_exceptions", "_loader", "_gate", "_exc_gate", "_hash")

    def __init__(self, name: str, patterns: Iterable[str] = (), exceptions: Iterable[str] = (), *, loader=None) -> None:
        self.name = name
        self._loader = loader  # () -> (patterns, exceptions), called on first use
        self._patterns: Optional[tuple[str, ...]] = None
        self._exceptions: tuple[str, ...] = ()
        self._gate: Optional[Gate] = None
        self._exc_gate: Optional[Gate] = None
        self._hash: Optional[int] = None
        if loader is None:
            self._set(tuple(patterns), tuple(exceptions))

    def _set(self, patterns: tuple[str, ...], exceptions: tuple[str, ...]) -> None:
        if not patterns:
            raise ValueError(f"concept {self.name!r} has no pattern")
        self._patterns, self._exceptions = patterns, exceptions

    def _load(self) -> None:
        if self._patterns is None:
            self._set(*self._loader())

    @property
    def patterns(self) -> tuple[str, ...]:
        self._load()
        assert self._patterns is not None
        return self._patterns

    @property
    def exceptions(self) -> tuple[str, ...]:
        self._load()
        return self._exceptions

    @property
    def gate(self) -> Gate:
        """The concept's expression behind its necessary-literal gate (see
        :mod:`incident_kit.text.gate`): searches of text that holds none of the literals every
        match needs are answered without running (or compiling) the expression."""
        if self._gate is None:
            self._gate = Gate.derive(_concept_source(self.patterns), re.IGNORECASE)
        return self._gate

    @property
    def exception_gate(self) -> Optional[Gate]:
        if self._exc_gate is None and self.exceptions:
            self._exc_gate = Gate.derive(_concept_source(self.exceptions), re.IGNORECASE)
        return self._exc_gate

    @property
    def regex(self) -> re.Pattern[str]:
        return self.gate.regex

    @property
    def exception_regex(self) -> Optional[re.Pattern[str]]:
        g = self.exception_gate
        return g.regex if g is not None else None

    def __or__(self, other: "Concept") -> "Concept":
        """The union of two concepts (``CONTROL | MONITORING``), built lazily."""
        return Concept(
            f"{self.name}|{other.name}",
            loader=lambda: (self.patterns + other.patterns, self.exceptions + other.exceptions),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Concept) and (self.name, self.patterns) == (other.name, other.patterns)

    def __hash__(self) -> int:
        if self._hash is None:  # asked for every cached mentions() look-up; the patterns never change
            self._hash = hash((self.name, self.patterns))
        return self._hash

    def __repr__(self) -> str:
        return f"Concept({self.name!r})"


def _concept_source(patterns: tuple[str, ...]) -> str:
    body = "|".join(f"(?:{_pattern_to_regex(expand(p))})" for p in patterns)
    return rf"(?<![\w-])(?:{body})(?![\w])"


def dialect_source(pattern: str) -> str:
    """The regular expression (to compile with ``re.IGNORECASE``) of one pattern of the dialect:
    its shorthands spelt out (:func:`expand`), a space matching any run of spaces or hyphens, the
    whole bounded by words (no word character or hyphen just before, no word character just
    after). What a lexicon's patterns and a policy phrase both compile to."""
    return _concept_source((pattern,))


def _compile_concept(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_concept_source(patterns), re.IGNORECASE)


_SHORTHAND = re.compile(r"\{(verb|noun|gap):([^{}]+)\}")
GAP_MAX = 200  # the widest {gap:N}: a proximity gap stays inside one idea


def expand(pattern: str) -> str:
    """A lexicon pattern with its shorthands spelt out: ``{verb:detect}`` (detect, detects,
    detected, detecting), ``{verb:forget|forgot|forgotten}`` (irregular forms after the base),
    ``{noun:check}`` (check, checks), ``{noun:criterion|criteria}`` (an irregular plural), and
    the proximity gap ``{gap:60}``: up to 60 characters that do not cross a sentence end (a line
    break, or a full stop, question or exclamation mark followed by white space), so the words on
    either side stand near each other in one sentence, even where a whole text is searched.
    The gap is the one way to write "these words, then those, a little later": a pattern never
    says ``.*`` (a ValueError names a gap that is not a number from 1 to :data:`GAP_MAX`)."""

    def spell(m: re.Match[str]) -> str:
        words = [w.strip() for w in m.group(2).split("|")]
        if m.group(1) == "gap":
            if len(words) != 1 or not words[0].isdigit() or not 1 <= int(words[0]) <= GAP_MAX:
                raise ValueError(f"{{gap:{m.group(2)}}}: the gap is a number of characters from 1 to {GAP_MAX}")
            return f"(?:(?![.!?]\\s)[^\\n]){{0,{int(words[0])}}}"
        if m.group(1) == "verb":
            return verb(words[0], *words[1:])
        return noun(words[0], words[1] if len(words) > 1 else None)

    return _SHORTHAND.sub(spell, pattern)


# --------------------------------------------------------------------------------------------
# Lexicons: incident_kit/lexicon/NAME.toml, one concept per file.
# --------------------------------------------------------------------------------------------

LEXICON_KEYS = ("name", "description", "unit", "includes", "patterns", "exceptions", "examples", "counterexamples")
# How a lexicon is matched (its examples are tested the same way): "clause", by the rules' matcher
# (mentions(): clause by clause, the one negation, exceptions); "sentence", by the policy phrase
# matcher (phrases_in(): a sentence at a time, its patterns in order, a negator just before the
# match), for an idea the policy clauses name with a {lexicon:NAME} phrase-list entry.
LEXICON_UNITS = ("clause", "sentence")


@dataclass(frozen=True)
class Lexicon:
    """One lexicon file: a concept with its description, the lexicons it includes (their
    patterns come first), its patterns and exceptions, and the phrases it must (``examples``)
    and must not (``counterexamples``) find."""

    name: str
    description: str
    includes: tuple[str, ...]
    patterns: tuple[str, ...]
    exceptions: tuple[str, ...]
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    path: str
    unit: str = "clause"


def lexicon_dir() -> Path:
    """The folder of the shipped lexicons (inside the package; ``importlib.resources`` would cost
    a one-file lint about 5 ms of imports for the same answer)."""
    return Path(__file__).resolve().parent.parent / "lexicon"


def lexicon_names() -> list[str]:
    """The names of the shipped lexicons, sorted."""
    return sorted(p.name[: -len(".toml")] for p in lexicon_dir().iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=None)
def read_lexicon(name: str) -> Lexicon:
    """The lexicon ``name`` as written in its file; :class:`~incident_kit.errors.InputError` (file
    and message) for an unknown name or a malformed file, or a pattern that is not a valid regular
    expression on its own."""
    lex = _read_lexicon(name)
    for pattern in lex.patterns + lex.exceptions:
        try:
            re.compile(_pattern_to_regex(expand(pattern)))
        except (re.error, ValueError) as exc:
            from incident_kit.errors import InputError

            raise InputError(f"pattern {pattern!r} is not a valid regular expression ({exc})", lex.path) from None
    return lex


@lru_cache(maxsize=None)
def _read_lexicon(name: str) -> Lexicon:
    """:func:`read_lexicon` without compiling each pattern on its own: what a lint uses. The
    shipped files are checked pattern by pattern by the test suite (and ``incident-kit lexicon``);
    a lint compiles each concept once, as one expression, when a gate first lets text through."""
    import tomllib

    from incident_kit.errors import InputError

    path = lexicon_dir() / f"{name}.toml"
    shown = f"incident_kit/lexicon/{name}.toml"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or not path.is_file():
        known = ", ".join(lexicon_names())
        raise InputError(f"no lexicon named {name!r} (known: {known})", shown)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", shown) from None
    unknown = sorted(set(data) - set(LEXICON_KEYS))
    if unknown:
        raise InputError(f"unknown key(s) {', '.join(unknown)}", shown)
    if data.get("name") != name:
        raise InputError(f"name = {data.get('name')!r} does not match the file name", shown)

    def strings(key: str, required: bool) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise InputError(f"{key}: expected a list of non-empty strings", shown)
        if required and not value:
            raise InputError(f"{key}: needs at least one entry", shown)
        return tuple(value)

    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise InputError("description: a sentence saying what the concept is", shown)
    unit = data.get("unit", "clause")
    if unit not in LEXICON_UNITS:
        raise InputError(f"unit = {unit!r}: expected one of {', '.join(map(repr, LEXICON_UNITS))}", shown)
    if unit == "sentence" and (data.get("exceptions") or data.get("includes")):
        raise InputError("a lexicon matched by sentence (a policy phrase list) has no exceptions or includes", shown)
    lex = Lexicon(
        name,
        " ".join(description.split()),
        strings("includes", False),
        strings("patterns", not data.get("includes")),
        strings("exceptions", False),
        strings("examples", True),
        strings("counterexamples", True),
        shown,
        unit,
    )
    return lex


def _lexicon_parts(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lex = _read_lexicon(name)
    patterns: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    for included in lex.includes:
        more = lexicon(included)
        patterns += more.patterns
        exceptions += more.exceptions
    return patterns + lex.patterns, exceptions + lex.exceptions


@lru_cache(maxsize=None)
def lexicon(name: str) -> Concept:
    """The concept of ``incident_kit/lexicon/NAME.toml``. Nothing is read until the concept is
    first used, so modules may define ``AWARE = lexicon("aware")`` at import time."""
    return Concept(name, loader=lambda: _lexicon_parts(name))


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
    Several rules ask about the same field and concept: the answer is worked out once.
    """
    return list(_mentions(text, concept))


@lru_cache(maxsize=4096)
def _mentions(text: str, concept: Concept) -> tuple[Match, ...]:
    return tuple(_find_mentions(text, concept))


# From this length on a text usually has several clauses, and testing only the literals it holds
# clause by clause saves more than finding them costs (a shorter text is tested as it is).
_NARROW_FROM = 200


def _find_mentions(text: str, concept: Concept) -> list[Match]:
    found: list[Match] = []
    gate = concept.gate
    if not gate.may_match(text):  # clauses are pieces of the text: none can match
        return found
    exceptions = concept.exception_gate
    if len(text) > _NARROW_FROM:  # many clauses: they hold only the literals the text holds
        gate = gate.narrowed(text)
        exceptions = exceptions.narrowed(text) if exceptions is not None else None
    for sent, cl in _clause_pairs(text, gate):
        if exceptions is not None and exceptions.search(sent.text):
            continue
        for m in gate.finditer(cl.text):
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


def search(unit: str, concept: Concept) -> Optional[re.Match[str]]:
    """The first match of ``concept`` in one bounded unit (a sentence, a line), as written: no
    clause split and no negation, for callers that judge the whole unit themselves (IK901 reads
    a claim's reasons and evidence, and asks :func:`incident_kit.text.negation.is_meta`).
    A unit longer than :data:`~incident_kit.text.sentences.MAX_UNIT` is searched piece by piece
    (:func:`~incident_kit.text.sentences.pieces`): no pattern runs on more than that."""
    if len(unit) <= MAX_UNIT:
        return concept.gate.search(unit)
    for start, end in pieces(unit):
        m = concept.gate.search(unit, start, end)
        if m is not None:
            return m
    return None


def finditer(unit: str, concept: Concept) -> Iterator[re.Match[str]]:
    """Every match of ``concept`` in one bounded unit, as :func:`search` finds them."""
    if len(unit) <= MAX_UNIT:
        return concept.gate.finditer(unit)
    return (m for start, end in pieces(unit) for m in concept.gate.finditer(unit, start, end))


def first_mention(text: str, concept: Concept, *, negated: Optional[bool] = False) -> Optional[Match]:
    """The first mention whose ``negated`` flag equals ``negated`` (``None``: any mention)."""
    for m in mentions(text, concept):
        if negated is None or m.negated == negated:
            return m
    return None


def mentioned(text: str, concept: Concept, *, negated: Optional[bool] = False) -> bool:
    """Whether ``text`` affirms the concept (``negated=False``, the default), denies it
    (``negated=True``), or mentions it at all (``negated=None``)."""
    if negated is None and len(text) > _NARROW_FROM:
        return _any_mention(text, concept)
    return first_mention(text, concept, negated=negated) is not None


def _any_mention(text: str, concept: Concept) -> bool:
    """Whether :func:`mentions` finds anything in a long text (a whole report): the same
    clause-by-clause search, stopping at the first match, with no negation to read and no Match
    to build. (A short text, which rules ask about again and again, goes through the cached
    :func:`mentions`.)"""
    gate = concept.gate
    if not gate.may_match(text):
        return False
    gate = gate.narrowed(text)
    exceptions = concept.exception_gate
    exceptions = exceptions.narrowed(text) if exceptions is not None else None
    for sent, cl in _clause_pairs(text, gate):
        if exceptions is not None and exceptions.search(sent.text):
            continue
        if gate.search(cl.text) is not None:
            return True
    return False


def _clause_pairs(text: str, gate: Gate) -> Iterator[tuple[Span, Span]]:
    """The (sentence, clause) pairs of :func:`sentence_clauses` that ``gate`` can match in: a long
    text is split into clauses only in the sentences that hold one of the gate's literals (a
    clause is a piece of its sentence); a short one takes the shared split."""
    if len(text) <= _NARROW_FROM:
        yield from sentence_clauses(text)
        return
    for sent in sentences(text):
        if gate.may_match(sent.text):
            for cl in clauses(sent.text):
                yield sent, Span(cl.text, sent.start + cl.start, sent.start + cl.end)


# --------------------------------------------------------------------------------------------
# Phrase lists (the policy knowledge base).
# --------------------------------------------------------------------------------------------


_LEXICON_ENTRY = re.compile(r"\{lexicon:([a-z][a-z0-9_]*)\}")


@lru_cache(maxsize=4096)
def phrase_gate(pattern: str) -> Gate:
    """A knowledge-base phrase, written in the lexicon dialect (:func:`dialect_source`), behind its
    necessary-literal gate: ``phrase_gate(p).search(text)`` finds the phrase without running it
    when the text holds none of the literals a match needs. A ``{lexicon:NAME}`` entry gives the
    gate of all the lexicon's patterns (it matches where one of them does)."""
    m = _LEXICON_ENTRY.fullmatch(pattern)
    if m is not None:
        return lexicon(m.group(1)).gate
    return Gate.derive(dialect_source(pattern), re.IGNORECASE)


def phrase_list(patterns: Iterable[str]) -> tuple[str, ...]:
    """A phrase list with each ``{lexicon:NAME}`` entry replaced by the patterns of that lexicon
    (its included lexicons' first), in order: a clause names a reusable idea ("a CA certificate
    was created") by its lexicon, and the phrase matcher tries its patterns one by one, as if
    they were written in the list."""
    patterns = tuple(patterns)
    if not any(p.startswith("{lexicon:") for p in patterns):
        return patterns
    return _phrase_list(patterns)


@lru_cache(maxsize=1024)
def _phrase_list(patterns: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for p in patterns:
        m = _LEXICON_ENTRY.fullmatch(p)
        out.extend(lexicon(m.group(1)).patterns if m else (p,))
    return tuple(out)


def phrase_problem(pattern: str) -> Optional[str]:
    """Why a phrase of a phrase list is not usable (an unknown lexicon or one matched by clause, a
    bad gap, an invalid expression), or None."""
    m = _LEXICON_ENTRY.fullmatch(pattern)
    if m is not None:
        if m.group(1) not in lexicon_names():
            return f"no lexicon named {m.group(1)!r}"
        if read_lexicon(m.group(1)).unit != "sentence":
            return f"lexicon {m.group(1)!r} is matched by clause (unit = \"clause\"); a phrase list names sentence lexicons"
        return None
    if pattern.startswith("{lexicon:"):
        return "a lexicon entry is '{lexicon:NAME}', alone in its list entry"
    try:
        re.compile(dialect_source(pattern), re.IGNORECASE)
    except (re.error, ValueError) as exc:
        return f"not a valid pattern ({exc})"
    return None


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
    return phrases_in(normalise(text), patterns, check_negation=check_negation)


def phrases_in(norm: str, patterns: Iterable[str], *, check_negation: bool = True) -> list[PhraseMatch]:
    """:func:`find_phrases` of a text already given as ``normalise(text)`` (for a caller that asks
    many phrase lists about the same text: it normalises once)."""
    # Sentences are pieces of ``norm``: a pattern whose gate rejects it matches no sentence, and
    # dropping it keeps the order of the others (the first match per sentence is unchanged).
    gates = [(p, g) for p in phrase_list(patterns) if (g := phrase_gate(p)).may_match(norm)]
    out: list[PhraseMatch] = []
    if not gates:
        return out
    for sent in sentences(norm):
        for p, g in gates:
            m = g.search(sent.text)
            if m is None:
                continue
            denied = check_negation and _denied_before(sent.text, m.start())
            out.append(PhraseMatch(p, m.group(0), sent.text, denied))
            break
    return out


def affirms(text: str, patterns: Iterable[str]) -> Optional[PhraseMatch]:
    """The first affirmed (not negated) match of any pattern in ``text``, or None."""
    return affirmed_in(normalise(text), patterns)


def affirmed_in(norm: str, patterns: Iterable[str]) -> Optional[PhraseMatch]:
    """:func:`affirms` of a text already given as ``normalise(text)``."""
    for m in phrases_in(norm, patterns):
        if not m.negated:
            return m
    return None


def matches(text: str, patterns: Iterable[str]) -> Optional[PhraseMatch]:
    """The first match of any pattern in ``text``, negated or not (for insufficient remedies)."""
    found = find_phrases(text, patterns, check_negation=False)
    return found[0] if found else None
