"""IK5: remediation against the broken clause.

Reviewers spend most of their comments here: a remedy has to prevent the clause from being broken
again, not just end this instance. The rules read the clauses a report concerns from the policy
knowledge base (:mod:`incident_kit.policy`): what a remediation must address, and which remedies
are known to be insufficient for that clause and why.
"""

from __future__ import annotations

from incident_kit.rules.ik5_remediation import ik501_remediation_misses_clause  # noqa: F401  (registers the rule)
from incident_kit.rules.ik5_remediation import ik502_insufficient_remedy_only  # noqa: F401  (registers the rule)
from incident_kit.rules.ik5_remediation import ik505_outdated_clause_number  # noqa: F401  (registers the rule)
from incident_kit.rules.ik5_remediation import ik503_training_only_remediation  # noqa: F401  (registers the rule)
from incident_kit.rules.ik5_remediation import ik504_instance_only_remediation  # noqa: F401  (registers the rule)

FAMILY = "IK5"
TITLE = "remediation against the broken clause"
RULES = (
    "ik501_remediation_misses_clause",
    "ik502_insufficient_remedy_only",
    "ik505_outdated_clause_number",
    "ik503_training_only_remediation",
    "ik504_instance_only_remediation",
)
"""The rule files of the family, in registration order."""
