"""Legacy 7-topic reports read by meaning (issue 15, item 4): topics inline in one run-on
paragraph, answers written on the question's own line, numbered answers without the questions, and
a repeated question that is not an answer. Fixtures in tests/fixtures/layouts/ are our own words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from incident_kit import document as d
from incident_kit.lint.engine import lint_paths, lint_text
from incident_kit.sources.markdown import read_report, read_text

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def findings(name: str, as_of: date) -> list[tuple[str, int | None, str]]:
    results = lint_paths([LAYOUTS / name], use_config=False, as_of=as_of)
    return [(f.code, f.line, f.message) for r in results for f in r.visible]


def test_run_on_paragraph_is_split_into_its_topics() -> None:
    doc = read_report(LAYOUTS / "legacy_run_on_paragraph.txt")
    assert doc.kind == d.KIND_LEGACY
    topics = {s.key: s for s in doc.sections}
    assert set(topics) == {"topic1", "topic2", "topic3", "topic4"}
    assert all(s.line == 1 and s.inline for s in topics.values())
    assert topics["topic1"].text.startswith("A partner CA mentioned")
    assert "How your CA" not in topics["topic1"].text and "A timeline" not in topics["topic1"].text
    assert topics["topic3"].text.startswith("We stopped issuing certificates")
    # the numbered timeline run into the paragraph gives one entry per number, at its column
    assert [e.when.value.date() for e in doc.timeline] == [date(2019, 5, 14), date(2019, 5, 15), date(2019, 5, 16)]
    line = doc.lines[0]
    starts = [line[e.column - 1 :].lstrip("0123456789. ")[:6] for e in doc.timeline]
    assert starts == ["May 14", "May 15", "May 16"]


def test_run_on_paragraph_lints_what_it_says() -> None:
    found = findings("legacy_run_on_paragraph.txt", date(2019, 5, 20))
    codes = {c for c, _, _ in found}
    assert "IK206" not in codes  # topic 3 says issuance stopped
    assert "IK002" not in codes
    assert [m for c, _, m in found if c == "IK106"] and all("topic 5" in m or "topic 6" in m or "topic 7" in m
                                                         for c, _, m in found if c == "IK106")
    assert any(c == "IK302" for c, _, _ in found)  # the entries are dates without a time


def test_answer_on_the_question_line_is_read() -> None:
    doc = read_report(LAYOUTS / "legacy_answer_on_question_line.md")
    topic1, topic3 = doc.section("topic1"), doc.section("topic3")
    assert topic1.inline and topic1.text.startswith("A researcher e-mailed")
    assert topic3.inline and topic3.text.startswith("We stopped issuance")
    assert topic3.text_line(0) == topic3.line
    found = findings("legacy_answer_on_question_line.md", date(2020, 6, 10))
    codes = {c for c, _, _ in found}
    assert "IK206" not in codes and "IK311" not in codes  # stopped, and aware with date and time


def test_question_then_answer_below_is_not_inline() -> None:
    text = "1. How your CA first became aware of the problem, and the time and date.\n\nA customer told us on 2020-01-02.\n"
    sec = read_text(text).section("topic1")
    assert not sec.inline and sec.text_line(sec.text.split("\n").index("A customer told us on 2020-01-02.")) == 3


def test_numbered_answers_without_questions_are_the_topics() -> None:
    doc = read_report(LAYOUTS / "legacy_answers_without_questions.md")
    assert doc.kind == d.KIND_LEGACY
    assert [s.key for s in doc.sections] == [f"topic{n}" for n in range(1, 8)]
    assert doc.section("topic3").text.startswith("Issuance was not affected")
    assert len(doc.timeline) == 3 and all(e.when.has_time for e in doc.timeline)
    assert [s.line for s in doc.legacy_remediation] == [line_of(doc, "7. We will move")]
    codes = {c for c, _, _ in findings("legacy_answers_without_questions.md", date(2022, 11, 14))}
    assert not codes & {"IK002", "IK106", "IK301", "IK302", "IK311"}


def line_of(doc: d.Document, needle: str) -> int:
    return next(i for i, t in enumerate(doc.lines, 1) if needle in t)


def test_a_numbered_list_of_steps_is_not_read_as_topics() -> None:
    text = "\n\n".join(
        f"{n}. We will {verb} the profile checks by 2025-0{n}-10." for n, verb in enumerate(
            ["extend", "review", "retest", "document", "audit", "deploy", "monitor"], 1)
    )
    doc = read_text("## Action plan\n\n" + text + "\n")
    assert doc.kind != d.KIND_LEGACY
    assert not any(s.key.startswith("topic") for s in doc.sections)


def test_repeated_question_is_not_an_answer() -> None:
    text = (
        "1. How your CA first became aware of the problem, and the time and date.\n\n"
        "A researcher wrote to us on 2021-03-02 at 08:15 UTC.\n\n"
        "2. A timeline of the actions your CA took in response.\n\n"
        "- 2021-03-02 08:15 UTC – Report received.\n\n"
        "3. Whether your CA has stopped, or has not yet stopped, issuing certificates with the problem.\n\n"
        "Whether your CA has stopped, or has not yet stopped, issuing certificates with the problem.\n\n"
        "4. In a case involving certificates, a summary of the problematic certificates.\n\n"
        "2 certificates.\n"
    )
    result = lint_text(text, "repeated.md", as_of=date(2021, 3, 10))
    assert any(f.code == "IK206" and f.line == 9 for f in result.visible)  # topic 3: no answer, only its question
    assert not read_text(text).section("topic3").text.strip()


def test_topic_two_titled_by_its_events() -> None:
    text = (
        "1) How your CA first became aware of the problem, and the time and date.\n\n"
        "A customer wrote to us on 2020-04-02 at 10:00 UTC.\n\n"
        "2) Events and tickets of the incident:\n\n"
        "Apr 2 2020: Ticket opened for the customer's request\n"
        "Apr 3 2020: Certificate revoked\n\n"
        "3) Whether your CA has stopped, or has not yet stopped, issuing certificates with the problem.\n\n"
        "We stopped issuance on 2020-04-02.\n"
    )
    doc = read_text(text)
    assert doc.section("topic2") is not None
    assert [e.when.value.date() for e in doc.timeline] == [date(2020, 4, 2), date(2020, 4, 3)]


def test_question_wording_that_runs_on_is_not_taken_for_the_answer() -> None:
    from incident_kit.sources.markdown.outline import question_end

    q7 = ("7. List of steps your CA is taking to resolve the situation and ensure such issuance will not be "
          "repeated in the future, accompanied with a timeline of when your CA expects to accomplish these "
          "things. We will add a second review by 2019-10-01.")
    assert q7[question_end(7, q7, 3):] == "We will add a second review by 2019-10-01."
    q1 = "1. How your CA first became aware of the problem, and the time and date. we got a mail on 2019-09-01."
    assert q1[question_end(1, q1, 3):] == "we got a mail on 2019-09-01."


def test_a_question_quoted_in_prose_opens_no_topic() -> None:
    text = (
        "## Full Incident Report\n\n### Summary\n\n"
        "Our old process asked for a timeline of the actions your CA took in response, which we now keep in the ticket.\n"
    )
    doc = read_text(text)
    assert not any(s.key.startswith("topic") for s in doc.sections)
