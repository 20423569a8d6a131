"""The IRG's own reporting clocks, as data: how long a CA Owner has to post the first report, the
full report and each update. The IK7 rules (IK702-IK704), the ``deadlines`` table and the timeline
picture read their limits here; the policy clause ``IRG 3.2 §When are reports expected?`` names the
same clocks by id (its events say what starts and ends them), and a test holds the two together.
Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class ReportClock:
    """One reporting clock: its id (the policy deadline's), what must happen, the citation, and the
    limit in hours or days; ``severity`` is the RFC 2119 reading (a SHOULD clock is a warning)."""

    id: str
    summary: str
    cite: str
    hours: Optional[int] = None
    days: Optional[int] = None
    severity: str = "error"


INITIAL_REPORT = ReportClock(
    "initial-report-72h", "post a preliminary or full report within 72 hours of becoming aware",
    "IRG 3.2 §When are reports expected?", hours=72,
)
FULL_REPORT = ReportClock(
    "full-report-14d", "post the full report within 14 days of the initial disclosure",
    "IRG 3.2 §When are reports expected?", days=14,
)
UPDATE = ReportClock("update-7d", "post an update at least every 7 days", "IRG 3.2 §When are reports updated?", days=7)
REVOCATION_DELAY_UPDATE = ReportClock(
    "update-3d", "post a revocation-delay update every 3 days", "IRG 3.2 §When are reports updated?",
    days=3, severity="warning",
)
ACTION_ITEM_UPDATE_DAYS = 3
"""IRG 3.1+: an update within 3 days of an Action Item being changed, completed or delayed."""

CLOCKS: tuple[ReportClock, ...] = (INITIAL_REPORT, FULL_REPORT, UPDATE, REVOCATION_DELAY_UPDATE)
