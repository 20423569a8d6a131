"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore a fixed, seeded set of examples so that a run gives the same result on every
# machine and at every commit (CI must not go red by chance). HYPOTHESIS_PROFILE=explore draws new
# examples for a local bug hunt; benchmarks/ has the long fuzzing runs.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The domain material (../shared beside the checkout), when it exists."""
    env = os.environ.get("INCIDENT_KIT_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared")
    for c in candidates:
        if (c / "samples").is_dir():
            return c
    return None


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def make_rule():  # type: ignore[no-untyped-def]
    """Register throw-away rules under free IK0xx codes (IK070-IK099); removed after the test.

    ``code = make_rule(check, **metadata)`` where ``check(doc, ctx)`` yields Hits; metadata defaults
    to an error-level rule for every report kind."""
    from incident_kit.lint import rule as rule_mod

    made: list[str] = []

    def make(check, **meta):  # type: ignore[no-untyped-def]
        taken = set(rule_mod.all_rules())
        code = next(f"IK0{n}" for n in range(70, 100) if f"IK0{n}" not in taken)
        meta.setdefault("name", f"test-rule-{code.lower()}")
        meta.setdefault("severity", rule_mod.ERROR)
        meta.setdefault("summary", "A rule made by a test.")
        meta.setdefault("citations", ("IRG 3.2 §Timeline",))
        check.__doc__ = check.__doc__ or "Test rule."
        rule_mod.rule(code=code, **meta)(check)
        made.append(code)
        return code

    yield make
    for code in made:
        rule_mod._REGISTRY.pop(code, None)


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    """With -v: one line saying whether the browser tests run, and with which Chromium."""
    from browser import chromium_path, why_not

    reason = why_not()
    return reason if reason else f"browser tests: Chromium at {chromium_path()}"


def pytest_terminal_summary(terminalreporter):  # type: ignore[no-untyped-def]
    """Always (even with -q): one line when the browser tests were skipped, never silence."""
    from browser import why_not

    reason = why_not()
    if reason:
        terminalreporter.write_line(reason)
