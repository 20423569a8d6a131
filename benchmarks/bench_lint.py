"""Lint throughput and start-up benchmark (not a test).

    python benchmarks/bench_lint.py [--reports 1000] [--seed 2026] [--runs 10]

1. Generates a corpus of synthetic incident reports from its own templates (Preliminary, Full,
   Closure, IRG 2.0 and legacy 7-topic reports of varied sizes; a fixed seed, so the corpus is the
   same on every run), lints them all in one process with every rule, and reports reports/second and
   the ratio of lint time to a bare markdown-it parse (CommonMark + tables, inline included) of the
   same texts.
2. Start-up: ``incident-kit lint one-report.md`` against ``python -c "import typer"``, with hyperfine
   when it is installed, else the median of repeated subprocess runs.

Figures are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

AS_OF = date(2026, 5, 1)

ORGS = ("Northwind Certification", "Blue Harbor Trust", "Kestrel PKI", "Juniper Digital Identity", "Alder CA")
PROBLEMS = (
    ("an organizationName that did not match the registry record", "TLS Baseline Requirements v2.2.6, section 7.1.4.2.2", "OV"),
    ("a CAA check that treated a DNS timeout as permission", "TLS Baseline Requirements v2.2.6, section 3.2.2.8", "DV"),
    ("serial numbers with fewer than 64 bits of output from a CSPRNG", "TLS Baseline Requirements v2.2.6, section 7.1", "DV"),
    ("an OCSP responder that served responses past nextUpdate", "TLS Baseline Requirements v2.2.6, section 4.9.10", "DV"),
    ("an intermediate certificate disclosed to the CCADB after 9 days", "Mozilla Root Store Policy v3.0, section 5.3.2", "OV"),
    ("EV certificates with a businessCategory value outside the allowed set", "EV Guidelines v2.0.1, section 7.1.4.2.3", "EV"),
)
CAUSES = (
    "a configuration change that was reviewed by one person only",
    "a library upgrade that changed a default value",
    "a manual step in the release checklist that was skipped under time pressure",
    "a test suite that covered the happy path but no negative cases",
    "a monitoring alert that was routed to a mailbox nobody watched",
)
ACTIONS = (
    ("Add a pre-issuance lint that blocks the certificate when the check fails", "Prevent"),
    ("Alert the on-call engineer when the job has not run for one hour", "Detect"),
    ("Require two reviewers for every profile change", "Prevent"),
    ("Add negative test cases for each validation method", "Prevent"),
    ("Replace the manual checklist step with an automated gate", "Prevent"),
    ("Publish a revocation runbook and rehearse it twice a year", "Mitigate"),
)


@dataclass(frozen=True)
class Shape:
    """How big one generated report is."""

    timeline: int
    factors: int
    actions: int


def _stamp(start: datetime, rnd: random.Random, n: int) -> list[str]:
    out, t = [], start
    for _ in range(n):
        t += timedelta(minutes=rnd.randint(20, 60 * 30))
        out.append(t.strftime("%Y-%m-%d %H:%M"))
    return out


def _timeline(rnd: random.Random, start: datetime, n: int, problem: str) -> str:
    events = (
        "the change that introduced {p} is deployed",
        "the first affected certificate is issued",
        "a customer ticket mentions {p}",
        "the compliance team confirms the problem",
        "issuance from the affected profile is paused",
        "the fix is deployed to production",
        "the last affected certificate is revoked",
        "the preliminary report is posted",
    )
    lines = [f"- {ts} UTC: {rnd.choice(events).format(p=problem)}." for ts in _stamp(start, rnd, n)]
    return "\n".join(lines)


def _factors(rnd: random.Random, n: int) -> str:
    blocks = []
    for i in range(1, n + 1):
        cause = rnd.choice(CAUSES)
        blocks.append(
            f"#### Contributing Factor #{i}: {cause.capitalize()}\n\n"
            f"- **Description:** The incident was possible because of {cause}.\n"
            f"- **Timeline:** The condition existed for {rnd.randint(2, 40)} days before it was found.\n"
            f"- **Detection:** No automated check compared the output with the profile, so the problem avoided detection until a customer asked.\n"
            f"- **Interaction with other factors:** It combined with the missing alerting described above.\n"
            f"- **Root Cause Analysis methodology used:** 5-Whys\n"
        )
    return "\n".join(blocks)


def _actions_table(rnd: random.Random, n: int, factors: int, start: datetime) -> str:
    rows = ["| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |", "|---|---|---|---|---|---|"]
    for i in range(n):
        text, kind = rnd.choice(ACTIONS)
        due = (start + timedelta(days=30 + 7 * i)).date().isoformat()
        rows.append(
            f"| {text} | {kind} | Root Cause # {rnd.randint(1, max(1, factors))} | "
            f"A test certificate with the defect is refused in staging | {due} | {rnd.choice(('Complete', 'Ongoing', 'Not Yet Started'))} |"
        )
    return "\n".join(rows)


def full_report(rnd: random.Random, shape: Shape) -> str:
    org = rnd.choice(ORGS)
    problem, policy, ctype = rnd.choice(PROBLEMS)
    start = datetime(2025, rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(0, 23), tzinfo=timezone.utc)
    total = rnd.randint(1, 40000)
    return f"""## Full Incident Report

### Summary

- **CA Owner CCADB unique ID:** A{rnd.randint(0, 999999):06d}
- **Incident description:** {org} issued certificates with {problem}. The defect was introduced by {rnd.choice(CAUSES)}.
- **Timeline summary:**
   - **Non-compliance start date:** {start.date().isoformat()}
   - **Non-compliance identified date:** {(start + timedelta(days=12)).date().isoformat()}
   - **Non-compliance end date:** {(start + timedelta(days=14)).date().isoformat()}
- **Relevant policies:** {policy}
- **Source of incident disclosure:** {rnd.choice(("Self Reported", "Third Party Reported", "Audit"))}

### Impact

- **Total number of certificates:** {total}
- **Total number of "remaining valid" certificates:** {rnd.randint(0, total)}
- **Affected certificate types:** {ctype}
- **Incident heuristic:** certificates issued from the affected profile between the start and end dates
- **Was issuance stopped in response to this incident, and why or why not?:** Yes; issuance from the affected profile was paused until the fix was deployed.
- **Analysis:** N/A
- **Additional considerations:** N/A

### Timeline

All times are UTC.

{_timeline(rnd, start, shape.timeline, problem)}

### Related Incidents

| Bug | Date | Description |
|---|---|---|
| https://bugzilla.mozilla.org/show_bug.cgi?id={rnd.randint(1800000, 1990000)} | 2024-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)} | Another CA's report of a similar profile defect. |

### Root Cause Analysis

{_factors(rnd, shape.factors)}
### Lessons Learned

- **What went well:**
  - The problem report was triaged within two hours.
- **What didn't go well:**
  - The check that would have caught this existed only as a manual step.
- **Where we got lucky:**
  - No relying party reported a failure.
- **Additional:**
  - N/A

### Action Items

{_actions_table(rnd, shape.actions, shape.factors, start)}

### Appendix

The affected certificates are listed in the attached CSV file.
"""


def preliminary_report(rnd: random.Random, shape: Shape) -> str:
    problem, policy, _ = rnd.choice(PROBLEMS)
    return f"""## Preliminary Incident Report

### Summary
- **Incident description:** We found certificates with {problem}. {rnd.randint(1, 900)} certificates are affected and issuance from the profile is paused, so the incident is contained.
- **Relevant policies:** {policy}
- **Source of incident disclosure:** {rnd.choice(("Self Reported", "Third Party Reported"))}
"""


def closure_report(rnd: random.Random, shape: Shape) -> str:
    problem, _, _ = rnd.choice(PROBLEMS)
    return f"""### Report Closure Summary

- **Incident description:** Certificates were issued with {problem}.
- **Incident Root Cause(s):** {rnd.choice(CAUSES).capitalize()}.
- **Remediation description:** {" ".join(a for a, _ in rnd.sample(ACTIONS, 3))}.
- **Commitment summary:** We will keep the new checks enabled and report their results for one year.

All Action Items disclosed in this report have been completed as described, and we request its closure.
"""


def irg2_report(rnd: random.Random, shape: Shape) -> str:
    problem, _, _ = rnd.choice(PROBLEMS)
    start = datetime(2024, rnd.randint(1, 12), rnd.randint(1, 28), tzinfo=timezone.utc)
    rows = "\n".join(
        f"| {a} | {k} | {(start + timedelta(days=40 + i)).date().isoformat()} |"
        for i, (a, k) in enumerate(rnd.sample(ACTIONS, min(len(ACTIONS), shape.actions)))
    )
    return f"""## Incident Report

### Summary

We issued certificates with {problem}.

### Impact

{rnd.randint(1, 5000)} certificates were affected.

### Timeline

All times are UTC.

{_timeline(rnd, start, shape.timeline, problem)}

### Root Cause Analysis

The defect was introduced by {rnd.choice(CAUSES)} and avoided detection because no test covered it.

### Lessons Learned

- What went well: the fix was deployed within a day.
- What didn't go well: the monitoring did not alert.
- Where we got lucky: no relying party was affected.

### Action Items

| Action Item | Kind | Due Date |
|---|---|---|
{rows}

### Appendix

A list of the affected certificates is attached.
"""


def legacy_report(rnd: random.Random, shape: Shape) -> str:
    problem, _, _ = rnd.choice(PROBLEMS)
    start = datetime(2021, rnd.randint(1, 12), rnd.randint(1, 28), tzinfo=timezone.utc)
    topics = (
        "How your CA first became aware of the problem",
        "A timeline of the actions your CA took in response",
        "Whether your CA has stopped, or has not yet stopped, certificate issuance",
        "A summary of the problematic certificates",
        "The complete certificate data for the problematic certificates",
        "Explanation about how and why the mistakes were made or bugs introduced, and how they avoided detection until now",
        "List of steps your CA is taking to resolve the situation",
    )
    answers = (
        f"A community member reported {problem}.",
        _timeline(rnd, start, shape.timeline, problem),
        "Issuance was stopped the same day.",
        f"{rnd.randint(1, 300)} certificates.",
        "Attached as a CSV file with crt.sh links.",
        f"The defect came from {rnd.choice(CAUSES)}; no test covered it.",
        "\n".join(f"- {a}" for a, _ in rnd.sample(ACTIONS, 3)),
    )
    return "\n\n".join(f"{i}. {t}\n\n{a}" for i, (t, a) in enumerate(zip(topics, answers), 1)) + "\n"


GENERATORS: tuple[tuple[Callable[[random.Random, Shape], str], float], ...] = (
    (full_report, 0.5),
    (preliminary_report, 0.15),
    (closure_report, 0.1),
    (irg2_report, 0.15),
    (legacy_report, 0.1),
)


def corpus(n: int, seed: int) -> list[str]:
    """``n`` reports of varied kinds and sizes, the same for the same seed."""
    rnd = random.Random(seed)
    makers = [g for g, _ in GENERATORS]
    weights = [w for _, w in GENERATORS]
    out = []
    for _ in range(n):
        shape = Shape(timeline=rnd.randint(3, 40), factors=rnd.randint(1, 4), actions=rnd.randint(1, 12))
        out.append(rnd.choices(makers, weights)[0](rnd, shape))
    return out


def bench_throughput(texts: list[str]) -> dict[str, float]:
    from markdown_it import MarkdownIt

    from incident_kit.lint.engine import lint_text
    from incident_kit.lint.rule import all_rules

    all_rules()
    lint_text(texts[0], "warm-up.md", as_of=AS_OF)  # imports and caches outside the timing
    md = MarkdownIt("commonmark").enable("table")
    t0 = time.perf_counter()
    for text in texts:
        md.parse(text)
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    findings = 0
    for i, text in enumerate(texts):
        findings += len(lint_text(text, f"r{i}.md", as_of=AS_OF).findings)
    lint = time.perf_counter() - t0
    return {
        "reports": len(texts),
        "kib": sum(len(t.encode()) for t in texts) / 1024,
        "rules": len(all_rules()),
        "findings": findings,
        "lint_s": lint,
        "parse_s": parse,
        "reports_per_s": len(texts) / lint,
        "ratio": lint / parse,
    }


def _median_run(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_startup(report: str, runs: int) -> dict[str, object]:
    exe = Path(sys.executable).with_name("incident-kit")
    lint_cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "incident_kit"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one-report.md"
        path.write_text(report, encoding="utf-8")
        lint = lint_cmd + ["lint", "--as-of", AS_OF.isoformat(), str(path)]
        typer = [sys.executable, "-c", "import typer"]
        if shutil.which("hyperfine"):
            subprocess.run(["hyperfine", "-N", "--warmup", "2", "--runs", str(runs), " ".join(typer), " ".join(lint)], check=False)
        _median_run(lint, 2)  # warm the file cache and bytecode
        return {
            "tool": "hyperfine" if shutil.which("hyperfine") else f"median of {runs} subprocess runs",
            "lint_s": _median_run(lint, runs),
            "typer_s": _median_run(typer, runs),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    texts = corpus(args.reports, args.seed)
    t = bench_throughput(texts)
    print(
        f"corpus: {t['reports']:.0f} reports, {t['kib']:.0f} KiB, {t['rules']:.0f} rules, {t['findings']:.0f} findings\n"
        f"lint: {t['lint_s']:.2f} s = {t['reports_per_s']:.0f} reports/s ({1000 * t['lint_s'] / t['reports']:.2f} ms/report)\n"
        f"bare markdown-it parse: {t['parse_s']:.2f} s ({1000 * t['parse_s'] / t['reports']:.2f} ms/report)\n"
        f"lint / parse: {t['ratio']:.1f}x"
    )
    s = bench_startup(full_report(random.Random(args.seed), Shape(12, 2, 5)), args.runs)
    print(
        f"start-up ({s['tool']}): incident-kit lint one-report.md {1000 * float(s['lint_s']):.0f} ms; "
        f"python -c 'import typer' {1000 * float(s['typer_s']):.0f} ms; cpus={os.cpu_count()}"
    )


if __name__ == "__main__":
    main()
