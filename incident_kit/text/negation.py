"""The one negation: whether a text denies, questions, quotes or retracts what it mentions.

* :func:`negated`: a negator among the few words before a mention, inside its clause ("no
  automated check", "we did not automate", "without any monitoring"), or a denial right after it
  ("the linter was not run", "monitoring was missing", "the check failed").
* :func:`negated_before`: the leading half alone, for callers that match long phrases.
* :func:`actor_omission`: "<auxiliary> not <verb>" ("the operator did not check"), a person's
  omission rather than a missing control.
* :func:`in_quotes` and :func:`is_meta`: a claim quoted, denied ("we do not claim ..."),
  questioned, hypothetical ("to determine whether ...") or retracted ("our earlier statement ...
  was wrong") rather than made.

Standard library only. Every matcher (:mod:`incident_kit.text.concepts`) and every rule uses
these, so one phrase is judged the same way everywhere.
"""

from __future__ import annotations

import re

from incident_kit.text.sentences import words

NEGATION_WINDOW = 5
"""How many words before a mention (inside its clause) a negator may stand and still deny it."""

POST_WINDOW = 4
"""How many words after a mention a denial ("was not", "failed", "missing") may stand."""

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
    r"(?:had|has|have|contained|contains|included|includes)\s+no|lacked|lacks)(?![\w])" % (POST_WINDOW - 1),
    re.IGNORECASE,
)



def is_negator(word: str) -> bool:
    return word in _PRE_NEGATORS or word.endswith(("n't", "n\u2019t"))


def negated(clause: str, start: int, end: int) -> bool:
    """Whether the clause denies the words at ``clause[start:end]``: a negator among the
    :data:`NEGATION_WINDOW` words before them, or a denial among the few words after them."""
    return negated_before(clause, start) or bool(_POST_DENIALS.match(clause[end:]))


def negated_before(clause: str, offset: int) -> bool:
    """Whether a negator stands among the :data:`NEGATION_WINDOW` words of ``clause`` before
    ``offset`` ("we did **not** automate ...", "**without** any reconciliation ...")."""
    return any(is_negator(w) for w in words(clause[:offset])[-NEGATION_WINDOW:])


_AUXILIARIES = frozenset(
    {"do", "does", "did", "could", "would", "will", "should", "can", "might", "must", "was", "were", "is", "are", "has", "have", "had"}
)


def actor_omission(clause: str, start: int) -> bool:
    """Whether the words right before ``start`` are "<auxiliary> not" ("did not check"): the
    control word is then a verb an actor failed to perform, not a control that was missing."""
    before = words(clause[:start])[-2:]
    if not before:
        return False
    last = before[-1]
    if last.endswith(("n't", "n\u2019t")):
        return True
    return last in ("not", "never") and len(before) == 2 and before[0] in _AUXILIARIES


# --------------------------------------------------------------------------------------------
# Quotes, denied claims, questions and retractions.
# --------------------------------------------------------------------------------------------

_OPEN_QUOTES = {'"': '"', "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}


def in_quotes(text: str, start: int) -> bool:
    """Whether ``text[start]`` stands inside a quotation opened earlier in ``text`` and not yet
    closed (straight double quotes, curly quotes, guillemets)."""
    before = text[:start]
    if before.count('"') % 2 == 1:
        return True
    for opening, closing in _OPEN_QUOTES.items():
        if opening == '"':
            continue
        if before.rfind(opening) > before.rfind(closing):
            return True
    return False


_SAY_VERBS = (
    r"(?:claim|claiming|claimed|say|saying|said|state|stating|stated|assert|asserting|asserted|conclude|concluding|"
    r"concluded|assume|assuming|assumed|argue|arguing|argued|suggest|suggesting|suggested|mean|means|meant|imply|implies|"
    r"implied|guarantee|guaranteed|confirm|confirmed|prove|proved|proven|determine|determined|know|knew|known|"
    r"establish|established|show|shown|showed|demonstrate|demonstrated|maintain|believe|believed|think|thought|"
    r"rule\s+out|verify|verified|certain|sure|correct|accurate|true|right|enough|sufficient|appropriate|acceptable|"
    r"possible|able)"
)
_META_BEFORE = re.compile(
    "|".join(
        (
            rf"\b(?:not|n't|never|cannot|can't|unable\s+to|no\s+longer|nor|without)\s+(?:\w+\s+){{0,3}}?{_SAY_VERBS}\b",
            r"\b(?:whether|if|unless|even\s+if|to\s+(?:assess|determine|establish|verify|confirm|check|evaluate|investigate))\b(?:\s+\w+){0,2}\s*$",
            r"\b(?:incorrectly|wrongly|mistakenly|erroneously|initially|originally|previously|earlier|prematurely)\s+(?:\w+\s+){0,2}(?:claimed|stated|said|assumed|believed|thought|concluded|wrote|reported|judged|assessed|written)",
            r"\b(?:wrong|incorrect|inaccurate|misleading|premature|unfounded|unjustified|a\s+mistake)\s+(?:to|in)\s+(?:\w+\s+){0,2}(?:say|claim|state|conclude|assume|write|saying|claiming|stating|assuming)",
        )
    ),
    re.IGNORECASE,
)
_RETRACTION = re.compile(
    r"\b(?:statement|claim|assertion|assumption|conclusion|sentence|wording)\b.*\b(?:was|is|were|are)\s+(?:\w+\s+)?"
    r"(?:wrong|incorrect|inaccurate|unfounded|premature|unsupported|withdrawn|retracted|not\s+(?:supported|correct|accurate|substantiated|justified))",
    re.IGNORECASE,
)


def is_meta(sentence: str, start: int, end: int) -> bool:
    """Whether the claim at ``sentence[start:end]`` is denied, questioned, hypothetical, quoted or
    retracted rather than made: "we do not claim there was no security impact", "to determine
    whether ...", "our earlier statement ... was wrong"."""
    before = sentence[:start]
    if in_quotes(sentence, start) or sentence.rstrip().endswith("?"):
        return True
    if _META_BEFORE.search(before[-120:]):
        return True
    return bool(_RETRACTION.search(sentence))
