"""Batch review benchmark (not a test): ``incident-kit review`` over N invented bugs served by the
test suite's local Bugzilla on 127.0.0.1.

    python benchmarks/bench_bugzilla.py [--bugs 50]   (at most 50)

Three runs in one temporary cache: the first fetches every bug's comments (1 search + N comment
requests), the second finds every bug unchanged in the cache (1 search request), the third lints
the bug-level rules only. The anonymous throttle is replaced by none here; against BMO it allows
30 comment requests in any minute, so a cold anonymous run of N bugs waits about 60 s * ((N - 1) // 30).
Figures are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bugs", type=int, default=50, help="how many of the 50 invented bugs")
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ik-bench-")
    os.environ.pop("BUGZILLA_API_KEY", None)

    from bugzilla_server import FakeBugzilla, serve
    from test_bugzilla import _fifty
    from typer.testing import CliRunner

    from incident_kit.cli import app
    from incident_kit.sources.bugzilla import api, session

    session.default_throttle = lambda: api.NoThrottle()
    fake = FakeBugzilla()
    _fifty(fake)
    ids = sorted(fake.bugs)[: args.bugs]
    fake.bugs = {i: fake.bugs[i] for i in ids}
    server, _ = serve(fake)
    base = ["review", "--component", "CA Certificate Compliance", "--base-url", fake.url, "--as-of", "2026-05-01"]
    for label, extra in (("cold cache, every rule", []), ("warm cache, every rule", []), ("warm cache, IKB only", ["--select", "IKB"])):
        before = len(fake.seen)
        start = time.perf_counter()
        result = CliRunner().invoke(app, base + extra)
        took = time.perf_counter() - start
        print(f"{label:24} {took:6.2f} s  {took / len(ids) * 1000:6.1f} ms/bug  {len(fake.seen) - before:3} requests  exit {result.exit_code}")
    server.shutdown()


if __name__ == "__main__":
    main()
