"""Step 6 of reading: timeline entries and legacy remediation steps.

Entries are list items, table rows or bare lines that start with a timestamp. Timestamps are read
by :mod:`incident_kit.text.timestamps` with the zone the report declares once ("All times are UTC.", or
in the Timeline heading), the document's day-first convention, and the IRG 2.0 convention of a
``YYYY-MM-DD:`` date line followed by ``- HH:MM text`` entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from incident_kit import document as d
from incident_kit.text import timestamps
from incident_kit.reader.blocks import BLANK, CODE, DELIM, HEADING, PARA, TABLE, Line
from incident_kit.reader.values import Context

_DATEISH_RE = re.compile(
    r"^\W{0,3}(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|q[1-4]\b|(?:early|mid|late)\b)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class TimeSettings:
    zone: Optional[str]  # declared zone name for timestamps.find_time
    dayfirst: Optional[bool]
    default_year: Optional[int]


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
    return TimeSettings(zone, timestamps.infer_dayfirst(texts), as_of.year if as_of else None)


def _find(text: str, ts: TimeSettings, day: Optional[date], year: Optional[int]) -> Optional[tuple[d.TimeValue, int, int]]:
    return timestamps.find_time(
        text, default_zone=ts.zone, dayfirst=ts.dayfirst, default_year=year, default_date=day
    )


def _date_line(text: str, ts: TimeSettings) -> Optional[date]:
    """``2024-07-08:`` / ``**2024-07-08**`` / ``#### 2024-07-08`` on its own: the date of the
    entries that follow."""
    body = text.strip().strip("*_").strip().rstrip(":").strip().strip("*_")
    if not body or len(body) > 40:
        return None
    value = timestamps.parse_time(body, dayfirst=ts.dayfirst)
    if value is None or value.has_time or value.value is None or value.precision != "day":
        return None
    return value.value.date()


@dataclass(slots=True)
class _State:
    """Where the walk through a timeline stands."""

    day: Optional[date]  # the IRG 2.0 date line in force
    year: Optional[int]  # the year of the latest dated entry, for dates written without one
    entry: Optional[d.TimelineEntry] = None
    item: int = -1  # list item holding the current entry
    last: int = 0  # line number of the entry's last line


def extract_timeline(ctx: Context, keys: set[str], ts: TimeSettings) -> list[d.TimelineEntry]:
    """Timeline entries of the sections ``keys`` (the Timeline, or legacy topic 2)."""
    out: list[d.TimelineEntry] = []
    state = _State(day=None, year=ts.default_year)
    top = _top_depth(ctx, keys)
    for line in ctx.lines:
        if ctx.section_at[line.no] not in keys or line.no in ctx.starts or line.kind in (BLANK, DELIM):
            continue
        if line.kind == TABLE:
            state.entry = _row_entry(line, ts, state, out)
        elif line.kind in (PARA, HEADING, CODE):
            new_day = _date_line(line.text, ts)
            if new_day is not None and (not line.item or line.depth <= top):
                state.day, state.entry = new_day, None
                continue
            _text_entry(line, ts, state, top, out)
        when = state.entry.when if state.entry is not None else None
        if when is not None and when.value is not None and when.has_year:
            state.year = when.value.year
    return out


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
    entry = state.entry
    found = None if (entry is not None and not line.item and _continues(line, state, top)) else _find(
        line.text, ts, state.day, state.year
    )
    if found is None and entry is not None and _continues(line, state, top):
        sep = "\n\n" if line.no > state.last + 1 else "\n"
        entry.raw += sep + line.raw.strip()
        entry.text += sep + line.text
        state.last = line.no
        return
    if found is None and not line.item and (not _DATEISH_RE.match(line.text) or _declares_zone_only(line.text)):
        state.entry = None
        return
    when, text = (found[0], line.text[found[2] :].strip()) if found else (None, line.text)
    state.entry = d.TimelineEntry(raw=line.raw.strip(), line=line.no, column=line.col, when=when, text=text)
    state.item = line.item_id
    state.last = line.no
    out.append(state.entry)


def _continues(line: Line, state: _State, top: int) -> bool:
    """A line without a timestamp inside the current entry's item, or a sub-item under it."""
    if line.item:
        return line.depth > top
    return line.depth > 0 and line.item_id == state.item


def _declares_zone_only(text: str) -> bool:
    return timestamps.zone_declaration(text) is not None and timestamps.find_time(text) is None


# --- legacy remediation (topic 7) -------------------------------------------------------------


def extract_remediation(ctx: Context, key: str, ts: TimeSettings, tables: list) -> list[d.TimelineEntry]:  # type: ignore[type-arg]
    """Legacy topic 7 steps as entries: table rows, list items, or paragraphs, each with the first
    date found in it (a Date / Due column first)."""
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
    for line in ctx.lines:
        if ctx.section_at[line.no] != key or line.no in ctx.starts or line.no in table_lines:
            continue
        if line.kind != PARA:
            continue
        if _starts_step(ctx, line, current, top):
            current = d.TimelineEntry(raw=line.raw.strip(), line=line.no, column=line.col, text=line.text)
            out.append(current)
        elif current is not None:
            current.raw += "\n" + line.raw.strip()
            current.text += "\n" + line.text
    for entry in out:
        if entry.when is None:
            entry.when = _first_time(entry.text, ts)
    out.sort(key=lambda e: e.line)
    return out


def _starts_step(ctx: Context, line: Line, current: Optional[d.TimelineEntry], top: int) -> bool:
    if line.item:
        return line.depth <= top
    return line.depth == 0 and (current is None or ctx.lines[line.no - 2].block != line.block)


def _first_time(text: str, ts: TimeSettings) -> Optional[d.TimeValue]:
    found = timestamps.find_all_times(text, dayfirst=ts.dayfirst, default_zone=ts.zone, default_year=ts.default_year)
    return found[0][0] if found else None
