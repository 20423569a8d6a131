"""IK9: wording and candour.

The IRG's illustrative practices ask for reports that are candid, objective ("supporting claims
with data") and free-standing, and list what to avoid: posturing (blaming others or external
factors, downplaying the severity), claims that cannot be substantiated ("there is no security
impact due to this issue."), and naming a third-party reporter who did not approve it. These rules
read the prose of a report, sentence by sentence, and judge meaning rather than one keyword: a claim
that the report denies or quotes ("we do not claim there was no security impact") does not count,
and a claim the same passage supports with a reason or data stays quiet.

Text inside fenced code blocks, HTML comments and Markdown block quotes (a reviewer's question
quoted in a reply) is not read. The rules read the prose model the Document holds
(``doc.prose``, :mod:`incident_kit.text.prose`: units, sentences, each folded once) and share
:mod:`incident_kit.text` (clauses, negation, lexicons).

IK905 is data-driven: its phrasings live in ``wording.toml`` beside this module, and a team can add
its own checks of the same shape in files named by ``wording-paths`` in its configuration.
"""

from __future__ import annotations

from incident_kit.rules.ik9_wording import ik901_unsupported_no_impact_claim  # noqa: F401  (registers the rule)
from incident_kit.rules.ik9_wording import ik902_third_party_reporter_named  # noqa: F401  (registers the rule)
from incident_kit.rules.ik9_wording import ik903_report_not_free_standing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik9_wording import ik904_blames_others  # noqa: F401  (registers the rule)
from incident_kit.rules.ik9_wording import ik905_discouraged_wording  # noqa: F401  (registers the rule)

FAMILY = "IK9"
TITLE = "wording and candour"
RULES = (
    "ik901_unsupported_no_impact_claim",
    "ik902_third_party_reporter_named",
    "ik903_report_not_free_standing",
    "ik904_blames_others",
    "ik905_discouraged_wording",
)
"""The rule files of the family, in registration order."""
