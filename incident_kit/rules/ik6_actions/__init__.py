"""IK6: lessons learned and action items.

The Action Items table is where a report promises what will change. The IRG fixes its columns and
the values of Kind and Status, wants a date for every item, and requires every contributing factor
and every "What didn't go well" / "Other" lesson to be answered by at least one item ("Where we
got lucky" items should be). A Closure report asserts that every item was completed as described.

Not here: whether the remedies fit the clause that was broken, whether they only repair this
instance or are training only (IK5). In particular the IRG requirement that a delayed-revocation
report's action items include steps reasonably calculated to prevent or reduce future revocation
delays is checked by IK501 against MRSP 6.1.3 in the policy knowledge base (the clause a
``revocation-delay`` whiteboard tag brings in); IK6 does not repeat it.

How a lesson is judged mapped (IK606, IK607):

* an explicit reference ("(Action Item 2)", "AI #1, #3", "see action items 1-3") to an item that
  exists maps it;
* a lesson with no reference at all is mapped when it shares at least two content words, and at
  least 30% of its own, with one action item that does more than repair this instance. The IRG
  template gives lessons no column for references, so a report may leave the correspondence to the
  reader; sharing the subject is then the best evidence a tool has. Items that only revoke,
  re-upload or correct a record do not count for this implicit mapping, because they cannot answer
  what went wrong (the lesson would otherwise be "mapped" by repeating the incident's nouns);
* a reference to an item that exists but only repairs this instance is still a mapping; IK608
  adds a notice, since whether an item addresses a lesson is a judgment.
"""

from __future__ import annotations

from incident_kit.rules.ik6_actions import ik601_action_items_table_header  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik602_action_kind_invalid  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik603_action_status_invalid  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik604_action_due_date_invalid  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik605_factor_without_action_item  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik606_lesson_without_action_item  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik607_lucky_without_action_item  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik608_lesson_mapped_to_instance_fix  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik609_no_prevent_action_item  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik610_evaluation_criteria_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik611_evaluation_criteria_vague  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik612_closure_with_open_action_items  # noqa: F401  (registers the rule)
from incident_kit.rules.ik6_actions import ik613_legacy_remediation_step_undated  # noqa: F401  (registers the rule)

FAMILY = "IK6"
TITLE = "lessons learned and action items"
RULES = (
    "ik601_action_items_table_header",
    "ik602_action_kind_invalid",
    "ik603_action_status_invalid",
    "ik604_action_due_date_invalid",
    "ik605_factor_without_action_item",
    "ik606_lesson_without_action_item",
    "ik607_lucky_without_action_item",
    "ik608_lesson_mapped_to_instance_fix",
    "ik609_no_prevent_action_item",
    "ik610_evaluation_criteria_missing",
    "ik611_evaluation_criteria_vague",
    "ik612_closure_with_open_action_items",
    "ik613_legacy_remediation_step_undated",
)
"""The rule files of the family, in registration order."""
