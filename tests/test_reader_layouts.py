"""Every form a reviewer pastes: text copied from the rendered bug page, mail-archive text, files of
several comments, legacy reports in their many numberings, IRG 2.0-era preliminary reports and
free-form reports. Fixtures in tests/fixtures/layouts/ reproduce each layout class in our own words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from incident_kit import document as d
from incident_kit.lint.engine import lint_paths
from incident_kit.lint.reporters import render_json, render_text
from incident_kit.sources.markdown import read_report, read_text

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def read(name: str, **kw: object) -> d.Document:
    return read_report(LAYOUTS / name, **kw)  # type: ignore[arg-type]


def codes(name: str, **kw: object) -> list[tuple[str, int | None]]:
    results = lint_paths([LAYOUTS / name], use_config=False, **kw)  # type: ignore[arg-type]
    return [(f.code, f.line) for r in results for f in r.visible]


def line_of(doc: d.Document, needle: str, start: int = 1) -> int:
    for i, text in enumerate(doc.lines, 1):
        if i >= start and needle in text:
            return i
    raise AssertionError(needle)


# --- rendered bug page --------------------------------------------------------------------------


def test_rendered_page_furniture_is_ignored_and_comments_become_reports() -> None:
    doc = read("rendered_two_comments.txt")
    assert [(p.kind, p.line_range) for p in doc.parts] == [("preliminary", (1, 10)), ("full", (17, 22))]
    prelim = doc.parts[0]
    # a lone "-" before each item is not a heading underline: the labels are read
    assert prelim.fields[d.F_RELEVANT_POLICIES].raw == "TLS BR v2.1.4 section 7.1.2.11.2"
    assert prelim.fields[d.F_INCIDENT_DESCRIPTION].line == 4
    # the sentence after the Source is not part of it
    assert prelim.fields[d.F_SOURCE].raw == "Self Reported"
    # the activity line and the comment furniture are not read as content
    assert not any("Whiteboard" in f.raw or "Assignee" in f.raw for p in doc.parts for f in p.fields.values())


def test_each_report_of_a_file_is_linted_with_its_own_line_range() -> None:
    results = lint_paths([LAYOUTS / "rendered_two_comments.txt"], as_of=date(2025, 6, 4), use_config=False)
    assert [(r.kind, r.lines) for r in results] == [("preliminary", (1, 10)), ("full", (17, 22))]
    prelim, full = results
    # findings keep the file's line numbers, inside their own report's range
    assert all(f.line is not None and 1 <= f.line <= 10 for f in prelim.findings)
    assert all(f.line is not None and 17 <= f.line <= 22 for f in full.findings)
    # the preliminary report is complete: nothing at error level
    assert not [f for f in prelim.visible if f.severity.value == "error"]
    text = render_text(results)
    assert "rendered_two_comments.txt: lines 17-22: full report" in text
    assert '"lines": [\n        1,\n        10\n      ]' in render_json(results)


def test_a_single_comment_with_furniture_stays_one_report() -> None:
    text = "## Preliminary Incident Report\n\n### Summary\n\n- **Incident description:** x\nUpdated\u20222 days ago\n|\n"
    doc = read_text(text)
    assert doc.parts == [] and doc.kind == d.KIND_PRELIMINARY


def test_a_run_of_activity_lines_ends_a_comment_even_without_a_comment_header() -> None:
    # rendering (a): the changes made with the first comment sit under it, and the next comment's
    # header is not in the copy; "Ever confirmed: true" and a first whiteboard have no arrow
    doc = read("rendered_activity_glued_titles.txt", as_of=date(2024, 5, 8))
    assert [(p.kind, p.line_range) for p in doc.parts] == [
        (d.KIND_IRG2_PRELIMINARY, (1, 9)),
        (d.KIND_IRG2, (16, 40)),
    ]
    assert not any("confirmed" in s.text or "ca-compliance" in s.text for p in doc.parts for s in p.sections)


def test_events_told_in_a_later_comment_are_not_after_the_reports_date() -> None:
    from incident_kit.lint.engine import lint_text

    case = Path(__file__).parent / "rules" / "IK308" / "quiet-event-told-in-a-later-comment.txt"
    text = case.read_text()
    doc = read_text(text, as_of=date(2021, 3, 1))
    assert doc.posted_later_from == 8  # the update after the activity lines was posted later
    assert not [f for f in lint_text(text, as_of=date(2021, 3, 1)).findings if f.code == "IK308"]
    # the same sentence in the first comment is still a date after the report's own date
    first = text.replace("expect to finish by 2021-04-30.", "expect to finish by 2021-04-30. On March 9, 2021 the replacement CA went live.")
    hits = [f for f in lint_text(first, as_of=date(2021, 3, 1)).findings if f.code == "IK308"]
    assert [f.line for f in hits] == [2]


def test_field_set_lines_alone_are_text_not_furniture() -> None:
    # without an arrow line beside them, "Status: ASSIGNED" and a bracketed list are the report's own
    text = "## Preliminary Incident Report\n\n### Summary\n\nStatus: ASSIGNED\nWhiteboard: [ca-compliance]\n"
    doc = read_text(text)
    assert "Status: ASSIGNED" in doc.section(d.SEC_SUMMARY).text and doc.parts == []


def test_a_section_title_glued_to_the_list_item_above_starts_its_section() -> None:
    # no blank lines: "Root Cause Analysis" right under a timeline bullet is a Markdown lazy
    # continuation of that bullet, yet it is the next section
    full = read("rendered_activity_glued_titles.txt", as_of=date(2024, 5, 8)).parts[1]
    keys = [s.key for s in full.sections]
    assert keys == [d.SEC_SUMMARY, d.SEC_IMPACT, d.SEC_TIMELINE, d.SEC_RCA, d.SEC_LESSONS, d.SEC_ACTIONS, d.SEC_APPENDIX]
    assert [e.line for e in full.timeline] == [24, 25, 27]
    assert "Root Cause" not in full.timeline[-1].text
    assert "record editor saved" in full.section(d.SEC_RCA).text
    found = codes("rendered_activity_glued_titles.txt", as_of=date(2024, 5, 8))
    assert not [c for c, _ in found if c == "IK101"]


def test_a_glued_line_that_is_not_a_title_stays_in_its_item() -> None:
    doc = read_text("### Timeline\n\n- 2024-05-06 10:05 UTC linter run flags it\nthen the team is paged\n")
    assert len(doc.timeline) == 1 and "paged" in doc.timeline[0].text


def test_the_irg2_template_example_entry_is_not_a_timeline_entry() -> None:
    text = "## Incident Report\n\n### Timeline\n\nAll times are UTC.\n\nYYYY-MM-DD:\n- HH:MM Example\n"
    doc = read_text(text, as_of=date(2024, 4, 1))
    assert doc.timeline == []
    from incident_kit.lint.engine import lint_text

    found = {f.code for f in lint_text(text, as_of=date(2024, 4, 1)).findings}
    assert "IK105" in found and "IK301" not in found  # template text, reported once as such


def test_a_preliminary_report_the_text_speaks_of_does_not_make_it_preliminary() -> None:
    body = (
        "### Summary\n\nTwo subscribers did not get a preliminary report within 24 hours of our receiving a "
        "problem report.\n\n### Impact\n\nTwo subscribers.\n\n### Timeline\n\n"
        "- 2024-03-05 21:42 UTC preliminary report posted on the bug\n\n"
    )
    assert read_text("## Incident Report\n\n" + body, as_of=date(2024, 4, 1)).kind == d.KIND_IRG2
    assert read_text("## Incident Report\n\nThis preliminary report covers the delay.\n\n" + body, as_of=date(2024, 4, 1)).kind == d.KIND_IRG2_PRELIMINARY


def test_sub_bullets_indented_with_no_break_spaces_are_sub_bullets() -> None:
    nb = "\u00a0\u00a0 "
    text = (
        "## Full Incident Report\n\n### Summary\n\n- **Timeline summary:**\n\n"
        f"{nb}- **Non-compliance start date:** 2026-02-10\n\n"
        f"{nb}- **Non-compliance identified date:** 2026-02-12\n\n"
        f"{nb}- **Non-compliance end date:** 2026-02-12\n"
    )
    doc = read_text(text)
    assert doc.field(d.F_NC_START).raw == "2026-02-10" and doc.field(d.F_NC_END).line == 11
    assert doc.field(d.F_TIMELINE_SUMMARY).raw == ""
    assert doc.lines[6].startswith("\u00a0")  # the text as written is unchanged
    # a paragraph indented that way stays a paragraph (four spaces would make it code)
    from incident_kit.sources.markdown import blocks, source

    working = source.prepare("### Summary\n\n\u00a0\u00a0\u00a0\u00a0Nine certificates were affected.\n").lines
    assert blocks.classify(working).lines[2].kind == blocks.PARA


def test_dot_bullets_and_dash_lines_in_raw_markdown_are_kept_apart() -> None:
    # a real setext underline (several dashes) is still a heading; a "•" bullet is a list item
    doc = read_text("Summary\n-------\n\n\u2022 2024-01-02 10:00 UTC first thing\n")
    assert doc.lines[3].startswith("\u2022")  # the text as written is unchanged
    assert doc.section(d.SEC_SUMMARY) is not None


# --- mail archives --------------------------------------------------------------------------------


def test_a_report_quoted_as_a_whole_is_read_without_the_quote_marks() -> None:
    doc = read("mail_quoted.txt")
    assert doc.kind == d.KIND_FREEFORM
    assert [e.line for e in doc.timeline] == [7, 8]
    assert any("quoted as a whole" in n for n in doc.notes)


def test_a_reply_quote_inside_a_report_is_still_skipped() -> None:
    text = (
        "1. How your CA first became aware of the problem\n\n> Could you say when you knew?\n\n"
        "A customer told us on 2020-01-02 at 10:00 UTC.\n\n2. A timeline of the actions your CA took\n\n"
        "2020-01-02 10:00 UTC: told\n"
    )
    doc = read_text(text)
    assert doc.kind == d.KIND_LEGACY
    assert "Could you" not in doc.section("topic1").text


# --- legacy reports by meaning --------------------------------------------------------------------


def test_every_topic_numbered_one_is_read_by_its_question() -> None:
    doc = read("legacy_every_topic_one.txt")
    assert doc.kind == d.KIND_LEGACY and not doc.kind_guessed
    assert [s.key for s in doc.sections] == ["topic1", "topic2", "topic3"]
    assert [e.line for e in doc.timeline] == [7, 8]


def test_short_labels_open_topics() -> None:
    doc = read("legacy_short_labels.md")
    assert doc.kind == d.KIND_LEGACY
    assert [s.key for s in doc.sections] == ["topic1", "topic2", "topic3", "topic6"]


def test_topic_numbering_and_merged_topics() -> None:
    doc = read("legacy_topic_numbers.md")
    assert [s.key for s in doc.sections] == ["topic1", "topic2", "topic3", "topic4"]
    assert doc.section("topic3").text == doc.section("topic4").text


def test_merged_topics_are_not_reported_missing() -> None:
    results = lint_paths([LAYOUTS / "legacy_topic_numbers.md"], as_of=date(2019, 4, 10), use_config=False)
    missing = [f.message.split(",")[0] for f in results[0].visible if f.code == "IK106"]
    assert missing == ["legacy topic 5", "legacy topic 6", "legacy topic 7"]  # 3 and 4 answered together


def test_a_repeated_question_is_not_an_answer_nor_a_step() -> None:
    doc = read("legacy_repeated_question.md")
    assert [s.key for s in doc.sections] == ["topic1", "topic7"]
    assert len(doc.legacy_remediation) == 1
    assert "List of steps" not in doc.legacy_remediation[0].raw


def test_short_labels_alone_do_not_make_a_legacy_report() -> None:
    doc = read_text("**Timeline:**\n\n- 2021-01-01 10:00 UTC: deploy\n\n**Root cause:** a typo in the profile.\n")
    assert doc.kind != d.KIND_LEGACY


def test_legacy_question_with_bold_number() -> None:
    doc = read_text("**1.** How your CA first became aware of the problems listed below, and the date.\n\nOn 2019-02-04 we found it.\n")
    assert doc.kind == d.KIND_LEGACY and doc.section("topic1") is not None


# --- generation from the date ---------------------------------------------------------------------


def test_a_2024_preliminary_report_is_an_irg2_preliminary_report() -> None:
    doc = read("irg2_preliminary.md", as_of=date(2024, 2, 22))
    assert doc.kind == d.KIND_IRG2_PRELIMINARY and doc.irg_version == "2.0"
    found = codes("irg2_preliminary.md", as_of=date(2024, 2, 22))
    assert not [c for c, _ in found if c in ("IK101", "IK102", "IK103", "IK203", "IK208")]


def test_the_same_text_posted_under_irg3_is_an_irg3_preliminary_report() -> None:
    doc = read("irg2_preliminary.md", as_of=date(2025, 6, 1))
    assert doc.kind == d.KIND_PRELIMINARY and doc.irg_version == "3.0"


def test_an_irg2_preliminary_without_full_report_date_is_told_so() -> None:
    text = (LAYOUTS / "irg2_preliminary.md").read_text().replace("The full incident report will be\nposted by 2024-03-06.", "")
    from incident_kit.lint.engine import lint_text

    result = lint_text(text, as_of=date(2024, 2, 22))
    hits = [f for f in result.findings if f.code == "IK102"]
    assert len(hits) == 1 and hits[0].severity.value == "warning" and "full report" in hits[0].message


_NOTICE = (
    "This morning a routine lint run over our issued certificates showed that 9 OV certificates carry a "
    "policy OID the BRs no longer allow. We will revoke them within five days and the list is attached "
    "to this bug.\nA full incident report will follow {when}.\n"
)


def test_an_irg2_era_notice_that_promises_the_full_report_is_a_preliminary_report() -> None:
    from incident_kit.lint.engine import lint_text

    vague = _NOTICE.format(when="in the next few days")
    doc = read_text(vague, as_of=date(2024, 7, 1))
    assert doc.kind == d.KIND_IRG2_PRELIMINARY
    hits = [f for f in lint_text(vague, as_of=date(2024, 7, 1)).findings if f.code == "IK102"]
    assert [(h.line, "by when" in h.message) for h in hits] == [(2, True)]  # a summary is there; no date
    dated = _NOTICE.format(when="by 2024-07-12")
    assert not [f for f in lint_text(dated, as_of=date(2024, 7, 1)).findings if f.code == "IK102"]
    # under IRG 3.x the same notice is no IRG 2.0 preliminary report
    assert read_text(vague, as_of=date(2025, 7, 1)).kind != d.KIND_IRG2_PRELIMINARY


def test_an_irg2_template_that_says_preliminary_but_has_a_root_cause_is_a_full_irg2_report() -> None:
    text = (
        "## Incident Report\n\nThis is a preliminary report.\n\n### Summary\n\nSeven certificates.\n\n### Impact\n\nSeven.\n\n"
        "### Timeline\n\nAll times are UTC.\n\n### Root Cause Analysis\n\nThe profile editor let an operator save a template "
        "without running the linter, and no review step compared the saved template to the approved one.\n"
    )
    assert read_text(text, as_of=date(2024, 5, 1)).kind == d.KIND_IRG2


# --- free-form reports ----------------------------------------------------------------------------


def test_a_narrative_report_is_free_form_and_checked_on_what_it_has() -> None:
    doc = read("freeform_narrative.txt")
    assert doc.kind == d.KIND_FREEFORM
    assert [e.line for e in doc.timeline] == [6, 7]
    assert [e.line for e in doc.legacy_remediation] == [9]
    found = codes("freeform_narrative.txt", as_of=date(2022, 2, 8))
    assert ("IK008", None) in found
    assert "IK002" not in {c for c, _ in found}
    assert not [c for c, _ in found if c.startswith(("IK1", "IK2"))]


def test_a_free_form_notice_gets_timeline_findings() -> None:
    text = (
        "This is a preliminary report. On 2023-03-02 we found that 4 certificates were issued with a wrong "
        "organizationName, which violates BR 7.1.4.2. We revoked them and will provide a full report.\n\n"
        "2023-03-02 09:10: certificates found\n2023-03-02 14:00: revoked\n"
    )
    from incident_kit.lint.engine import lint_text

    result = lint_text(text, as_of=date(2023, 3, 3))
    assert result.kind == d.KIND_FREEFORM
    assert {f.code for f in result.findings} >= {"IK008", "IK303"}


def test_a_message_that_is_not_a_report_stays_not_a_report() -> None:
    assert read("freeform_not_report.txt").kind == d.KIND_UNKNOWN


def test_free_form_notice_names_the_template_of_its_date() -> None:
    from incident_kit.lint.engine import lint_text

    # without its promise of a full report (with it, an IRG 2.0-era text is a preliminary report)
    text = (LAYOUTS / "freeform_narrative.txt").read_text().replace(" We will post a full incident report.", "")
    for when, words in ((date(2019, 1, 5), "7-topic"), (date(2024, 1, 5), "IRG 2.0"), (date(2025, 6, 1), "IRG 3.x")):
        hit = next(f for f in lint_text(text, as_of=when).findings if f.code == "IK008")
        assert words in (hit.suggestion or "")


# --- field values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("### Relevant policies\nTLS BR v2.1.2 section 7.1.2.7.6\n", "TLS BR v2.1.2 section 7.1.2.7.6"),
        ("- **Relevant policies:**\n  - TLS BR v2.1.2 §7.1.2.7.6\n  - MRSP 3.0 §5.2\n", "- TLS BR v2.1.2 §7.1.2.7.6\n- MRSP 3.0 §5.2"),
        ("**Relevant policies:**\n\n- TLS BR v2.1.2 §7.1.2.7.6\n- MRSP 3.0 §5.2\n", "- TLS BR v2.1.2 §7.1.2.7.6\n- MRSP 3.0 §5.2"),
        ("Relevant policies\nTLS BR v2.1.2 §7.1.2.7.6\n", "TLS BR v2.1.2 §7.1.2.7.6"),
    ],
)
def test_a_value_below_its_label_is_read(text: str, expected: str) -> None:
    doc = read_text("## Preliminary Incident Report\n\n## Summary\n\n" + text + "\n**Source of incident disclosure:** Audit\n")
    assert doc.fields[d.F_RELEVANT_POLICIES].raw == expected
    assert doc.fields[d.F_SOURCE].raw == "Audit"


def test_source_keeps_its_sub_bullets_but_not_the_next_line() -> None:
    doc = read_text(
        "## Preliminary Incident Report\n## Summary\n- Source of incident disclosure: Third Party Reported\n"
        "  - a researcher's problem report\n\nThe full report follows by 2025-05-01.\n"
    )
    assert doc.fields[d.F_SOURCE].raw == "Third Party Reported\n- a researcher's problem report"


def test_quoted_requirement_text_is_not_more_citations() -> None:
    from incident_kit.rules.ik2_summary._common import policy_gaps

    cited = 'TLS BR v2.1.4 section 4.9.9: "An authoritative OCSP response MUST be available, as the CP and RFC 6960 say"'
    assert policy_gaps(cited) == []
    assert policy_gaps(cited + "\nThe responder MUST NOT answer unknown under the Certificate Policy.") == []
    # an uncited document is still questioned
    assert policy_gaps("Baseline Requirements") != []
