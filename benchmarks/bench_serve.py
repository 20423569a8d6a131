"""Memory of ``incident-kit serve`` under rapid edits (not a test).

    python benchmarks/bench_serve.py [--edits 1000] [--file examples/seed-legacy-intermediate-disclosure.md]

Starts ``incident-kit serve`` as a separate process on a copy of FILE, then sends EDITS lint
requests back to back, each a different text (a line typed, one character more each time, as the
page would send without its debounce), and prints the server's resident memory (VmRSS, Linux)
after the first 50 edits (warm-up: imports, policy cache) and every 250 after that, with the time
per edit. Also checks the refusals on the way: no token, wrong Origin. Figures: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--file", default=str(REPO / "examples" / "seed-legacy-intermediate-disclosure.md"))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    target = tmp / Path(args.file).name
    shutil.copy(args.file, target)
    exe = shutil.which("incident-kit", path=str(Path(sys.executable).parent)) or "incident-kit"
    proc = subprocess.Popen([exe, "serve", str(target), "--as-of", "2018-08-01"], stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:(\d+)(/[^/]+/)", proc.stdout.readline())
        assert url, "no URL printed"
        port, prefix = int(url.group(1)), url.group(2)
        base = target.read_text(encoding="utf-8")
        headers = {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def post(path: str, text: str, hdrs: dict[str, str]) -> int:
            conn.request("POST", path, body=json.dumps({"text": text}).encode(), headers=hdrs)
            resp = conn.getresponse()
            resp.read()
            return resp.status

        assert post("/lint", base, headers) == 403, "a request without the token was answered"
        assert post(prefix + "lint", base, dict(headers, Origin="http://evil.example")) == 403, "another origin was answered"
        typed = ""
        marks: list[tuple[int, int, float]] = []
        start = time.perf_counter()
        t0 = start
        for i in range(1, args.edits + 1):
            typed += "abcdefghij klmnopqrstuvwxyz. "[i % 29]
            status = post(prefix + "lint", base + "\n" + typed + "\n", headers)
            assert status == 200, f"edit {i}: HTTP {status}"
            if i == 50 or (i % 250 == 0):
                now = time.perf_counter()
                marks.append((i, rss_kib(proc.pid), now - t0))
                t0 = now
        total = time.perf_counter() - start
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{args.edits} edits in {total:.1f} s ({1000 * total / args.edits:.1f} ms per edit, lint + render + timeline)")
    print("after edit   VmRSS (MiB)")
    for i, kib, _ in marks:
        print(f"{i:>10}   {kib / 1024:8.1f}")
    warm = marks[0][1]
    print(f"growth after warm-up: {(marks[-1][1] - warm) / 1024:+.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
