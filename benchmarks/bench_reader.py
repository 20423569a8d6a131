"""Size scaling of the posted-report reader: parse time against input size.

Generates IRG 3.x Full reports of about 10 KB to 5 MB (more timeline entries, factors, lessons,
action items and appendix rows as the size grows), reads each with ``read_text`` and prints a
table of size, best-of-N time, throughput and the time per KB relative to the smallest input
(close to 1.0 everywhere means linear time).

    python benchmarks/bench_reader.py [--repeat N] [--max-mb 5]
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta, timezone

from incident_kit.sources.markdown import read_text

HEAD = """## Full Incident Report

### Summary

- **CA Owner CCADB unique ID:** A000123
- **Incident description:** Generated report for measuring the reader.
- **Timeline summary:**
   - **Non-compliance start date:** 2025-01-01 00:00 UTC
   - **Non-compliance identified date:** 2025-01-02 00:00 UTC
   - **Non-compliance end date:** 2025-01-03 00:00 UTC
- **Relevant policies:** TLS Baseline Requirements v2.1.2, section 7.1
- **Source of incident disclosure:** Self Reported

### Impact

- **Total number of certificates:** 10
- **Total number of "remaining valid" certificates:** 0
- **Affected certificate types:** DV
- **Incident heuristic:** Listed in the Appendix.
- **Was issuance stopped in response to this incident, and why or why not?:** No, explained below.
- **Analysis:** N/A
- **Additional considerations:** N/A

### Timeline

"""


def report(units: int) -> str:
    """A Full report whose variable parts have ``units`` entries each."""
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    parts = [HEAD]
    for i in range(units):
        at = (start + timedelta(minutes=17 * i)).strftime("%Y-%m-%d %H:%M UTC")
        parts.append(f"- {at} – Event number {i}: a service restarted and a check ran again.\n")
    parts.append("\n### Root Cause Analysis\n\n")
    for i in range(1, units // 10 + 2):
        parts.append(
            f"**Contributing Factor #{i}: Factor {i}**\n- **Description:** Something about factor {i}.\n"
            "- **Timeline:** Since 2020.\n- **Detection:** A monitor.\n"
            "- **Interaction with other factors:** N/A\n- **Root Cause Analysis methodology used:** 5-Whys\n\n"
        )
    parts.append("### Lessons Learned\n\n- **What went well:**\n")
    parts.extend(f"   - Lesson {i} (Action Item {i % 5 + 1})\n" for i in range(units // 4 + 1))
    parts.append("- **What didn’t go well:** N/A\n- **Where we got lucky:** N/A\n- **Additional:** N/A\n\n")
    parts.append(
        "### Action Items\n\n| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
    )
    parts.extend(f"| Action {i} | Prevent | Root Cause # 1 | Test {i} | 2025-06-30 | Ongoing |\n" for i in range(units // 2 + 1))
    parts.append("\n### Appendix\n\n```csv\nPrecertificate SHA-256 hash,Certificate SHA-256 hash,Subject,Issuer\n")
    parts.extend(f"{i:064x},{i + 1:064x},CN=host{i}.example,CN=Example CA\n" for i in range(units))
    parts.append("```\n")
    return "".join(parts)


def sized(target: int) -> str:
    """A generated report of about ``target`` bytes."""
    per_unit = len(report(200)) / 200
    units = max(1, int(target / per_unit))
    return report(units)


def measure(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        read_text(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is shown")
    parser.add_argument("--max-mb", type=float, default=5.0, help="largest input in MB")
    args = parser.parse_args()
    sizes = [s for s in (10_000, 30_000, 100_000, 300_000, 1_000_000, 2_000_000, 5_000_000) if s <= args.max_mb * 1e6]
    read_text(sized(10_000))  # warm up: imports, compiled patterns
    print(f"{'input':>10} {'lines':>8} {'time (s)':>9} {'MB/s':>7} {'ms per KB':>10} {'vs 10 KB':>9}")
    base = None
    for target in sizes:
        text = sized(target)
        seconds = measure(text, args.repeat if target <= 1_000_000 else 1)
        per_kb = seconds * 1000 / (len(text) / 1000)
        base = base or per_kb
        print(
            f"{len(text) / 1000:>8.0f}KB {text.count(chr(10)):>8} {seconds:>9.3f} "
            f"{len(text) / 1e6 / seconds:>7.2f} {per_kb:>10.3f} {per_kb / base:>9.2f}"
        )


if __name__ == "__main__":
    main()
