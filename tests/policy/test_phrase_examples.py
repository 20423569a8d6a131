"""Every policy clause phrase list is tested on examples it must find and counterexamples it must
not: a list that names a lexicon ('{lexicon:NAME}') by that lexicon's own examples
(tests/lexicon), an inline list by tests/policy/phrase_examples.yaml, through the matcher the
lint uses for that kind of list."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from ruamel.yaml import YAML

from incident_kit.policy import load_policy
from incident_kit.text.concepts import affirms, matches, phrase_gate, phrase_list

DATA = Path(__file__).with_name("phrase_examples.yaml")
EXAMPLES: dict[str, dict[str, dict[str, list[str]]]] = YAML(typ="safe", pure=True).load(DATA.read_text(encoding="utf-8"))
CLAUSES = load_policy().clauses


def _named(pattern_list: list[str]) -> Callable[[str], bool]:
    """Whether one of the list's phrases is found anywhere in the text (parties, keywords)."""
    return lambda text: any(phrase_gate(p).search(text) for p in phrase_list(pattern_list))


def phrase_lists(clause: Any) -> Iterator[tuple[str, list[str], Callable[[str], Any]]]:
    """(path, phrases, found) for every phrase list of a clause, ``found(text)`` being how the lint
    asks that list about a text."""

    def affirmed(lst: list[str]) -> Callable[[str], Any]:
        return lambda text: affirms(text, lst)

    for d in clause.deadlines:
        for side in ("start", "end"):
            spec = getattr(d, side)
            if spec.phrases:
                yield f"deadlines.{d.id}.{side}.phrases", spec.phrases, affirmed(spec.phrases)
            for party in spec.parties:
                yield f"deadlines.{d.id}.{side}.parties.{party.name}", party.phrases, _named(party.phrases)
        for key in ("applies_when", "not_when", "superseded_by"):
            if getattr(d, key):
                yield f"deadlines.{d.id}.{key}", getattr(d, key), affirmed(getattr(d, key))
    for c in clause.must_address:
        yield f"must_address.{c.id}.phrases", c.phrases, affirmed(c.phrases)
        if c.applies_when:
            yield f"must_address.{c.id}.applies_when", c.applies_when, _named(c.applies_when)
    for r in clause.insufficient:
        yield f"insufficient.{r.id}.phrases", r.phrases, (lambda lst: lambda text: matches(text, lst))(r.phrases)
    if clause.keywords:
        yield "keywords", clause.keywords, _named(clause.keywords)


ALL = {(cid, path): (lst, found) for cid, c in CLAUSES.items() for path, lst, found in phrase_lists(c)}


def _inline(lst: list[str]) -> bool:
    return any(not p.startswith("{lexicon:") for p in lst)


CASES = [
    (cid, path, kind, text)
    for cid, lists in EXAMPLES.items()
    for path, cases in lists.items()
    for kind in ("examples", "counterexamples")
    for text in cases.get(kind, [])
]


def test_every_entry_names_a_phrase_list_and_has_both_kinds() -> None:
    for cid, lists in EXAMPLES.items():
        assert cid in CLAUSES, f"{DATA.name}: no clause {cid!r}"
        for path, cases in lists.items():
            assert (cid, path) in ALL, f"{DATA.name}: {cid}: no phrase list {path!r}"
            assert set(cases) == {"examples", "counterexamples"}, f"{cid}: {path}: examples and counterexamples"
            assert cases["examples"] and cases["counterexamples"], f"{cid}: {path}: at least one of each"


@pytest.mark.parametrize(("cid", "path", "kind", "text"), CASES, ids=[f"{c}|{p}|{k}|{i}" for i, (c, p, k, _) in enumerate(CASES)])
def test_phrase_list_examples(cid: str, path: str, kind: str, text: str) -> None:
    _, found = ALL[(cid, path)]
    if kind == "examples":
        assert found(text), f"{cid}: {path} does not find its example {text!r}"
    else:
        assert not found(text), f"{cid}: {path} finds its counterexample {text!r}"


def test_every_inline_phrase_list_has_examples() -> None:
    """Every inline list of every shipped clause (deadline events, parties and routing, remedies,
    known-insufficient remedies, keywords) is covered here; a list that only names lexicons is
    covered by theirs."""
    missing = [
        f"{cid}: {path}"
        for (cid, path), (lst, _) in ALL.items()
        if _inline(lst) and path not in EXAMPLES.get(cid, {}) and not _shared_and_covered(cid, path, lst)
    ]
    assert missing == []


def _shared_and_covered(cid: str, path: str, lst: list[str]) -> bool:
    """A list shared by YAML anchor with another clause or deadline is covered once."""
    return any(
        ALL[(c2, p2)][0] == lst and p2 in EXAMPLES.get(c2, {})
        for (c2, p2) in ALL
        if (c2, p2) != (cid, path) and p2.rsplit(".", 1)[-1] == path.rsplit(".", 1)[-1]
    )
