"""Long fuzzing run: the properties of tests/test_fuzz.py with a large, randomised budget.

    python benchmarks/fuzz_long.py                      # 100,000 examples per property
    python benchmarks/fuzz_long.py --examples 2000 --jobs 2 --seed 7

Each property runs in its own process (``--jobs`` at a time) with ``IK_FUZZ_EXAMPLES`` set and the
``explore`` Hypothesis profile (fresh random examples; ``--seed`` makes a run repeatable). The
table printed at the end (Markdown) is the one kept in docs/benchmarks.md. A failing property
prints Hypothesis' minimal example and the script exits 1: turn it into a regression test.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROPERTIES = [
    "test_reader_reads_any_text",
    "test_reader_reads_any_bytes_or_fails_in_one_line",
    "test_yaml_loader_loads_or_fails_cleanly",
    "test_renderer_output_is_read_back_as_the_same_kind",
    "test_parse_render_parse_is_stable",
]


# Hypothesis' own count of what it ran ("--hypothesis-show-statistics"), so the table shows the
# examples that ran, not only the budget asked for.
_STATS_RE = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def ran(output: str) -> str:
    """The examples Hypothesis reports it ran (passing, failing, invalid) in ``output``."""
    counts = [tuple(int(x) for x in m.groups()) for m in _STATS_RE.finditer(output)]
    if not counts:
        return "?"
    passing, failing, invalid = (sum(c[i] for c in counts) for i in range(3))
    return f"{passing:,} passing, {failing:,} failing, {invalid:,} invalid"


def run(name: str, examples: int, seed: int | None) -> tuple[str, bool, float, str]:
    env = dict(os.environ, IK_FUZZ_EXAMPLES=str(examples), HYPOTHESIS_PROFILE="explore")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", f"tests/test_fuzz.py::{name}"]
    if seed is not None:
        cmd.append(f"--hypothesis-seed={seed}")
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    took = time.monotonic() - start
    return name, proc.returncode == 0, took, proc.stdout[-4000:] + proc.stderr[-2000:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=100_000, help="examples per property")
    ap.add_argument("--jobs", type=int, default=1, help="properties run at once")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--only", action="append", help="a property name (repeatable)")
    args = ap.parse_args()
    names = args.only or PROPERTIES
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run, n, args.examples, args.seed) for n in names]
        results = []
        for f in futures:
            name, ok, took, out = f.result()
            results.append((name, ok, took, ran(out)))
            print(f"{name}: {'ok' if ok else 'FAILED'} in {took:.0f} s ({ran(out)})", flush=True)
            if not ok:
                print(out, flush=True)
    print()
    print("| property | budget | ran (Hypothesis statistics) | result | wall time (s) |")
    print("|---|--:|---|---|--:|")
    for name, ok, took, count in results:
        print(f"| `{name}` | {args.examples:,} | {count} | {'pass' if ok else 'FAIL'} | {took:.0f} |")
    return 0 if all(ok for _, ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
