"""IK208 initial-report-impact-or-containment-missing."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik2_summary._common import _answered, _hit
from incident_kit.text.concepts import lexicon, mentioned
from incident_kit.text.normalise import is_na


IMPACT_COUNT = lexicon("impact_count")
CONTAINED = lexicon("contained")


def _initial_report_text(doc: Document) -> str:
    """The words of a preliminary report that can disclose impact and containment: the whole
    report (the IRG asks the first report to say them, not one field), without the Relevant
    policies value and quoted lines, whose requirement text ("one regularly scheduled CRL")
    describes the rule, not the incident. A paragraph wrapped over several lines is read as one
    ("has scheduled the / revocation of ...")."""
    text = doc.text
    policies = doc.field(d.F_RELEVANT_POLICIES)
    if policies is not None and policies.raw.strip():
        text = text.replace(policies.raw, " ")
    kept = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return _ASIDE_RE.sub(" ", _SOFT_BREAK_RE.sub(" ", "\n".join(kept)))


# A line break inside a paragraph: the line goes on (no closing punctuation) and the next line is
# not a new item (bullet, heading, number, table row, blank line).
# A technical aside in brackets ("(serial: `01:9a...`, notBefore: ...)") between a subject and its
# verb: read the sentence without it.
_ASIDE_RE = re.compile(r"\((?=[^()\n]*[:`])[^()\n]*\)")
_SOFT_BREAK_RE = re.compile(r"(?<=[\w,)\]])[ \t]*\n[ \t]*(?=[a-z(])")


@rule(
    code="IK208",
    name="initial-report-impact-or-containment-missing",
    severity=ERROR,
    summary="The initial report states the known impact and whether the incident is contained.",
    citations=(cites.IRG3_EXPECTED,),
    kinds=(d.KIND_PRELIMINARY,),
)
def initial_report_impact_or_containment_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Preliminary report says what is affected and whether the incident is contained.

    Why: the IRG requires the first report or reply to "accurately disclose the impact of the
    incident" (for example the corpus of then-known misissued certificates) and to "describe
    whether the incident should be considered contained (e.g., because certificate issuance was
    stopped) or ongoing". The Preliminary template has no field for either; CAs say them in the
    Incident description or in a paragraph below the fields, so the whole report is read (not the
    Relevant policies value or quoted requirement text, which describe the rule).

    Both are recognised by meaning (lexicons ``impact_count`` and ``contained``): a count in digits
    or words ("two (2)", "a single", "4 ... affected"), a single object named as the only one ("the
    affected URI", "limited to the test site certificate"), or none affected; containment said
    outright (contained, ongoing, resolved) or by the act that stops the cause: issuance stopped or
    paused, the profile disabled, a fix deployed, the data, records or site corrected or replaced,
    remediation completed, revocation scheduled. Revoking the certificates already issued is not
    containment on its own: it does not say whether issuance goes on.

    Fires: (error) when the report gives no count of what is affected, or says nothing on
    containment; one finding naming what is missing.

    Stays quiet: when both are stated in any wording ("212 certificates ... so the incident is
    contained", "Issuance was halted at 09:12 UTC; 37 certificates are affected"), and when the
    description is missing or still a prompt (IK102, IK103 and IK105 report those).
    """
    value = _answered(doc, d.F_INCIDENT_DESCRIPTION)
    if value is None or is_na(value.raw):
        return
    text = _initial_report_text(doc)
    missing = []
    if not mentioned(text, IMPACT_COUNT, negated=None):
        missing.append("the known impact (how many certificates or other objects are affected)")
    if not mentioned(text, CONTAINED, negated=None):
        missing.append("whether the incident is contained (e.g. issuance stopped) or ongoing")
    if missing:
        yield _hit(
            value,
            "the initial report does not state " + " nor ".join(missing),
            suggestion="add to the Incident description, e.g. \u201c37 OV certificates are affected; issuance "
            "with the faulty profile was stopped at 09:12 UTC, so the incident is contained.\u201d",
        )
