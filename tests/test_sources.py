"""The one front door for input (incident_kit.sources.read) and its one bytes -> text reader."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from incident_kit.errors import DraftError, InputError
from incident_kit.sources import is_draft, read, read_text

DRAFT = "kind: preliminary\nirg_version: '3.2'\n"
REPORT = "## Preliminary Incident Report\n\n### Summary\n\n- **Incident description:** We issued a thing.\n"


def test_a_draft_and_a_report_are_told_apart_by_suffix_then_by_their_first_line() -> None:
    assert is_draft("a.yaml", REPORT) and is_draft("a.YML", "")
    assert not is_draft("a.md", DRAFT) and not is_draft("a.txt", DRAFT)
    assert is_draft("<stdin>", "# a comment\n---\n" + DRAFT)
    assert not is_draft("<stdin>", REPORT) and not is_draft("notes", "kinds: of things\n")


def test_read_takes_a_path_or_bytes_and_gives_the_same_document(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    from_path = read(path)
    from_bytes = read(("\ufeff" + REPORT).encode("utf-8"), name=str(path))
    assert from_path.kind == from_bytes.kind == "preliminary"
    assert from_path.path == from_bytes.path == str(path)
    assert [s.key for s in from_path.sections] == [s.key for s in from_bytes.sections]


def test_a_draft_goes_to_the_yaml_reader_with_its_line_numbers(tmp_path: Path) -> None:
    with pytest.raises(DraftError) as err:
        read(DRAFT.encode(), name="<stdin>")
    assert all(p.startswith("<stdin>:") for p in err.value.problems)
    with pytest.raises(InputError, match="looks like a posted report"):
        read_text(REPORT, "x.md", draft=True)  # forced: a report is not a draft, and says what to do


def test_one_set_of_messages_for_drafts_and_reports(tmp_path: Path) -> None:
    for name in ("bad.md", "bad.yaml"):
        bad = tmp_path / name
        bad.write_bytes(b"kind: full\nbug: caf\xe9\n")
        with pytest.raises(InputError) as err:
            read(bad)
        assert str(err.value) == f"{bad}:2:9: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"
    with pytest.raises(InputError) as err:
        read(tmp_path)
    assert str(err.value) == f"{tmp_path}: is a directory, not a file"
    with pytest.raises(InputError) as err:
        read(tmp_path / "missing.yaml")
    assert str(err.value) == f"{tmp_path / 'missing.yaml'}: no such file"
    with pytest.raises(InputError) as err:
        read(b"## Summary\n\x00\x01", name="blob.md")
    assert str(err.value) == "blob.md:2:1: looks like a binary file (it contains NUL bytes), not text"


def test_standard_input_is_named_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"kind: full\nbug: caf\xe9\n")))
    with pytest.raises(InputError) as err:
        read("-")
    assert str(err.value).startswith("<stdin>:2:9: the file is not UTF-8 text")


def test_both_readers_resolve_a_lessons_action_item_references() -> None:
    """Lesson -> action item references are the readers' job: a rule reads LessonEntry.action_items."""
    from incident_kit.sources.markdown import read_text as read_markdown

    posted = (
        "## Full Incident Report\n\n### Lessons Learned\n\n- **What went well:**\n"
        "  - Our monitoring caught the change within an hour (Action Items 2 and 4).\n"
        "- **What didn't go well:**\n  - The review missed the new field; see action items 1-3.\n"
    )
    doc = read_markdown(posted, "r.md", kind="full")
    assert {lesson.category: lesson.action_items for lesson in doc.lessons} == {"went_well": [2, 4], "didnt_go_well": [1, 2, 3]}
    from incident_kit.sources.yaml.to_document import document_from
    from incident_kit.sources.yaml import load

    draft = load(str(Path(__file__).resolve().parent.parent / "examples" / "profile-misissuance-full.yaml"))
    listed = {(lesson.category, lesson.text): lesson.action_items for lesson in document_from(draft).lessons}
    for category in ("went_well", "didnt_go_well", "got_lucky"):
        for item in getattr(draft.model.lessons_learned, category):
            assert listed[(category, item.text)] == (list(item.action_items) or listed[(category, item.text)])


def test_an_audit_draft_and_its_rendered_report_have_the_same_finding_sections() -> None:
    """The YAML reader titles each finding as the template does (irg's finding_title), so a draft and
    the report rendered from it read alike: same keys, same titles."""
    from incident_kit.drafting.render import render
    from incident_kit.irg.templates import finding_title
    from incident_kit.sources.markdown import read_text as read_markdown
    from incident_kit.sources.yaml import load
    from incident_kit.sources.yaml.to_document import document_from

    draft = load(str(Path(__file__).resolve().parent / "fixtures" / "drafts" / "irg2-audit.yaml"))
    from_draft = [(s.key, s.title) for s in document_from(draft).sections if s.key.startswith("finding")]
    assert len(from_draft) >= 2
    assert from_draft == [(f"finding{n}", finding_title(n)) for n in range(1, len(from_draft) + 1)]
    posted = read_markdown(render(draft.model), "r.md")
    assert [(s.key, s.title) for s in posted.sections if s.key.startswith("finding") and "." not in s.key] == from_draft
