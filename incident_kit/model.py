"""The report schema: pydantic v2 models for every report generation.

The models are strict *drafting* models: what a CA writes in a YAML draft. A field that does not
apply is written as the string ``N/A`` (never left out); a missing field is an error that says so.

Generations:

* IRG 3.x (3.0, 3.1, 3.2 share one template): :class:`PreliminaryReport`, :class:`FullReport`,
  :class:`ClosureReport`.
* IRG 2.0: :class:`Irg2Report` and :class:`Irg2AuditReport`.
* The legacy 7-topic report (Mozilla wiki / CCADB before IRG 2.0): :class:`LegacyReport`.

Every draft carries :class:`BugMetadata`. Timestamps are aware datetimes (UTC or an explicit
offset); see :func:`parse_draft_datetime` for the accepted spellings.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

NA = "N/A"
"""The explicit marker for a field that does not apply (IRG: "Fields that are not applicable MUST
still be included and marked 'N/A'")."""

NotApplicable = Literal["N/A"]

CCADB_ID_RE = re.compile(r"^A\d{6}$")
REVOCATION_DELAY_TAG = "revocation-delay"

# --------------------------------------------------------------------------------------------
# Enumerations (exact spellings from IRG 3.2 "Report field definitions and expectations").
# --------------------------------------------------------------------------------------------


class Source(str, Enum):
    """Source of incident disclosure (IRG 3.x)."""

    SELF_REPORTED = "Self Reported"
    THIRD_PARTY_REPORTED = "Third Party Reported"
    AUDIT = "Audit"


class ActionKind(str, Enum):
    """Action item Kind (IRG 2.0 and 3.x)."""

    PREVENT = "Prevent"
    MITIGATE = "Mitigate"
    DETECT = "Detect"


class ActionStatus(str, Enum):
    """Action item Status (IRG 3.x; American spelling "Canceled")."""

    ONGOING = "Ongoing"
    COMPLETE = "Complete"
    DELAYED = "Delayed"
    CANCELED = "Canceled"


class IsRevoked(str, Enum):
    """Appendix column "Is revoked?" (IRG 3.x)."""

    YES = "Yes"
    PLANNED = "Planned"
    DELAYED = "Delayed"
    NA = "N/A"


from incident_kit.irg.kinds import ReportKind  # noqa: E402,F401 (the one ReportKind; re-exported)


class TimelineTag(str, Enum):
    """Milestones a timeline entry can be tagged with (IRG 3.x Timeline expected elements)."""

    CHANGE = "change"
    REQUIREMENT_EFFECTIVE = "requirement_effective"
    START = "start"
    AWARE = "aware"
    # A revocation delay: when the CA knew the revocation deadline would not be met (the incident
    # the IRG's 72-hour clock runs from), as opposed to ``aware`` of the reason to revoke.
    DELAY_DECIDED = "delay_decided"
    CPR_RECEIVED = "cpr_received"
    PRELIM_TO_REPORTER = "prelim_to_reporter"
    PRELIM_TO_SUBSCRIBER = "prelim_to_subscriber"
    SCOPE_DISCLOSED = "scope_disclosed"
    SCOPE_UPDATED = "scope_updated"
    REVOCATION_EXPECTED = "revocation_expected"
    REVOCATION_COMPLETED = "revocation_completed"
    END = "end"
    ISSUANCE_STOPPED = "issuance_stopped"
    ISSUANCE_RESUMED = "issuance_resumed"
    REPORT_POSTED = "report_posted"
    CREATED = "created"
    DISCLOSED = "disclosed"


# --------------------------------------------------------------------------------------------
# Timestamps in drafts.
# --------------------------------------------------------------------------------------------

_DRAFT_TS_RE = re.compile(
    r"""^\s*
    (?P<date>\d{4}-\d{2}-\d{2})
    [T\x20]
    (?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)
    \s*
    (?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2})?
    \s*$""",
    re.VERBOSE,
)

DRAFT_DATETIME_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?(Z|UTC|GMT|[+-]\d{2}:?\d{2})$"
)
DRAFT_DATETIME_HELP = "a date and time with a zone, e.g. 2024-05-01 14:30 UTC or 2024-05-01T16:30+02:00"


def parse_draft_datetime(value: Any) -> datetime:
    """Parse a draft timestamp into an aware datetime.

    Accepted: ``YYYY-MM-DD HH:MM[:SS] UTC`` (or ``GMT``/``Z``) and ISO 8601 with an offset
    (``2024-05-01T16:30+02:00``). A time without a zone is refused: the IRG requires UTC or an
    explicit offset, and guessing would depend on the machine's zone.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"the time has no zone; write {DRAFT_DATETIME_HELP}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected {DRAFT_DATETIME_HELP}")
    m = _DRAFT_TS_RE.match(value)
    if not m:
        if re.match(r"^\s*\d{4}-\d{2}-\d{2}\s*$", value):
            raise ValueError(
                f"{value.strip()!r} has no time of day; the IRG asks for minute-level times: write {DRAFT_DATETIME_HELP}"
            )
        raise ValueError(f"{value!r} is not {DRAFT_DATETIME_HELP}")
    zone = m.group("zone")
    if zone is None:
        raise ValueError(
            f"{value.strip()!r} has no zone; times MUST be in UTC or carry an offset: write {DRAFT_DATETIME_HELP}"
        )
    try:
        base = datetime.fromisoformat(f"{m.group('date')}T{m.group('time')}")
    except ValueError as exc:
        raise ValueError(f"{value.strip()!r} is not a real date and time ({exc})") from None
    if zone in ("Z", "UTC", "GMT"):
        tz = timezone.utc
    else:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise ValueError(f"{zone!r} is not a valid UTC offset")
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return base.replace(tzinfo=tz)


def format_utc(value: datetime) -> str:
    """Render an aware datetime the way reports show it: ``YYYY-MM-DD HH:MM UTC``."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _serialize_dt(value: datetime) -> str:
    if value.utcoffset() == timedelta(0):
        fmt = "%Y-%m-%d %H:%M:%S UTC" if value.second else "%Y-%m-%d %H:%M UTC"
        return value.strftime(fmt)
    return value.isoformat()


DraftDateTime = Annotated[
    datetime,
    BeforeValidator(parse_draft_datetime),
    PlainSerializer(_serialize_dt, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DRAFT_DATETIME_PATTERN,
            "description": "Date, time and zone: " + DRAFT_DATETIME_HELP,
            "examples": ["2024-05-01 14:30 UTC"],
        }
    ),
]


def _parse_draft_date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        v = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD (a real date, not ASAP, TBD or a quarter)")
        try:
            return date.fromisoformat(v)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    raise ValueError("expected a date written YYYY-MM-DD")


DraftDate = Annotated[
    date,
    BeforeValidator(_parse_draft_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "description": "A calendar date, YYYY-MM-DD.",
            "examples": ["2025-01-19"],
        }
    ),
]


def _text_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty; write the answer, or N/A if the field does not apply")
    return value


Text = Annotated[str, AfterValidator(_text_not_blank)]
"""Free text (Markdown allowed inline). ``N/A`` when the field does not apply."""


# --------------------------------------------------------------------------------------------
# Base.
# --------------------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        validate_default=True,
        use_enum_values=False,
        populate_by_name=True,
        str_strip_whitespace=False,
    )


# --------------------------------------------------------------------------------------------
# Bug metadata.
# --------------------------------------------------------------------------------------------

_TITLE_RE = re.compile(r"^(?P<owner>[^:\n]+): (?P<title>\S.*)$")
# parse_whiteboard lives in the pydantic-free document module (the linter uses it); re-exported here.
from incident_kit.document import parse_whiteboard, whiteboard_next_update  # noqa: E402,F401


class BugMetadata(_Model):
    """What Bugzilla knows about the incident bug (not part of the report text)."""

    ca_owner: str = Field(
        default="",
        description="The CA Owner's name exactly as recorded in the CCADB; the bug title must start with it. "
        "Empty when not known (a parsed posted report): the report text does not carry it.",
    )
    title: str = Field(
        default="",
        description='The Bugzilla "Summary" (subject line): "CA Owner name: brief title of the incident type". '
        "Empty when not known; checked only when given.",
    )
    bug_id: int | None = Field(
        default=None, ge=1, description="The Bugzilla bug number, once the bug is filed; omit (null) before filing."
    )
    whiteboard: Annotated[
        list[str],
        # The validator below also takes the whiteboard as one string; say so in the JSON Schema.
        WithJsonSchema({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}),
    ] = Field(
        default_factory=list,
        description="Whiteboard tags without brackets, e.g. ca-compliance, leaf-revocation-delay. Set by root store operators.",
    )
    next_update: DraftDate | None = Field(
        default=None, description='The whiteboard "Next update" date (YYYY-MM-DD), if one was set.'
    )
    posted: DraftDateTime | None = Field(
        default=None, description="When this report was (or will be) posted to Bugzilla; used for deadline checks."
    )

    @field_validator("title")
    @classmethod
    def _title_shape(cls, v: str) -> str:
        if v.strip() and not _TITLE_RE.match(v):
            raise ValueError('must be "CA Owner name: brief title", e.g. "Example CA: Late intermediate disclosure"')
        return v

    @field_validator("whiteboard", mode="before")
    @classmethod
    def _split_whiteboard(cls, v: Any) -> Any:
        if isinstance(v, str):
            return parse_whiteboard(v)
        return v

    @model_validator(mode="after")
    def _title_starts_with_owner(self) -> "BugMetadata":
        m = _TITLE_RE.match(self.title)
        if m and self.ca_owner.strip() and m.group("owner").strip() != self.ca_owner.strip():
            raise ValueError(
                f"the title must begin with the CA Owner name {self.ca_owner!r}, followed by a colon "
                f"(found {m.group('owner')!r})"
            )
        return self

    @property
    def revocation_delay(self) -> bool:
        """True when the whiteboard contains ``revocation-delay`` (the IRG matches the substring)."""
        return any(REVOCATION_DELAY_TAG in t.lower() for t in self.whiteboard)

    @property
    def whiteboard_next_update(self) -> date | None:
        """The next-update date: the explicit field, else one written in the whiteboard."""
        return self.next_update or whiteboard_next_update(self.whiteboard)


# --------------------------------------------------------------------------------------------
# Shared pieces.
# --------------------------------------------------------------------------------------------


class TimelineEvent(_Model):
    """One timeline entry: an aware timestamp and what happened."""

    at: DraftDateTime = Field(description="When it happened: " + DRAFT_DATETIME_HELP + ".")
    text: Text = Field(description="What happened, in one or two sentences.")
    tags: list[TimelineTag] = Field(
        default_factory=list,
        description="Milestones this entry marks (start, aware, end, change, cpr_received, revocation_completed, ...); "
        "used by the linter to find the events the IRG expects.",
    )


class RelatedIncident(_Model):
    """A row of the Related Incidents table."""

    bug_id: int = Field(ge=1, description="The related Bugzilla bug number.")
    url: str = Field(
        default="",
        description="Link to the bug; empty means https://bugzilla.mozilla.org/show_bug.cgi?id=<bug_id>.",
    )
    opened: DraftDate = Field(description="The date the related bug was opened (YYYY-MM-DD).")
    description: Text = Field(description="How the subject incident is related to the bug referenced.")

    @property
    def link(self) -> str:
        return self.url or f"https://bugzilla.mozilla.org/show_bug.cgi?id={self.bug_id}"


class ContributingFactor(_Model):
    """One contributing factor of the Root Cause Analysis (IRG 3.x)."""

    id: int = Field(ge=1, description="Its number, referred to by action items (Root Cause # N).")
    title: Text = Field(description="A short title of the factor.")
    description: Text = Field(description="The condition and how it contributed to the incident.")
    timeline: Text = Field(description="When the factor was introduced or created, and how it evolved over time.")
    detection: Text = Field(
        description="How the factor was detected, and how it avoided detection before the incident."
    )
    interaction: Text = Field(description="How it interacted with the other factors (N/A if it did not).")
    methodology: Text = Field(
        description="The Root Cause Analysis method used (e.g. 5-Whys, Fishbone); N/A if none."
    )


class LessonItem(_Model):
    """One Lessons Learned bullet, with the action items that answer it."""

    text: Text = Field(description="The lesson, one sentence or two.")
    action_items: list[int] = Field(
        default_factory=list,
        description="Numbers (1-based, in table order) of the action items that address it.",
    )


LessonList = Union[list[LessonItem], NotApplicable]


class LessonsLearned(_Model):
    """Lessons Learned (IRG 3.x). Each list may be N/A."""

    went_well: LessonList = Field(description="What went well? (N/A if nothing)")
    didnt_go_well: LessonList = Field(
        description="What didn't go well? Each item MUST map to at least one action item."
    )
    got_lucky: LessonList = Field(
        description="Where we got lucky? Each item SHOULD map to an action item."
    )
    additional: LessonList = Field(
        description='Other / "Additional" lessons. Each item MUST map to at least one action item.'
    )


class ActionItem(_Model):
    """A row of the Action Items table (IRG 3.x)."""

    description: Text = Field(description="A detailed description of the action.")
    kind: ActionKind = Field(description="Prevent, Mitigate or Detect.")
    root_causes: list[int] = Field(
        min_length=1,
        description="Numbers of the contributing factors this item addresses (rendered Root Cause # N).",
    )
    evaluation_criteria: Text = Field(
        description="How its effectiveness will be measured; objective and publicly measurable where possible."
    )
    due_date: DraftDate = Field(description="The date by which it will be complete (YYYY-MM-DD).")
    status: ActionStatus = Field(description="Ongoing, Complete, Delayed or Canceled.")


class SimpleActionItem(_Model):
    """A row of the IRG 2.0 Action Items table (Action Item | Kind | Due Date)."""

    description: Text = Field(description="A short description of the action.")
    kind: ActionKind = Field(description="Prevent, Mitigate or Detect.")
    due_date: DraftDate = Field(description="The date by which it was or will be completed (YYYY-MM-DD).")


from incident_kit.irg import APPENDIX_COLUMNS, APPENDIX_FIELDS, CLOSURE_SENTENCE  # noqa: E402,F401 (re-exported)

_SHA256_RE = re.compile(r"^[0-9A-Fa-f]{64}$")


def _sha256_or_empty(v: str) -> str:
    if v and v != NA and not _SHA256_RE.match(v):
        raise ValueError("must be 64 hexadecimal digits (a SHA-256 fingerprint), or empty where none exists")
    return v


Sha256 = Annotated[str, AfterValidator(_sha256_or_empty)]


class AffectedCertificate(_Model):
    """One row of the Appendix CSV, the 11 IRG columns in order plus extra columns."""

    precertificate_sha256: Sha256 = Field(
        default="", description="Precertificate SHA-256 hash (empty for a certificate without one, e.g. a CA certificate)."
    )
    certificate_sha256: Sha256 = Field(default="", description="Certificate SHA-256 hash.")
    subject: str = Field(description="Subject distinguished name.")
    issuer: str = Field(description="Issuer distinguished name.")
    not_before: DraftDateTime = Field(description="notBefore, with zone.")
    not_after: DraftDateTime = Field(description="notAfter, with zone.")
    serial: str = Field(pattern=r"^[0-9A-Fa-f:]+$", description="Serial number in hexadecimal.")
    dns_names: list[str] = Field(default_factory=list, description="dNSName entries of the subjectAltName.")
    is_revoked: IsRevoked = Field(description="Yes, Planned, Delayed, or N/A for an expired certificate.")
    revocation_date: DraftDateTime | NotApplicable = Field(
        description="Actual or planned revocation time, or N/A."
    )
    revocation_reason: str = Field(description="The CRL reasonCode (e.g. superseded), or N/A.")
    extra: dict[str, str] = Field(
        default_factory=dict, description="Custom columns, rendered to the right of the IRG columns in this order."
    )


class Appendix(_Model):
    """The Appendix: supporting data, and the affected certificates."""

    text: Text = Field(
        default=NA,
        description="Supporting data in Markdown (logs, links, an attached CSV or crt.sh list); N/A if none.",
    )
    certificates: list[AffectedCertificate] = Field(
        default_factory=list,
        description="Affected certificates for the Appendix CSV (under 10,000 certificates the CSV is mandatory).",
    )


# --------------------------------------------------------------------------------------------
# IRG 3.x reports.
# --------------------------------------------------------------------------------------------


class TimelineSummary(_Model):
    """Timeline summary sub-fields of the Full report Summary."""

    start: Text = Field(description="Non-compliance start date (a date and time, or a date), or N/A.")
    identified: Text = Field(description="Non-compliance identified date.")
    end: Text = Field(description="Non-compliance end date, or when it is expected to end.")


class FullSummary(_Model):
    ccadb_id: str = Field(
        description='CA Owner CCADB unique ID: "A" followed by six digits, e.g. A000123.',
        pattern=r"^A\d{6}$",
    )
    incident_description: Text = Field(description="Just enough context for a new reader.")
    timeline_summary: TimelineSummary = Field(description="When the non-compliance began, was identified, and ended.")
    relevant_policies: Text = Field(
        description="Policy names, versions and sections, e.g. Mozilla Root Store Policy v3.1 §5.3.2."
    )
    source: Source = Field(description="Self Reported, Third Party Reported or Audit.")


class Impact(_Model):
    total_certificates: int | NotApplicable = Field(
        description="All affected certificates, including expired and revoked ones; N/A if no certificates are affected."
    )
    remaining_valid: int | NotApplicable = Field(
        description='Total number of "remaining valid" certificates (total minus expired and revoked).'
    )
    total_certificates_note: Text | None = Field(
        default=None,
        description='A note the report gives beside the count, rendered after it in parentheses: 0 (the only affected object is the CA certificate).',
    )
    remaining_valid_note: Text | None = Field(
        default=None, description="A note beside the remaining-valid count, rendered after it in parentheses."
    )
    certificate_types: Text = Field(description="Affected certificate types (DV, IV, OV, EV, S/MIME...), or N/A.")
    heuristic: Text = Field(
        description="How a third party can find the affected corpus, why that is impossible, or that the Appendix lists it."
    )
    issuance_stopped: Text = Field(
        description="Was issuance stopped in response to this incident, and why or why not? Start with Yes or No."
    )
    analysis: Text = Field(
        description="Required when the whiteboard contains revocation-delay: why revocation was delayed, with "
        "substantiated harm to third parties; otherwise N/A."
    )
    additional_considerations: Text = Field(description="Anything else relevant to the impact, or N/A.")

    @model_validator(mode="after")
    def _remaining_le_total(self) -> "Impact":
        if isinstance(self.total_certificates, int) and isinstance(self.remaining_valid, int):
            if self.total_certificates < 0 or self.remaining_valid < 0:
                raise ValueError("certificate counts cannot be negative")
            if self.remaining_valid > self.total_certificates:
                raise ValueError(
                    f"remaining_valid ({self.remaining_valid}) cannot exceed total_certificates ({self.total_certificates})"
                )
        return self


class PreliminarySummary(_Model):
    incident_description: Text = Field(
        description="What happened, the then-known impact (e.g. the number of certificates), and whether the incident "
        "is contained (e.g. issuance stopped) or ongoing."
    )
    relevant_policies: Text = Field(description="Policy names, versions and sections.")
    source: Source | NotApplicable = Field(
        description="Self Reported, Third Party Reported or Audit (a third-party reporter may write N/A)."
    )


class _Report(_Model):
    irg_version: Literal["3.0", "3.1", "3.2"] = Field(
        default="3.2", description="The IRG version whose template this report follows."
    )
    bug: BugMetadata = Field(description="Bugzilla metadata of the incident bug.")


class PreliminaryReport(_Report):
    """IRG 3.x Preliminary Incident Report."""

    kind: Literal["preliminary"] = Field(description="The report kind.")
    summary: PreliminarySummary = Field(description="Summary section.")


class FullReport(_Report):
    """IRG 3.x Full Incident Report."""

    kind: Literal["full"] = Field(description="The report kind.")
    summary: FullSummary = Field(description="Summary section.")
    impact: Impact = Field(description="Impact section (fields N/A where no certificates are impacted).")
    timeline: list[TimelineEvent] = Field(
        min_length=1, description="Chronological events, including those before the incident (changes that caused it)."
    )
    related_incidents: list[RelatedIncident] | NotApplicable = Field(
        description="Related incidents (this CA's and other CA Owners'), minimally from the last two years; N/A if none."
    )
    root_causes: list[ContributingFactor] = Field(
        min_length=1, description="Contributing factors, one block each."
    )
    lessons_learned: LessonsLearned = Field(description="Lessons Learned section.")
    action_items: list[ActionItem] = Field(min_length=1, description="Action Items table rows.")
    appendix: Appendix = Field(default_factory=Appendix, description="Appendix section.")

    @model_validator(mode="after")
    def _references_exist(self) -> "FullReport":
        factor_ids = [f.id for f in self.root_causes]
        if len(set(factor_ids)) != len(factor_ids):
            raise ValueError("contributing factor ids must be unique")
        known = set(factor_ids)
        for i, item in enumerate(self.action_items, 1):
            missing = [r for r in item.root_causes if r not in known]
            if missing:
                raise ValueError(
                    f"action item {i} refers to root cause(s) {missing} that are not contributing factors ({sorted(known)})"
                )
        n = len(self.action_items)
        for name in ("went_well", "didnt_go_well", "got_lucky", "additional"):
            items = getattr(self.lessons_learned, name)
            if items == NA:
                continue
            for j, lesson in enumerate(items, 1):
                bad = [a for a in lesson.action_items if not 1 <= a <= n]
                if bad:
                    raise ValueError(
                        f"lessons_learned.{name}[{j}] refers to action item(s) {bad}; there are {n} action items"
                    )
        return self


class ClosureSummary(_Model):
    incident_description: Text = Field(description="A few sentences summarizing the incident.")
    root_causes: Text = Field(description="A few sentences summarizing the root cause(s).")
    remediation: Text = Field(description="A few sentences summarizing the incident's remediation.")
    commitments: Text = Field(
        description="Ongoing commitments beyond the action items (long-term or continuous), or N/A."
    )


class ClosureReport(_Report):
    """IRG 3.x Closure Report ("Report Closure Summary")."""

    kind: Literal["closure"] = Field(description="The report kind.")
    summary: ClosureSummary = Field(description="Report Closure Summary fields.")
    action_items: list[ActionItem] = Field(
        default_factory=list,
        description="The action items being closed (not rendered in the closure template; used to check they are complete).",
    )


# --------------------------------------------------------------------------------------------
# IRG 2.0 reports.
# --------------------------------------------------------------------------------------------


class Irg2Lessons(_Model):
    went_well: list[Text] | NotApplicable = Field(description="What went well.")
    didnt_go_well: list[Text] | NotApplicable = Field(description="What didn't go well.")
    got_lucky: list[Text] | NotApplicable = Field(description="Where we got lucky.")


class Irg2Report(_Model):
    """IRG 2.0 Incident Report (2023-10-17 to 2025-02-28)."""

    kind: Literal["irg2"] = Field(description="The report kind.")
    irg_version: Literal["2.0"] = Field(default="2.0", description="IRG 2.0.")
    bug: BugMetadata = Field(description="Bugzilla metadata of the incident bug.")
    summary: Text = Field(description="Summary.")
    impact: Text = Field(description="Impact.")
    timeline: list[TimelineEvent] = Field(min_length=1, description="Timeline events (rendered in UTC).")
    root_cause_analysis: Text = Field(description="Root Cause Analysis.")
    lessons_learned: Irg2Lessons = Field(description="Lessons Learned.")
    action_items: list[SimpleActionItem] = Field(min_length=1, description="Action Items (Action Item | Kind | Due Date).")
    appendix: Text = Field(description="Appendix: details of affected certificates, or N/A.")


class AuditFinding(_Model):
    description: Text = Field(description="A short description of the nature of the finding.")
    root_cause_analysis: Text = Field(description="The conditions that combined to give rise to the finding.")
    action_items: list[SimpleActionItem] = Field(min_length=1, description="Action Items for this finding.")


class Irg2AuditReport(_Model):
    """IRG 2.0 Audit Incident Report: one Finding / Root Cause Analysis / Action Items block per finding."""

    kind: Literal["irg2-audit"] = Field(description="The report kind.")
    irg_version: Literal["2.0"] = Field(default="2.0", description="IRG 2.0.")
    bug: BugMetadata = Field(description='Bugzilla metadata; the title reads "CA Owner: Findings in 20XX Audit".')
    findings: list[AuditFinding] = Field(min_length=1, description="The audit findings, in order.")


# --------------------------------------------------------------------------------------------
# Legacy 7-topic report.
# --------------------------------------------------------------------------------------------


class LegacyRemediationStep(_Model):
    description: Text = Field(description="The remediation step.")
    status: str = Field(default="", description="Its status (free text in the legacy format).")
    due_date: DraftDate | NotApplicable = Field(description="The date it will be (or was) completed.")


class LegacyReport(_Model):
    """The legacy 7-topic incident report (Mozilla wiki, CCADB before IRG 2.0)."""

    kind: Literal["legacy"] = Field(description="The report kind.")
    irg_version: Literal["legacy", "1.0"] = Field(
        default="legacy", description="legacy (Mozilla wiki / CCADB 2022-11-11 text) or 1.0 (IRG 1.0)."
    )
    bug: BugMetadata = Field(description="Bugzilla metadata of the incident bug.")
    how_aware: Text = Field(description="1. How the CA first became aware of the problem, and the time and date.")
    timeline: list[TimelineEvent] = Field(min_length=1, description="2. A date-and-time-stamped timeline.")
    issuance_stopped: Text = Field(description="3. Whether the CA has stopped issuance (a pledge), or why not.")
    problematic_certificates: Text = Field(
        description="4. Summary: number of certificates, first and last issuance dates (or other statistics)."
    )
    certificate_data: Text = Field(description="5. Complete certificate data (crt.sh links or fingerprints), or N/A.")
    root_cause: Text = Field(description="6. How and why the mistakes were made, and how they avoided detection.")
    remediation: list[LegacyRemediationStep] = Field(
        min_length=1, description="7. Steps to resolve and prevent recurrence, each with status and date."
    )


Report = Annotated[
    Union[PreliminaryReport, FullReport, ClosureReport, Irg2Report, Irg2AuditReport, LegacyReport],
    Field(discriminator="kind"),
]

from incident_kit.irg import kinds as _kinds  # noqa: E402

REPORT_MODELS: dict[str, type[BaseModel]] = {
    _kinds.KIND_PRELIMINARY: PreliminaryReport,
    _kinds.KIND_FULL: FullReport,
    _kinds.KIND_CLOSURE: ClosureReport,
    _kinds.KIND_IRG2: Irg2Report,
    _kinds.KIND_IRG2_AUDIT: Irg2AuditReport,
    _kinds.KIND_LEGACY: LegacyReport,
}

