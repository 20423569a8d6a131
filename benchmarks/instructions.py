"""Instructions per report under valgrind: a figure of the CPU work that machine load does not move.

    python benchmarks/instructions.py            # lint, read only, and the two markdown-it baselines
    python benchmarks/instructions.py --only lint --ignore IK9   # what a rule family costs

Wall-clock ratios (``ratios.py``) move by 10 % and more with the load of a shared machine; the
number of instructions a process executes does not (with ``PYTHONHASHSEED=0``, no compiled-pattern
cache and the same inputs, it is the same to the instruction). So a change's effect on the work
done can be read here in one run, and the wall-clock ratios say what a user sees.

Each figure is the difference of two ``valgrind --tool=callgrind`` runs of one process: one that
lints a warm-up sample of the distinct reports ``ratios.py`` uses (patterns compile, lexicons
load), and one that then also lints a second, disjoint sample; the difference divided by the second
sample's size is the cost of a report in a warm process. Needs valgrind; takes about a minute a
figure. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ratios  # noqa: E402  (the distinct reports)

CHILD = r"""
import os, sys
from pathlib import Path
files = sorted(Path(sys.argv[1]).iterdir())
warm, measured = files[1::9], files[0::18]
mode, ignore = sys.argv[2], [c for c in sys.argv[3].split(",") if c] or None
if mode == "lint":
    from incident_kit.lint import engine
    go = lambda fs: engine.lint_paths(fs, jobs=1, ignore=ignore)
elif mode == "read":
    from incident_kit.sources import read
    go = lambda fs: [read(p) for p in fs]
elif mode == "block-parse":
    from incident_kit.sources.markdown import blocks
    md = blocks._markdown()
    go = lambda fs: [md.parse(p.read_text(encoding="utf-8")) for p in fs]
else:
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark").enable("table")
    go = lambda fs: [md.parse(p.read_text(encoding="utf-8")) for p in fs]
go(warm)
if os.environ.get("IK_WARM_ONLY") != "1":
    go(measured)
print(len(measured))
"""

MODES = {
    "lint": "incident-kit lint, every rule (jobs=1)",
    "read": "the reader only (sources.read)",
    "block-parse": "markdown-it's block parse, as the reader runs it",
    "parse": "MarkdownIt('commonmark').enable('table').parse(), the ratios.py baseline",
}


def instructions(folder: Path, mode: str, ignore: str, warm_only: bool) -> tuple[int, int]:
    env = dict(os.environ, PYTHONHASHSEED="0", INCIDENT_KIT_NO_RE_CACHE="1", IK_WARM_ONLY="1" if warm_only else "0")
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", CHILD, str(folder), mode, ignore],
        capture_output=True, text=True, env=env, check=True,
    )
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1)), int(out.stdout.strip() or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(MODES), action="append", help="measure only these (default: all)")
    parser.add_argument("--ignore", default="", help="rule codes or prefixes left out of the lint, comma-separated")
    parser.add_argument("--generated", type=int, default=800)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed; nothing measured")
        return 1
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE.parent, capture_output=True, text=True, check=False).stdout.strip()
    print(f"commit {commit or '?'}; Python {sys.version.split()[0]}; PYTHONHASHSEED=0, no compiled-pattern cache")
    texts, _ = ratios.reports(args.generated, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for name, text in texts:
            (folder / name).write_text(text, encoding="utf-8")
        figures: dict[str, float] = {}
        for mode in args.only or list(MODES):
            full, n = instructions(folder, mode, args.ignore, warm_only=False)
            warm, _ = instructions(folder, mode, args.ignore, warm_only=True)
            figures[mode] = (full - warm) / n / 1e6
            left_out = f" (without {args.ignore})" if mode == "lint" and args.ignore else ""
            print(f"{mode:12s} {figures[mode]:6.2f} M instructions a report over {n} reports: {MODES[mode]}{left_out}")
        if "lint" in figures and "parse" in figures:
            print(f"RATIO lint/parse in instructions: {figures['lint'] / figures['parse']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
