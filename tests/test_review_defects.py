"""Regression tests for the minor defects m1-m20 of the newcomer walk-through and reliability
review (m10, m11 and m13 are deadline defects, tested with the lifecycle code). Each test runs the
review's repro the way a user would, through the command line, on files made in a temporary
folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

EXAMPLE_FULL = REPO / "examples" / "profile-misissuance-full.yaml"
STATUSES_MD = REPO / "tests/cases/IK603/fire-done-and-in-progress.md"


def ik(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "incident_kit", *args], cwd=cwd, capture_output=True, text=True,
        encoding="utf-8", errors="replace", env=full_env, timeout=timeout,
    )


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines, "expected a message on stderr"
    return lines[-1]


# -- m1 ------------------------------------------------------------------------------------------


def test_m1_a_huge_integer_is_a_located_error_in_every_command(tmp_path: Path) -> None:
    text = EXAMPLE_FULL.read_text(encoding="utf-8")
    assert "total_certificates: 7" in text
    (tmp_path / "b.yaml").write_text(text.replace("total_certificates: 7", "total_certificates: " + "9" * 5000), encoding="utf-8")
    for args in (["render", "b.yaml"], ["promote", "b.yaml", "-o", "p.yaml"], ["deadlines", "b.yaml", "--as-of", "2026-04-20"],
                 ["update", "b.yaml", "--since", "b.yaml", "--as-of", "2026-04-20"], ["close", "b.yaml"]):
        proc = ik(*args, cwd=tmp_path)
        assert proc.returncode in (1, 2), (args, proc.stderr)
        message = one_line_error(proc)
        assert "b.yaml:" in message, (args, message)
    lint = ik("lint", "b.yaml", "-f", "json", cwd=tmp_path)
    assert lint.returncode == 1
    (finding,) = json.loads(lint.stdout)["files"][0]["findings"]
    assert finding["code"] == "IK004" and "impact.total_certificates" in finding["message"] and finding["line"]


# -- m2, m3 ----------------------------------------------------------------------------------------


def test_m2_output_is_never_one_of_the_inputs(tmp_path: Path) -> None:
    shutil.copy(STATUSES_MD, tmp_path / "p.md")
    shutil.copy(EXAMPLE_FULL, tmp_path / "full.yaml")
    (tmp_path / "a.pem").write_text("not a certificate\n", encoding="utf-8")
    os.link(tmp_path / "p.md", tmp_path / "hard.md")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for args in (
        ["parse", "p.md", "-o", "p.md", "--force"],
        ["parse", "p.md", "-o", "./sub/../p.md", "--force"],
        ["parse", "hard.md", "-o", "p.md", "--force"],
        ["appendix", "--certs", "a.pem", "--draft", "full.yaml", "-o", "full.yaml", "--force"],
        ["appendix", "--certs", "a.pem", "-o", "a.pem", "--force"],
    ):
        (tmp_path / "sub").mkdir(exist_ok=True)
        proc = ik(*args, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "is one of the inputs" in one_line_error(proc)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_m3_force_keeps_the_replaced_files_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o600)
    proc = ik("render", str(EXAMPLE_FULL), "-o", "r.md", "--force", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8").startswith("## ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# -- m4, m5, m6 ------------------------------------------------------------------------------------


def test_m4_folder_walk_stays_in_the_tree_and_enters_each_folder_once(tmp_path: Path) -> None:
    tree = tmp_path / "L"
    (tree / "sub").mkdir(parents=True)
    shutil.copy(STATUSES_MD, tree / "sub" / "a.md")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(STATUSES_MD, outside / "b.md")
    os.symlink("..", tree / "sub" / "up")  # a loop
    os.symlink(outside, tree / "elsewhere")  # out of the tree
    os.symlink(outside / "b.md", tree / "linked.md")  # a file out of the tree
    os.symlink("sub", tree / "alias")  # inside the tree, the same folder again
    proc = ik("lint", "L", "-f", "json", cwd=tmp_path)
    paths = [f["path"] for f in json.loads(proc.stdout)["files"]]
    assert paths == [os.path.join("L", "sub", "a.md")]
    os.symlink(tree / "sub" / "a.md", tree / "same.md")  # a link to a file inside the tree is linted
    paths = [f["path"] for f in json.loads(ik("lint", "L", "-f", "json", cwd=tmp_path).stdout)["files"]]
    assert paths == [os.path.join("L", "same.md"), os.path.join("L", "sub", "a.md")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_m5_a_fifo_is_refused_with_a_message(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.md")
    proc = ik("lint", "f.md", cwd=tmp_path, timeout=30)
    assert proc.returncode == 2
    assert "f.md: IK001" in proc.stdout and "FIFO" in proc.stdout
    fixed = ik("lint", "f.md", "--diff", cwd=tmp_path, timeout=30)
    assert fixed.returncode == 2


def test_m6_an_empty_folder_warns(tmp_path: Path) -> None:
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    proc = ik("lint", "e", cwd=tmp_path)
    assert proc.returncode == 0
    assert "e: no report or draft files found" in proc.stderr


# -- m7, m8, m9 ------------------------------------------------------------------------------------


def test_m7_output_works_whatever_stdouts_encoding(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text(STATUSES_MD.read_text(encoding="utf-8").replace("Done", "Doné ✓"), encoding="utf-8")
    text = ik("lint", "r.md", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert text.returncode == 1 and "Traceback" not in text.stderr
    assert "IK603" in text.stdout and "\\u201c" in text.stdout  # the curly quotes, escaped
    raw = subprocess.run([sys.executable, "-m", "incident_kit", "lint", "r.md", "-f", "json"], cwd=tmp_path,
                         capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert raw.returncode == 1
    data = json.loads(raw.stdout.decode("utf-8"))
    assert any("Doné ✓" in f["message"] for f in data["files"][0]["findings"])


def test_m8_citations_name_the_irg_version_in_force(tmp_path: Path) -> None:
    def citations(as_of: str) -> set[str]:
        proc = ik("lint", str(STATUSES_MD), "--select", "IK603", "--as-of", as_of, "-f", "json", cwd=tmp_path)
        data = json.loads(proc.stdout)["files"][0]
        return {c for f in data["findings"] for c in f["citations"]} | {"version=" + data["irg_version"]}

    assert citations("2025-11-26") == {"IRG 3.1 §Action Items", "version=3.1"}
    assert citations("2025-04-01") == {"IRG 3.0 §Action Items", "version=3.0"}
    assert citations("2026-04-01") == {"IRG 3.2 §Action Items", "version=3.2"}


def test_m9_prose_starting_with_a_fence_is_kept(tmp_path: Path) -> None:
    text = EXAMPLE_FULL.read_text(encoding="utf-8")
    assert "Remove observe mode:" in text
    (tmp_path / "f.yaml").write_text(text.replace("Remove observe mode:", "~~~ Remove observe mode:"), encoding="utf-8")
    proc = ik("render", "f.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    row = next(ln for ln in proc.stdout.splitlines() if "Remove observe mode" in ln)
    assert row.startswith("| \\~\\~\\~ Remove observe mode: any lint error")
    assert "Prevent" in row


# -- m12, m14, m15, m16, m17 ---------------------------------------------------------------------


def test_m12_one_broken_kit_hides_no_other(tmp_path: Path) -> None:
    (tmp_path / "tpl" / "kits" / "Bad_Name").mkdir(parents=True)
    (tmp_path / ".incident-kit.toml").write_text('template-paths = ["tpl"]\n', encoding="utf-8")
    proc = ik("kits", cwd=tmp_path)
    assert proc.returncode == 1
    assert "revocation-delay" in proc.stdout  # the shipped kits are still listed
    assert "Bad_Name" in proc.stderr and "lower-case" in proc.stderr


def test_m14_clear_messages_for_swapped_inputs_and_encodings(tmp_path: Path) -> None:
    shutil.copy(STATUSES_MD, tmp_path / "report.md")
    shutil.copy(EXAMPLE_FULL, tmp_path / "draft.yaml")
    assert "looks like a posted report" in one_line_error(ik("render", "report.md", cwd=tmp_path))
    assert "incident-kit parse report.md" in one_line_error(ik("render", "report.md", cwd=tmp_path))
    assert "is a YAML draft, not a posted report" in one_line_error(ik("parse", "draft.yaml", cwd=tmp_path))
    (tmp_path / "u.md").write_bytes(STATUSES_MD.read_text(encoding="utf-8").encode("utf-16"))
    assert "UTF-16" in ik("lint", "u.md", cwd=tmp_path).stdout
    (tmp_path / "nul.yaml").write_bytes(b'kind: full\nbug:\n  title: "a\x00b"\n')
    assert one_line_error(ik("render", "nul.yaml", cwd=tmp_path)).startswith("nul.yaml:3:12: ")


def test_m15_one_message_style_for_a_bad_choice(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_FULL, tmp_path / "d.yaml")
    for args, option, value in (
        (["new", "--kind", "fulll", "-o", "x.yaml"], "--kind", "fulll"),
        (["kits", "--format", "xml"], "--format", "xml"),
        (["deadlines", "d.yaml", "--format", "xml"], "--format", "xml"),
        (["rules", "--format", "xml"], "--format", "xml"),
        (["lint", "d.yaml", "--format", "xml"], "--format", "xml"),
    ):
        proc = ik(*args, cwd=tmp_path)
        assert proc.returncode == 2
        assert one_line_error(proc).startswith(f"incident-kit: {option}: '{value}' is not one of "), args
    assert not (tmp_path / "x.yaml").exists()


HELP_COMMANDS = (
    ["lint"], ["parse"], ["render"], ["promote"], ["update"], ["close"], ["deadlines"], ["appendix"], ["new"],
    ["kits"], ["preview"], ["timeline"], ["serve"], ["review"], ["fetch"], ["rules", "explain"], ["policy", "show"],
    ["policy", "list"], ["lexicon", "show"], ["lexicon", "list"],
)


def test_m15_usage_and_help_read_as_written() -> None:
    """No doubled brackets or braces in the usage lines (``[[PATH]...]...``, ``{DRAFT}``) and no
    Python types in the help (``DRAFT <str>``, ``--description <str>``, ``<list[Path]>``)."""
    from typer.testing import CliRunner

    from incident_kit.cli import app

    usages = {}
    for args in HELP_COMMANDS:
        result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0, (args, result.output)
        usage = next(ln for ln in result.output.splitlines() if ln.startswith("Usage:"))
        usages[" ".join(args)] = usage.split(" [OPTIONS]")[-1].strip()
        assert "[[" not in usage and "{" not in usage, usage
        assert not re.search(r"<(?:str|int|path|list\[\w+\]|Path)>", result.output), (args, result.output)
    assert usages["lint"] == "[PATH]..." and usages["render"] == "DRAFT" and usages["fetch"] == "BUG..."
    assert usages["kits"] == "[NAME]" and usages["policy show"] == "CLAUSE"


def test_m15_deadlines_table_fits_a_terminal(tmp_path: Path) -> None:
    proc = ik("deadlines", str(REPO / "examples" / "delayed-revocation-full.yaml"), "--as-of", "2026-04-23", cwd=tmp_path)
    assert proc.returncode == 1  # BR 4.9.1.1's 5 days are overdue: the revocation is the delay itself
    lines = proc.stdout.splitlines()
    assert max(len(ln) for ln in lines[1:]) <= 100
    block = "\n".join(lines)
    assert re.search(r"(?m)^overdue +2026-04-19 08:20 UTC +Revoke within 5 days", block)
    assert re.search(r"(?m)^open +2026-04-25 09:00 UTC +revocation-delay update \(SHOULD every 3 days\)\n +IRG 3\.2", block)


def test_m10_the_filled_revocation_delay_kit_gets_no_order_notice(tmp_path: Path) -> None:
    """A revocation-delay bug's non-compliance starts when the revocation deadline passes, as the
    kit asks; IK309 does not call that start, after the identified date, a slip."""
    fixture = REPO / "tests" / "fixtures" / "kits" / "revocation-delay.yaml"
    assert "start: 2026-05-09" in fixture.read_text(encoding="utf-8")
    out = json.loads(ik("lint", str(fixture), "-f", "json", cwd=tmp_path).stdout)
    assert not [f for f in out["files"][0]["findings"] if f["code"] == "IK309"]


def test_m16_documentation_agrees_with_the_tool(tmp_path: Path) -> None:
    (tmp_path / "h.md").write_text("Hello, this is not a report.\n", encoding="utf-8")
    help_line = next(ln for ln in ik("lint", "h.md", cwd=tmp_path).stdout.splitlines() if "help:" in ln)
    assert '"### Report Closure Summary"' in help_line and '"## Full Incident Report"' in help_line
    assert "*.markdown" in ik("lint", "--help", cwd=tmp_path).stdout
    assert "revocation_date" in ik("appendix", "--help", cwd=tmp_path).stdout
    assert "bug_id" in (REPO / "templates" / "scaffold" / "full.yaml").read_text(encoding="utf-8")
    text = EXAMPLE_FULL.read_text(encoding="utf-8")
    start = text.index("related_incidents:")
    end = text.index("\n", text.index("\n", start) + 1)
    lines = text[start:].splitlines()
    block_end = next(i for i, ln in enumerate(lines[1:], 1) if ln and not ln.startswith(" "))
    broken = text[:start] + "related_incidents:\n  - An earlier bug of ours was similar\n" + "\n".join(lines[block_end:]) + "\n"
    assert end > start
    (tmp_path / "d.yaml").write_text(broken, encoding="utf-8")
    out = ik("lint", "d.yaml", cwd=tmp_path).stdout
    assert "related_incidents[1]: expected a mapping of the fields bug_id, url, opened, description" in out


def test_m17_a_missing_date_is_said_not_skipped_silently(tmp_path: Path) -> None:
    undated = ik("lint", str(STATUSES_MD), cwd=tmp_path)
    assert "no date to judge it at" in undated.stderr and "IK702" in undated.stderr and "--as-of" in undated.stderr
    dated = ik("lint", str(STATUSES_MD), "--as-of", "2026-03-01", cwd=tmp_path)
    assert "no date to judge" not in dated.stderr


# -- m18, m19, m20 ---------------------------------------------------------------------------------


def test_m18_shared_material_is_found_beside_the_checkout_and_its_absence_announced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import conftest

    (tmp_path / "shared" / "samples").mkdir(parents=True)
    monkeypatch.setenv("INCIDENT_KIT_SHARED", str(tmp_path / "shared"))
    assert conftest.shared_dir() == tmp_path / "shared"
    monkeypatch.delenv("INCIDENT_KIT_SHARED")
    beside = REPO.parent / "shared"
    assert conftest.shared_dir() == (beside if (beside / "samples").is_dir() else None)
    monkeypatch.setattr(conftest, "shared_dir", lambda: None)
    header = conftest._shared_header()
    assert "../shared" in header and "INCIDENT_KIT_SHARED" in header and "skip" in header


def test_m19_modeline_of_an_installed_package_survives_moving_the_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from incident_kit import _resources
    from incident_kit.commands.drafting import schema_reference

    installed = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "incident_kit" / "schemas"
    installed.mkdir(parents=True)
    (installed / "full.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(_resources, "schemas_dir", lambda: installed)
    ref = schema_reference("full", tmp_path / "work" / "d.yaml")
    assert ref == (installed / "full.schema.json").resolve().as_uri()
    checkout = tmp_path / "repo" / "schemas"
    checkout.mkdir(parents=True)
    (checkout / "full.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(_resources, "schemas_dir", lambda: checkout)
    assert schema_reference("full", tmp_path / "repo" / "drafts" / "d.yaml") == "../schemas/full.schema.json"
    # An editable install and a draft outside its checkout: a path climbing out of the draft's
    # tree would break when the draft moves, so the schema is named by its URI.
    outside = schema_reference("full", tmp_path / "elsewhere" / "d.yaml")
    assert outside == (checkout / "full.schema.json").resolve().as_uri()


def test_m20_sarif_uses_file_uris_and_stable_fingerprints(tmp_path: Path) -> None:
    shutil.copy(STATUSES_MD, tmp_path / "r.md")

    def results(*paths: str) -> list[dict]:
        log = json.loads(ik("lint", *paths, "-f", "sarif", cwd=tmp_path).stdout)
        assert "%SRCROOT%" in log["runs"][0]["originalUriBaseIds"]
        return log["runs"][0]["results"]

    absolute = results(str(tmp_path / "r.md"))
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in absolute} == {(tmp_path / "r.md").as_uri()}
    relative = results("r.md")
    assert {json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"], sort_keys=True) for r in relative} == {
        json.dumps({"uri": "r.md", "uriBaseId": "%SRCROOT%"}, sort_keys=True)
    }
    prints = [r["partialFingerprints"]["incidentKitFinding/v1"] for r in relative]
    assert len(set(prints)) == len(prints)
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    (tmp_path / "r.md").write_text(text.replace("### Action Items\n", "### Action Items\n\nOne more line above the table.\n"), encoding="utf-8")
    moved = results("r.md")
    assert [r["partialFingerprints"]["incidentKitFinding/v1"] for r in moved] == prints
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in moved if r["ruleId"] == "IK603"] != [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in relative if r["ruleId"] == "IK603"
    ]


# -- M3, M4, M5 (parse -> draft, and drafts' stand-ins) --------------------------------------------

EXAMPLE_FULL_MD = REPO / "examples" / "profile-misissuance-full.md"


def test_M3_parse_keeps_text_it_cannot_place(tmp_path: Path) -> None:
    text = EXAMPLE_FULL_MD.read_text(encoding="utf-8")
    assert "### Lessons Learned" in text and "### Impact" in text
    text = text.replace("### Lessons Learned", "We also reviewed every other issuing system; none was affected.\n\n### Lessons Learned", 1)
    text = text.replace("### Impact", "- **Note for reviewers:** the scope was checked twice.\n\n### Impact", 1)
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    clean = ik("parse", str(EXAMPLE_FULL_MD), cwd=tmp_path)
    assert "no draft field holds" not in clean.stderr
    proc = ik("parse", "x.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert "every other issuing system" in proc.stdout and "Note for reviewers" in proc.stdout
    notes = [ln for ln in proc.stderr.splitlines() if "no draft field holds this text" in ln]
    assert len(notes) == 2 and all(ln.startswith("x.md:") for ln in notes)


def test_M4_a_missing_section_becomes_prompts_not_na(tmp_path: Path) -> None:
    text = EXAMPLE_FULL_MD.read_text(encoding="utf-8")
    start, end = text.index("### Lessons Learned"), text.index("### Action Items")
    (tmp_path / "nl.md").write_text(text[:start] + text[end:], encoding="utf-8")
    proc = ik("parse", "nl.md", "-o", "nl.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    draft = (tmp_path / "nl.yaml").read_text(encoding="utf-8")
    block = draft[draft.index("\nlessons_learned:") : draft.index("\naction_items:")]
    assert not re.search(r":\s*N/A\b", block) and block.count("<not in the posted report") == 4
    draft = re.sub(r"(?m)^  ca_owner: .*$", "  ca_owner: Example PKI Operations", draft)
    draft = re.sub(r"(?m)^  title: .*$", '  title: "Example PKI Operations: keyEncipherment in ECDSA certificates"', draft, count=1)
    (tmp_path / "nl.yaml").write_text(draft, encoding="utf-8")
    lint = ik("lint", "nl.yaml", "-f", "json", cwd=tmp_path)
    codes = [f["code"] for f in json.loads(lint.stdout)["files"][0]["findings"]]
    assert codes.count("IK105") >= 4  # the gap stays visible once promoted or rendered


def test_M5_stand_ins_of_a_scaffold_are_reported(tmp_path: Path) -> None:
    assert ik("new", "-o", "d.yaml", cwd=tmp_path).returncode == 0
    text = (tmp_path / "d.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    expected = {i for i, ln in enumerate(lines, 1) if "A000000" in ln or "2000-01-01" in ln and not ln.lstrip().startswith("#")}
    out = json.loads(ik("lint", "d.yaml", "--select", "IK112", "-f", "json", cwd=tmp_path).stdout)
    found = {f["line"] for f in out["files"][0]["findings"]}
    assert found == expected and len(found) >= 6
