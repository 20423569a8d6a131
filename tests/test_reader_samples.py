"""Acceptance: the shared sample reports (when present) load with the kind their README states, and
the things the README describes are where it says. Skipped when the samples folder is absent."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from incident_kit import document as d
from incident_kit.sources.markdown import read_report

from conftest import SHARED_MISSING, shared_dir

SHARED = shared_dir()
pytestmark = pytest.mark.skipif(SHARED is None, reason=SHARED_MISSING)

# file prefix → (kind, posted date, IRG version in force, origin)
EXPECTED = {
    "01": (d.KIND_LEGACY, date(2019, 9, 4), "legacy", "text"),
    "02": (d.KIND_LEGACY, date(2021, 6, 18), "legacy", "markdown"),
    "03": (d.KIND_LEGACY, date(2022, 4, 8), "legacy", "markdown"),
    "04": (d.KIND_IRG2, date(2024, 7, 19), "2.0", "markdown"),
    "05": (d.KIND_FULL, date(2025, 10, 3), "3.1", "markdown"),
    "06": (d.KIND_FULL, date(2026, 2, 20), "3.1", "markdown"),
    "07": (d.KIND_FULL, date(2025, 11, 26), "3.1", "markdown"),
    "08": (d.KIND_FULL, date(2025, 7, 2), "3.0", "text"),
    "09": (d.KIND_FULL, date(2025, 7, 10), "3.0", "markdown"),
    "10": (d.KIND_PRELIMINARY, date(2026, 5, 19), "3.2", "markdown"),
    "11": (d.KIND_PRELIMINARY, date(2026, 4, 14), "3.2", "markdown"),
    "12": (d.KIND_CLOSURE, date(2025, 6, 6), "3.0", "markdown"),
}


def sample(prefix: str) -> d.Document:
    assert SHARED is not None
    (path,) = sorted((SHARED / "samples").glob(f"{prefix}_*.md"))
    return read_report(path, as_of=EXPECTED[prefix][1])


def line_of(doc: d.Document, needle: str, start: int = 1) -> int:
    for i, text in enumerate(doc.lines[start - 1 :], start):
        if needle in text:
            return i
    raise AssertionError(f"{needle!r} not found")


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_sample_kind_version_origin(prefix: str) -> None:
    kind, _posted, version, origin = EXPECTED[prefix]
    doc = sample(prefix)
    assert (doc.kind, doc.irg_version, doc.origin) == (kind, version, origin), doc.kind_reason
    assert not doc.kind_guessed


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_sample_sections_start_at_their_heading_lines(prefix: str) -> None:
    doc = sample(prefix)
    assert doc.sections
    for s in doc.sections:
        assert s.title in doc.lines[s.line - 1]
        assert s.line <= s.end_line <= len(doc.lines)
    starts = [s.line for s in doc.sections]
    assert starts == sorted(starts)


@pytest.mark.parametrize("prefix", ["05", "06", "07", "08", "09"])
def test_full_samples_have_every_section(prefix: str) -> None:
    doc = sample(prefix)
    keys = [s.key for s in doc.sections]
    assert keys == [
        d.SEC_SUMMARY,
        d.SEC_IMPACT,
        d.SEC_TIMELINE,
        d.SEC_RELATED,
        d.SEC_RCA,
        d.SEC_LESSONS,
        d.SEC_ACTIONS,
        d.SEC_APPENDIX,
    ]
    for key, title in [(d.SEC_TIMELINE, "Timeline"), (d.SEC_ACTIONS, "Action Items")]:
        s = doc.section(key)
        assert s is not None and doc.lines[s.line - 1].lstrip("# ") == title


def test_01_plain_text_legacy_without_question_3() -> None:
    doc = sample("01")
    assert [s.key for s in doc.sections] == ["topic1", "topic2", "topic4", "topic5", "topic6", "topic7"]
    assert doc.section("topic2").line == line_of(doc, "2. A timeline")  # type: ignore[union-attr]
    assert len(doc.timeline) == 6
    assert all(e.when and not e.when.has_time and not e.when.has_zone for e in doc.timeline)
    assert doc.timeline[1].when.value.date() == date(2019, 8, 27)  # type: ignore[union-attr]


def test_02_pacific_time_declared_in_the_timeline_heading() -> None:
    doc = sample("02")
    assert doc.timeline_zone is not None and doc.timeline_zone.line == line_of(doc, "2. Timeline")
    first = doc.timeline[0].when
    assert first is not None and first.zone_declared
    assert first.value == datetime(2021, 5, 24, 16, 5, tzinfo=timezone.utc)  # 9:05 AM PDT
    assert doc.timeline[-1].when.value == datetime(2021, 6, 16, 0, 45, tzinfo=timezone.utc)  # type: ignore[union-attr]
    assert len(doc.legacy_remediation) == 3


def test_03_day_first_dates() -> None:
    doc = sample("03")
    dates = [e.when.value.date() for e in doc.timeline if e.when and e.when.value]
    assert dates[0] == date(2022, 1, 17)
    assert date(2022, 3, 7) in dates and date(2022, 4, 1) in dates  # 07/03 and 01/04, read day-first
    assert dates == sorted(dates)
    steps = doc.legacy_remediation
    assert len(steps) == 4
    assert steps[-1].when is not None and steps[-1].when.value.date() == date(2022, 5, 13)  # type: ignore[union-attr]


def test_04_irg2_timeline_date_lines() -> None:
    doc = sample("04")
    assert doc.timeline_zone is not None and doc.timeline_zone.raw == "All times are UTC."
    assert len(doc.timeline) == 10
    assert all(e.when and e.when.has_zone and e.when.zone_declared for e in doc.timeline)
    assert doc.timeline[0].when.value == datetime(2023, 6, 19, 9, 0, tzinfo=timezone.utc)  # type: ignore[union-attr]
    assert [c.raw for c in doc.action_header or []] == ["Action Item", "Kind", "Due Date"]
    assert {l.category for l in doc.lessons} == {"went_well", "didnt_go_well", "got_lucky"}
    assert all(l.action_items for l in doc.lessons if l.category != "went_well")


def test_05_appendix_csv_with_empty_cells() -> None:
    doc = sample("05")
    assert doc.appendix_header is not None and len(doc.appendix_header) == 11
    (row,) = doc.appendix_rows
    assert row.cells[0].raw == "" and row.cells[7].raw == ""
    assert len(doc.factors) == 2 and len(doc.action_items) == 5


def test_07_unparseable_values_are_kept() -> None:
    doc = sample("07")
    assert doc.field(d.F_NC_END).raw == "Q1 2026"  # type: ignore[union-attr]
    assert [a.due_date.raw for a in doc.action_items if a.due_date] == ["Q1 2026", "Q1 2026"]
    assert all(a.due is None for a in doc.action_items)
    assert doc.action_items[0].kind.raw == "Preventive"  # type: ignore[union-attr]
    no_zone = [e for e in doc.timeline if e.when and not e.when.has_zone]
    assert len(no_zone) == 2


def test_08_plain_text_tables() -> None:
    doc = sample("08")
    assert [r.bug_id for r in doc.related] == [1961207, 1968834]
    assert len(doc.action_items) == 1 and doc.action_items[0].status.raw == "Complete"  # type: ignore[union-attr]
    assert all(e.when and not e.when.has_time for e in doc.timeline)


def test_09_missing_analysis_and_bad_values() -> None:
    doc = sample("09")
    assert d.F_ANALYSIS not in doc.fields
    assert doc.field(d.F_CCADB_ID).raw == "CA-0042"  # type: ignore[union-attr]
    assert doc.field(d.F_SOURCE).raw == "Auditor"  # type: ignore[union-attr]


def test_11_missing_source() -> None:
    doc = sample("11")
    assert d.F_SOURCE not in doc.fields
    assert doc.field(d.F_RELEVANT_POLICIES).line == line_of(doc, "Relevant policies")  # type: ignore[union-attr]


def test_12_closure_sentence_replaced_and_empty_remediation() -> None:
    doc = sample("12")
    assert doc.field(d.F_CLOSURE_REMEDIATION).is_empty  # type: ignore[union-attr]
    assert doc.closing_sentence is not None
    assert doc.closing_sentence.line == line_of(doc, "We believe all necessary work")
    assert [a.status.raw for a in doc.action_items if a.status] == ["Complete", "Complete", "Canceled"]
