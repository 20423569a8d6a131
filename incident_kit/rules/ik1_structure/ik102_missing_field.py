"""IK102 missing-field."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document, Located
from incident_kit.irg import citations as cites
from incident_kit.irg.templates import FIELD_LABELS, TEMPLATE_FIELDS, THIRD_PARTY_OPTIONAL, TIMELINE_SUBFIELDS
from incident_kit.lint.rule import ERROR, IRG3, WARNING, Context, Hit, rule
from incident_kit.rules.ik1_structure._common import _FIELDS_CITE, _field_is_lenient, _written_by_ca
from incident_kit.text.normalise import clean_value


@rule(
    code="IK102",
    name="missing-field",
    severity=ERROR,
    summary="Every labelled field of the IRG 3.x template is present (IRG 2.0 preliminary: summary and full-report date).",
    citations=_FIELDS_CITE,
    kinds=IRG3 + (d.KIND_IRG2_PRELIMINARY,),
)
def missing_field(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A labelled field of the IRG 3.x template is missing from a section that is present.

    Why: "all fields included in the relevant template MUST be completed", and fields that do not
    apply MUST still be included, marked N/A. Only the fields marked with an asterisk (CCADB
    unique ID, Timeline summary, Source of incident disclosure) may be left out, and only from a
    Preliminary report submitted by a third party.

    Fires: once per missing label, at the heading of its section. In a Preliminary report a missing
    starred field is a warning, because a third party may have written it, unless the description
    speaks as the CA Owner ("our order normalisation", "we revoked"): then it is an error.
    A Timeline summary written as free text without its three sub-fields gives one finding.

    Stays quiet: fields of a section that is missing altogether (IK101 reports the section), fields
    present with any value, the Analysis field when the whiteboard contains ``revocation-delay``
    (IK207 reports it with the delayed-revocation requirement).

    An IRG 2.0-era preliminary report ("Preliminary Incident Report" posted while IRG 2.0 was in
    force, 2023-10-17 to 2025-03-01, or an IRG 2.0 template that says it is preliminary and has no
    root cause or action items of its own) is not held to the IRG 3.x labels nor to every section
    of the full template: IRG 2.0 asks it for an executive summary and a date by which the full
    report will be posted (SHOULD, so warnings).

    Fires: when there is no executive summary (no Summary section with text, nor a paragraph of a
    dozen words before the first section), or when
    no sentence names the full report with a time a reader can count to. Vague words give no date
    ("a full report will follow in the next few days", "shortly", "as soon as possible"). Quiet for
    "the full incident report will follow within two weeks", "a complete investigation report by
    2024-06-20", "the full report this week", "no later than Friday".
    """
    if doc.kind == d.KIND_IRG2_PRELIMINARY:
        yield from _irg2_preliminary_hits(doc)
        return
    delay = doc.bug.revocation_delay
    for section_key, keys in TEMPLATE_FIELDS.get(doc.kind, ()):
        section = doc.section(section_key)
        if section is None:
            continue
        missing = [k for k in keys if k not in doc.fields and not (k == d.F_ANALYSIS and delay)]
        if d.F_TIMELINE_SUMMARY in doc.fields and all(k in missing for k in TIMELINE_SUBFIELDS):
            missing = [k for k in missing if k not in TIMELINE_SUBFIELDS]
            yield _missing_subfields_hit(doc, doc.fields[d.F_TIMELINE_SUMMARY])
        for key in missing:
            yield _missing_field_hit(doc, key, section.title, section.line)


def _missing_field_hit(doc: Document, key: str, section_title: str, line: int) -> Hit:
    label = FIELD_LABELS[key]
    message = f'the "{label}" field is missing from the {clean_value(section_title)} section'
    if _field_is_lenient(doc, key):
        return Hit(
            message + "; only a third-party reporter may leave it out of a Preliminary report, "
            "a CA Owner must include it",
            line=line,
            suggestion=f"- **{label}:** ",
            severity=WARNING,
        )
    voice = _written_by_ca(doc) if doc.kind == d.KIND_PRELIMINARY and key in THIRD_PARTY_OPTIONAL else None
    if voice:
        message += f"; the report speaks as the CA Owner (\u201c{voice}\u201d), and only a third-party reporter may leave it out"
    return Hit(
        message + "; every template field must be included, written N/A when it does not apply",
        line=line,
        suggestion=f"- **{label}:** N/A" if key in (d.F_ANALYSIS, d.F_ADDITIONAL) else f"- **{label}:** ",
    )


def _missing_subfields_hit(doc: Document, parent: Located) -> Hit:
    labels = ", ".join(f'"{FIELD_LABELS[k]}"' for k in TIMELINE_SUBFIELDS)
    return Hit(
        f"the Timeline summary lacks its sub-fields {labels}; give each date as its own sub-bullet",
        line=parent.line,
        column=parent.column,
        severity=WARNING if _field_is_lenient(doc, d.F_TIMELINE_SUMMARY) else None,
    )


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"


# one character that does not end the sentence (". " before a capital, or a blank line)
_SAME_SENTENCE = r"(?:(?![.!?][\"')\]]*\s+(?-i:[A-Z])|\n[ \t]*\n).)"
_COUNT_WORD = r"(?:\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty)"


# The full report named with a time a reader can count to: a date, a weekday, a number of days or
# weeks, "this week" / "end of the month". Vague words ("in the next few days", "shortly", "as soon
# as possible") give no date.
_FULL_REPORT_DATE_RE = re.compile(
    r"\b(?:full|final|complete|detailed|comprehensive)\s+(?:(?:incident|investigation|analysis)\s+){0,2}report\b" + _SAME_SENTENCE + r"{0,120}?"
    r"\b(?:by|on|before|no later than|within|until|in|at the latest|this|next)\b\s*" + _SAME_SENTENCE + r"{0,40}?"
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?![a-z])|"
    r"\b" + _MONTH + r"\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b|\b" + _COUNT_WORD + r"\s+(?:business\s+|working\s+|calendar\s+)?(?:days?|weeks?)\b|"
    r"\b" + _MONTH + r"\s*,?\s*(?:19|20)\d\d\b|\b(?:end of |this |next |the following |the coming )(?:the |this |next )?(?:week|month)\b|"
    r"\b(?<=this |next )(?:week|month)\b|\btomorrow\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
    re.IGNORECASE | re.DOTALL,
)

_REPORT_PROMISE_RE = re.compile(
    r"\b(?:will|to) (?:\w+ ){0,2}(?:post|publish|provide|upload|submit|share|file|follow)\b.{0,40}\breport\b|"
    r"\b(?:full|final|complete|detailed) (?:incident )?report\b",
    re.IGNORECASE,
)


def _summary_before_sections(doc: Document) -> bool:
    """Prose that opens the report before its first section heading (no "Summary" heading, the
    executive summary written straight under the title): at least a sentence of a dozen words."""
    lines = doc.lines
    lo, hi = doc.line_range or (1, len(lines))
    stop = min((s.line for s in doc.sections if s.line >= lo), default=hi + 1)
    title = doc.title.line if doc.title is not None else None
    text = " ".join(lines[n - 1] for n in range(lo, stop) if n != title)
    # sentences about the report itself ("This is a preliminary report.") summarise nothing
    own = [x for x in re.split(r"(?<=[.!?])\s+", text) if not _ABOUT_REPORT_RE.search(x)]
    return sum(len(re.findall(r"[A-Za-z]{2,}", x)) for x in own) >= 12


_ABOUT_REPORT_RE = re.compile(r"\b(?:preliminary|full|final|complete|detailed|incident)\s+(?:incident\s+)?report\b", re.IGNORECASE)


def _irg2_preliminary_hits(doc: Document) -> Iterator[Hit]:
    """The two things an IRG 2.0 preliminary report owes: an executive summary and the date of
    the full report (IRG 2.0: SHOULD, so warnings)."""
    summary = doc.section(d.SEC_SUMMARY)
    first = doc.line_range[0] if doc.line_range else (doc.title.line if doc.title else None)
    if (summary is None or not summary.text.strip()) and not _summary_before_sections(doc):
        yield Hit(
            "the IRG 2.0 preliminary report gives no executive summary of the incident",
            line=summary.line if summary else first,
            suggestion="add a Summary: what happened, which certificates, whether it is contained",
            severity=WARNING,
            citations=(cites.IRG2,),
        )
    lines = doc.lines
    lo, hi = doc.line_range or (1, len(lines))
    if not _FULL_REPORT_DATE_RE.search("\n".join(lines[lo - 1 : hi])):
        # at the sentence that promises a report, else at the start of the summary
        promise = next((n for n in range(lo, hi + 1) if _REPORT_PROMISE_RE.search(lines[n - 1])), None)
        body = next((n for n in range(summary.line + 1, summary.end_line + 1) if lines[n - 1].strip()), None) if summary else None
        yield Hit(
            "the IRG 2.0 preliminary report does not say by when the full report will be posted",
            line=promise or body or first,
            suggestion="add e.g. \u201cWe will post the full incident report by 2024-04-19.\u201d",
            severity=WARNING,
            citations=(cites.IRG2,),
        )
