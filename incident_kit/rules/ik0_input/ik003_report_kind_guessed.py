"""IK003 report-kind-guessed."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ALL_REPORT_KINDS, NOTICE, Context, Hit, rule
from incident_kit.rules.ik0_input._common import _TEMPLATES, _TEMPLATE_TITLES


@rule(
    code="IK003",
    name="report-kind-guessed",
    severity=NOTICE,
    summary="The report's kind (Preliminary, Full, Closure, IRG 2.0, legacy) was inferred, not stated.",
    citations=(_TEMPLATES,),
    kinds=ALL_REPORT_KINDS,
)
def report_kind_guessed(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The reader had to guess which template the report follows.

    Why: each IRG 3.x template starts with its own title heading, which tells readers (and this tool)
    which fields to expect. When that title is missing or does not match, the reader infers the kind
    from the sections and labels it finds; the rules then judge the report against that guess, so
    the notice says what was guessed and why, to explain findings that would be wrong for another
    kind.

    Fires: when the reader marked the kind as guessed.

    Stays quiet: when the title heading (or a draft's ``kind:``) states the kind.
    """
    if not doc.kind_guessed:
        return
    reason = f": {doc.kind_reason}" if doc.kind_reason else ""
    yield Hit(
        f"report kind '{doc.kind}' was guessed{reason}",
        line=doc.title.line if doc.title is not None else None,
        suggestion=f"begin the report with its template title, {_TEMPLATE_TITLES}",
    )
