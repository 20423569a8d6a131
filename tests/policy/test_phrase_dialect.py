"""The policy clauses' phrase lists are written in the one lexicon dialect and matched by the one
phrase matcher of incident_kit/text/concepts.py: the proximity gap ``{gap:N}``, word bounds, a
space matching spaces or hyphens, ``{lexicon:NAME}`` entries, and the matcher's negation."""

from __future__ import annotations

import re

import pytest

from incident_kit.errors import InputError
from incident_kit.policy import load_policy
from incident_kit.policy.model import pattern_problems
from incident_kit.text.concepts import (
    GAP_MAX,
    Concept,
    affirms,
    dialect_source,
    expand,
    find_phrases,
    first_mention,
    matches,
    phrase_gate,
    phrase_list,
    phrase_problem,
)


def test_gap_allows_up_to_n_characters_and_no_more() -> None:
    p = "audit{gap:10}delayed"
    assert phrase_gate(p).search("The audit was delayed.")
    assert phrase_gate(p).search("The audit report was sadly delayed.") is None  # 22 characters between
    assert expand(p) == r"audit(?:(?![.!?]\s)[^\n]){0,10}delayed"


def test_gap_does_not_cross_a_line_or_a_sentence() -> None:
    p = "certificate{gap:40}revoked"
    assert phrase_gate(p).search("certificate\nrevoked") is None
    # also where a whole text is searched (keywords, applies_when): a sentence end stops the gap
    assert phrase_gate(p).search("We issued a certificate. It was revoked.") is None
    assert phrase_gate(p).search("We issued a certificate! It was revoked.") is None
    # a full stop inside a sentence (a version, a domain) does not
    assert phrase_gate(p).search("The certificate for www.example.com was revoked.") is not None
    # the phrase matcher looks in one sentence at a time
    assert affirms("We issued a certificate. It was revoked.", [p]) is None
    assert affirms("The certificate was revoked.", [p]) is not None


@pytest.mark.parametrize("bad", ["{gap:0}", "{gap:x}", f"{{gap:{GAP_MAX + 1}}}", "{gap:10|20}"])
def test_a_bad_gap_is_named(bad: str) -> None:
    with pytest.raises(ValueError, match=r"gap"):
        expand(f"audit{bad}late")
    assert "gap" in (phrase_problem(f"audit{bad}late") or "")


def test_gap_in_a_lexicon_pattern_compiles_the_same_way() -> None:
    concept = Concept("t", ["{verb:revoke}{gap:20}certificates?"])
    assert first_mention("We revoked all the affected certificates.", concept) is not None
    assert first_mention("We revoked it; months later other certificates expired.", concept) is None


def test_phrases_are_word_bounded_and_a_space_matches_a_hyphen() -> None:
    assert affirms("The audit-report was uploaded.", ["audit report{gap:20}uploaded"]) is not None
    assert affirms("An unrevoked certificate.", ["revoked"]) is None  # inside a word
    assert affirms("A pre-revoked entry.", ["revoked"]) is None  # after a hyphen: part of another word
    assert dialect_source("a b") == r"(?<![\w-])(?:(?:a[\s\-]+b))(?![\w])"


def test_negation_is_the_phrase_matchers() -> None:
    """As before the dialect: a negator among the few words before the match, in its clause."""
    p = "revocation{gap:20}completed"
    assert affirms("The revocation was not completed.", [p]) is not None  # the negator is after the start
    assert affirms("We have not seen the revocation completed.", [p]) is None
    assert find_phrases("We have not seen the revocation completed.", [p])[0].negated
    # matches() ignores negation (known-insufficient remedies)
    assert matches("We have not seen the revocation completed.", [p]) is not None


def test_a_lexicon_entry_stands_for_the_lexicons_patterns_in_order() -> None:
    from incident_kit.text.concepts import lexicon

    expanded = phrase_list(["first{gap:5}x", "{lexicon:revocation_finished}", "last"])
    assert expanded == ("first{gap:5}x", *lexicon("revocation_finished").patterns, "last")
    assert affirms("Revocation is now complete.", ["{lexicon:revocation_finished}"]) is not None
    assert phrase_gate("{lexicon:revocation_finished}").search("revocation was completed") is not None
    assert phrase_problem("{lexicon:revocation_finished}") is None
    assert phrase_problem("{lexicon:no_such_lexicon}") == "no lexicon named 'no_such_lexicon'"
    assert "alone" in (phrase_problem("{lexicon:revocation_finished} done") or "")
    # a lexicon the rules match clause by clause is not a phrase list's: its examples were not
    # tested through the phrase matcher
    assert "matched by clause" in (phrase_problem("{lexicon:revocation}") or "")


def test_a_bad_phrase_in_a_policy_file_is_a_clean_error(tmp_path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(
        "clauses:\n"
        "  - id: CPS 4.9.1\n"
        "    document: Our CPS\n"
        "    title: Revocation\n"
        "    requirement: Revoke in time.\n"
        "    keywords: ['{lexicon:nope}', 'revok{gap:500}late']\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"p\.yaml.*keywords\[0\].*no lexicon named 'nope'"):
        load_policy([f])
    f.write_text(f.read_text(encoding="utf-8").replace("'{lexicon:nope}', ", ""), encoding="utf-8")
    with pytest.raises(InputError, match=r"keywords\[0\].*gap is a number of characters from 1 to 200"):
        load_policy([f])


def test_every_shipped_phrase_is_a_valid_pattern_of_the_dialect() -> None:
    problems = [p for c in load_policy().clauses.values() for p in pattern_problems(c)]
    assert problems == []


def test_shipped_phrases_use_the_gap_token_not_raw_gaps() -> None:
    """The dialect's proximity is ``{gap:N}``; a raw ``.{0,N}`` or ``.*`` is not written."""
    raw = re.compile(r"(?<!\\)\.(?:\{\d*,?\d*\}|[*+])")
    found = []
    for c in load_policy().clauses.values():
        for d in c.deadlines:
            lists = [d.start.phrases, d.end.phrases, d.applies_when, d.not_when, d.superseded_by]
            lists += [p.phrases for p in d.end.parties]
            found += [p for lst in lists for p in lst if raw.search(p)]
        for x in c.must_address:
            found += [p for p in x.phrases + x.applies_when if raw.search(p)]
        for r in c.insufficient:
            found += [p for p in r.phrases if raw.search(p)]
        found += [p for p in c.keywords if raw.search(p)]
    assert found == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('unit = "paragraph"', r"unit = 'paragraph': expected one of 'clause', 'sentence'"),
        ("unit = \"sentence\"\nexceptions = ['not this']", r"matched by sentence .* has no exceptions or includes"),
    ],
)
def test_a_bad_lexicon_unit_is_a_clean_error(tmp_path, monkeypatch, extra: str, message: str) -> None:
    from incident_kit.text import concepts

    (tmp_path / "t.toml").write_text(
        f'name = "t"\ndescription = "A test."\n{extra}\npatterns = ["x"]\nexamples = ["x"]\ncounterexamples = ["y"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(concepts, "lexicon_dir", lambda: tmp_path)
    concepts._read_lexicon.cache_clear()
    concepts.read_lexicon.cache_clear()
    try:
        with pytest.raises(InputError, match=message):
            concepts.read_lexicon("t")
    finally:
        concepts._read_lexicon.cache_clear()
        concepts.read_lexicon.cache_clear()
