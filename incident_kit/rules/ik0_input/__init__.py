"""IK0: input and format detection.

IK001, IK004 and IK009 are produced by the lint engine itself (the input could not be read, the draft
does not validate, a rule crashed); their functions only carry the documentation. The others are
ordinary rules that also run on documents of kind ``unknown``.
"""

from __future__ import annotations

from incident_kit.rules.ik0_input import ik001_unreadable_input  # noqa: F401  (registers the rule)
from incident_kit.rules.ik0_input import ik002_not_an_incident_report  # noqa: F401  (registers the rule)
from incident_kit.rules.ik0_input import ik003_report_kind_guessed  # noqa: F401  (registers the rule)
from incident_kit.rules.ik0_input import ik004_invalid_draft  # noqa: F401  (registers the rule)
from incident_kit.rules.ik0_input import ik005_suppression_without_reason  # noqa: F401  (registers the rule)
from incident_kit.rules.ik0_input import ik006_suppression_of_unknown_code  # noqa: F401  (registers the rule)
from incident_kit.rules.ik0_input import ik009_rule_crashed  # noqa: F401  (registers the rule)
from incident_kit.rules.ik0_input import ik007_unused_suppression  # noqa: F401  (registers the rule)
from incident_kit.rules.ik0_input import ik008_free_form_report  # noqa: F401  (registers the rule)

FAMILY = "IK0"
TITLE = "input and format detection"
RULES = (
    "ik001_unreadable_input",
    "ik002_not_an_incident_report",
    "ik003_report_kind_guessed",
    "ik004_invalid_draft",
    "ik005_suppression_without_reason",
    "ik006_suppression_of_unknown_code",
    "ik009_rule_crashed",
    "ik007_unused_suppression",
    "ik008_free_form_report",
)
"""The rule files of the family, in registration order."""
