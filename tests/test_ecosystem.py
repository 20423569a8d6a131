"""The homes incident-kit has outside its own command line: the pre-commit hook manifest, the
composite GitHub Action (run the way a runner runs it, against a fixture repository made in a
temporary folder), the example workflow in docs/ci.md, shell completion, the progress bar, the
JSON Schema of the lint output, and the package metadata (licence, changelog, classifiers)."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import REPO

BIN = Path(sys.executable).parent
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"
LINT_SCHEMA = REPO / "schemas" / "lint-output.schema.json"


def _yaml(text: str):  # type: ignore[no-untyped-def]
    return YAML(typ="safe", pure=True).load(text)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("NO_COLOR", None)
    return env


def _fixture_repo(root: Path) -> Path:
    """A repository of reports: one clean, one with fixable findings, and files that are not reports."""
    (root / "incidents").mkdir(parents=True)
    shutil.copy(REPO / "examples" / "profile-misissuance-full.md", root / "incidents" / "clean.md")
    shutil.copy(REPO / "tests/rules/IK603/fire-done-and-in-progress.md", root / "incidents" / "statuses.md")
    (root / "README.md").write_text("# Our incident reports\n", encoding="utf-8")
    (root / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    return root


def _all_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# -- pre-commit --------------------------------------------------------------------------------


def _hooks() -> dict[str, dict]:
    return {h["id"]: h for h in _yaml((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def _selected(hook: dict, files: list[str]) -> list[str]:
    """The files pre-commit passes to a hook: ``files`` and ``exclude`` are searched (re.search)."""
    inc, exc = re.compile(hook.get("files", "")), re.compile(hook.get("exclude", "^$"))
    return [f for f in files if inc.search(f) and not exc.search(f)]


def test_pre_commit_manifest_declares_lint_and_fix_hooks() -> None:
    hooks = _hooks()
    assert set(hooks) == {"incident-kit", "incident-kit-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["entry"].startswith("incident-kit lint")
        assert hook["name"] and hook["description"]
    assert "--fix" in hooks["incident-kit-fix"]["entry"].split()
    assert "--fix" not in hooks["incident-kit"]["entry"].split()


def test_pre_commit_hooks_run_against_a_fixture_repository(tmp_path: Path) -> None:
    root = _fixture_repo(tmp_path / "repo")
    hooks = _hooks()
    files = _selected(hooks["incident-kit"], _all_files(root))
    assert files == ["incidents/clean.md", "incidents/statuses.md"]  # README, dot-folders left out

    lint = subprocess.run([*shlex.split(hooks["incident-kit"]["entry"]), *files], cwd=root, env=_env(), capture_output=True, text=True)
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert "incidents/statuses.md:8:" in lint.stdout and "IK603" in lint.stdout
    assert "incidents/clean.md" not in lint.stdout

    before = (root / "incidents/statuses.md").read_text(encoding="utf-8")
    fix = subprocess.run([*shlex.split(hooks["incident-kit-fix"]["entry"]), *files], cwd=root, env=_env(), capture_output=True, text=True)
    after = (root / "incidents/statuses.md").read_text(encoding="utf-8")
    assert after != before and "| Done |" not in after and "| Complete |" in after
    assert "IK603" not in fix.stdout
    again = subprocess.run([*shlex.split(hooks["incident-kit-fix"]["entry"]), *files], cwd=root, env=_env(), capture_output=True, text=True)
    assert (root / "incidents/statuses.md").read_text(encoding="utf-8") == after
    assert "fixed 0 findings" in again.stderr


# -- the GitHub Action -------------------------------------------------------------------------

_EXPR_RE = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def _action() -> dict:
    return _yaml((REPO / "action.yml").read_text(encoding="utf-8"))


def _substitute(value: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        expr = m.group(1)
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs.") :]]
        if expr.startswith("steps.") and expr.endswith(".outputs.exit-code"):
            return outputs["exit-code"]
        raise AssertionError(f"unexpected expression in action.yml: {expr}")

    return _EXPR_RE.sub(one, str(value))


def _run_step(step: dict, inputs: dict[str, str], outputs: dict[str, str], cwd: Path, tmp: Path) -> int:
    assert step["shell"] == "bash"
    assert "${{" not in step["run"], "inputs must reach the script through env, not be pasted into it"
    out_file = tmp / "github_output"
    out_file.write_text("", encoding="utf-8")
    env = _env() | {k: _substitute(v, inputs, outputs) for k, v in step.get("env", {}).items()}
    env["GITHUB_OUTPUT"] = str(out_file)
    proc = subprocess.run(["bash", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True)
    for line in out_file.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        outputs[key] = value
    outputs["_stdout"] = proc.stdout
    return proc.returncode


def test_action_lints_uploads_sarif_and_fails_on_findings(tmp_path: Path) -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs["paths"] = "incidents"
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert _substitute(upload["with"]["sarif_file"], inputs, {}) == inputs["sarif-file"]
    install = next(s for s in steps if s.get("name") == "Install incident-kit")
    assert "GITHUB_ACTION_PATH" in install["run"]  # the action's own checkout by default

    root = _fixture_repo(tmp_path / "repo")
    outputs: dict[str, str] = {}
    lint = next(s for s in steps if s.get("id") == "lint")
    assert _run_step(lint, inputs, outputs, root, tmp_path) == 0
    assert outputs["exit-code"] == "1"
    assert "::error file=incidents/statuses.md,line=8" in outputs["_stdout"]  # annotations too
    log = json.loads((root / inputs["sarif-file"]).read_text(encoding="utf-8"))
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    located = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert located == {"incidents/statuses.md"}

    fail = next(s for s in steps if s.get("name") == "Fail on findings")
    assert _run_step(fail, inputs, outputs, root, tmp_path) == 1

    (root / "incidents" / "statuses.md").unlink()
    assert _run_step(lint, inputs, outputs, root, tmp_path) == 0 and outputs["exit-code"] == "0"
    assert _run_step(fail, inputs, outputs, root, tmp_path) == 0


def _doc_blocks(path: Path, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", path.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def test_docs_ci_example_workflow_uses_the_action_correctly() -> None:
    blocks = [_yaml(b) for b in _doc_blocks(REPO / "docs" / "ci.md", "yaml")]
    workflows = [b for b in blocks if isinstance(b, dict) and "jobs" in b]
    assert workflows, "docs/ci.md shows no workflow"
    action_inputs = set(_action()["inputs"])
    used = 0
    for wf in workflows:
        assert "on" in wf or True in wf  # YAML 1.1 readers turn a bare `on` into True
        for job in wf["jobs"].values():
            for step in job["steps"]:
                uses = str(step.get("uses", ""))
                if uses.split("@")[0].endswith("/incident-kit"):
                    used += 1
                    assert set(step.get("with", {})) <= action_inputs, step
                    assert job.get("permissions", wf.get("permissions", {})).get("security-events") == "write"
                    assert any(str(s.get("uses", "")).startswith("actions/checkout@") for s in job["steps"])
    assert used
    configs = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    assert configs, "docs/ci.md shows no .pre-commit-config.yaml"
    ids = {h["id"] for c in configs for r in c["repos"] for h in r["hooks"]}
    assert ids and ids <= set(_hooks())


def test_readme_shows_pre_commit_and_the_action() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pre-commit" in readme and "docs/ci.md" in readme and "GitHub Action" in readme


# -- shell completion and progress -------------------------------------------------------------


def test_shell_completion_completes_commands_and_options(tmp_path: Path) -> None:
    env = _env() | {"_INCIDENT_KIT_COMPLETE": "complete_bash", "COMP_WORDS": "incident-kit li", "COMP_CWORD": "1"}
    out = subprocess.run([str(BIN / "incident-kit")], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.split() == ["lint"]
    script = subprocess.run([str(BIN / "incident-kit"), "--show-completion", "bash"], env=_env(), capture_output=True, text=True)
    assert script.returncode == 0 and "_INCIDENT_KIT_COMPLETE" in script.stdout


def test_progress_bar_only_for_a_terminal_and_many_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from incident_kit.commands import linting

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert linting._progress(None) is None  # not a terminal

    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    draw = linting._progress(None)
    for n in range(1, 4):
        draw(n, 3, f"f{n}.md")
    assert tty.getvalue() == ""  # a few files: no bar
    total = linting.PROGRESS_MIN_FILES
    for n in range(1, total + 1):
        draw(n, total, f"f{n}.md")
    assert tty.getvalue().endswith(f"] {total}/{total} files\n") and "\r[" in tty.getvalue()
    assert linting._progress(False) is None


# -- the lint output schema ---------------------------------------------------------------------


def test_lint_json_output_validates_against_its_schema(tmp_path: Path) -> None:
    from incident_kit.document import ALL_KINDS, KIND_UNKNOWN, READ_ONLY_KINDS

    schema = json.loads(LINT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["$defs"]["file"]["properties"]["kind"]["enum"]) == {*ALL_KINDS, *READ_ONLY_KINDS, KIND_UNKNOWN}
    inputs = [
        str(REPO / "examples" / "seed-legacy-intermediate-disclosure.md"),
        str(REPO / "tests/rules/IK602/fire-preventive-and-corrective.md"),
        str(REPO / "tests/rules/IK004/fire-action-kind-and-status-variants.yaml"),
        str(tmp_path / "missing.md"),
    ]
    out = subprocess.run([str(BIN / "incident-kit"), "lint", *inputs, "-f", "json", "--as-of", "2018-08-01"], capture_output=True, text=True)
    data = json.loads(out.stdout)
    jsonschema.validate(data, schema)
    assert any(f["fix"] for file in data["files"] for f in file["findings"])
    broken = json.loads(out.stdout)
    broken["files"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    lines = subprocess.run([str(BIN / "incident-kit"), "lint", *inputs[:2], "-f", "jsonl"], capture_output=True, text=True).stdout
    finding_schema = {**schema["$defs"]["finding"], "$defs": schema["$defs"]}
    jsonl_schema = {"allOf": [finding_schema], "required": ["path"], "properties": {"path": {"type": "string"}}}
    for line in lines.splitlines():
        jsonschema.validate(json.loads(line), {**jsonl_schema, "$defs": schema["$defs"]})


# -- package metadata ---------------------------------------------------------------------------


def test_licence_changelog_and_classifiers() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MPL-2.0"
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("Mozilla Public License Version 2.0\n") and "Exhibit B" in licence
    classifiers = set(meta["classifiers"])
    assert {"Programming Language :: Python :: 3.11", "Programming Language :: Python :: 3.12"} <= classifiers
    assert any(c.startswith("Development Status ::") for c in classifiers)
    assert "Operating System :: OS Independent" in classifiers
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {meta['version']}" in changelog or "## Unreleased" in changelog
