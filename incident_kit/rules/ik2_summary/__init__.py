"""IK2: the Summary and Impact fields.

Values the IRG defines closely: the CCADB unique ID, the Source of incident disclosure, Relevant
policies (document, version, section), the certificate counts, the incident heuristic, the
issuance-stopped answer and, for delayed revocation, the Analysis.
"""

from __future__ import annotations

from incident_kit.rules.ik2_summary import ik201_ccadb_id_format  # noqa: F401  (registers the rule)
from incident_kit.rules.ik2_summary import ik202_source_value  # noqa: F401  (registers the rule)
from incident_kit.rules.ik2_summary import ik203_relevant_policies_incomplete  # noqa: F401  (registers the rule)
from incident_kit.rules.ik2_summary import ik204_certificate_count_invalid  # noqa: F401  (registers the rule)
from incident_kit.rules.ik2_summary import ik205_incident_heuristic_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik2_summary import ik206_issuance_stopped_unanswered  # noqa: F401  (registers the rule)
from incident_kit.rules.ik2_summary import ik207_revocation_delay_analysis_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik2_summary import ik208_initial_report_impact_or_containment_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik2_summary import ik209_legacy_certificate_summary_incomplete  # noqa: F401  (registers the rule)

FAMILY = "IK2"
TITLE = "summary and impact"
RULES = (
    "ik201_ccadb_id_format",
    "ik202_source_value",
    "ik203_relevant_policies_incomplete",
    "ik204_certificate_count_invalid",
    "ik205_incident_heuristic_missing",
    "ik206_issuance_stopped_unanswered",
    "ik207_revocation_delay_analysis_missing",
    "ik208_initial_report_impact_or_containment_missing",
    "ik209_legacy_certificate_summary_incomplete",
)
"""The rule files of the family, in registration order."""
