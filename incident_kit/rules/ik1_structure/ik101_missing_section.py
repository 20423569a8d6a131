"""IK101 missing-section."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg.templates import AUDIT_FINDING_PARTS, SECTION_TITLES, TEMPLATE_FIELDS, TEMPLATE_SECTIONS
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik1_structure._common import _TEMPLATES_CITE, _insertion_line
from incident_kit.text.normalise import clean_value


def _has_section(doc: Document, key: str) -> bool:
    if key == "finding":
        return any(s.key.startswith("finding") for s in doc.sections)
    return doc.section(key) is not None


@rule(
    code="IK101",
    name="missing-section",
    severity=ERROR,
    summary="Every section of the report template is present.",
    citations=_TEMPLATES_CITE,
    kinds=tuple(TEMPLATE_SECTIONS),
)
def missing_section(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A section of the template is missing.

    Why: the IRG says the templates MUST be used and every field included, with N/A where it does
    not apply; reviewers and tools find the content by its headings. The IRG 3.x Full template
    has Summary, Impact, Timeline, Related Incidents, Root Cause Analysis, Lessons Learned, Action
    Items and Appendix; the Preliminary template has Summary; the Closure template has Report
    Closure Summary. The IRG 2.0 template has the Full sections without Related Incidents, and its
    Audit template a Root Cause Analysis and an Action Items block after every Finding.

    Fires: once per missing section, at the heading it should come before.

    Stays quiet: a section present under its template heading (in any heading level, or as a plain line
    in text copied from a rendered bug), a section written ``N/A`` (it is there), a section whose
    labelled fields stand without its heading (two or more of them, e.g. the Preliminary fields
    right under the title: the content a reviewer looks for is there), extra sections a CA adds.
    Legacy 7-topic reports are checked by IK106 instead.
    """
    order = TEMPLATE_SECTIONS.get(doc.kind, ())
    for i, key in enumerate(order):
        if not _has_section(doc, key) and not _fields_stand_in(doc, key):
            yield Hit(
                f'the "{SECTION_TITLES[key]}" section is missing; the template requires it '
                f"(write N/A under the heading if nothing applies)",
                line=_insertion_line(doc, order, i),
                suggestion=f"### {SECTION_TITLES[key]}",
            )
    if doc.kind == d.KIND_IRG2_AUDIT and doc.draft is None:  # a validated draft has them all
        yield from _missing_audit_parts(doc)


def _fields_stand_in(doc: Document, key: str) -> bool:
    """The section's heading is left out but its labelled fields are there (two or more of them,
    e.g. the Preliminary fields right under the title): the content is present."""
    for section_key, keys in TEMPLATE_FIELDS.get(doc.kind, ()):
        if section_key == key:
            return sum(1 for k in keys if k in doc.fields) >= 2
    return False


def _missing_audit_parts(doc: Document) -> Iterator[Hit]:
    """Each ``Finding #N`` of an audit report is followed by its Root Cause Analysis and Action Items."""
    findings = [s for s in doc.sections if re.fullmatch(r"finding\d+", s.key)]
    for finding in findings:
        for part, title in AUDIT_FINDING_PARTS:
            if doc.section(f"{finding.key}.{part}") is None:
                yield Hit(
                    f'{clean_value(finding.title)} has no "{title}" section; the Audit Incident Report '
                    f"template gives every finding one",
                    line=finding.line,
                    suggestion=f"### {title}",
                )
