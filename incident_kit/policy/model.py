"""The policy knowledge base format: one YAML file per clause (or a list of clauses per file).

A clause is the unit incidents cite: ``MRSP 5.3.2``, ``BR 4.9.1.1``, ``CCADB Policy 5.2``. Each
entry says, in the project's own words, what the clause requires, which deadlines it sets (as data:
the event that starts the clock, the event that must happen, the limit), what a remediation must
address to prevent recurrence, and which remedies are known to be insufficient and why.

Phrases are regular expressions (Python syntax, matched case-insensitively against one sentence
at a time, after quotes and dashes are normalised and white space is folded). Write them to catch
meaning, not one report's wording: use alternatives and ``\\w*`` for inflections, and keep the
gap between words small (``.{0,40}``) so that a phrase stays inside one idea.

The JSON Schema of this format is ``schemas/policy-clause.schema.json``; ``incident-kit policy
show ID`` prints an entry.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CLAUSE_ID_RE = re.compile(r"^[A-Z][A-Za-z0-9/-]*( [A-Z][A-Za-z0-9/-]*)? [0-9][0-9.]*( §.+)?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_patterns(values: list[str]) -> list[str]:
    for v in values:
        try:
            re.compile(v, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"phrase {v!r} is not a valid regular expression: {exc}") from None
    return values


class InForce(_Strict):
    """When a clause (in this wording) applies."""

    since: Optional[date] = Field(default=None, description="First day in force (inclusive); null if long-standing.")
    until: Optional[date] = Field(default=None, description="Day it was superseded (exclusive); null if current.")
    versions: list[str] = Field(default_factory=list, description="Document versions that carry it, e.g. ['2.9', '3.0', '3.1'].")
    note: str = Field(default="", description="How the wording changed across versions.")

    def covers(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day < self.until)


class EventSpec(_Strict):
    """An event on a timeline, and how report text names it."""

    event: str = Field(description="A short event id, e.g. 'ca-created', 'ccadb-disclosed', 'aware'.")
    tags: list[str] = Field(default_factory=list, description="Draft timeline tags that mark this event.")
    phrases: list[str] = Field(default_factory=list, description="Regexes that recognise the event in a timeline entry.")

    _v = field_validator("phrases")(classmethod(lambda cls, v: _check_patterns(v)))


class Deadline(_Strict):
    """A clock the clause sets: from ``start`` to ``end`` within ``limit``."""

    id: str = Field(description="Stable id of the deadline, e.g. 'subca-disclosure-7d'.")
    summary: str = Field(description="The deadline in one line, in the project's own words.")
    start: EventSpec = Field(description="The event that starts the clock.")
    end: EventSpec = Field(description="The event that must happen before the limit.")
    hours: Optional[int] = Field(default=None, ge=1, description="The limit in hours (exclusive of days).")
    days: Optional[int] = Field(default=None, ge=1, description="The limit in calendar days.")
    severity: Literal["error", "warning", "notice"] = Field(
        default="error", description="error for a MUST/SHALL limit, warning for a SHOULD limit."
    )
    caveat: str = Field(default="", description="When the deadline is a reading rather than a certainty, say why.")
    applies_when: list[str] = Field(
        default_factory=list,
        description="Regexes over the report text; when given, the deadline applies only if one matches "
        "(e.g. the 24-hour revocation list: key compromise, unreliable domain validation).",
    )

    not_when: list[str] = Field(
        default_factory=list,
        description="Regexes over the incident description and the two events; the deadline does not apply "
        "if one matches (the subscriber-certificate clock does not apply to a CA certificate).",
    )

    _w = field_validator("applies_when", "not_when")(classmethod(lambda cls, v: _check_patterns(v)))

    @model_validator(mode="after")
    def _one_limit(self) -> "Deadline":
        if (self.hours is None) == (self.days is None):
            raise ValueError("give exactly one of hours or days")
        return self

    @property
    def limit_hours(self) -> int:
        return self.hours if self.hours is not None else 24 * (self.days or 0)

    @property
    def limit_text(self) -> str:
        if self.hours is not None:
            return f"{self.hours} hours"
        return f"{self.days} days"


class Concept(_Strict):
    """Something a remediation must address, and the phrasings that express it."""

    id: str = Field(description="Stable id, e.g. 'automated-ccadb-reconciliation'.")
    description: str = Field(description="What the remedy must do, in one sentence.")
    phrases: list[str] = Field(min_length=1, description="Regexes; a sentence matching one (not negated) expresses the concept.")
    applies_when: list[str] = Field(
        default_factory=list,
        description="Regexes over the incident description; when given, the concept is expected only if one "
        "matches (a clause covering two kinds of failure asks for the remedy of the one that happened).",
    )

    _v = field_validator("phrases", "applies_when")(classmethod(lambda cls, v: _check_patterns(v)))


class InsufficientRemedy(_Strict):
    """A remedy that is known not to meet the clause on its own."""

    id: str = Field(description="Stable id, e.g. 'withhold-delivery-until-disclosed'.")
    phrases: list[str] = Field(min_length=1, description="Regexes that recognise the remedy.")
    reason: str = Field(description="Why it fails this clause (shown to the user).")

    _v = field_validator("phrases")(classmethod(lambda cls, v: _check_patterns(v)))


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
        description="Regexes over the incident description that suggest the clause when the report cites nothing.",
    )
    related: list[str] = Field(default_factory=list, description="Ids of clauses that state the same rule elsewhere.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other ids reports use for this clause, e.g. its number in an older version of the document.",
    )
    implicit: bool = Field(
        default=False,
        description="Check this clause's deadlines in any report whose timeline shows both events, even when "
        "the report does not cite it (e.g. the BR revocation clock in a report that lists revocations).",
    )

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not CLAUSE_ID_RE.match(v):
            raise ValueError("must be a document abbreviation and a section number, e.g. 'MRSP 5.3.2' or 'CPS 4.9.1'")
        return v

    _k = field_validator("keywords")(classmethod(lambda cls, v: _check_patterns(v)))


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


if __name__ == "__main__":  # python -m incident_kit.policy.model > schemas/policy-clause.schema.json
    import json

    print(json.dumps(policy_json_schema(), indent=2, sort_keys=True, ensure_ascii=False))
