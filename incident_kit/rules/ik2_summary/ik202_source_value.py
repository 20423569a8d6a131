"""IK202 source-value."""

from __future__ import annotations

import re
from typing import Iterator, Optional

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg.templates import SOURCE_AUDIT, SOURCE_SELF_REPORTED, SOURCE_THIRD_PARTY, SOURCE_VALUES
from incident_kit.lint.rule import ERROR, NOTICE, Context, Hit, rule
from incident_kit.rules.ik2_summary._common import _FIELDS_CITE, _PRELIM_FULL, _answered, _hit
from incident_kit.text.concepts import lexicon, search
from incident_kit.text.normalise import clean_value, is_na


SOURCES = SOURCE_VALUES
_SOURCE_HINTS = (
    (lexicon("source_hint_audit"), SOURCE_AUDIT),
    (lexicon("source_hint_third_party"), SOURCE_THIRD_PARTY),
    (lexicon("source_hint_self_reported"), SOURCE_SELF_REPORTED),
)
"""Lexicons of words that lean to an allowed value, tried in this order, for the error's suggestion."""

_COMMENT_START_RE = re.compile(r"(?<!\s)\s*(?:[(,;:\u2013\u2014/]|(?:by|via|from|through|during)\b)")


def _source_key(text: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", text.lower()).split()).strip(" .")


_SOURCE_ALIASES = {
    "self report": SOURCE_SELF_REPORTED,
    "self": SOURCE_SELF_REPORTED,
    "third party": SOURCE_THIRD_PARTY,
    "third party report": SOURCE_THIRD_PARTY,
    "audit finding": SOURCE_AUDIT,
    "audit findings": SOURCE_AUDIT,
}
"""Unmistakable short forms of the allowed values (a notice, not an error)."""


def _canonical_source(text: str) -> Optional[str]:
    """The allowed value that ``text`` spells, ignoring case, hyphens and spacing, or an
    unmistakable short form of it ("Third party", "Self-report")."""
    key = _source_key(text)
    exact = next((s for s in SOURCES if _source_key(s) == key), None)
    return exact or _SOURCE_ALIASES.get(key)


def _source_with_comment(text: str) -> Optional[str]:
    """The allowed value that opens ``text`` and is followed by a comment ("Self Reported (our linter)")."""
    key = _source_key(text)
    for s in SOURCES:
        base = _source_key(s)
        if key.startswith(base) and _COMMENT_START_RE.match(key[len(base) :]):
            return s
    return None


_SOURCE_WORDS = (
    (lexicon("source_audit"), SOURCE_AUDIT),
    (lexicon("source_third_party"), SOURCE_THIRD_PARTY),
    (lexicon("source_self_reported"), SOURCE_SELF_REPORTED),
)
"""Lexicons of the words that name an allowed value themselves."""


def _source_named(text: str) -> Optional[str]:
    """The one allowed value a short answer names by its own words, with qualifiers around them
    ("Annual ETSI Audit", "Third-party report via Bugzilla", "Self Reported. Found by our
    monitoring."). None when it names none, or more than one."""
    named = {value for concept, value in _SOURCE_WORDS if search(text, concept)}
    first_sentence = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    if len(named) != 1 or len(first_sentence.split()) > 8:
        return None
    return named.pop()


@rule(
    code="IK202",
    name="source-value",
    severity=ERROR,
    summary="Source of incident disclosure is Self Reported, Third Party Reported or Audit.",
    citations=(_FIELDS_CITE,),
    kinds=_PRELIM_FULL,
)
def source_value(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Source of incident disclosure is not one of the three values the IRG allows.

    Why: the IRG makes the field a choice of "Self Reported", "Third Party Reported" or "Audit"
    (audit findings, since IRG 3.0, use the normal template with Source "Audit"); tools that count
    incidents by source depend on those exact values.

    Fires: (error): any other value, e.g. ``Auditor``, ``Community``, ``Internal review``, with the
    intended value as a suggestion where the word makes it clear; N/A in a Full report.
    Fires (notice): the right value spelled differently (``self-reported``, ``Third party
    reported.``), in an unmistakable short form (``Third party``, ``Audit finding``), followed by
    a comment (``Self Reported (pre-issuance linter)``), or named by its own words in a short
    first sentence (``Annual ETSI Audit``, ``Third-party report via Bugzilla``).

    Stays quiet: the exact values; N/A in a Preliminary report (a third-party reporter may leave it
    out); blank or missing (IK102, IK103).
    """
    value = _answered(doc, d.F_SOURCE)
    if value is None:
        return
    text = clean_value(value.raw).lstrip("-*\u2022 \t")
    if text in SOURCES or (doc.kind == d.KIND_PRELIMINARY and is_na(text)):
        return
    spelled = _canonical_source(text) or _source_with_comment(text) or _source_named(text)
    if spelled is not None:
        yield _hit(
            value,
            f"write the Source exactly as {spelled!r}, alone; found {text!r}",
            suggestion=spelled,
            severity=NOTICE,
        )
        return
    guess = next((s for concept, s in _SOURCE_HINTS if search(text, concept)), None)
    yield _hit(
        value,
        f"Source of incident disclosure {text!r} is not one of "
        + ", ".join(repr(s) for s in SOURCES),
        suggestion=guess,
    )
