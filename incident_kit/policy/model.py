"""The policy knowledge base format: one YAML file per clause (or a list of clauses per file).

A clause is the unit incidents cite: ``MRSP 5.3.2``, ``BR 4.9.1.1``, ``CCADB Policy 5.2``. Each
entry says, in the project's own words, what the clause requires, which deadlines it sets (as data:
the event that starts the clock, the event that must happen, the limit), what a remediation must
address to prevent recurrence, and which remedies are known to be insufficient and why.

Phrases are written in the lexicon dialect (:mod:`incident_kit.text.concepts`, ``docs/lexicons.md``
if present, CONTRIBUTING.md "Adding a phrase"): regular-expression fragments matched
case-insensitively against one sentence at a time (after quotes and dashes are normalised and
white space is folded), bounded by words, a space matching any run of spaces or hyphens,
``{verb:revoke}`` / ``{noun:check}`` for inflections and ``{gap:40}`` for "a little later in the
sentence" (keep the gap small so that a phrase stays inside one idea). A list entry
``{lexicon:NAME}`` stands for the patterns of ``incident_kit/lexicon/NAME.toml``: an idea that
several clauses share (a CA certificate created, disclosed in the CCADB) is written once, there,
with its examples and counterexamples.

The JSON Schema of this format is ``schemas/policy-clause.schema.json``; ``incident-kit policy
show ID`` prints an entry.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from incident_kit.policy.kb import limit_hours as _limit_hours
from incident_kit.policy.kb import in_force_label as _in_force_label
from incident_kit.policy.kb import limit_text as _limit_text
from incident_kit.policy.kb import alias_covers as _alias_covers
from incident_kit.policy.kb import window_of as _window_of
from incident_kit.policy.kb import window_text

CLAUSE_ID_RE = re.compile(r"^[A-Z][A-Za-z0-9/-]*( [A-Z][A-Za-z0-9/-]*)? [0-9][0-9.]*( §.+)?$")


class _Strict(BaseModel):
    # Schemas are built on first validation, not at import: a lint run builds the shipped clauses
    # with construct_clauses() and never validates, which keeps pydantic's set-up off its start-up.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _lexicon_names() -> list[str]:
    from incident_kit.text.concepts import lexicon_names

    return lexicon_names()


def pattern_problems(clause: "Clause") -> list[str]:
    """Every phrase of ``clause`` that is not a valid pattern of the lexicon dialect (or names an
    unknown lexicon), as ``path: message``.

    Patterns are compiled lazily when a report is linted, so this check runs when a user's policy
    file is loaded and, for the shipped clauses, in the test suite."""
    from incident_kit.text.concepts import phrase_problem

    problems: list[str] = []

    def check(path: str, patterns: list[str]) -> None:
        for i, p in enumerate(patterns):
            problem = phrase_problem(p)
            if problem is not None:
                problems.append(f"{clause.id}: {path}[{i}]: {p!r}: {problem}")

    check("keywords", clause.keywords)
    for d in clause.deadlines:
        for side in ("start", "end"):
            name = getattr(d, side).concept
            if name is not None and name not in _lexicon_names():
                problems.append(f"{clause.id}: deadlines.{d.id}.{side}.concept: no lexicon named {name!r}")
        check(f"deadlines.{d.id}.start.phrases", d.start.phrases)
        check(f"deadlines.{d.id}.end.phrases", d.end.phrases)
        for party in d.end.parties:
            check(f"deadlines.{d.id}.end.parties.{party.name}", party.phrases)
        check(f"deadlines.{d.id}.applies_when", d.applies_when)
        check(f"deadlines.{d.id}.not_when", d.not_when)
        check(f"deadlines.{d.id}.superseded_by", d.superseded_by)
    for c in clause.must_address:
        if c.not_concept is not None and c.not_concept not in _lexicon_names():
            problems.append(f"{clause.id}: must_address.{c.id}.not_concept: no lexicon named {c.not_concept!r}")
        check(f"must_address.{c.id}.phrases", c.phrases)
        check(f"must_address.{c.id}.applies_when", c.applies_when)
    for r in clause.insufficient:
        if r.concept is not None and r.concept not in _lexicon_names():
            problems.append(f"{clause.id}: insufficient.{r.id}.concept: no lexicon named {r.concept!r}")
        check(f"insufficient.{r.id}.phrases", r.phrases)
    return problems


class InForce(_Strict):
    """When a clause (in this wording) applies."""

    since: Optional[date] = Field(default=None, description="First day in force (inclusive); null if long-standing.")
    until: Optional[date] = Field(default=None, description="Day it was superseded (exclusive); null if current.")
    versions: list[str] = Field(default_factory=list, description="Document versions that carry it, e.g. ['2.9', '3.0', '3.1'].")
    note: str = Field(default="", description="How the wording changed across versions.")
    cite: str = Field(
        default="",
        description="How a finding names the text it applied, e.g. 'BR 1.0-1.6.0 §4.9.1.1 (before 2018-10-14, "
        "24 hours for every reason)'.",
    )

    def covers(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day < self.until)

    label = property(_in_force_label)  # shared with the pydantic-free view (policy/kb.py)

    def window(self) -> str:
        return window_text(self.since, self.until)


class Alias(_Strict):
    """Another number a clause had (in an older version of its document), and when it had it."""

    id: str = Field(description="The other id, e.g. 'BR 4.9.10' or 'CCADB Policy 4'.")
    since: Optional[date] = Field(default=None, description="First day the number meant this clause.")
    until: Optional[date] = Field(default=None, description="Day the number stopped meaning this clause (exclusive).")
    reused: bool = Field(
        default=False,
        description="The number now means another section (CCADB Policy 5.1 is audit scope in 2.x): outside its "
        "window it does not lead here. Otherwise an old number still resolves, with a notice.",
    )

    # Shared with the pydantic-free view of the shipped bundle (policy/kb.py).
    window = _window_of
    covers = _alias_covers


class Party(_Strict):
    """One of the parties an event must reach (BR 4.9.5: the subscriber and the reporter)."""

    name: str = Field(description="The party, e.g. 'reporter'.")
    tag: str = Field(description="The draft timeline tag that marks the event for this party.")
    phrases: list[str] = Field(min_length=1, description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon) naming the party in a timeline entry.")


class EventSpec(_Strict):
    """An event on a timeline, and how report text names it."""

    event: str = Field(description="A short event id, e.g. 'ca-created', 'ccadb-disclosed', 'aware'.")
    tags: list[str] = Field(default_factory=list, description="Draft timeline tags that mark this event.")
    phrases: list[str] = Field(default_factory=list, description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon) that recognise the event in a timeline entry.")
    concept: Optional[str] = Field(
        default=None,
        description="A lexicon (incident_kit/lexicon/NAME.toml, `incident-kit lexicon show NAME`) that recognises "
        "the event, with its negation: 'not detected by monitoring' is not a detection. Used instead of phrases.",
    )
    parties: list[Party] = Field(
        default_factory=list,
        description="When given, the event is complete only once it reached every party: at the latest of the "
        "first entries for each (an entry that names no party counts for all).",
    )


class Deadline(_Strict):
    """A clock the clause sets: from ``start`` to ``end`` within ``limit``."""

    id: str = Field(description="Stable id of the deadline, e.g. 'subca-disclosure-7d'.")
    summary: str = Field(description="The deadline in one line, in the project's own words.")
    start: EventSpec = Field(description="The event that starts the clock.")
    end: EventSpec = Field(description="The event that must happen before the limit.")
    hours: Optional[int] = Field(default=None, ge=1, description="The limit in hours (exclusive of days).")
    days: Optional[int] = Field(default=None, ge=1, description="The limit in calendar days.")
    months: Optional[int] = Field(
        default=None,
        ge=1,
        description="The limit in calendar months, counted on the calendar: three months after 30 June is "
        "30 September, after 31 December it is 31 March (the BR 8.6 audit-report limit).",
    )
    minutes: Optional[int] = Field(
        default=None,
        ge=1,
        description="The limit in minutes, for limits finer than an hour (BR 4.9.9: an authoritative OCSP "
        "response within 15 minutes of a certificate's publication). Judged exactly when both times are known; "
        "with a date-only side, by the shortest elapsed time the dates allow.",
    )
    in_force: InForce = Field(
        default_factory=InForce,
        description="When this limit applies, judged on the day of the start event (the clause text in force then).",
    )
    severity: Literal["error", "warning", "notice"] = Field(
        default="error", description="error for a MUST/SHALL limit, warning for a SHOULD limit."
    )
    caveat: str = Field(default="", description="When the deadline is a reading rather than a certainty, say why.")
    applies_when: list[str] = Field(
        default_factory=list,
        description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon) over the report text; when given, the deadline applies only if one matches "
        "(e.g. the 24-hour revocation list: key compromise, unreliable domain validation).",
    )

    superseded_by: list[str] = Field(
        default_factory=list,
        description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon) over later end-event entries: a later entry that matches replaces the first as the "
        "end (a corrected audit statement is the one that meets the requirement, not the incomplete first one).",
    )
    not_when: list[str] = Field(
        default_factory=list,
        description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon) over the incident description and the two events; the deadline does not apply "
        "if one matches (the subscriber-certificate clock does not apply to a CA certificate).",
    )

    @model_validator(mode="after")
    def _one_limit(self) -> "Deadline":
        if sum(x is not None for x in (self.hours, self.days, self.months, self.minutes)) != 1:
            raise ValueError("give exactly one of minutes, hours, days or months")
        return self

    # The same functions serve the pydantic-free view of the shipped bundle (policy/kb.py).
    limit_hours = property(_limit_hours)
    limit_text = property(_limit_text)


class Concept(_Strict):
    """Something a remediation must address, and the phrasings that express it."""

    id: str = Field(description="Stable id, e.g. 'automated-ccadb-reconciliation'.")
    description: str = Field(description="What the remedy must do, in one sentence.")
    phrases: list[str] = Field(min_length=1, description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon); a sentence matching one (not negated) expresses the concept.")
    applies_when: list[str] = Field(
        default_factory=list,
        description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon) over the incident description; when given, the concept is expected only if one "
        "matches (a clause covering two kinds of failure asks for the remedy of the one that happened).",
    )
    in_force: InForce = Field(
        default_factory=InForce,
        description="When the concept is expected, judged on the report's posting date (MRSP 6.1.3's "
        "obligations apply from 2025-09-01).",
    )
    not_concept: Optional[str] = Field(
        default=None,
        description="A lexicon whose affirmed mention in the same sentence undoes a match: 'monitor the mailbox "
        "more closely' names monitoring but is a reminder (lexicon 'reminder').",
    )


class InsufficientRemedy(_Strict):
    """A remedy that is known not to meet the clause on its own."""

    id: str = Field(description="Stable id, e.g. 'withhold-delivery-until-disclosed'.")
    phrases: list[str] = Field(min_length=1, description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon) that recognise the remedy.")
    concept: Optional[str] = Field(
        default=None, description="A lexicon that also recognises the remedy (e.g. 'reminder'), besides the phrases."
    )
    reason: str = Field(description="Why it fails this clause (shown to the user).")


class Clause(_Strict):
    """One entry of the policy knowledge base."""

    id: str = Field(description="Canonical id: document abbreviation and section, e.g. 'MRSP 5.3.2'.")
    document: str = Field(description="The document's full name.")
    title: str = Field(description="The section title or topic.")
    in_force: InForce = Field(default_factory=InForce, description="When it applies.")
    requirement: str = Field(description="What the clause requires, in the project's own words.")
    deadlines: list[Deadline] = Field(default_factory=list, description="Clocks the clause sets.")
    must_address: list[Concept] = Field(
        default_factory=list,
        description="What a remediation must address to prevent recurrence; each concept needs at least one action item.",
    )
    any_of: bool = Field(
        default=False,
        description="When true, one of the must_address concepts suffices (they are alternatives); otherwise "
        "each is expected, and a report that addresses some but not all of them gets a warning.",
    )
    insufficient: list[InsufficientRemedy] = Field(default_factory=list, description="Known-insufficient remedies.")
    whiteboard_tags: list[str] = Field(default_factory=list, description="Whiteboard tags that point to this clause.")
    keywords: list[str] = Field(
        default_factory=list,
        description="Phrases (lexicon dialect; an entry {lexicon:NAME} names a sentence lexicon) over the incident description that suggest the clause when the report cites nothing.",
    )
    related: list[str] = Field(default_factory=list, description="Ids of clauses that state the same rule elsewhere.")
    aliases: list[Alias] = Field(
        default_factory=list,
        description="Other ids reports use for this clause, e.g. its number in an older version of the document, "
        "with the window in which that number meant this clause.",
    )

    @field_validator("aliases", mode="before")
    @classmethod
    def _alias_strings(cls, v: object) -> object:
        if isinstance(v, list):
            return [{"id": x} if isinstance(x, str) else x for x in v]
        return v
    implicit: bool = Field(
        default=False,
        description="Check this clause's deadlines in any report whose timeline shows both events, even when "
        "the report does not cite it (e.g. the BR revocation clock in a report that lists revocations).",
    )

    certificates: Optional[Literal["tls", "smime"]] = Field(
        default=None,
        description="The certificates the clause governs when its document has a twin for the other kind (the TLS "
        "BRs' 4.9.1.1 and the S/MIME BRs' 4.9.1.1): 'tls' or 'smime'; null for any. A clause the report does not "
        "cite (implicit, inferred, or named by a whiteboard tag) is applied only to a report about those "
        "certificates, read from its whiteboard, the documents it cites and its certificate type words.",
    )

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not CLAUSE_ID_RE.match(v):
            raise ValueError("must be a document abbreviation and a section number, e.g. 'MRSP 5.3.2' or 'CPS 4.9.1'")
        return v


class ClauseFile(_Strict):
    """A policy file: a list of clauses."""

    clauses: list[Clause] = Field(min_length=1, description="The clauses this file defines.")


def policy_json_schema() -> dict:
    """The JSON Schema (draft-07) of a policy file, as committed in schemas/policy-clause.schema.json."""
    schema = ClauseFile.model_json_schema(ref_template="#/definitions/{model}")
    defs = schema.pop("$defs", {})
    out = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://incident-kit.invalid/schemas/policy-clause.schema.json",
        "title": "incident-kit policy clauses",
        **schema,
        "definitions": defs,
    }
    return out


def construct_clauses(data: dict) -> list["Clause"]:
    """Clauses from already-validated data (the shipped bundle, generated from validated YAML and
    kept fresh by a test), without validating again: nested models are constructed field by field."""

    def window(d: dict) -> InForce:
        return InForce.model_construct(
            **{
                **{k: v for k, v in d.items() if k != "id"},
                "since": date.fromisoformat(d["since"]) if d.get("since") else None,
                "until": date.fromisoformat(d["until"]) if d.get("until") else None,
            }
        )

    def event(d: dict) -> EventSpec:
        return EventSpec.model_construct(**{**d, "parties": [Party.model_construct(**p) for p in d.get("parties", [])]})

    def deadline(d: dict) -> Deadline:
        return Deadline.model_construct(
            **{**d, "start": event(d["start"]), "end": event(d["end"]), "in_force": window(d["in_force"])}
        )

    def concept(d: dict) -> Concept:
        return Concept.model_construct(**{**d, "in_force": window(d["in_force"])})

    def alias(d: dict) -> Alias:
        w = window(d)
        return Alias.model_construct(id=d["id"], since=w.since, until=w.until, reused=d.get("reused", False))

    out = []
    for c in data["clauses"]:
        out.append(
            Clause.model_construct(
                **{
                    **c,
                    "in_force": window(c["in_force"]),
                    "deadlines": [deadline(d) for d in c["deadlines"]],
                    "must_address": [concept(x) for x in c["must_address"]],
                    "aliases": [alias(a) for a in c.get("aliases", [])],
                    "insufficient": [InsufficientRemedy.model_construct(**x) for x in c["insufficient"]],
                }
            )
        )
    return out


def build_bundle(sources: list) -> str:
    """The shipped clauses as one JSON document (what ``load_policy`` reads at lint time: JSON
    validates far faster than YAML parses). ``python -m incident_kit.policy.model --bundle``."""
    import json

    from ruamel.yaml import YAML

    clauses = []
    for path in sources:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        clauses += ClauseFile.model_validate(data).clauses
    out = {"clauses": [c.model_dump(mode="json") for c in clauses]}
    return json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m incident_kit.policy.model > schemas/policy-clause.schema.json
    import json
    import sys
    from pathlib import Path

    if sys.argv[1:] == ["--bundle"]:  # regenerate incident_kit/policy/bundle.json
        here = Path(__file__).resolve().parent
        (here / "bundle.json").write_text(build_bundle(sorted((here / "clauses").glob("*.yaml"))), encoding="utf-8")
    else:
        print(json.dumps(policy_json_schema(), indent=2, sort_keys=True, ensure_ascii=False))
