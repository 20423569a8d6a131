"""No regular expression of the package can run away (super-linear backtracking, "ReDoS").

Every pattern the package compiles is collected: the literal patterns of every ``re`` call in its
source (found by reading the source), the compiled and gated patterns its modules hold (module
globals, class attributes and the lists, tuples and dicts in them), every lexicon concept
(``incident_kit/lexicon/*.toml``) and every phrase of the shipped policy clauses. Each is run
with ``finditer`` (what ``search``, ``sub`` and ``split`` do at worst) over about 40 adversarial
shapes: runs of one character, repeated words, dates, numbers, Markdown syntax, each followed by
a character that makes a near match fail late.

How it stays fast (a few seconds for 700 patterns) and still catches every super-linear one: the
cost of a pattern is measured as CPU time of this thread (``time.thread_time``, which other load
on the machine does not inflate), on each shape at 250 and 1,000 characters. A linear pattern
takes about 4x as long on 4x the input; a quadratic one 16x, a cubic one 64x. A shape that grows
more than 6x (above a floor of 0.2 ms, under which noise dominates), or that is already slow at
250 characters, makes the pattern a suspect; a suspect is confirmed by growth alone, best of
three runs at n and 4n characters: more than 8x is super-linear. The sizes stay small on purpose:
growth shows the complexity at 1 KB as well as at 50 KB, and a cubic pattern at 50 KB would run
for minutes. End to end, with 50 KB inputs in every field, see ``benchmarks/adversarial.py``.
"""

from __future__ import annotations

import ast
import functools
import gc
import importlib
import pkgutil
import re
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

import incident_kit
from incident_kit.text.concepts import Concept
from incident_kit.text.gate import Gate, GateGroup

PACKAGE = Path(incident_kit.__file__).parent
_RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}

# -------------------------------------------------------------------------------------------
# The adversarial shapes. Each is (name, unit): the unit is repeated to the size wanted.
# -------------------------------------------------------------------------------------------

_SHAPES = [
    # (unit, tail): the unit is repeated to the size wanted; the tail makes a near match fail late.
    (" ", ""), (" ", "!\x01"), ("\t", "x"), ("\n", "\x00"), (" \n", "x"), ("\u00a0", "!"), ("a", "!\x01"),
    ("A", "1"), ("1", "x"), (".", "x"), (".", "!\x01"), ("-", "x"), ("*", "x"), ("_", "x"), ("`", "x"),
    ("|", "x"), ("#", "x"), ("[", "x"), ("(", "x"), ("<", "x"), ('"', "x"), ("'", "x"), (",", "x"), (":", "x"),
    ("a ", "!"), ("the ", "\x01"), ("not ", "x"), ("and ", "!"), ("word ", "\x01"), ("1.", "x"), ("- ", "x"),
    ("| a ", "x"), ("[a](", "x"), ("2024-01-01 ", "x"), ("2024-01-01 10:00 ", "!"), ("Q1 ", "x"), ("v2.1.1 ", "x"),
    ("section 4.9.1.1, ", "x"), ("e.g. ", "x"), ("**a** ", "x"), ("a-", "!"), ("\u2019", "x"), ("x\u2013", "!"),
]


def shapes(size: int) -> list[tuple[str, str]]:
    """The adversarial strings of about ``size`` characters, each with a name."""
    return [(f"{u!r}*{size // len(u)}+{t!r}", u * (size // len(u)) + t) for u, t in _SHAPES]


# -------------------------------------------------------------------------------------------
# Collecting every pattern.
# -------------------------------------------------------------------------------------------


def _const(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _flags(node: ast.AST | None) -> int:
    if node is None:
        return 0
    flags = 0
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "re":
            flags |= int(getattr(re, sub.attr, 0)) if sub.attr.isupper() else 0
    return flags


def source_patterns() -> Iterator[tuple[str, str, int]]:
    """(where, pattern, flags) for every ``re.xxx("literal", ...)`` call in the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.func.attr in _RE_CALLS):
                continue
            if not node.args:
                continue
            pattern = _const(node.args[0])
            if not isinstance(pattern, str):
                continue
            flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
            if flag_node is None:
                position = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                            "split": 3, "sub": 4, "subn": 4}[node.func.attr]
                flag_node = node.args[position] if len(node.args) > position else None
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            yield where, pattern, _flags(flag_node)


def _walk_value(value: Any, where: str, seen: set[int], depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
    if depth > 4 or id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield where, value
    elif isinstance(value, Gate):  # a gated pattern (compiled on first use)
        yield where, re.compile(value.pattern, value.flags)
    elif isinstance(value, GateGroup):
        yield from _walk_value(list(value.members), where, seen, depth + 1)
    elif isinstance(value, Concept):
        yield where, value.regex
        if value.exception_regex is not None:
            yield f"{where} (exceptions)", value.exception_regex
    elif isinstance(value, dict):
        for k, v in list(value.items()):
            yield from _walk_value(v, f"{where}[{k!r}]", seen, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for i, v in enumerate(list(value)):
            yield from _walk_value(v, f"{where}[{i}]", seen, depth + 1)


def module_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Compiled patterns held by the package's modules and classes (built at import time,
    including those assembled from pieces)."""
    seen: set[int] = set()
    for info in pkgutil.walk_packages(incident_kit.__path__, "incident_kit."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in list(vars(module).items()):
            where = f"{info.name}.{name}"
            if isinstance(value, type) and value.__module__ == info.name:
                for attr, v in list(vars(value).items()):
                    yield from _walk_value(v, f"{where}.{attr}", seen)
            else:
                yield from _walk_value(value, where, seen)


def lexicon_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    from incident_kit.text.concepts import lexicon, lexicon_names

    for name in lexicon_names():
        concept = lexicon(name)
        yield f"lexicon/{name}.toml", concept.regex
        if concept.exception_regex is not None:
            yield f"lexicon/{name}.toml (exceptions)", concept.exception_regex


def policy_patterns() -> Iterator[tuple[str, str, int]]:
    from incident_kit.policy import load_policy

    def strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
        # the pydantic models (user files) and the pydantic-free view of the shipped bundle (policy/kb.py)
        fields = type(value).model_fields if hasattr(type(value), "model_fields") else getattr(value, "_names", None)
        if fields is not None and not isinstance(value, type):
            for field in fields:
                yield from strings(getattr(value, field), f"{where}.{field}")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                if isinstance(v, str) and where.rsplit(".", 1)[-1] in _PHRASE_FIELDS:
                    yield f"{where}[{i}]", v
                else:
                    yield from strings(v, f"{where}[{i}]")

    from incident_kit.text.concepts import phrase_gate, phrase_list

    for clause in load_policy().clauses.values():
        for where, p in strings(clause, f"policy {clause.id}"):
            # as the phrase matcher compiles them: in the lexicon dialect, a {lexicon:NAME} entry
            # standing for that lexicon's patterns (collected with the lexicons too)
            for q in phrase_list([p]):
                yield where, phrase_gate(q).regex.pattern, re.IGNORECASE


_PHRASE_FIELDS = {"keywords", "phrases", "applies_when", "not_when", "superseded_by"}


@functools.lru_cache(maxsize=1)
def all_patterns() -> dict[tuple[str, int], str]:
    """Every distinct (pattern, flags) of the package, with the first place it was found."""
    found: dict[tuple[str, int], str] = {}
    # (Flags other than IGNORECASE change little in how a pattern backtracks.)
    for where, p, flags in source_patterns():
        found.setdefault((p, flags), where)
    for where, rx in list(module_patterns()) + list(lexicon_patterns()):
        found.setdefault((rx.pattern, rx.flags & ~re.UNICODE), where)
    for where, p, flags in policy_patterns():
        found.setdefault((p, flags), where)
    return found


# -------------------------------------------------------------------------------------------
# Timing.
# -------------------------------------------------------------------------------------------

SMALL, LARGE = 250, 1_000  # characters of each shape in the screen
SLOW_AT_SMALL = 0.005  # seconds: already this slow at 250 characters is suspect at once
FLOOR = 0.0002  # seconds at 1,000 characters under which a pattern is not suspect (timer noise)
SCREEN_GROWTH = 6.0  # 4x the input: linear 4x, quadratic 16x
GROWTH_LIMIT = 8.0


def _text(unit: str, size: int, tail: str) -> str:
    return unit * max(1, size // len(unit)) + tail


def _time(rx: re.Pattern[str], text: str) -> float:
    """CPU seconds of one ``finditer`` over ``text`` (this thread only: other load does not count).
    The garbage collector is off while it runs: late in a full test run, a collection set off by the
    scan's match objects walks the whole heap, milliseconds that would be read as the pattern's."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.thread_time()
        for _ in rx.finditer(text):
            pass
        return time.thread_time() - start
    finally:
        if enabled:
            gc.enable()


def _growth(rx: re.Pattern[str], unit: str, tail: str, small: int) -> float:
    """How much slower a pattern is on 4x the input, best of three at each size."""
    t_small = min(_time(rx, _text(unit, small, tail)) for _ in range(3))
    t_large = min(_time(rx, _text(unit, 4 * small, tail)) for _ in range(3))
    return t_large / max(t_small, 2e-6)


def runaway(rx: re.Pattern[str], first: bool = False) -> list[str]:
    """The shapes on which ``rx`` is super-linear ("shape: 4x input, 37x time"); ``first``: stop
    at the first one."""
    bad = []
    for unit, tail in _SHAPES:
        t_small = min(_time(rx, _text(unit, SMALL, tail)) for _ in range(2))
        if t_small > SLOW_AT_SMALL:
            confirm_at = 64  # cubic at 1,000 characters takes seconds: confirm on a smaller input
        else:
            t_large = _time(rx, _text(unit, LARGE, tail))
            if t_large < FLOOR or t_large < SCREEN_GROWTH * max(t_small, 2e-6):
                continue
            confirm_at = SMALL if t_large > SLOW_AT_SMALL else LARGE  # a slow one on less input
        growth = _growth(rx, unit, tail, confirm_at)
        if growth > GROWTH_LIMIT:
            # A super-linear pattern is as slow every time, and at any size; a spike of the
            # machine is not (20-microsecond scans read as 11x and 9x, twice in a row, on a busy
            # host): measure once more on twice the input, where a linear scan's fixed costs and
            # timer noise weigh less and a quadratic one still grows 16x.
            growth = min(growth, _growth(rx, unit, tail, 2 * confirm_at))
        if growth > GROWTH_LIMIT:
            bad.append(f"{unit!r}*N+{tail!r}: 4x input, {growth:.0f}x time")
            if first:
                break
    return bad


def test_the_package_has_many_patterns_to_check() -> None:
    found = all_patterns()
    assert len(found) > 400, len(found)
    assert any(w.startswith("lexicon/") for w in found.values())
    assert any(w.startswith("policy ") for w in found.values())


def test_no_pattern_is_super_linear() -> None:
    problems = []
    for (pattern, flags), where in sorted(all_patterns().items(), key=lambda kv: kv[1]):
        rx = re.compile(pattern, flags)
        bad = runaway(rx)
        if bad:
            problems.append(f"{where}: {pattern[:80]!r}: {'; '.join(bad[:3])}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\s*\|?\s*:?-{2,}",  # adjacent \s* that can match the same spaces, searched
        r"(`+)(.+?)\1",  # a backreference to a run, with a lazy gap
        r"\[([^\]]*)\]\([^)]*\)",  # unanchored [^x]* scanned from every '['
        r"[.!?]+[\"')\]]*(?=\s+|$)",  # a run then a lookahead that fails late
    ],
)
def test_a_runaway_pattern_is_caught(pattern: str) -> None:
    assert runaway(re.compile(pattern), first=True), pattern


@pytest.mark.parametrize(
    "pattern",
    [r"(?<![\w-])(?:because|since|as)(?![\w-])", r"\d{4}-\d{2}-\d{2}", r"[^\n]*", r"\s+"],
)
def test_a_linear_pattern_passes(pattern: str) -> None:
    assert runaway(re.compile(pattern)) == [], pattern


def test_lexicon_patterns_never_see_more_than_a_bounded_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sentences are cut at MAX_UNIT characters, and the matcher searches a longer unit piece by
    piece: no lexicon pattern runs on more than MAX_UNIT characters, whatever the input."""
    from incident_kit.text import concepts
    from incident_kit.text.sentences import MAX_UNIT, sentences

    long_sentence = "the file " * (3 * MAX_UNIT // 9) + "is listed in serials.csv"
    assert max(len(s.text) for s in sentences(long_sentence)) <= MAX_UNIT
    concept = concepts.lexicon("attachment")
    seen: list[int] = []
    real = concept.gate.regex

    class Spy:
        def search(self, text: str, pos: int = 0, endpos: int = 10**9) -> object:
            seen.append(min(endpos, len(text)) - pos)
            return real.search(text, pos, endpos)

        def finditer(self, text: str, pos: int = 0, endpos: int = 10**9) -> object:
            seen.append(min(endpos, len(text)) - pos)
            return real.finditer(text, pos, endpos)

    monkeypatch.setattr(concept.gate, "_rx", Spy())
    m = concepts.search(long_sentence, concept)
    assert m is not None and m.group() == "serials.csv"  # found past the first piece
    assert [x.group() for x in concepts.finditer(long_sentence, concept)] == ["serials.csv"]
    assert concepts.mentioned(long_sentence, concept)
    assert seen and max(seen) <= MAX_UNIT
