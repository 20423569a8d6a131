"""IK206 issuance-stopped-unanswered."""

from __future__ import annotations

import re
from typing import Iterator, Optional

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules._text import find_placeholders
from incident_kit.rules.ik2_summary._common import _FIELDS_CITE, _answered, _hit, certificates_affected
from incident_kit.text.concepts import lexicon, mentioned, search
from incident_kit.text.normalise import clean_value, starts_with_na


ISSUANCE_STOPPED = lexicon("issuance_stopped")
ISSUANCE = lexicon("issuance")
STOPPING = lexicon("stopping")
NOT_STOPPED = lexicon("issuance_not_stopped")
# An answer that opens with the word Yes, No or Partially (a position, not a phrase list).
_YES_NO_RE = re.compile(
    r"^(?P<answer>yes|no|partially|partly|in part)\b(?!\s*/\s*(?:yes|no)\b)[\s.,:;!\u2013\u2014-]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_MIN_REASON_WORDS = 2
_FILLER = frozenset(
    "a an the it its this that we our us was is has have had been be were not no yes yet so far at "
    "time currently needed necessary required stop stopped issuance certificate certificates "
    "see above below n/a".split()
)


def _reason_words(text: str) -> int:
    """Words of an explanation that say something ("not at this time" and "see above" say nothing)."""
    words = re.findall(r"[A-Za-z0-9][\w'\u2019/-]*", text.lower())
    return sum(1 for w in words if w not in _FILLER)


def issuance_answer(text: str) -> tuple[Optional[str], str]:
    """``(answer, explanation)``: answer is "yes", "no", "partial" or None when the text does not say
    whether issuance was stopped. An opening Yes/No/Partially is taken at its word; otherwise a
    statement such as "Issuance was not stopped because ..." is read for its meaning."""
    text = clean_value(text)
    m = _YES_NO_RE.match(text)
    if m:
        word = m.group("answer").lower()
        return ("partial" if word not in ("yes", "no") else word), m.group("rest").strip()
    if search(text, ISSUANCE):  # issuance words beside a stop word or a denial (lexicons)
        denied = search(text, NOT_STOPPED) is not None
        if denied or search(text, STOPPING):
            return ("no" if denied else "yes"), text
    if mentioned(text, ISSUANCE_STOPPED):
        return "yes", text  # stopped in other words: "a fix that prevents issuance of ... was deployed"
    if mentioned(text, ISSUANCE_STOPPED, negated=True):
        return "no", text
    return None, text


@rule(
    code="IK206",
    name="issuance-stopped-unanswered",
    severity=ERROR,
    summary="The report says whether issuance was stopped, and why or why not.",
    citations=(_FIELDS_CITE, cites.IRG_LEGACY),
    kinds=(d.KIND_FULL, d.KIND_LEGACY),
)
def issuance_stopped_unanswered(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The answer to "Was issuance stopped ..., and why or why not?" is not Yes or No with a reason.

    Why: IRG 3.x asks for "Yes/No with explanation"; the legacy topic 3 asked whether the CA had
    stopped issuance, a statement that it had being a pledge and one that it had not needing an
    explanation.

    Fires: ``Yes`` or ``No`` alone or with a remark that gives no reason (``No, not at this
    time``, ``Yes, see above``); ``Yes/No``; text that does not say
    whether issuance stopped; N/A while certificates are affected. Legacy reports: a topic 3 that
    does not say, or says "not stopped" without a reason (a warning: the legacy text used
    "should").

    Stays quiet: ``Yes. Issuance was halted at 10:20 UTC while the profile was fixed.``; ``No, because
    ...``; ``Yes – issuance was halted at ...``; ``Partially: ...`` with an explanation (stopping one
    CA or one product line is a real answer); a statement without the opening word, such as
    ``Issuance was not stopped because the fix was deployed within the hour``; N/A when no
    certificates are affected; a legacy "we have stopped" pledge.
    """
    if doc.kind == d.KIND_LEGACY:
        yield from _legacy_issuance(doc)
        return
    value = _answered(doc, d.F_ISSUANCE_STOPPED)
    if value is None:
        return
    if starts_with_na(value.raw):
        if certificates_affected(doc):
            yield _hit(value, "certificates are affected, so say whether issuance was stopped (Yes/No) and why")
        return
    answer, reason = issuance_answer(value.raw)
    if answer is None:
        yield _hit(value, "the answer does not say whether issuance was stopped; start with Yes or No, then the reason")
    elif _reason_words(reason) < _MIN_REASON_WORDS:
        yield _hit(value, f"the answer {answer!r} gives no reason; explain why issuance was or was not stopped")


def _legacy_issuance(doc: Document) -> Iterator[Hit]:
    section = doc.section("topic3")
    if section is None or find_placeholders(section.text):
        return  # IK106 reports a missing topic, IK105 a prompt left in it
    answer, reason = issuance_answer(section.text)
    if answer is None:
        yield Hit(
            "topic 3 does not say whether issuance was stopped",
            line=section.line,
            severity=WARNING,
        )
    elif answer != "yes" and _reason_words(reason) < _MIN_REASON_WORDS:
        yield Hit(
            "topic 3 says issuance was not stopped without explaining why",
            line=section.line,
            severity=WARNING,
        )
