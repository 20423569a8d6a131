"""Show that a change leaves every finding byte-identical (not a test; a check for speed work).

    python benchmarks/findings_identical.py --baseline-rev main      # compare this tree with main
    python benchmarks/findings_identical.py --baseline-rev main --merge-base   # ... with where it left main
    python benchmarks/findings_identical.py --dump out.json          # only write this tree's dump

Inputs (read from THIS tree, so both sides lint the same bytes): every file under tests/fixtures,
tests/rules, tests/data and examples/, and the real corpus at ../shared/corpus when it is present.
Each input is linted through the library in three ways, and the JSON of all results is dumped with a
stable order:

1. every file, no ``--as-of`` (with two worker processes where the tree has a pool);
2. every file, ``--as-of 2026-11-27``;
3. each corpus file with the posting date, title and whiteboard of the corpus index.

The baseline side runs the same dumper in a temporary ``git worktree`` of ``--baseline-rev`` (its own
``incident_kit`` package on ``sys.path``), so only the code differs. Exit 0 when both dumps are
byte-identical, 1 with the first differing files listed otherwise. ``INCIDENT_KIT_JOBS`` and other
environment variables are passed through unchanged, so a parallel run can be compared too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FIXED_AS_OF = "2026-11-27"
LINTABLE = (".md", ".markdown", ".txt", ".yaml", ".yml")

# Run inside the tree under test: ``python -c DUMPER tree inputs.json out.json``.
DUMPER = r"""
import json, sys
from datetime import date
from pathlib import Path
tree, inputs, out = sys.argv[1:4]
sys.path.insert(0, tree)
import incident_kit
assert Path(incident_kit.__file__).resolve().is_relative_to(Path(tree).resolve()), incident_kit.__file__
from incident_kit.lint.engine import lint_paths
spec = json.loads(Path(inputs).read_text())
def dump(results):
    return [r.to_dict() for r in results]
runs = {}
import inspect
# Where the tree has a worker pool, the first run uses two workers: order and results must not change.
pool = {"jobs": 2} if "jobs" in inspect.signature(lint_paths).parameters else {}
runs["plain"] = dump(lint_paths(spec["files"], use_config=False, **pool))
runs["as_of"] = dump(lint_paths(spec["files"], as_of=date.fromisoformat(spec["as_of"]), use_config=False))
runs["index"] = []
for item in spec["indexed"]:
    as_of = date.fromisoformat(item["as_of"]) if item["as_of"] else None
    runs["index"] += dump(lint_paths([item["file"]], as_of=as_of, title=item["title"], whiteboard=item["whiteboard"], use_config=False))
Path(out).write_text(json.dumps(runs, indent=1, sort_keys=True, ensure_ascii=False))
"""


def inputs(include_corpus: bool = True) -> dict:
    """The files to lint (absolute paths, sorted) and the corpus index options."""
    files: list[Path] = []
    for folder in ("tests/fixtures", "tests/rules", "tests/data", "examples"):
        base = ROOT / folder
        if base.is_dir():
            files += [p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in LINTABLE]
    indexed = []
    if include_corpus and (CORPUS / "index.yaml").is_file():
        from ruamel.yaml import YAML

        index = YAML(typ="safe").load((CORPUS / "index.yaml").read_text(encoding="utf-8"))
        for entry in index.get("entries", []):
            path = CORPUS / entry["file"]
            if not path.is_file():
                continue
            files.append(path)
            posted = entry.get("posted")
            indexed.append(
                {"file": str(path), "as_of": str(posted) if posted else None, "title": entry.get("title"), "whiteboard": entry.get("whiteboard")}
            )
    return {"files": sorted(str(p) for p in files), "as_of": FIXED_AS_OF, "indexed": indexed}


def dump(tree: Path, spec_file: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-c", DUMPER, str(tree), str(spec_file), str(out)], check=True, cwd=tree)


def _relative(text: str) -> str:
    """Input paths differ only by this tree's location; show them relative to it."""
    return text.replace(str(ROOT) + os.sep, "").replace(str(CORPUS) + os.sep, "corpus/")


def compare(a: Path, b: Path) -> list[str]:
    """Names of the inputs whose results differ, run by run."""
    left, right = json.loads(a.read_text()), json.loads(b.read_text())
    diffs = []
    for run in sorted(set(left) | set(right)):
        lrun, rrun = left.get(run, []), right.get(run, [])
        if len(lrun) != len(rrun):
            diffs.append(f"{run}: {len(lrun)} results vs {len(rrun)}")
        for x, y in zip(lrun, rrun):
            if x != y:
                diffs.append(f"{run}: {_relative(x['path'])}")
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-rev", help="git revision to compare with (e.g. main)")
    parser.add_argument("--merge-base", action="store_true", help="compare with the merge base of HEAD and --baseline-rev "
                        "(only this branch's changes, when main has moved since)")
    parser.add_argument("--dump", type=Path, help="write this tree's dump here")
    parser.add_argument("--no-corpus", action="store_true", help="leave out ../shared/corpus")
    args = parser.parse_args()
    spec = inputs(include_corpus=not args.no_corpus)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        spec_file = tmpdir / "inputs.json"
        spec_file.write_text(json.dumps(spec))
        mine = args.dump or tmpdir / "mine.json"
        dump(ROOT, spec_file, mine)
        digest = hashlib.sha256(mine.read_bytes()).hexdigest()[:16]
        corpus_n = len(spec["indexed"])
        print(f"inputs: {len(spec['files'])} files ({corpus_n} from the real corpus); dump {mine.stat().st_size} bytes, sha256 {digest}")
        if not args.baseline_rev:
            return 0
        target = args.baseline_rev
        if args.merge_base:
            target = subprocess.run(["git", "merge-base", "HEAD", target], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
        rev = subprocess.run(["git", "rev-parse", "--short", target], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
        here = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
        base_tree = tmpdir / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(base_tree), rev], cwd=ROOT, check=True)
        try:
            theirs = tmpdir / "baseline.json"
            dump(base_tree, spec_file, theirs)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, check=False)
        same = mine.read_bytes() == theirs.read_bytes()
        print(f"baseline {args.baseline_rev}{' merge base' if args.merge_base else ''} ({rev}) vs this tree (HEAD {here}, with uncommitted changes if any): "
              + ("byte-identical" if same else "DIFFERENT"))
        if same:
            return 0
        diffs = compare(mine, theirs)
        for line in diffs[:40]:
            print("  " + line)
        if len(diffs) > 40:
            print(f"  ... {len(diffs) - 40} more")
        return 1


if __name__ == "__main__":
    sys.exit(main())
