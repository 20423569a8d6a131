"""A pydantic-free view of the shipped policy bundle, for lint runs.

The shipped clauses (``bundle.json``) were validated by the pydantic models of
:mod:`incident_kit.policy.model` when the bundle was built, and a test keeps the two in step. A lint
of a Markdown report only reads their attributes, so it builds these plain, slotted, read-only
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
    """Slotted, immutable, compared and dumped field by field in declaration order."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __init__(self, **values: Any) -> None:
        for name in self._fields:
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._fields)

    def __hash__(self) -> int:
        return hash((type(self).__name__, getattr(self, self._fields[0])))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._fields)})"

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """The fields as JSON data, as the pydantic model's ``model_dump(mode="json")`` gives them."""
        if mode != "json":
            raise ValueError("the shipped clauses are dumped as JSON data only")
        return {n: _json(getattr(self, n)) for n in self._fields}


def _json(value: Any) -> Any:
    if isinstance(value, _Frozen):
        return value.model_dump()
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


class InForce(_Frozen):
    __slots__ = ("since", "until", "versions", "note")
    _fields = __slots__

    def covers(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day < self.until)


class EventSpec(_Frozen):
    __slots__ = ("event", "tags", "phrases")
    _fields = __slots__

    def __init__(self, event: str, tags: Optional[list[str]] = None, phrases: Optional[list[str]] = None) -> None:
        super().__init__(event=event, tags=list(tags or ()), phrases=list(phrases or ()))


class Deadline(_Frozen):
    __slots__ = ("id", "summary", "start", "end", "hours", "days", "severity", "caveat", "applies_when", "superseded_by", "not_when")
    _fields = __slots__

    @property
    def limit_hours(self) -> int:
        return self.hours if self.hours is not None else 24 * (self.days or 0)

    @property
    def limit_text(self) -> str:
        if self.hours is not None:
            return f"{self.hours} hours"
        return f"{self.days} days"


class Concept(_Frozen):
    __slots__ = ("id", "description", "phrases", "applies_when")
    _fields = __slots__


class InsufficientRemedy(_Frozen):
    __slots__ = ("id", "phrases", "reason")
    _fields = __slots__


class Clause(_Frozen):
    __slots__ = (
        "id", "document", "title", "in_force", "requirement", "deadlines", "must_address", "any_of",
        "insufficient", "whiteboard_tags", "keywords", "related", "aliases", "implicit",
    )  # fmt: skip
    _fields = __slots__


def _day(value: Optional[str]) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def clauses_from_bundle(data: dict[str, Any]) -> list[Clause]:
    """The shipped clauses from the bundle's JSON data (every field is present: the bundle is a
    ``model_dump`` of validated clauses)."""

    def event(d: dict[str, Any]) -> EventSpec:
        return EventSpec(d["event"], d["tags"], d["phrases"])

    def deadline(d: dict[str, Any]) -> Deadline:
        return Deadline(**{**d, "start": event(d["start"]), "end": event(d["end"])})

    out = []
    for c in data["clauses"]:
        f = c["in_force"]
        out.append(
            Clause(
                **{
                    **c,
                    "in_force": InForce(since=_day(f["since"]), until=_day(f["until"]), versions=f["versions"], note=f["note"]),
                    "deadlines": [deadline(d) for d in c["deadlines"]],
                    "must_address": [Concept(**x) for x in c["must_address"]],
                    "insufficient": [InsufficientRemedy(**x) for x in c["insufficient"]],
                }
            )
        )
    return out
