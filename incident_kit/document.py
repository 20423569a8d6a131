"""The Document: what a reader found in a report, with where it found it.

Both readers produce one: the Markdown / plain-text reader for posted reports
(:mod:`incident_kit.sources.markdown`) and the YAML draft reader (:mod:`incident_kit.sources.yaml`). The Document is
*lenient*: every value keeps its raw text next to the parsed value, so that a posted report with
``Kind: Correct`` or a due date of ``ASAP`` still loads and the linter can point at it.

Lines and columns are 1-based. ``None`` means "not known" (for example a value computed from
several places).

This module imports nothing heavy; rules and readers share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.text.prose import Prose

# The report kinds and the section and field keys are the IRG vocabulary's (incident_kit.irg);
# they are named here too because every rule and reader reads them as ``d.KIND_FULL``, ``d.SEC_*``.
from incident_kit.irg.kinds import (  # noqa: E402,F401 (re-exported)
    IRG3 as IRG3_KINDS,
    KIND_CLOSURE,
    KIND_FREEFORM,
    KIND_FULL,
    KIND_IRG2,
    KIND_IRG2_AUDIT,
    KIND_IRG2_PRELIMINARY,
    KIND_LEGACY,
    KIND_PRELIMINARY,
    KIND_UNKNOWN,
    READ_ONLY_KINDS,
)
from incident_kit.irg.kinds import DRAFT_KINDS as ALL_KINDS  # noqa: E402,F401
from incident_kit.irg.templates import (  # noqa: E402,F401 (re-exported)
    F_ADDITIONAL,
    F_ANALYSIS,
    F_CCADB_ID,
    F_CERT_TYPES,
    F_CLOSURE_COMMITMENTS,
    F_CLOSURE_REMEDIATION,
    F_CLOSURE_ROOT_CAUSES,
    F_HEURISTIC,
    F_INCIDENT_DESCRIPTION,
    F_ISSUANCE_STOPPED,
    F_NC_END,
    F_NC_IDENTIFIED,
    F_NC_START,
    F_RELEVANT_POLICIES,
    F_REMAINING_VALID,
    F_SOURCE,
    F_TIMELINE_SUMMARY,
    F_TOTAL_CERTS,
    FACTOR_FIELDS,
    LESSON_CATEGORIES,
    NA_RE,
    SEC_ACTIONS,
    SEC_APPENDIX,
    SEC_CLOSURE,
    SEC_IMPACT,
    SEC_LESSONS,
    SEC_RCA,
    SEC_RELATED,
    SEC_SUMMARY,
    SEC_TIMELINE,
)


@dataclass(slots=True)
class Located:
    """A raw value and where it stands. ``raw`` is the text as written (stripped of Markdown
    emphasis around the label, not of the value's own content)."""

    raw: str
    line: Optional[int] = None
    column: Optional[int] = None

    @property
    def is_na(self) -> bool:
        value = self.raw.strip().rstrip(".").strip()
        m = NA_RE.match(value)
        return m is not None and m.end() == len(value)

    @property
    def is_empty(self) -> bool:
        return not self.raw.strip()


@dataclass(slots=True)
class Section:
    """A section of the report: a heading (or a legacy topic) and the lines under it."""

    key: str  # canonical key (see SEC_*), or "topic1".."topic7", "finding1"...
    title: str  # the heading text as written
    line: int  # line of the heading
    end_line: int  # last line of the section body (inclusive)
    text: str = ""  # body text as written (without the heading)
    level: Optional[int] = None  # Markdown heading level, None when the heading had no '#'
    inline: bool = False  # the text's first line is the answer written on the heading's own line

    def text_line(self, index: int) -> int:
        """The document line of line ``index`` (0-based) of :attr:`text`."""
        return self.line + index + (0 if self.inline else 1)


@dataclass(slots=True)
class TimeValue:
    """A timestamp found in report text (see :mod:`incident_kit.text.timestamps`)."""

    raw: str
    value: Optional[datetime]  # aware (UTC) when a zone is known, naive otherwise; None if unparseable
    has_time: bool = False
    has_zone: bool = False  # a zone in the text itself or a document-wide declaration
    zone_declared: bool = False  # the zone came from a declaration ("All times are UTC.")
    has_year: bool = True
    precision: str = "day"  # "second", "minute", "hour", "day", "month"
    ambiguous: bool = False  # e.g. 05/03/2024 with no day-first evidence
    year_from: str = ""  # has_year False: where the reader took the year from ("line 9", "the posting date")

    @property
    def date(self) -> Optional[date]:
        return self.value.date() if self.value is not None else None


@dataclass(slots=True)
class TimelineEntry:
    raw: str  # the whole entry as written
    line: int
    column: Optional[int] = None
    when: Optional[TimeValue] = None
    text: str = ""  # what happened (the entry without its timestamp)
    tags: list[str] = field(default_factory=list)  # model.TimelineTag values, from a draft or inferred


@dataclass(slots=True)
class ContributingFactorBlock:
    number: Optional[int]
    title: str
    line: int
    fields: dict[str, Located] = field(default_factory=dict)  # keys: FACTOR_FIELDS
    text: str = ""  # the whole block, for wording rules


@dataclass(slots=True)
class LessonEntry:
    category: str  # LESSON_CATEGORIES
    text: str
    line: int
    action_items: list[int] = field(default_factory=list)  # referenced action item numbers, if any


@dataclass(slots=True)
class TableRow:
    cells: list[Located]
    line: int


@dataclass(slots=True)
class Table:
    header: list[Located]
    rows: list[TableRow]
    line: int


@dataclass(slots=True)
class ActionItemRow:
    """One Action Items row. Raw cells are kept; parsed values are None when not parseable."""

    line: int
    description: Located
    kind: Optional[Located] = None
    root_causes: Optional[Located] = None
    evaluation_criteria: Optional[Located] = None
    due_date: Optional[Located] = None
    status: Optional[Located] = None
    root_cause_ids: list[int] = field(default_factory=list)
    due: Optional[date] = None  # parsed due date


@dataclass(slots=True)
class RelatedIncidentRow:
    line: int
    bug: Located
    date: Optional[Located] = None
    description: Optional[Located] = None
    bug_id: Optional[int] = None
    url: Optional[str] = None




def _bracketed(text: str) -> tuple[list[str], str]:
    """The ``[...]`` groups of ``text`` (each from a "[" to the first "]" after it, as the pattern
    ``\\[([^\\]]*)\\]`` finds them) and the text with each replaced by a space. A loop, not that
    pattern: searched through a long run of "[" it rescanned the rest of the text from each one."""
    inside: list[str] = []
    rest: list[str] = []
    pos = 0
    while True:
        start = text.find("[", pos)
        end = text.find("]", start + 1) if start >= 0 else -1
        if end < 0:
            rest.append(text[pos:])
            return inside, " ".join(rest)
        inside.append(text[start + 1 : end])
        rest.append(text[pos:start])
        pos = end + 1
_NEXT_UPDATE_RE = re.compile(r"next[ -]?update[:\s]+(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def parse_whiteboard(text: str) -> list[str]:
    """Split a Bugzilla whiteboard into its tags: ``[ca-compliance] [dv-misissuance] Next update 2025-02-01``
    gives ``["ca-compliance", "dv-misissuance", "Next update 2025-02-01"]``."""
    inside, rest = _bracketed(text)
    tags = [t.strip() for t in inside]
    rest = rest.strip()
    if rest:
        tags.append(" ".join(rest.split()))
    return [t for t in tags if t]


def whiteboard_next_update(tags: list[str]) -> Optional[date]:
    """The "Next update YYYY-MM-DD" date written in whiteboard tags, if any (None when malformed)."""
    for tag in tags:
        m = _NEXT_UPDATE_RE.search(tag)
        if m:
            try:
                return date.fromisoformat(m.group(1))
            except ValueError:
                return None
    return None


@dataclass(slots=True)
class BugMeta:
    """Bugzilla metadata: from a draft's ``bug:`` block or from the command line."""

    ca_owner: Optional[str] = None
    title: Optional[str] = None
    bug_id: Optional[int] = None
    whiteboard: list[str] = field(default_factory=list)
    next_update: Optional[date] = None
    posted: Optional[datetime] = None

    @property
    def revocation_delay(self) -> bool:
        return any("revocation-delay" in t.lower() for t in self.whiteboard)


@dataclass(slots=True)
class Suppression:
    """``<!-- incident-kit: ignore IK304 -- reason -->``: suppresses codes for the next block."""

    codes: list[str]
    reason: str
    line: int
    first_line: int  # the lines it covers (inclusive)
    last_line: int


@dataclass(slots=True)
class Document:
    """Everything a reader found in one report."""

    path: str
    text: str
    kind: str = KIND_UNKNOWN
    irg_version: Optional[str] = None  # "3.x", "3.2", "2.0", "legacy", or None
    kind_guessed: bool = False
    kind_reason: str = ""  # why the kind was chosen (or why it is a guess)
    origin: str = "markdown"  # "markdown", "text" (no Markdown structure), "yaml"
    title: Optional[Located] = None  # the report's own title heading ("## Full Incident Report")
    sections: list[Section] = field(default_factory=list)
    fields: dict[str, Located] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)
    timeline_zone: Optional[Located] = None  # "All times are UTC." declaration, if any
    factors: list[ContributingFactorBlock] = field(default_factory=list)
    lessons: list[LessonEntry] = field(default_factory=list)
    action_items: list[ActionItemRow] = field(default_factory=list)
    action_header: Optional[list[Located]] = None
    action_header_line: Optional[int] = None
    related: list[RelatedIncidentRow] = field(default_factory=list)
    appendix_header: Optional[list[Located]] = None
    appendix_rows: list[TableRow] = field(default_factory=list)
    closing_sentence: Optional[Located] = None
    legacy_remediation: list[TimelineEntry] = field(default_factory=list)  # legacy topic 7 steps
    bug: BugMeta = field(default_factory=BugMeta)
    suppressions: list[Suppression] = field(default_factory=list)
    draft: Any = None  # the validated pydantic model when read from a YAML draft
    notes: list[str] = field(default_factory=list)  # reader remarks (e.g. quoted replies skipped)
    line_range: Optional[tuple[int, int]] = None  # the lines read, when the file holds several reports
    parts: list["Document"] = field(default_factory=list)  # the reports a file of several comments holds
    # First line of text posted after the first comment (a later comment of the same bug, copied in
    # the same file): its posting date is unknown, only that it is later than the report's date.
    posted_later_from: Optional[int] = None
    # The prose model (units, sentences), worked out on first use of ``prose``; not a field of the
    # report: a ``dataclasses.replace`` copy starts without it, and a changed text, section list or
    # origin rebuilds it.
    _prose: Optional["Prose"] = field(default=None, init=False, repr=False, compare=False)
    # Analysis the rules share, worked out once per document (incident_kit.docmemo); like the prose
    # model, not a field of the report: a ``dataclasses.replace`` copy starts with none.
    _memos: dict[str, dict[Any, Any]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @property
    def prose(self) -> "Prose":
        """The report's prose, read once (:mod:`incident_kit.text.prose`): the lines outside code
        blocks and comments, the prose units (paragraphs, list items, table rows, labelled fields)
        with their section and lines, and their sentences, each folded once."""
        model = self._prose
        if model is None or not model.built_from(self.text, self.sections, self.origin):
            from incident_kit.text.prose import read_prose

            model = self._prose = read_prose(self.text, self.sections, self.origin)
        return model

    def section(self, key: str) -> Optional[Section]:
        for s in self.sections:
            if s.key == key:
                return s
        return None

    def field(self, key: str) -> Optional[Located]:
        return self.fields.get(key)

    @property
    def is_irg3(self) -> bool:
        return self.kind in IRG3_KINDS
