"""IK3: the timeline.

The IRG asks for a detailed, time-stamped timeline of everything that led up to the incident and
happened during and after it (IRG 3.2 §Timeline; IRG 2.0 §Timeline, item 3 of the instructions;
the legacy 7-topic list, item 2: a "date-and-time-stamped" sequence). These rules read the
timeline entries the reader found (:attr:`Document.timeline`), whose timestamps were parsed by
:mod:`incident_kit.text.timestamps` (zones from its fixed table, never the machine's).

Severities follow the generation's own words: IRG 3.x says times MUST be in UTC or carry an
offset and SHOULD be minute-level; IRG 2.0 says both with "should"; the legacy list asks for the
topics with "should" and says nothing of zones.
"""

from __future__ import annotations

from incident_kit.rules.ik3_timeline import ik301_timeline_entry_without_timestamp  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik302_timeline_entry_without_time_of_day  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik303_timeline_time_without_zone  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik304_timeline_out_of_order  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik305_timeline_no_prior_event  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik306_timeline_missing_milestone  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik307_timeline_revocation_completion_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik308_timeline_event_in_future  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik309_timeline_summary_order  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik310_timeline_summary_not_a_date  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik311_legacy_awareness_without_time  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik312_timeline_year_inferred  # noqa: F401  (registers the rule)
from incident_kit.rules.ik3_timeline import ik313_timeline_time_in_zone_name  # noqa: F401  (registers the rule)

FAMILY = "IK3"
TITLE = "timeline"
RULES = (
    "ik301_timeline_entry_without_timestamp",
    "ik302_timeline_entry_without_time_of_day",
    "ik303_timeline_time_without_zone",
    "ik304_timeline_out_of_order",
    "ik305_timeline_no_prior_event",
    "ik306_timeline_missing_milestone",
    "ik307_timeline_revocation_completion_missing",
    "ik308_timeline_event_in_future",
    "ik309_timeline_summary_order",
    "ik310_timeline_summary_not_a_date",
    "ik311_legacy_awareness_without_time",
    "ik312_timeline_year_inferred",
    "ik313_timeline_time_in_zone_name",
)
"""The rule files of the family, in registration order."""
