"""IK503 training-only-remediation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.irg import citations as cites
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik5_remediation._common import REMEDY_KINDS, _has_remedies, remedies
from incident_kit.text.concepts import mentions, lexicon

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


# Generic remedies -----------------------------------------------------------------------------

TRAINING = lexicon("training")

TECHNICAL_CONTROL = lexicon("technical_control")

REMINDER = lexicon("reminder")


def _training_only(text: str) -> bool:
    """Training with no control. A control named *after* a training word in the same clause is the
    subject of the training ("staff will be trained on the linting requirement"), not a control;
    one named before it ("an automated reminder"), or in another clause ("train the team and add a
    blocking check"), is."""
    training = [m for m in mentions(text, TRAINING) + mentions(text, REMINDER) if not m.negated]
    if not training:
        return False
    reminders = {m.sentence for m in training if m.concept == REMINDER.name}
    for control in mentions(text, TECHNICAL_CONTROL):
        if control.negated or control.sentence in reminders:
            continue  # "monitor the mailbox more closely" is a reminder (the reminder lexicon)
        same_clause_after = any(t.clause == control.clause and t.sentence == control.sentence and control.start > t.start for t in training)
        if not same_clause_after:
            return False
    return True


@rule(
    code="IK503",
    name="training-only-remediation",
    severity=WARNING,
    summary="Training, reminders or 'be more careful' are not the only remedies.",
    citations=(cites.IRG1, cites.IRG3_PRACTICES),
    kinds=REMEDY_KINDS + ("freeform",),
    applies=_has_remedies,
)
def training_only_remediation(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Training alone is not a sufficient mitigation.

    Why: the legacy guidance and IRG 1.0 say it outright: training alone should not be seen as a
    sufficient mitigation; the focus should be on removing error-prone manual steps. The IRG 3.x
    lists "committing to opaque actions" and superficial analysis among bad practices. A reminder
    depends on the memory of the people who already missed the requirement.

    Fires: (warning) when every remedy is training, awareness, a reminder, "be more careful" or a
    double-check, with no technical or process control (automation, a linter, a block,
    monitoring and alerts, a checklist step, a tracker, a four-eyes review: the ``peer_review``
    lexicon, a control for root causes and remedies alike).

    Stays quiet: when at least one remedy is a control, even if training is also listed
    ("train the ceremony team and add a checklist step that blocks activation" is fine), and when
    a remedy only mentions training in passing as part of a tooling change.
    """
    items = remedies(doc)
    if items and all(_training_only(r.text) for r in items):
        yield Hit(
            "every remedy is training, awareness or a reminder; none is a technical or process control "
            "that would stop or catch the next occurrence",
            line=items[0].line,
            suggestion="Add a control that removes the manual step or detects its failure (automation, a blocking check, monitoring with alerts).",
        )
