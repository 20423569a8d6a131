"""Every phrase of every ``tests/rules/IKnnn/phrases.toml``, run through its check.

A phrases.toml holds ``[[phrases]]`` tables: ``module`` (the test module beside this one that holds
the check), ``check`` (a function taking one phrase and asserting what the rule does with it),
``expect`` (``fire`` or ``quiet``, what the check asserts) and ``phrases`` (the list). Adding a phrase
is one line in the TOML; a new kind of check is a ``phrase_<name>(phrase)`` function in the module.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CODE_DIRS = sorted(p for p in HERE.glob("IK*") if p.is_dir())


def phrase_cases() -> list:
    cases = []
    for folder in CODE_DIRS:
        file = folder / "phrases.toml"
        if not file.is_file():
            continue
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        for n, group in enumerate(data.get("phrases", [])):
            for i, phrase in enumerate(group["phrases"]):
                cases.append(pytest.param(group["module"], group["check"], group["expect"], phrase,
                                          id=f"{folder.name}-{group['check']}-{i}"))
    return cases


@pytest.mark.parametrize("module,check,expect,phrase", phrase_cases())
def test_phrase(module: str, check: str, expect: str, phrase: str) -> None:
    fn = getattr(importlib.import_module(Path(module).stem), check)
    fn(phrase)


def test_every_phrases_file_is_well_formed() -> None:
    """A malformed table, an unknown check or an empty list would silently test nothing."""
    problems = []
    for folder in CODE_DIRS:
        file = folder / "phrases.toml"
        if not file.is_file():
            continue
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            problems.append(f"{file.name} of {folder.name}: {exc}")
            continue
        for group in data.get("phrases", []):
            missing = {"module", "check", "expect", "phrases"} - set(group)
            if missing:
                problems.append(f"{folder.name}: a [[phrases]] table lacks {sorted(missing)}")
                continue
            if group["expect"] not in ("fire", "quiet"):
                problems.append(f"{folder.name}/{group['check']}: expect is {group['expect']!r}, not fire or quiet")
            if not group["phrases"] or not all(isinstance(p, str) and p.strip() for p in group["phrases"]):
                problems.append(f"{folder.name}/{group['check']}: empty phrase list or an empty phrase")
            mod = importlib.import_module(Path(group["module"]).stem)
            if not callable(getattr(mod, group["check"], None)):
                problems.append(f"{folder.name}: {group['module']} has no check {group['check']}")
    assert not problems, "\n".join(problems)
