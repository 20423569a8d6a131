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
    # The template renders in a child process: the probe leaves its trace in a file.
    trace = tmp_path.parent / f"{tmp_path.name}-probe.txt"
    real = sandbox.sandbox_environment

    def probe(value):
        with trace.open("a") as out:
            out.write(value)
        return value

    def probing(folder):
        env = real(folder)
        env.filters["probe"] = probe
        return env

    monkeypatch.setattr(sandbox, "sandbox_environment", probing)
    path = write(tmp_path, "evil.md.j2", "{{ 'ran' | probe }}\nline two\n" + source + "\n")
    with pytest.raises(OrgTemplateError) as info:
        render_template(path, report)
    message = str(info.value)
    assert message.startswith(f"{path}:3: ") or message.startswith(f"{path.resolve()}:3: ")
    assert reason in message and "\n" not in message
    assert not trace.exists(), "part of a refused template ran"


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


def test_the_probe_of_the_hostile_template_test_sees_a_template_that_runs(tmp_path, report, monkeypatch):
    """The trace file of the test above is written when a probed template does run (in the child)."""
    trace = tmp_path / "probe.txt"
    real = sandbox.sandbox_environment

    def probing(folder):
        env = real(folder)
        env.filters["probe"] = lambda v: trace.open("a").write(v) and v
        return env

    monkeypatch.setattr(sandbox, "sandbox_environment", probing)
    render_template(write(tmp_path / "t", "fine.md.j2", "{{ 'ran' | probe }}\n"), report)
    assert trace.read_text() == "ran"


# --------------------------------------------------------------------------------------------
# Budgets: time, memory and the size of every intermediate value.
# --------------------------------------------------------------------------------------------

NESTED_LOOPS = (
    "first line\n{% for i in range(10000) %}\n"
    "{% for j in range(10000) %}{% for k in range(10000) %}{% endfor %}{% endfor %}{% endfor %}\n"
)


def test_nested_range_loops_stop_at_the_time_limit_with_the_template_line(tmp_path, report):
    path = write(tmp_path, "loops.md.j2", NESTED_LOOPS)
    with pytest.raises(OrgTemplateError) as info:
        render_template(path, report, timeout=1.5)
    assert re.fullmatch(rf"{re.escape(str(path.resolve()))}:3: template took longer than 1\.5 s", str(info.value))


def test_a_child_that_does_not_stop_itself_is_killed_by_the_parent(tmp_path, report, monkeypatch):
    """Without the child's own alarm (a system without SIGALRM, or a long C call), the parent's
    limit still ends the render."""
    monkeypatch.setattr(sandbox, "_set_limits", lambda timeout, memory_mb: None)
    monkeypatch.setattr(sandbox, "_GRACE_SECONDS", 0.5)
    path = write(tmp_path, "loops.md.j2", NESTED_LOOPS)
    with pytest.raises(OrgTemplateError) as info:
        render_template(path, report, timeout=1.0)
    assert str(info.value) == f"{path}: template took longer than 1 s"


def test_time_limit_through_the_cli_exits_2_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "TIMEOUT_SECONDS", 1.5)
    path = write(tmp_path / "t", "loops.md.j2", NESTED_LOOPS)
    out = tmp_path / "out.md"
    out.write_text("kept\n")
    result = run("render", str(DRAFT), "--template", str(path), "-o", str(out), "--force")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("loops.md.j2:3: template took longer than 1.5 s")
    assert len(result.stderr.strip().splitlines()) == 1
    assert out.read_text() == "kept\n"


GIANT = 1_500_000_000  # 1.5 GB of text if it were built

INTERMEDIATE = [
    f'{{{{ "x".center({GIANT}) | length }}}}',
    f'{{{{ "x".ljust({GIANT}) }}}}',
    f'{{{{ "x".rjust({GIANT}) }}}}',
    f'{{{{ "7".zfill({GIANT}) }}}}',
    f'{{{{ "{{:>{GIANT}}}".format("x") | length }}}}',
    f'{{{{ "{{:>{{}}}}".format("x", {GIANT}) }}}}',
    f'{{{{ "{{v:>{GIANT}}}".format_map({{"v": "x"}}) }}}}',
    f'{{{{ "%0{GIANT}d" % 1 }}}}',
    f'{{{{ "%*d" % ({GIANT}, 1) }}}}',
    f'{{{{ "%0{GIANT}d" | format(1) }}}}',
    f'{{{{ "x" | center({GIANT}) }}}}',
    '{{ ("x" * 100000).replace("x", "x" * 100000) | length }}',
    '{{ ("x" * 100000) | replace("x", "x" * 100000) | length }}',
    '{{ ("x" * 100000 + "\t").expandtabs(1000000000) }}',
    '{{ ("y" * 100000).join(["x" * 100000] * 100) | length }}',
    '{{ (["x" * 100000] * 100) | join("y" * 100000) }}',
    f'{{{{ [1] | batch({GIANT}, "x") | list | length }}}}',
    f'{{{{ [1] | slice({GIANT}) | list | length }}}}',
    '{{ ("x" * 100000) | indent(1000000000) }}',
    '{{ (("x" * 100000) ~ ("x" * 100000)) * 20 }}',
    '{{ ("x" * 100000) * 15 + ("x" * 100000) * 15 }}',
]


@pytest.mark.parametrize("source", INTERMEDIATE)
def test_intermediate_strings_are_capped_before_they_are_built(tmp_path, report, source):
    path = write(tmp_path, "big.md.j2", "ok\n" + source + "\n")
    with pytest.raises(OrgTemplateError) as info:
        render_template(path, report, memory_mb=256)
    message = str(info.value)
    assert message.startswith(f"{path.resolve()}:2: ") and "the limit is" in message, message


def test_many_values_under_the_cap_stop_at_the_memory_budget(tmp_path, report):
    if sandbox._address_space() is None:
        pytest.skip("no /proc/self/statm: the address-space budget is not measured on this system")
    path = write(tmp_path, "hog.md.j2", '{% set hog = range(10000) | map("center", 100000) | list %}{{ hog | length }}\n')
    with pytest.raises(OrgTemplateError) as info:
        render_template(path, report, memory_mb=128)
    assert str(info.value) == f"{path.resolve()}:1: template used more than 128 MB"


ORDINARY = (
    '{{ "ab".center(6, "*") }}|{{ "x".ljust(3, ".") }}|{{ "{:>4}".format("y") }}|{{ "%03d" % 7 }}|'
    '{{ 7 % 3 }}|{{ 1 + 2 }}|{{ "a" + "b" }}|{{ ["a", "b"] | join(", ") }}|{{ "-".join(["c", "d"]) }}|'
    '{{ "a b" | replace(" ", "_") }}|{{ "%s=%s" | format("k", 1) }}|{{ "q\nr" | indent(2) }}|'
    '{{ [1, 2, 3] | batch(2, 0) | list }}|{{ "v{n}".format_map({"n": 2}) }}|{{ report.bug.ca_owner | center(20) | trim }}\n'
)


def test_ordinary_use_of_the_capped_operations_is_unchanged(tmp_path, report):
    path = write(tmp_path, "ok.md.j2", ORDINARY)
    assert render_template(path, report) == (
        "**ab**|x..|   y|007|1|3|ab|a, b|c-d|a_b|k=1|q\n  r|[[1, 2], [3, 0]]|v2|Meridian Sign\n"
    )


def test_a_value_without_safe_markdown_form_is_still_reported_at_its_field(tmp_path, report):
    bad = report.model_copy(deep=True)
    link = bad.related_incidents[0] if getattr(bad, "related_incidents", None) else None
    if link is None:
        pytest.skip("the fixture draft has no related incident")
    object.__setattr__(link, "url", "javascript:alert(1)")
    path = write(tmp_path, "t.md.j2", "{{ irg_markdown }}\n")
    from incident_kit.drafting.render import RenderError

    with pytest.raises(RenderError, match=r"related_incidents\[1\]\.url: .*not an http"):
        render_template(path, bad)
