"""IK1: structure and completeness of a report.

Is every section and labelled field of the template there, in order, filled in (``N/A`` where it
does not apply), with no template text left behind? Is the bug titled ``CA Owner: brief title``?
Is the template still current?
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Iterator, Optional

from incident_kit import document as d
from incident_kit.document import Document, Located
from incident_kit.lint.rule import ERROR, IRG3, TEMPLATE_KINDS, WARNING, Context, Hit, rule
from incident_kit.irg.kinds import SUPERSEDED
from incident_kit.irg.templates import (
    AUDIT_FINDING_PARTS,
    FACTOR_LABELS,
    FIELD_LABELS,
    LEGACY_TOPICS,
    OPTIONAL_FIELDS,
    SECTION_TITLES,
    TEMPLATE_FIELDS,
    TEMPLATE_SECTIONS,
    THIRD_PARTY_OPTIONAL,
    TIMELINE_SUBFIELDS,
)
from incident_kit.rules._text import find_placeholders, prose_lines
from incident_kit.text.normalise import clean_value
from incident_kit.irg import citations as cites

# --------------------------------------------------------------------------------------------
# What each template contains.
# --------------------------------------------------------------------------------------------

# The sections, fields, topics and superseded templates are the IRG vocabulary's (incident_kit.irg).

GRACE = timedelta(days=30)

_TEMPLATES_CITE = (cites.IRG3_TEMPLATES, cites.IRG2_TEMPLATE)
_FIELDS_CITE = (cites.IRG3_TEMPLATES, cites.IRG3_FIELDS)


# --------------------------------------------------------------------------------------------
# Helpers.
# --------------------------------------------------------------------------------------------


def _has_section(doc: Document, key: str) -> bool:
    if key == "finding":
        return any(s.key.startswith("finding") for s in doc.sections)
    return doc.section(key) is not None


def _first_line_of(doc: Document, keys: tuple[str, ...]) -> Optional[int]:
    """The heading line of the first of ``keys`` present in the document."""
    for key in keys:
        for s in doc.sections:
            if s.key == key or (key == "finding" and s.key.startswith("finding")):
                return s.line
    return None


def _insertion_line(doc: Document, order: tuple[str, ...], index: int) -> Optional[int]:
    """Where a missing section belongs: before the next template section that is present, else
    after the last section of the report."""
    following = _first_line_of(doc, order[index + 1 :])
    if following is not None:
        return following
    return doc.sections[-1].end_line if doc.sections else None


def _ccadb_owner(doc: Document, ctx: Context) -> str:
    """The CA Owner name as recorded in the CCADB: the draft's, else the configuration's ``ca-owner``."""
    name = doc.bug.ca_owner or ctx.config.get("ca-owner") or ""
    return " ".join(str(name).split())


def _report_line(doc: Document) -> Optional[int]:
    return doc.title.line if doc.title is not None else (doc.sections[0].line if doc.sections else None)


_CA_VOICE = re.compile(
    r"\bour\s+(?:own\s+)?(?:ca|cas|pki|systems?|issu\w*|orders?|validation|certificates?|customers?|subscribers?|cps|cp|"
    r"ceremon(?:y|ies)|hsms?|ocsp|crls?|responders?|normali[sz]ation|software|pipeline|profiles?|templates?|"
    r"compliance team|pki team|operations?|linters?|monitoring)\b"
    r"|\bwe\s+(?:have\s+)?(?:issued|revoked|stopped issuance|halted issuance|paused issuance|misissued|signed)\b",
    re.IGNORECASE,
)


def _written_by_ca(doc: Document) -> Optional[str]:
    """The words that show a Preliminary report is the CA Owner's own ("our order normalisation",
    "we revoked"), or None when it may come from a third party."""
    desc = doc.field(d.F_INCIDENT_DESCRIPTION)
    m = _CA_VOICE.search(desc.raw) if desc is not None else None
    return m.group(0) if m else None


def _field_is_lenient(doc: Document, key: str) -> bool:
    """A starred field of a Preliminary report that a third-party reporter may leave out: lenient
    unless the report speaks as the CA Owner."""
    return doc.kind == d.KIND_PRELIMINARY and key in THIRD_PARTY_OPTIONAL and _written_by_ca(doc) is None


# --------------------------------------------------------------------------------------------
# Rules.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK101",
    name="missing-section",
    severity=ERROR,
    summary="Every section of the report template is present.",
    citations=_TEMPLATES_CITE,
    kinds=tuple(TEMPLATE_SECTIONS),
)
def missing_section(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A section of the template is missing.

    Why: the IRG says the templates MUST be used and every field included, with N/A where it does
    not apply; reviewers and tools find the content by its headings. The IRG 3.x Full template
    has Summary, Impact, Timeline, Related Incidents, Root Cause Analysis, Lessons Learned, Action
    Items and Appendix; the Preliminary template has Summary; the Closure template has Report
    Closure Summary. The IRG 2.0 template has the Full sections without Related Incidents, and its
    Audit template a Root Cause Analysis and an Action Items block after every Finding.

    Fires: once per missing section, at the heading it should come before.
    Quiet: a section present under its template heading (in any heading level, or as a plain line
    in text copied from a rendered bug), a section written ``N/A`` (it is there), a section whose
    labelled fields stand without its heading (two or more of them, e.g. the Preliminary fields
    right under the title: the content a reviewer looks for is there), extra sections a CA adds.
    Legacy 7-topic reports are checked by IK106 instead.
    """
    order = TEMPLATE_SECTIONS.get(doc.kind, ())
    for i, key in enumerate(order):
        if not _has_section(doc, key) and not _fields_stand_in(doc, key):
            yield Hit(
                f'the "{SECTION_TITLES[key]}" section is missing; the template requires it '
                f"(write N/A under the heading if nothing applies)",
                line=_insertion_line(doc, order, i),
                suggestion=f"### {SECTION_TITLES[key]}",
            )
    if doc.kind == d.KIND_IRG2_AUDIT and doc.draft is None:  # a validated draft has them all
        yield from _missing_audit_parts(doc)


def _fields_stand_in(doc: Document, key: str) -> bool:
    """The section's heading is left out but its labelled fields are there (two or more of them,
    e.g. the Preliminary fields right under the title): the content is present."""
    for section_key, keys in TEMPLATE_FIELDS.get(doc.kind, ()):
        if section_key == key:
            return sum(1 for k in keys if k in doc.fields) >= 2
    return False


def _missing_audit_parts(doc: Document) -> Iterator[Hit]:
    """Each ``Finding #N`` of an audit report is followed by its Root Cause Analysis and Action Items."""
    findings = [s for s in doc.sections if re.fullmatch(r"finding\d+", s.key)]
    for finding in findings:
        for part, title in AUDIT_FINDING_PARTS:
            if doc.section(f"{finding.key}.{part}") is None:
                yield Hit(
                    f'{clean_value(finding.title)} has no "{title}" section; the Audit Incident Report '
                    f"template gives every finding one",
                    line=finding.line,
                    suggestion=f"### {title}",
                )


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
    Quiet: fields of a section that is missing altogether (IK101 reports the section), fields
    present with any value, the Analysis field when the whiteboard contains ``revocation-delay``
    (IK207 reports it with the delayed-revocation requirement).

    An IRG 2.0-era preliminary report ("Preliminary Incident Report" posted while IRG 2.0 was in
    force, 2023-10-17 to 2025-03-01, or an IRG 2.0 template that says it is preliminary and has no
    root cause or action items of its own) is not held to the IRG 3.x labels nor to every section
    of the full template: IRG 2.0 asks it for an executive summary and a date by which the full
    report will be posted (SHOULD, so warnings). Fires when there is no executive summary (no
    Summary section with text, nor a paragraph of a dozen words before the first section), or when
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


@rule(
    code="IK103",
    name="empty-field",
    severity=ERROR,
    summary="A field that does not apply says N/A instead of being left blank.",
    citations=_FIELDS_CITE,
    kinds=IRG3,
)
def empty_field(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A template field is present but blank.

    Why: the IRG requires every field of the template to be completed, and a field that does not
    apply MUST be marked N/A. A blank label leaves the reader unsure whether the answer was
    forgotten.

    Fires: a labelled field (Summary, Impact, Closure Summary, or a Contributing Factor's
    Description, Timeline, Detection, Interaction or methodology) whose value is empty. Optional
    fields (Additional considerations, Root Cause Analysis methodology used) and the starred
    fields of a Preliminary report give a warning.
    Quiet: ``N/A`` or any text; the Timeline summary label itself, whose answer is in its three
    sub-fields; Analysis when the whiteboard contains ``revocation-delay`` (IK207).
    """
    delay = doc.bug.revocation_delay
    for key, value in doc.fields.items():
        if key == d.F_TIMELINE_SUMMARY or not value.is_empty or key not in FIELD_LABELS:
            continue
        if key == d.F_ANALYSIS and delay:
            continue
        lenient = key in OPTIONAL_FIELDS or _field_is_lenient(doc, key)
        yield _empty_hit(f'"{FIELD_LABELS[key]}"', value, lenient)
    for factor in doc.factors:
        for key, value in factor.fields.items():
            if value.is_empty and key in FACTOR_LABELS:
                where = f'"{FACTOR_LABELS[key]}" of Contributing Factor #{factor.number or "?"}'
                yield _empty_hit(where, value, key == "methodology")


def _empty_hit(label: str, value: Located, lenient: bool) -> Hit:
    return Hit(
        f"{label} is empty; write the answer, or N/A if it does not apply",
        line=value.line,
        column=value.column,
        suggestion="N/A",
        severity=WARNING if lenient else None,
    )


@rule(
    code="IK104",
    name="sections-out-of-order",
    severity=WARNING,
    summary="The sections follow the template order.",
    citations=_TEMPLATES_CITE,
    kinds=(d.KIND_FULL, d.KIND_IRG2),
)
def sections_out_of_order(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The template's sections appear in a different order.

    Why: the IRG requires its template, and readers and tools expect its sections in order; a
    reordered report keeps its content, so this is a warning rather than an error.

    Fires: for each section that breaks the order, the fewest needed to restore it (a longest
    in-order run stays put), naming the section it should precede or follow.
    Quiet: the template order with missing or extra sections, repeated sections (only the first
    of each counts), Preliminary and Closure reports (one section each).
    """
    order = TEMPLATE_SECTIONS[doc.kind]
    seen: dict[str, d.Section] = {}
    for s in doc.sections:
        if s.key in order and s.key not in seen:
            seen[s.key] = s
    present = list(seen.values())
    ranks = [order.index(s.key) for s in present]
    keep = _longest_increasing(ranks)
    for i, s in enumerate(present):
        if i in keep:
            continue
        anchor = next((present[j] for j in sorted(keep) if ranks[j] > ranks[i]), None)
        where = f'before "{SECTION_TITLES[anchor.key]}"' if anchor else "later"
        yield Hit(
            f'the "{SECTION_TITLES[s.key]}" section is out of template order; it belongs {where}',
            line=s.line,
        )


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (O(n^2); n is at most 8)."""
    best: list[list[int]] = []
    for i, v in enumerate(values):
        chains = [c for c in best[:i] if values[c[-1]] < v]
        best.append(max(chains, key=len, default=[]) + [i])
    return set(max(best, key=len, default=[]))


@rule(
    code="IK105",
    name="template-placeholder",
    severity=ERROR,
    summary="No example text or drafting prompt of the template is left in the report.",
    citations=_FIELDS_CITE,
    kinds=TEMPLATE_KINDS + (d.KIND_IRG2_PRELIMINARY,),
)
def template_placeholder(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Text of the template was left in place of an answer.

    Why: the IRG requires every applicable field to be completed; example rows and prompts left in
    a posted report read as data (an action item "Example" due 2025-01-19) or show that a section
    was never written.

    Fires: the IRG 3.x example Related Incidents row (``[Related Bug ID](Related Bug URL)``,
    ``Date Related Bug was opened``), the example Action Items row of IRG 3.x or IRG 2.0, the
    ``Contributing Factor #: title`` heading, the IRG 2.0 ``YYYY-MM-DD:`` / ``- HH:MM Example``
    timeline seed, the Appendix's example link ``https://crt.sh/?sha256=[sha256 fingerprint of the
    certificate]``, and incident-kit's own drafting prompts written in angle brackets, such as
    ``<describe what happened>``.
    Quiet: text inside fenced code blocks and HTML comments (quoted data, suppressions), YAML
    comments of a draft, HTML tags such as ``<br>`` or ``<details open>``, autolinks
    ``<https://...>`` and addresses ``<ca@example.com>``, redactions (``CN=<redacted>``), URL
    patterns (``sha256=<fingerprint>``), real rows that merely use the word "Example" in a longer
    description. Also quiet on a free-form report (no template). An IRG 2.0 preliminary report is
    checked: an example row left in it reads as data even though its sections are not yet due.
    """
    for number, line in prose_lines(doc.text, yaml=doc.origin == "yaml"):
        for p in find_placeholders(line):
            yield Hit(
                f"template text left in the report ({p.what}): {p.text!r}; replace it with the "
                f"real content or N/A",
                line=number,
                column=p.column,
            )


@rule(
    code="IK106",
    name="legacy-topic-missing",
    severity=WARNING,
    summary="A legacy report covers each of the 7 topics.",
    citations=(cites.IRG_LEGACY, cites.IRG1),
    kinds=(d.KIND_LEGACY,),
)
def legacy_topic_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A report in the legacy 7-topic format leaves out one of the topics.

    Why: before IRG 2.0 the guidelines (Mozilla wiki, CCADB text of 2022-11-11 and IRG 1.0) said
    an incident report should include at least seven topics, from how the CA became aware of the
    problem to the remediation steps with dates. "Should" makes this a warning.

    Fires: once per missing topic, naming it, at the topic that follows it.
    Quiet: every topic present under any wording of its question, numbered or bold; topics
    answered N/A.
    """
    keys = tuple(LEGACY_TOPICS)
    for i, key in enumerate(keys):
        if doc.section(key) is None:
            yield Hit(
                f"legacy topic {LEGACY_TOPICS[key]} is missing; answer it (N/A with a reason if it "
                f"does not apply)",
                line=_insertion_line(doc, keys, i),
            )


@rule(
    code="IK107",
    name="bug-title-format",
    severity=ERROR,
    summary='The Bugzilla summary reads "CA Owner: brief title".',
    citations=(cites.IRG3_SUBMIT,),
    applies=lambda doc, ctx: bool((doc.bug.title or "").strip()),
)
def bug_title_format(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The bug title does not start with the CA Owner's name, a colon and a brief title.

    Why: the IRG says the Bugzilla "Summary" (subject line) MUST begin with the CA Owner's name,
    followed by a colon and a brief title naming the type of incident, e.g.
    ``Example CA: Incorrect Subject RDN Encoding``.

    Fires: a title without a colon, with nothing before it, or with no title after it.
    Quiet: ``Owner: title`` with or without a space after the colon. Applies only when a title is
    known (from a draft's ``bug.title`` or ``--title``). Whether the owner is the CCADB name is
    IK108.

    By the posting date: the title convention entered with IRG 2.0 (2023-10-17) as a "should"
    (a warning) and became a MUST with IRG 3.0 (2025-03-01). A report posted before IRG 2.0 (or a
    mailing-list post whose subject stands in for the title) was under no title rule: quiet.
    """
    title = " ".join((doc.bug.title or "").split())
    owner, sep, rest = title.partition(":")
    when = ctx.effective_date(doc)
    if when is not None and when < _TITLE_RULE_START:
        return
    if not sep or not owner.strip() or not rest.strip():
        yield Hit(
            f'the bug title {title!r} is not "CA Owner: brief title"; begin with the CA Owner name '
            f"as recorded in the CCADB, a colon, then the type of incident",
            suggestion=f"{doc.bug.ca_owner or 'CA Owner'}: {rest.strip() or title}",
            **_title_rule_of(when),
        )


def _title_rule_of(when: Optional[date]) -> dict:
    """Under IRG 2.0 the title convention was a "should": a warning citing IRG 2.0."""
    if when is not None and when < _TITLE_MUST_START:
        return {"severity": WARNING, "citations": ("IRG 2.0 §How to submit a report",), "replaces_citations": True}
    return {}


_TITLE_RULE_START = date(2023, 10, 17)  # IRG 2.0: the title "should" begin with the CA Owner's name
_TITLE_MUST_START = date(2025, 3, 1)  # IRG 3.0: it MUST


@rule(
    code="IK108",
    name="bug-title-owner-mismatch",
    severity=WARNING,
    summary="The CA Owner name in the bug title matches the CCADB CA Owner name.",
    citations=(cites.IRG3_SUBMIT,),
    applies=lambda doc, ctx: bool((doc.bug.title or "").strip() and _ccadb_owner(doc, ctx)),
)
def bug_title_owner_mismatch(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The name before the colon in the bug title is not the CA Owner name recorded in the CCADB.

    Why: the IRG says the CA Owner's name in the title SHOULD match the CA Owner value in the
    CCADB exactly, so that bugs can be found by owner.

    Fires: a title whose owner part differs from the known CA Owner name (spacing aside).
    Quiet: an exact match; titles without a colon (IK107). Applies only when the CCADB name is
    known: the draft's ``bug.ca_owner``, else ``ca-owner`` in the configuration file.
    """
    title = " ".join((doc.bug.title or "").split())
    owner, sep, rest = title.partition(":")
    expected = _ccadb_owner(doc, ctx)
    if not sep or not owner.strip() or owner.strip() == expected:
        return
    case_only = owner.strip().lower() == expected.lower()
    yield Hit(
        f"the bug title names the CA Owner {owner.strip()!r}, but the CCADB name is {expected!r}"
        + (" (letter case differs)" if case_only else ""),
        suggestion=f"{expected}: {rest.strip()}",
    )


CCADB_6_1_EFFECTIVE = date(2025, 7, 15)


@rule(
    code="IK109",
    name="superseded-template",
    severity=ERROR,
    summary="The report does not use an IRG template superseded more than 30 days before posting.",
    citations=(cites.CCADB_6_1, cites.MRSP_2_4),
    kinds=tuple(SUPERSEDED),
    effective_from=date(2023, 10, 17),
)
def superseded_template(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report uses a template that was superseded more than 30 calendar days before it was posted.

    Why: CCADB Policy 6.1 (from CCADB Policy 2.0, 2025-07-15) says CA Owners MUST NOT use a version
    of an IRG template superseded by more than 30 calendar days before the report is posted (and
    SHOULD always use the latest). Before 2025-07-15 the duty came from the Mozilla Root Store
    Policy section 2.4: from MRSP 2.9 (2023-09-01) an incident report follows the guidance on the
    CCADB website, and from MRSP 3.0 (2025-03-15) CAs MUST adhere to the IRG; the finding cites the
    text in force on the posting date. The legacy 7-topic format was superseded by IRG 2.0 on
    2023-10-17; the IRG 2.0 templates by IRG 3.0 on 2025-03-01. The 30-day allowance before
    2025-07-15 is this tool's own convention, the lenient reading of MRSP section 2.4.

    Fires: a legacy report posted after 2023-11-16, an IRG 2.0 report posted after 2025-03-31.
    Quiet: a report posted within 30 days of the supersession or before it. Without a posting date
    (``--as-of`` or the draft's ``bug.posted``) the rule is not effective.
    """
    posted = ctx.effective_date(doc)
    what, successor, superseded = SUPERSEDED[doc.kind]
    if posted is None or posted - superseded <= GRACE:
        return
    if posted >= CCADB_6_1_EFFECTIVE:
        basis, cite = "", (cites.CCADB_6_1,)
    else:
        cite = (cites.MRSP_2_4,)
        basis = (" (MRSP 2.4 in force then; the 30-day allowance is this tool's convention, CCADB Policy 6.1 "
                 "arrived on 2025-07-15)")
    yield Hit(
        f"this report uses the {what}, superseded by {successor} on {superseded.isoformat()}; "
        f"reports posted after {(superseded + GRACE).isoformat()} must use the IRG template in force "
        f"(this one is dated {posted.isoformat()}){basis}",
        line=_report_line(doc),
        citations=cite,
        replaces_citations=True,
    )


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
    Quiet: the sentence as in the template, ignoring letter case, spacing, curly quotes, emphasis
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


# --------------------------------------------------------------------------------------------
# IK111 Related Incidents beyond the CA Owner's own.
# --------------------------------------------------------------------------------------------

_OWN = re.compile(r"\b(?:our|we|us|ours)\b", re.IGNORECASE)
_OTHER = re.compile(
    r"\b(?:another|other|a different|third-party|external)\s+(?:ca|cas|ca owners?|certification authorit(?:y|ies)|operators?)\b"
    r"|\b(?:ca owner|ca)\s+[A-Z][\w&.-]+",
)


@rule(
    code="IK111",
    name="related-incidents-only-own",
    severity=WARNING,
    summary="Related Incidents considers other CA Owners' incidents, not only the CA's own.",
    citations=(cites.IRG3_FIELDS,),
    kinds=(d.KIND_FULL,),
)
def related_incidents_only_own(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Related Incidents lists only the CA Owner's own bugs.

    Why: the IRG asks the Related Incidents list to consider incidents beyond those of the CA
    Owner subject of the report: learning from how other CA Owners failed, and fixed, the same
    thing is part of the analysis. Whether others were considered cannot be seen; a list of which
    every row describes the CA's own incident ("our incident in which ...") shows they were not
    cited. The IRG's MUST is to consider, which no text can prove, so this is a warning.

    Fires (warning) when every row of the table describes its bug in the first person ("our",
    "we") and none speaks of another CA.

    Quiet when any row is about another CA Owner's incident, or is not written in the first person;
    when the section is N/A or has no rows (other rules handle a missing section).
    """
    rows = [r for r in doc.related if r.description is not None and r.description.raw.strip()]
    if not rows:
        return
    if all(_OWN.search(r.description.raw) and not _OTHER.search(r.description.raw) for r in rows):
        sec = doc.section(d.SEC_RELATED)
        yield Hit(
            f"every one of the {len(rows)} related incident{'s' if len(rows) > 1 else ''} is the CA Owner's own; "
            "the IRG asks to consider other CA Owners' incidents of the same kind too",
            line=sec.line if sec is not None else rows[0].line,
            suggestion="search the CA Certificate Compliance component for other CA Owners' bugs with the same "
            "cause or failure, and add the closest ones with how they relate",
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
