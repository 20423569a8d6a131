"""Analysis worked out once per Document and shared by the rules (issue 9): the memo belongs to one
document object, and every shortcut gives what the plain computation gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from incident_kit import docmemo
from incident_kit.deadlines import events
from incident_kit.deadlines.clock import Moment
from incident_kit.policy import _has_digit, load_policy
from incident_kit.sources import read

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted((ROOT / "examples").glob("*.md")) + sorted((ROOT / "tests" / "fixtures" / "posted").rglob("*.md"))


def test_memo_belongs_to_the_document_object_not_its_text() -> None:
    a = read(ROOT / "examples" / "ca-certificate-misissuance-full.md")
    b = read(ROOT / "examples" / "ca-certificate-misissuance-full.md")
    assert a.text == b.text and a is not b
    docmemo.memo(a, "q")["answer"] = 1
    assert docmemo.memo(a, "q") == {"answer": 1}
    assert docmemo.memo(b, "q") == {}  # same words, another document: worked out again
    assert docmemo.memo(a, "other") == {}
    copy = dataclasses.replace(a, title=None)  # the engine's override copy: answers start again
    assert docmemo.memo(copy, "q") == {}


@pytest.mark.parametrize(
    "line",
    ["no digits here", "MRSP 5.3.2", "§ only", "", "caf\u00e9 2", "superscript \u00b2 only", "arabic-indic \u0663",
     "fullwidth \uff17", "roman \u2167 numeral", "circled \u2460"],
)
def test_digit_prefilter_agrees_with_isdigit(line: str) -> None:
    # A line with only a superscript or another script's digit must still get through.
    assert _has_digit(line) == any(ch.isdigit() for ch in line)


def _specs():
    kb = load_policy()
    seen = {}
    for clause in kb.clauses.values():
        for d in clause.deadlines:
            for spec in (d.start, d.end):
                seen.setdefault(events._spec_key(spec), spec)
    return list(seen.values())


def test_event_entries_worked_out_once_equal_the_entry_by_entry_reading() -> None:
    specs = _specs()
    checked = 0
    for path in REPORTS:
        doc = read(path)
        if not doc.timeline:
            continue
        for spec in specs:
            plain = [(e, m) for e in doc.timeline if (m := Moment.from_entry(e)) is not None and events.entry_matches(e, spec)]
            found, ids = events._marking(doc, spec)
            assert found == plain, (path.name, spec.event)
            assert ids == {id(e) for e, _ in plain}
            assert events._marking(doc, spec) is events._marking(doc, spec)  # asked twice, worked out once
            checked += bool(plain)
    assert checked > 20  # the reports do mark events


# The citation finder's hand-written gates (policy._DOC_LITERALS, _IRG_LITERALS): a line that
# names no policy document is not searched with the two citation expressions.

CITED = [
    "BR 4.9.1.1", "TLS BRs v2.1.7, §4.9.5", "Baseline Requirements section 4.9.5", "CA/Browser Forum Baseline Requirements 7.1.2.3",
    "Mozilla Root Store Policy 5.3.2", "MRSP §5.3.2", "Mozilla's policy section 6.1.3", "CCADB Policy 5.1", "ccadb policies 3.2",
    "Chrome Root Program Policy 7.1", "CRP section 4", "EV Guidelines 9.2", "Extended Validation Guidelines section 11", "EVG 11.1",
    "CABF EV SSL Guidelines 9.2.1", "S/MIME BR 7.1", "SMIME Baseline Requirements 3.2.2", "SBR 3.2", "section 4.9.1.1 of the BRs",
    "§ 3.2.2.4 in the Baseline Requirements", "as the IRG says under When are reports expected?",
    "S/M\u0130ME BR 7.1", "\u017fBR 3.2", "MRSP\u00a05.3.2",
]


@pytest.mark.parametrize("text", CITED)
def test_the_document_gate_lets_every_spelling_of_a_cited_document_through(text: str) -> None:
    from incident_kit.policy import find_citations

    assert find_citations(text), text  # the gates let it through and the citation is found


def _open_gates(monkeypatch) -> None:
    from incident_kit import policy
    from incident_kit.text.gate import Gate

    policy._doc_gate()
    monkeypatch.setattr(policy, "_GATES", [Gate(g.pattern, g.flags, lits=None) for g in policy._GATES])


def test_citations_are_the_same_with_and_without_the_document_gates(monkeypatch) -> None:
    from incident_kit.policy import find_citations

    corpus = ROOT.parent / "shared" / "corpus"
    files = REPORTS + (sorted(corpus.rglob("*.md")) if corpus.is_dir() else [])
    lines = [line for p in files for line in p.read_text(encoding="utf-8", errors="replace").splitlines()]
    lines += CITED
    gated = [find_citations(line) for line in lines]
    _open_gates(monkeypatch)
    assert [find_citations(line) for line in lines] == gated
    assert sum(map(bool, gated)) > 50
