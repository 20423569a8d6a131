"""Any input gives a Document or a clean InputError, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_kit import document as d
from incident_kit.errors import InputError
from incident_kit.sources.markdown import read_bytes, read_report, read_text


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


def test_lists_nested_500_deep() -> None:
    text = "### Timeline\n\n" + "".join("  " * i + f"- 2024-01-01 10:{i % 60:02d} UTC step {i}\n" for i in range(500))
    doc = read_text(text)
    assert any("nested deeper" in n for n in doc.notes)
    assert doc.sections[0].end_line == 502


# How long large inputs take (a table at the row limit, a report at the size limit) is measured in
# benchmarks/adversarial.py; the limits themselves are tested in test_limits.py.


def test_a_link_reference_definition_is_not_read_as_a_nesting_limit() -> None:
    # markdown-it gives "[1]: https://..." no token; the reader took the line for one it never
    # reached and noted that lists were nested too deeply.
    text = "## Summary\n\nSee [the bug][1] and [the CPS][cps].\n\n[1]: https://bugzilla.mozilla.org/show_bug.cgi?id=1\n   [cps]: https://example.org/cps.pdf\n"
    doc = read_text(text)
    assert not any("nested deeper" in n for n in doc.notes), doc.notes
    assert "[1]: https://bugzilla.mozilla.org/show_bug.cgi?id=1" in doc.text
