"""Static checks that keep the code honest: no undefined names, unused imports or syntax errors."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_ruff_finds_no_errors():
    """ruff (a test dependency) with the rules chosen in pyproject.toml: errors, not style."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "incident_kit", "tests", "benchmarks", "--output-format", "concise"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
