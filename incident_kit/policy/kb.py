"""A pydantic-free view of the shipped policy bundle, for lint runs.

The shipped clauses (``bundle.json``) were validated by the pydantic models of
:mod:`incident_kit.policy.model` when the bundle was built, and a test keeps the two in step. A lint
of a Markdown report only reads their attributes, so it builds these plain, read-only
classes instead and never imports pydantic (about 40 ms of a one-file lint's start-up).

Each class has the same field names, in the same order, as its pydantic model, the same helper
methods (``covers``, ``limit_hours``, ``limit_text``) and a ``model_dump(mode="json")`` that gives
the same dictionary (``tests/test_policy_kb.py`` checks both views dump identically). Users' policy
files are still validated by the pydantic models; those objects work wherever these do.

Standard library only.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional


class _Frozen:
    """Immutable, compared and dumped field by field in declaration order. A key of the bundle
    that the class does not declare (a field added to the pydantic model since) is kept too, after
    the declared ones, so a lint never breaks on it; the dump test then says the order to declare."""

    _fields: tuple[str, ...] = ()

    def __init__(self, **values: Any) -> None:
        names = self._fields + tuple(sorted(k for k in values if k not in self._fields))
        object.__setattr__(self, "_names", names)
        for name in names:
            object.__setattr__(self, name, values.get(name))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._names == other._names and all(getattr(self, n) == getattr(other, n) for n in self._names)

    __hash__ = None  # type: ignore[assignment]  # like the pydantic models, whose list fields are unhashable

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._names)})"

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """The fields as JSON data, as the pydantic model's ``model_dump(mode="json")`` gives them."""
        if mode != "json":
            raise ValueError("the shipped clauses are dumped as JSON data only")
        return {n: _json(getattr(self, n)) for n in self._names}


def _json(value: Any) -> Any:
    if isinstance(value, _Frozen):
        return value.model_dump()
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def window_text(since: Optional[date], until: Optional[date]) -> str:
    """A window in words: 'from 2018-10-14', 'before 2025-07-15', 'from 2023-02-15 to 2025-07-15'."""
    if since and until:
        return f"from {since.isoformat()} to {until.isoformat()}"
    if since:
        return f"from {since.isoformat()}"
    if until:
        return f"before {until.isoformat()}"
    return "no date limit"


def window_of(w: Any) -> str:
    """A window (clause, deadline or alias) in words; for both views of the policy data."""
    return window_text(w.since, w.until)


def alias_covers(a: Any, day: Optional[date]) -> bool:
    """Whether an alias meant its clause on ``day`` (any day when none is given); for both views."""
    if day is None:
        return True
    return (a.since is None or day >= a.since) and (a.until is None or day < a.until)


class InForce(_Frozen):
    _fields = ("since", "until", "versions", "note", "cite")

    def covers(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day < self.until)

    label = property(lambda self: in_force_label(self))

    def window(self) -> str:
        return window_text(self.since, self.until)


class Alias(_Frozen):
    _fields = ("id", "since", "until", "reused")

    window = window_of
    covers = alias_covers


class Party(_Frozen):
    _fields = ("name", "tag", "phrases")


def in_force_label(f: Any) -> str:
    """A clause's window in one line: "versions 2.0, 2.1; since 2025-07-15; until 2026-07-01" (empty
    if unknown). For both views of the window: this one and the pydantic one."""
    bits = []
    if f.versions:
        bits.append("versions " + ", ".join(f.versions))
    if f.since:
        bits.append(f"since {f.since.isoformat()}")
    if f.until:
        bits.append(f"until {f.until.isoformat()}")
    return "; ".join(bits)


class EventSpec(_Frozen):
    _fields = ("event", "tags", "phrases", "concept", "parties")

    def __init__(
        self, event: str, tags: Optional[list[str]] = None, phrases: Optional[list[str]] = None,
        concept: Optional[str] = None, parties: Optional[list[Any]] = None, **more: Any,
    ) -> None:
        super().__init__(event=event, tags=list(tags or ()), phrases=list(phrases or ()), concept=concept,
                         parties=list(parties or ()), **more)


class Deadline(_Frozen):
    _fields = (
        "id", "summary", "start", "end", "hours", "days", "months", "minutes", "in_force", "severity", "caveat",
        "applies_when", "superseded_by", "not_when",
    )  # fmt: skip

    limit_hours = property(lambda self: limit_hours(self))
    limit_text = property(lambda self: limit_text(self))


def limit_hours(d: Any) -> float:
    """A deadline's limit in hours (for both views of a deadline: this one and the pydantic one);
    a month limit counts its shortest length (28 days a month), so a figure a report states is
    compared with the least it could mean; a minute limit is a fraction of an hour."""
    if d.minutes is not None:
        return d.minutes / 60
    if d.hours is not None:
        return d.hours
    if d.months is not None:
        return 24 * 28 * d.months
    return 24 * (d.days or 0)


def limit_text(d: Any) -> str:
    """A deadline's limit as the messages say it: "15 minutes", "24 hours", "7 days", "3 months"."""
    if d.minutes is not None:
        return f"{d.minutes} minutes"
    if d.hours is not None:
        return f"{d.hours} hours"
    if d.months is not None:
        return f"{d.months} months"
    return f"{d.days} days"


class Concept(_Frozen):
    _fields = ("id", "description", "phrases", "applies_when", "in_force", "not_concept")


class InsufficientRemedy(_Frozen):
    _fields = ("id", "phrases", "concept", "reason")


class Clause(_Frozen):
    _fields = (
        "id", "document", "title", "in_force", "requirement", "deadlines", "must_address", "any_of",
        "insufficient", "whiteboard_tags", "keywords", "related", "aliases", "implicit", "certificates",
    )  # fmt: skip


def _day(value: Optional[str]) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def clauses_from_bundle(data: dict[str, Any]) -> list[Clause]:
    """The shipped clauses from the bundle's JSON data (every field is present: the bundle is a
    ``model_dump`` of validated clauses)."""

    def window(f: dict[str, Any]) -> InForce:
        return InForce(**{**f, "since": _day(f.get("since")), "until": _day(f.get("until"))})

    def event(d: dict[str, Any]) -> EventSpec:
        return EventSpec(**{**d, "parties": [Party(**p) for p in d.get("parties", [])]})

    def deadline(d: dict[str, Any]) -> Deadline:
        return Deadline(**{**d, "start": event(d["start"]), "end": event(d["end"]), "in_force": window(d["in_force"])})

    def concept(d: dict[str, Any]) -> Concept:
        return Concept(**{**d, "in_force": window(d["in_force"])})

    def alias(d: dict[str, Any]) -> Alias:
        return Alias(id=d["id"], since=_day(d.get("since")), until=_day(d.get("until")), reused=d.get("reused", False))

    out = []
    for c in data["clauses"]:
        out.append(
            Clause(
                **{
                    **c,
                    "in_force": window(c["in_force"]),
                    "deadlines": [deadline(d) for d in c["deadlines"]],
                    "must_address": [concept(x) for x in c["must_address"]],
                    "aliases": [alias(a) for a in c.get("aliases", [])],
                    "insufficient": [InsufficientRemedy(**x) for x in c["insufficient"]],
                }
            )
        )
    return out
