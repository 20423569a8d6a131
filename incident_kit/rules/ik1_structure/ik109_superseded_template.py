"""IK109 superseded-template."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator, Optional

from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import SUPERSEDED
from incident_kit.lint.rule import ERROR, Context, Hit, rule


# The sections, fields, topics and superseded templates are the IRG vocabulary's (incident_kit.irg).

GRACE = timedelta(days=30)


def _report_line(doc: Document) -> Optional[int]:
    return doc.title.line if doc.title is not None else (doc.sections[0].line if doc.sections else None)


CCADB_6_1_EFFECTIVE = date(2025, 7, 15)


@rule(
    code="IK109",
    name="superseded-template",
    severity=ERROR,
    summary="The report does not use an IRG template superseded more than 30 days before posting.",
    citations=(cites.CCADB_6_1, cites.MRSP_2_4),
    kinds=tuple(SUPERSEDED),
    effective_from=date(2023, 10, 17),
)
def superseded_template(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report uses a template that was superseded more than 30 calendar days before it was posted.

    Why: CCADB Policy 6.1 (from CCADB Policy 2.0, 2025-07-15) says CA Owners MUST NOT use a version
    of an IRG template superseded by more than 30 calendar days before the report is posted (and
    SHOULD always use the latest). Before 2025-07-15 the duty came from the Mozilla Root Store
    Policy section 2.4: from MRSP 2.9 (2023-09-01) an incident report follows the guidance on the
    CCADB website, and from MRSP 3.0 (2025-03-15) CAs MUST adhere to the IRG; the finding cites the
    text in force on the posting date. The legacy 7-topic format was superseded by IRG 2.0 on
    2023-10-17; the IRG 2.0 templates by IRG 3.0 on 2025-03-01. The 30-day allowance before
    2025-07-15 is this tool's own convention, the lenient reading of MRSP section 2.4.

    Fires: a legacy report posted after 2023-11-16, an IRG 2.0 report posted after 2025-03-31.

    Stays quiet: a report posted within 30 days of the supersession or before it. Without a posting date
    (``--as-of`` or the draft's ``bug.posted``) the rule is not effective.
    """
    posted = ctx.effective_date(doc)
    what, successor, superseded = SUPERSEDED[doc.kind]
    if posted is None or posted - superseded <= GRACE:
        return
    if posted >= CCADB_6_1_EFFECTIVE:
        basis, cite = "", (cites.CCADB_6_1,)
    else:
        cite = (cites.MRSP_2_4,)
        basis = (" (MRSP 2.4 in force then; the 30-day allowance is this tool's convention, CCADB Policy 6.1 "
                 "arrived on 2025-07-15)")
    yield Hit(
        f"this report uses the {what}, superseded by {successor} on {superseded.isoformat()}; "
        f"reports posted after {(superseded + GRACE).isoformat()} must use the IRG template in force "
        f"(this one is dated {posted.isoformat()}){basis}",
        line=_report_line(doc),
        citations=cite,
        replaces_citations=True,
    )
