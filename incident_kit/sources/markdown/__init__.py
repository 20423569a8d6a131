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

import re
from datetime import date
from pathlib import Path
from typing import Optional

from incident_kit import document as d
from incident_kit import limits
from incident_kit.errors import InputError  # noqa: F401 - part of this module's contract
from incident_kit.sources import files
from incident_kit.sources.markdown import blocks as bl
from incident_kit.sources.markdown import kinds, outline, source, steps, tables, timeline, values, vocab

__all__ = ["read_text", "read_report", "read_bytes"]


def read_report(path: str | Path, *, kind: Optional[str] = None, as_of: Optional[date] = None) -> d.Document:
    """Read a report file (``-`` = standard input). Raises :class:`InputError` only when the file
    cannot be read or is not UTF-8 text."""
    data, name = files.read_bytes(path)
    return read_bytes(data, name, kind=kind, as_of=as_of)


def read_bytes(data: bytes, path: str = "<stdin>", *, kind: Optional[str] = None, as_of: Optional[date] = None) -> d.Document:
    """Read undecoded bytes (UTF-8, with or without BOM)."""
    return read_text(files.decode(data, path), path, kind=kind, as_of=as_of)


def read_text(
    text: str, path: str = "<stdin>", *, kind: Optional[str] = None, as_of: Optional[date] = None
) -> d.Document:
    """Read report text into a Document. ``kind`` forces the kind (test cases); ``as_of`` is the
    posting date, used to break ties between generations and to name the IRG 3.x version. Text
    past the input limits (:mod:`incident_kit.limits`) raises :class:`InputError`."""
    if kind is not None and kind not in d.ALL_KINDS + d.READ_ONLY_KINDS + (d.KIND_UNKNOWN,):
        raise ValueError(f"unknown report kind {kind!r}")
    normalised = source.normalise(text)
    limits.check(normalised, path)
    src = source.prepare(normalised)
    doc = _read_working(src, src.lines, path, kind, as_of)
    ranges = src.parts if len(src.parts) > 1 else _title_parts(src.lines)
    if len(ranges) > 1:
        doc.posted_later_from = ranges[1][0]
    if kind is None and len(ranges) > 1:
        parts = [_read_part(src, first, last, path, as_of) for first, last in ranges]
        for part in parts[1:]:
            part.posted_later_from = part.line_range[0] if part.line_range else None
        reports = [p for p in parts if p.kind != d.KIND_UNKNOWN]
        if len(reports) > 1:
            doc.parts = reports
    return doc


_TITLE_MARKUP = "#*_ \t"
MAX_TITLE_PARTS = 4
"""The most reports one incident's bug holds one after the other (preliminary, full, a revised full,
closure). A file with more title lines is not such a sequence (a template pasted many times, a
generated file) and is read as one text: each part is read over the whole file, so this also keeps
reading linear in the file's size."""


def _title_parts(lines: list[str]) -> list[tuple[int, int]]:
    """A file without comment headers that holds several reports one after the other, each under a
    title line of its own ("Preliminary Incident Report", then "Full Incident Report", as a
    rendered page copied past its activity lines shows them): one line range per report. A title
    counts only after some content below the previous one, and only at the start of its line: an
    indented "incident report" continues a list item's text, as in :func:`blocks.detach_glued_titles`."""
    starts: list[int] = []
    content = False
    for number, raw in enumerate(lines, 1):
        text = raw.strip(_TITLE_MARKUP)
        if not text:
            continue
        if raw[:1] not in (" ", "\t") and len(text) <= 60 and vocab.label_key(text) in vocab.TITLE_KINDS:
            if not starts or content:
                starts.append(number)
                content = False
            continue
        content = content or bool(starts)
    if not 2 <= len(starts) <= MAX_TITLE_PARTS:
        return []
    bounds = [1, *starts[1:], len(lines) + 1]
    return [(first, nxt - 1) for first, nxt in zip(bounds, bounds[1:])]


def _read_part(src: source.Source, first: int, last: int, path: str, as_of: Optional[date]) -> d.Document:
    """One comment of a file that holds several: the other lines are blanked, so that line numbers
    stay those of the file."""
    working = ["" if not first <= i + 1 <= last else s for i, s in enumerate(src.lines)]
    doc = _read_working(src, working, path, None, as_of)
    written = src.text.split("\n")
    doc.text = "\n".join(s if first <= i + 1 <= last else "" for i, s in enumerate(written))
    doc.line_range = (first, last)
    return doc


def _read_working(
    src: source.Source, working: list[str], path: str, kind: Optional[str], as_of: Optional[date]
) -> d.Document:
    doc = d.Document(path=path, text=src.text, notes=list(src.notes))
    parsed = bl.classify(working)
    if parsed.truncated:
        doc.notes.append(f"lists nested deeper than {bl.MAX_NESTING} levels were read as plain lines")
    lines = parsed.lines
    bl.detach_glued_titles(lines, _is_title)
    doc.origin = "text" if _is_plain_text(lines) else "markdown"
    if doc.origin == "text":
        bl.code_to_text(lines)
    _read_structure(doc, lines, working, kind, as_of)
    doc.suppressions = _suppressions(src.suppressions, lines, parsed.outer)
    return doc


def _is_title(text: str) -> bool:
    """A line that is exactly a report or section title of the IRG templates."""
    return vocab.section_key(text) is not None or vocab.label_key(text) in vocab.TITLE_KINDS


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
    body_text = "\n".join(working)
    marks, title, title_kind, closure = outline.find_irg(lines)
    found_topics: list[list[outline.Mark]] = []

    def topics() -> list[outline.Mark]:  # the legacy topics, searched for on first need
        if not found_topics:
            found_topics.append(outline.find_topics(lines))
        return found_topics[0]

    def topic_counts() -> tuple[int, int]:
        marks = topics()
        return (
            len(marks) + sum(len(m.also) for m in marks),
            sum(1 for m in marks if outline.is_repeated_question(int(m.key[5:]), m.title)),
        )

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
        topic_counts=topic_counts,
        findings=sum(1 for s in irg_sections if s.key.startswith("finding") and "." not in s.key),
        factors=len(factors),
        irg3_action_table=any(_irg3_actions(t) for t in found_tables),
        filled={s.key for s in irg_sections if s.key in _FULL_ONLY and _answered(s.text)},
        body=body_text,
    )
    verdict = kinds.decide(ev, forced, as_of)
    doc.kind, doc.kind_guessed, doc.kind_reason = verdict.kind, verdict.guessed, verdict.reason
    doc.irg_version = kinds.irg_version(doc.kind, as_of)
    doc.title = title if title is not None else (closure if doc.kind == d.KIND_CLOSURE else None)
    if doc.kind == d.KIND_LEGACY or (doc.kind == d.KIND_UNKNOWN and len(topics()) >= 3):
        _read_legacy(doc, lines, working, topics(), found_tables, as_of)
        return
    if doc.kind in (d.KIND_PRELIMINARY, d.KIND_FULL):
        values.description_from_prose(ctx, fields, doc.notes)
    doc.sections = irg_sections
    doc.fields = fields
    doc.factors = factors
    if doc.kind == d.KIND_FREEFORM:
        _read_freeform(doc, lines, working, found_tables, as_of)
        return
    _read_irg(doc, ctx, found_tables, as_of)


# Lines of the IRG 2.0 template itself (sub-headings, the example rows), which answer nothing.
_TEMPLATE_LINE_RE = re.compile(
    r"^(?:#+ *)?(?:what went well|what didn'?t go well|where we got lucky|details of affected certificates|"
    r"all times are utc\.?|yyyy-mm-dd:?|[-*]?\s*hh:mm example|\|?\s*action item\s*\|.*|\|?\s*-{3,}.*|\|?\s*example\s*\|.*|"
    r"https://crt\.sh/\?sha256=\[.*|n/?a\.?)$",
    re.IGNORECASE,
)


_FULL_ONLY = frozenset({d.SEC_RCA, d.SEC_ACTIONS, d.SEC_LESSONS})


def _answered(text: str) -> bool:
    """The section holds words of its own, beyond the template's sub-headings and example rows."""
    words = 0
    for ln in text.splitlines():
        ln = ln.strip()
        if ln and not _TEMPLATE_LINE_RE.match(ln[:200]):
            words += len(_WORD_RE.findall(ln))
            if words >= 8:  # enough: the rest cannot take words away
                return True
    return False


_WORD_RE = re.compile(r"[A-Za-z]{2,}")


_STEP_RE = re.compile(
    r"\b(?:we|the ca)(?:'ve| have| has| will| are going to| plan to| are)\s+(?:\w+\s+){0,3}?"
    r"(?:modif|implement|deploy|add|chang|updat|introduc|fix|patch|improv|train|remind|review|automat|extend|enhanc|block)\w*",
    re.IGNORECASE,
)
_LEADING_TIME_RE = re.compile(r"^(?:[-*+]\s+)?(?:on\s+|at\s+)?(?:\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s|"
                              r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s)", re.IGNORECASE)


def _read_freeform(
    doc: d.Document, lines: list[bl.Line], working: list[str], found: list[tables.RawTable], as_of: Optional[date]
) -> None:
    """A report without a template: what can be found. Timeline entries are the lines that begin
    with a timestamp (in a Timeline section when there is one, else anywhere); remediation steps
    are the paragraphs where the CA says what it changed or will change."""
    whole = d.Section(key="freeform", title="", line=0, end_line=len(lines), text="\n".join(working))
    ctx = values.Context(lines, [whole] + [s for s in doc.sections if s.key == d.SEC_TIMELINE], doc.origin == "text")
    keys = {d.SEC_TIMELINE} if doc.section(d.SEC_TIMELINE) else {"freeform"}
    zone, declared = timeline.find_zone(ctx, doc.section(d.SEC_TIMELINE) or whole)
    doc.timeline_zone = declared
    settings = timeline.settings(ctx, zone, as_of)
    entries = timeline.extract_timeline(ctx, keys, settings)
    doc.timeline = [e for e in entries if e.when is not None and _LEADING_TIME_RE.match(e.raw)]
    steps: list[d.TimelineEntry] = []
    seen: set[int] = set()
    for ln in lines:
        if ln.kind != bl.PARA or ln.block in seen or not _STEP_RE.search(ln.text):
            continue
        seen.add(ln.block)
        block = [o for o in lines if o.block == ln.block and o.kind == bl.PARA]
        text = " ".join(o.text for o in block)
        steps.append(d.TimelineEntry(raw=text, line=block[0].no, column=block[0].col, when=None, text=text))
    doc.legacy_remediation = steps
    _assign_tables(doc, values.Context(lines, doc.sections, doc.origin == "text"), found)


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
    doc.sections = outline.merged_topics(topics, outline.build_sections(topics, lines, working))
    _drop_repeated_questions(doc, lines)
    ctx = values.Context(lines, doc.sections, doc.origin == "text")
    section = doc.section("topic2")
    zone, declared = timeline.find_zone(ctx, section)
    doc.timeline_zone = declared
    settings = timeline.settings(ctx, zone, as_of)
    doc.timeline = timeline.extract_timeline(ctx, {"topic2"}, settings, doc.sections)
    doc.legacy_remediation = _without_copies(doc, timeline.extract_remediation(ctx, "topic7", settings, found, doc.sections))
    if not doc.legacy_remediation:
        doc.legacy_remediation = steps.line_steps(ctx, "topic7", settings)


def _without_copies(doc: d.Document, steps: list[d.TimelineEntry]) -> list[d.TimelineEntry]:
    """A step pasted twice (a topic repeated with its answer) is one step."""
    seen: set[str] = set()
    out: list[d.TimelineEntry] = []
    for step in steps:
        key = " ".join(step.raw.split()).casefold()
        if key in seen:
            doc.notes.append(f"line {step.line}: this remediation step repeats an earlier one word for word; read once")
            continue
        seen.add(key)
        out.append(step)
    return out


def _drop_repeated_questions(doc: d.Document, lines: list[bl.Line]) -> None:
    """A paragraph in a topic that restates the topic's question (before the answer, or again
    further down when a CA pasted a topic twice) is not an answer, nor a remediation step."""
    for s in doc.sections:
        n = int(s.key[5:])
        dropped = False
        for ln in lines[s.line : s.end_line]:
            if ln.kind == bl.BLANK or not outline.is_repeated_question(n, ln.text):
                continue
            if any(o.kind != bl.BLANK and o.no < ln.no for o in lines[s.line : s.end_line] if o.block == ln.block):
                continue  # the question's words quoted inside an answer paragraph
            for o in lines[s.line : s.end_line]:
                if o.block == ln.block:
                    o.kind, o.text = bl.BLANK, ""
            doc.notes.append(f"line {ln.no}: the question of legacy topic {n} is repeated; not read as an answer")
            dropped = True
        if dropped:
            s.text = "\n".join(ln.raw if ln.kind != bl.BLANK else "" for ln in lines[s.line : s.end_line])


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
