"""No rule crashes on odd input: every rule runs on generated report-like text without raising
(a crash would surface as IK009, which hides the rule's real answer)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_kit.lint.engine import lint_text

FRAGMENTS = [
    "## Full Incident Report\n",
    "## Preliminary Incident Report\n",
    "### Report Closure Summary\n",
    "## Incident Report\n",
    "### Summary\n",
    "### Impact\n",
    "### Timeline\n",
    "### Root Cause Analysis\n",
    "### Lessons Learned\n",
    "### Action Items\n",
    "### Appendix\n",
    "### Related Incidents\n",
    "- **Incident description:** ",
    "- **Relevant policies:** ",
    "- **Source of incident disclosure:** ",
    "- **Total number of certificates:** ",
    '- **Total number of "remaining valid" certificates:** ',
    "- **Analysis:** ",
    "   - **Non-compliance start date:** ",
    "**Contributing Factor 1: x**\n",
    "- **Detection:** ",
    "- **What didn’t go well:**\n  - ",
    "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n",
    "| ----------- | ---- | --------------------------- | ------------------- | -------- | ------ |\n",
    "| x | Prevent | Root Cause # 1 | y | 2026-01-01 | Ongoing |\n",
    "| x | Preventive | RC 9 | | ASAP | Done |\n",
    "```csv\nPrecertificate SHA-256 hash,Certificate SHA-256 hash\n,zz\n```\n",
    "- 2026-02-30 25:61 UTC – revoked\n",
    "- 2025-06-01 09:00 UTC – We became aware.\n",
    "- July 30th – Mozilla informed us\n",
    "1. How we became aware\n",
    "7. Remediation\n- We will not deliver the certificate until it is disclosed in the CCADB.\n",
    "MRSP §5.3.2, BR 4.9.1.1 and 4.9.5 (x), CCADB Policy 5.1",
    "All times are UTC.\n",
    "<!-- incident-kit: ignore IK3 -->\n",
    "N/A",
    "no security impact",
    "see comment 12",
    "\n",
    "\n\n",
    " ",
    "|",
    "**",
    "<",
    "#",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), max_size=30),
    as_of=st.one_of(st.none(), st.dates(min_value=date(2017, 1, 1), max_value=date(2030, 12, 31))),
    whiteboard=st.sampled_from([None, "[ca-compliance]", "[leaf-revocation-delay] Next update 2026-02-01"]),
)
def test_no_rule_crashes_on_generated_reports(parts, as_of, whiteboard):
    result = lint_text("".join(parts), "gen.md", as_of=as_of, whiteboard=whiteboard)
    crashes = [f.message for f in result.findings if f.code == "IK009"]
    assert crashes == []
