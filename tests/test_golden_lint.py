"""Whole-document findings goldens (pkilint style): every rule on every shipped example.

``tests/golden/lint/<example file>.findings.json`` holds what ``incident-kit lint --format json``
reports for ``examples/<example file>`` (no configuration file, no ``--as-of``: a draft's own
posting date applies). A case file pins one rule; these pin the interplay of all of them, so a change
in one rule that moves another's findings on a real-looking report shows up here.

When a change is meant to alter findings, review the difference this test prints, then refresh
the goldens from the repository root and commit them with the change that explains them::

    python tests/test_golden_lint.py --update
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden" / "lint"
SUFFIXES = (".md", ".yaml")
UPDATE = "python tests/test_golden_lint.py --update"


def examples() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in SUFFIXES and p.name != "README.md")


def golden_path(example: Path) -> Path:
    return GOLDEN / f"{example.name}.findings.json"


def findings_json(example: Path) -> str:
    """The example's lint result as the golden stores it (path relative to the repository)."""
    from incident_kit.lint.engine import lint_paths

    (result,) = lint_paths([example], use_config=False)
    data = result.to_dict()
    data["path"] = example.relative_to(REPO).as_posix()
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _summary(data: dict[str, Any]) -> set[str]:
    return {f"{f['code']} line {f['line']}: {f['message']}" for f in data["findings"]}


@pytest.mark.parametrize("example", examples(), ids=lambda p: p.name)
def test_findings_match_the_golden(example: Path) -> None:
    golden = golden_path(example)
    assert golden.is_file(), f"no golden for {example.name}; create it with: {UPDATE}"
    got = findings_json(example)
    want = golden.read_text(encoding="utf-8")
    if got == want:
        return
    g, w = json.loads(got), json.loads(want)
    gone = sorted(_summary(w) - _summary(g))
    new = sorted(_summary(g) - _summary(w))
    lines = [f"{example.name}: findings changed (review, then run: {UPDATE})"]
    lines += [f"  - {x}" for x in gone] + [f"  + {x}" for x in new]
    if not gone and not new:
        lines.append("  (same findings; other fields differ: kind, order, severity, citations, fix or suppression)")
    pytest.fail("\n".join(lines))


def test_every_golden_belongs_to_an_example() -> None:
    names = {golden_path(p).name for p in examples()}
    stale = sorted(p.name for p in GOLDEN.glob("*.findings.json") if p.name not in names)
    assert not stale, f"goldens without an example (delete them, or run {UPDATE}): {stale}"


def test_goldens_pin_real_findings() -> None:
    """The flawed examples exist to be flagged: their goldens hold errors, the careful ones none."""
    flawed = [p for p in examples() if "flawed" in p.stem and golden_path(p).is_file()]  # a missing one fails above
    assert flawed
    for p in flawed:
        data = json.loads(golden_path(p).read_text(encoding="utf-8"))
        assert any(f["severity"] == "error" for f in data["findings"]), p.name


def update() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    keep = set()
    for example in examples():
        path = golden_path(example)
        keep.add(path)
        text = findings_json(example)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    for path in GOLDEN.glob("*.findings.json"):
        if path not in keep:
            path.unlink()
            print(f"removed {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        print(f"usage: {UPDATE}", file=sys.stderr)
        sys.exit(2)
    sys.path.insert(0, str(REPO))
    sys.exit(update())
