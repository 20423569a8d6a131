"""Any input gives a Document or a clean InputError, never an exception, in about linear time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_kit import document as d
from incident_kit.errors import InputError
from incident_kit.sources.markdown import read_bytes, read_report, read_text

POSTED = Path(__file__).parent / "fixtures" / "posted"

# Report-like noise: structure characters, labels, dates, unicode.
_PIECES = st.sampled_from(
    [
        "\n", "\n\n", "## ", "### ", "- ", "* ", "1. ", "2) ", "| ", " |", "|---|", "**", "__", "`", "```", "~~~",
        "<!--", "-->", "<!-- incident-kit: ignore IK301 -- r -->", "> ", "(In reply to x from comment #1)",
        "Summary", "Timeline", "Action Items", "Full Incident Report", "Report Closure Summary",
        "**Incident description:** ", "What didn’t go well", "Contributing Factor #1: ", "Root Cause # 2",
        "2024-02-30 25:61 UTC", "2025-01-01 10:00", "All times are UTC.", "14/03", "Q1 2026", "ASAP",
        "\t", "\r\n", "\ufeff", "\u2028", "é", "漢", "😀", "\x00", "a", "word ", "N/A", "#", "\\",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_report_like_noise_always_reads(text: str) -> None:
    doc = read_text(text)
    assert doc.kind in d.ALL_KINDS + d.READ_ONLY_KINDS + (d.KIND_UNKNOWN,)
    n = len(doc.lines)
    for s in doc.sections:
        assert 1 <= s.line <= s.end_line <= max(n, 1)
    for loc in doc.fields.values():
        assert loc.line is None or 1 <= loc.line <= n


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_any_text_reads(text: str) -> None:
    read_text(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_read_or_fail_cleanly(data: bytes) -> None:
    try:
        read_bytes(data, "x.md")
    except InputError as exc:
        assert str(exc).startswith("x.md")
        assert "\n" not in str(exc)


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    doc = read_report(empty)
    assert doc.kind == d.KIND_UNKNOWN and doc.sections == [] and doc.lines == []


def test_unreadable_paths_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_report(tmp_path / "nope.md")
    with pytest.raises(InputError, match="directory"):
        read_report(tmp_path)
    bad = tmp_path / "latin1.md"
    bad.write_bytes("## Summary\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError) as err:
        read_report(bad)
    assert str(err.value).startswith(f"{bad}:2:4:")


def _timed(text: str) -> tuple[d.Document, float]:
    start = time.perf_counter()
    doc = read_text(text)
    return doc, time.perf_counter() - start


def test_lists_nested_500_deep() -> None:
    text = "### Timeline\n\n" + "".join("  " * i + f"- 2024-01-01 10:{i % 60:02d} UTC step {i}\n" for i in range(500))
    doc, seconds = _timed(text)
    assert any("nested deeper" in n for n in doc.notes)
    assert doc.sections[0].end_line == 502
    assert seconds < 5


def test_table_with_10000_rows() -> None:
    rows = "".join(f"| Step {i} | Prevent | Root Cause # 1 | Test | 2025-01-01 | Ongoing |\n" for i in range(10_000))
    text = (
        "## Full Incident Report\n\n### Action Items\n\n"
        "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n"
        "|---|---|---|---|---|---|\n" + rows
    )
    doc, seconds = _timed(text)
    assert len(doc.action_items) == 10_000
    assert doc.action_items[-1].line == 10_006
    assert seconds < 10


def test_one_megabyte_line() -> None:
    text = "### Timeline\n\n- 2025-01-01 10:00 UTC – " + "word " * 200_000 + "\n"
    doc, seconds = _timed(text)
    assert len(doc.timeline) == 1 and len(doc.timeline[0].text) > 900_000
    assert seconds < 5


def test_one_megabyte_report_in_about_linear_time() -> None:
    base = (POSTED / "full_markdown.md").read_text()
    small, t_small = _timed(base * 20)
    big, t_big = _timed(base * 200)  # about 1 MB
    assert len(big.sections) + 1 == 10 * (len(small.sections) + 1)  # the first title is not a section
    assert t_big < max(30 * t_small, 1.0)  # 10 times the input; quadratic would be ~100 times
