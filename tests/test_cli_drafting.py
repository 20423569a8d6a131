"""The drafting commands through the CLI: new, render, schema (real files in tmp_path)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_kit import __version__
from incident_kit.cli import app
from incident_kit.sources.yaml import load_draft
from incident_kit.schema import build_schema

FIXTURES = Path(__file__).parent / "fixtures" / "drafts"
KINDS = ("full", "preliminary", "closure", "irg2", "irg2-audit", "legacy")

try:
    import incident_kit.drafting.render  # noqa: F401

    HAVE_RENDER = True
except ImportError:  # pragma: no cover - the renderer is written separately
    HAVE_RENDER = False

needs_render = pytest.mark.skipif(not HAVE_RENDER, reason="incident_kit.drafting.render is not available")


def run(*args: str, stdin: str | None = None):
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# --------------------------------------------------------------------------------------------
# new
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_a_draft_that_loads_and_points_at_its_schema(tmp_path, kind):
    out = tmp_path / "drafts" / "incident.yaml"
    out.parent.mkdir()
    result = run("new", "--kind", kind, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, first
    ref = m.group(1)
    if ref.startswith("file://"):  # a draft outside the checkout gets the schema's URI (m19)
        from urllib.parse import unquote, urlparse

        schema_file = Path(unquote(urlparse(ref).path))
    else:
        schema_file = (out.parent / ref).resolve()
    assert schema_file.name == f"{kind}.schema.json" and schema_file.is_file()
    assert json.loads(schema_file.read_text(encoding="utf-8"))["properties"]["kind"]["const"] == kind
    model = load_draft(out)
    assert model.kind == kind
    assert re.search(r"<[^<>\n]+>", text), "a scaffold carries <...> prompts"
    assert "Replace every <...> prompt" in text


def test_new_defaults_to_a_full_report(tmp_path):
    out = tmp_path / "d.yaml"
    assert run("new", "-o", str(out)).exit_code == 0
    assert load_draft(out).kind == "full"


def test_new_schema_url_option(tmp_path):
    out = tmp_path / "d.yaml"
    run("new", "-o", str(out), "--schema-url", "https://schemas.example/full.json")
    assert out.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=https://schemas.example/full.json"


@needs_render
@pytest.mark.parametrize("kind", KINDS)
def test_new_then_render_works(tmp_path, kind):
    out = tmp_path / "d.yaml"
    assert run("new", "--kind", kind, "-o", str(out)).exit_code == 0
    result = run("render", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    # Prompts survive rendering as written: Bugzilla shows every '<' that is not an autolink
    # literally, so a backslash before it would be shown too. The linter still finds them.
    # (one that starts a paragraph is written "&lt;...>", which Bugzilla also shows as '<')
    prompts = re.findall(r"(?:<|&lt;)([A-Za-z][^<>\n]*)>", result.stdout)
    assert prompts, "a rendered scaffold still carries its <...> prompts"
    assert "\\<" not in result.stdout
    rendered = tmp_path / "d.md"
    rendered.write_text(result.stdout, encoding="utf-8")
    lint = run("lint", str(rendered), "--select", "IK105", "--format", "json")
    found = [f["message"] for f in json.loads(lint.stdout)["files"][0]["findings"] if f["code"] == "IK105"]
    assert all(any(f"<{p}>" in m for m in found) for p in prompts), (prompts, found)


def test_new_refuses_to_overwrite(tmp_path):
    out = tmp_path / "d.yaml"
    out.write_text("my work\n", encoding="utf-8")
    result = run("new", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"{out}: already exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "my work\n"
    assert [p.name for p in tmp_path.iterdir()] == ["d.yaml"]  # no temporary file left behind


def test_new_force_replaces(tmp_path):
    out = tmp_path / "d.yaml"
    out.write_text("old\n", encoding="utf-8")
    assert run("new", "--kind", "closure", "-o", str(out), "--force").exit_code == 0
    assert load_draft(out).kind == "closure"


def test_new_into_a_missing_folder_or_a_directory(tmp_path):
    result = run("new", "-o", str(tmp_path / "nope" / "d.yaml"))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("does not exist") and result.stderr.count("\n") == 1
    result = run("new", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_new_unknown_kind_is_a_usage_error(tmp_path):
    result = run("new", "--kind", "final", "-o", str(tmp_path / "d.yaml"))
    assert result.exit_code == 2
    assert not (tmp_path / "d.yaml").exists()


# --------------------------------------------------------------------------------------------
# render
# --------------------------------------------------------------------------------------------


@needs_render
def test_render_to_stdout():
    result = run("render", str(FIXTURES / "full.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("## Full Incident Report\n")
    assert "- **CA Owner CCADB unique ID:** A001234" in result.stdout
    assert result.stderr == ""


@needs_render
def test_render_reads_standard_input():
    text = (FIXTURES / "preliminary.yaml").read_text(encoding="utf-8")
    result = run("render", "-", stdin=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("## Preliminary Incident Report\n")


@needs_render
def test_render_to_a_file_and_overwrite_rules(tmp_path):
    out = tmp_path / "report.md"
    assert run("render", str(FIXTURES / "closure.yaml"), "-o", str(out)).exit_code == 0
    first = out.read_text(encoding="utf-8")
    assert first.startswith("### Report Closure Summary")
    again = run("render", str(FIXTURES / "full.yaml"), "-o", str(out))
    assert again.exit_code == 2
    assert again.stderr == f"{out}: already exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == first
    assert run("render", str(FIXTURES / "full.yaml"), "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("## Full Incident Report")


def test_render_never_writes_over_its_own_draft(tmp_path):
    draft = tmp_path / "d.yaml"
    original = (FIXTURES / "full.yaml").read_text(encoding="utf-8")
    draft.write_text(original, encoding="utf-8")
    result = run("render", str(draft), "-o", str(draft), "--force")
    assert result.exit_code == 2
    assert "is the draft itself" in result.stderr
    assert draft.read_text(encoding="utf-8") == original


def test_render_invalid_draft_lists_problems_and_exits_1(tmp_path):
    draft = tmp_path / "d.yaml"
    text = (FIXTURES / "full.yaml").read_text(encoding="utf-8")
    text = text.replace("  source: Self Reported", "  source: Selfreported", 1)
    text = text.replace("    status: Ongoing", "    status: Cancelled", 1)
    draft.write_text(text, encoding="utf-8")
    result = run("render", str(draft), "-o", str(tmp_path / "out.md"))
    assert result.exit_code == 1
    lines = text.splitlines()
    source_line = next(i for i, l in enumerate(lines, 1) if "Selfreported" in l)
    status_line = next(i for i, l in enumerate(lines, 1) if "Cancelled" in l)
    assert result.stderr.splitlines() == [
        f"{draft}:{source_line}:11: summary.source: 'Selfreported' is not an allowed value; expected one of: "
        "Self Reported, Third Party Reported, Audit",
        f"{draft}:{status_line}:13: action_items[1].status: 'Cancelled' is not an allowed value; expected one of: "
        "Ongoing, Complete, Delayed, Canceled",
    ]
    assert result.stdout == ""
    assert not (tmp_path / "out.md").exists()


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"kind: full\nsummary: [a\n", re.compile(r"^\S+d\.yaml:3:1: YAML syntax error: .+\n$")),
        (b"kind: full\nbug: caf\xe9\n", re.compile(r"^\S+d\.yaml:2:9: the file is not UTF-8 text \(byte 0xe9\); save it as UTF-8\n$")),
        (b"kind: full\nbug:\n\tca_owner: x\n", re.compile(r"^\S+d\.yaml:3:1: YAML syntax error: a tab character is used for indentation; indent with spaces\n$")),
    ],
)
def test_render_unusable_input_exits_2_with_one_line(tmp_path, content, expected):
    draft = tmp_path / "d.yaml"
    draft.write_bytes(content)
    result = run("render", str(draft))
    assert result.exit_code == 2
    assert expected.match(result.stderr), result.stderr


def test_render_missing_file(tmp_path):
    result = run("render", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'missing.yaml'}: no such file\n"


def test_refused_yaml_constructs_exit_1_with_locations(tmp_path):
    draft = tmp_path / "d.yaml"
    draft.write_text("kind: full\nkind: closure\nx: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    result = run("render", str(draft))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{draft}:2:1: kind: duplicate key; 'kind' is already defined at line 1 (keep one of them)",
        f"{draft}:3:4: x: the YAML tag !!python/object/apply:os.system is not allowed in drafts; remove it (plain values only)",
    ]


# --------------------------------------------------------------------------------------------
# schema, help, version
# --------------------------------------------------------------------------------------------


def test_schema_prints_the_combined_schema_by_default():
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == build_schema("draft")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_for_one_kind(kind):
    result = run("schema", "--kind", kind)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["properties"]["kind"]["const"] == kind


def test_schema_write_and_check(tmp_path):
    assert run("schema", "--write", str(tmp_path)).exit_code == 0
    assert run("schema", "--check", str(tmp_path)).exit_code == 0
    (tmp_path / "irg2.schema.json").write_text("{}", encoding="utf-8")
    result = run("schema", "--check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}: out of date: irg2.schema.json; run: incident-kit schema --write schemas\n"


@pytest.mark.parametrize("command", ["new", "render", "schema"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"incident-kit {command}" in result.stdout


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    first, rules, policy = result.stdout.splitlines()
    assert first == f"incident-kit {__version__}"
    from incident_kit.about import policy_version, rules_version
    from incident_kit.lint.rule import all_rules

    assert rules == f"rules: {len(all_rules())} rules, data {rules_version()['digest']}"
    assert policy.startswith("policy: ") and policy_version()["digest"] in policy


def test_command_module_keeps_heavy_imports_lazy():
    code = (
        "import sys, incident_kit.cli, incident_kit.commands.drafting;"
        "print(','.join(m for m in ('ruamel', 'jinja2', 'markdown_it', 'dateutil') if m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("kind", KINDS)
def test_the_linter_flags_every_prompt_of_a_fresh_scaffold(tmp_path, kind):
    engine = pytest.importorskip("incident_kit.lint.engine")
    from incident_kit.sources.yaml import read_draft

    out = tmp_path / "d.yaml"
    assert run("new", "--kind", kind, "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    prompts = {
        (number, m.start() + 1)
        for number, line in enumerate(lines, 1)
        if not line.lstrip().startswith("#")
        for m in re.finditer(r"<[^<>\n]+>", line.split(" #")[0])
    }
    assert prompts
    result = engine.lint_document(read_draft(out), select=["IK105"])
    flagged = {(f.line, f.column) for f in result.findings if f.code == "IK105"}
    assert prompts <= flagged, sorted(prompts - flagged)


@needs_render
def test_render_error_is_located_in_the_draft(tmp_path):
    draft = tmp_path / "d.yaml"
    text = (FIXTURES / "full.yaml").read_text(encoding="utf-8")
    text = text.replace("  - bug_id: 1800002\n", '  - bug_id: 1800002\n    url: "javascript:alert(1)"\n', 1)
    draft.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "javascript:" in l)
    result = run("render", str(draft))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{draft}:{line}:10: related_incidents[1].url: ")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
