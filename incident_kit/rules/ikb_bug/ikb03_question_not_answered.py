"""IKB03 question-not-answered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.deadlines.clock import lateness
from incident_kit.lint.rule import ANY_INPUT, ERROR, Context, Hit, rule
from incident_kit.rules.ikb_bug._common import UPDATED, _at, _bug, _hit, _now_label, _view

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


@rule(
    code="IKB03",
    name="question-not-answered",
    severity=ERROR,
    summary="Every question to the CA got a response within 7 days (an acknowledgment with a date counts).",
    citations=(UPDATED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def question_not_answered(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The CA Owner MUST respond to questions and comments within 7 days, even if only to
    acknowledge them and say when the answer will come.

    Why: a review stalls on an unanswered question; the IRG asks for at least an acknowledgement
    with a date within 7 days.

    A question is another person's comment that asks the CA something (a sentence ending in ``?``,
    or "please provide", "could you", ...; quoted lines and invitations to the community such as
    "any further questions?" do not count). The response is the CA's next comment, unless that
    comment only acknowledges without any date ("we are looking into it"), which does not count.

    Fires: when the response came more than 7 days after the question, or when none came and 7
    days have passed (overdue).

    Stays quiet: when the CA responded in time, and on comments that ask nothing.
    """
    view = _view(ctx)
    for q in view.comments:
        if q.kind != "question":
            continue
        response = next((c for c in view.ca_after(q.time) if not c.ack_only), None)
        if response is not None:
            late = lateness(_at(q.time), _at(response.time), hours=None, days=7)
            if late:
                yield _hit(view, q, f"question answered in {response.label}: {late}.")
            continue
        late = lateness(_at(q.time), _at(view.now), hours=None, days=7)
        if late:
            acks = [c for c in view.ca_after(q.time) if c.ack_only]
            extra = f"; {acks[0].label} only acknowledged it, without a date" if acks else ""
            yield _hit(view, q, f"question without a response from the CA as of {_now_label(view)}: {late}{extra}.",
                       overdue=True)
