"""IK613 legacy-remediation-step-undated."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import _clip


@rule(
    code="IK613",
    name="legacy-remediation-step-undated",
    severity=WARNING,
    summary="Each remediation step of a legacy report gives the date it will be (or was) completed.",
    citations=(cites.IRG1, cites.IRG_LEGACY),
    kinds=(d.KIND_LEGACY,),
    applies=lambda doc, ctx: bool(doc.legacy_remediation),
)
def legacy_remediation_step_undated(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A legacy topic-7 remediation step without a date.

    Why: the seventh legacy topic asks for the steps the CA is taking, "accompanied with a binding
    timeline" (wiki and CCADB text until December 2022); from then and in IRG 1.0 the steps should
    include the status of each action and the date each will be completed. Both texts frame the
    topics as what a report should include, so a missing date is a warning, not an error.

    Fires: (warning) on each step (list item, table row or paragraph of topic 7) in which no date
    can be read.

    Stays quiet: on steps with a date in any common form (2022-04-29, 29/04/2022, "April 29,
    2022"), on steps that follow an introductory line carrying a date for all of them ("By
    2019-10-01 we will:"), and on the introductory line itself.
    """
    shared_date = False
    for entry in doc.legacy_remediation:
        text = entry.text.strip() or entry.raw.strip()
        intro = text.rstrip("*_ ").endswith(":")
        if intro:
            shared_date = entry.when is not None
            continue
        if entry.when is not None or shared_date:
            continue
        yield Hit(
            f"remediation step \u201c{_clip(text, 80)}\u201d gives no date by which it will be (or was) completed",
            line=entry.line,
            column=entry.column,
            suggestion="Add the completion date (YYYY-MM-DD) and the step's status.",
        )
