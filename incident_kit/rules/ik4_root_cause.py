"""IK4: root cause analysis.

The IRG asks for the conditions that combined to give rise to the incident, each contributing
factor with when it arose and how it avoided detection (IRG 3.2 §Root Cause Analysis and its
field definitions; IRG 2.0 §Root Cause Analysis, item 4 of the instructions; legacy item 6:
"how and why the mistakes were made ... and how they avoided detection"). These rules read the
Root Cause Analysis section (legacy: topic 6; Closure: the "Incident Root Cause(s)" field) and the
contributing-factor blocks the reader found (:attr:`Document.factors`).

Text is judged by meaning through :mod:`incident_kit.text.concepts` and :mod:`incident_kit.rules._causes`: a human error counts only
when it is affirmed ("this was not a human error" does not), and a system or process cause counts
in any wording ("the form accepted free text", "no linter checked the field", "the procedure did
not require a second review").
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from incident_kit.document import (
    F_CLOSURE_ROOT_CAUSES,
    F_INCIDENT_DESCRIPTION,
    KIND_CLOSURE,
    KIND_FULL,
    KIND_IRG2,
    KIND_IRG2_AUDIT,
    KIND_LEGACY,
    SEC_RCA,
    SEC_SUMMARY,
    ContributingFactorBlock,
    Document,
    Located,
)
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.text.concepts import mentioned, lexicon
from incident_kit.text.sentences import content_words, overlap, sentences
from incident_kit.rules.ik3_timeline import is_revocation_delay
from incident_kit.irg import citations as cites
from incident_kit.irg import templates

C_RCA = cites.IRG3_RCA
C_RCA_2 = cites.IRG2_RCA
C_LEGACY = cites.IRG_LEGACY
C_IRG1 = cites.IRG1
C_PRACTICES = cites.IRG3_PRACTICES

REQUIRED_FACTOR_FIELDS = ("description", "timeline", "detection", "interaction")
FACTOR_LABELS = templates.FACTOR_LABELS

RESTATEMENT_OVERLAP = 0.7
"""Share of a root cause's content words found in the incident description above which, with no
causal language, the root cause is taken to restate the incident."""
MIN_WORDS_FOR_OVERLAP = 4

DETECTION = lexicon("detection")
ESCAPE_REASON = lexicon("escape_reason")

DELAY_TOPIC = lexicon("revocation_delay")


# --------------------------------------------------------------------------------------------
# Where the root cause analysis is.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RcaPart:
    """A piece of root cause text and where it starts."""

    text: str
    line: Optional[int]
    end_line: Optional[int] = None


def rca_parts(doc: Document) -> list[RcaPart]:
    """The root cause text of the report: every Root Cause Analysis section (IRG 2.0 audit reports
    have one per finding), legacy topic 6, or the Closure "Incident Root Cause(s)" field."""
    parts = [RcaPart(s.text, s.line, s.end_line) for s in doc.sections if s.key in (SEC_RCA, "topic6")]
    closure = doc.field(F_CLOSURE_ROOT_CAUSES)
    if closure is not None and not closure.is_empty:
        parts.append(RcaPart(closure.raw, closure.line))
    return parts


def _incident_reference(doc: Document) -> str:
    """The text that says what happened: the Incident description (IRG 3.x), the Summary (IRG
    2.0), or legacy topics 1 and 4."""
    desc = doc.field(F_INCIDENT_DESCRIPTION)
    if desc is not None and not desc.is_empty:
        return desc.raw
    keys = (SEC_SUMMARY,) if doc.kind != KIND_LEGACY else ("topic1", "topic4")
    return "\n".join(s.text for s in doc.sections if s.key in keys)


def _line_of(doc: Document, part: RcaPart, offset: int) -> Optional[int]:
    """The document line of ``part.text[offset]``: the first line at or after the part's start
    whose text contains the line of the part the offset falls in."""
    if part.line is None:
        return None
    text_line = part.text[:offset].count("\n")
    wanted = part.text.splitlines()[text_line].strip() if part.text.splitlines() else ""
    lines = doc.lines
    last = part.end_line if part.end_line is not None else len(lines)
    for no in range(part.line, min(last, len(lines)) + 1):
        if wanted and wanted[:60] in lines[no - 1]:
            return no
    return part.line


def _generation_citations(doc: Document) -> tuple[str, ...]:
    if doc.kind in (KIND_IRG2, KIND_IRG2_AUDIT):
        return (C_RCA_2,)
    if doc.kind == KIND_LEGACY:
        return (C_LEGACY, C_IRG1)
    return ()


def _value_is_na(value: Located) -> bool:
    """N/A, also with an explanation after it ("N/A – only one factor")."""
    head = value.raw.strip().split(" ", 1)[0].rstrip(".,;:\u2013\u2014-")
    return value.is_na or Located(head).is_na


# --------------------------------------------------------------------------------------------
# IK401: human error as the root cause.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK401",
    name="root-cause-human-error",
    severity=WARNING,
    summary="A root cause of human error or lack of training names the system or process weakness behind it.",
    citations=(C_RCA, C_PRACTICES, C_IRG1, C_LEGACY),
    kinds=(KIND_FULL, KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY, KIND_CLOSURE),
)
def root_cause_human_error(doc: Document, ctx: Context) -> Iterable[Hit]:
    """The root cause is a human error, an oversight or a lack of training, and nothing says why
    the system or process let it happen.

    Why: the legacy guidance and IRG 1.0 say it is not sufficient to give "human error" or "lack of
    training" as a root cause: error-prone tools or practices usually lie behind it, and removing
    those is the fix. IRG 3.2 keeps the principle as good practice: focus on the why, not only the
    what, and avoid a superficial root cause analysis that stops before the systemic issue. Neither
    text uses MUST: the legacy text calls such a root cause insufficient and the current one lists
    it among the practices to avoid, which is the force of a SHOULD NOT, so this is a warning.

    Fires: "This was a human error.", "Contributing Factor #1: Oversight – the questions were
    overlooked", "the operator forgot to ...", "due to a lack of training", when the root cause
    text names no weakness of a system or process.

    Stays quiet: a human error together with its system or process cause ("an operator typed the
    wrong value because the form accepted free text and no linter checked the field"; "the
    procedure relied on one person's mailbox"; "the tool pre-fills the field"; "no second review
    existed"); a denied human error ("this was not a human error"); root causes that do not speak
    of people at all.
    """
    parts = rca_parts(doc)
    whole = "\n".join(p.text for p in parts)
    if causes.system_cause(whole) is not None:
        return
    for part in parts:
        found = causes.human_error(part.text)
        if found is None:
            continue
        yield Hit(
            f"the root cause is given as \u201c{found.text}\u201d with no system or process cause behind it",
            line=_line_of(doc, part, found.start),
            suggestion="explain why the system allowed the error (e.g. a free-text field, a missing check, "
            "a manual step) and how it avoided detection",
            citations=_generation_citations(doc),
        )
        return


# --------------------------------------------------------------------------------------------
# IK402: how the factor avoided detection.
# --------------------------------------------------------------------------------------------


def explains_escape(text: str) -> bool:
    """Whether a detection narrative says why the problem was not found earlier: causal language
    ("because", "due to", "since the review samples ..."), an account of the escape ("stayed
    hidden", "compared the subject but not the extensions", "the runbook had no step for ..."), a
    missing or failed control ("no alert existed"), or a weakness of the process ("the review
    samples only 3% of orders")."""
    return (
        mentioned(text, causes.CAUSAL, negated=None)
        or mentioned(text, ESCAPE_REASON, negated=None)
        or causes.system_cause(text) is not None
    )


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


_LATER_REPORT_RE = re.compile(
    r"^\W*(?:(?:this\s+(?:section|analysis|part)\s+|(?:the\s+)?(?:details|more|information|(?:root\s+cause\s+)?analysis|root\s+cause)\s+(?:are\s+|is\s+)?)?(?:is\s+|will\s+be\s+|to\s+be\s+)"
    r"(?:added|provided|given|included|described|shared|published|completed|posted|detailed|delivered)"
    r"|(?:will\s+|to\s+)?follow)\b[^.]{0,40}?\b(?:in|with)\s+(?:the|our)\s+(?:final|full|later|next|complete|detailed)"
    r"\s+(?:incident\s+)?report\b\W*$",
    re.IGNORECASE,
)


def defers_to_later_report(text: str) -> bool:
    """Whether a section holds only a promise that its content comes in a later report ("(To be
    added in the final report)", "Will be provided in the full report."): a preliminary report's
    placeholder, with no analysis in it to judge."""
    return bool(_LATER_REPORT_RE.match(" ".join(text.split())))


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


def _factor_name(factor: ContributingFactorBlock) -> str:
    return f"Contributing Factor #{factor.number}" if factor.number is not None else "a contributing factor"


# --------------------------------------------------------------------------------------------
# IK403 - IK404: contributing-factor fields.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK403",
    name="contributing-factor-field-missing",
    severity=ERROR,
    summary="Each contributing factor has Description, Timeline, Detection and Interaction fields.",
    citations=(C_RCA, cites.IRG3_TEMPLATES),
    kinds=(KIND_FULL,),
)
def contributing_factor_field_missing(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A contributing factor lacks one of the fields of the template, or the Root Cause Analysis
    has no contributing factor at all.

    Why: the IRG 3.x Full template gives every contributing factor a Description, Timeline,
    Detection and "Interaction with other factors" field, and CA Owners MUST complete all
    applicable fields, writing N/A where one does not apply (IRG 3.2 §Report Templates).

    Fires: a "Contributing Factor #N" block without the "Detection:" label (one finding per missing
    label, at the factor's title); a Root Cause Analysis section with text but no "Contributing
    Factor #N: title" block.

    Stays quiet: a field written N/A (Interaction is often N/A with a single factor); an empty
    field (IK103 reports it); the optional methodology field (IK404).
    """
    if not doc.factors:
        for part in rca_parts(doc):
            if part.text.strip() and not Located(part.text).is_na:
                yield Hit(
                    "the Root Cause Analysis has no \u201cContributing Factor #N: title\u201d block with the template's fields",
                    line=part.line,
                    suggestion="**Contributing Factor #1: title** followed by Description, Timeline, Detection, "
                    "Interaction with other factors and Root Cause Analysis methodology used",
                )
        return
    for factor in doc.factors:
        for key in REQUIRED_FACTOR_FIELDS:
            if key not in factor.fields:
                yield Hit(
                    f"{_factor_name(factor)} has no \u201c{FACTOR_LABELS[key]}\u201d field; write it, or N/A if it does not apply",
                    line=factor.line,
                    suggestion=f"- **{FACTOR_LABELS[key]}:** ",
                )


@rule(
    code="IK404",
    name="contributing-factor-methodology-missing",
    severity=NOTICE,
    summary="Each contributing factor names the root cause analysis method used.",
    citations=(C_RCA,),
    kinds=(KIND_FULL,),
)
def contributing_factor_methodology_missing(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A contributing factor does not say which root cause analysis method was used.

    Why: IRG 3.2 calls the "Root Cause Analysis methodology used" field optional but recommended
    (e.g. 5-Whys, Fishbone diagram) and its good practices ask for a structured method. Advice,
    so a notice.

    Fires: the field is missing from a factor, or says N/A.

    Stays quiet: any named method ("5-Whys", "Ishikawa diagram", "fault tree analysis"); an empty
    field (IK103 reports it with a warning).
    """
    for factor in doc.factors:
        value = factor.fields.get("methodology")
        if value is None:
            yield Hit(
                f"{_factor_name(factor)} does not say which root cause analysis method was used",
                line=factor.line,
                suggestion="- **Root Cause Analysis methodology used:** 5-Whys",
            )
        elif not value.is_empty and _value_is_na(value):
            yield Hit(
                f"the root cause analysis method of {_factor_name(factor)} is N/A",
                line=value.line or factor.line,
                column=value.column,
                suggestion="name the method used, e.g. 5-Whys or a Fishbone diagram",
            )


# --------------------------------------------------------------------------------------------
# IK405: a root cause that restates the incident.
# --------------------------------------------------------------------------------------------


def _restates(text: str, reference: str) -> bool:
    """Whether ``text`` mostly repeats ``reference`` and gives no cause: no causal language, and
    no system weakness beyond those the reference already states ("... was not validated" in
    both is the incident, not its cause)."""
    if len(content_words(text)) < MIN_WORDS_FOR_OVERLAP:
        return False
    if mentioned(text, causes.CAUSAL, negated=None):
        return False
    weakness = causes.system_cause(text)
    if weakness is not None and weakness.text.lower() not in reference.lower():
        return False
    return overlap(text, reference) >= RESTATEMENT_OVERLAP


@rule(
    code="IK405",
    name="root-cause-restates-incident",
    severity=WARNING,
    summary="The root cause explains why the incident happened instead of repeating what happened.",
    citations=(C_RCA, C_PRACTICES, C_RCA_2, C_LEGACY),
    kinds=(KIND_FULL, KIND_IRG2, KIND_LEGACY),
)
def root_cause_restates_incident(doc: Document, ctx: Context) -> Iterable[Hit]:
    """The root cause repeats the incident description and gives no cause.

    Why: IRG 3.2 asks the analysis to focus on the "why", not just the "what", and lists a
    superficial root cause analysis among the practices to avoid; IRG 2.0 and the legacy text
    ask how and why the problem arose. A root cause that only restates the incident tells other
    CAs nothing. Advice of SHOULD force, so a warning.

    Fires: a contributing factor's Description (IRG 3.x), or the whole root cause text (IRG 2.0,
    legacy), whose content words are mostly (70% or more) those of the incident description
    and which has no causal language ("because", "due to", "caused by", "led to", "allowed") and
    names no weakness of a system or process.

    Stays quiet: a root cause that shares words with the description but explains them ("...
    because the profile template was copied from the S/MIME profile"); a different account of the
    conditions ("the re-validation workflow pre-fills the organization name"); short texts of
    fewer than four content words.
    """
    reference = _incident_reference(doc)
    if not reference.strip():
        return
    if doc.factors:
        for factor in doc.factors:
            value = factor.fields.get("description")
            if value is not None and _restates(value.raw, reference):
                yield _restatement_hit(f"the Description of {_factor_name(factor)}", value.line or factor.line, doc)
        return
    for part in rca_parts(doc):
        if _restates(part.text, reference):
            yield _restatement_hit("the root cause analysis", part.line, doc)


def _restatement_hit(what: str, line: Optional[int], doc: Document) -> Hit:
    return Hit(
        f"{what} repeats the incident description and gives no cause (no \u201cbecause\u201d, \u201cdue to\u201d, "
        "\u201callowed\u201d or system weakness)",
        line=line,
        suggestion="say why it happened: which condition, process or system let it happen",
        citations=_generation_citations(doc),
    )


# --------------------------------------------------------------------------------------------
# IK406: the delayed revocation itself is not analysed.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK406",
    name="root-cause-ignores-revocation-delay",
    severity=WARNING,
    summary="A delayed-revocation report analyses why revocation could not happen on time.",
    citations=(C_RCA, cites.IRG3_SCOPED, cites.MRSP_6_1_3),
    kinds=(KIND_FULL, KIND_IRG2),
    applies=is_revocation_delay,
)
def root_cause_ignores_revocation_delay(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A delayed-revocation report's root cause analysis speaks only of the original problem,
    not of why revocation was late.

    Why: a missed revocation deadline is an incident of its own, reported separately (IRG 3.2
    §How are reports scoped?), and Mozilla expects CAs to prevent future delays (MRSP 6.1.3:
    subscriber warnings, agreement terms, mass-revocation plans). Its root cause analysis must
    therefore explain the delay: why the certificates could not be revoked in time. The IRG does
    not phrase this with MUST, so this is a warning.

    Fires (only when the whiteboard contains ``revocation-delay``): no part of the root cause
    analysis mentions revocation, the delay, the deadline, postponement or certificate
    replacement.

    Stays quiet: a contributing factor such as "the subscriber could not replace certificates
    within five days because its devices need manual installation", or "we agreed to postpone
    revocation because no mass-revocation plan existed".
    """
    parts = rca_parts(doc)
    if not parts:
        return
    whole = "\n".join(p.text for p in parts)
    if not whole.strip() or mentioned(whole, DELAY_TOPIC, negated=None):
        return
    yield Hit(
        "this is a delayed-revocation report but the root cause analysis does not explain why revocation was late",
        line=parts[0].line,
        suggestion="add a contributing factor for the delay: why the certificates could not be revoked within the deadline",
    )
