"""IK402 root-cause-detection-not-explained."""

from __future__ import annotations

from typing import Iterable, Iterator

from incident_kit.document import KIND_FULL, KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY, Document, Located
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.rules.ik4_root_cause._common import (
    C_LEGACY,
    C_RCA,
    C_RCA_2,
    _factor_name,
    _generation_citations,
    _value_is_na,
    defers_to_later_report,
    explains_escape,
    rca_parts,
)
from incident_kit.text.concepts import mentioned, lexicon
from incident_kit.text.sentences import sentences


DETECTION = lexicon("detection")


def _prose_explains_escape(text: str) -> bool:
    """For a root cause written as prose (IRG 2.0, legacy): a missing control anywhere, or a
    sentence about detection that gives a reason."""
    if causes.missing_control(text) is not None:
        return True
    for sentence in sentences(text):
        if mentioned(sentence.text, DETECTION, negated=None) and explains_escape(sentence.text):
            return True
    return False


@rule(
    code="IK402",
    name="root-cause-detection-not-explained",
    severity=WARNING,
    summary="Each contributing factor explains how it avoided detection before the incident.",
    citations=(C_RCA, C_RCA_2, C_LEGACY),
    kinds=(KIND_FULL, KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY),
)
def root_cause_detection_not_explained(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A contributing factor's Detection says how the problem was found now, but not why it was
    not found earlier.

    Why: IRG 3.2 defines the Detection field as how the factor was detected *and* how it avoided
    detection before the incident (inadequate safeguards, missed signals); the Root Causes text
    asks to note "how they avoided detection until they were discovered". IRG 2.0 says the same
    and the legacy item 6 asks "how they avoided detection until now". No MUST is used, so this is
    a warning.

    Fires: "Detection: Detected when the community member opened this bug."; "Detection: N/A";
    a legacy or IRG 2.0 root cause that never says why the problem went unnoticed.

    Stays quiet: "Not detected until the quality review, because the review samples only 3% of
    orders"; "No lint covered key ceremonies, so nothing flagged it"; "The test suite did not
    simulate SERVFAIL"; a missing or empty Detection field (IK403 and IK103 report those); a
    root cause section that only says it will come in the final report (a preliminary report
    posted in the full template's layout: there is no analysis yet to judge).
    """
    if doc.factors:
        yield from _factor_detection_hits(doc)
        return
    if doc.kind == KIND_FULL:
        return  # a Full report without factor blocks is IK403's finding
    for part in rca_parts(doc):
        if defers_to_later_report(part.text):
            continue  # "(To be added in the final report)": nothing is analysed yet
        if part.text.strip() and not Located(part.text).is_na and not _prose_explains_escape(part.text):
            yield Hit(
                "the root cause analysis does not say how the problem avoided detection until it was found",
                line=part.line,
                suggestion="add why existing checks, tests, reviews or monitoring did not catch it earlier",
                citations=_generation_citations(doc),
            )


def _factor_detection_hits(doc: Document) -> Iterator[Hit]:
    for factor in doc.factors:
        value = factor.fields.get("detection")
        if value is None or value.is_empty:
            continue
        name = _factor_name(factor)
        if _value_is_na(value):
            message = f"the Detection of {name} is N/A; every contributing factor avoided detection somehow"
        elif not explains_escape(value.raw):
            message = f"the Detection of {name} says how it was found, not how it avoided detection before"
        else:
            continue
        yield Hit(
            message,
            line=value.line or factor.line,
            column=value.column,
            suggestion="explain which safeguards, reviews or signals missed it, and why",
        )
