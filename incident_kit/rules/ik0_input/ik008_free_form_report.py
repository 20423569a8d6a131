"""IK008 free-form-report."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import KIND_FREEFORM, Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik0_input._common import _TEMPLATES


@rule(
    code="IK008",
    name="free-form-report",
    severity=NOTICE,
    summary="An incident report written without a template: name the template it should use.",
    citations=(_TEMPLATES, cites.IRG2, cites.IRG1),
    kinds=(KIND_FREEFORM,),
)
def free_form_report(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The text reads as an incident report, but follows no template.

    Why: initial notices ("We received a report yesterday…"), mail-list write-ups and narrative reports
    are common in older bugs and in first comments. The reader recognises one when it names
    certificates and a non-compliance and at least two of: it calls itself a report, says how the
    CA learned of the problem, gives a root cause, or dates events. Such a report is not judged
    against a template it never used: the timeline, deadline and remediation rules check what can be
    found (timestamped lines, the CA's own statements of what it changed), and this notice names
    the template of the posting date (the 7 topics before IRG 2.0 on 2023-10-17, the IRG 2.0
    Incident Report until IRG 3.0 on 2025-03-01, the IRG 3.x Preliminary or Full report after).

    Fires: once per free-form report.

    Stays quiet: for any report that follows a template, and for a text
    that is not clearly a report (a question to a CA, meeting notes), which gets IK002 instead.
    """
    from incident_kit.sources.markdown.kinds import template_for

    when = ctx.effective_date(doc)
    yield Hit(
        f"{doc.kind_reason}; only its timeline entries, deadlines and "
        "remediation statements were checked",
        line=doc.line_range[0] if doc.line_range else None,
        suggestion=f"post it as {template_for(when)}",
    )
