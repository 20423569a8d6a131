"""The deadline clock: a :class:`Moment` (a point in time that may be known only to the day),
the lateness between two moments, a limit added to a moment, and ``--as-of`` parsing.

Shared by the IK7 rules and by ``incident-kit deadlines``/``update``/``appendix``. Time arithmetic
never uses the machine's clock or zone: "now" is ``--as-of`` or the draft's posted date. A limit in
calendar months is added with :class:`dateutil.relativedelta.relativedelta`, which keeps month ends
right (31 January + 1 month = 28/29 February), where a fixed number of days would not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any, Optional

from incident_kit.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import TimelineEntry
    from incident_kit.text.timestamps import TimeValue

# ---------------------------------------------------------------------------------------------
# Moments: a point in time that may be known only to the day.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Moment:
    day: date
    at: Optional[datetime]  # aware UTC when the time of day and zone are known
    line: Optional[int]
    label: str  # how to show it

    @classmethod
    def from_entry(cls, entry: "TimelineEntry") -> Optional["Moment"]:
        return cls.from_value(entry.when, entry.line)

    @classmethod
    def from_value(cls, tv: Optional["TimeValue"], line: Optional[int]) -> Optional["Moment"]:
        """The moment a timestamp names: to the minute in UTC when it has a time and a zone, else
        its day. None when it names no date."""
        if tv is None or tv.value is None:
            return None
        precise = tv.has_time and tv.has_zone and tv.value.tzinfo is not None
        at = tv.value.astimezone(timezone.utc) if precise else None
        day = at.date() if at else tv.value.date()
        return cls(day, at, line, show(day, at))

    @classmethod
    def from_day(cls, day: date, line: Optional[int], label: str = "") -> "Moment":
        return cls(day, None, line, label or day.isoformat())


def show(day: date, at: Optional[datetime]) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else day.isoformat()


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _fmt_delta(td: timedelta) -> str:
    total_min = int(td.total_seconds() // 60)
    days, rem = divmod(total_min, 24 * 60)
    hours, minutes = divmod(rem, 60)
    if days and hours:
        return f"{_days(days)} {hours} h"
    if days:
        return _days(days)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


@dataclass(frozen=True, slots=True)
class Overrun:
    """How far ``end`` came past ``start`` + the limit: a sentence with the figures, and a short
    label for pictures ("+25 d", "+3 h")."""

    sentence: str
    short: str


def _span(hours: Optional[int], days: Optional[int], minutes: Optional[int] = None) -> timedelta:
    """A limit below a month as a time span."""
    if minutes is not None:
        return timedelta(minutes=minutes)
    return timedelta(hours=hours) if hours is not None else timedelta(days=days or 0)


def judge(
    start: Moment, end: Moment, *, hours: Optional[int], days: Optional[int], months: Optional[int] = None,
    minutes: Optional[int] = None,
) -> Optional[Overrun]:
    """The overrun when ``end`` is certainly later than ``start`` + the limit, else None.

    With both times known, the elapsed time is exact. When either side is known only to the day,
    a limit in days is counted in calendar days (the way the policies count them) and a limit in
    hours or minutes uses the shortest elapsed time the dates allow, so no finding rests on a guess.
    A limit in months is counted on the calendar by day (three months after 31 December is 31 March).
    """
    if months is not None:
        due = add_limit(Moment.from_day(start.day, None), months=months).day
        if end.day > due:
            n, over = (end.day - start.day).days, (end.day - due).days
            return Overrun(f"{_days(n)} after, {_days(over)} past the {months}-month limit (due {due.isoformat()})", f"+{over} d")
        return None
    if start.at and end.at:
        elapsed = end.at - start.at
        limit = _span(hours, days, minutes)
        if elapsed > limit:
            over = elapsed - limit
            return Overrun(
                f"{_fmt_delta(elapsed)} after, {_fmt_delta(over)} past the {_limit(hours, days, minutes)} limit", "+" + _short(over)
            )
        return None
    if days is not None:
        n = (end.day - start.day).days
        if n > days:
            return Overrun(f"{_days(n)} after, {_days(n - days)} past the {days}-day limit", f"+{n - days} d")
        return None
    # Hour or minute limit with a date-only side: the shortest elapsed time consistent with the dates.
    s = start.at or datetime.combine(start.day + timedelta(days=1), time(0), timezone.utc)
    e = end.at or datetime.combine(end.day, time(0), timezone.utc)
    shortest = e - s
    limit = _span(hours, days, minutes)
    if shortest > limit:
        return Overrun(f"at least {_fmt_delta(shortest)} after, beyond the {_limit(hours, days, minutes)} limit",
                       "+" + _short(shortest - limit) + " or more")
    return None


def _short(td: timedelta) -> str:
    total_h = int(td.total_seconds() // 3600)
    if total_h >= 48:
        return f"{total_h // 24} d"
    if total_h >= 1:
        return f"{total_h} h"
    return f"{max(1, int(td.total_seconds() // 60))} min"


def lateness(
    start: Moment, end: Moment, *, hours: Optional[int], days: Optional[int], months: Optional[int] = None,
    minutes: Optional[int] = None,
) -> Optional[str]:
    """A sentence with the figures when ``end`` is certainly later than ``start`` + the limit, else None
    (see :func:`judge`)."""
    over = judge(start, end, hours=hours, days=days, months=months, minutes=minutes)
    return over.sentence if over else None


def _limit(hours: Optional[int], days: Optional[int], minutes: Optional[int] = None) -> str:
    if minutes is not None:
        return f"{minutes}-minute"
    return f"{hours}-hour" if hours is not None else f"{days}-day"



# ---------------------------------------------------------------------------------------------
# "Today": --as-of or the draft's posted date, never the machine's clock.
# ---------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def parse_as_of(text: str) -> Moment:
    """``--as-of``: a date (``2026-04-22``) or a date and time with a zone (``2026-04-22 09:00 UTC``).

    Raises ValueError with a message for anything else."""
    from incident_kit.model import parse_draft_datetime

    if _DATE_RE.match(text):
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"{text!r} is not a real calendar date") from None
        return Moment.from_day(day, None)
    at = parse_draft_datetime(text).astimezone(timezone.utc)
    return moment_at(at)


def moment_at(at: datetime, line: Optional[int] = None) -> Moment:
    """A precise :class:`Moment` for an aware datetime (shown in UTC)."""
    at = at.astimezone(timezone.utc)
    return Moment(at.date(), at, line, at.strftime("%Y-%m-%d %H:%M UTC"))


def today(as_of: Optional[str], report: Any, path: str) -> Moment:
    """``--as-of`` if given, else the draft's ``bug.posted``; an :class:`InputError` without either."""
    if as_of is not None:
        try:
            return parse_as_of(as_of)
        except ValueError as exc:
            raise InputError(f"--as-of: {exc}", path) from None
    posted = getattr(getattr(report, "bug", None), "posted", None)
    if posted is not None:
        return moment_at(posted)
    raise InputError("needs a date: give --as-of YYYY-MM-DD, or set bug.posted in the draft", path)


def end_key(m: Moment) -> datetime:
    """When a moment ends: its time, or the last second of its day when only the day is known."""
    return m.at or datetime.combine(m.day, time(23, 59, 59), timezone.utc)


def is_after(a: Moment, b: Moment) -> bool:
    """Whether ``a`` is certainly later than ``b`` (by the day when either lacks a time)."""
    if a.at and b.at:
        return a.at > b.at
    return a.day > b.day


def add_limit(
    start: Moment, *, hours: Optional[int] = None, days: Optional[int] = None, months: Optional[int] = None,
    minutes: Optional[int] = None,
) -> Moment:
    """``start`` plus a limit: exact with a time; in calendar days (or months) when only the day is
    known (a limit in hours or minutes then ends on the day it reaches, rounded up to whole days).
    Months are calendar months (``relativedelta``): 2025-01-31 + 1 month is 2025-02-28."""
    if months is not None:
        from dateutil.relativedelta import relativedelta

        step = relativedelta(months=months)
        if start.at is not None:
            return moment_at(start.at + step)
        return Moment.from_day(start.day + step, None)
    delta = _span(hours, days, minutes)
    if start.at is not None:
        return moment_at(start.at + delta)
    whole_days = days if days is not None else -(-int(delta.total_seconds()) // 86400)
    return Moment.from_day(start.day + timedelta(days=whole_days), None)
