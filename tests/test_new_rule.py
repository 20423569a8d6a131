"""scripts/new_rule.py, run in a temporary copy of the project: the rule it writes loads, is
documented, passes the meta-test and its own cases and phrases; bad requests change nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

SCRIPT = REPO / "scripts" / "new_rule.py"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("incident_kit", "docs", "scripts", "templates", "schemas"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    (root / "tests").mkdir()
    for path in (REPO / "tests").glob("*.py"):  # the helpers the conftest imports, and the case runner
        if not path.name.startswith("test_") or path.name == "test_rule_cases.py":
            shutil.copy(path, root / "tests" / path.name)
    shutil.copytree(REPO / "tests" / "rules", root / "tests" / "rules", ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True)


def _free_code() -> str:
    from incident_kit.lint.rule import all_rules

    taken = set(all_rules())
    return next(f"IK9{n:02d}" for n in range(99, 0, -1) if f"IK9{n:02d}" not in taken)


def test_new_rule_writes_a_working_documented_rule(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    code = _free_code()
    res = _run(root, str(SCRIPT), code, "hedged-root-cause", "--phrase", "we think the cause was",
               "--citation", "IRG 3.2 §Root Cause Analysis")
    assert res.returncode == 0, res.stderr
    stem = f"ik{code[2:]}_hedged_root_cause"
    assert (root / "incident_kit/rules/ik9_wording" / f"{stem}.py").is_file()
    assert f"### {code} hedged-root-cause" in (root / "docs/rules.md").read_text(encoding="utf-8")
    cases = root / "tests" / "rules" / code
    assert sorted(p.name for p in cases.iterdir()) == ["fire-phrase.md", "phrases.toml", "quiet-phrase.md"]
    # the meta-test, the docs check, the new rule's cases and its phrases, in the copy
    res = _run(root, "-m", "pytest", "-rA", "-p", "no:cacheprovider", "tests/test_rule_cases.py", "tests/rules/test_phrases.py",
               "-k", f"{code} or every_rule or rules_doc or well_formed")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    ran = [line for line in res.stdout.splitlines() if line.startswith("PASSED")]
    assert sum(code in line for line in ran) == 4, res.stdout  # two cases, two phrases
    assert any("every_rule_is_documented" in line for line in ran) and any("rules_doc_is_up_to_date" in line for line in ran)
    # the rule really judges: it fires on its phrase and on nothing else
    res = _run(root, "-c", (
        "from incident_kit.lint.engine import lint_text as l\n"
        f"fire = l('## Full Incident Report\\n\\nWe think the cause was a typo.\\n', kind='full', select=['{code}'])\n"
        f"quiet = l('## Full Incident Report\\n\\nThe cause was a typo.\\n', kind='full', select=['{code}'])\n"
        f"print([f.line for f in fire.findings if f.code == '{code}'], [f.line for f in quiet.findings if f.code == '{code}'])"
    ))
    assert res.stdout.strip() == "[3] []", res.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["IK101", "some-new-name"], "IK101 is taken"),
        (["IK9", "some-new-name"], "is not IK + three digits"),
        (["IK999", "Not_Kebab"], "is not kebab-case"),
        (["IK999", "missing-section"], "the name missing-section is taken"),
    ],
)
def test_new_rule_refuses_bad_requests_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    root = _copy(tmp_path)
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*") if "__pycache__" not in p.parts)
    res = _run(root, str(SCRIPT), *args)
    assert res.returncode == 1 and message in res.stderr and "Traceback" not in res.stderr
    after = sorted(str(p.relative_to(root)) for p in root.rglob("*") if "__pycache__" not in p.parts)
    assert after == before
