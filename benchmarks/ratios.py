"""The two speed ratios of issue 9, measured on whole processes (not a test; never fails a build).

    python benchmarks/ratios.py                 # full run, figures for docs/benchmarks.md
    python benchmarks/ratios.py --quick         # the short run CI prints

1. Throughput: ``incident-kit lint --format json --exit-zero FOLDER`` over N distinct reports of every
   generation (the real corpus at ../shared/corpus when present, the project's examples and test
   reports, and generated reports of five template generations), against one Python process that
   reads the same files and runs ``MarkdownIt('commonmark').enable('table').parse()`` on each.
   No file is repeated: texts are checked for distinctness, so a content-keyed cache cannot flatter
   the figure.
2. Cold start: ``incident-kit lint FILE`` against
   ``python -c "import typer, markdown_it; from pydantic import BaseModel"`` (the imports a lint
   cannot avoid).

Each is the median of several ALTERNATING runs (lint, baseline, lint, baseline, ...) after a warm-up
pair, as wall time and as CPU time (user+sys of the child); the machine's core count and the number
of worker processes the lint may use are printed with them. The package's bytecode is compiled
first (as an installed wheel has it), and the warm-up run fills the compiled-pattern cache of the
command line (``INCIDENT_KIT_NO_RE_CACHE=1`` measures without it).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(HERE))

import bench_lint  # noqa: E402  (the report generator)

FLOOR = "import typer, markdown_it; from pydantic import BaseModel"
PARSER = r"""
import sys
from pathlib import Path
from markdown_it import MarkdownIt
md = MarkdownIt('commonmark').enable('table')
for p in sorted(Path(sys.argv[1]).rglob('*')):
    if p.suffix in ('.md', '.txt'):
        md.parse(p.read_text(encoding='utf-8', errors='replace'))
"""


def reports(generated: int, seed: int) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(name, text) of distinct reports, and how many came from each source."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    counts = {"corpus": 0, "project": 0, "generated": 0}

    def add(source: str, name: str, text: str) -> None:
        key = hashlib.sha256(text.encode()).hexdigest()
        if key in seen:
            return
        seen.add(key)
        out.append((name, text))
        counts[source] += 1

    if CORPUS.is_dir():
        for p in sorted(CORPUS.rglob("*.md")):
            if p.name != "README.md":
                add("corpus", f"corpus-{p.parent.name}-{p.name}", p.read_text(encoding="utf-8", errors="replace"))
    for folder in ("examples", "tests/fixtures", "tests/rules", "tests/data"):
        for p in sorted((ROOT / folder).rglob("*")):
            if p.suffix in (".md", ".txt") and p.is_file() and p.stem.lower() != "readme":
                add("project", f"project-{len(out):04d}{p.suffix}", p.read_text(encoding="utf-8", errors="replace"))
    for i, text in enumerate(bench_lint.corpus(generated, seed)):
        add("generated", f"gen-{i:04d}.md", text)
    return out, counts


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user+sys, this child and its children) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def alternate(a: list[str], b: list[str], pairs: int, env: dict[str, str]) -> dict[str, float]:
    """Medians over ``pairs`` alternating runs of a and b, after one warm-up pair."""
    run(a, env), run(b, env)
    aw, ac, bw, bc, ratios = [], [], [], [], []
    for _ in range(pairs):
        w1, c1 = run(a, env)
        w2, c2 = run(b, env)
        aw.append(w1), ac.append(c1), bw.append(w2), bc.append(c2), ratios.append(w1 / w2)
    return {
        "a_wall": statistics.median(aw),
        "a_cpu": statistics.median(ac),
        "b_wall": statistics.median(bw),
        "b_cpu": statistics.median(bc),
        "ratio_wall": statistics.median(aw) / statistics.median(bw),
        "ratio_cpu": statistics.median(ac) / statistics.median(bc),
        "ratio_pairs": statistics.median(ratios),
    }


def lint_command() -> list[str]:
    exe = Path(sys.executable).with_name("incident-kit")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "incident_kit"]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=800, help="generated reports added to the real and project ones")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pairs", type=int, default=5, help="alternating pairs for the throughput ratio")
    parser.add_argument("--cold-pairs", type=int, default=15, help="alternating pairs for the cold-start ratio")
    parser.add_argument("--quick", action="store_true", help="a short run (CI): 150 generated reports, 3 and 7 pairs")
    args = parser.parse_args()
    if args.quick:
        args.generated, args.pairs, args.cold_pairs = 150, 3, 7
    env = dict(os.environ)
    lint = lint_command()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    jobs = env.get("INCIDENT_KIT_JOBS", "auto")
    print(f"date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; commit {commit or '?'}; Python {sys.version.split()[0]}; "
          f"cores available: {cores()}; INCIDENT_KIT_JOBS={jobs}")
    # An installed wheel has its bytecode compiled; an editable checkout under
    # PYTHONDONTWRITEBYTECODE=1 would compile every module from source on every run.
    import incident_kit

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(incident_kit.__file__).parent)], stdout=subprocess.DEVNULL, check=False)
    print(f"bytecode compiled; compiled-pattern cache {'OFF' if env.get('INCIDENT_KIT_NO_RE_CACHE') == '1' else 'on (filled by the warm-up run)'}")
    texts, counts = reports(args.generated, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for name, text in texts:
            (folder / name).write_text(text, encoding="utf-8")
        size = sum(len(t.encode()) for _, t in texts) / 1024
        t = alternate(lint + ["lint", "--format", "json", "--exit-zero", str(folder)], [sys.executable, "-c", PARSER, str(folder)], args.pairs, env)
        print(f"throughput: {len(texts)} distinct reports ({counts['corpus']} real corpus, {counts['project']} project, "
              f"{counts['generated']} generated), {size:.0f} KiB; median of {args.pairs} alternating pairs")
        print(f"  lint {t['a_wall']:.2f} s wall, {t['a_cpu']:.2f} s CPU; parse {t['b_wall']:.2f} s wall, {t['b_cpu']:.2f} s CPU")
        print(f"  RATIO lint/parse: {t['ratio_wall']:.2f}x wall (median of pair ratios {t['ratio_pairs']:.2f}x), {t['ratio_cpu']:.2f}x CPU")
        cold = {}
        for label, src in (("small", ROOT / "examples" / "profile-misissuance-preliminary.md"), ("full", ROOT / "examples" / "delayed-revocation-full.md")):
            one = Path(tmp) / f"one-{label}.md"
            shutil.copyfile(src, one)
            cold[label] = alternate(lint + ["lint", str(one)], [sys.executable, "-c", FLOOR], args.cold_pairs, env)
        for label, c in cold.items():
            print(f"cold start ({label} report, {args.cold_pairs} alternating pairs): lint {1000 * c['a_wall']:.0f} ms "
                  f"(CPU {1000 * c['a_cpu']:.0f}), floor imports {1000 * c['b_wall']:.0f} ms (CPU {1000 * c['b_cpu']:.0f})")
            print(f"  RATIO cold/floor: {c['ratio_wall']:.2f}x wall (median of pair ratios {c['ratio_pairs']:.2f}x), {c['ratio_cpu']:.2f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
