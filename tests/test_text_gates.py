"""Text-level gates (issue 9): a question asked of the pieces of a text (its sentences, clauses,
lines) is first asked of the whole text, and only what the whole text holds is tested piece by
piece. Each shortcut must give exactly what the piece-by-piece reading gives."""

from __future__ import annotations

import random
import re

import pytest

from incident_kit.text import concepts
from incident_kit.text.concepts import lexicon, lexicon_names, mentions, read_lexicon
from incident_kit.text.gate import Gate
from incident_kit.text.sentences import sentence_clauses

NAMES = lexicon_names()


def _long_text(name: str, rnd: random.Random) -> str:
    """A text of many clauses: the lexicon's examples and counterexamples, another lexicon's
    examples, joined by clause and sentence breaks, some in upper case or with the characters
    that case folding treats specially."""
    lex = read_lexicon(name)
    parts = list(lex.examples) + list(lex.counterexamples)
    while sum(map(len, parts)) < 400:
        parts += read_lexicon(rnd.choice(NAMES)).examples
    rnd.shuffle(parts)
    out = []
    for p in parts:
        if rnd.random() < 0.2:
            p = p.upper()
        if rnd.random() < 0.1:
            p = p.replace("s", "\u017f", 1).replace("i", "\u0131", 1)
        out.append(p)
        out.append(rnd.choice([". ", ", and ", "; ", " because ", "\n", ". We did not say that ", " "]))
    return "".join(out)


@pytest.mark.parametrize("name", NAMES)
def test_a_narrowed_gate_finds_what_the_regex_finds_in_every_clause(name: str) -> None:
    rnd = random.Random(name)
    concept = lexicon(name)
    for _ in range(3):
        text = _long_text(name, rnd)
        narrowed = concept.gate.narrowed(text)
        for _, cl in sentence_clauses(text):
            want = [m.span() for m in concept.regex.finditer(cl.text)]
            got = [m.span() for m in narrowed.finditer(cl.text)]
            assert got == want, (name, cl.text)


@pytest.mark.parametrize("name", NAMES)
def test_mentions_are_the_same_with_and_without_the_text_level_narrowing(name: str, monkeypatch) -> None:
    rnd = random.Random("mentions-" + name)
    texts = [_long_text(name, rnd) for _ in range(3)]
    assert all(len(t) > concepts._NARROW_FROM for t in texts)
    concept = lexicon(name)
    concepts._mentions.cache_clear()
    narrowed = [mentions(t, concept) for t in texts]
    monkeypatch.setattr(concepts, "_NARROW_FROM", 10**9)
    concepts._mentions.cache_clear()
    plain = [mentions(t, concept) for t in texts]
    concepts._mentions.cache_clear()
    assert narrowed == plain
    if read_lexicon(name).unit == "clause":  # a sentence lexicon's phrases may span clauses
        assert any(narrowed), name  # the examples are found


@pytest.mark.parametrize("name", NAMES)
def test_mentioned_at_all_agrees_with_the_list_of_mentions(name: str) -> None:
    rnd = random.Random("any-" + name)
    concept = lexicon(name)
    lex = read_lexicon(name)
    texts = [_long_text(name, rnd) for _ in range(2)] + list(lex.examples) + list(lex.counterexamples)
    for text in texts:
        assert concepts.mentioned(text, concept, negated=None) == bool(mentions(text, concept)), (name, text)


def test_a_narrowed_gate_lets_through_a_piece_that_holds_a_literal_in_another_case() -> None:
    g = Gate.derive(r"\b(?:revoked|suspended)\b", re.IGNORECASE)
    text = "First part, with nothing. Then the certificates were REVOKED, and the rest."
    narrowed = g.narrowed(text)
    assert narrowed.lits == ("revoked",)
    assert narrowed.search("the certificates were REVOKED") is not None
    assert narrowed.search("they were suspended") is None  # not in this text: not tested
    # The long s folds to "s" for re.IGNORECASE: a piece written with it must get through.
    text = "We found it; the key was u\u017fed again"
    g = Gate.derive(r"\bused\b", re.IGNORECASE)
    assert g.narrowed(text).search("the key was u\u017fed again") is not None


def test_no_gate_narrows_to_itself() -> None:
    g = Gate.derive(r"\w+", re.IGNORECASE)
    assert g.lits is None and g.narrowed("anything at all") is g


# IK105 asks once of the whole text which kinds of template text it can hold
# (rules._text.placeholder_kinds); each kind must let through a text that holds it.
PLACEHOLDER_TEXTS = [
    "## Related Incidents\n\n| Bug | Date | Description |\n|---|---|---|\n| [Related Bug ID](Related Bug URL) | Date Related Bug was opened | x |\n",
    "### Contributing Factor #: title\n\nText.\n",
    "- HH:MM Example\nYYYY-MM-DD:\n",
    "| Example | Prevent | 2038-01-19 |\n",
    "Example\tPrevent\t2038-01-19\n",
    "| **EXAMPLE** | Prevent | 2038-01-19 |\n",
    "Impact: <describe what happened>\n",
    "Impact: &lt;describe what happened>\n",
    "Line one.\nhttps://crt.sh/?sha256=[sha256 fingerprint of the certificate]\n",
]


@pytest.mark.parametrize("text", PLACEHOLDER_TEXTS)
def test_placeholder_kinds_let_through_every_kind_of_template_text(text: str) -> None:
    from incident_kit.rules._text import find_placeholders, placeholder_kinds

    kinds = placeholder_kinds(text)
    plain = [find_placeholders(line) for line in text.splitlines()]
    assert any(plain)
    assert [find_placeholders(line, kinds) for line in text.splitlines()] == plain


def test_placeholder_kinds_of_a_plain_report_are_none() -> None:
    from incident_kit.rules._text import placeholder_kinds

    assert placeholder_kinds("We revoked the certificates on 2024-05-01.\nNo table here.") == (False, False, False)
