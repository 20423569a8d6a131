"""IK7: deadlines computed from the report's own timeline.

A report's timeline usually shows whether the clause's clock was kept: when the CA certificate was
created and when it was disclosed, when the CA became aware and when the last certificate was
revoked, when the first report was posted. These rules find those events (by the draft's tags, or
by the phrasings the policy knowledge base gives for each event), compute the elapsed time with
aware datetimes, and show the figures. A deadline that was missed and not acknowledged in the
report is an error; one the report acknowledges (treats as part of the incident) is a notice.

Time arithmetic never uses the machine's clock or zone: "now" is ``--as-of`` or the draft's
posted date; entries without a zone are compared by calendar date only.
"""

from __future__ import annotations

from incident_kit.rules.ik7_deadlines import ik701_clause_deadline_missed  # noqa: F401  (registers the rule)
from incident_kit.rules.ik7_deadlines import ik702_initial_report_late  # noqa: F401  (registers the rule)
from incident_kit.rules.ik7_deadlines import ik703_full_report_late  # noqa: F401  (registers the rule)
from incident_kit.rules.ik7_deadlines import ik704_update_gap  # noqa: F401  (registers the rule)

FAMILY = "IK7"
TITLE = "deadlines"
RULES = (
    "ik701_clause_deadline_missed",
    "ik702_initial_report_late",
    "ik703_full_report_late",
    "ik704_update_gap",
)
"""The rule files of the family, in registration order."""
