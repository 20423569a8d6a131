"""Causes, human error, controls and system weaknesses: the shared judgement of root-cause and
remediation rules (IK4, IK5, IK6), built on :mod:`incident_kit.text.concepts`."""

from __future__ import annotations

from typing import Optional

from incident_kit.text.concepts import Match, first_mention, lexicon, mentioned, mentions
from incident_kit.text.negation import actor_omission

# --------------------------------------------------------------------------------------------
# Shared lexicons: causes, human error, controls and system weaknesses.
# --------------------------------------------------------------------------------------------

CAUSAL = lexicon("causal")

HUMAN_ERROR = lexicon("human_error")

CONTROL = lexicon("control")

SYSTEM_WEAKNESS = lexicon("system_weakness")

INSTANCE_REPAIR = lexicon("instance_repair")

FUTURE_PROTECTION = lexicon("future_protection")


def missing_control(text: str) -> Optional[Match]:
    """The first control the text says was absent or failed: "no automated check existed",
    "without any monitoring", "the value was not checked by any linter", "the linter was not run".
    A person's omission ("the operator did not check the value") is not a missing control."""
    for m in mentions(text, CONTROL):
        if m.negated and not actor_omission(m.clause, m.start - m.clause_start):
            return m
    return None


def system_cause(text: str) -> Optional[Match]:
    """The first statement of a system or process cause: an affirmed :data:`SYSTEM_WEAKNESS` or
    a :func:`missing_control`."""
    weakness = first_mention(text, SYSTEM_WEAKNESS)
    control = missing_control(text)
    found = [m for m in (weakness, control) if m is not None]
    return min(found, key=lambda m: m.start) if found else None


def human_error(text: str) -> Optional[Match]:
    """The first affirmed mention of human error ("human error", "a typo", "oversight", "the
    operator forgot", "lack of training"); "this was not a human error" does not count."""
    return first_mention(text, HUMAN_ERROR)


def repairs_instance_only(text: str) -> bool:
    """True when a remedy only repairs this incident (revoke these certificates, re-upload the
    statement, correct the record) and names nothing aimed at future occurrences (IK504, IK608)."""
    return mentioned(text, INSTANCE_REPAIR) and not mentioned(text, FUTURE_PROTECTION)
