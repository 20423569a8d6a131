"""Input limits (incident_kit/limits.py): past them, one line naming the file and line, exit 2.

What the limits protect (speed on any input below them) is measured in benchmarks/adversarial.py,
not here: these tests check where the limits stand and what a user sees past them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from incident_kit import limits
from incident_kit.errors import InputError
from incident_kit.sources.markdown import read_text

HEAD = "## Full Incident Report\n\n### Summary\n\n- **Incident description:** A linter missed a field.\n"
TABLE_HEAD = (
    "\n### Action Items\n\n| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n"
    "|---|---|---|---|---|---|\n"
)


def _row(i: int) -> str:
    return f"| Step {i} | Prevent | Root Cause # 1 | Test | 2025-01-01 | Ongoing |\n"


def _lint(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "incident_kit", "lint", *args, str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )


def test_the_limits_are_far_above_real_reports() -> None:
    # The largest real report is under 20 KB, its longest line under 2,000 characters.
    assert limits.MAX_CHARS >= 50 * 20_000
    assert limits.MAX_LINE_CHARS >= 10 * 2_000
    assert limits.MAX_TABLE_ROWS >= 1_000


def test_a_report_at_the_limits_is_read() -> None:
    label = "- **Root cause:** "
    long_line = label + "x" * (limits.MAX_LINE_CHARS - len(label))
    doc = read_text(HEAD + long_line + "\n" + TABLE_HEAD + "".join(_row(i) for i in range(limits.MAX_TABLE_ROWS - 2)))
    assert len(doc.action_items) == limits.MAX_TABLE_ROWS - 2


def test_too_large_a_file_is_refused_with_its_line() -> None:
    text = HEAD + ("A sentence of the description that goes on and on.\n" * (limits.MAX_CHARS // 50))
    with pytest.raises(InputError) as err:
        read_text(text, "big.md")
    message = str(err.value)
    assert message.startswith("big.md:") and "too large" in message and f"{limits.MAX_CHARS:,}" in message
    assert "\n" not in message
    assert err.value.line == text.count("\n", 0, limits.MAX_CHARS) + 1


def test_too_long_a_line_is_refused_with_its_line_and_column() -> None:
    text = HEAD + "\n### Timeline\n\n- 2025-01-01 10:00 UTC " + "." * limits.MAX_LINE_CHARS + "\n"
    with pytest.raises(InputError) as err:
        read_text(text, "long.md")
    assert (err.value.line, err.value.column) == (9, limits.MAX_LINE_CHARS + 1)
    assert str(err.value).startswith(f"long.md:9:{limits.MAX_LINE_CHARS + 1}: line is too long")


def test_too_long_a_table_is_refused_at_the_first_row_past_the_limit() -> None:
    text = HEAD + TABLE_HEAD + "".join(_row(i) for i in range(limits.MAX_TABLE_ROWS))
    first_row = HEAD.count("\n") + TABLE_HEAD.count("\n") - 1  # the header row is a table row too
    with pytest.raises(InputError) as err:
        read_text(text, "rows.md")
    assert err.value.line == first_row + limits.MAX_TABLE_ROWS
    assert "table is too long" in str(err.value)


def test_separate_tables_are_counted_separately() -> None:
    half = limits.MAX_TABLE_ROWS // 2 + 10
    text = HEAD + TABLE_HEAD + "".join(_row(i) for i in range(half)) + "\nSome prose.\n" + TABLE_HEAD + "".join(_row(i) for i in range(half))
    assert len(read_text(text).action_items) >= half


def test_lint_past_a_limit_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    report = tmp_path / "long.md"
    report.write_text(HEAD + "- **Root cause:** " + "word " * (limits.MAX_LINE_CHARS // 4) + "\n", encoding="utf-8")
    done = _lint(report)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [ln for ln in done.stdout.splitlines() if "IK001" in ln]
    assert len(lines) == 1 and lines[0].startswith(f"{report}:6:") and "line is too long" in lines[0]
    assert "Traceback" not in done.stderr


def test_a_draft_past_the_size_limit_is_refused(tmp_path: Path) -> None:
    draft = tmp_path / "big.yaml"
    draft.write_text("kind: full\n" + "# a comment line that pads the draft\n" * (limits.MAX_CHARS // 30), encoding="utf-8")
    done = _lint(draft)
    assert done.returncode == 2
    assert f"{draft}:" in done.stdout and "too large" in done.stdout
    render = subprocess.run(
        [sys.executable, "-m", "incident_kit", "render", str(draft)], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert render.returncode == 2 and render.stderr.strip().count("\n") == 0 and "too large" in render.stderr
