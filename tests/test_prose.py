"""The prose model held on the Document (incident_kit/text/prose.py): units, sentences and their
lines; rebuilt when a copy changes the text; and each hand-written prefilter of the reading and
splitting steps, with a case it must let through."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from incident_kit.rules.ik9_wording._common import Cues, _i, pointer_cues, pointers
from incident_kit.sources.markdown import read_text
from incident_kit.text import prose as P
from incident_kit.text import sentences as S
from incident_kit.text.prose import prose_lines, read_prose

REPORT = """## Full Incident Report

### Summary

- **Incident description:** The profile lost a lookup. It was **not** caught by review.
  - A sub-item that explains it.

### Impact

1. First numbered point, e.g. the OU field.
| Field | Value |
|---|---|
| OU | `wrong` value |

> A quoted question from a reviewer.

```
code that is not prose
```

<!-- a comment
that spans lines -->
A closing paragraph
that continues here.
"""


def _doc(text: str = REPORT):
    return read_text(text, "r.md")


def test_units_sections_lines_and_markup() -> None:
    doc = _doc()
    units = doc.prose.units
    texts = [" ".join(u.text.split()) for u in units]
    assert "The profile lost a lookup. It was not caught by review." in texts
    assert "A sub-item that explains it." in texts
    assert "First numbered point, e.g. the OU field." in texts
    assert not any("quoted question" in t or "code that" in t or "a comment" in t for t in texts)
    closing = next(u for u in units if "closing paragraph" in u.text)
    assert closing.line == REPORT.splitlines().index("A closing paragraph") + 1
    assert closing.line_at(closing.text.index("continues")) == closing.line + 1
    assert closing.section == "impact"
    assert next(u for u in units if "lookup" in u.text).section == "summary"


def test_sentences_neighbours_and_fold() -> None:
    doc = _doc()
    sents = doc.prose.sentences
    first = next(s for s in sents if s.text.startswith("The profile"))
    second = next(s for s in sents if s.text.startswith("It was"))
    assert first.next == second.text and second.previous == first.text
    assert second.next == "A sub-item that explains it."  # the more indented unit right after it
    assert next(s for s in sents if s.text.startswith("First numbered")).text.endswith("OU field.")  # "e.g." kept
    assert all(s.folded == s.text.lower() for s in sents if s.text.isascii())
    assert all(s.folded in doc.prose.folded for s in sents)
    assert [s.text for s in doc.prose.sentences_outside(("summary",))] == [
        s.text for s in sents if s.unit.section != "summary"
    ]


def test_model_is_built_once_and_rebuilt_for_a_changed_copy() -> None:
    doc = _doc()
    model = doc.prose
    assert doc.prose is model
    same = dataclasses.replace(doc)
    assert same.prose is not model and [u.text for u in same.prose.units] == [u.text for u in model.units]
    changed = dataclasses.replace(doc, text=doc.text.replace("lost a lookup", "dropped a lookup"))
    assert any("dropped a lookup" in u.text for u in changed.prose.units)
    doc.text = doc.text + "\nAn added line.\n"  # changed in place: the next read sees it
    assert any("An added line" in u.text for u in doc.prose.units)


def test_yaml_lines_drop_comments() -> None:
    lines = list(prose_lines('summary: "a value" # a note\n# only a comment\n', yaml=True))
    assert lines == [(1, 'summary: "a value" '), (2, "")]
    model = read_prose('description: "No impact at all."\n', [], "yaml")
    assert [s.text for s in model.sentences] == ["No impact at all."]


# ------------------------------------------------------------------ hand-written prefilters


@pytest.mark.parametrize("fence", ["```", "~~~~", "```python"])
def test_fence_prefilter_lets_every_fence_through(fence: str) -> None:
    closing = re.match(r"`+|~+", fence).group()
    text = f"before\n  {fence}\ninside\n{closing}\nafter\n"
    assert [line for _, line in prose_lines(text)] == ["before", "after"]


@pytest.mark.parametrize(
    "line, first",
    [("- item", "-"), ("  * item", "*"), ("+ item", "+"), ("\u2022 item", "\u2022"), ("12. item", "1"), ("3) item", "3"),
     ("\u0663. item", "\u0663")],  # an Arabic-Indic digit is a \d too
)
def test_list_start_prefilter_lets_markers_through(line: str, first: str) -> None:
    assert P._list_start(line, first) is not None
    assert P._list_start("plain text", "p") is None


@pytest.mark.parametrize("line", ["**Label:** value", "  __Label__: value"])
def test_label_prefilter_lets_bold_labels_through(line: str) -> None:
    assert P._label(line) is not None


@pytest.mark.parametrize("line", ["# Title", "   ### Three spaces"])
def test_heading_and_separator_prefilters_let_them_through(line: str) -> None:
    model = read_prose(f"{line}\n| a | b |\n:---|---:\n-- | --\n|---|---|\nText.\n", [], "markdown")
    assert [u.text.split() for u in model.units] == [["a", "b"], ["Text."]]


@pytest.mark.parametrize(
    "line", ["***bold italic***", "a `code` and **b** and __c__", "``two``", "plain", "*x* _y_", "****"]
)
def test_markup_blanking_equals_one_scan(line: str) -> None:
    expected = re.sub(r"\*\*|__|`", lambda m: " " * len(m.group()), line)
    assert P._clean_line(line, False) == expected


@pytest.mark.parametrize(
    "text, word, abbreviation",
    [("see e.g. this", "e.g.", True), ("the CA. Then", "CA.", True), ("at St. Louis", "St.", True),
     ("approx. ten", "approx.", True), ("the E.G. case", "E.G.", True), ("all done. Next", "done.", False),
     ("the pdf. Then", "pdf.", False)],
)
def test_abbreviation_prefilter_lets_abbreviations_through(text: str, word: str, abbreviation: bool) -> None:
    end = text.index(word) + len(word)  # just after the full stop
    assert S._is_abbreviation_end(text, end) is abbreviation
    assert S._is_abbreviation_end(text, end) is (S._WORD_BEFORE.search(text[max(0, end - 12) : end]) is not None
                                                and S._WORD_BEFORE.search(text[max(0, end - 12) : end]).group(1).lower().rstrip(".") in S._ABBREVIATIONS)


def test_sentence_end_pattern_matches_the_plain_one() -> None:
    plain = re.compile(S._SENTENCE_END_PLAIN)
    rnd = random.Random(7)
    alphabet = ". !?\n\"')]ae\t"
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16)))
        got = [(m.start(), m.end()) for m in S._SENTENCE_END.finditer(text)]
        assert got == [(m.start(), m.end()) for m in plain.finditer(text)], text


# ------------------------------------------------------------------ cues


def _sentences_of(text: str):
    return read_prose(text, [], "markdown")


@pytest.mark.parametrize(
    "sentence",
    [
        "Root cause: see comment 12.",
        "Details in the attached PDF.",
        "See bug 1234567 for details.",
        "The timeline is the same as in our preliminary report.",
        "As discussed above, we are still investigating.",
    ],
)
def test_pointer_cues_let_every_pointer_through(sentence: str) -> None:
    model = _sentences_of(sentence + "\n\nAn unrelated line about certificates.\n")
    chosen = dict((s.text, tried) for s, tried in pointer_cues().sentences(model, model.sentences))
    assert sentence in chosen
    matching = [i for i, (*_, p) in enumerate(pointers()) if p.regex.search(sentence)]
    assert matching and set(matching) <= set(chosen[sentence])
    assert "An unrelated line about certificates." not in chosen


def test_cues_equal_each_member_gate_on_random_text() -> None:
    cues = Cues([_i(r"\bno\s+(?:security\s+)?impact\b"), _i(r"\bsee\s+comment\s+\d+"), _i(r"\w+@\w+")])
    words = ["no", "security", "impact", "see", "comment", "12", "a@b", "the", "We", "Impact", ".", "\n"]
    rnd = random.Random(3)
    for _ in range(2_000):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 30)))
        model = _sentences_of(text)
        chosen = {id(s): tried for s, tried in cues.sentences(model, model.sentences)}
        for s in model.sentences:
            may = tuple(i for i, g in enumerate(cues.members) if g.may_match(s.text))
            assert chosen.get(id(s), ()) == may, s.text


def test_words_hold_every_literal_the_fold_holds() -> None:
    model = read_prose("The issue was reported (see comment 12) by the CA's vendor.\n\nNo impact: none.\n", [], "markdown")
    for lit in ("report", "reported", "comment", "12", "vendor", "ca", "impact", "none", "the"):
        assert (lit in model.words) is (lit in model.folded) is True
    assert "orted" in model.words  # inside a word, not only at its start
    assert " " not in "".join(model.words.split(" "))


def test_distinct_words_are_the_runs_of_the_word_pattern() -> None:
    # The byte-table split must give exactly the runs of [a-z0-9]+: letters and digits on both
    # sides of a non-ASCII character, an upper-case letter (which a fold never leaves, but the
    # pattern would not take), punctuation and white space of every kind.
    alphabet = "ab z09Z-_.\n\t\u00e9\u0131\u212a\u00a0?'"
    rnd = random.Random(11)
    pattern = re.compile(r"[a-z0-9]+")
    for _ in range(3_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        words = P.distinct_words(text)
        assert sorted(words.split(" ") if words else []) == sorted(set(pattern.findall(text))), repr(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "It was the auditor's fault.",
        "The outage was due to the subscriber's negligence.",
        "The vendor's bug caused it.",
        "The fault lies with the vendor.",
        "The customer is solely responsible.",
        "This was not our fault.",
        "The customer failed to reply in time.",
        "The vendor should have told us.",
        "The delay was beyond our control.",
        "Blame lies with the hosting provider.",
        "It was entirely the responsibility of the reseller.",
    ],
)
def test_blame_cues_let_every_attribution_through(sentence: str) -> None:
    from incident_kit.rules.ik9_wording.ik904_blames_others import blame, blame_cues

    model = _sentences_of(sentence + "\n\nWe revoked the certificates.\n")
    chosen = {s.text: tried for s, tried in blame_cues().sentences(model, model.sentences)}
    matching = [i for i, (_, p) in enumerate(blame()) if p.regex.search(sentence)]
    assert matching, sentence
    assert set(matching) <= set(chosen[sentence])
    assert "We revoked the certificates." not in chosen
