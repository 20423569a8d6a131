"""Read a posted incident report (Markdown as posted on Bugzilla, or plain text copied from the
rendered bug page) into a :class:`~incident_kit.document.Document`.

Every generation is read: legacy 7-topic reports (2017-2023), IRG 2.0 (and its Audit variant), IRG
3.x Preliminary / Full / Closure. Text that is not an incident report gives kind ``unknown``. The
reader is lenient: values that do not parse keep their raw text and rules report them.

Steps (one module each): :mod:`.source` (decode, working view without comments and reply quotes),
:mod:`.blocks` (markdown-it line classes), :mod:`.outline` (title, sections, legacy topics),
:mod:`.values` (fields, factors, lessons), :mod:`.tables`, :mod:`.timeline`, :mod:`.kinds`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

from incident_kit import document as d
from incident_kit.errors import InputError, not_text_problem  # noqa: F401 - InputError: part of this module's contract
from incident_kit.reader import blocks as bl
from incident_kit.reader import kinds, outline, source, tables, timeline, values

__all__ = ["read_text", "read_report", "read_bytes"]


def read_report(path: str | Path, *, kind: Optional[str] = None, as_of: Optional[date] = None) -> d.Document:
    """Read a report file (``-`` = standard input). Raises :class:`InputError` only when the file
    cannot be read or is not UTF-8 text."""
    data, name = source.read_bytes(path)
    return read_bytes(data, name, kind=kind, as_of=as_of)


def read_bytes(data: bytes, path: str = "<stdin>", *, kind: Optional[str] = None, as_of: Optional[date] = None) -> d.Document:
    """Read undecoded bytes (UTF-8, with or without BOM)."""
    problem = not_text_problem(data, path)
    if problem is not None:
        raise problem
    return read_text(source.decode(data, path), path, kind=kind, as_of=as_of)


def read_text(
    text: str, path: str = "<stdin>", *, kind: Optional[str] = None, as_of: Optional[date] = None
) -> d.Document:
    """Read report text into a Document. ``kind`` forces the kind (test cases); ``as_of`` is the
    posting date, used to break ties between generations and to name the IRG 3.x version."""
    if kind is not None and kind not in d.ALL_KINDS + (d.KIND_UNKNOWN,):
        raise ValueError(f"unknown report kind {kind!r}")
    src = source.prepare(source.normalise(text))
    doc = d.Document(path=path, text=src.text, notes=list(src.notes))
    parsed = bl.classify(src.lines)
    if parsed.truncated:
        doc.notes.append(f"lists nested deeper than {bl.MAX_NESTING} levels were read as plain lines")
    lines = parsed.lines
    doc.origin = "text" if _is_plain_text(lines) else "markdown"
    if doc.origin == "text":
        bl.code_to_text(lines)
    _read_structure(doc, lines, src.lines, kind, as_of)
    doc.suppressions = _suppressions(src.suppressions, lines, parsed.outer)
    return doc


def _is_plain_text(lines: list[bl.Line]) -> bool:
    """No Markdown structure at all: no headings, bullets, pipe tables, fences or bold labels."""
    for ln in lines:
        if ln.kind in (bl.HEADING, bl.TABLE) or (ln.kind == bl.CODE and ln.info != bl.INDENTED):
            return False
        if ln.item and not ln.marker[:-1].isdigit():
            return False
        if "**" in ln.text or "__" in ln.text:
            return False
    return any(ln.kind != bl.BLANK for ln in lines)


def _read_structure(
    doc: d.Document, lines: list[bl.Line], working: list[str], forced: Optional[str], as_of: Optional[date]
) -> None:
    text_origin = doc.origin == "text"
    marks, title, title_kind, closure = outline.find_irg(lines)
    topics = outline.find_topics(lines)
    irg_sections = outline.build_sections(marks, lines, working)
    ctx = values.Context(lines, irg_sections, text_origin)
    fields: dict[str, d.Located] = {}
    values.extract_fields(ctx, fields, doc.notes)
    found_tables = tables.find_tables(lines, text_origin)
    factors = values.extract_factors(ctx, {d.SEC_RCA})
    ev = kinds.Evidence(
        title=title,
        title_kind=title_kind,
        closure_heading=closure,
        sections={s.key for s in irg_sections},
        fields=set(fields),
        topics=len(topics),
        findings=sum(1 for s in irg_sections if s.key.startswith("finding") and "." not in s.key),
        factors=len(factors),
        irg3_action_table=any(_irg3_actions(t) for t in found_tables),
    )
    verdict = kinds.decide(ev, forced, as_of)
    doc.kind, doc.kind_guessed, doc.kind_reason = verdict.kind, verdict.guessed, verdict.reason
    doc.irg_version = kinds.irg_version(doc.kind, as_of)
    doc.title = title if title is not None else (closure if doc.kind == d.KIND_CLOSURE else None)
    if doc.kind == d.KIND_LEGACY or (doc.kind == d.KIND_UNKNOWN and len(topics) >= 3):
        _read_legacy(doc, lines, working, topics, found_tables, as_of)
        return
    doc.sections = irg_sections
    doc.fields = fields
    doc.factors = factors
    _read_irg(doc, ctx, found_tables, as_of)


def _irg3_actions(table: tables.RawTable) -> bool:
    cols = tables.columns(table, tables._ACTION_COLUMNS)
    return tables.is_action_table(table) and bool({"status", "evaluation_criteria", "root_causes"} & set(cols))


def _read_irg(doc: d.Document, ctx: values.Context, found: list[tables.RawTable], as_of: Optional[date]) -> None:
    lesson_keys = {s.key for s in doc.sections if s.key.endswith(d.SEC_LESSONS)}
    doc.lessons = values.extract_lessons(ctx, lesson_keys, doc.fields)
    section = doc.section(d.SEC_TIMELINE)
    zone, declared = timeline.find_zone(ctx, section)
    doc.timeline_zone = declared
    settings = timeline.settings(ctx, zone, as_of)
    doc.timeline = timeline.extract_timeline(ctx, {d.SEC_TIMELINE}, settings)
    _assign_tables(doc, ctx, found)
    if doc.kind == d.KIND_CLOSURE:
        key = d.SEC_CLOSURE if doc.section(d.SEC_CLOSURE) else None
        doc.closing_sentence = values.closing_sentence(ctx, key)


def _assign_tables(doc: d.Document, ctx: values.Context, found: list[tables.RawTable]) -> None:
    for table in found:
        where = ctx.section_at[table.line] or ""
        if where == d.SEC_TIMELINE:
            continue
        if tables.is_action_table(table):
            if doc.action_header is None:
                doc.action_header, doc.action_header_line = table.header, table.line
            doc.action_items.extend(tables.action_rows(table))
        elif where == d.SEC_RELATED or tables.is_related_table(table):
            doc.related.extend(tables.related_rows(table))
        elif where == d.SEC_APPENDIX and doc.appendix_header is None:
            doc.appendix_header, doc.appendix_rows = table.header, list(table.rows)


def _read_legacy(
    doc: d.Document,
    lines: list[bl.Line],
    working: list[str],
    topics: list[outline.Mark],
    found: list[tables.RawTable],
    as_of: Optional[date],
) -> None:
    doc.sections = outline.build_sections(topics, lines, working)
    _drop_repeated_questions(doc, lines)
    ctx = values.Context(lines, doc.sections, doc.origin == "text")
    section = doc.section("topic2")
    zone, declared = timeline.find_zone(ctx, section)
    doc.timeline_zone = declared
    settings = timeline.settings(ctx, zone, as_of)
    doc.timeline = timeline.extract_timeline(ctx, {"topic2"}, settings)
    doc.legacy_remediation = timeline.extract_remediation(ctx, "topic7", settings, found)


def _drop_repeated_questions(doc: d.Document, lines: list[bl.Line]) -> None:
    """A topic whose first paragraph restates the question: that paragraph is not the answer."""
    for s in doc.sections:
        n = int(s.key[5:])
        first = next((ln for ln in lines[s.line : s.end_line] if ln.kind != bl.BLANK), None)
        if first is None or not outline.is_repeated_question(n, first.text):
            continue
        block = [ln for ln in lines[s.line : s.end_line] if ln.block == first.block]
        for ln in block:
            ln.kind, ln.text = bl.BLANK, ""
        s.text = "\n".join(ln.raw if ln.kind != bl.BLANK else "" for ln in lines[s.line : s.end_line])
        doc.notes.append(f"line {first.no}: the question of legacy topic {n} is repeated before its answer; not read as the answer")


def _suppressions(
    raw: list[source.RawSuppression], lines: list[bl.Line], outer: dict[int, int]
) -> list[d.Suppression]:
    """Each suppression covers the next block (the block on its own line, for a trailing comment)."""
    out: list[d.Suppression] = []
    for s in raw:
        idx = s.end_line - 1 if s.inline else s.end_line
        while idx < len(lines) and lines[idx].kind == bl.BLANK:
            idx += 1
        if idx >= len(lines):
            first = last = s.line
        else:
            first = idx + 1
            last = _block_end(lines, idx, outer)
        out.append(d.Suppression(codes=s.codes, reason=s.reason, line=s.line, first_line=first, last_line=last))
    return out


def _block_end(lines: list[bl.Line], idx: int, outer: dict[int, int]) -> int:
    """Last line (1-based) of the outermost block starting at or holding line index ``idx``."""
    start = idx
    while start > 0 and start not in outer and lines[start - 1].kind != bl.BLANK and lines[start].block == lines[start - 1].block:
        start -= 1
    end = outer.get(start, outer.get(idx, idx + 1))
    while end - 1 > idx and lines[end - 1].kind == bl.BLANK:
        end -= 1
    return max(end, idx + 1)
