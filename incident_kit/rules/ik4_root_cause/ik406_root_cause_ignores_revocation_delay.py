"""IK406 root-cause-ignores-revocation-delay."""

from __future__ import annotations

from typing import Iterable

from incident_kit.document import KIND_FULL, KIND_IRG2, Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import is_revocation_delay
from incident_kit.rules.ik4_root_cause._common import C_RCA, rca_parts
from incident_kit.text.concepts import mentioned, lexicon


DELAY_TOPIC = lexicon("revocation_delay")


@rule(
    code="IK406",
    name="root-cause-ignores-revocation-delay",
    severity=WARNING,
    summary="A delayed-revocation report analyses why revocation could not happen on time.",
    citations=(C_RCA, cites.IRG3_SCOPED, cites.MRSP_6_1_3),
    kinds=(KIND_FULL, KIND_IRG2),
    applies=is_revocation_delay,
)
def root_cause_ignores_revocation_delay(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A delayed-revocation report's root cause analysis speaks only of the original problem,
    not of why revocation was late.

    Why: a missed revocation deadline is an incident of its own, reported separately (IRG 3.2
    §How are reports scoped?), and Mozilla expects CAs to prevent future delays (MRSP 6.1.3:
    subscriber warnings, agreement terms, mass-revocation plans). Its root cause analysis must
    therefore explain the delay: why the certificates could not be revoked in time. The IRG does
    not phrase this with MUST, so this is a warning.

    Fires: (only when the whiteboard contains ``revocation-delay``): no part of the root cause
    analysis mentions revocation, the delay, the deadline, postponement or certificate
    replacement.

    Stays quiet: a contributing factor such as "the subscriber could not replace certificates
    within five days because its devices need manual installation", or "we agreed to postpone
    revocation because no mass-revocation plan existed".
    """
    parts = rca_parts(doc)
    if not parts:
        return
    whole = "\n".join(p.text for p in parts)
    if not whole.strip() or mentioned(whole, DELAY_TOPIC, negated=None):
        return
    yield Hit(
        "this is a delayed-revocation report but the root cause analysis does not explain why revocation was late",
        line=parts[0].line,
        suggestion="add a contributing factor for the delay: why the certificates could not be revoked within the deadline",
    )
