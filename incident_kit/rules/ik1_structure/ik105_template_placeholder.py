"""IK105 template-placeholder."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, TEMPLATE_KINDS, Context, Hit, rule
from incident_kit.rules._text import find_placeholders, placeholder_kinds
from incident_kit.rules.ik1_structure._common import _FIELDS_CITE


@rule(
    code="IK105",
    name="template-placeholder",
    severity=ERROR,
    summary="No example text or drafting prompt of the template is left in the report.",
    citations=_FIELDS_CITE,
    kinds=TEMPLATE_KINDS + (d.KIND_IRG2_PRELIMINARY,),
)
def template_placeholder(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Text of the template was left in place of an answer.

    Why: the IRG requires every applicable field to be completed; example rows and prompts left in
    a posted report read as data (an action item "Example" due 2025-01-19) or show that a section
    was never written.

    Fires: the IRG 3.x example Related Incidents row (``[Related Bug ID](Related Bug URL)``,
    ``Date Related Bug was opened``), the example Action Items row of IRG 3.x or IRG 2.0, the
    ``Contributing Factor #: title`` heading, the IRG 2.0 ``YYYY-MM-DD:`` / ``- HH:MM Example``
    timeline seed, the Appendix's example link ``https://crt.sh/?sha256=[sha256 fingerprint of the
    certificate]``, and incident-kit's own drafting prompts written in angle brackets, such as
    ``<describe what happened>``.

    Stays quiet: text inside fenced code blocks and HTML comments (quoted data, suppressions), YAML
    comments of a draft, HTML tags such as ``<br>`` or ``<details open>``, autolinks
    ``<https://...>`` and addresses ``<ca@example.com>``, redactions (``CN=<redacted>``), URL
    patterns (``sha256=<fingerprint>``), real rows that merely use the word "Example" in a longer
    description. Also quiet on a free-form report (no template). An IRG 2.0 preliminary report is
    checked: an example row left in it reads as data even though its sections are not yet due.
    """
    kinds = placeholder_kinds(doc.text)  # every prose line is a piece of the text
    if not any(kinds):
        return
    for number, line in doc.prose.lines:
        for p in find_placeholders(line, kinds):
            yield Hit(
                f"template text left in the report ({p.what}): {p.text!r}; replace it with the "
                f"real content or N/A",
                line=number,
                column=p.column,
            )
