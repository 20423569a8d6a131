"""Every shipped lexicon (incident_kit/lexicon/NAME.toml) finds each of its examples and none of its
counterexamples, through the one matcher the rules use (sentences, clauses, negation, exceptions)."""

from __future__ import annotations

import pytest

from incident_kit.errors import InputError
from incident_kit.text.concepts import affirms, first_mention, lexicon, lexicon_names, read_lexicon

NAMES = lexicon_names()


def test_lexicons_are_shipped() -> None:
    assert {"aware", "control", "training", "technical_control", "peer_review"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_lexicon_file_is_complete(name: str) -> None:
    lex = read_lexicon(name)
    assert lex.description and lex.examples and lex.counterexamples
    assert lex.patterns or lex.includes
    for included in lex.includes:
        assert included in NAMES, f"{name} includes unknown lexicon {included!r}"


CASES = [(n, "example", t) for n in NAMES for t in read_lexicon(n).examples] + [
    (n, "counterexample", t) for n in NAMES for t in read_lexicon(n).counterexamples
]


@pytest.mark.parametrize(("name", "kind", "text"), CASES, ids=[f"{n}-{k}-{i}" for i, (n, k, _) in enumerate(CASES)])
def test_lexicon_examples(name: str, kind: str, text: str) -> None:
    """Through the matcher the lexicon is used by: the rules' (clause by clause) or, for a lexicon
    named in policy phrase lists (unit = "sentence"), the policy phrase matcher."""
    if read_lexicon(name).unit == "sentence":
        hit = affirms(text, [f"{{lexicon:{name}}}"])
        found = None if hit is None else type("Found", (), {"text": hit.text})()
    else:
        found = first_mention(text, lexicon(name))
    if kind == "example":
        assert found is not None, f"{name} does not find its example {text!r}"
    else:
        assert found is None, f"{name} finds {found.text!r} in its counterexample {text!r}"


def test_unknown_lexicon_is_a_clean_error() -> None:
    with pytest.raises(InputError, match=r"lexicon/nope\.toml: no lexicon named 'nope' \(known: .*aware"):
        read_lexicon("nope")


def test_peer_review_is_decided_once_as_a_control() -> None:
    """Four-eyes review is a process control for root causes (control) and remedies
    (technical_control), and never training: one file, peer_review, says so."""
    assert "peer_review" in read_lexicon("control").includes
    assert "peer_review" in read_lexicon("technical_control").includes
    text = "We introduced a four-eyes review of every profile change."
    assert first_mention(text, lexicon("technical_control")) is not None
    assert first_mention(text, lexicon("training")) is None
    assert first_mention("No four-eyes review existed.", lexicon("control"), negated=True) is not None


def test_not_detected_is_no_awareness() -> None:
    """The one 'aware' lexicon, used by IK3's milestones and IK7's clocks, with negation."""
    aware = lexicon("aware")
    assert first_mention("First certificate issued; the problem was not detected by monitoring.", aware) is None
    assert first_mention("A researcher emailed us about the key usage.", aware) is not None
