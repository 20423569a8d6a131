"""IK1: structure and completeness of a report.

Is every section and labelled field of the template there, in order, filled in (``N/A`` where it
does not apply), with no template text left behind? Is the bug titled ``CA Owner: brief title``?
Is the template still current?

IK112: stand-in values of a scaffold or kit left in a YAML draft.

``incident-kit new``, the kits and ``promote`` write values that validate but are not answers, so
that a new draft renders at once: the CCADB ID ``A000000``, timeline times ``2000-01-01 00:00 UTC``
and due dates ``2000-01-01``. The ``<...>`` prompts beside them are IK105's; this rule lists the
stand-ins, which would otherwise render as if they were facts.
"""

from __future__ import annotations

from incident_kit.rules.ik1_structure import ik101_missing_section  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik102_missing_field  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik103_empty_field  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik104_sections_out_of_order  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik105_template_placeholder  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik106_legacy_topic_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik107_bug_title_format  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik108_bug_title_owner_mismatch  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik109_superseded_template  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik110_closure_sentence_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik111_related_incidents_only_own  # noqa: F401  (registers the rule)
from incident_kit.rules.ik1_structure import ik112_stand_in_value_left  # noqa: F401  (registers the rule)

FAMILY = "IK1"
TITLE = "structure and completeness"
RULES = (
    "ik101_missing_section",
    "ik102_missing_field",
    "ik103_empty_field",
    "ik104_sections_out_of_order",
    "ik105_template_placeholder",
    "ik106_legacy_topic_missing",
    "ik107_bug_title_format",
    "ik108_bug_title_owner_mismatch",
    "ik109_superseded_template",
    "ik110_closure_sentence_missing",
    "ik111_related_incidents_only_own",
    "ik112_stand_in_value_left",
)
"""The rule files of the family, in registration order."""
