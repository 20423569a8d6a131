"""IK903 report-not-free-standing."""

from __future__ import annotations

import re
from typing import Iterator, Optional

from incident_kit.document import (
    KIND_IRG2,
    KIND_IRG2_AUDIT,
    KIND_LEGACY,
    SEC_APPENDIX,
    SEC_RELATED,
    SEC_TIMELINE,
    Document,
)
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ALL_REPORT_KINDS, ERROR, WARNING, Context, Hit, Severity, rule
from incident_kit.rules.ik9_wording._common import find_pointer, pointer_cues
from incident_kit.text.sentences import content_words


C_SCOPED = cites.IRG3_SCOPED
C_FORMAT = cites.IRG3_FORMAT

_FIELD_PREFIX = re.compile(r"^\s*[A-Z][\w ()/'\u2019-]{0,60}?:\s")


def _without_label(text: str) -> str:
    """A sentence without a plain-text field label ("Root cause: see comment 5")."""
    m = _FIELD_PREFIX.match(text)
    return text[m.end() :] if m and len(m.group().split()) <= 6 else text


_POINTER_ONLY_WORDS = 2
"""A sentence with at most this many words of its own besides a deferral is only a pointer."""
_THIN_WORDS = 4
_STATEMENT_WORDS = 12
"""A sentence with at least this many words of its own says what happened itself; a pointer to
another bug in parentheses beside it ("... on 26 March (see bug 1234567 for details)") cites that
bug's discussion for more, it does not leave the answer there."""


def _in_parentheses(text: str, pos: int) -> bool:
    """Whether ``pos`` stands inside an open parenthesis of ``text``."""
    before = text[:pos]
    return before.rfind("(") > before.rfind(")")


_NUMBER = re.compile(r"\b\d[\d\-:.,/]*\b")


def _own_words(text: str) -> int:
    """Content words plus numbers and dates: what a sentence says besides its pointer."""
    return len(content_words(text)) + len(_NUMBER.findall(text))


@rule(
    code="IK903",
    name="report-not-free-standing",
    severity=ERROR,
    summary="The report states its content itself instead of pointing to comments, other reports or attachments.",
    citations=(C_SCOPED, C_FORMAT),
    kinds=ALL_REPORT_KINDS,
)
def report_not_free_standing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report leaves part of its content to a Bugzilla comment, an earlier report, another bug
    or an attachment.

    Why: IRG 3.2 says all reports MUST be free-standing and not rely on the contents of other
    reports; they may repeat earlier information and SHOULD summarise previous findings, and the
    CA Owner must compile a complete report even if the information exists elsewhere. Report
    content MUST be given in Markdown, not as an attachment. A MUST, so an error when the report
    plainly defers its content. The MUST is IRG 3.x's: IRG 2.0 and the legacy guidance said a report
    *should* summarise previous findings, so in legacy and IRG 2.0 reports every finding here is a
    warning.

    Fires: error when a sentence or field is only a pointer ("Root cause: see comment 12.",
    "Details in the attached PDF.", "See bug 1234567 for details.", "The timeline is the same as
    in our preliminary report."); warning when a sentence defers to comments or another report
    but also says something itself ("The certificates were revoked; see comment 7 for the
    details."), and when a sentence only leans on earlier discussion ("As discussed above, we are
    still investigating.", "As mentioned in our previous report, this is resolved.").

    Stays quiet: the Related Incidents table; citing a related bug while summarising it ("Another
    CA had the same problem (see bug 1234567)", a full statement with "(see bug 1234567 for
    details)" beside it: who reported what and when is given, the pointer adds), "the misissuance is covered in bug 1234567, where
    41 certificates ..."); a reference followed by the content itself ("As mentioned in our
    previous report, the 37 certificates were issued between ... because ..."); "as described
    above" (the report's own earlier section); attached certificate lists (CSV, crt.sh links) and
    audit letters; the Timeline, whose entries record where things were posted ("Answer posted in
    comment 3").
    """
    should = doc.kind in (KIND_LEGACY, KIND_IRG2, KIND_IRG2_AUDIT)  # "should be a summary": IRG 2.0 ¶5, IRG 1.0
    prose = doc.prose
    for s, tried in pointer_cues().sentences(prose, prose.sentences_outside((SEC_RELATED, SEC_TIMELINE))):
        p = find_pointer(s, tried)
        if p is None:
            continue
        if s.unit.section == SEC_APPENDIX and p.target == "attachment":
            continue
        own = _own_words(_without_label(s.text[: p.match.start()] + " " + s.text[p.match.end() :]))
        severity: Optional[Severity]
        if p.kind == "deferral":
            if p.target == "bug" and not p.detail and own > 1:
                continue  # "(see bug 1234567)" cited beside a statement of its own
            if p.target == "bug" and own >= _STATEMENT_WORDS and _in_parentheses(s.text, p.match.start()):
                continue  # a full statement, with "(see bug N for details)" as a citation beside it
            severity = None if own <= _POINTER_ONLY_WORDS else WARNING
        else:
            if own >= _THIN_WORDS:
                continue
            severity = WARNING
        if should:
            severity = WARNING
        where = " ".join(p.match.group().split())
        what = {
            "comment": "a Bugzilla comment",
            "bug": "another bug",
            "previous": "an earlier report or comment",
            "attachment": "an attachment",
            "above": "earlier discussion",
        }[p.target]
        duty = "a report should summarise previous findings itself" if should else "reports must be free-standing"
        message = (
            f"the report leaves its content to {what} (\u201c{where}\u201d); {duty}"
            if p.kind == "deferral"
            else f"the sentence relies on {what} (\u201c{where}\u201d) without restating it; {duty}"
        )
        yield Hit(
            message,
            line=s.unit.line_at(s.start + p.match.start()),
            suggestion="summarise the referenced content in the report itself (the IRG allows repeating it)",
            severity=severity,
        )
