"""IK901 unsupported-no-impact-claim."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ALL_REPORT_KINDS, WARNING, Context, Hit, rule
from incident_kit.rules.ik9_wording._common import C_PRACTICES, NO_IMPACT_CLAIM, Cues, claim_support
from incident_kit.text.concepts import finditer
from incident_kit.text.negation import is_meta


NO_IMPACT_CUES = Cues((NO_IMPACT_CLAIM.gate,))


@rule(
    code="IK901",
    name="unsupported-no-impact-claim",
    severity=WARNING,
    summary="A claim that the incident has no security impact gives its reason or evidence.",
    citations=(C_PRACTICES,),
    kinds=ALL_REPORT_KINDS,
)
def unsupported_no_impact_claim(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report says the incident has no security impact (or poses no risk to relying parties)
    and does not say why.

    Why: IRG 3.2 lists among its "bad" practices claims that are speculative or cannot be
    corroborated, and gives "there is no security impact due to this issue." as its example; its
    key characteristics ask reports to support claims with data. The guidance says "avoid", the
    force of a SHOULD NOT, so this is a warning.

    Fires: "There is no security impact.", "This poses no risk to relying parties.", "The issue
    could not be exploited.", with no reason or evidence in the same sentence or the next one; and
    a claim whose only reason is a general remark about clients rather than evidence about the
    affected certificates ("There is no security impact, as browsers ignore the commonName.",
    "... since the field is deprecated").

    Stays quiet: a claim with a reason or data ("There is no security impact because the
    certificates were never delivered to the subscriber.", "No risk to relying parties: all 12
    domains were validated correctly and only the OU spelling was wrong.", "We reviewed the CT
    logs; none of the certificates was served."); a claim concluded from the sentence before it
    ("All affected keys stayed in our HSM. Therefore there is no security impact."), or opening
    right after a sentence of facts about the affected objects ("Every revoked serial was still
    listed correctly. There was no risk that a revoked certificate would be accepted."); a claim the
    report denies, questions, quotes or retracts ("We do not claim there was no security impact.",
    "We are assessing whether there is no security impact", "Our earlier statement that there was
    no security impact was wrong."); "no security impact assessment".
    """
    prose = doc.prose
    for s, _ in NO_IMPACT_CUES.sentences(prose, prose.sentences):
        for m in finditer(s.text, NO_IMPACT_CLAIM):
            if is_meta(s.text, m.start(), m.end()):
                continue
            support = claim_support(s, m.start(), m.end())
            claim = " ".join(m.group().split())
            if support.general_only:
                yield Hit(
                    f"\u201c{claim}\u201d rests on a general remark about how clients or fields behave, "
                    "not on evidence about the affected certificates",
                    line=s.unit.line_at(s.start + m.start()),
                    suggestion="support the claim with facts about this incident (which certificates, where they were "
                    "used, what was validated) or describe the possible impact instead",
                )
            elif not support.reasons and not support.evidence:
                yield Hit(
                    f"\u201c{claim}\u201d is claimed without a reason or evidence",
                    line=s.unit.line_at(s.start + m.start()),
                    suggestion="say why, with data (e.g. the certificates were never delivered, all names were "
                    "validated), or describe the possible impact instead",
                )
            break
