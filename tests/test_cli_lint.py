"""`incident-kit lint` and `incident-kit rules` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest
from typer.testing import CliRunner

from conftest import REPO, SHARED_MISSING, shared_dir
from incident_kit.cli import app
from incident_kit.lint.rule import Hit

PRELIMINARY = """\
## Preliminary Incident Report

### Summary
- **Incident description:** A monitoring job found that 12 certificates issued on 2026-04-02 carried a \
subject field that the certificate profile forbids. Issuance from the affected profile was paused at 09:40 UTC.
- **Relevant policies:** TLS Baseline Requirements v2.2.6, section 7.1.2.7
- **Source of incident disclosure:** Self Reported
"""

NOT_A_REPORT = "Meeting notes\n\nWe talked about the weather and the cafeteria menu.\n"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def flag_rule(make_rule: Callable[..., str]) -> str:
    """A throw-away rule that fires (error) on every line containing FLAG."""

    def check(doc, ctx) -> Iterator[Hit]:  # type: ignore[no-untyped-def]
        for n, line in enumerate(doc.text.splitlines(), 1):
            if "FLAG" in line:
                yield Hit("this line carries FLAG", line=n, column=line.index("FLAG") + 1)

    return make_rule(check)


# -- exit codes ----------------------------------------------------------------------------------


def test_non_report_fails_with_ik002(tmp_path: Path) -> None:
    code, out, _ = run("lint", str(write(tmp_path / "notes.md", NOT_A_REPORT)))
    assert code == 1
    assert f"{tmp_path / 'notes.md'}: IK002 [error] not recognised as an incident report" in out


def test_clean_selection_exits_0(tmp_path: Path) -> None:
    code, out, _ = run("lint", "--select", "IK002", str(write(tmp_path / "p.md", PRELIMINARY)))
    assert code == 0 and out == "No findings in 1 file.\n"


def test_fail_on_threshold(tmp_path: Path, flag_rule: str, make_rule: Callable[..., str]) -> None:
    from incident_kit.lint.rule import NOTICE

    notice = make_rule(lambda d, c: iter([Hit("just advice", line=1)]), severity=NOTICE)
    report = str(write(tmp_path / "p.md", PRELIMINARY))
    assert run("lint", "--select", notice, report)[0] == 0
    assert run("lint", "--select", notice, "--fail-on", "notice", report)[0] == 1
    assert run("lint", "--select", notice, "--fail-on", "warning", report)[0] == 0


def test_prefix_selection(tmp_path: Path) -> None:
    notes = str(write(tmp_path / "notes.md", NOT_A_REPORT))
    assert run("lint", "--select", "IK0", notes)[0] == 1
    assert run("lint", "--select", "IK0", "--ignore", "IK00", notes)[0] == 0
    assert run("lint", "--select", "IK002", "--ignore", "IK0", notes)[0] == 1  # more specific wins


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "xml"], "--format"),
        (["--select", "IK9x"], "--select"),
        (["--ignore", "E501"], "--ignore"),
        (["--as-of", "2026-13-01"], "--as-of"),
        (["--fail-on", "fatal"], "--fail-on"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    code, out, err = run("lint", *args, str(write(tmp_path / "p.md", PRELIMINARY)))
    assert code == 2 and out == ""
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_no_path_is_a_usage_error() -> None:
    assert run("lint")[0] == 2


# -- unreadable input ----------------------------------------------------------------------------


def test_unreadable_inputs_are_reported_and_the_rest_still_linted(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.md", b"## Full Incident Report\n\nCaf\xe9 menu\n")
    good = write(tmp_path / "notes.md", NOT_A_REPORT)
    missing = tmp_path / "missing.md"
    code, out, _ = run("lint", "--format", "json", str(bad), str(missing), str(good))
    assert code == 2
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    (f_bad,) = files["bad.md"]["findings"]
    assert (f_bad["code"], f_bad["line"], f_bad["column"]) == ("IK001", 3, 4)
    assert "UTF-8" in f_bad["message"]
    assert files["missing.md"]["findings"][0]["code"] == "IK001"
    assert [f["code"] for f in files["notes.md"]["findings"]] == ["IK002"]


def test_unreadable_input_cannot_be_deselected(tmp_path: Path) -> None:
    code, out, _ = run("lint", "--ignore", "IK0", str(tmp_path / "missing.md"))
    assert code == 2 and "IK001" in out


def test_invalid_draft_becomes_ik004_findings(tmp_path: Path) -> None:
    draft = write(tmp_path / "d.yaml", "kind: full\nbug:\n  title: no colon here\n")
    code, out, _ = run("lint", "--format", "json", str(draft))
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 1 and findings
    assert {f["code"] for f in findings} == {"IK004"}
    assert all(f["line"] is not None for f in findings)


def test_yaml_syntax_error_is_unreadable(tmp_path: Path) -> None:
    draft = write(tmp_path / "d.yaml", "kind: full\nbug: [unclosed\n")
    code, out, _ = run("lint", str(draft))
    assert code == 2 and "IK001" in out


# -- inputs --------------------------------------------------------------------------------------


def test_directory_is_searched_recursively_for_lintable_files(tmp_path: Path) -> None:
    write(tmp_path / "a.md", NOT_A_REPORT)
    write(tmp_path / "sub" / "b.txt", NOT_A_REPORT)
    write(tmp_path / "sub" / "deeper" / "c.markdown", NOT_A_REPORT)
    write(tmp_path / "image.png", b"\x89PNG")
    write(tmp_path / ".hidden" / "d.md", NOT_A_REPORT)
    code, out, _ = run("lint", "--format", "jsonl", str(tmp_path))
    paths = sorted(Path(json.loads(line)["path"]).relative_to(tmp_path).as_posix() for line in out.splitlines())
    assert paths == ["a.md", "sub/b.txt", "sub/deeper/c.markdown"]


def test_stdin(tmp_path: Path) -> None:
    code, out, _ = run("lint", "--format", "json", "-", input=NOT_A_REPORT)
    data = json.loads(out)
    assert code == 1 and data["files"][0]["path"] == "<stdin>"
    assert data["files"][0]["findings"][0]["code"] == "IK002"


# -- output --------------------------------------------------------------------------------------


def test_suppressed_findings_hidden_in_text_and_kept_in_json(tmp_path: Path, flag_rule: str) -> None:
    report = write(
        tmp_path / "p.md",
        PRELIMINARY
        + f"\n<!-- incident-kit: ignore {flag_rule} -- the word is quoted from the customer's ticket -->\n"
        "The ticket said FLAG here.\n\nAnd FLAG again.\n",
    )
    code, out, _ = run("lint", "--select", flag_rule, str(report))
    assert code == 1
    assert f"p.md:11:5: {flag_rule} [error]" in out and "p.md:9:" not in out
    assert out.rstrip().endswith("1 suppressed.")
    code, out, _ = run("lint", "--select", flag_rule, "--format", "json", str(report))
    findings = json.loads(out)["files"][0]["findings"]
    assert [(f["line"], f["suppressed"]) for f in findings] == [(9, True), (11, False)]
    assert findings[0]["suppression_reason"] == "the word is quoted from the customer's ticket"


def test_suppressing_everything_exits_0(tmp_path: Path, flag_rule: str) -> None:
    report = write(tmp_path / "p.md", PRELIMINARY + f"\n<!-- incident-kit: ignore {flag_rule} -- quoted -->\nFLAG\n")
    assert run("lint", "--select", flag_rule, str(report))[0] == 0


def test_sarif_and_github_formats(tmp_path: Path) -> None:
    notes = str(write(tmp_path / "notes.md", NOT_A_REPORT))
    code, out, _ = run("lint", "--format", "sarif", notes)
    log = json.loads(out)
    assert code == 1 and log["version"] == "2.1.0" and log["runs"][0]["results"][0]["ruleId"] == "IK002"
    code, out, _ = run("lint", "--format", "github", notes)
    assert out.startswith(f"::error file={notes},title=IK002 not-an-incident-report::")


def test_whiteboard_and_title_reach_the_rules(tmp_path: Path, make_rule: Callable[..., str]) -> None:
    seen = make_rule(
        lambda d, c: iter([Hit(f"whiteboard={d.bug.whiteboard} title={d.bug.title} as_of={c.as_of}")]),
        kinds=("preliminary", "full", "closure", "irg2", "irg2-audit", "legacy", "unknown"),
    )
    code, out, _ = run(
        "lint", "--select", seen, "--format", "json", "--whiteboard", "[ca-compliance] [leaf-revocation-delay]",
        "--title", "Example CA: Late revocation", "--as-of", "2026-05-01", str(write(tmp_path / "p.md", PRELIMINARY)),
    )
    message = json.loads(out)["files"][0]["findings"][0]["message"]
    assert "['ca-compliance', 'leaf-revocation-delay']" in message
    assert "title=Example CA: Late revocation" in message and "as_of=2026-05-01" in message


# -- configuration -------------------------------------------------------------------------------


def test_config_file_applies_and_cli_wins(tmp_path: Path) -> None:
    write(tmp_path / ".incident-kit.toml", 'ignore = ["IK002"]\nunknown-thing = 1\n')
    notes = str(write(tmp_path / "notes.md", NOT_A_REPORT))
    code, out, err = run("lint", notes)
    assert code == 0
    assert "unknown-thing" in err and "warning" in err
    assert run("lint", "--ignore", "IK003", notes)[0] == 1  # the CLI list replaces the file's


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path / ".incident-kit.toml", '[per-file-ignores]\n"archive/*" = ["IK002"]\n')
    write(tmp_path / "archive" / "old.md", NOT_A_REPORT)
    write(tmp_path / "current" / "new.md", NOT_A_REPORT)
    code, out, _ = run("lint", "--format", "jsonl", str(tmp_path))
    assert code == 1
    assert [Path(json.loads(line)["path"]).name for line in out.splitlines()] == ["new.md"]


def test_broken_config_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    cfg = write(tmp_path / ".incident-kit.toml", 'fail-on = ["error"]\n')
    code, out, err = run("lint", str(write(tmp_path / "notes.md", NOT_A_REPORT)))
    assert code == 2 and out == ""
    assert str(cfg) in err and "fail-on" in err and err.count("\n") == 1


# -- rules ---------------------------------------------------------------------------------------


def test_rules_list_text_and_json() -> None:
    code, out, _ = run("rules")
    assert code == 0
    assert any(line.startswith("IK002  not-an-incident-report") for line in out.splitlines())
    code, out, _ = run("rules", "--format", "json")
    rules = {r["code"]: r for r in json.loads(out)}
    assert rules["IK005"]["severity"] == "warning" and rules["IK005"]["citations"]
    assert rules["IK001"]["produced_by_engine"] is True


def test_rules_explain() -> None:
    code, out, _ = run("rules", "explain", "ik005")
    assert code == 0 and out.startswith("IK005 suppression-without-reason")
    assert "Severity:   warning" in out and "Citations:" in out and "Fires:" in out
    assert run("rules", "explain", "suppression-without-reason")[1] == out
    code, out, err = run("rules", "explain", "IK999")
    assert code == 2 and "IK999" in err


# -- the real command ----------------------------------------------------------------------------


def _subprocess(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "incident_kit", *args], input=stdin, capture_output=True, text=True, cwd=REPO, timeout=60
    )


def test_real_process_exit_codes_and_no_traceback(tmp_path: Path) -> None:
    done = _subprocess("lint", str(tmp_path / "nope.md"))
    assert done.returncode == 2 and "IK001" in done.stdout and "Traceback" not in done.stderr
    done = _subprocess("lint", "--format", "json", "-", stdin=NOT_A_REPORT)
    assert done.returncode == 1 and json.loads(done.stdout)["files"][0]["findings"][0]["code"] == "IK002"


def test_cli_start_up_does_not_import_heavy_modules() -> None:
    code = (
        "import sys, incident_kit.cli, incident_kit.lint.engine, incident_kit.lint.reporters, incident_kit.config;"
        "heavy = [m for m in ('pydantic', 'jinja2', 'markdown_it', 'dateutil', 'ruamel') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr


def test_samples_lint_without_crashing() -> None:
    """Every posted sample is read and linted; no rule crashes on real-world text."""
    shared = shared_dir()
    if shared is None:
        pytest.skip(SHARED_MISSING)
    code, out, _ = run("lint", "--format", "json", str(shared / "samples"))
    data = json.loads(out)
    assert code in (0, 1) and len(data["files"]) >= 12
    crashed = [(f["path"], x["message"]) for f in data["files"] for x in f["findings"] if x["code"] == "IK009"]
    assert crashed == []


def test_exit_zero_keeps_findings_but_exits_zero(tmp_path):
    from typer.testing import CliRunner

    from incident_kit.cli import app

    report = tmp_path / "r.md"
    report.write_text("## Full Incident Report\n\n### Summary\n\n- **CA Owner CCADB unique ID:** CA-1\n", encoding="utf-8")
    plain = CliRunner().invoke(app, ["lint", str(report)])
    zero = CliRunner().invoke(app, ["lint", "--exit-zero", str(report)])
    assert plain.exit_code == 1
    assert zero.exit_code == 0 and "IK201" in zero.output
    missing = CliRunner().invoke(app, ["lint", "--exit-zero", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2


def test_stdin_is_read_as_a_draft_when_it_starts_like_one(repo):
    from typer.testing import CliRunner

    from incident_kit.cli import app
    from incident_kit.sources import looks_like_draft

    draft = (repo / "examples" / "profile-misissuance-full.yaml").read_text(encoding="utf-8")
    out = CliRunner().invoke(app, ["lint", "--format", "json", "-"], input=draft)
    assert out.exit_code == 0, out.output
    import json

    (entry,) = json.loads(out.output)["files"]
    assert entry["kind"] == "full" and entry["path"] == "<stdin>"
    broken = CliRunner().invoke(app, ["lint", "-"], input="# a draft\nkind: full\nbug: 3\n")
    assert broken.exit_code == 1 and "IK004" in broken.output and "<stdin>:3:" in broken.output  # bug: 3
    assert not looks_like_draft("## Full Incident Report\n\n---\n")
    assert looks_like_draft("\n# comment\n---\nkind: legacy\n")
