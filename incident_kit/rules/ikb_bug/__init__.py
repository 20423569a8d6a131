"""IKB: the life of a whole Bugzilla bug, read from its comments.

A report file cannot show whether the CA answered a question within 7 days or kept the Next-update
date; the bug's comments can. These rules run only when a bug is linted (``incident-kit lint --bug``,
``incident-kit review``): the engine gives them the classified bug (``ctx.bug``, see
:mod:`incident_kit.sources.bugzilla.classify`) and skips them for a file.

Every finding points at a comment: its number and time in the message, and a ``comment`` object
(bug, comment number, time, ``show_bug.cgi?id=N#cM`` link) in the JSON output. "Now" is the moment
the bug was fetched, or the end of the ``--as-of`` day; comment times are exact UTC times from
Bugzilla, so every figure is computed, never guessed. A deadline still running is not a finding;
one that passed with nothing posted is, marked *overdue*.
"""

from __future__ import annotations

from incident_kit.rules.ikb_bug import ikb01_bug_first_report_late  # noqa: F401  (registers the rule)
from incident_kit.rules.ikb_bug import ikb02_bug_full_report_late  # noqa: F401  (registers the rule)
from incident_kit.rules.ikb_bug import ikb03_question_not_answered  # noqa: F401  (registers the rule)
from incident_kit.rules.ikb_bug import ikb04_next_update_missed  # noqa: F401  (registers the rule)
from incident_kit.rules.ikb_bug import ikb05_revocation_delay_update_gap  # noqa: F401  (registers the rule)
from incident_kit.rules.ikb_bug import ikb06_action_item_change_not_reported  # noqa: F401  (registers the rule)
from incident_kit.rules.ikb_bug import ikb07_closure_before_action_items_done  # noqa: F401  (registers the rule)
from incident_kit.rules.ikb_bug import ikb08_report_rewrites_timeline  # noqa: F401  (registers the rule)

FAMILY = "IKB"
TITLE = "bug lifecycle (a whole Bugzilla bug: report cadence, answers, updates)"
RULES = (
    "ikb01_bug_first_report_late",
    "ikb02_bug_full_report_late",
    "ikb03_question_not_answered",
    "ikb04_next_update_missed",
    "ikb05_revocation_delay_update_gap",
    "ikb06_action_item_change_not_reported",
    "ikb07_closure_before_action_items_done",
    "ikb08_report_rewrites_timeline",
)
"""The rule files of the family, in registration order."""
