"""Report text to aware UTC datetimes, saying what was missing.

Every rule that looks at time goes through this module. It reads the timestamps CA staff actually
write in incident reports, from ISO 8601 (``2024-11-01T13:45:00Z``) to legacy prose ("on July the
31th", "June 14, 2021 at 2:17 PM PDT", "17/01/2022 14:05 UTC"), and returns a
:class:`~incident_kit.document.TimeValue` that says what the text gave: a time of day, a zone, a
year, and how precise it was. IRG 3.2 §Timeline asks for "UTC or UTC+local offset" at minute
granularity; the flags are what lets rules check that.

Design:

* Candidates are cut out of the text with regular expressions compiled once at import; dates and
  clocks are then checked with :mod:`datetime` (an impossible date such as ``2025-02-30`` is not a
  timestamp). python-dateutil is not used: its fuzzy mode misreads sentences with numbers, it
  fills missing parts from today and reads ``UTC+8`` with the POSIX sign.
* Zones come from a fixed table (:data:`ZONE_OFFSETS`), never from the machine. ``UTC+8`` and
  ``GMT+8`` mean eight hours *east* of UTC. Abbreviations with several meanings
  (:data:`AMBIGUOUS_ZONES`) get their documented default and ``ambiguous=True``. The generic US
  names ("Pacific Time", ``PT``, ``ET`` ...) follow the US daylight-saving rules of the date.
* ``10/16/18`` (slashes only) has a two-digit year of this century; ``4.9.12`` stays a section number.
* ``05/03/2024`` is month-first unless the caller says otherwise (``dayfirst``, usually from
  :func:`infer_dayfirst` over the whole document); a reading that depends on that choice is marked
  ``ambiguous``. A first number above 12 is always a day, a second one above 12 always a month.
  Dotted dates (``31.07.2018``) default to day-first.
* A date without a time of day is a calendar day, not an instant: its value is naive midnight and
  ``has_zone`` is False even when the document declares a zone (converting a bare date to UTC
  could move it to the previous day).
* A time range ("13:45-14:30 UTC") is read as its start, with the zone written after its end.
* A date without a year takes ``default_year`` (``has_year=False``); without one its value is
  None, but it is still returned, so that callers can tell "no year" from "no timestamp".

Nothing here reads the clock, the machine's time zone or the locale.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple, Optional

from incident_kit.document import TimeValue

__all__ = [
    "AMBIGUOUS_ZONES",
    "GENERIC_US_ZONES",
    "ZONE_OFFSETS",
    "Zone",
    "find_all_times",
    "find_time",
    "format_utc",
    "infer_dayfirst",
    "parse_time",
    "resolve_zone",
    "to_utc",
    "written_zone_name",
    "zone_declaration",
]

# --------------------------------------------------------------------------------------------
# Zone tables.
# --------------------------------------------------------------------------------------------

ZONE_OFFSETS: dict[str, int] = {
    # Universal.
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0,
    # North America.
    "HST": -600, "AKST": -540, "AKDT": -480,
    "PST": -480, "PDT": -420, "MST": -420, "MDT": -360,
    "CST": -360, "CDT": -300, "EST": -300, "EDT": -240,
    "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
    # South America.
    "BRT": -180, "ART": -180,
    # Europe, Africa, Middle East.
    "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "SAST": 120, "MSK": 180, "TRT": 180, "IDT": 180,
    # Asia.
    "IST": 330, "PKT": 300, "ICT": 420, "WIB": 420,
    "HKT": 480, "SGT": 480, "MYT": 480, "PHT": 480, "AWST": 480,
    "JST": 540, "KST": 540,
    # Oceania.
    "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
}
"""Zone abbreviation -> offset in minutes east of UTC. A fixed table: abbreviations are not
unique worldwide, so each one has exactly one documented reading here."""

AMBIGUOUS_ZONES: frozenset[str] = frozenset({"CST", "IST", "AST"})
"""Abbreviations in common use for more than one zone. They parse with the reading in
:data:`ZONE_OFFSETS` but the result is marked ``ambiguous``:

* ``CST``: US Central Standard Time (UTC-6) here; also China Standard Time (UTC+8).
* ``IST``: India Standard Time (UTC+5:30) here; also Irish (UTC+1) and Israel (UTC+2) time.
* ``AST``: Atlantic Standard Time (UTC-4) here; also Arabia Standard Time (UTC+3).
"""

GENERIC_US_ZONES: dict[str, tuple[int, int]] = {
    "PT": (-480, -420),
    "MT": (-420, -360),
    "CT": (-360, -300),
    "ET": (-300, -240),
}
"""US zone names without standard/daylight ("Pacific Time", ``PT``): (standard, daylight) offset
in minutes; which one applies follows the US daylight-saving rules of the local date."""

# Long names, lower case -> the normalized zone name (an abbreviation when that abbreviation is
# unambiguous, else the offset).
_LONG_NAMES: dict[str, str] = {
    "coordinated universal time": "UTC",
    "universal time": "UTC",
    "greenwich mean time": "UTC",
    "zulu time": "UTC",
    "hawaii standard time": "HST",
    "hawaii-aleutian standard time": "HST",
    "alaska standard time": "AKST",
    "alaska daylight time": "AKDT",
    "pacific standard time": "PST",
    "pacific daylight time": "PDT",
    "mountain standard time": "MST",
    "mountain daylight time": "MDT",
    "central standard time": "-06:00",
    "central daylight time": "CDT",
    "eastern standard time": "EST",
    "eastern daylight time": "EDT",
    "atlantic standard time": "-04:00",
    "atlantic daylight time": "ADT",
    "newfoundland standard time": "NST",
    "newfoundland daylight time": "NDT",
    "pacific time": "PT",
    "mountain time": "MT",
    "central time": "CT",
    "eastern time": "ET",
    "western european time": "WET",
    "western european summer time": "WEST",
    "british summer time": "BST",
    "irish standard time": "+01:00",
    "central european time": "CET",
    "central european standard time": "CET",
    "central european summer time": "CEST",
    "central european daylight time": "CEST",
    "eastern european time": "EET",
    "eastern european standard time": "EET",
    "eastern european summer time": "EEST",
    "eastern european daylight time": "EEST",
    "south african standard time": "SAST",
    "israel standard time": "+02:00",
    "israel daylight time": "IDT",
    "moscow time": "MSK",
    "moscow standard time": "MSK",
    "turkey time": "TRT",
    "türkiye time": "TRT",
    "arabia standard time": "+03:00",
    "gulf standard time": "+04:00",
    "india standard time": "+05:30",
    "indian standard time": "+05:30",
    "pakistan standard time": "PKT",
    "indochina time": "ICT",
    "western indonesia time": "WIB",
    "china standard time": "+08:00",
    "hong kong time": "HKT",
    "singapore time": "SGT",
    "singapore standard time": "SGT",
    "philippine standard time": "PHT",
    "philippine time": "PHT",
    "malaysia time": "MYT",
    "japan standard time": "JST",
    "korea standard time": "KST",
    "korean standard time": "KST",
    "australian western standard time": "AWST",
    "australian central standard time": "ACST",
    "australian central daylight time": "ACDT",
    "australian eastern standard time": "AEST",
    "australian eastern daylight time": "AEDT",
    "new zealand standard time": "NZST",
    "new zealand daylight time": "NZDT",
}

_MAX_OFFSET_MINUTES = 14 * 60  # UTC+14 is the easternmost zone in use


@dataclass(frozen=True, slots=True)
class Zone:
    """A resolved zone (see :func:`resolve_zone`): a fixed offset, or a US standard/daylight pair
    chosen by the local date."""

    offset: int  # minutes east of UTC (the standard offset for a generic US zone)
    daylight: Optional[int] = None  # set for generic US zones only
    ambiguous: bool = False

    def offset_at(self, local: datetime) -> int:
        """The offset that applies to the wall-clock time ``local`` (naive)."""
        if self.daylight is None:
            return self.offset
        return self.daylight if _us_daylight_saving(local) else self.offset


def _nth_sunday(year: int, month: int, n: int) -> date:
    """The n-th Sunday of a month (n >= 1), or the last one for n == -1."""
    if n == -1:
        last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() + 1) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def _us_daylight_saving(local: datetime) -> bool:
    """US daylight saving at a local wall time: since 2007 from the second Sunday of March to the
    first Sunday of November, 1987-2006 from the first Sunday of April to the last of October,
    both at 02:00 local time. Earlier years are treated as standard time."""
    year = local.year
    if year >= 2007:
        start, end = _nth_sunday(year, 3, 2), _nth_sunday(year, 11, 1)
    elif year >= 1987:
        start, end = _nth_sunday(year, 4, 1), _nth_sunday(year, 10, -1)
    else:
        return False
    midnight = datetime.min.time()
    # Daylight time starts at 02:00 standard time and ends at 02:00 daylight time (01:00 standard);
    # the repeated hour on the last day is read as standard time.
    begins = datetime.combine(start, midnight) + timedelta(hours=2)
    ends = datetime.combine(end, midnight) + timedelta(hours=1)
    return begins <= local < ends


def _offset_name(minutes: int) -> str:
    """``+02:00`` style name of an offset; ``UTC`` for zero."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def _zone_for_name(name: str) -> Optional[Zone]:
    """A normalized zone name (abbreviation, generic US name or ``+HH:MM``) to a zone."""
    if name in ZONE_OFFSETS:
        return Zone(ZONE_OFFSETS[name], ambiguous=name in AMBIGUOUS_ZONES)
    if name in GENERIC_US_ZONES:
        standard, daylight = GENERIC_US_ZONES[name]
        return Zone(standard, daylight)
    m = re.fullmatch(r"([+-])(\d{2}):(\d{2})", name)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3))
        return Zone(minutes if m.group(1) == "+" else -minutes)
    return None


# --------------------------------------------------------------------------------------------
# Regular expressions (compiled once).
# --------------------------------------------------------------------------------------------

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _month_spellings() -> dict[str, int]:
    """Every accepted spelling of a month: full and three-letter, capitalized or upper case."""
    spellings: dict[str, int] = {}
    for number, name in enumerate(_MONTH_NAMES, start=1):
        forms = {name, name[:3]}
        if name == "September":
            forms.add("Sept")
        for form in forms:
            spellings[form] = number
            spellings[form.upper()] = number
    return spellings


_MONTHS = _month_spellings()
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = (
    r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?"
    r"|Sat(?:urday)?|Sun(?:day)?|MON|TUE|WED|THU|FRI|SAT|SUN)"
)
_ORD = r"(?:[sS][tT]|[nN][dD]|[rR][dD]|[tT][hH]|d)?"  # any suffix on any number: "31th", "2d"
_YEAR = r"(?:19|2[01])\d{2}"

_DATE_RE = re.compile(
    rf"""
    (?:{_WEEKDAY_ALT}\.?,?[ \t]+)?
    (?:
        (?P<iy>{_YEAR})(?P<isep>[-/.\u2010\u2011])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})
      | (?P<cy>(?:19|20)\d{{2}})(?P<cm>0[1-9]|1[0-2])(?P<cd>0[1-9]|[12]\d|3[01])(?!\d)
      | (?P<na>\d{{1,2}})(?P<nsep>[-/.])(?P<nb>\d{{1,2}})(?P=nsep)(?P<ny>{_YEAR})
      | (?P<sa>\d{{1,2}})/(?P<sb>\d{{1,2}})/(?P<sy>\d{{2}})(?![/\d])
      | (?P<dd>\d{{1,2}}){_ORD}(?:[ \t]+of)?(?:[ \t]+|-)(?P<dmon>{_MONTH_ALT})\.?
            (?:(?:,?[ \t]+|-)(?P<dy>{_YEAR})(?!\d))?
      | (?P<mmon>{_MONTH_ALT})\.?[ \t]+(?:the[ \t]+)?(?P<md>\d{{1,2}}){_ORD}(?!\d)
            (?:,?[ \t]+(?P<my>{_YEAR})(?!\d|:\d))?
      | (?P<ymon>{_MONTH_ALT})\.?,?[ \t]+(?P<yy>{_YEAR})
      | (?P<ay>{_YEAR})-(?P<am>\d{{2}})(?![-\d/.]|:\d)
      | (?P<pa>\d{{1,2}})/(?P<pb>\d{{1,2}})(?![/\d])
    )
    """,
    re.VERBOSE,
)

# Between a date and its time: "T", a space, ", ", " at ", " @ ", " - ", " – ", " — ", ": ", and a
# hedge before the clock ("at approximately 6:39 am", "around 14:05").
_DATE_TIME_SEP_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:(?:at|@|[-–—:])[ \t]*)?(?:(?:approximately|approx\.|around|about|roughly|circa|ca\.|~)[ \t]*)?"
)
# Between a time and a date that follows it: "14:25 UTC on 2025-09-25", "09:00, 1 May 2024".
_TIME_DATE_SEP_RE = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+on[ \t]+|[ \t]+)(?:the[ \t]+)?")

# Between the two ends of a time range: "13:45-14:30", "9 AM to 11 AM". Like every pattern below
# that starts with blanks and is matched right after a clock, a zone or a date (which never end
# in a blank), it refuses to start after a blank: searched from every character of a long run of
# spaces, a leading ``[ \t]*`` would rescan the rest of the run each time (quadratic).
_RANGE_SEP_RE = re.compile(r"(?<![ \t])[ \t]*(?:[-–—]|to|until)[ \t]*")

_TIME_RE = re.compile(
    r"""
    (?P<h>\d{1,2})
    (?::(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?)?
    (?:[ \t]*(?P<ampm>[AaPp]\.?[Mm]\.?)(?!\w))?
    """,
    re.VERBOSE,
)


def _long_alt() -> str:
    names = sorted(_LONG_NAMES, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"[ \t]+") for n in names)


_ABBR_ALT = "|".join(sorted(list(ZONE_OFFSETS) + list(GENERIC_US_ZONES), key=len, reverse=True))

# One zone token. Group names are shared by _ZONE_RE and _DECL_RE through this fragment.
# Abbreviations are case-sensitive even in case-insensitive contexts: "met", "art", "est" and
# "west" are words; UTC/GMT and the long names are accepted in any case.
_ZONE_TOKEN = rf"""
    (?:
        (?P<ut>(?i:UTC|GMT|UT))(?:[ \t]?(?P<us>[+\-−])(?P<uh>\d{{1,2}})(?::?(?P<um>\d{{2}}))?)?(?![\w])
      | (?P<os>[+\-−])(?P<oh>\d{{2}})(?::?(?P<om>\d{{2}}))?(?![\d])
      | (?P<abbr>(?-i:{_ABBR_ALT}))(?![\w])
      | (?i:(?P<long>{_long_alt()}))(?![\w])
    )
    (?:[ \t]*\([ \t]*(?:UTC|GMT)[ \t]?(?P<xs>[+\-−])(?P<xh>\d{{1,2}})(?::?(?P<xm>\d{{2}}))?[ \t]*\))?
"""

# Matched right after a clock (see _RANGE_SEP_RE). The blanks after "(" belong to the bracket: two
# adjacent ``[ \t]*`` could split one run of spaces in every way (cubic when searched).
_ZONE_RE = re.compile(
    rf"(?<![ \t])(?P<space>[ \t]*)(?:(?P<open>\()[ \t]*)?{_ZONE_TOKEN}(?(open)[ \t]*\))", re.VERBOSE
)
_ZONE_FULL_RE = re.compile(rf"(?<![ \t])[ \t]*{_ZONE_TOKEN}[ \t]*", re.VERBOSE)  # fullmatch only

# Where a timestamp can start: a digit, a month or a weekday name, not inside a word, a number,
# a version (v2.0.4), a path or a clock.
_CANDIDATE_RE = re.compile(
    rf"(?<![\w./:+\-−])(?=\d|(?:{_MONTH_ALT}|{_WEEKDAY_ALT})(?![a-z]))"
)
_NUMERIC_HINT_RE = re.compile(r"\d[/.]\d")
# After a timestamp: not a word character, not a percent sign, not more number (".5", "/7").
_AFTER_BAD_RE = re.compile(r"[\w%°]|[./:\-−]\d")

# A yearless date followed by a count ("March 3 certificates", "12/24 nodes") is a number.
# Matched right after a date (see _RANGE_SEP_RE); at most four words between (a longer run of them,
# searched from every word, was quadratic).
_COUNT_AFTER_RE = re.compile(
    r"""(?<![ \t])[ \t]+(?:(?:new|more|other|additional|affected|impacted|valid|unexpired|revoked|
    misissued|active|of|the|our|such)[ \t]+){0,4}
    (?:certificates?|certs?|precertificates?|subscribers?|customers?|domains?|names?|CAs|
    serials?|days?|hours?|minutes?|weeks?|months?|years?|times|items?|entries|requests?|orders?|
    errors?|accounts?|hosts?|nodes?|servers?|records?|keys?|of|out)\b""",
    re.VERBOSE,
)

# Start of a timeline entry or an answer: quote and list markers, a task box, emphasis, "On".
_ENTRY_PREFIX_RE = re.compile(
    r"""[ \t]*(?:>[ \t]*)*
    (?:(?:[-*+•·][ \t]+)|(?:\(?\d{1,3}[.)][ \t]+)|(?:\[[ xX]\][ \t]+))*
    (?P<open>\*\*|__|\*|_|`)?[ \t]*
    (?:(?:[Oo]n|[Aa]t)[ \t]+)?(?:[Tt]he[ \t]+)?""",
    re.VERBOSE,
)
# After the timestamp of an entry: closing emphasis, then a separator before the event text.
_ENTRY_SUFFIX_RE = re.compile(
    r"(?P<close>\*\*|__|\*|_|`)?[ \t]*(?:[-–—:|,][ \t]*)?(?P<late>(?P=close)|\*\*|__|\*|_|`)?[ \t]*"
)
# What may surround a timestamp that is a whole text (parse_time).
_LEAD_JUNK_RE = re.compile(r"[\s*_`(\[>•\-–—]*(?:(?:[Oo]n|[Aa]t)[ \t]+)?(?:[Tt]he[ \t]+)?")
_TRAIL_JUNK = frozenset(".,;:)]*_`'\"!?-–—")


def _only_trailing_junk(text: str, pos: int) -> bool:
    """Whether ``text[pos:]`` is blanks and closing punctuation only (a loop, not a pattern: the
    pattern ``[...]*\\Z`` searched through a long run of them was quadratic)."""
    return all(c.isspace() or c in _TRAIL_JUNK for c in text[pos:])

# --------------------------------------------------------------------------------------------
# Zone declarations ("All times are UTC.").
# --------------------------------------------------------------------------------------------

_DECL_RE = re.compile(
    rf"""
    (?<![\w])(?:(?:all|the|our)[ \t]+)?
    (?P<subject>times|timestamps|time[ \t]+stamps|dates?[ \t]*(?:and|/|&)[ \t]*times|times[ \t]+and[ \t]+dates
      |time[ \t]?zones?(?:[ \t]+used)?|(?<=all[ \t])(?:time|events|dates))
    (?:[ \t]+(?:below|above|herein|listed|shown|given|mentioned|stated|referenced|quoted|noted|indicated|cited)){{0,2}}
    (?:[ \t]+(?:in|on|of|for|throughout|used[ \t]+in|given[ \t]+in|shown[ \t]+in|listed[ \t]+in)
        [ \t]+(?:this|the)[ \t]+(?:incident[ \t]+)?(?:report|timeline|document|bug|section|comment|table)
        (?:[ \t]+(?:below|above))?)?
    (?:[ \t]*:|[ \t]+(?:are|were|is)(?:[ \t]+(?:given|shown|expressed|listed|recorded|written|stated|reported))?
      |[ \t]+(?:have|has)[ \t]+been[ \t]+(?:converted|normalized|normalised)
      |[ \t]+(?:given|shown|expressed|listed|recorded))?
    [ \t]*(?:(?:in|to|as)[ \t]+)?
    (?:(?:our[ \t]+)?local[ \t]+time[ \t]*\([ \t]*)?
    {_ZONE_TOKEN}
    [ \t]*\)?
    (?=[ \t]*(?:$|[.,;:()\]\n]|(?:unless|except|throughout|and|or)\b))
    """,
    re.VERBOSE | re.IGNORECASE,
)
_TIMELINE_DECL_RE = re.compile(
    rf"\btimeline[ \t]*\([ \t]*(?:in[ \t]+)?{_ZONE_TOKEN}[ \t]*\)", re.VERBOSE | re.IGNORECASE
)
_DECL_NEGATED_RE = re.compile(r"\b(?:not|some|few|most|several|many|other|no)[ \t]+\Z", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Matching.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Options:
    zone: Optional[Zone]
    dayfirst: Optional[bool]
    default_year: Optional[int]
    default_date: Optional[date]


class _DateParts(NamedTuple):
    year: Optional[int]  # None when the text gave no year and there is no default
    month: int
    day: int
    has_year: bool
    precision: str  # "day" or "month"
    ambiguous: bool
    iso: bool  # YYYY-MM-DD, which may be followed by "T"


class _Clock(NamedTuple):
    hour: int  # 0..24 (24 only as 24:00:00)
    minute: int
    second: int
    precision: str
    zone: Optional[Zone]
    end: int


def _day_month(a: int, b: int, dayfirst: Optional[bool], default_dayfirst: bool) -> Optional[tuple[int, int, bool]]:
    """Order two numbers of a numeric date as (day, month, ambiguous)."""
    if a > 12 and b > 12:
        return None
    if a > 12:
        return a, b, False
    if b > 12:
        return b, a, False
    if a == b:
        return a, b, False
    first_is_day = default_dayfirst if dayfirst is None else dayfirst
    day, month = (a, b) if first_is_day else (b, a)
    return day, month, dayfirst is None


def _date_parts(m: re.Match[str], opts: _Options) -> Optional[_DateParts]:
    """The parts a _DATE_RE match gave, validated; None if it is not a real date."""
    g = m.group
    ambiguous = False
    precision = "day"
    if g("iy"):
        year, month, day = int(g("iy")), int(g("im")), int(g("id"))
    elif g("cy"):  # "20200506": ISO 8601 basic format, year first, always eight digits
        year, month, day = int(g("cy")), int(g("cm")), int(g("cd"))
    elif g("ny"):
        # "15.11.2019", "15-11-2019": dots and dashes are the day-first habit; slashes the US one
        order = _day_month(int(g("na")), int(g("nb")), opts.dayfirst, g("nsep") in ".-")
        if order is None:
            return None
        day, month, ambiguous = order
        year = int(g("ny"))
    elif g("sy"):  # "10/16/18": a two-digit year is this century's (reports start in the 2000s)
        order = _day_month(int(g("sa")), int(g("sb")), opts.dayfirst, False)
        if order is None:
            return None
        day, month, ambiguous = order
        year = 2000 + int(g("sy"))
    elif g("dmon"):
        year, month, day = _int_or_none(g("dy")), _MONTHS[g("dmon")], int(g("dd"))
    elif g("mmon"):
        year, month, day = _int_or_none(g("my")), _MONTHS[g("mmon")], int(g("md"))
    elif g("ymon"):
        year, month, day, precision = int(g("yy")), _MONTHS[g("ymon")], 1, "month"
    elif g("ay"):  # "2017-06": ISO 8601 year and month
        year, month, day, precision = int(g("ay")), int(g("am")), 1, "month"
    else:
        a, b = int(g("pa")), int(g("pb"))
        if a <= 12 and b <= 12 and (opts.dayfirst is None or a == b):
            return None  # "10/11", "10/10": as likely a fraction or a score as a date
        order = _day_month(a, b, opts.dayfirst, False)
        if order is None:
            return None
        day, month, ambiguous = order
        year = None
    has_year = year is not None
    if year is None:
        year = opts.default_year
    if not _valid_date(year if year is not None else 2000, month, day):
        return None
    return _DateParts(year, month, day, has_year, precision, ambiguous, bool(g("iy")))


def _int_or_none(text: Optional[str]) -> Optional[int]:
    return int(text) if text else None


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _signed_minutes(sign: str, hours: str, minutes: Optional[str]) -> Optional[int]:
    """``+``/``-``/``−`` (U+2212) hours and minutes to signed minutes; None when out of range."""
    h, mi = int(hours), int(minutes or 0)
    if mi > 59 or h * 60 + mi > _MAX_OFFSET_MINUTES:
        return None
    total = h * 60 + mi
    return total if sign == "+" else -total


def _zone_from_match(m: re.Match[str]) -> Optional[tuple[Zone, str]]:
    """The zone and its normalized name from a match of _ZONE_TOKEN."""
    g = m.group
    if g("ut"):
        if not g("us"):
            zone, name = Zone(0), "UTC"
        else:
            minutes = _signed_minutes(g("us"), g("uh"), g("um"))
            if minutes is None:
                return None
            zone, name = Zone(minutes), _offset_name(minutes)
    elif g("os"):
        minutes = _signed_minutes(g("os"), g("oh"), g("om"))
        if minutes is None:
            return None
        zone, name = Zone(minutes), _offset_name(minutes)
    else:
        name = g("abbr").upper() if g("abbr") else _LONG_NAMES[re.sub(r"[ \t]+", " ", g("long").lower())]
        name = "UTC" if name == "Z" else name
        zone = _zone_for_name(name)
        if zone is None:  # pragma: no cover - every table entry resolves
            return None
    if g("xs"):
        explicit = _signed_minutes(g("xs"), g("xh"), g("xm"))
        if explicit is None:
            return None
        if zone.daylight is None and explicit == zone.offset and not zone.ambiguous:
            return zone, name
        # "CST (UTC+8)", "PT (UTC-7)": the written offset settles it.
        return Zone(explicit), _offset_name(explicit)
    return zone, name


def _zone_at(text: str, pos: int, allow_attached_minus: bool) -> tuple[Optional[Zone], int]:
    """The zone written right after a clock, and where it ends (``pos`` when there is none)."""
    m = _ZONE_RE.match(text, pos)
    if m is None or _AFTER_BAD_RE.match(text, m.end()):
        return None, pos
    if m.group("os") and not m.group("open"):
        spaced = bool(m.group("space"))
        if spaced and not m.group("om"):
            return None, pos  # "13:45 -07" reads like a range or a count, not an offset
        if not spaced and m.group("os") != "+" and not allow_attached_minus:
            return None, pos  # "13:45-14:30" is a range; ISO "T13:45-07:00" is an offset
    found = _zone_from_match(m)
    if found is None:
        return None, pos
    return found[0], m.end()


def _clock_at(text: str, pos: int, iso: bool, in_range: bool = False) -> Optional[_Clock]:
    """A time of day (and its zone) starting exactly at ``pos``.

    A range ("13:45-14:30 UTC", "9 AM to 11 AM PDT") is read as its start, with the zone written
    after its end; the clock then ends where the range ends."""
    m = _TIME_RE.match(text, pos)
    if m is None:
        return None
    hour, minute, second = int(m.group("h")), int(m.group("mi") or 0), int(m.group("s") or 0)
    ampm = m.group("ampm")
    if m.group("mi") is None and ampm is None and not _HOUR_ZONE_RE.match(text, m.end()):
        return None  # a bare number; "8 CEST" (an hour with its zone) is a time
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
    if hour > 24 or minute > 59 or second > 59 or (hour == 24 and (minute or second)):
        return None
    precision = "second" if m.group("s") else ("minute" if m.group("mi") else "hour")
    zone, end = _zone_at(text, m.end(), allow_attached_minus=iso or m.group("s") is not None)
    if zone is None and not in_range:
        sep = _RANGE_SEP_RE.match(text, end)
        until = _clock_at(text, sep.end(), iso=False, in_range=True) if sep else None
        if until is not None:
            zone, end = until.zone, until.end
    return _Clock(hour, minute, second, precision, zone, end)


# An hour written without minutes is a time only with a named zone right after it ("at 8 CEST").
_HOUR_ZONE_RE = re.compile(rf"(?<![ \t])[ \t]+(?:{_ABBR_ALT})(?![\w])")  # after the hour's digits: see _RANGE_SEP_RE


def _boundary_after(text: str, pos: int) -> bool:
    return _AFTER_BAD_RE.match(text, pos) is None


def _time_after_date(text: str, pos: int, iso: bool) -> Optional[_Clock]:
    """The clock that follows a date ending at ``pos``, if any."""
    if iso and text.startswith("T", pos):
        clock = _clock_at(text, pos + 1, iso=True)
    else:
        sep = _DATE_TIME_SEP_RE.match(text, pos)
        if sep is None or sep.end() == pos:
            return None
        clock = _clock_at(text, sep.end(), iso=False)
    if clock is None or not _boundary_after(text, clock.end):
        return None
    return clock


def _build(raw: str, parts: _DateParts, clock: Optional[_Clock], opts: _Options) -> TimeValue:
    """Assemble the TimeValue for a date and an optional clock."""
    ambiguous = parts.ambiguous
    if clock is None:
        value = (
            datetime(parts.year, parts.month, parts.day) if parts.year is not None else None
        )
        return TimeValue(raw, value, has_time=False, has_year=parts.has_year,
                         precision=parts.precision, ambiguous=ambiguous)
    zone, declared = clock.zone, False
    if zone is None and opts.zone is not None:
        zone, declared = opts.zone, True
    value = None
    if parts.year is not None:
        local = datetime(parts.year, parts.month, parts.day) + timedelta(
            hours=clock.hour, minutes=clock.minute, seconds=clock.second
        )
        value = local
        if zone is not None:
            value = (local - timedelta(minutes=zone.offset_at(local))).replace(tzinfo=timezone.utc)
    if zone is not None:
        ambiguous = ambiguous or zone.ambiguous
    return TimeValue(raw, value, has_time=True, has_zone=zone is not None, zone_declared=declared,
                     has_year=parts.has_year, precision=clock.precision, ambiguous=ambiguous)


def _date_first(text: str, pos: int, opts: _Options) -> Optional[tuple[TimeValue, int]]:
    """``DATE [sep TIME [ZONE]]`` at ``pos``."""
    m = _DATE_RE.match(text, pos)
    if m is None:
        return None
    parts = _date_parts(m, opts)
    if parts is None:
        return None
    short = bool(m.group("pa")) and min(len(m.group("pa")), len(m.group("pb"))) < 2
    if parts.precision == "day":
        clock = _time_after_date(text, m.end(), parts.iso)
        if clock is not None:
            if not parts.has_year:
                parts, clock = _year_after_clock(text, parts, clock, opts)
                if parts is None:
                    return None
            return _build(text[pos:clock.end], parts, clock, opts), clock.end
    if short:
        return None  # "3/14" alone is as likely a fraction as a date; "3/14 11pm" is a date
    end = m.end()
    if not _boundary_after(text, end):
        return None
    if (not parts.has_year or m.group("cy")) and _COUNT_AFTER_RE.match(text, end):
        return None
    return _build(text[pos:end], parts, None, opts), end


_YEAR_AFTER_CLOCK_RE = re.compile(rf"(?<![ \t])[ \t]+(?P<y>{_YEAR})(?![\d:./\-])")  # after a clock: see _RANGE_SEP_RE


def _year_after_clock(
    text: str, parts: _DateParts, clock: _Clock, opts: _Options
) -> tuple[Optional[_DateParts], _Clock]:
    """The year written after the clock, as OpenSSL (``Jul  3 12:01:18 2018 GMT``) and ``date``
    (``Tue Jul  3 12:01:18 UTC 2018``) print it; the zone may stand before or after the year.
    ``(None, clock)`` when that year makes the date impossible (``Feb 29 ... 2019``)."""
    m = _YEAR_AFTER_CLOCK_RE.match(text, clock.end)
    if m is None:
        return parts, clock
    year = int(m.group("y"))
    if not _valid_date(year, parts.month, parts.day):
        return None, clock
    end, zone = m.end(), clock.zone
    if zone is None:
        zone, end = _zone_at(text, end, allow_attached_minus=False)
        end = end if zone is not None else m.end()
    if not _boundary_after(text, end):
        return parts, clock
    return parts._replace(year=year, has_year=True), clock._replace(zone=zone, end=end)


def _time_first(text: str, pos: int, opts: _Options) -> Optional[tuple[TimeValue, int]]:
    """``TIME [ZONE] (on|,) DATE``, or ``TIME [ZONE]`` alone when a default date is given."""
    clock = _clock_at(text, pos, iso=False)
    if clock is None:
        return None
    sep = _TIME_DATE_SEP_RE.match(text, clock.end)
    if sep is not None:
        m = _DATE_RE.match(text, sep.end())
        parts = _date_parts(m, opts) if m else None
        if m and parts and parts.precision == "day" and _boundary_after(text, m.end()):
            return _build(text[pos:m.end()], parts, clock, opts), m.end()
    if opts.default_date is None or not _boundary_after(text, clock.end):
        return None
    d = opts.default_date
    parts = _DateParts(d.year, d.month, d.day, True, "day", False, False)
    return _build(text[pos:clock.end], parts, clock, opts), clock.end


def _match_at(text: str, pos: int, opts: _Options) -> Optional[tuple[TimeValue, int]]:
    """The timestamp that starts exactly at ``pos``, and where it ends."""
    return _date_first(text, pos, opts) or _time_first(text, pos, opts)


@lru_cache(maxsize=256)
def resolve_zone(name: str) -> Optional[Zone]:
    """A zone named as a declaration or a caller gives it: ``UTC``, ``PDT``, ``+02:00``,
    ``UTC+2``, ``Pacific Daylight Time``. None when it is not a zone."""
    for candidate in (name, name.upper()):
        m = _ZONE_FULL_RE.fullmatch(candidate)
        if m:
            found = _zone_from_match(m)
            return found[0] if found else None
    return None


def _options(default_zone: Optional[str], dayfirst: Optional[bool], default_year: Optional[int],
             default_date: Optional[date]) -> _Options:
    zone = None
    if default_zone is not None:
        zone = resolve_zone(default_zone)
        if zone is None:
            raise ValueError(f"unknown time zone {default_zone!r}")
    return _Options(zone, dayfirst, default_year, default_date)


# --------------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------------


def parse_time(
    text: str,
    *,
    default_zone: Optional[str] = None,
    dayfirst: Optional[bool] = None,
    default_year: Optional[int] = None,
    default_date: Optional[date] = None,
) -> Optional[TimeValue]:
    """Parse one timestamp that is the whole ``text`` (surrounding spaces, emphasis, brackets and
    punctuation allowed). None if it is not one.

    ``default_zone`` is the document's declared zone (see :func:`zone_declaration`); it applies to
    times written without a zone and sets ``zone_declared``. ``default_date`` lets a bare clock
    (``09:00``) stand for that time on that date, as under an IRG 2.0 ``YYYY-MM-DD:`` heading.
    Raises ValueError only for an unknown ``default_zone`` (a programming error).
    """
    opts = _options(default_zone, dayfirst, default_year, default_date)
    start = _LEAD_JUNK_RE.match(text).end()  # type: ignore[union-attr]  # always matches
    found = _match_at(text, start, opts)
    if found is None or not _only_trailing_junk(text, found[1]):
        return None
    return found[0]


def find_time(
    text: str,
    *,
    default_zone: Optional[str] = None,
    dayfirst: Optional[bool] = None,
    default_year: Optional[int] = None,
    default_date: Optional[date] = None,
    anywhere: bool = False,
) -> Optional[tuple[TimeValue, int, int]]:
    """Find the timestamp at the start of a timeline entry or an answer.

    Quote and list markers (``-``, ``*``, ``1.``), a task box, opening emphasis (``**``) and a
    leading "On"/"At" are skipped. Returns ``(value, start, end)``: ``start`` is where the
    timestamp begins and ``end`` is past the timestamp, any closing emphasis and the separator
    before the event (``" - "``, ``" – "``, ``": "``), so ``text[end:]`` is the event text.
    None when the entry does not start with a timestamp.

    With ``anywhere=True`` it returns the first timestamp anywhere in ``text`` instead, with the
    span of the timestamp alone.
    """
    opts = _options(default_zone, dayfirst, default_year, default_date)
    if anywhere:
        return next(_found(text, opts), None)
    prefix = _ENTRY_PREFIX_RE.match(text)
    assert prefix is not None  # every part is optional
    found = _match_at(text, prefix.end(), opts)
    if found is None:
        return None
    value, end = found
    return value, prefix.end(), _entry_text_start(text, end, prefix.group("open"))


def _entry_text_start(text: str, pos: int, opening: Optional[str]) -> int:
    """Skip what closes a timestamp at the start of an entry: closing emphasis and a separator,
    in either order ("**2024-11-01 13:45 UTC**: x" and "**2024-11-01 13:45 UTC:** x")."""
    m = _ENTRY_SUFFIX_RE.match(text, pos)
    assert m is not None  # every part is optional
    if m.group("late") and not (opening and not m.group("close") and m.group("late") == opening):
        return m.start("late")  # emphasis that opens the event text, not one closing the time
    return m.end()


def find_all_times(
    text: str,
    *,
    default_zone: Optional[str] = None,
    dayfirst: Optional[bool] = None,
    default_year: Optional[int] = None,
    default_date: Optional[date] = None,
) -> list[tuple[TimeValue, int, int]]:
    """Every timestamp in a sentence, left to right, each with the ``[start, end)`` span of the
    timestamp itself. Bare clocks ("at 14:25 UTC") count only when ``default_date`` is given."""
    return list(_found(text, _options(default_zone, dayfirst, default_year, default_date)))


def iter_times(
    text: str,
    *,
    default_zone: Optional[str] = None,
    dayfirst: Optional[bool] = None,
    default_year: Optional[int] = None,
    default_date: Optional[date] = None,
) -> Iterator[tuple[TimeValue, int, int]]:
    """:func:`find_all_times`, one timestamp at a time: a caller that stops early parses no further."""
    return _found(text, _options(default_zone, dayfirst, default_year, default_date))


def _found(text: str, opts: _Options) -> Iterator[tuple[TimeValue, int, int]]:
    """The timestamps of ``text`` left to right, parsed as they are asked for: a caller that wants
    the first stops there (a field of thousands of dates is not parsed whole for its first)."""
    resume = 0
    for cand in _CANDIDATE_RE.finditer(text):
        pos = cand.start()
        if pos < resume:
            continue
        found = _match_at(text, pos, opts)
        if found is not None:
            yield found[0], pos, found[1]
            resume = found[1]


def zone_declaration(text: str) -> Optional[str]:
    """The zone a report declares for its times, normalized, or None.

    "All times are UTC." and "Times in this report are in GMT" give ``UTC``; "Timeline (all times
    Pacific Daylight Time)" gives ``PDT``; "All timestamps are UTC+2" gives ``+02:00``; "times are
    in CET" gives ``CET``; "Timeline (UTC)" gives ``UTC``. Requirements and negations ("All times
    MUST be in UTC", "not all times are UTC") are not declarations.
    """
    if text.isascii():
        # prefilter, exact for ASCII text: every declaration names times, dates or events (the
        # Timeline form holds "time" too); re's case folding of "i" differs only beyond ASCII
        low = text.lower()
        if "time" not in low and "date" not in low and "event" not in low:
            return None
    for m in _DECL_RE.finditer(text):
        if _DECL_NEGATED_RE.search(text, 0, m.start()):
            continue
        found = _zone_from_match(m)
        if found is not None:
            return found[1]
    m = _TIMELINE_DECL_RE.search(text)
    if m:
        found = _zone_from_match(m)
        if found is not None:
            return found[1]
    return None


def infer_dayfirst(texts: Iterable[str]) -> Optional[bool]:
    """Which way round the document writes numeric dates.

    Looks at every ``d/m/yyyy``, ``d.m.yyyy`` and ``dd/mm`` date: a first number above 12 proves
    day-first, a second number above 12 proves month-first. True or False when the evidence points
    one way, None when there is none or it contradicts itself.
    """
    day_first = month_first = False
    for text in _with_numeric_hint(list(texts)):
        for a, b in _numeric_pairs(text):
            if a > 12 >= b:
                day_first = True
            elif b > 12 >= a:
                month_first = True
    if day_first == month_first:
        return None
    return day_first


def _with_numeric_hint(texts: list[str]) -> list[str]:
    """The texts that hold a :data:`_NUMERIC_HINT_RE` match (the only ones that can give a numeric
    date), found with one search over the texts joined by line breaks: a match is three
    characters, none of them a line break, so it lies within one text."""
    joined = "\n".join(texts)
    hits = [m.start() for m in _NUMERIC_HINT_RE.finditer(joined)]
    if not hits:
        return []
    starts: list[int] = []
    at = 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    return [texts[k] for k in sorted({bisect_right(starts, h) - 1 for h in hits})]


def _numeric_pairs(text: str) -> Iterable[tuple[int, int]]:
    """The two leading numbers of every numeric date (``17/01/2022``, ``14/03``) in ``text``,
    found by the same expressions that parse them."""
    if _NUMERIC_HINT_RE.search(text) is None:  # cheap pre-check: most lines have none
        return
    for cand in _CANDIDATE_RE.finditer(text):
        m = _DATE_RE.match(text, cand.start())
        if m is None or not _boundary_after(text, m.end()):
            continue
        if m.group("na"):
            yield int(m.group("na")), int(m.group("nb"))
        elif m.group("sa"):
            yield int(m.group("sa")), int(m.group("sb"))
        elif m.group("pa"):
            yield int(m.group("pa")), int(m.group("pb"))


def to_utc(value: datetime) -> datetime:
    """An aware datetime in UTC. A naive datetime is refused (ValueError): guessing its zone would
    make the answer depend on the machine."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} has no zone; cannot convert it to UTC")
    return value.astimezone(timezone.utc)


def format_utc(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM UTC`` for an aware datetime. A naive one (no zone known) is shown as
    ``YYYY-MM-DD HH:MM`` without a zone, never as if it were UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"
    v = to_utc(value)
    return f"{v.year:04d}-{v.month:02d}-{v.day:02d} {v.hour:02d}:{v.minute:02d} UTC"


def written_zone_name(raw: str) -> Optional[str]:
    """The zone *name* a timestamp ends with ("PDT", "Pacific Time", "Central European Summer
    Time"), as written; None when it ends with UTC, GMT, Z, an offset, a name followed by its offset
    ("PDT (UTC-7)") or no zone at all. Abbreviations count only in capitals, as when reading."""
    text = raw.rstrip(" \t.,;:")
    words = text.split()
    if not words:
        return None
    last = words[-1].strip("()")
    if last in ZONE_OFFSETS or last in GENERIC_US_ZONES:
        return None if last in ("UTC", "GMT", "UT", "Z") else last
    folded = " ".join(w.lower() for w in words)
    for name, normal in _LONG_NAMES.items():
        if normal != "UTC" and (folded == name or folded.endswith(" " + name)):
            return " ".join(words[-len(name.split()) :])
    return None


# --------------------------------------------------------------------------------------------
# Time intervals: when a timestamp could stand for, in UTC (the IK3 order checks read them).
# --------------------------------------------------------------------------------------------

_WIDTH = {
    "second": timedelta(seconds=1),
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "month": timedelta(days=31),
}
ZONE_BEFORE = timedelta(hours=14)  # the earliest zone is UTC+14: local time minus 14 h
ZONE_AFTER = timedelta(hours=12)  # the latest zone is UTC-12: local time plus 12 h


@dataclass(frozen=True, slots=True)
class Interval:
    """The UTC instants an entry's timestamp can stand for: ``[lo, hi)``."""

    lo: datetime
    hi: datetime

    def certainly_before(self, other: "Interval") -> bool:
        return self.hi <= other.lo


def interval(tv: Optional[TimeValue]) -> Optional[Interval]:
    """The UTC interval a timestamp covers: its precision (a day for a date without time), widened
    by the span of the world's zones when the zone is unknown. None when the timestamp is missing,
    unreadable, ambiguous (05/03 with no day-first evidence) or has no year."""
    if tv is None or tv.value is None or tv.ambiguous or not tv.has_year:
        return None
    width = _WIDTH.get(tv.precision, timedelta(days=1))
    value = tv.value
    if not tv.has_time:
        value = datetime.combine(value.date(), time(0), tzinfo=value.tzinfo)
        width = max(width, timedelta(days=1))
    if value.tzinfo is not None and value.utcoffset() is not None and tv.has_zone:
        lo = value.astimezone(timezone.utc)
        return Interval(lo, lo + width)
    local = value.replace(tzinfo=timezone.utc)
    return Interval(local - ZONE_BEFORE, local + width + ZONE_AFTER)
