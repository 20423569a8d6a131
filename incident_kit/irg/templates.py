"""What each IRG template contains: sections (key, title), labelled fields (key, template label,
the spellings the reader recognises), contributing-factor and lesson labels, the legacy topics, the
Action Items and Appendix columns and the Closure sentence.

One table per fact. The renderer, the YAML and Markdown readers, the rules' messages and ``lint
--fix`` all read these; a new spelling of a label is one alias, a new IRG field one :class:`Field`
line here (plus its place in the drafting model and the template that renders it). ``aliases`` are written
in the reader's comparison form (lower case, straight quotes dropped, no brackets, no final ``:``,
``?`` or ``.``; see ``incident_kit.text.normalise.label_key``), and a test checks that each template
label is among its own aliases. Standard library only; nothing in the project is imported except
:mod:`incident_kit.irg.kinds`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_kit.irg.kinds import (
    KIND_CLOSURE,
    KIND_FULL,
    KIND_IRG2,
    KIND_IRG2_AUDIT,
    KIND_LEGACY,
    KIND_PRELIMINARY,
)

# --- section keys -------------------------------------------------------------------------------

SEC_SUMMARY = "summary"
SEC_IMPACT = "impact"
SEC_TIMELINE = "timeline"
SEC_RELATED = "related_incidents"
SEC_RCA = "root_cause_analysis"
SEC_LESSONS = "lessons_learned"
SEC_ACTIONS = "action_items"
SEC_APPENDIX = "appendix"
SEC_CLOSURE = "closure_summary"
SEC_FINDING = "finding"  # stands for "Finding #N" of an IRG 2.0 Audit Incident Report
# Legacy topics are sections "topic1" ... "topic7"; IRG 2.0 audit findings "finding1" ...


def finding_title(number: int) -> str:
    """The heading of the ``number``-th finding of an IRG 2.0 Audit Incident Report (``Finding #2``)."""
    return f"Finding #{number}"


# --- field keys (IRG 3.x labels) -----------------------------------------------------------------

F_CCADB_ID = "ccadb_id"
F_INCIDENT_DESCRIPTION = "incident_description"
F_TIMELINE_SUMMARY = "timeline_summary"
F_NC_START = "non_compliance_start"
F_NC_IDENTIFIED = "non_compliance_identified"
F_NC_END = "non_compliance_end"
F_RELEVANT_POLICIES = "relevant_policies"
F_SOURCE = "source"
F_TOTAL_CERTS = "total_certificates"
F_REMAINING_VALID = "remaining_valid"
F_CERT_TYPES = "certificate_types"
F_HEURISTIC = "heuristic"
F_ISSUANCE_STOPPED = "issuance_stopped"
F_ANALYSIS = "analysis"
F_ADDITIONAL = "additional_considerations"
F_CLOSURE_ROOT_CAUSES = "closure_root_causes"
F_CLOSURE_REMEDIATION = "remediation_description"
F_CLOSURE_COMMITMENTS = "commitment_summary"


@dataclass(frozen=True)
class Section:
    """A section of a template: its key, its title as the template writes it, and the titles the
    reader takes for it (comparison form)."""

    key: str
    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """A labelled field: its key, the label as the IRG 3.x template writes it, the section that holds
    it, and the labels the reader takes for it (comparison form)."""

    key: str
    label: str
    section: str
    aliases: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(SEC_SUMMARY, "Summary", (
        "summary", "incident summary", "summary of initial report", "summary of the initial report",
        "summary of preliminary report", "summary of the preliminary report", "executive summary",
    )),
    Section(SEC_IMPACT, "Impact", ("impact",)),
    Section(SEC_TIMELINE, "Timeline", ("timeline", "incident timeline")),
    Section(SEC_RELATED, "Related Incidents", ("related incidents", "related incident")),
    Section(SEC_RCA, "Root Cause Analysis", ("root cause analysis", "root causes", "root cause", "root causes analysis")),
    Section(SEC_LESSONS, "Lessons Learned", ("lessons learned", "lessons learnt")),
    Section(SEC_ACTIONS, "Action Items", ("action items", "action item")),
    Section(SEC_APPENDIX, "Appendix", ("appendix",)),
    Section(SEC_CLOSURE, "Report Closure Summary", (
        "report closure summary", "incident closure summary", "closure summary", "closure report",
    )),
    Section(SEC_FINDING, finding_title(1)),
)

SECTION_TITLES: dict[str, str] = {s.key: s.title for s in SECTIONS}
"""Section key -> the title as the template writes it."""

SECTION_ALIASES: dict[str, str] = {a: s.key for s in SECTIONS for a in s.aliases}
"""A section title in comparison form -> its key (what the reader recognises)."""

FIELDS: tuple[Field, ...] = (
    Field(F_CCADB_ID, "CA Owner CCADB unique ID", SEC_SUMMARY,
          ("ca owner ccadb unique id", "ccadb unique id", "ca owner ccadb id", "ccadb id")),
    Field(F_INCIDENT_DESCRIPTION, "Incident description", SEC_SUMMARY, ("incident description",)),
    Field(F_TIMELINE_SUMMARY, "Timeline summary", SEC_SUMMARY, ("timeline summary",)),
    Field(F_NC_START, "Non-compliance start date", SEC_SUMMARY,
          ("non-compliance start date", "noncompliance start date")),
    Field(F_NC_IDENTIFIED, "Non-compliance identified date", SEC_SUMMARY,
          ("non-compliance identified date", "noncompliance identified date")),
    Field(F_NC_END, "Non-compliance end date", SEC_SUMMARY, ("non-compliance end date", "noncompliance end date")),
    Field(F_RELEVANT_POLICIES, "Relevant policies", SEC_SUMMARY, ("relevant policies", "relevant policy")),
    Field(F_SOURCE, "Source of incident disclosure", SEC_SUMMARY, ("source of incident disclosure",)),
    Field(F_TOTAL_CERTS, "Total number of certificates", SEC_IMPACT, ("total number of certificates",)),
    Field(F_REMAINING_VALID, 'Total number of "remaining valid" certificates', SEC_IMPACT,
          ("total number of remaining valid certificates",)),
    Field(F_CERT_TYPES, "Affected certificate types", SEC_IMPACT, ("affected certificate types",)),
    Field(F_HEURISTIC, "Incident heuristic", SEC_IMPACT, ("incident heuristic",)),
    Field(F_ISSUANCE_STOPPED, "Was issuance stopped in response to this incident, and why or why not?", SEC_IMPACT, (
        "was issuance stopped in response to this incident, and why or why not",
        "was issuance stopped in response to this incident and why or why not",
    )),
    Field(F_ANALYSIS, "Analysis", SEC_IMPACT, ("analysis",)),
    Field(F_ADDITIONAL, "Additional considerations", SEC_IMPACT, ("additional considerations",)),
    Field(F_CLOSURE_ROOT_CAUSES, "Incident Root Cause(s)", SEC_CLOSURE,
          ("incident root causes", "incident root cause", "incident root causes s")),
    Field(F_CLOSURE_REMEDIATION, "Remediation description", SEC_CLOSURE, ("remediation description",)),
    Field(F_CLOSURE_COMMITMENTS, "Commitment summary", SEC_CLOSURE, ("commitment summary",)),
)

FIELD_LABELS: dict[str, str] = {f.key: f.label for f in FIELDS}
"""Field key -> the label as the IRG 3.x template writes it."""

FIELD_ALIASES: dict[str, str] = {a: f.key for f in FIELDS for a in f.aliases}
"""A label in comparison form -> its field key (what the reader recognises)."""

FIELD_HOME: dict[str, str] = {f.key: f.section for f in FIELDS}
"""Field key -> the section that holds it (a plain, not bold, label is only believed there)."""

# --- contributing factors and lessons ------------------------------------------------------------

FACTORS: tuple[Field, ...] = (
    Field("description", "Description", SEC_RCA, ("description",)),
    Field("timeline", "Timeline", SEC_RCA, ("timeline",)),
    Field("detection", "Detection", SEC_RCA, ("detection",)),
    Field("interaction", "Interaction with other factors", SEC_RCA, ("interaction with other factors", "interaction")),
    Field("methodology", "Root Cause Analysis methodology used", SEC_RCA, (
        "root cause analysis methodology used", "root cause analysis methodology", "methodology",
    )),
)
"""The fields of each Contributing Factor of an IRG 3.x Root Cause Analysis."""

FACTOR_FIELDS: tuple[str, ...] = tuple(f.key for f in FACTORS)
FACTOR_LABELS: dict[str, str] = {f.key: f.label for f in FACTORS}
"""Contributing-factor field key -> template label."""
FACTOR_ALIASES: dict[str, str] = {a: f.key for f in FACTORS for a in f.aliases}

LESSONS: tuple[Field, ...] = (
    Field("went_well", "What went well", SEC_LESSONS, ("what went well", "went well")),
    Field("didnt_go_well", "What didn\u2019t go well", SEC_LESSONS,
          ("what didnt go well", "what did not go well", "what went wrong", "didnt go well")),
    Field("got_lucky", "Where we got lucky", SEC_LESSONS, ("where we got lucky", "where did we get lucky", "got lucky")),
    Field("additional", "Additional", SEC_LESSONS,
          ("additional", "other", "additional lessons", "other lessons")),
)
"""The lesson categories of the Lessons Learned section."""

LESSON_CATEGORIES: tuple[str, ...] = tuple(f.key for f in LESSONS)
LESSON_LABELS: dict[str, str] = {f.key: f.label for f in LESSONS}
"""Lesson category -> its label as the IRG 3.x template writes it."""
LESSON_ALIASES: dict[str, str] = {a: f.key for f in LESSONS for a in f.aliases}

# --- per kind -------------------------------------------------------------------------------------

TITLES: dict[str, str] = {
    KIND_PRELIMINARY: "Preliminary Incident Report",
    KIND_FULL: "Full Incident Report",
    KIND_CLOSURE: "Report Closure Summary",
    KIND_IRG2: "Incident Report",
    KIND_IRG2_AUDIT: "Audit Incident Report",
    KIND_LEGACY: "Incident Report",
}
"""The title heading of each template (the legacy format had none; a draft's Document gets the IRG 2.0 one)."""

NOUNS: dict[str, str] = {
    KIND_PRELIMINARY: "preliminary report",
    KIND_FULL: "full report",
    KIND_CLOSURE: "closure report",
    KIND_IRG2: "IRG 2.0 report",
    KIND_IRG2_AUDIT: "IRG 2.0 audit report",
    KIND_LEGACY: "legacy report",
}
"""What a report of each drafted kind is called in a sentence ("a full report needs ...")."""

TITLE_KINDS: dict[str, str] = {
    "preliminary incident report": KIND_PRELIMINARY,
    "full incident report": KIND_FULL,
    "incident report": KIND_IRG2,
    "audit incident report": KIND_IRG2_AUDIT,
}
"""A title heading in comparison form -> the kind it names (the Closure title is a section)."""

_FULL_SECTIONS = (SEC_SUMMARY, SEC_IMPACT, SEC_TIMELINE, SEC_RELATED, SEC_RCA, SEC_LESSONS, SEC_ACTIONS, SEC_APPENDIX)

TEMPLATE_SECTIONS: dict[str, tuple[str, ...]] = {
    KIND_PRELIMINARY: (SEC_SUMMARY,),
    KIND_FULL: _FULL_SECTIONS,
    KIND_CLOSURE: (SEC_CLOSURE,),
    KIND_IRG2: tuple(s for s in _FULL_SECTIONS if s != SEC_RELATED),
    KIND_IRG2_AUDIT: (SEC_FINDING,),
}
"""Sections of each template, in template order ("finding" stands for ``Finding #N``)."""

AUDIT_FINDING_PARTS = ((SEC_RCA, SECTION_TITLES[SEC_RCA]), (SEC_ACTIONS, SECTION_TITLES[SEC_ACTIONS]))
"""The blocks that follow each ``Finding #N`` of an IRG 2.0 Audit Incident Report (the reader keys
them ``findingN.root_cause_analysis`` and ``findingN.action_items``)."""

TEMPLATE_FIELDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    KIND_PRELIMINARY: ((SEC_SUMMARY, (F_INCIDENT_DESCRIPTION, F_RELEVANT_POLICIES, F_SOURCE)),),
    KIND_FULL: (
        (SEC_SUMMARY, tuple(f.key for f in FIELDS if f.section == SEC_SUMMARY)),
        (SEC_IMPACT, tuple(f.key for f in FIELDS if f.section == SEC_IMPACT)),
    ),
    KIND_CLOSURE: (
        (SEC_CLOSURE, (F_INCIDENT_DESCRIPTION, F_CLOSURE_ROOT_CAUSES, F_CLOSURE_REMEDIATION, F_CLOSURE_COMMITMENTS)),
    ),
}
"""Labelled fields of each IRG 3.x template, by the section that holds them, in template order."""

FULL_LABELS = frozenset(k for _, keys in TEMPLATE_FIELDS[KIND_FULL] for k in keys if k not in (F_INCIDENT_DESCRIPTION, F_RELEVANT_POLICIES, F_SOURCE))
"""Labels only the Full template has (the reader's evidence for a Full report)."""
CLOSURE_LABELS = frozenset({F_CLOSURE_ROOT_CAUSES, F_CLOSURE_REMEDIATION, F_CLOSURE_COMMITMENTS})
"""Labels only the Closure template has."""
PRELIM_LABELS = frozenset(TEMPLATE_FIELDS[KIND_PRELIMINARY][0][1])
"""The Preliminary template's labels."""

TIMELINE_SUBFIELDS = (F_NC_START, F_NC_IDENTIFIED, F_NC_END)

THIRD_PARTY_OPTIONAL = frozenset({F_CCADB_ID, F_TIMELINE_SUMMARY, *TIMELINE_SUBFIELDS, F_SOURCE})
"""Fields the IRG marks with an asterisk: a third party may leave them out of a Preliminary report."""

OPTIONAL_FIELDS = frozenset({F_ADDITIONAL})
"""Fields the IRG calls optional (still part of the template, so N/A rather than blank)."""

# --- the legacy seven topics ---------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """One of the seven topics of the legacy format: its section key, its YAML draft key, the title a
    draft's Document gives it, what the topic asks (for messages), and the question the renderer
    writes for it (a short paraphrase of the topic, after its number, in bold)."""

    key: str
    draft_key: str
    title: str
    asks: str
    question: str


LEGACY: tuple[Topic, ...] = (
    Topic("topic1", "how_aware", "How the CA first became aware of the problem",
          "1, how and when the CA first became aware of the problem",
          "How did we first become aware of the problem, and when?"),
    Topic("topic2", "timeline", "Timeline", "2, a date-and-time-stamped timeline of the actions taken",
          "Timeline of the actions we took in response"),
    Topic("topic3", "issuance_stopped", "Whether the CA has stopped issuance",
          "3, whether issuance was stopped (and why not, if it was not)",
          "Have we stopped issuance, or the process giving rise to the problem?"),
    Topic("topic4", "problematic_certificates", "Summary of the problematic certificates",
          "4, a summary of the problematic certificates (count, first and last issuance dates)",
          "Summary of the problematic certificates"),
    Topic("topic5", "certificate_data", "Complete certificate data",
          "5, the complete certificate data (fingerprints or crt.sh links)",
          "Complete certificate data"),
    Topic("topic6", "root_cause", "Root cause", "6, how and why the mistakes were made and how they avoided detection",
          "How and why the mistakes were made, and how they avoided detection"),
    Topic("topic7", "remediation", "Remediation steps and their timeline", "7, the remediation steps with a date for each",
          "Remediation steps, with status and completion date"),
)

LEGACY_TOPICS: dict[str, str] = {t.key: t.asks for t in LEGACY}
"""Topic key -> what the topic asks (for messages)."""

LEGACY_QUESTIONS: dict[str, str] = {t.draft_key: t.question for t in LEGACY}
"""Draft key -> the question the legacy template writes as the topic's bold heading."""

LEGACY_REMEDIATION_COLUMNS: tuple[str, ...] = ("Remediation step", "Status", "Date")
"""The columns of the table the renderer writes for topic 7 (the legacy format prescribed none)."""

# --- IRG 2.0 --------------------------------------------------------------------------------------

IRG2_LESSON_HEADINGS: dict[str, str] = {
    "went_well": "What went well",
    "didnt_go_well": "What didn't go well",
    "got_lucky": "Where we got lucky",
}
"""The IRG 2.0 lesson categories as its template writes them (``####`` headings under Lessons
Learned, a straight apostrophe, no "Additional" category)."""

IRG2_TIMELINE_NOTE = "All times are UTC."
"""The zone line the IRG 2.0 template writes before its day-grouped timeline."""

IRG2_APPENDIX_HEADING = "Details of affected certificates"
"""The ``####`` heading of the IRG 2.0 Appendix."""


# --- tables, columns and fixed sentences ---------------------------------------------------------

NA = "N/A"
"""The IRG's not-applicable marker, as the templates write it."""

NA_RE = re.compile(r"^(?:n\s*/\s*a|n\.\s*a\.?|na|not\s+applicable)(?=$|[\s.,;:()\u2013\u2014-])", re.IGNORECASE)
"""The marker and its usual spellings (``N/A``, ``n/a``, ``N.A.``, ``NA``, ``Not applicable``) at the
start of a value; a reason may follow (``N/A - no certificates were affected``)."""

SOURCE_SELF_REPORTED = "Self Reported"
SOURCE_THIRD_PARTY = "Third Party Reported"
SOURCE_AUDIT = "Audit"
SOURCE_VALUES: tuple[str, ...] = (SOURCE_SELF_REPORTED, SOURCE_THIRD_PARTY, SOURCE_AUDIT)
"""The values of "Source of incident disclosure" (IRG 3.x), as the template spells them."""

ACTION_KINDS: tuple[str, ...] = ("Prevent", "Mitigate", "Detect")
"""The Kind column of the Action Items table (IRG 2.0 and 3.x)."""

ACTION_STATUSES: tuple[str, ...] = ("Ongoing", "Complete", "Delayed", "Canceled")
"""The Status column of the IRG 3.x Action Items table (American spelling "Canceled")."""

APPENDIX_COLUMNS: tuple[str, ...] = (
    "Precertificate SHA-256 hash",
    "Certificate SHA-256 hash",
    "Subject",
    "Issuer",
    "Not before",
    "Not after",
    "Serial # (hex)",
    "dNSNames",
    "Is revoked?",
    "Revocation date",
    "Revocation reason",
)
"""The IRG 3.x Appendix CSV columns, first and in this order (custom columns only to the right)."""

APPENDIX_FIELDS: tuple[str, ...] = (
    "precertificate_sha256",
    "certificate_sha256",
    "subject",
    "issuer",
    "not_before",
    "not_after",
    "serial",
    "dns_names",
    "is_revoked",
    "revocation_date",
    "revocation_reason",
)
"""The drafting model's field names for :data:`APPENDIX_COLUMNS`, in the same order."""

CLOSURE_SENTENCE = (
    "All Action Items disclosed in this report have been completed as described, and we request its closure."
)
"""The fixed final sentence of the IRG 3.x Closure Report template."""

IRG3_ACTION_COLUMNS: tuple[str, ...] = (
    "Action Item",
    "Kind",
    "Corresponding Root Cause(s)",
    "Evaluation Criteria",
    "Due Date",
    "Status",
)
"""The IRG 3.x Action Items table header, in order."""

IRG2_ACTION_COLUMNS: tuple[str, ...] = ("Action Item", "Kind", "Due Date")
"""The IRG 2.0 (and 2.0 Audit) Action Items table header, in order."""

RELATED_COLUMNS: tuple[str, ...] = ("Bug", "Date", "Description")
"""The IRG 3.x Related Incidents table header, in order."""


def irg_at_least(report: object, version: str) -> bool:
    """Whether the draft follows IRG ``version`` or later (3.x versions only)."""
    value = getattr(report, "irg_version", "")
    try:
        return tuple(int(p) for p in value.split(".")) >= tuple(int(p) for p in version.split("."))
    except ValueError:
        return False
