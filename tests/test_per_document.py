"""Analysis worked out once per Document and shared by the rules (issue 9): the memo belongs to one
document object, and every shortcut gives what the plain computation gives."""

from __future__ import annotations

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
