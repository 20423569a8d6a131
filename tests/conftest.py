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


SHARED_MISSING = (
    "shared material not found: put it beside the checkout as ../shared, or set INCIDENT_KIT_SHARED=/path/to/shared"
)


def _shared_header() -> str:
    """Whether the shared material was found, and where (a line of pytest's header)."""
    found = shared_dir()
    return f"incident-kit shared material: {found}" if found else f"incident-kit: {SHARED_MISSING}; tests that need it skip"


def _shared_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """Count the tests skipped for want of the shared material, so they are never skipped silently."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if SHARED_MISSING in str(getattr(r, "longrepr", ""))]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} tests skipped: {SHARED_MISSING}", yellow=True)


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
    """Where the shared material is (or that it is missing), and with -v whether the browser tests
    run, and with which Chromium."""
    from browser import chromium_path, why_not

    reason = why_not()
    return [_shared_header(), reason if reason else f"browser tests: Chromium at {chromium_path()}"]


def pytest_terminal_summary(terminalreporter):  # type: ignore[no-untyped-def]
    """Always (even with -q): one line when the browser tests or the shared-material tests were
    skipped, never silence."""
    from browser import why_not

    reason = why_not()
    if reason:
        terminalreporter.write_line(reason)
    _shared_summary(terminalreporter)
