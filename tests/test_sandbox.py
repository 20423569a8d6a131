"""Organisation report templates in the jinja2 sandbox: rendering, confinement, hostile templates
refused before anything runs, and clean `file:line: message` errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_kit.drafting import sandbox
from incident_kit.cli import app
from incident_kit.sources.yaml import load_draft
from incident_kit.drafting.render import render
from incident_kit.drafting.sandbox import OrgTemplateError, find_template, render_template

DRAFT = Path(__file__).parent / "fixtures" / "kits" / "revocation-delay.yaml"


@pytest.fixture(scope="module")
def report():
    return load_draft(DRAFT)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


GOOD = """\
{% import "_parts.j2" as parts %}
{{ parts.banner(report.bug.ca_owner) }}
Kind: {{ kind }}; {{ report.action_items | length }} action items; next update {{ report.bug.next_update }}
{% for e in report.timeline if "revocation_completed" in e.tags | map(attribute="value") %}
Revocation completed: {{ e.at | utc }}
{% endfor %}
{{ irg_markdown }}
"""
PARTS = '{% macro banner(owner) %}**Posted by {{ owner | md_inline }} compliance**{% endmacro %}\n'


def test_organisation_template_renders_with_the_documented_context(tmp_path, report):
    write(tmp_path, "_parts.j2", PARTS)
    path = write(tmp_path, "bugzilla.md.j2", GOOD)
    out = render_template(path, report)
    assert out.startswith("**Posted by Meridian Sign compliance**\n")
    assert "Kind: full; 5 action items; next update 2026-06-15" in out
    assert "Revocation completed: 2026-05-12 17:20 UTC" in out
    assert render(report).strip() in out
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert render_template(path, report) == out


def test_find_template_by_name_and_listing(tmp_path):
    write(tmp_path, "bugzilla.md.j2", "x")
    write(tmp_path, "_helpers.j2", "x")
    assert find_template("bugzilla", [tmp_path]).name == "bugzilla.md.j2"
    with pytest.raises(OrgTemplateError, match="available: bugzilla"):
        find_template("other", [tmp_path])


HOSTILE = [
    ("{{ ''.__class__.__mro__ }}", "attribute '__"),
    ("{{ ().__class__.__base__.__subclasses__() }}", "attribute '__"),
    ("{{ report['__dict__'] }}", "item '__dict__'"),
    ("{{ report | attr('__class__') }}", "attr filter"),
    ("{{ report | attr(name) }}", "attr filter"),
    ("{% include '../secret.txt' %}", "secret.txt"),
    ("{% include '/etc/passwd' %}", "/etc/passwd"),
    ("{% import 'os' as os %}", "'os'"),
    ("{% from 'subprocess' import run %}", "'subprocess'"),
    ("{% set n = 'x' %}{% include n %}", "constant string"),
    ("{% extends parent %}", "constant string"),
]


@pytest.mark.parametrize("source, reason", HOSTILE)
def test_hostile_template_is_refused_before_anything_runs(tmp_path, report, monkeypatch, source, reason):
    (tmp_path.parent / "secret.txt").write_text("secret")
    calls: list[str] = []
    real = sandbox.sandbox_environment

    def probing(folder):
        env = real(folder)
        env.filters["probe"] = lambda v: calls.append(v) or v
        return env

    monkeypatch.setattr(sandbox, "sandbox_environment", probing)
    path = write(tmp_path, "evil.md.j2", "{{ 'ran' | probe }}\nline two\n" + source + "\n")
    with pytest.raises(OrgTemplateError) as info:
        render_template(path, report)
    message = str(info.value)
    assert message.startswith(f"{path}:3: ") or message.startswith(f"{path.resolve()}:3: ")
    assert reason in message and "\n" not in message
    assert calls == [], "part of a refused template ran"


RUNTIME = [
    ("{{ report.model_dump() }}", "refused"),
    ("{{ report.bug.posted.now() }}", "refused"),
    ("{{ report.bug.posted.astimezone() }}", "refused"),
    ("{{ report.summary.ccadb_id.format.__doc__ }}", "attribute '__doc__'"),
    ("{% for i in range(10**9) %}{% endfor %}", "not allowed"),
    ("{{ 'x' * 100000000 }}", "limit is"),
    ("{{ lipsum() }}", "undefined"),
    ("{{ no_such_name }}", "undefined"),
    ("{% set l = [1] %}{{ l.append(2) }}", "refused"),
]


@pytest.mark.parametrize("source, reason", RUNTIME)
def test_unsafe_or_broken_runtime_access_is_one_line_at_the_template_line(tmp_path, report, source, reason):
    path = write(tmp_path, "t.md.j2", "first\n\n\n" + source + "\n")
    with pytest.raises(OrgTemplateError) as info:
        render_template(path, report)
    message = str(info.value)
    assert re.match(rf"^{re.escape(str(path.resolve()))}:4: ", message), message
    assert reason in message and "\n" not in message


def test_syntax_error_names_file_and_line(tmp_path, report):
    path = write(tmp_path, "t.md.j2", "ok\nok\n{% if %}\n")
    with pytest.raises(OrgTemplateError, match=r"t\.md\.j2:3: template syntax error"):
        render_template(path, report)


def test_error_in_an_included_template_names_that_file(tmp_path, report):
    write(tmp_path, "_inner.j2", "fine\n{{ missing_value }}\n")
    path = write(tmp_path, "outer.md.j2", "{% include '_inner.j2' %}\n")
    with pytest.raises(OrgTemplateError, match=r"_inner\.j2:2: undefined"):
        render_template(path, report)


def test_hostile_included_template_is_refused_at_the_include(tmp_path, report):
    write(tmp_path, "_inner.j2", "{{ cycler.__init__.__globals__ }}\n")
    path = write(tmp_path, "outer.md.j2", "harmless\n{% include '_inner.j2' %}\n")
    with pytest.raises(OrgTemplateError, match=r"_inner\.j2:1: refused: access to the attribute '__globals__'"):
        render_template(path, report)


def test_symbolic_link_out_of_the_folder_is_not_served(tmp_path, report):
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_leak.j2").symlink_to(outside)
    path = write(folder, "t.md.j2", "{% include '_leak.j2' %}\n")
    with pytest.raises(OrgTemplateError, match="refused: no template '_leak.j2'"):
        render_template(path, report)


def test_render_template_option_with_configured_folder(tmp_path, monkeypatch):
    (tmp_path / ".incident-kit.toml").write_text('template-paths = ["org"]\n')
    write(tmp_path / "org", "_parts.j2", PARTS)
    write(tmp_path / "org", "bugzilla.md.j2", GOOD)
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.md"
    result = run("render", str(draft), "--template", "bugzilla", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text().startswith("**Posted by Meridian Sign compliance**")
    missing = run("render", str(draft), "--template", "nope")
    assert missing.exit_code == 2 and "available: bugzilla" in missing.stderr


def test_hostile_template_through_the_cli_writes_nothing(tmp_path):
    evil = write(tmp_path / "t", "evil.md.j2", "hello\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    out = tmp_path / "out.md"
    result = run("render", str(DRAFT), "--template", str(evil), "-o", str(out))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "evil.md.j2:2: refused" in result.stderr
    assert result.stdout == "" and not out.exists()
