"""IK504 instance-only-remediation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.rules.ik5_remediation._common import REMEDY_KINDS, _has_remedies, remedies

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


@rule(
    code="IK504",
    name="instance-only-remediation",
    severity=ERROR,
    summary="The remedies protect the future, not only repair this instance.",
    citations=(cites.IRG3_ACTIONS, cites.IRG1),
    kinds=REMEDY_KINDS,
    applies=_has_remedies,
)
def instance_only_remediation(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Fixing this occurrence is not remediation.

    Why: the IRG says of action items that it is not sufficient for them to stop this incident: they
    MUST create additional protections to prevent future incidents. Revoking the affected
    certificates, correcting a CCADB record, re-uploading an audit statement or re-publishing a
    CRL ends this incident and nothing more.

    Fires: (error) when every remedy only repairs this instance and none names a control, a process
    change, or anything aimed at future occurrences.

    Stays quiet: when at least one remedy protects the future (training-only remedies are the
    business of IK503, not this rule).
    """
    items = remedies(doc)
    if items and all(causes.repairs_instance_only(r.text) for r in items):
        yield Hit(
            "every remedy repairs this instance only (revocation, record corrections, re-uploads); none "
            "creates a protection against the next occurrence",
            line=items[0].line,
            suggestion="Add action items that change the system or process that allowed the incident, and that detect a repeat.",
        )
