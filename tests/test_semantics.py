"""Meaning-level matching (incident_kit.text.concepts, .sentences, .negation): synonyms, inflections, negation,
passive voice, sentence and clause splitting, overlap."""

from __future__ import annotations

import pytest

from incident_kit.rules import _causes as causes
from incident_kit.text.concepts import Concept, first_mention, mentioned, mentions, noun, verb
from incident_kit.text.sentences import clauses, content_words, overlap, sentences

CONTROL = Concept(
    "control",
    (
        noun("linter"),
        noun("check"),
        "monitoring",
        verb("automate"),
        "automation",
        noun("safeguard"),
    ),
)


def _flags(text: str, concept: Concept = CONTROL) -> list[tuple[str, bool]]:
    return [(m.text.lower(), m.negated) for m in mentions(text, concept)]


# --- inflections -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base, forms, not_forms",
    [
        ("detect", ["detect", "detects", "detected", "detecting"], ["detection"]),
        ("revoke", ["revoke", "revokes", "revoked", "revoking"], ["revocation"]),
        ("stop", ["stop", "stops", "stopped", "stopping"], []),
        ("identify", ["identify", "identifies", "identified", "identifying"], []),
        ("forget", ["forget", "forgot", "forgotten"], []),
    ],
)
def test_verb_inflections(base: str, forms: list[str], not_forms: list[str]) -> None:
    irregular = ("forgot", "forgotten") if base == "forget" else ()
    concept = Concept(base, (verb(base, *irregular),))
    for f in forms:
        assert mentioned(f"We {f} it.", concept), f
    for f in not_forms:
        assert not mentioned(f"The {f} was late.", concept), f


def test_noun_plurals_and_word_boundaries() -> None:
    concept = Concept("policy", (noun("policy"), noun("check")))
    assert mentioned("Two policies changed.", concept)
    assert mentioned("All checks ran.", concept)
    assert not mentioned("The checksum matched.", concept)
    assert not mentioned("A paycheck arrived.", concept)


def test_space_in_pattern_matches_hyphen_and_line_break() -> None:
    concept = Concept("free_text", ("free text",))
    assert mentioned("a free-text field", concept)
    assert mentioned("a free   text field", concept)
    assert not mentioned("a freetext field", concept)


def test_concept_union() -> None:
    both = Concept("a", ("alpha",)) | Concept("b", ("beta",))
    assert mentioned("beta release", both) and mentioned("alpha", both)


def test_concept_needs_a_pattern() -> None:
    with pytest.raises(ValueError):
        Concept("empty", ())


# --- negation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We did not automate the comparison.",
        "No automated check existed for this field.",
        "Without any monitoring, the failure stayed invisible.",
        "The value was not checked by any linter.",
        "There was never a safeguard for this path.",
        "The linter was not run on CA certificates.",
        "Monitoring was missing for the OCSP responders.",
        "The pre-issuance check failed silently.",
        "We lacked automation for the renewal step.",
        "The profile wasn't covered by any linter.",
    ],
)
def test_denied_mentions(text: str) -> None:
    found = mentions(text, CONTROL)
    assert found, text
    assert all(m.negated for m in found), _flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "The linter rejected the request.",
        "Monitoring raised an alert at 10:02 UTC.",
        "We did not stop issuance because the linter flagged every request.",
        "Issuance was not affected, but the check caught the error.",
        "The non-compliance was found by monitoring.",
        "Nobody was paged; however, the safeguard held.",
        "We automated the comparison in 2024.",
    ],
)
def test_affirmed_mentions(text: str) -> None:
    found = mentions(text, CONTROL)
    assert found, text
    assert not any(m.negated for m in found), _flags(text)


def test_negation_does_not_reach_far_back() -> None:
    # "No" is seven words before "linter": outside the window, so the linter is affirmed.
    text = "No certificate issued to the three test accounts passed the linter."
    assert _flags(text) == [("linter", False)]


def test_mentioned_modes() -> None:
    text = "No linter ran. The monitoring alerted."
    assert mentioned(text, CONTROL)  # monitoring affirmed
    assert mentioned(text, CONTROL, negated=True)  # linter denied
    only_denied = "No linter ran."
    assert not mentioned(only_denied, CONTROL)
    assert mentioned(only_denied, CONTROL, negated=None)
    assert first_mention(text, CONTROL, negated=True).text == "linter"


def test_match_offsets_point_into_the_text() -> None:
    text = "First line.\nThe safeguard, however, was absent."
    (m,) = mentions(text, CONTROL)
    assert text[m.start : m.end] == "safeguard"
    assert m.sentence == "The safeguard, however, was absent."


# --- sentences and clauses --------------------------------------------------------------------


def test_sentences_respect_abbreviations_numbers_and_lines() -> None:
    text = "See e.g. BR 3.2.2.4 for details. Version v2.1 applied! Is it?\n- a bullet without stop"
    got = [s.text for s in sentences(text)]
    assert got == [
        "See e.g. BR 3.2.2.4 for details.",
        "Version v2.1 applied!",
        "Is it?",
        "- a bullet without stop",
    ]
    for s in sentences(text):
        assert text[s.start : s.end] == s.text


def test_clauses_split_at_conjunctions_and_punctuation() -> None:
    got = [c.text for c in clauses("We paused issuance because the check failed, and we informed subscribers")]
    assert got == ["We paused issuance", "because the check failed", "and we informed subscribers"]


def test_empty_text() -> None:
    assert sentences("") == []
    assert mentions("   ", CONTROL) == []


# --- overlap ----------------------------------------------------------------------------------


def test_overlap_measures_repetition() -> None:
    incident = "61 OV certificates were issued with an organizationName that did not match the registered name."
    restated = "Certificates were issued with an organizationName that did not match the registered name."
    different = "The re-validation workflow pre-fills the organization field from the previous record."
    assert overlap(restated, incident) > 0.8
    assert overlap(different, incident) < 0.3
    assert overlap("", incident) == 0.0


def test_content_words_match_inflections() -> None:
    assert content_words("issued certificates") == content_words("issuing certificate")


# --- shared lexicons --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, word",
    [
        ("This was a human error.", "human error"),
        ("The agent made a typo in the state name.", "typo"),
        ("The questions were overlooked during the holidays.", "overlooked"),
        ("Staff forgot to renew the delegation.", "forgot"),
        ("It happened due to a lack of training on the new portal.", "lack of training"),
        ("The operator misunderstood the requirement.", "misunderstood"),
    ],
)
def test_human_error_is_found_in_its_wordings(text: str, word: str) -> None:
    found = causes.human_error(text)
    assert found is not None and found.text.lower() == word


@pytest.mark.parametrize(
    "text",
    ["This was not a human error.", "No mistake was made by the operators.", "Our staff were trained and followed the checklist."],
)
def test_denied_or_absent_human_error_is_not_found(text: str) -> None:
    assert causes.human_error(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "The form accepted free text.",
        "No linter checked the field.",
        "The value was not checked by any linter.",
        "There was no automated check for this extension.",
        "The portal relied on manual entry.",
        "The procedure did not require a second review.",
        "Notifications went only to one person's mailbox.",
        "The review samples only 3% of orders.",
        "A software bug in the template converter dropped the extension.",
    ],
)
def test_system_causes_in_their_wordings(text: str) -> None:
    assert causes.system_cause(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "The operator did not check the value.",  # a person's omission, not a missing control
        "The linter rejected the request.",
        "Monitoring raised an alert within a minute.",
        "The person responsible for monitoring was on leave.",
        "Detected when a community member opened this bug.",
    ],
)
def test_not_system_causes(text: str) -> None:
    assert causes.system_cause(text) is None, (text, causes.system_cause(text))


@pytest.mark.parametrize(
    "text, causal",
    [
        ("Issuance continued because the error was swallowed.", True),
        ("Since the library changed, the handler misread the answer.", True),
        ("The workflow has been in place since 2022.", False),
        ("In place since March.", False),
        ("The upgrade led to the failure.", True),
        ("Detected by the quarterly review.", False),
    ],
)
def test_causal_language(text: str, causal: bool) -> None:
    assert mentioned(text, causes.CAUSAL, negated=None) is causal


def test_not_yet_keeps_its_negation():
    from incident_kit.text.concepts import affirms

    step = [r"\bceremon(y|ies)\b.{0,100}\bchecklist\b.{0,60}\bccadb\b"]
    assert affirms("We haven't yet added a key ceremony checklist step for the CCADB record.", step) is None
    assert affirms("We have not yet added a key ceremony checklist step for the CCADB record.", step) is None
    assert affirms("It was late, yet the key ceremony checklist now creates the CCADB record.", step) is not None
