"""Adversarial inputs end to end (not a test; never fails a build, exits 1 past the acceptance).

    python benchmarks/adversarial.py            # every place, every shape (a few minutes)
    python benchmarks/adversarial.py --quick    # fewer shapes and places

Issue 11 asks that no input stalls a lint: adversarial text (runs of one character, repeated
words, Markdown syntax) in each field, each timeline entry and each action item must lint within
3x the time of a NORMAL report of the same size, the same text with plain prose of the same length
in the same place. A payload is TOTAL characters (default 40,000), written as lines of at most
LINE characters (the line limit is 20,000), so that it is read and linted rather than refused; in a
table cell it is one line. Times are CPU seconds of this thread (``time.thread_time``), the best of
``--runs``, so other load on the machine does not inflate them; each lint goes through
``incident_kit.lint.engine.lint_text`` with every rule and a fixed ``--as-of``.

Also measured here (they were timed tests once): a table at the row limit against a tenth of it,
and a report near the size limit against a tenth of it, as time per character (linear: about 1).

Prints one line per (place, shape) that exceeds 2x, the worst ratio per shape, and a summary with
the date, commit, core count and acceptance verdict for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incident_kit import limits  # noqa: E402
from incident_kit.lint.engine import lint_text  # noqa: E402

BASE = ROOT / "examples" / "delayed-revocation-full.md"
DRAFT = ROOT / "examples" / "delayed-revocation-full.yaml"
AS_OF = date(2026, 5, 1)
LIMIT = 3.0

# (unit, tail): the unit is repeated to the payload size; the tail makes near matches fail late.
SHAPES = [
    (" ", "x"), ("\t", "x"), (".", "x"), ("`", "x"), ("[", "x"), ("(", "x"), ("*", "x"), ("_", "x"), ("-", "x"),
    ("|", "x"), ("#", "x"), ("<", "x"), ("a", "!"), ("1", "x"), ("1.", "x"), ("a ", "!"), ("- ", "x"),
    ("a-", "!"), ("not ", "x"), ("2024-01-01 ", "x"), ("2024-01-01 10:00 ", "x"), ("[a](", "x"),
    ("**a** ", "x"), ("section 4.9.1.1, ", "x"), ("\u00a0", "x"), ("\u2019", "x"),
]
QUICK_SHAPES = [(" ", "x"), (".", "x"), ("`", "x"), ("[", "x"), ("*", "x"), ("- ", "x"), ("a-", "!"), ("1.", "x")]
PROSE = "The team reviewed the change and wrote down what it found. "


def payload(unit: str, tail: str, total: int, line: int) -> str:
    """``total`` characters of ``unit`` then ``tail``, cut into lines of at most ``line``."""
    text = unit * (total // len(unit)) + tail
    if len(text) <= line:
        return text
    cut = [text[i : i + line] for i in range(0, len(text), line)]
    return "\n".join(cut)


def normal(total: int, line: int) -> str:
    return payload(PROSE, "", total, line)


def places(text: str) -> list[tuple[str, int, bool]]:
    """(name, offset, one_line) where a payload goes: after each field label, at the end of each
    timeline entry's time, and in the first cell of each action-item row (one line)."""
    out: list[tuple[str, int, bool]] = []
    lines = text.split("\n")
    offset = 0
    section = ""
    for n, line in enumerate(lines, 1):
        if line.startswith("### "):
            section = line[4:].strip()
        m = re.match(r"^\s*- \*\*([^*]+):\*\* ?", line)
        if m:
            out.append((f"field {m.group(1)[:30]!r} (line {n})", offset + m.end(), False))
        elif section == "Timeline" and re.match(r"^\s*- \d{4}-\d{2}-\d{2}", line):
            out.append((f"timeline entry (line {n})", offset + len(line), False))
        elif section == "Action Items" and line.startswith("| ") and not line.startswith(("| Action Item", "| ---")):
            out.append((f"action item (line {n})", offset + 2, True))
        offset += len(line) + 1
    return out


def cpu(text: str, name: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.thread_time()
        lint_text(text, name, as_of=AS_OF)
        best = min(best, time.thread_time() - start)
    return best


def at_the_limits(runs: int) -> list[str]:
    """The formerly timed tests: growth per character at the row and size limits."""
    out = []
    head = (
        "## Full Incident Report\n\n### Action Items\n\n"
        "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n|---|---|---|---|---|---|\n"
    )

    def table(rows: int) -> str:
        return head + "".join(f"| Step {i} | Prevent | Root Cause # 1 | Test | 2025-01-01 | Ongoing |\n" for i in range(rows))

    big_rows = limits.MAX_TABLE_ROWS - 2
    t_small, t_big = cpu(table(big_rows // 10), "t.md", runs), cpu(table(big_rows), "t.md", runs)
    out.append(f"table of {big_rows:,} rows: {t_big:.2f} s CPU; per row {t_big / t_small / 10:.2f}x a table of {big_rows // 10:,} rows")
    base = BASE.read_text(encoding="utf-8")
    copies = (limits.MAX_CHARS - 1000) // len(base)
    t_small, t_big = cpu(base * max(1, copies // 10), "r.md", runs), cpu(base * copies, "r.md", runs)
    size = len(base) * copies
    out.append(f"report of {size:,} characters ({copies} copies): {t_big:.2f} s CPU; per character {t_big / t_small / (copies / max(1, copies // 10)):.2f}x a tenth of it")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=40_000, help="characters of each payload")
    parser.add_argument("--line", type=int, default=10_000, help="longest payload line (the limit is 20,000)")
    parser.add_argument("--runs", type=int, default=2, help="best of this many lints each")
    parser.add_argument("--quick", action="store_true", help="8 shapes, a third of the places, no limit figures")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        cores = os.cpu_count() or 1
    print(f"date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; commit {commit or '?'}; Python {sys.version.split()[0]}; "
          f"cores available: {cores} (one process; CPU time of this thread)")
    base = BASE.read_text(encoding="utf-8")
    shapes = QUICK_SHAPES if args.quick else SHAPES
    spots = places(base)
    if args.quick:
        spots = spots[::3]
    worst: dict[str, tuple[float, str]] = {}
    overall = 0.0
    count = 0
    for name, offset, one_line in spots:
        line = min(args.line, limits.MAX_LINE_CHARS - 2_000) if not one_line else limits.MAX_LINE_CHARS - 2_000
        total = min(args.total, line) if one_line else args.total
        ref_text = base[:offset] + normal(total, line) + " " + base[offset:]
        reference = cpu(ref_text, "normal.md", args.runs)
        for unit, tail in shapes:
            bad = base[:offset] + payload(unit, tail, total, line) + " " + base[offset:]
            assert abs(len(bad) - len(ref_text)) < 200, (len(bad), len(ref_text))
            ratio = cpu(bad, "adversarial.md", args.runs) / reference
            count += 1
            overall = max(overall, ratio)
            key = f"{unit!r}+{tail!r}"
            if ratio > worst.get(key, (0.0, ""))[0]:
                worst[key] = (ratio, name)
            if ratio > 2.0:
                print(f"  {ratio:5.2f}x  {key:24} in {name}  (normal {reference * 1000:.0f} ms)", flush=True)
    print(f"\n{count} adversarial lints in {len(spots)} places (fields, timeline entries, action items) x {len(shapes)} shapes; "
          f"payload {args.total:,} characters (one line of up to {limits.MAX_LINE_CHARS - 2_000:,} in a table cell)")
    print("worst ratio per shape (adversarial / normal report of the same size):")
    for key, (ratio, name) in sorted(worst.items(), key=lambda kv: -kv[1][0]):
        print(f"  {ratio:5.2f}x  {key:24} {name}")
    if not args.quick:
        print("\nat the limits:")
        for line_out in at_the_limits(args.runs):
            print("  " + line_out)
    verdict = "met" if overall <= LIMIT else "NOT met"
    print(f"\nworst {overall:.2f}x; acceptance (none > {LIMIT:.0f}x): {verdict}")
    return 0 if overall <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
