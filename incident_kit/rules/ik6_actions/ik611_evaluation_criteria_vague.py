"""IK611 evaluation-criteria-vague."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik6_actions._common import (
    _ACTIONS_CITE,
    _PLACEHOLDER_CRITERIA_RE,
    _clip,
    _has_column,
    _pos,
    _value,
)
from incident_kit.text.concepts import first_mention, mentioned, lexicon
from incident_kit.text.normalise import is_na


VAGUE_CRITERIA = lexicon("vague_criteria")

EVIDENCE = lexicon("criterion_evidence")


@rule(
    code="IK611",
    name="evaluation-criteria-vague",
    severity=NOTICE,
    summary="Evaluation criteria name something that can be observed or measured.",
    citations=(_ACTIONS_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: _has_column(doc, "evaluation_criteria"),
)
def evaluation_criteria_vague(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Evaluation criteria that promise to watch effectiveness but say nothing about how.

    Why: the IRG says CA Owners SHOULD prioritize objective and publicly measurable evidence (CT
    log data, audit statements, policy documents, public communications), and otherwise SHOULD
    give a qualitative assessment and explain how they will monitor the item's impact. "The
    effectiveness will be monitored" does neither. Telling vague wording from a terse but concrete
    criterion is a judgment, so this is a notice, not a warning.

    Fires: (notice) when the criteria use vague wording ("effectiveness will be monitored", "ongoing
    review", "improved compliance", "management review", or only "Implemented"/"Done") and name
    no evidence: no number or date, no report, log, alert, test, drill, lint, scan, audit, CT log,
    published document, frequency or record.

    Stays quiet: on criteria that name any such evidence ("effectiveness will be monitored through
    the weekly lint report", "zero findings in the monthly scan", "alert fired in a drill"), on
    terse concrete outcomes ("Reminder sent", "Single repository in use"), and on missing or N/A
    criteria (IK610).
    """
    for row in doc.action_items:
        value = _value(row.evaluation_criteria)
        if not value or is_na(value) or _PLACEHOLDER_CRITERIA_RE.match(value):
            continue
        vague = first_mention(value, VAGUE_CRITERIA, negated=None)
        if vague is None or mentioned(value, EVIDENCE, negated=None):
            continue
        yield Hit(
            f"evaluation criteria \u201c{_clip(value, 90)}\u201d name nothing that can be observed or measured",
            suggestion="Name the evidence: a metric and its target, a test or drill result, a report or log, or public evidence such as CT data, an audit statement or the CPS.",
            **_pos(row.evaluation_criteria, row),
        )
