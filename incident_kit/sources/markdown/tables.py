"""Step 5 of reading: tables. Pipe tables (from markdown-it), tab-separated lines (text copied from a
rendered bug page), lines that look like a pipe table markdown-it refused (no delimiter row) and
CSV in a fenced or indented code block. Then the tables the IRG defines: Action Items, Related
Incidents and the Appendix certificate listing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from typing import Optional

from incident_kit import document as d
from incident_kit.sources.markdown import vocab
from incident_kit.sources.markdown.blocks import CODE, DELIM, INDENTED, PARA, TABLE, Line

PIPE = "pipe"
TABS = "tabs"
CSV = "csv"


@dataclass(slots=True)
class RawTable:
    style: str
    line: int
    header: list[d.Located]
    rows: list[d.TableRow] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [vocab.label_key(c.raw) for c in self.header]


def find_tables(lines: list[Line], text_origin: bool) -> list[RawTable]:
    """Every table in document order."""
    out: list[RawTable] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if ln.kind == TABLE and ln.cells is not None:
            i = max(_pipe_table(lines, i, out), i + 1)
        elif ln.kind == CODE and (ln.info.lower() in ("csv", "", INDENTED) and _looks_csv(lines, i)):
            i = max(_csv_table(lines, i, out), i + 1)
        elif ln.kind in (PARA, CODE) and "\t" in ln.raw.strip() and _tab_cells(ln.raw):
            i = max(_line_table(lines, i, out, TABS), i + 1)
        elif ln.kind == PARA and ln.text.startswith("|") and ln.text.count("|") >= 3:
            i = max(_line_table(lines, i, out, PIPE), i + 1)
        else:
            i += 1
    return out


def _pipe_table(lines: list[Line], i: int, out: list[RawTable]) -> int:
    block = lines[i].block
    table: Optional[RawTable] = None
    while i < len(lines) and lines[i].block == block and lines[i].kind in (TABLE, DELIM):
        ln = lines[i]
        if ln.cells is not None:
            cells = [d.Located(text, ln.no, col) for text, col in ln.cells]
            if table is None:
                table = RawTable(PIPE, ln.no, cells)
                out.append(table)
            else:
                table.rows.append(d.TableRow(cells, ln.no))
        i += 1
    return i


def _tab_cells(raw: str) -> list[tuple[str, int]]:
    """Cells of a tab-separated line with their 1-based columns (fewer than two: not a row)."""
    body = raw.rstrip()
    cells: list[tuple[str, int]] = []
    pos = len(body) - len(body.lstrip())
    for part in body[pos:].split("\t"):
        lead = len(part) - len(part.lstrip())
        cells.append((part.strip(), pos + lead + 1))
        pos += len(part) + 1
    return cells if len(cells) >= 2 else []


def _pipe_cells(raw: str) -> list[tuple[str, int]]:
    body = raw.rstrip()
    start = body.index("|") + 1
    end = len(body) - 1 if body.endswith("|") and not body.endswith("\\|") else len(body)
    cells: list[tuple[str, int]] = []
    pos = start
    for part in re.split(r"(?<!\\)\|", body[start:end]):
        lead = len(part) - len(part.lstrip())
        cells.append((part.strip().replace("\\|", "|"), pos + lead + 1))
        pos += len(part) + 1
    return cells


def _line_table(lines: list[Line], i: int, out: list[RawTable], style: str) -> int:
    split = _tab_cells if style == TABS else _pipe_cells
    table: Optional[RawTable] = None
    while i < len(lines):
        ln = lines[i]
        if ln.kind not in (PARA, CODE) or not ln.raw.strip():
            break
        if style == TABS and "\t" not in ln.raw.strip():
            break
        if style == PIPE and not ln.text.startswith("|"):
            break
        cells = [d.Located(t, ln.no, c) for t, c in split(ln.raw)]
        if style == PIPE and all(re.fullmatch(r":?-{2,}:?", c.raw) for c in cells if c.raw):
            i += 1
            continue
        if table is None:
            table = RawTable(style, ln.no, cells)
            out.append(table)
        else:
            table.rows.append(d.TableRow(cells, ln.no))
        i += 1
    return i


def _looks_csv(lines: list[Line], i: int) -> bool:
    """A code block whose first content line has at least three comma-separated cells."""
    j = i
    while j < len(lines) and lines[j].kind == CODE and (not lines[j].raw.strip() or lines[j].raw.lstrip().startswith(("```", "~~~"))):
        j += 1
    return j < len(lines) and lines[j].kind == CODE and lines[j].raw.count(",") >= 2


def _csv_table(lines: list[Line], i: int, out: list[RawTable]) -> int:
    block = lines[i].block
    body: list[Line] = []
    while i < len(lines) and lines[i].kind == CODE and lines[i].block == block:
        ln = lines[i]
        stripped = ln.raw.strip()
        if stripped and not stripped.startswith(("```", "~~~")):
            body.append(ln)
        i += 1
    table: Optional[RawTable] = None
    for ln in body:
        try:
            parsed = next(csv.reader([ln.raw.strip()]))
        except (csv.Error, StopIteration):
            parsed = [ln.raw.strip()]
        cells = [d.Located(text.strip(), ln.no, _find_col(ln.raw, text)) for text in parsed]
        if table is None:
            table = RawTable(CSV, ln.no, cells)
            out.append(table)
        else:
            table.rows.append(d.TableRow(cells, ln.no))
    return i


def _find_col(raw: str, text: str) -> Optional[int]:
    k = raw.find(text) if text else -1
    return k + 1 if k >= 0 else None


# --- IRG tables -------------------------------------------------------------------------------

_ACTION_COLUMNS = {
    "action item": "description",
    "action items": "description",
    "action": "description",
    "description": "description",
    "item": "description",
    "kind": "kind",
    "type": "kind",
    "corresponding root causes": "root_causes",
    "corresponding root cause": "root_causes",
    "corresponding root causes s": "root_causes",
    "root causes": "root_causes",
    "root cause": "root_causes",
    "evaluation criteria": "evaluation_criteria",
    "due date": "due_date",
    "due": "due_date",
    "date": "due_date",
    "status": "status",
}
_RELATED_COLUMNS = {
    "bug": "bug",
    "related bug": "bug",
    "related bug id": "bug",
    "bug id": "bug",
    "date": "date",
    "opened": "date",
    "opened date": "date",
    "date related bug was opened": "date",
    "description": "description",
}


def columns(table: RawTable, names: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for idx, key in enumerate(table.keys):
        name = names.get(key)
        if name and name not in out:
            out[name] = idx
    return out


def is_action_table(table: RawTable) -> bool:
    cols = columns(table, _ACTION_COLUMNS)
    keys = table.keys
    first = keys[0] if keys else ""
    return first.startswith("action") and len(set(cols) - {"description"}) >= 1


def is_related_table(table: RawTable) -> bool:
    cols = columns(table, _RELATED_COLUMNS)
    return "bug" in cols and ("date" in cols or "description" in cols)


def _cell(row: d.TableRow, idx: Optional[int]) -> Optional[d.Located]:
    if idx is None or idx >= len(row.cells):
        return None
    return row.cells[idx]


def action_rows(table: RawTable) -> list[d.ActionItemRow]:
    cols = columns(table, _ACTION_COLUMNS)
    out: list[d.ActionItemRow] = []
    for row in table.rows:
        desc = _cell(row, cols.get("description", 0)) or d.Located("", row.line, None)
        item = d.ActionItemRow(
            line=row.line,
            description=desc,
            kind=_cell(row, cols.get("kind")),
            root_causes=_cell(row, cols.get("root_causes")),
            evaluation_criteria=_cell(row, cols.get("evaluation_criteria")),
            due_date=_cell(row, cols.get("due_date")),
            status=_cell(row, cols.get("status")),
        )
        if item.root_causes is not None:
            item.root_cause_ids = vocab.root_cause_ids(item.root_causes.raw)
        if item.due_date is not None:
            item.due = vocab.iso_date(item.due_date.raw)
        out.append(item)
    return out


def related_rows(table: RawTable) -> list[d.RelatedIncidentRow]:
    cols = columns(table, _RELATED_COLUMNS)
    out: list[d.RelatedIncidentRow] = []
    for row in table.rows:
        bug = _cell(row, cols.get("bug", 0)) or d.Located("", row.line, None)
        bug_id, url = vocab.bug_reference(bug.raw)
        out.append(
            d.RelatedIncidentRow(
                line=row.line,
                bug=bug,
                date=_cell(row, cols.get("date")),
                description=_cell(row, cols.get("description")),
                bug_id=bug_id,
                url=url,
            )
        )
    return out
