"""incident-kit parse: posted report → YAML draft, exit codes, no overwrite, stdin."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from incident_kit.cli import app

POSTED = Path(__file__).parent / "fixtures" / "posted"
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def test_clean_report_exits_0_and_loads_as_a_draft(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    result = run("parse", str(POSTED / "closure.md"), "-o", str(out), "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "kind: closure" in text and "irg_version: '3.0'" in text
    assert "# not part of the report text" in text  # the bug block asks to be filled in
    filled = text.replace("ca_owner: ''", "ca_owner: Example CA").replace("title: ''", "title: 'Example CA: CRL URL'")
    out.write_text(filled)
    rendered = run("render", str(out))
    assert rendered.exit_code == 0, rendered.output
    assert "### Report Closure Summary" in rendered.output


def test_values_kept_as_text_exit_1_with_comments(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    result = run("parse", str(POSTED / "full_markdown.md"), "-o", str(out))
    assert result.exit_code == 1
    text = out.read_text()
    assert "due_date: ASAP  # could not parse" in text
    assert "kind: Correct  # could not parse" in text
    assert "action_items[2].due_date: could not parse" in result.output
    assert f"{POSTED / 'full_markdown.md'}:79:" in result.output  # file:line of the value


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text("keep me\n")
    result = run("parse", str(POSTED / "preliminary.md"), "-o", str(out))
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert out.read_text() == "keep me\n"
    assert run("parse", str(POSTED / "preliminary.md"), "-o", str(out), "--force").exit_code == 0
    assert "kind: preliminary" in out.read_text()


def test_stdin_and_stdout() -> None:
    result = run("parse", "-", input=(POSTED / "preliminary.md").read_text())
    assert result.exit_code == 0
    assert "kind: preliminary" in result.output
    assert "source: Third Party Reported" in result.output


def test_not_a_report_and_bad_input_exit_2(tmp_path: Path) -> None:
    result = run("parse", str(POSTED / "not_report.md"))
    assert result.exit_code == 2 and "not an incident report" in result.output
    assert "Traceback" not in result.output
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"## Summary\n\xff\xfe\n")
    result = run("parse", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2:1: the file is not UTF-8 text (byte 0xff); save it as UTF-8" in result.output
    assert run("parse", str(tmp_path / "missing.md")).exit_code == 2
    assert run("parse", str(POSTED / "preliminary.md"), "--as-of", "May 1").exit_code == 2


def test_kind_can_be_forced() -> None:
    result = run("parse", str(POSTED / "not_report.md"), "--kind", "preliminary")
    assert result.exit_code == 1  # read, but every field is missing
    assert "summary.incident_description: missing from the report" in result.output
