"""Cross-cutting acceptance checks: the shipped examples through reader, converter and linter."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, SHARED_MISSING, shared_dir
from typer.testing import CliRunner

from incident_kit.cli import app
from incident_kit.sources.yaml import load_draft
from incident_kit.lint.engine import lint_paths, lint_text
from incident_kit.model import parse_draft_datetime
from incident_kit.sources.markdown import read_report

EXAMPLES = REPO / "examples"
SEED_LEGACY = EXAMPLES / "seed-legacy-intermediate-disclosure.md"
DRAFTS = sorted(EXAMPLES.glob("*.yaml"))


def test_seed_legacy_loads_with_topics_1_2_6_7_and_dates_as_written():
    doc = read_report(SEED_LEGACY)
    assert doc.kind == "legacy"
    topics = {s.key for s in doc.sections if s.key.startswith("topic")}
    assert topics == {"topic1", "topic2", "topic6", "topic7"}
    text = SEED_LEGACY.read_text(encoding="utf-8").splitlines()
    assert len(doc.timeline) == 4
    for entry in doc.timeline:
        assert entry.when is not None and not entry.when.has_time
        # each entry keeps its date exactly as the CA wrote it, at the line it stands on
        assert entry.when.raw in text[entry.line - 1]
    assert [e.when.raw for e in doc.timeline] == ["2018-06-29", "2018-07-03", "July 30th", "2018-07-31"]


def test_seed_legacy_lint_reports_missing_topics_and_timeline_at_their_lines():
    result = lint_text(SEED_LEGACY.read_text(encoding="utf-8"), SEED_LEGACY.name, as_of=date(2018, 8, 1))
    missing = [f for f in result.visible if f.code == "IK106"]
    assert sorted(f.message.split(",")[0] for f in missing) == ["legacy topic 3", "legacy topic 4", "legacy topic 5"]
    timeline = [f for f in result.visible if f.code in ("IK301", "IK302", "IK303")]
    assert timeline, "expected IK3 findings on the dates without times"
    lines = SEED_LEGACY.read_text(encoding="utf-8").splitlines()
    for f in timeline:
        assert f.line is not None and lines[f.line - 1].startswith(("2018-", "July"))
    (aware,) = [f for f in result.visible if f.code == "IK311"]  # topic 1 gives a date, no time
    assert "became aware" in lines[aware.line - 1] and not lines[aware.line - 1].startswith("1.")  # the answer, not the question


def _listed_flaws() -> dict[str, set[str]]:
    """``{stem: codes}`` for each flawed example, from its section of examples/README.md
    ("### `name-flawed.yaml`" followed by "Expected findings: IK501, IK502.")."""
    import re

    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"^### `([\w-]+)\.yaml`\n\nExpected findings: ([^\n]+)\.$", readme, re.MULTILINE):
        out[m.group(1)] = set(re.findall(r"IK\d{3}", m.group(2)))
    return out


FLAWED = _listed_flaws()


def test_every_flawed_example_lists_its_flaws():
    flawed = {p.stem for p in DRAFTS if p.stem.endswith("-flawed")}
    assert flawed and flawed == set(FLAWED)


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_example_drafts_and_their_markdown_get_no_error_or_exactly_their_listed_flaws(path):
    md = path.with_suffix(".md")
    results = lint_paths([path, md], use_config=False)
    if path.stem in FLAWED:
        for r in results:
            assert {f.code for f in r.visible} == FLAWED[path.stem], (r.path, [(f.code, f.message) for f in r.visible])
        return
    errors = [(r.path, f.code, f.line, f.message) for r in results for f in r.visible if f.severity.value == "error"]
    assert errors == []


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_parse_of_rendered_example_reproduces_its_draft(path, tmp_path):
    """`incident-kit parse` of an example's rendered Markdown gives back its draft. Compared through
    the model, so equal values spelled differently (an offset or UTC) count as equal; what the
    Markdown does not carry is taken from the draft: bug metadata, timeline tags, seconds in the
    timeline, and a Closure report's action items."""
    from ruamel.yaml import YAML

    from incident_kit.model import REPORT_MODELS

    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(app, ["parse", str(path.with_suffix(".md")), "-o", str(out)])
    assert result.exit_code == 0, result.output
    original = load_draft(path)
    parsed = YAML(typ="safe", pure=True).load(out.read_text(encoding="utf-8"))
    parsed["bug"] = original.bug.model_dump(mode="json")
    parsed["irg_version"] = original.irg_version
    if original.kind == "closure":
        parsed["action_items"] = [a.model_dump(mode="json") for a in original.action_items]
    reparsed = REPORT_MODELS[original.kind].model_validate(parsed)
    assert _comparable(reparsed.model_dump()) == _comparable(original.model_dump())


def _comparable(value, key=None):
    if isinstance(value, dict):
        return {k: _comparable(v, k) for k, v in value.items() if k != "tags"}
    if isinstance(value, list):
        return [_comparable(v, key) for v in value]
    if isinstance(value, str):
        try:
            moment = parse_draft_datetime(value)
        except ValueError:
            return value
        if key == "at":  # the timeline renders to the minute
            moment = moment.replace(second=0, microsecond=0)
        return moment.timestamp()
    return value


GOOD_SAMPLES = {
    "04_": "2024-07-19",
    "05_": "2025-10-03",
    "06_": "2026-02-20",
    "10_": "2026-05-19",
}


@pytest.mark.parametrize("prefix", sorted(GOOD_SAMPLES))
def test_good_samples_get_no_error_from_any_rule(prefix):
    shared = shared_dir()
    if shared is None:
        pytest.skip(SHARED_MISSING)
    path = next((shared / "samples").glob(f"{prefix}*.md"))
    result = lint_text(path.read_text(encoding="utf-8"), path.name, as_of=date.fromisoformat(GOOD_SAMPLES[prefix]))
    assert [(f.code, f.line, f.message) for f in result.visible if f.severity.value == "error"] == []


def test_cli_json_on_a_directory_is_the_documented_contract(tmp_path):
    out = CliRunner().invoke(app, ["lint", "--format", "json", "--as-of", "2018-08-01", str(SEED_LEGACY)])
    data = json.loads(out.output)
    assert data["tool"] == "incident-kit" and isinstance(data["version"], str)
    (entry,) = data["files"]
    assert entry["kind"] == "legacy" and Path(entry["path"]).name == SEED_LEGACY.name
    for f in entry["findings"]:
        assert set(f) >= {"code", "name", "severity", "message", "line", "column", "citations", "suggestion", "suppressed"}


def _all_command_paths():
    import typer.main

    root = typer.main.get_command(app)
    paths = []

    def walk(cmd, prefix):
        sub = getattr(cmd, "commands", None)
        if sub:
            if prefix:
                paths.append(prefix)
            for name, child in sub.items():
                walk(child, prefix + [name])
        else:
            paths.append(prefix)

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p))
def test_every_command_and_group_has_help_with_an_example(path):
    out = CliRunner().invoke(app, [*path, "--help"])
    assert out.exit_code == 0
    assert "Example" in out.output, " ".join(path)


def test_parse_marks_what_the_posted_report_lacks_with_prompts(tmp_path):
    """Topics 3 to 5 are missing from the seed's legacy report: the draft asks for them instead of
    claiming N/A, and lint reports the prompts."""
    out = tmp_path / "seed.yaml"
    result = CliRunner().invoke(app, ["parse", str(SEED_LEGACY), "-o", str(out)])
    assert result.exit_code == 1  # values kept as text: the timeline dates have no time of day
    text = out.read_text(encoding="utf-8")
    for field in ("issuance_stopped", "problematic_certificates", "certificate_data"):
        line = next(l for l in text.splitlines() if l.startswith(f"{field}:"))
        assert "<not in the posted report" in line and "N/A" not in line.split("#")[0].replace("write N/A", "")
    assert "issuance_stopped: section missing" in result.stderr.replace(f"{SEED_LEGACY}: ", "")


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_draft_and_its_markdown_get_the_same_findings(path):
    """The linter judges what the report says, not how it was written down: a draft and the
    Markdown rendered from it get the same findings (codes, severities, clauses), apart from the
    rules that look only at a draft's own data (timeline tags) or at bug metadata."""
    draft = load_draft(path)
    (yaml_result,) = lint_paths([path], use_config=False)
    # the Markdown does not carry the bug's metadata: give it as a reviewer would
    (md_result,) = lint_paths(
        [path.with_suffix(".md")],
        use_config=False,
        as_of=draft.bug.posted.date() if draft.bug.posted else None,
        whiteboard=" ".join(f"[{t}]" for t in draft.bug.whiteboard) or None,
    )

    def key(result):
        return sorted((f.code, f.severity.value, tuple(f.citations)) for f in result.visible if f.code not in ("IK003",))

    assert key(yaml_result) == key(md_result)


KIT_EXAMPLES = sorted((REPO / "tests" / "fixtures" / "kits").glob("*.yaml"))


@pytest.mark.parametrize("path", KIT_EXAMPLES, ids=lambda p: p.name)
def test_kit_example_and_its_rendered_markdown_get_the_same_findings(path, tmp_path):
    from incident_kit.drafting.render import render

    draft = load_draft(path)
    md = tmp_path / (path.stem + ".md")
    md.write_text(render(draft), encoding="utf-8")
    (yaml_result,) = lint_paths([path], use_config=False)
    (md_result,) = lint_paths(
        [md],
        use_config=False,
        as_of=draft.bug.posted.date() if draft.bug.posted else None,
        whiteboard=" ".join(f"[{t}]" for t in draft.bug.whiteboard) or None,
    )

    def key(result):
        return sorted((f.code, f.severity.value, tuple(f.citations)) for f in result.visible if f.code != "IK003")

    assert key(yaml_result) == key(md_result)
