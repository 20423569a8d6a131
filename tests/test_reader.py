"""The posted-report reader: every generation, the real-world variations, positions of values."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from incident_kit import document as d
from incident_kit.sources.markdown import read_report, read_text

POSTED = Path(__file__).parent / "fixtures" / "posted"


def fixture(name: str, **kw: object) -> d.Document:
    return read_report(POSTED / name, **kw)  # type: ignore[arg-type]


def line_of(doc: d.Document, needle: str) -> int:
    """1-based number of the first line containing ``needle`` (so tests do not hard-code numbers)."""
    for i, text in enumerate(doc.lines, 1):
        if needle in text:
            return i
    raise AssertionError(f"{needle!r} not in {doc.path}")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


# --- kinds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, kind, origin",
    [
        ("full_markdown.md", d.KIND_FULL, "markdown"),
        ("full_plaintext.txt", d.KIND_FULL, "text"),
        ("preliminary.md", d.KIND_PRELIMINARY, "markdown"),
        ("closure.md", d.KIND_CLOSURE, "markdown"),
        ("irg2.md", d.KIND_IRG2, "markdown"),
        ("irg2_audit.md", d.KIND_IRG2_AUDIT, "markdown"),
        ("legacy_bold.md", d.KIND_LEGACY, "markdown"),
        ("legacy_plain.txt", d.KIND_LEGACY, "text"),
        ("not_report.md", d.KIND_UNKNOWN, "markdown"),
    ],
)
def test_kind_and_origin(name: str, kind: str, origin: str) -> None:
    doc = fixture(name)
    assert doc.kind == kind, doc.kind_reason
    assert doc.origin == origin
    assert doc.kind_reason


@pytest.mark.parametrize("text", ["", "\n\n", "Just a paragraph about the weather.\n", "# Notes\n\n- a\n- b\n"])
def test_text_that_is_not_a_report_is_unknown(text: str) -> None:
    doc = read_text(text)
    assert doc.kind == d.KIND_UNKNOWN
    assert doc.irg_version is None


def test_irg3_version_follows_the_posting_date() -> None:
    text = (POSTED / "preliminary.md").read_text()
    assert read_text(text).irg_version == "3.x"
    assert read_text(text, as_of=date(2025, 3, 1)).irg_version == "3.0"
    assert read_text(text, as_of=date(2025, 7, 15)).irg_version == "3.1"
    assert read_text(text, as_of=date(2026, 3, 19)).irg_version == "3.1"
    assert read_text(text, as_of=date(2026, 3, 20)).irg_version == "3.2"


def test_structured_report_before_irg2_is_not_irg2() -> None:
    text = (POSTED / "irg2.md").read_text()
    assert read_text(text, as_of=date(2024, 1, 1)).kind == d.KIND_IRG2
    early = read_text(text, as_of=date(2023, 6, 1))
    assert early.kind == d.KIND_LEGACY
    assert early.kind_guessed and "2023-10-17" in early.kind_reason


def test_missing_title_makes_the_kind_a_guess() -> None:
    text = (POSTED / "full_markdown.md").read_text().replace("## Full Incident Report\n", "")
    doc = read_text(text)
    assert doc.kind == d.KIND_FULL
    assert doc.kind_guessed
    assert "title" in doc.kind_reason


def test_sections_without_title_or_labels_depend_on_the_date() -> None:
    text = "### Summary\n\nx\n\n### Impact\n\ny\n\n### Timeline\n\n- 2024-01-01 10:00 UTC z\n"
    assert read_text(text).kind == d.KIND_IRG2
    assert read_text(text, as_of=date(2025, 6, 1)).kind == d.KIND_FULL
    assert read_text(text, as_of=date(2025, 6, 1)).kind_guessed


def test_kind_argument_forces_the_kind() -> None:
    doc = read_text((POSTED / "irg2.md").read_text(), kind=d.KIND_FULL)
    assert doc.kind == d.KIND_FULL and not doc.kind_guessed
    with pytest.raises(ValueError):
        read_text("x", kind="memo")


def test_legacy_version_from_date() -> None:
    text = (POSTED / "legacy_bold.md").read_text()
    assert read_text(text).irg_version == "legacy"
    assert read_text(text, as_of=date(2023, 5, 1)).irg_version == "1.0"


# --- IRG 3.x Full, Markdown -------------------------------------------------------------------


@pytest.fixture(scope="module")
def full() -> d.Document:
    return fixture("full_markdown.md")


def test_sections_in_order_at_their_headings(full: d.Document) -> None:
    keys = [s.key for s in full.sections]
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
    for s in full.sections:
        assert full.lines[s.line - 1].lstrip("# ") == s.title
        assert s.level == 3
        assert s.end_line >= s.line
    assert full.title is not None and full.title.line == line_of(full, "## Full Incident Report")


def test_fields_with_colon_inside_or_outside_the_bold(full: d.Document) -> None:
    ccadb = full.field(d.F_CCADB_ID)
    assert ccadb is not None and ccadb.raw == "A000999"
    assert ccadb.line == line_of(full, "CCADB unique ID")
    assert full.lines[ccadb.line - 1][ccadb.column - 1 :].startswith("A000999")
    assert full.field(d.F_SOURCE).raw == "Self Reported"  # type: ignore[union-attr]
    assert full.field(d.F_ISSUANCE_STOPPED).raw.startswith("Yes, OV issuance")  # type: ignore[union-attr]
    assert full.field(d.F_ANALYSIS).is_na  # type: ignore[union-attr]
    assert full.field(d.F_NC_END).raw == "2025-09-10 12:00 UTC"  # type: ignore[union-attr]


def test_value_continues_on_the_next_line_of_its_item(full: d.Document) -> None:
    desc = full.field(d.F_INCIDENT_DESCRIPTION)
    assert desc is not None
    assert desc.raw.endswith("into 12 certificates.")
    assert "\n" in desc.raw


def test_timeline_uses_the_zone_declared_once(full: d.Document) -> None:
    assert full.timeline_zone is not None and full.timeline_zone.line == line_of(full, "All times are UTC.")
    whens = [e.when.value for e in full.timeline if e.when]
    assert whens == [utc(2025, 8, 28, 16, 20), utc(2025, 9, 1, 8, 0), utc(2025, 9, 10, 9, 30), utc(2025, 9, 10, 12, 0)]
    first = full.timeline[0]
    assert first.when is not None and first.when.zone_declared and first.when.has_zone
    assert first.text == "Record cache change deployed (the cause)."
    assert full.timeline[1].text == "First affected certificate issued."  # em dash separator
    continued = full.timeline[2]
    assert "registry extract" in continued.text  # continuation line belongs to the entry
    assert [e.line for e in full.timeline][0] == line_of(full, "2025-08-28 16:20")


def test_contributing_factors(full: d.Document) -> None:
    assert [f.number for f in full.factors] == [1, 2]
    assert full.factors[1].title == "No pre-issuance comparison with the registry"
    for f in full.factors:
        assert set(f.fields) == set(d.FACTOR_FIELDS)
    assert full.factors[1].fields["methodology"].raw == "Fishbone"
    assert "Cache kept stale records" in full.factors[0].text


def test_lessons_with_action_item_references(full: d.Document) -> None:
    by_cat = {(l.category, tuple(l.action_items)) for l in full.lessons}
    assert ("didnt_go_well", (1,)) in by_cat  # "(Action Item 1)"
    assert ("didnt_go_well", (2, 3)) in by_cat  # "→ AI #2, #3"
    assert ("got_lucky", (2, 3)) in by_cat  # inline answer, "see action items 2 and 3"
    assert [l.category for l in full.lessons].count("went_well") == 1
    assert not any(l.category == "additional" for l in full.lessons)  # N/A gives no entry
    assert full.fields["lessons_additional"].is_na
    # curly apostrophe and question mark on the label
    assert full.fields["lessons_didnt_go_well"].line == line_of(full, "What didn’t go well?")


def test_action_items_keep_raw_cells(full: d.Document) -> None:
    assert full.action_header is not None
    assert [c.raw for c in full.action_header][:2] == ["Action Item", "Kind"]
    assert full.action_header_line == line_of(full, "| Action Item | Kind |")
    first, second, third = full.action_items
    assert first.root_cause_ids == [1] and first.due == date(2025, 9, 20)
    assert second.kind is not None and second.kind.raw == "Correct"  # not a valid Kind, still loaded
    assert second.due_date is not None and second.due_date.raw == "ASAP" and second.due is None
    assert second.root_cause_ids == [2, 1]
    assert "| block on mismatch" in second.description.raw  # escaped pipe stays in the cell
    assert third.root_cause_ids == [2]
    assert second.line == line_of(full, "Compare subject fields")
    assert full.lines[second.kind.line - 1][second.kind.column - 1 :].startswith("Correct")


def test_related_incidents(full: d.Document) -> None:
    assert [(r.bug_id, r.date.raw if r.date else None) for r in full.related] == [
        (1800001, "2024-11-02"),
        (1800002, "2025-01-15"),
    ]
    assert full.related[0].url == "https://bugzilla.mozilla.org/show_bug.cgi?id=1800001"
    assert full.related[1].url is None


def test_appendix_csv_and_suppression(full: d.Document) -> None:
    assert full.appendix_header is not None and full.appendix_header[0].raw == "Precertificate SHA-256 hash"
    assert len(full.appendix_rows) == 1
    row = full.appendix_rows[0]
    assert row.cells[2].raw == "CN=a.example, O=Example"
    assert row.line == line_of(full, ",aa,")
    (sup,) = full.suppressions
    assert sup.codes == ["IK801"] and sup.reason == "the CSV is attached to the bug"
    assert sup.line == line_of(full, "incident-kit: ignore")
    assert sup.first_line == line_of(full, "```csv")
    assert sup.last_line == sup.first_line + 3


def test_reply_quotes_and_comments_are_not_report_text(full: d.Document) -> None:
    assert any("quoted reply" in n for n in full.notes)
    assert all("Please post the full report" not in s.text for s in full.sections)
    assert "case:" not in "".join(s.text for s in full.sections)


# --- plain text copied from a rendered page ---------------------------------------------------


def test_plain_text_report() -> None:
    doc = fixture("full_plaintext.txt")
    assert doc.section(d.SEC_TIMELINE).title == "Timeline (all times UTC)"  # type: ignore[union-attr]
    assert doc.timeline_zone is not None and doc.timeline_zone.line == line_of(doc, "Timeline (all times UTC)")
    assert [e.when.value for e in doc.timeline if e.when] == [
        utc(2025, 5, 3, 9, 0),
        utc(2025, 5, 10, 9, 0),
        utc(2025, 5, 14, 15, 30),
    ]
    assert doc.field(d.F_REMAINING_VALID).raw == "N/A"  # type: ignore[union-attr]
    assert doc.field(d.F_NC_START).line == line_of(doc, "Non-compliance start date")  # type: ignore[union-attr]
    # "Timeline:" inside the factor is a factor field, not the Timeline section
    assert [s.key for s in doc.sections].count(d.SEC_TIMELINE) == 1
    assert doc.factors[0].fields["timeline"].raw == "Since 2023."
    assert doc.related[0].bug_id == 1900001
    assert doc.action_items[0].due == date(2025, 6, 30)
    assert doc.action_items[0].root_cause_ids == [1]
    assert doc.lessons[0].action_items == [1]


def test_crlf_bom_and_tabs_read_the_same() -> None:
    text = (POSTED / "full_markdown.md").read_text()
    plain = read_text(text)
    crlf = read_text("\ufeff" + text.replace("\n", "\r\n"))
    assert [(s.key, s.line, s.end_line) for s in crlf.sections] == [(s.key, s.line, s.end_line) for s in plain.sections]
    assert {k: (v.raw, v.line, v.column) for k, v in crlf.fields.items()} == {
        k: (v.raw, v.line, v.column) for k, v in plain.fields.items()
    }
    assert crlf.text == plain.text
    assert len(crlf.lines) == len(text.splitlines())


def test_odd_unicode_line_breaks_do_not_shift_line_numbers() -> None:
    doc = read_text("## Preliminary Incident Report\n\n### Summary\n- **Incident description:** a\u2028b\n")
    assert doc.field(d.F_INCIDENT_DESCRIPTION).line == 4  # type: ignore[union-attr]
    assert len(doc.lines) == 4


# --- other generations ------------------------------------------------------------------------


def test_preliminary() -> None:
    doc = fixture("preliminary.md")
    assert set(doc.fields) == {d.F_INCIDENT_DESCRIPTION, d.F_RELEVANT_POLICIES, d.F_SOURCE}
    assert doc.field(d.F_SOURCE).raw == "Third Party Reported"  # type: ignore[union-attr]


def test_closure_fields_and_sentence() -> None:
    doc = fixture("closure.md")
    assert doc.title is not None and doc.title.raw == "Report Closure Summary"
    assert doc.field(d.F_CLOSURE_ROOT_CAUSES).raw.startswith("Two configuration")  # type: ignore[union-attr]
    assert doc.field(d.F_CLOSURE_COMMITMENTS).is_na  # type: ignore[union-attr]
    assert doc.closing_sentence is not None
    assert doc.closing_sentence.raw.startswith("All Action Items disclosed")
    assert doc.closing_sentence.line == line_of(doc, "All Action Items disclosed")


def test_closure_with_other_wording_keeps_that_wording() -> None:
    text = (POSTED / "closure.md").read_text().replace(
        "All Action Items disclosed in this report have been completed as described, and we request its closure.",
        "We think the work is done.",
    )
    doc = read_text(text)
    assert doc.closing_sentence is not None and doc.closing_sentence.raw == "We think the work is done."


def test_closure_with_empty_field() -> None:
    text = (POSTED / "closure.md").read_text().replace(
        "One release now carries both files, and a probe checks every URL.", ""
    )
    doc = read_text(text)
    value = doc.field(d.F_CLOSURE_REMEDIATION)
    assert value is not None and value.is_empty
    assert doc.field(d.F_CLOSURE_COMMITMENTS).is_na  # type: ignore[union-attr]


def test_irg2_date_lines_and_lessons_headings() -> None:
    doc = fixture("irg2.md")
    assert [e.when.value for e in doc.timeline if e.when] == [
        utc(2024, 3, 4, 22, 10),
        utc(2024, 3, 4, 23, 45),
        utc(2024, 3, 5, 4, 10),
    ]
    assert all(e.when and e.when.zone_declared for e in doc.timeline)
    assert doc.timeline[0].text == "Replication job stalls."
    assert [(l.category, l.action_items) for l in doc.lessons if not d.Located(l.text).is_na] == [
        ("went_well", [2]),
        ("didnt_go_well", [1, 2]),
    ]
    assert [c.raw for c in doc.action_header or []] == ["Action Item", "Kind", "Due Date"]
    assert [a.due for a in doc.action_items] == [date(2024, 3, 31), date(2024, 4, 15)]
    assert doc.action_items[0].status is None


def test_irg2_audit_findings() -> None:
    doc = fixture("irg2_audit.md")
    keys = [s.key for s in doc.sections]
    assert keys == [
        "finding1",
        "finding1.root_cause_analysis",
        "finding1.action_items",
        "finding2",
        "finding2.root_cause_analysis",
        "finding2.action_items",
    ]
    assert len(doc.action_items) == 2
    assert doc.action_items[1].line == line_of(doc, "Fix the export")


def test_legacy_bold_titles_zone_in_heading() -> None:
    doc = fixture("legacy_bold.md")
    assert [s.key for s in doc.sections] == [f"topic{n}" for n in range(1, 8)]
    assert doc.timeline_zone is not None and "Pacific Standard Time" in doc.timeline_zone.raw
    # PST is UTC-8: 4:00 PM on March 1 is midnight UTC on March 2.
    assert doc.timeline[0].when is not None and doc.timeline[0].when.value == utc(2021, 3, 2, 0, 0)
    steps = doc.legacy_remediation
    assert [s.when.value.date() if s.when and s.when.value else None for s in steps] == [
        date(2021, 3, 5),
        date(2021, 3, 20),
    ]


def test_legacy_plain_question_repeated_and_day_first() -> None:
    doc = fixture("legacy_plain.txt")
    topic1 = doc.section("topic1")
    assert topic1 is not None
    assert "(for example a problem report" not in topic1.text
    assert "Our monitoring paged us" in topic1.text
    assert [e.when.value for e in doc.timeline if e.when] == [
        utc(2022, 2, 14, 1, 55),
        utc(2022, 2, 14, 2, 10),
        utc(2022, 2, 15, 8, 0),
    ]
    (step,) = doc.legacy_remediation
    assert step.when is not None and step.when.value is not None and step.when.value.date() == date(2022, 2, 20)


@pytest.mark.parametrize(
    "heading",
    ["1. How your CA first became aware of the problem", "1) How we became aware", "Question 1: How did you find out"],
)
def test_legacy_numbering_styles(heading: str) -> None:
    body = "\n\n".join(
        [
            heading,
            "A report arrived.",
            "2) Timeline",
            "- 2020-01-02 10:00 UTC: report received",
            "3) Whether issuance was stopped",
            "No.",
            "6) Root cause",
            "A typo.",
        ]
    )
    doc = read_text(body)
    assert doc.kind == d.KIND_LEGACY
    assert [s.key for s in doc.sections] == ["topic1", "topic2", "topic3", "topic6"]
    assert doc.timeline[0].when is not None and doc.timeline[0].when.value == utc(2020, 1, 2, 10, 0)


def test_numbered_steps_inside_an_answer_are_not_topics() -> None:
    text = "\n\n".join(
        [
            "**1. How your CA first became aware of the problem**",
            "A report.",
            "**2. Timeline**",
            "- 2020-01-02 10:00 UTC: report received",
            "**7. Steps to resolve**",
            "1. Fix the resolver\n2. Add a timeline check to monitoring\n3. Stop issuing on failure",
        ]
    )
    doc = read_text(text)
    assert [s.key for s in doc.sections] == ["topic1", "topic2", "topic7"]
    assert len(doc.legacy_remediation) == 3


# --- suppressions and comments ----------------------------------------------------------------


def test_suppression_without_reason_covers_the_next_table() -> None:
    text = "## Full Incident Report\n\n### Action Items\n\n<!-- incident-kit: ignore IK601,IK602 -->\n| Action Item | Kind |\n|---|---|\n| A | Prevent |\n| B | Detect |\n\nAfter.\n"
    doc = read_text(text)
    (sup,) = doc.suppressions
    assert sup.codes == ["IK601", "IK602"] and sup.reason == ""
    assert (sup.line, sup.first_line, sup.last_line) == (5, 6, 9)


def test_suppression_before_a_list_covers_the_list() -> None:
    text = "### Timeline\n\n<!-- incident-kit: ignore IK301 -- times approximate -->\n\n- a\n- b\n\nNext paragraph.\n"
    (sup,) = read_text(text).suppressions
    assert (sup.first_line, sup.last_line) == (5, 6)
    assert sup.reason == "times approximate"


def test_comment_lines_do_not_become_values() -> None:
    text = "## Preliminary Incident Report\n\n### Summary\n<!-- draft note: fill this in -->\n- **Incident description:** real text <!-- hidden -->\n"
    doc = read_text(text)
    assert doc.field(d.F_INCIDENT_DESCRIPTION).raw == "real text"  # type: ignore[union-attr]
    assert doc.suppressions == []


def test_unclosed_comment_is_read_as_text_with_a_note() -> None:
    doc = read_text("### Summary\n\n<!-- oops\n\nText\n")
    assert any("never closed" in n for n in doc.notes)
    assert "Text" in doc.sections[0].text


def test_comments_in_code_blocks_are_kept() -> None:
    doc = read_text("### Appendix\n\n```\n<!-- not a comment -->\n```\n")
    assert "<!-- not a comment -->" in doc.sections[0].text


# --- precision: things that must not be misread ----------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Analysis: we looked at the logs and found nothing unusual.",  # prose in the RCA, not the Impact field
        "Source: internal monitoring",
    ],
)
def test_label_like_prose_outside_its_section_is_not_a_field(line: str) -> None:
    text = f"## Full Incident Report\n\n### Impact\n\n- **Analysis:** N/A\n\n### Root Cause Analysis\n\n{line}\n"
    doc = read_text(text)
    assert doc.field(d.F_ANALYSIS).raw == "N/A"  # type: ignore[union-attr]
    assert d.F_SOURCE not in doc.fields


def test_timeline_prose_lines_are_not_entries() -> None:
    text = "### Timeline\n\nThe events below are in UTC.\n\n- 2024-01-02 10:00 – started\n\nWe will update this list.\n"
    doc = read_text(text)
    assert [e.text for e in doc.timeline] == ["started"]


def test_timeline_item_without_timestamp_is_an_entry_without_when() -> None:
    doc = read_text("### Timeline\n\n- 2024-01-02 10:00 UTC – started\n- Later that week – fixed\n")
    assert [e.when is None for e in doc.timeline] == [False, True]


def test_timeline_table_rows() -> None:
    text = "### Timeline\n\n| Date | Time (UTC) | Event |\n|---|---|---|\n| 2024-01-02 | 10:00 UTC | started |\n| 2024-01-03 | 11:30 UTC | ended |\n"
    doc = read_text(text)
    assert [(e.when.value if e.when else None, e.text) for e in doc.timeline] == [
        (utc(2024, 1, 2, 10, 0), "started"),
        (utc(2024, 1, 3, 11, 30), "ended"),
    ]


def test_requirement_sentence_is_not_a_zone_declaration() -> None:
    doc = read_text("### Timeline\n\nAll times MUST be in UTC per the guidelines.\n\n- 2024-01-02 10:00 – started\n")
    assert doc.timeline_zone is None
    assert doc.timeline[0].when is not None and not doc.timeline[0].when.has_zone


def test_plain_line_reading_like_a_title_is_text_in_a_markdown_report() -> None:
    text = "## Full Incident Report\n\n### Appendix\n\nImpact\n\nMore text.\n"
    doc = read_text(text)
    assert [s.key for s in doc.sections] == [d.SEC_APPENDIX]
    assert "Impact" in doc.sections[0].text


def test_colon_starting_a_value_belongs_to_the_value() -> None:
    doc = read_text("## Preliminary Incident Report\n\n### Summary\n- **Relevant policies:** :see below\n")
    assert doc.field(d.F_RELEVANT_POLICIES).raw == ":see below"  # type: ignore[union-attr]
