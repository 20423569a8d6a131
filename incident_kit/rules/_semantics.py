"""Meaning-level text matching shared by the wording-sensitive rules.

Rules that judge free text (a root cause, a detection narrative, a timeline entry, an action item)
must not hang on one keyword: "we did not automate the check", "no automated check existed" and
"the check was never automated" say the same thing, and "human error was not the cause" says the
opposite of "the cause was human error". This module gives rules a small vocabulary for that:

* :class:`Concept`: a named set of phrasings (synonyms and inflections), compiled once into one
  case-insensitive regular expression. Spaces in a pattern match any run of spaces or hyphens, so
  ``free text`` also matches ``free-text``. :func:`verb` spells out the regular inflections of a
  verb so that active and passive voice ("the linter checked", "was checked by the linter") both
  match.
* :func:`sentences` and :func:`clauses`: split text into sentences (aware of "e.g.", "i.e.",
  version numbers and bullet lines) and a sentence into clauses (at punctuation and at
  conjunctions such as "because", "but", "although", "and").
* :func:`mentions`: every place a concept is mentioned, each a :class:`Match` whose ``negated``
  flag says whether its clause denies it: a negator shortly before the mention ("no automated
  check", "without any monitoring", "we did not automate", "was not checked by any linter") or a
  denial right after it ("the linter was not run", "monitoring was missing", "the check failed").
* :func:`mentioned`: the common question "is this concept affirmed (or denied) anywhere?".
* :func:`content_words` and :func:`overlap`: a rough measure of how much of one text repeats
  another, for rules that detect restatement.

Standard library only; every expression is compiled when the module is imported.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

__all__ = [
    "Concept",
    "Match",
    "Span",
    "verb",
    "noun",
    "sentences",
    "clauses",
    "mentions",
    "mentioned",
    "first_mention",
    "content_words",
    "overlap",
    "NEGATION_WINDOW",
    "CAUSAL",
    "HUMAN_ERROR",
    "CONTROL",
    "SYSTEM_WEAKNESS",
    "missing_control",
    "system_cause",
    "human_error",
]

NEGATION_WINDOW = 5
"""How many words before a mention (inside its clause) a negator may stand and still deny it."""

_POST_WINDOW = 4
"""How many words after a mention a denial ("was not", "failed", "missing") may stand."""


# --------------------------------------------------------------------------------------------
# Lexicon helpers.
# --------------------------------------------------------------------------------------------


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
class Span:
    """A piece of a text and where it stands in it (``start``/``end`` are offsets into the text
    that was split)."""

    text: str
    start: int
    end: int


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


# --------------------------------------------------------------------------------------------
# Sentences and clauses.
# --------------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "cf", "no", "approx", "incl", "resp", "fig", "sec", "ca", "inc", "ltd", "co", "st"}
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+|$)|\n+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _is_abbreviation_end(text: str, end: int) -> bool:
    """True when the full stop ending at ``end`` belongs to an abbreviation like "e.g."."""
    m = _WORD_BEFORE.search(text[max(0, end - 12) : end])
    return bool(m) and m.group(1).lower().rstrip(".") in _ABBREVIATIONS


def sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences (see :func:`_sentences`; results are cached, since several
    rules split the same field)."""
    return list(_sentences_cached(text))


@lru_cache(maxsize=8192)
def _sentences_cached(text: str) -> tuple[Span, ...]:
    return tuple(_sentences(text))


def _sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences. A line break always ends a sentence (reports are written as
    bullets and lines); a full stop does not when it ends an abbreviation ("e.g.") or sits inside
    a number ("v2.1", "3.2.2.4"). Empty pieces are dropped; offsets refer to ``text``."""
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith((".",)) and "\n" not in m.group() and _is_abbreviation_end(text, m.start() + 1):
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
    spans.append(Span(stripped, start + lead, start + lead + len(stripped)))


_CLAUSE_BREAK = re.compile(
    r"(?P<punct>[,;:()\u2013\u2014]|\s-\s)|"
    r"(?<![\w-])(?:because|since|although|though|but|however|whereas|while|and|so|therefore|"
    r"thus|hence|which|whilst|(?<!not\s)(?<!n't\s)(?<!n\u2019t\s)yet|until|unless|after|before|when|once)(?![\w-])",
    re.IGNORECASE,
)


def clauses(sentence: str) -> list[Span]:
    """Split a sentence into clauses at punctuation (dropped) and before conjunctions ("because",
    "but", "although", "and", "which", "when", ...; kept at the start of their clause, so that
    "because" can still be found), so that a negation in one clause does not leak into the next:
    in "we did not stop issuance because the linter flagged it" the linter is not denied. "Yet"
    after a negation ("we haven't yet added ...") is an adverb, not a conjunction.
    Offsets refer to ``sentence``."""
    spans: list[Span] = []
    start = 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        _append_span(spans, sentence, start, m.start())
        start = m.end() if m.group("punct") else m.start()
    _append_span(spans, sentence, start, len(sentence))
    return spans


# --------------------------------------------------------------------------------------------
# Negation.
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
_PRE_NEGATORS = frozenset(
    {
        "no", "not", "never", "without", "none", "neither", "nor", "nothing", "nobody",
        "lack", "lacked", "lacking", "lacks", "absence", "absent", "missing", "unable", "cannot",
        "failed", "fail", "fails", "failing",
    }
)  # fmt: skip
_POST_DENIALS = re.compile(
    r"^\W*(?:\w+\W+){0,%d}?(?:not|never|n['\u2019]t|missing|absent|lacking|unavailable|disabled|"
    r"failed|fails|omitted|skipped|bypassed|did\s+not\s+exist|was\s+not|were\s+not|"
    r"(?:had|has|have|contained|contains|included|includes)\s+no|lacked|lacks)(?![\w])" % (_POST_WINDOW - 1),
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _is_negator(word: str) -> bool:
    return word in _PRE_NEGATORS or word.endswith(("n't", "n\u2019t"))


def _negated(clause: str, start: int, end: int) -> bool:
    """Whether the clause denies the words at ``clause[start:end]``: a negator among the
    :data:`NEGATION_WINDOW` words before them, or a denial among the few words after them."""
    before = _words(clause[:start])[-NEGATION_WINDOW:]
    if any(_is_negator(w) for w in before):
        return True
    return bool(_POST_DENIALS.match(clause[end:]))


# --------------------------------------------------------------------------------------------
# Mentions.
# --------------------------------------------------------------------------------------------


def _iter_clauses(text: str) -> Iterator[tuple[Span, Span]]:
    """Every (sentence, clause) of ``text``; the clause offsets are made absolute."""
    return iter(_clauses_of(text))


@lru_cache(maxsize=8192)
def _clauses_of(text: str) -> tuple[tuple[Span, Span], ...]:
    """The (sentence, clause) pairs of a text, computed once per text: every concept a rule looks
    for in the same field walks the same clauses."""
    return tuple(
        (sent, Span(cl.text, sent.start + cl.start, sent.start + cl.end))
        for sent in sentences(text)
        for cl in clauses(sent.text)
    )


def mentions(text: str, concept: Concept) -> list[Match]:
    """Every mention of ``concept`` in ``text``, in order, each with its ``negated`` flag.

    A mention is looked for clause by clause, so a phrase split by a comma or a conjunction is
    not found; lexicon patterns should therefore name short phrases ("no linter", "free text").
    """
    found: list[Match] = []
    for sent, cl in _iter_clauses(text):
        for m in concept.regex.finditer(cl.text):
            found.append(
                Match(
                    concept=concept.name,
                    text=m.group(),
                    start=cl.start + m.start(),
                    end=cl.start + m.end(),
                    sentence=sent.text,
                    clause=cl.text,
                    negated=_negated(cl.text, m.start(), m.end()),
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
    return {_stem(w) for w in _words(text) if len(w) > 1 and w not in _STOPWORDS}


def overlap(text: str, reference: str) -> float:
    """The share of ``text``'s content words that also occur in ``reference`` (0.0 to 1.0; 0.0
    when ``text`` has no content word)."""
    words = content_words(text)
    if not words:
        return 0.0
    return len(words & content_words(reference)) / len(words)


def negated_before(clause: str, offset: int) -> bool:
    """Whether a negator stands among the :data:`NEGATION_WINDOW` words of ``clause`` before
    ``offset`` ("we did **not** automate ...", "**without** any reconciliation ..."). For callers
    that match their own long phrases and need only the leading-negation test."""
    before = _words(clause[:offset])[-NEGATION_WINDOW:]
    return any(_is_negator(w) for w in before)


# --------------------------------------------------------------------------------------------
# Shared lexicons: causes, human error, controls and system weaknesses.
# --------------------------------------------------------------------------------------------

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)

CAUSAL = Concept(
    "causal",
    (
        r"because",
        rf"since(?!\s+(?:\d|then|(?:{_MONTHS})\b|the (?:start|beginning)|at least|its (?:creation|introduction)))",
        r"due to",
        r"owing to",
        r"caused by",
        r"as a (?:direct )?(?:result|consequence) of",
        r"result(?:ed|s|ing)? (?:in|from)",
        r"(?:led|leads|lead|leading) to",
        r"(?:allowed|allows|allow|allowing|permitted|permits|enabled|enables|let) (?:it|them|this|the|these|that|such|a|an|\w+s)",
        r"made it possible",
        r"(?:which|this|that) meant",
        r"meaning that",
        r"so that",
        r"therefore",
        r"consequently",
        r"hence",
        r"thus",
        r"stem(?:med|s)? from",
        r"traced (?:back )?to",
        r"attributable to",
        r"contributed to",
        r"given that",
        r"the reason",
        r"root cause (?:was|is)",
    ),
)
"""Causal language: "because", "due to", "caused by", "led to", "allowed ...", "since" (not
"since 2022")."""

HUMAN_ERROR = Concept(
    "human_error",
    (
        r"human (?:error|mistake|failure|oversight|slip|factor)s?",
        r"(?:operator|manual|clerical|typing|typographical|data entry|user|staff|employee|personnel|individual) (?:error|mistake|slip)s?",
        noun("typo"),
        noun("mistake"),
        r"mistakenly",
        noun("oversight"),
        verb("overlook"),
        r"careless(?:ness|ly)?",
        r"inattent(?:ion|ive)",
        r"negligen(?:ce|t)",
        r"misunderst(?:ood|and|ands|anding|andings)",
        verb("misinterpret"),
        r"misread",
        verb("forget", "forgot", "forgotten"),
        r"lack of (?:\w+ )?(?:training|awareness|knowledge|experience|attention|care|diligence)",
        r"(?:insufficient|inadequate|missing|limited) (?:\w+ )?training",
        r"(?:not|insufficiently|inadequately|poorly) trained",
        r"untrained",
        r"(?:did not|didn't|failed to|forgot to) follow (?:the |our |its )?(?:\w+ )?(?:procedure|process|instructions|checklist|policy)",
    ),
)
"""Human error, oversight, a mistake, a typo, forgetting, misunderstanding, lack of training."""

CONTROL = Concept(
    "control",
    (
        noun("linter"),
        r"lint(?:ing)?",
        r"(?:lint|automated|automatic|technical|pre-?issuance|pre-?signing|post-?issuance|system|software|programmatic|consistency|sanity|validation|format|syntax) (?:check|control|validation|test)s?",
        noun("check"),
        r"validation",
        noun("control"),
        noun("safeguard"),
        noun("guardrail"),
        r"test(?:s|ing)?",
        r"test (?:case|suite|coverage)s?",
        r"monitoring",
        noun("monitor"),
        noun("alert"),
        r"alerting",
        r"automation",
        r"automated (?:\w+ )?(?:process|step|tool|system|comparison|verification)",
        noun("restriction"),
        noun("constraint"),
        r"enforcement",
        r"verification",
        noun("checklist"),
        r"(?:second|peer|independent|dual) (?:review|check|approval|person|control)s?",
        r"four[- ]eyes",
        r"(?:allow|block|deny)[- ]?list",
        r"(?:drop[- ]?down|pick[- ]?list|selection list|fixed list|list of allowed values)",
        r"schema",
        r"reminder",
        r"ticket(?:ing)? (?:system|queue)",
        r"(?:shared|team) (?:queue|mailbox|inbox)",
        r"tracker",
        r"tracking",
    ),
)
"""Technical and process controls: linters, checks, validation, tests, monitoring, alerts,
automation, second review, fixed value lists, trackers."""

SYSTEM_WEAKNESS = Concept(
    "system_weakness",
    (
        r"free[- ]?(?:text|form)",
        r"(?:accepted|accepts|accept|allowed|allows|allow|permitted|permits) (?:any|arbitrary|free|unrestricted|unvalidated|unchecked|invalid|manual|a free|the wrong|values?)",
        r"pre-?fill(?:s|ed|ing)?",
        r"pre-?populat(?:es|ed|ing|e)",
        r"default(?:ed|s)? to",
        r"hard-?coded",
        r"copy[- ]?(?:and[- ])?paste[ds]?",
        r"copied (?:\w+ )?(?:manually|by hand|from)",
        r"manual(?:ly)? (?:\w+ )?(?:step|process|entry|entered|typed|copied|edited|procedure|review|task|workflow|configuration|input|transcription|comparison)",
        r"by hand",
        r"error[- ]prone",
        r"single points? of failure",
        r"(?:only|single|just) (?:(?:to|by|in|on|with|for) )?(?:one |a single )?(?:\w+['\u2019]s )?"
        r"(?:person|individual|employee|engineer|mailbox|inbox|address|reviewer|team member)",
        r"(?:relied|relies|rely|relying|reliance|depended|depends|dependent) (?:solely |entirely |only )?on",
        r"(?:unclear|ambiguous|outdated|out of date|incomplete|incorrect|wrong|inaccurate|missing|confusing) (?:\w+ )?(?:documentation|instructions|procedure|guidance|checklist|runbook|template|specification|requirements?|profile|configuration|mapping)",
        r"(?:procedure|process|checklist|runbook|documentation|instructions?|workflow|tool|tooling|system|design|interface|ui|form|field|software|code|library|module|template|profile|configuration|pipeline|script|platform|linter|monitoring|test suite|tests?) (?:\w+ ){0,3}(?:did not|does not|didn't|doesn't|was not|were not|is not|are not|never|failed to|could not|cannot|can't) (?:\w+ ){0,2}(?:require|cover|include|mention|specify|check|validate|verify|restrict|enforce|prevent|reject|block|warn|flag|detect|catch|account|handle|limit|compare|support|recogni[sz]e|distinguish|simulate|test|apply|exist|alert|notify|trigger)",
        r"nothing (?:in|about) (?:the |our )?(?:\w+ )?(?:system|tool|tooling|process|procedure|form|workflow|software|interface|design)",
        r"(?:gap|flaw|weakness|deficiency|defect|shortcoming|limitation|blind spot)s? in (?:the |our |its )?",
        r"(?:software|code|design|process|procedural|system|systemic|tooling|configuration|logic|implementation) (?:bug|defect|flaw|gap|weakness|deficiency|error|issue|regression)s?",
        r"(?:a|the) bug in",
        r"regression",
        r"(?:not|never) (?:been )?(?:automated|enforced|validated|linted|tested|monitored|covered)",
        r"(?:was|were|is|are) (?:only )?(?:checked|reviewed|tested|monitored|validated|sampled) (?:manually|by hand|occasionally|periodically|quarterly|annually|once)",
        r"only (?:\w+ ){0,3}(?:sampled|samples|sample|checked|checks|covered|covers|tested|tests|ran|runs|looked|looks|reviewed|reviews|monitored|monitors|counted|counts|simulated|simulates|considered|considers)",
        r"(?:sampled|samples|sample|checked|checks|covered|covers|tested|tests|ran|runs|reviewed|reviews|monitored|monitors|counted|counts|simulated|simulates) only",
        r"only (?:\d+(?:\.\d+)? ?%|a (?:sample|fraction|subset|few)|some|part)",
        r"(?:fell|falls|fall) (?:through|into) (?:to )?(?:the|a) (?:default|gap|crack)",
        r"(?:no one|nobody) (?:was )?(?:responsible|assigned|owned|tasked)",
        r"(?:unowned|ownerless|no owner|no clear owner)",
        r"(?:deadline|calendar|reminder|task) (?:was|were) (?:not )?(?:tracked|recorded|scheduled) (?:only )?(?:in|by) (?:a |one |the )?(?:person|individual|memory|spreadsheet|email)",
        r"(?:did not|does not|didn't|doesn't) (?:\w+ ){0,2}(?:account for|anticipate|consider|cover|handle)",
    ),
)
"""Phrases that describe a weakness of a system or process itself: free-text fields, pre-filled
values, manual steps, single points of failure, reliance on one person, tools or procedures that
did not check or require something, limited coverage, software bugs."""

_AUXILIARIES = frozenset(
    {"do", "does", "did", "could", "would", "will", "should", "can", "might", "must", "was", "were", "is", "are", "has", "have", "had"}
)


def _verb_negation(clause: str, start: int) -> bool:
    """Whether the words right before ``start`` are "<auxiliary> not" ("did not check"): the
    control word is then a verb an actor failed to perform, not a control that was missing."""
    before = _words(clause[:start])[-2:]
    if not before:
        return False
    last = before[-1]
    if last.endswith(("n't", "n\u2019t")):
        return True
    return last in ("not", "never") and len(before) == 2 and before[0] in _AUXILIARIES


def missing_control(text: str) -> Optional[Match]:
    """The first control the text says was absent or failed: "no automated check existed",
    "without any monitoring", "the value was not checked by any linter", "the linter was not run".
    A person's omission ("the operator did not check the value") is not a missing control."""
    for m in mentions(text, CONTROL):
        if m.negated and not _verb_negation(m.clause, m.start - m.clause_start):
            return m
    return None


def system_cause(text: str) -> Optional[Match]:
    """The first statement of a system or process cause: an affirmed :data:`SYSTEM_WEAKNESS` or
    a :func:`missing_control`."""
    weakness = first_mention(text, SYSTEM_WEAKNESS)
    control = missing_control(text)
    found = [m for m in (weakness, control) if m is not None]
    return min(found, key=lambda m: m.start) if found else None


def human_error(text: str) -> Optional[Match]:
    """The first affirmed mention of human error ("human error", "a typo", "oversight", "the
    operator forgot", "lack of training"); "this was not a human error" does not count."""
    return first_mention(text, HUMAN_ERROR)
