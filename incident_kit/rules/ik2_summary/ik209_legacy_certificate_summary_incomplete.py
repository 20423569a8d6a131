"""IK209 legacy-certificate-summary-incomplete."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik2_summary._common import parse_count
from incident_kit.text.concepts import lexicon, search


CERTIFICATES = lexicon("certificates")


@rule(
    code="IK209",
    name="legacy-certificate-summary-incomplete",
    severity=WARNING,
    summary="A legacy report's certificate summary gives the count and the first and last issuance dates.",
    citations=(cites.IRG_LEGACY, cites.IRG1),
    kinds=(d.KIND_LEGACY,),
)
def legacy_certificate_summary_incomplete(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Legacy topic 4 gives a number of certificates but not when the first and last were issued.

    Why: the legacy guidance asks, for each problem, for the number of certificates and the dates
    the first and last certificates with that problem were issued; with the dates a reader sees how
    long the problem lasted without rebuilding it from the timeline. The guidance says "should":
    a warning.

    Fires: (warning) when topic 4 speaks of certificates but gives no date at all, or only one date
    for more than one certificate.

    Stays quiet: when two dates (or a range) are given, when one certificate is affected and its date is
    given, and when topic 4 describes an incident without certificates (OCSP failures, late
    responses: other statistics are asked for then). A missing topic 4 is IK106's.
    """
    from incident_kit.text.timestamps import find_all_times

    sec = doc.section("topic4")
    if sec is None or search(sec.text, CERTIFICATES) is None:
        return
    _, count = parse_count(sec.text.strip().split("\n")[0])
    dates = find_all_times(sec.text)
    if len(dates) >= 2 or (len(dates) == 1 and count == 1):
        return
    yield Hit(
        "the summary of the problematic certificates does not say when the first and last of them were issued",
        line=sec.line,
        suggestion="e.g. \u201c44 DV certificates, first issued 2021-05-24, last issued 2021-06-14\u201d",
    )
