"""Step 6 of reading: timeline entries and legacy remediation steps.

Entries are list items, table rows or bare lines that start with a timestamp. Timestamps are read
by :mod:`incident_kit.text.timestamps` with the zone the report declares once ("All times are UTC.", or
in the Timeline heading), the document's day-first convention, and the IRG 2.0 convention of a
``YYYY-MM-DD:`` date line followed by ``- HH:MM text`` entries.

Timelines written as prose are read too: a sentence with a timestamp anywhere in it ("the second
CA certificate was issued on Jul 3 12:01:18 2018 GMT") is an entry dated by that timestamp, and a
sentence with two ("A was created on X and disclosed on Y") gives two; a sentence about the future
("we will finish by 2024-09-30") is a plan, not an entry. Under a date-group line
("**2024-04-16:**", "2023-3-14:") a line or bullet without a time of its own is an entry of that
day, known to the day only. A date written without a year takes the year of the entries around it
(or of the posting date), and says so in ``TimeValue.year_from``; rules report it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import date, datetime, time
from typing import Optional, Sequence

from incident_kit import document as d
from incident_kit.text import timestamps
from incident_kit.sources.markdown.blocks import BLANK, CODE, DELIM, HEADING, PARA, TABLE, Line
from incident_kit.sources.markdown.values import Context

# A sentence of a prose timeline ends at a full stop, "!" or "?" followed by a space, or at the end
# of the line; a full stop inside a number or a URL does not end it.
_NUMBERED_START_RE = re.compile(r"^\(?\d{1,2}[.)][ \t]+")
_RUN_ON_NUMBER_RE = re.compile(r"[ \t]\(?\d{1,2}[.)][ \t]+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*[ \t]+(?=[A-Z\"'(\[*_+]|\d)")
# Where two events in one sentence divide: the last clause boundary between their timestamps.
# (Searched between two timestamps, from the end of the first, which is never a blank; a break that
# starts with blanks starts at the first of them, so a long run of spaces is not rescanned.)
_CLAUSE_BREAK_RE = re.compile(r",[ \t]*(?:and|then|but|while|after which)?[ \t]+|;[ \t]*|(?<![ \t])[ \t]+(?:and|then|while|but)[ \t]+")
# Two timestamps that are the ends of one span ("between X and Y", "from X to Y", "X - Y").
_RANGE_JOIN_RE = re.compile(r"(?<![ \t])[ \t]*(?:and|to|until|till|through|thru|[-\u2013\u2014])[ \t]*\Z", re.IGNORECASE)
_RANGE_OPEN_RE = re.compile(r"\b(?:between|from)[ \t]+(?:the[ \t]+)?\Z", re.IGNORECASE)
# A sentence about the future: in a prose timeline, a plan rather than an event.
_PLANNED_RE = re.compile(
    r"\b(?:will|shall|(?:plan|expect|intend|aim)(?:s|ed)?[ \t]+to|(?:is|are)[ \t]+(?:going|scheduled|planned|expected)[ \t]+to)\b",
    re.IGNORECASE,
)
# A sentence about the timeline itself ("The timeline below covers 2024-01-01 to 2024-03-01.").
_ABOUT_TIMELINE_RE = re.compile(r"\btime ?line\b|\b(?:following|below|above)[ \t]+(?:events|entries)\b", re.IGNORECASE)
# A list marker glued to its text in a copy of the rendered page ("-Issuance started.").
_GLUED_MARKER_RE = re.compile(r"^[-\u2022*](?=\S)")
_NOTE_RE = re.compile(r"^\s*\[[^\]]*\]\s*$")
# An edit marker a CA puts before an added line ("+++ We have ...").
EDIT_MARKER_RE = re.compile(r"^[ \t]*(?:\+{2,}|\(?(?:added|new|edit(?:ed)?|update[d]?)\)?:)[ \t]*", re.IGNORECASE)

# The IRG 2.0 template's example entry and date line, left in: template text, not events.
_TEMPLATE_EXAMPLE_RE = re.compile(r"^[-*\u2022]?[ \t]*(?:HH:MM(?:[ \t]+Example)?|YYYY-MM-DD:?)[ \t]*$")
# The template's example Action Items row ("Example | Prevent | 2038-01-19"), also not an event.
_EXAMPLE_ROW_RE = re.compile(r"^\|?[ \t]*example[ \t]*\|", re.IGNORECASE)

_DATEISH_RE = re.compile(
    r"^\W{0,3}(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|q[1-4]\b|(?:early|mid|late)\b)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class TimeSettings:
    zone: Optional[str]  # declared zone name for timestamps.find_time
    dayfirst: Optional[bool]
    default_year: Optional[int]
    as_of: Optional[date] = None  # the posting date: a year-less date is not later than it


def find_zone(ctx: Context, section: Optional[d.Section]) -> tuple[Optional[str], Optional[d.Located]]:
    """The zone declared once: in the Timeline heading, in the timeline, or anywhere else."""
    if section is not None:
        zone = _declared(section.title)
        if zone:
            line = ctx.lines[section.line - 1]
            return zone, d.Located(section.title, section.line, line.col)
    ordered = sorted(ctx.lines, key=lambda ln: 0 if section and section.line <= ln.no <= section.end_line else 1)
    for ln in ordered:
        if ln.kind not in (PARA, HEADING) or len(ln.text) > 300:
            continue
        zone = _declared(ln.text)
        if zone and timestamps.find_time(ln.text) is None:
            return zone, d.Located(ln.text, ln.no, ln.col)
    return None, None


def _declared(text: str) -> Optional[str]:
    zone = timestamps.zone_declaration(text)
    if zone and timestamps.resolve_zone(zone) is not None:
        return zone
    return None


def settings(ctx: Context, zone: Optional[str], as_of: Optional[date]) -> TimeSettings:
    texts = [ln.text for ln in ctx.lines if ln.text]
    return TimeSettings(zone, timestamps.infer_dayfirst(texts), as_of.year if as_of else None, as_of)


def _find(text: str, ts: TimeSettings, day: Optional[date], year: Optional[int]) -> Optional[tuple[d.TimeValue, int, int]]:
    return timestamps.find_time(
        text, default_zone=ts.zone, dayfirst=ts.dayfirst, default_year=year, default_date=day
    )


_DATE_LINE_TAIL_RE = re.compile(r"(?<![ \t])[ \t]*\((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\)[ \t]*\Z", re.IGNORECASE)


def _date_line_value(text: str, ts: TimeSettings) -> Optional[d.TimeValue]:
    """The date of a date-group line ("2024-07-08:", "**March 14 (Thursday)**", "On 2 May 2024:"),
    with the year of the latest entry when it gives none."""
    body = text.strip().strip("*_").strip().rstrip(":").strip().strip("*_").rstrip(":").strip()
    if body.endswith(")"):  # the weekday tail ends the stripped line with its bracket
        body = _DATE_LINE_TAIL_RE.sub("", body)
    if not body or len(body) > 40:
        return None
    value = timestamps.parse_time(body, dayfirst=ts.dayfirst, default_year=ts.default_year or 2000)
    if value is None or value.has_time or value.value is None or value.precision not in ("day", "month"):
        return None
    return value


@dataclass(slots=True)
class _State:
    """Where the walk through a timeline stands."""

    day: Optional[date]  # the IRG 2.0 date line in force
    year: Optional[int]  # the year of the latest dated entry, for dates written without one
    day_raw: str = ""  # the date line as written
    day_has_year: bool = True
    entry: Optional[d.TimelineEntry] = None
    item: int = -1  # list item holding the current entry
    last: int = 0  # line number of the entry's last line
    indent: int = 0  # indentation of the entry's first line
    group_items: bool = False  # the date group's entries so far are list items
    entry_is_item: bool = False  # the current entry starts a list item (its wrapped lines continue it)
    day_precision: str = "day"  # "month" under "2017-10:"


def answer_lines(ctx: Context, sections: Sequence[d.Section], keys: set[str]) -> dict[int, Line]:
    """For each section of ``keys`` whose answer starts on its heading's own line (a legacy topic
    written "2. A timeline ... ? 2019-03-05 10:00 UTC ...", or a run-on paragraph), that answer as
    a line of its own, at its column: the heading line itself is not read as an entry."""
    out: dict[int, Line] = {}
    for sec in sections:
        if sec.key not in keys or not sec.inline or not 1 <= sec.line <= len(ctx.lines):
            continue
        line = ctx.lines[sec.line - 1]
        answer = sec.text.split("\n", 1)[0]
        title_at = line.text.find(sec.title)
        at = line.text.find(answer, title_at + len(sec.title) if title_at >= 0 else 0)
        if not answer or at < 0:
            continue
        out[sec.line] = dc_replace(line, raw=answer, text=answer, col=line.col + at, kind=PARA, item=False,
                                   marker="", depth=0, level=None)
    return out


def extract_timeline(ctx: Context, keys: set[str], ts: TimeSettings,
                     sections: Sequence[d.Section] = ()) -> list[d.TimelineEntry]:
    """Timeline entries of the sections ``keys`` (the Timeline, or legacy topic 2); ``sections``
    gives the answers written on a topic's own line (see :func:`answer_lines`)."""
    out: list[d.TimelineEntry] = []
    state = _State(day=None, year=ts.default_year)
    top = _top_depth(ctx, keys)
    inline = answer_lines(ctx, sections, keys)
    for line in ctx.lines:
        if line.no in inline:
            line = inline[line.no]
        elif ctx.section_at[line.no] not in keys or line.no in ctx.starts or line.kind in (BLANK, DELIM):
            continue
        if _TEMPLATE_EXAMPLE_RE.match(line.text):
            state.entry = None  # the template's own example ("- HH:MM Example"): IK105 reports it
            continue
        if _EXAMPLE_ROW_RE.match(line.text) or (line.cells and line.cells[0][0].strip().lower() == "example"):
            state.entry, state.day = None, None  # the template's example row ends any date group
            continue
        if line.kind == TABLE:
            state.entry = _row_entry(line, ts, state, out)
        elif line.kind in (PARA, HEADING, CODE):
            header = _date_line_value(line.text, ts)
            if header is not None and (not line.item or line.depth <= top):
                state.day, state.entry = header.value.date(), None  # type: ignore[union-attr]
                state.day_raw, state.day_has_year, state.group_items = header.raw, header.has_year, False
                state.day_precision = header.precision
                continue
            _text_entry(line, ts, state, top, out)
        when = state.entry.when if state.entry is not None else None
        if when is not None and when.value is not None and when.has_year:
            state.year = when.value.year
    infer_years(out, ts.default_year, ts.as_of)
    return out


def infer_years(entries: list[d.TimelineEntry], posted_year: Optional[int], posted: Optional[date] = None) -> None:
    """Give each date written without a year the year of the entries around it, and say where it
    came from (``year_from``). The nearest earlier entry with a year decides; a date more than two
    months before it is read in the following year (a timeline that runs from December into
    January). Without an earlier one, the nearest later entry decides (a date more than two months
    after it goes to the year before); without either, the posting year (the year before when the
    date would fall after the posting date), or None."""
    anchors = [(i, e.when.value) for i, e in enumerate(entries)
               if e.when is not None and e.when.value is not None and e.when.has_year]
    for i, entry in enumerate(entries):
        tv = entry.when
        if tv is None or tv.has_year or tv.value is None:
            continue
        before = [(j, v) for j, v in anchors if j < i]
        after = [(j, v) for j, v in anchors if j > i]
        year, source = posted_year, "the posting date"
        if before or after:
            j, ref = before[-1] if before else after[0]
            year, source = ref.year, f"line {entries[j].line}"
            candidate = _with_year(tv.value, year)
            if candidate is not None:
                gap = (candidate.date() - ref.date()).days
                if before and gap < -61:
                    year += 1
                elif not before and gap > 61:
                    year -= 1
        elif year is not None and posted is not None:
            candidate = _with_year(tv.value, year)
            if candidate is not None and candidate.date() > posted:
                year -= 1
        value = _with_year(tv.value, year) if year is not None else None
        tv.value, tv.year_from = value, source if value is not None else ""


def _with_year(value: datetime, year: int) -> Optional[datetime]:
    try:
        return value.replace(year=year)
    except ValueError:  # 29 February in a common year
        return None


def _top_depth(ctx: Context, keys: set[str]) -> int:
    depths = [ln.depth for ln in ctx.lines if ln.item and ctx.section_at[ln.no] in keys]
    return min(depths) if depths else 0


def _row_entry(line: Line, ts: TimeSettings, state: _State, out: list[d.TimelineEntry]) -> Optional[d.TimelineEntry]:
    if line.info == "header" or not line.cells:
        return None
    cells = [c for c, _ in line.cells]
    joined = " ".join(c for c in cells if c)
    found = _find(joined, ts, state.day, state.year)
    when, text = (found[0], joined[found[2] :].strip()) if found else (None, joined)
    entry = d.TimelineEntry(raw=line.raw.strip(), line=line.no, column=line.col, when=when, text=text)
    out.append(entry)
    return entry


def _text_entry(line: Line, ts: TimeSettings, state: _State, top: int, out: list[d.TimelineEntry]) -> None:
    """A list item or bare line: a new entry, the continuation of the current one, or prose."""
    if state.day is not None and state.group_items and not line.item and line.depth == 0:
        # A plain paragraph after a date group of bullets ends the group: in text copied from a
        # rendered page the next section's heading ("Root Cause Analysis") is such a paragraph.
        state.day = None
    entry = state.entry
    day = state.day if state.day_precision == "day" else None  # a clock under "2017-10:" has no day
    found = None if (entry is not None and not line.item and _continues(line, state, top)) else _find(
        line.text, ts, day, state.year
    )
    if found is None and entry is not None and not line.item and not state.entry_is_item:
        # Lines of one paragraph inside an enclosing item (a legacy answer under its numbered
        # question): each line that opens with a dated timestamp is an entry of its own.
        dated = _find(line.text, ts, None, state.year)
        found = dated if dated is not None and dated[0].value is not None else None
    if found is None and entry is not None and _continues(line, state, top):
        sep = "\n\n" if line.no > state.last + 1 else "\n"
        entry.raw += sep + line.raw.strip()
        entry.text += sep + (line.code if line.code is not None else line.text)  # code keeps its indentation
        state.last = line.no
        return
    if found is None and line.kind == HEADING:
        state.entry = None  # "#### 1. Processing the e-mail": a title grouping entries, not one
        return
    if found is None and not _declares_zone_only(line.text) and _prose_entries(line, ts, state, out):
        return
    if found is None and not line.item and (not _DATEISH_RE.match(line.text) or _declares_zone_only(line.text)):
        state.entry = None
        return
    if found is not None and not line.item and _flattened_entries(line, found, ts, state, out):
        return
    when, text = (found[0], line.text[found[2] :].strip()) if found else (None, line.text)
    if when is not None:
        _year_of_group(when, state)
    state.entry = d.TimelineEntry(raw=line.raw.strip(), line=line.no, column=line.col, when=when, text=text)
    state.item = line.item_id
    state.last = line.no
    state.indent = _indent(line)
    state.group_items = state.group_items or line.item
    state.entry_is_item = line.item
    out.append(state.entry)


def _flattened_entries(line: Line, found: tuple[d.TimeValue, int, int], ts: TimeSettings, state: _State,
                       out: list[d.TimelineEntry]) -> bool:
    """A line holding several entries one after the other, each sentence opening with its own
    dated timestamp ("2016/02/03 Issued. 2019/03/06 Found. 2019/03/15 Revoked."), as a mail archive
    or a copy flattens a list. False when the line holds one entry."""
    text = line.text
    starts = [(found[0], 0, found[2])]
    # A numbered list run into one line ("1. May 2, 2019 - ... 2. May 3, 2019 - ..."): each number
    # opens an entry, with or without a full stop before it.
    numbered = _NUMBERED_START_RE.match(text) is not None
    bounds = sorted({m.end() for m in _SENTENCE_END_RE.finditer(text, found[2])}
                    | ({m.start() + 1 for m in _RUN_ON_NUMBER_RE.finditer(text, found[2])} if numbered else set()))
    for at in bounds:
        if at <= starts[-1][2]:
            continue
        nxt = timestamps.find_time(text[at:], default_zone=ts.zone, dayfirst=ts.dayfirst,
                                   default_year=state.year or ts.default_year or 2000)
        if nxt is not None and nxt[1] == 0 and nxt[0].value is not None and timestamps.parse_time(nxt[0].raw) is not None:
            starts.append((nxt[0], at, at + nxt[2]))
    if len(starts) < 2:
        return False
    for i, (tv, begin, body) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        _add(line, text[begin:end].strip(), text[body:end].strip(), tv, line.col + begin, state, out)
    return True


def _prose_entries(line: Line, ts: TimeSettings, state: _State, out: list[d.TimelineEntry]) -> bool:
    """Entries of a line that does not start with a timestamp: under a date-group line, the line
    itself (dated by its own clock, or by the group's day); elsewhere each timestamp in its
    sentences, or for a list item the first one. False when the line holds no event."""
    text = _GLUED_MARKER_RE.sub("", EDIT_MARKER_RE.sub("", line.text))
    if not re.search(r"[^\W\d_]", text) or _NOTE_RE.match(text):
        return False  # a lone "-", or an editorial note in brackets ("[capture truncated]")
    if state.day is not None:
        # Only a clock of the group's day counts: a date inside the text ("effective as of 15
        # September 2023") is what the event is about, not when it happened.
        found = [f for f in timestamps.find_all_times(text, default_zone=ts.zone, dayfirst=ts.dayfirst,
                                                      default_year=state.day.year, default_date=state.day)
                 if timestamps.parse_time(f[0].raw) is None] if state.day_precision == "day" else []
        when = found[0][0] if found else d.TimeValue(
            state.day_raw, datetime.combine(state.day, time(0)), has_year=state.day_has_year, precision=state.day_precision
        )
        _year_of_group(when, state)
        _add(line, line.raw.strip(), text, when, line.col, state, out)
        return True
    found = timestamps.find_all_times(text, default_zone=ts.zone, dayfirst=ts.dayfirst,
                                      default_year=state.year or ts.default_year or 2000)
    found = [f for f in found if f[0].value is not None and f[0].precision in ("day", "hour", "minute", "second")]
    if not found:
        return False
    if line.item:
        _add(line, line.raw.strip(), text, found[0][0], line.col, state, out)
        return True
    offset = len(line.text) - len(text)
    for start, end in _sentences(text):
        stamps = _join_ranges(text, [f for f in found if start <= f[1] < end])
        for i, (tv, s0, s1) in enumerate(stamps):
            seg_start = start if i == 0 else _split_point(text, stamps[i - 1][2], s0)
            seg_end = end if i + 1 == len(stamps) else _split_point(text, s1, stamps[i + 1][1])
            seg = text[seg_start:seg_end].strip()
            if _PLANNED_RE.search(seg) or _ABOUT_TIMELINE_RE.search(seg):
                continue  # a plan ("will be updated on ..."), or a remark on the timeline itself
            _add(line, seg, seg, tv, line.col + offset + seg_start, state, out)
    return True


def _year_of_group(when: d.TimeValue, state: _State) -> None:
    """A clock under a date-group line without a year ("March 14th:") has no year either."""
    if state.day is not None and not state.day_has_year and timestamps.parse_time(when.raw) is None:
        when.has_year = False


def _add(line: Line, raw: str, text: str, when: d.TimeValue, col: int, state: _State, out: list[d.TimelineEntry]) -> None:
    state.entry = d.TimelineEntry(raw=raw, line=line.no, column=col, when=when, text=text)
    state.item = line.item_id
    state.last = line.no
    state.indent = _indent(line)
    state.group_items = state.group_items or line.item
    state.entry_is_item = line.item
    out.append(state.entry)
    if when.value is not None and when.has_year:
        state.year = when.value.year


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _join_ranges(text: str, stamps: list[tuple[d.TimeValue, int, int]]) -> list[tuple[d.TimeValue, int, int]]:
    """Keep the first timestamp of "between X and Y", "from X to Y", "X - Y": one event."""
    out: list[tuple[d.TimeValue, int, int]] = []
    for tv, s0, s1 in stamps:
        if out:
            prev_tv, p0, p1 = out[-1]
            between = text[p1:s0]
            if _RANGE_JOIN_RE.match(between) and (between.strip() in ("-", "\u2013", "\u2014", "to", "until", "till", "through", "thru")
                                                  or _RANGE_OPEN_RE.search(text, 0, p0)):
                out[-1] = (prev_tv, p0, s1)
                continue
        out.append((tv, s0, s1))
    return out


def _split_point(text: str, left_end: int, right_start: int) -> int:
    """Where the event of the timestamp ending at ``left_end`` gives way to the next one: the last
    clause boundary between them, else right after the first timestamp."""
    last = None
    for m in _CLAUSE_BREAK_RE.finditer(text, left_end, right_start):
        last = m
    return last.start() if last is not None else left_end


def _continues(line: Line, state: _State, top: int) -> bool:
    """A line without a timestamp inside the current entry's item, or a sub-item under it (by
    list depth, or, in text whose lists are not nested in Markdown terms, by a deeper indent on
    the very next line: "- 15:31 UTC" then " * what happened")."""
    if line.item:
        return line.depth > top or (line.no == state.last + 1 and _indent(line) > state.indent)
    return line.depth > 0 and line.item_id == state.item


def _indent(line: Line) -> int:
    return len(line.raw) - len(line.raw.lstrip())


def _declares_zone_only(text: str) -> bool:
    return timestamps.zone_declaration(text) is not None and timestamps.find_time(text) is None


# --- legacy remediation (topic 7) -------------------------------------------------------------


def extract_remediation(ctx: Context, key: str, ts: TimeSettings, tables: list,  # type: ignore[type-arg]
                        sections: Sequence[d.Section] = ()) -> list[d.TimelineEntry]:
    """Legacy topic 7 steps as entries: table rows, list items, or paragraphs, each with the first
    date found in it (a Date / Due column first); an answer on the topic's own line is a step."""
    out: list[d.TimelineEntry] = []
    table_lines: set[int] = set()
    for table in tables:
        if ctx.section_at[table.line] != key:
            continue
        date_col = next((i for i, k in enumerate(table.keys) if re.search(r"date|due|when|eta|deadline", k)), None)
        table_lines.add(table.line)
        for row in table.rows:
            table_lines.add(row.line)
            text = " | ".join(c.raw for c in row.cells)
            when = None
            if date_col is not None and date_col < len(row.cells):
                when = timestamps.parse_time(row.cells[date_col].raw, dayfirst=ts.dayfirst, default_zone=ts.zone)
            out.append(d.TimelineEntry(raw=text, line=row.line, column=row.cells[0].column if row.cells else None,
                                       when=when or _first_time(text, ts), text=text))
    current: Optional[d.TimelineEntry] = None
    top = _top_depth(ctx, {key})
    seen: set[str] = set()
    inline = answer_lines(ctx, sections, {key})
    for line in ctx.lines:
        if line.no in inline:
            line = inline[line.no]
            text = EDIT_MARKER_RE.sub("", line.text)
            current = d.TimelineEntry(raw=line.raw.strip(), line=line.no, column=line.col, text=text)
            seen.add(" ".join(text.split()).lower())
            out.append(current)
            continue
        if ctx.section_at[line.no] != key or line.no in ctx.starts or line.no in table_lines:
            continue
        if line.kind != PARA:
            continue
        if _repeats_question(line, key):
            current = None  # the question pasted again is not a step, and ends the step above it
            continue
        if _starts_step(ctx, line, current, top):
            text = EDIT_MARKER_RE.sub("", line.text)
            current = d.TimelineEntry(raw=line.raw.strip(), line=line.no, column=line.col, text=text)
            if " ".join(text.split()).lower() in seen:
                current = _Discard(raw="", line=line.no)  # the same answer pasted twice is one step
                continue
            seen.add(" ".join(text.split()).lower())
            out.append(current)
        elif current is not None:
            current.raw += "\n" + line.raw.strip()
            current.text += "\n" + line.text
    for entry in out:
        if entry.when is None:
            entry.when = _first_time(entry.text, ts)
    out.sort(key=lambda e: e.line)
    return out


class _Discard(d.TimelineEntry):
    """Collects the continuation lines of a step that is not kept."""


def _repeats_question(line: Line, key: str) -> bool:
    """A line that opens the same legacy topic again (the question pasted twice)."""
    from incident_kit.sources.markdown.outline import topic_of

    found = topic_of(line)
    return found is not None and f"topic{found[0]}" == key


def _starts_step(ctx: Context, line: Line, current: Optional[d.TimelineEntry], top: int) -> bool:
    if line.item:
        return line.depth <= top
    return line.depth == 0 and (current is None or ctx.lines[line.no - 2].block != line.block)


def _first_time(text: str, ts: TimeSettings) -> Optional[d.TimeValue]:
    found = timestamps.find_all_times(text, dayfirst=ts.dayfirst, default_zone=ts.zone, default_year=ts.default_year)
    return found[0][0] if found else None
