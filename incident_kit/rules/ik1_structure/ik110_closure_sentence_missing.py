"""IK110 closure-sentence-missing."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.text.normalise import clean_value


@rule(
    code="IK110",
    name="closure-sentence-missing",
    severity=ERROR,
    summary="A Closure Report ends with the template's fixed closure request sentence.",
    citations=(cites.IRG3_TEMPLATES,),
    kinds=(d.KIND_CLOSURE,),
)
def closure_sentence_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The Closure Report lacks the template's closing sentence, or rewords it.

    Why: the IRG's Closure template ends with a fixed sentence stating that all Action Items were
    completed as described and requesting closure; the templates MUST be used when requesting
    closure, and the sentence is the CA Owner's statement that closure is due.

    Fires: no such sentence in the report, or a reworded one (reported at its line).

    Stays quiet: the sentence as in the template, ignoring letter case, spacing, curly quotes, emphasis
    and the final full stop, also when more text follows it in the same paragraph.
    """
    from incident_kit.irg import CLOSURE_SENTENCE

    expected = _sentence_key(CLOSURE_SENTENCE)
    found = doc.closing_sentence
    if found is not None and expected in _sentence_key(found.raw):
        return
    if found is None and any(expected in _sentence_key(line) for line in doc.lines):
        return
    section = doc.section(d.SEC_CLOSURE)
    where = found.line if found is not None else (section.end_line if section else None)
    yield Hit(
        "the Closure Report does not end with the template's closing sentence"
        + (" (it was reworded)" if found is not None else "")
        + "; write it exactly as the template does",
        line=where,
        suggestion=CLOSURE_SENTENCE,
    )


def _sentence_key(text: str) -> str:
    return clean_value(text).lower().rstrip(". ")
