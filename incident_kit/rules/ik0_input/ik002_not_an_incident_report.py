"""IK002 not-an-incident-report."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import KIND_UNKNOWN, Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik0_input._common import _TEMPLATES, _TEMPLATE_TITLES


@rule(
    code="IK002",
    name="not-an-incident-report",
    severity=ERROR,
    summary="The text does not follow any incident report template (IRG 3.x, IRG 2.0 or the legacy 7 topics).",
    citations=(_TEMPLATES,),
    kinds=(KIND_UNKNOWN,),
)
def not_an_incident_report(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The reader found no incident report structure, so only the input checks ran.

    Why: the IRG requires reports to use its templates. The reader recognises the IRG 3.x Preliminary,
    Full and Closure templates, the IRG 2.0 template (and its Audit variant) and the legacy 7-topic
    answers, by their headings, bold labels or numbered topics. When none of these is found the
    document's kind is ``unknown`` and no report rule applies: linting it would otherwise pass
    silently.

    Fires: once per document of kind ``unknown`` (a note, a question, a file that is not a report).

    Stays quiet: for any document recognised as a report, even a very incomplete one: missing
    sections are the structure rules' business (IK1).
    """
    reason = f" ({doc.kind_reason})" if doc.kind_reason else ""
    yield Hit(
        f"not recognised as an incident report{reason}; no report rules were run",
        line=doc.title.line if doc.title is not None else None,
        suggestion=f"use an IRG template; its title is one of {_TEMPLATE_TITLES}",
    )
