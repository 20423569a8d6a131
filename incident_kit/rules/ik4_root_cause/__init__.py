"""IK4: root cause analysis.

The IRG asks for the conditions that combined to give rise to the incident, each contributing
factor with when it arose and how it avoided detection (IRG 3.2 §Root Cause Analysis and its
field definitions; IRG 2.0 §Root Cause Analysis, item 4 of the instructions; legacy item 6:
"how and why the mistakes were made ... and how they avoided detection"). These rules read the
Root Cause Analysis section (legacy: topic 6; Closure: the "Incident Root Cause(s)" field) and the
contributing-factor blocks the reader found (:attr:`Document.factors`).

Text is judged by meaning through :mod:`incident_kit.text.concepts` and :mod:`incident_kit.rules._causes`: a human error counts only
when it is affirmed ("this was not a human error" does not), and a system or process cause counts
in any wording ("the form accepted free text", "no linter checked the field", "the procedure did
not require a second review").
"""

from __future__ import annotations

from incident_kit.rules.ik4_root_cause import ik401_root_cause_human_error  # noqa: F401  (registers the rule)
from incident_kit.rules.ik4_root_cause import ik402_root_cause_detection_not_explained  # noqa: F401  (registers the rule)
from incident_kit.rules.ik4_root_cause import ik403_contributing_factor_field_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik4_root_cause import ik404_contributing_factor_methodology_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik4_root_cause import ik405_root_cause_restates_incident  # noqa: F401  (registers the rule)
from incident_kit.rules.ik4_root_cause import ik406_root_cause_ignores_revocation_delay  # noqa: F401  (registers the rule)

FAMILY = "IK4"
TITLE = "root cause analysis"
RULES = (
    "ik401_root_cause_human_error",
    "ik402_root_cause_detection_not_explained",
    "ik403_contributing_factor_field_missing",
    "ik404_contributing_factor_methodology_missing",
    "ik405_root_cause_restates_incident",
    "ik406_root_cause_ignores_revocation_delay",
)
"""The rule files of the family, in registration order."""
