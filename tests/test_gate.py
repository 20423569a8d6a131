"""Necessary-literal gates (incident_kit.text.gate): derived from the pattern, never change a result."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from incident_kit.text import gate
from incident_kit.text.gate import Gate, literal_sets, literals

HAND_PATTERNS = [
    r"(?:due|owing)\s+to",
    r"four[- ]eyes",
    r"\bimpacts?\b",
    r"(?<![\w-])(?:(?:no|not)[\s\-]+(?:impact|affected))(?![\w])",
    r"human[\s\-]+errors?",
    r"\d+ days",
    r"(?:detect|detects|detected|detecting)",
    r"^\s*(?:foo|bar)baz",
    r"(?:abc)+def",
    r"(?:foo|)bar(?:qux)?",
    r"(?-i:CRL)\s+shard",
    r"mis-?issu\w*",
    r"\bnot\b.{0,20}\b(?:revoked|replaced)\b",
    r"(?:pre|post)[- ]?issuance lint",
    r"(?P<w>rev)oke(?!d)",
    r"(?i)SELF[- ]REPORTED",
    r"mrsp\w*|msrp",
    r"abc(?:de\w|fg)x",
    r"\brevok\w*\b.{0,30}\b(?:all|the (?:remaining|last)|every)\b",
]


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"(?:due|owing)\s+to", {"due", "owing"}),
        (r"four[- ]eyes", {"four-eyes", "four eyes"}),
        (r"\bimpacts?\b", {"impact"}),
        (r"(?:detect|detects|detected|detecting)", {"detect"}),
        (r"(?:foo|)bar", {"bar"}),
        (r"x?yz", None),  # the only required literal is too short to be worth a test
        (r"a.*", None),
        (r"[a-z]+ing", {"ing"}),
        # a prefix the parser factors out of alternatives is joined back ("m" + (?:rsp\w*|srp))
        (r"mrsp\w*|msrp", {"mrsp", "msrp"}),
        (r"(?:mozilla\s+root\s+store\s+policy)(?:\s*\(mrsp\))?|mrsp", {"mozilla", "mrsp"}),
        (r"abc(?:de\w|fg)x", {"abcde", "abcfg"}),
        (r"abc(?:de\w|)x", {"abc"}),  # an alternative that may be empty: nothing is known after "abc"
    ],
)
def test_literals(pattern: str, expected) -> None:
    got = literals(pattern, re.IGNORECASE)
    assert (set(got) if got is not None else None) == expected


@pytest.mark.parametrize(
    "pattern,expected",
    [
        # a sequence "A ... B": a literal of A and one of B
        (r"\brevok\w*\b.{0,30}\b(?:all|every)\b", [{"revok"}, {"all", "every"}]),
        (r"\b(?:domain|dcv)\b.{0,60}\b(?:fail\w*|skipped)", [{"fail", "skipped"}, {"domain", "dcv"}]),  # best first
        # alternatives: set k is the union of each alternative's k-th set (its only one when it has one)
        (r"(?:foo\w+bar|quux)", [{"foo", "quux"}, {"bar", "quux"}]),
        # a later set implied by an earlier one is left out; one exact run is one set
        (r"impact\w*impact", [{"impact"}]),
        (r"(?:due|owing)\s+to", [{"due", "owing"}]),
        (r"a.*", None),
    ],
)
def test_literal_sets(pattern: str, expected) -> None:
    got = literal_sets(pattern, re.IGNORECASE)
    assert ([set(x) for x in got] if got is not None else None) == expected
    assert literals(pattern, re.IGNORECASE) == (got[0] if got else None)


def test_a_gate_with_two_sets_needs_a_literal_of_each() -> None:
    g = Gate.derive(r"\brevok\w*\b.{0,30}\b(?:all|every)\b", re.IGNORECASE)
    assert g.lits == ("revok",) and g.also == (("all", "every"),)
    assert not g.may_match("the certificates were revoked")  # the first set alone
    assert not g.may_match("all certificates")  # the second set alone
    assert g.search("we revoked ALL of them") is not None
    narrowed = g.narrowed("revoked them; all done")
    assert narrowed.search("revoked them; all done") is not None
    assert not g.narrowed("revoked them").may_match("revoked them")  # a set the text lacks: nothing passes


def test_case_extra_lists_every_character_re_folds_differently_from_lower() -> None:
    """Recompute, from re itself, the non-ASCII characters that IGNORECASE matches with an ASCII
    letter or digit that str.lower() does not give as itself (the dotted capital I lower-cases to
    two characters, which would split a literal: "M\u0130ME" must pass the gate of "mime")."""
    everything = "".join(chr(cp) for cp in range(0x80, sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    found = {}
    for a in "abcdefghijklmnopqrstuvwxyz0123456789":
        for ch in set(re.findall(re.escape(a), everything, re.IGNORECASE)):
            if ch.lower() != a:
                found[ch] = a
    assert found == gate.CASE_EXTRA
    assert Gate.derive("mime", re.IGNORECASE).search("S/M\u0130ME certificates") is not None


def test_fold_translates_only_text_that_holds_a_case_extra_character() -> None:
    # fold skips the translation unless one of the three characters is there: the same text as
    # always translating, on random text with and without them (and with other non-ASCII).
    rnd = random.Random(8)
    alphabet = "aBc \u0131\u017f\u0130\u00e9\u212a\u00df"
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10)))
        assert gate.fold.__wrapped__(text) == text.translate(gate._FOLD).lower(), repr(text)


def _strings(pattern: str, lits, rnd: random.Random, n: int) -> list[str]:
    """Random strings built from the pattern's literal pieces, its gate literals and noise, in
    random case, with the characters case folding treats specially."""
    pieces = re.findall(r"[A-Za-z]+", pattern) + list(lits or ()) + ["", " ", "-", "  ", "\n", "x", "ſ", "ı", "K", "İ", "1", "24"]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 6)):
            p = rnd.choice(pieces)
            if p and rnd.random() < 0.3:
                p = p.upper() if rnd.random() < 0.5 else p.capitalize()
            if p and rnd.random() < 0.15:  # break a literal
                i = rnd.randrange(len(p))
                p = p[:i] + rnd.choice(" -ſıx") + p[i + 1 :]
            parts.append(p)
            parts.append(rnd.choice(["", " ", "-", " not ", ", "]))
        out.append("".join(parts))
    return out


def check_gate_agrees(patterns, flags=re.IGNORECASE, per_pattern=150, seed=2026) -> int:
    """For every pattern and random string: the gated search gives what re.search gives."""
    rnd = random.Random(seed)
    gated = 0
    for p in patterns:
        g = Gate.derive(p, flags)
        rx = re.compile(p, flags)
        gated += g.lits is not None
        lits = [lit for group in ((g.lits or ()),) + g.also for lit in group]  # every set's literals
        for s in _strings(p, lits, rnd, per_pattern):
            want, got = rx.search(s), g.search(s)
            assert (want.span() if want else None) == (got.span() if got else None), (p, s)
    return gated


def test_gate_result_equals_regex_result_on_hand_patterns() -> None:
    assert check_gate_agrees(HAND_PATTERNS) >= 10
    assert check_gate_agrees(HAND_PATTERNS, flags=0) >= 10


def test_verify_mode_rejects_a_wrong_gate(monkeypatch) -> None:
    monkeypatch.setattr(gate, "VERIFY", True)
    wrong = Gate(r"revok\w+", re.IGNORECASE, lits={"zzz"})
    with pytest.raises(AssertionError):
        wrong.search("the certificates were revoked")
    wrong_second = Gate(r"revok\w+ all", re.IGNORECASE, lits={"revok"}, also=[{"zzz"}])
    with pytest.raises(AssertionError):
        wrong_second.search("we revoked all")
    right = Gate.derive(r"revok\w+", re.IGNORECASE)
    assert right.search("nothing to see") is None


def _shipped_patterns() -> list[str]:
    """Every concept expression of the shipped lexicons and every phrase of the shipped policy."""
    from incident_kit.policy import load_policy
    from incident_kit.text.concepts import _concept_source, lexicon, lexicon_names

    out = []
    for name in lexicon_names():
        c = lexicon(name)
        out.append(_concept_source(c.patterns))
        out += [_concept_source((p,)) for p in c.patterns]
        if c.exceptions:
            out.append(_concept_source(c.exceptions))
    for clause in load_policy().clauses.values():
        out += clause.keywords
        for d in clause.deadlines:
            out += d.start.phrases + d.end.phrases + d.applies_when + d.not_when + d.superseded_by
        for concept in clause.must_address:
            out += concept.phrases + concept.applies_when
        for remedy in clause.insufficient:
            out += remedy.phrases
    return sorted(set(out))


def test_gate_result_equals_regex_result_on_every_shipped_pattern() -> None:
    patterns = _shipped_patterns()
    gated = check_gate_agrees(patterns, per_pattern=40)
    assert gated >= len(patterns) // 2  # most shipped patterns get a gate, or the gate is idle


def test_gates_agree_on_every_lexicon_example_and_counterexample() -> None:
    from incident_kit.text.concepts import read_lexicon, lexicon, lexicon_names

    for name in lexicon_names():
        c, lex = lexicon(name), read_lexicon(name)
        for text in lex.examples + lex.counterexamples:
            want = re.compile(c.gate.pattern, re.IGNORECASE).search(text)
            got = c.gate.search(text)
            assert (want.span() if want else None) == (got.span() if got else None), (name, text)


# --- heads: where a match can start, and scan ------------------------------------------------


@pytest.mark.parametrize(
    "pattern, flags, expected",
    [
        (r"\b(?:(?:cab|tls)\s+)?brs?\b", re.IGNORECASE, {"cab", "tls", "br"}),  # an optional prefix: it, or what follows
        (r"s/?mime", 0, {"s/", "smime"}),
        (r"(?:sections?|sec\.?|\u00a7+|clause)\s*\d", 0, {"sec", "\u00a7", "clause"}),  # "section" starts with "sec"
        (r"\bWe\s+take", re.IGNORECASE, {"we"}),  # lower-cased
        (r"(?<![\w-])(?:due|owing)\s+to", 0, {"due", "owing"}),  # a lookbehind is transparent
        (r"[- ]x", 0, {"-x", " x"}),  # a small class of characters
    ],
)
def test_heads_of_patterns(pattern: str, flags: int, expected: set) -> None:
    assert gate.heads(pattern, flags) == frozenset(expected)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+@\w+",  # a class with no small set of characters
        r"(?:x\s+)?",  # can match the empty string
        r"a?b?",
        r"\u00e9t\u00e9",  # a character with a case that is not ASCII
        r"(?:abc|\d+)",  # one alternative of unknown start
    ],
)
def test_heads_unknown(pattern: str) -> None:
    assert gate.heads(pattern, re.IGNORECASE) is None


def _scan_patterns() -> list:
    from incident_kit import policy as P
    from incident_kit.rules.ik9_wording.ik904_blames_others import _WE_TAKE_RESPONSIBILITY

    return [P._FORWARD, P._BACKWARD, P._IRG_DOC, *(rx for rx, _ in P._IRG_SECTIONS), P._SMIME_WORDS, P._TLS_WORDS, _WE_TAKE_RESPONSIBILITY.regex]


# Phrases of the kinds these patterns look for, to be cut up and glued to noise by the test below.
_PHRASES = [
    "section 4.9.1.1 of the BRs", "\u00a7 5.3.2 of the Mozilla Root Store Policy", "sec. 7.1 in the EV Guidelines",
    "MRSP section 6.1.3", "BR v2.1.7, \u00a74.9.5", "S/MIME BR 3.2", "SBR 4.9.1", "CCADB Policy 4",
    "the Incident Reporting Guidelines", "IRG", "when are reports expected", "when are reports updated",
    "what is considered an audit finding",
    "TLS certificates", "e-mail certificates", "mailbox validation", "DV, OV certificates", "precertificate",
    "we take full responsibility", "We fully accept the responsibility",
]


def test_scan_finds_what_finditer_finds_on_random_text() -> None:
    # Text built from each pattern's heads and literal words, in random case, with the characters
    # case folding treats specially, punctuation and digits: every match, and only those, in order.
    rnd = random.Random(17)
    for rx in _scan_patterns():
        starts = gate.pattern_heads(rx.pattern, rx.flags)
        assert starts, rx.pattern[:60]
        words = [w for w in re.findall(r"[A-Za-z/']+", rx.pattern) if w not in ("s", "w", "d")]
        noise = ["(", ")", "-", "/", ",", ":", "3.2", "4.9.1.1", "v2", "\u017f", "\u0131", "\u0130", "\u212a", "\u00a7", "x", *sorted(starts),
                 *_PHRASES]
        matched = 0
        for _ in range(600):
            parts: list[str] = []
            while len(parts) < rnd.randint(2, 16):
                if rnd.random() < 0.5:  # a run of the pattern's own words, in their order
                    i = rnd.randrange(len(words))
                    parts.extend(words[i : i + rnd.randint(1, 5)])
                    if rnd.random() < 0.5:
                        parts.append(rnd.choice(["4.9.1.1", "5.3.2", "7.1"]))  # a section number after it
                else:
                    parts.append(rnd.choice(noise))
            seps = [rnd.choice([" ", " ", " ", "  ", "\n", "", "-"]) for _ in parts]
            text = "".join(p + s for p, s in zip((p.upper() if rnd.random() < 0.2 else p for p in parts), seps))
            expected = [m.span() for m in rx.finditer(text)]
            matched += bool(expected)
            assert [m.span() for m in gate.scan(rx, text)] == expected, (rx.pattern[:60], text)
        assert matched >= 20, (rx.pattern[:60], matched)  # the texts do hold matches


def test_scan_finds_what_finditer_finds_in_the_examples() -> None:
    examples = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.md"))
    assert examples
    for rx in _scan_patterns():
        for p in examples:
            text = p.read_text(encoding="utf-8")
            assert [m.span() for m in gate.scan(rx, text)] == [m.span() for m in rx.finditer(text)], (rx.pattern[:60], p.name)


def test_scan_without_heads_is_finditer() -> None:
    rx = re.compile(r"\w+@\w+")
    assert gate.pattern_heads(rx.pattern, rx.flags) is None
    assert [m.group() for m in gate.scan(rx, "mail a@b or c@d")] == ["a@b", "c@d"]
