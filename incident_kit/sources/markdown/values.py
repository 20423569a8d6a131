"""Step 4 of reading: labelled values (summary / impact / closure fields), contributing-factor
blocks, lessons learned and the closure sentence.

A value is the text after its label plus the lines that continue it: the rest of its paragraph,
and for a list item the lines and sub-items nested under it, up to the next label or section.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Optional

from incident_kit import document as d
from incident_kit.sources.markdown import vocab
from incident_kit.sources.markdown.blocks import BLANK, CODE, HEADING, PARA, TABLE, Line, value_line

_FACTOR_TITLE_RE = re.compile(
    r"^(?:root cause|contributing factor|factor)\s*(?:#|no\.?)?\s*(?P<n>\d{1,3})?\s*(?:[:.\-\u2013\u2014)]\s*|\s+|$)(?P<title>.*)$",
    re.IGNORECASE,
)


_LEADING_BOLD_RE = re.compile(r"^(\*\*|__)(.+?)\1")


class Context:
    """What the value extractors share: lines, where each line's section is, section starts."""

    def __init__(self, lines: list[Line], sections: list[d.Section], text_origin: bool):
        self.lines = lines
        self.text_origin = text_origin
        self.section_at: list[Optional[str]] = [None] * (len(lines) + 2)
        self.starts: set[int] = set()
        for s in sections:
            self.starts.add(s.line)
            for n in range(s.line, s.end_line + 1):
                self.section_at[n] = s.key
        self.present = {s.key for s in sections}

    def span(self, key: str) -> Iterable[Line]:
        return (ln for ln in self.lines if self.section_at[ln.no] == key)


# --- labels -----------------------------------------------------------------------------------


def any_label(line: Line) -> Optional[str]:
    """The vocabulary a labelled line belongs to ("field", "factor", "lesson"), else None."""
    if line.kind != PARA:
        return None
    found = vocab.split_label(line.text)
    if found is None:
        return None
    if not (found[3] or line.item or line.depth == 0):
        return None  # "Note: ..." in a paragraph continuing a list item is text, not a label
    key = vocab.label_key(found[0])
    if key in vocab.FIELD_LABELS:
        return "field"
    if key in vocab.FACTOR_LABELS:
        return "factor"
    if vocab.lesson_category(found[0]):
        return "lesson"
    return None


def follow(ctx: Context, index: int, stop: Callable[[Line], bool]) -> list[Line]:
    """Lines continuing the value that starts on ``ctx.lines[index]``."""
    base = ctx.lines[index]
    out: list[Line] = []
    lines = ctx.lines
    for j in range(index + 1, len(lines)):  # no slicing: a copy per value would be quadratic
        ln = lines[j]
        if ln.kind == BLANK:
            if base.depth == 0:
                break
            continue
        if ln.no in ctx.starts or ln.kind not in (PARA, CODE) or stop(ln):
            break
        if base.depth == 0:
            if ln.block != base.block:
                break
        elif ln.depth < base.depth or (ln.depth == base.depth and (ln.item or ln.item_id != base.item_id)):
            break
        out.append(ln)
    return out


def joined(first: str, more: list[Line], start: int) -> str:
    """The value's text: its lines joined by newlines, a blank line kept where paragraphs break."""
    parts = [first.rstrip()]
    previous = start
    for ln in more:
        if ln.no > previous + 1:
            parts.append("")
        parts.append(value_line(ln))
        previous = ln.no
    return "\n".join(parts).strip()


def _located_value(line: Line, value: str, offset: int, more: list[Line]) -> d.Located:
    column = line.col + offset if value.strip() else line.col + len(line.text)
    return d.Located(joined(value, more, line.no), line.no, column)


# --- fields -----------------------------------------------------------------------------------

_HOMES = {
    d.F_INCIDENT_DESCRIPTION: (d.SEC_SUMMARY, d.SEC_CLOSURE),
}


def extract_fields(ctx: Context, fields: dict[str, d.Located], notes: list[str]) -> None:
    """Every summary / impact / closure field, in its own section (or, when bold, wherever it is
    and its section heading is missing). A label may stand without its colon on a line of its own
    (``### Relevant policies``, or a bare line in text copied from the rendered page); a value may
    stand on the following lines or sub-bullets. The Source is one of three choices: the lines
    after it are not part of it."""
    for i, line in enumerate(ctx.lines):
        found = _field_label(line)
        if found is None:
            continue
        label, value, offset, bold = found
        key = vocab.FIELD_LABELS.get(vocab.label_key(label))
        if key is None or not _believable(ctx, line, key, bold or line.kind == HEADING):
            continue
        if key in fields:
            notes.append(f"line {line.no}: a second {label!r} field; the first (line {fields[key].line}) is used")
            continue
        if not value.strip():
            more = follow_below(ctx, i)
            if len(more) == 1 and more[0].item:  # one sub-bullet: its text (without the marker) is the value
                located = _located_value(line, value, offset, [])
                fields[key] = d.Located(more[0].text.strip(), located.line, located.column)
                continue
        else:
            more = follow(ctx, i, lambda ln: any_label(ln) is not None or _bare_label(ln) is not None)
            if key == d.F_SOURCE:
                more = [ln for ln in more if ln.depth > line.depth]
        fields[key] = _located_value(line, value, offset, more)


def description_from_prose(ctx: Context, fields: dict[str, d.Located], notes: list[str]) -> None:
    """A Summary that opens with prose and has no "Incident description" label: that prose is the
    description (reports written before the labels were habit, or copied without them)."""
    if d.F_INCIDENT_DESCRIPTION in fields or d.SEC_SUMMARY not in ctx.present:
        return
    body = [ln for ln in ctx.span(d.SEC_SUMMARY) if ln.no not in ctx.starts and ln.kind != BLANK]
    if not body or body[0].kind != PARA or body[0].item or _field_label(body[0]) is not None or any_label(body[0]):
        return
    first = body[0]
    block = [ln for ln in body if ln.block == first.block]
    fields[d.F_INCIDENT_DESCRIPTION] = d.Located(joined(first.text, block[1:], first.no), first.no, first.col)
    notes.append(f"line {first.no}: the Summary's opening prose is read as the Incident description (it has no label)")


def _field_label(line: Line) -> Optional[tuple[str, str, int, bool]]:
    """(label, value, value offset, bold?) for a line that opens a field: ``Label: value``, or a
    line that is nothing but a field label (a heading, a bold line, a bare line)."""
    if line.kind == PARA:
        found = vocab.split_label(line.text)
        if found is not None and vocab.label_key(found[0]) in vocab.FIELD_LABELS:
            return found
    bare = _bare_label(line)
    return (bare, "", len(line.text), line.kind == HEADING or vocab.bold_only(line.text) is not None) if bare else None


def _bare_label(line: Line) -> Optional[str]:
    """A line that is exactly a field label, without a colon."""
    if line.kind not in (PARA, HEADING) or len(line.text) > 80:
        return None
    text = vocab.bold_only(line.text) or line.text
    return text if vocab.label_key(text) in vocab.FIELD_LABELS else None


def follow_below(ctx: Context, index: int) -> list[Line]:
    """The value of a label that has none on its own line: the lines and sub-bullets below it, up
    to the next label, heading or section, across blank lines only into a list or a first
    paragraph, or through every paragraph when the next label of the section follows them (the
    paragraphs between two labels belong to the first)."""
    out: list[Line] = []
    lines = ctx.lines
    sandwiched: Optional[bool] = None
    for j in range(index + 1, len(lines)):
        ln = lines[j]
        if ln.no in ctx.starts or ln.kind == HEADING or any_label(ln) is not None or _bare_label(ln) is not None:
            break
        if ln.kind == BLANK:
            nxt = next((x for x in lines[j + 1 :] if x.kind != BLANK), None)
            if out and (nxt is None or not (nxt.item or nxt.depth > 0) or not (out[-1].item or out[-1].depth > 0)):
                if sandwiched is None:
                    sandwiched = _label_after_paragraphs(ctx, j)
                if not sandwiched:
                    break
            continue
        if ln.kind not in (PARA, CODE, TABLE):
            break
        out.append(ln)
    return out


def _label_after_paragraphs(ctx: Context, index: int) -> bool:
    """Whether only plain paragraphs (no heading, list, table or section start) stand between
    ``ctx.lines[index]`` and the next field label of the same section."""
    lines = ctx.lines
    here = ctx.section_at[lines[index].no]
    for ln in lines[index + 1 :]:
        if ln.kind == BLANK:
            continue
        if ln.no in ctx.starts or ln.kind == HEADING or ctx.section_at[ln.no] != here:
            return False
        found = _field_label(ln)
        if found is not None or any_label(ln) is not None:
            return found is not None and vocab.FIELD_LABELS.get(vocab.label_key(found[0])) is not None
        if ln.kind != PARA or ln.item or ln.depth > 0:
            return False
    return False


def _believable(ctx: Context, line: Line, key: str, bold: bool) -> bool:
    homes = _HOMES.get(key, (vocab.FIELD_HOME[key],))
    here = ctx.section_at[line.no]
    if here in homes:
        return True
    if any(h in ctx.present for h in homes):
        return False
    return bold or here is None


# --- contributing factors ---------------------------------------------------------------------


def factor_title(line: Line) -> Optional[tuple[Optional[int], str]]:
    """``**Contributing Factor #1: title**`` (bold, heading, list item or plain) → (1, "title")."""
    if line.kind not in (PARA, HEADING):
        return None
    if line.kind == PARA and line.depth > 0 and not line.item:
        return None  # a later paragraph of a list item continues that item's value
    text = line.text
    # the leading-bold pattern is anchored: it can only change a text that opens with its marks
    unbolded = _LEADING_BOLD_RE.sub(r"\2", text) if text.startswith(("**", "__")) else text
    text = vocab.bold_only(text) or unbolded.strip()
    m = _FACTOR_TITLE_RE.match(text)
    if not m:
        return None
    key = vocab.label_key(text)
    if key in vocab.FACTOR_LABELS or key in vocab.SECTION_TITLES:
        return None
    n = int(m.group("n")) if m.group("n") else None
    if n is None and not text.lower().startswith("contributing factor"):
        return None
    return n, m.group("title").strip()


def extract_factors(ctx: Context, section_keys: Iterable[str]) -> list[d.ContributingFactorBlock]:
    """One block per "Contributing Factor #N: title", with its five labelled fields. Labels met
    before any title open an untitled block (number None)."""
    keys = set(section_keys)
    out: list[d.ContributingFactorBlock] = []
    spans: list[list[str]] = []
    for i, line in enumerate(ctx.lines):
        if ctx.section_at[line.no] not in keys or line.no in ctx.starts:
            continue
        ft = factor_title(line)
        if ft is not None:
            out.append(d.ContributingFactorBlock(number=ft[0], title=ft[1], line=line.no))
            spans.append([line.raw])
            continue
        fkey = _factor_label(line)
        if fkey is not None and not out:
            out.append(d.ContributingFactorBlock(number=None, title="", line=line.no))
            spans.append([])
        if not out:
            continue
        spans[-1].append(line.raw)
        found = vocab.split_label(line.text)
        if fkey is not None and found is not None and fkey not in out[-1].fields:
            more = follow(ctx, i, lambda ln: any_label(ln) is not None or factor_title(ln) is not None)
            out[-1].fields[fkey] = _located_value(line, found[1], found[2], more)
    for block, raw_lines in zip(out, spans):
        block.text = "\n".join(raw_lines).strip()
    return out


def _factor_label(line: Line) -> Optional[str]:
    if line.kind != PARA:
        return None
    found = vocab.split_label(line.text)
    return vocab.FACTOR_LABELS.get(vocab.label_key(found[0])) if found else None


# --- lessons learned --------------------------------------------------------------------------


def extract_lessons(
    ctx: Context, section_keys: Iterable[str], fields: dict[str, d.Located]
) -> list[d.LessonEntry]:
    """One entry per bullet (or line, or inline answer) under each lessons category."""
    keys = set(section_keys)
    out: list[d.LessonEntry] = []
    category: Optional[str] = None
    cat_depth = 0
    entry: Optional[d.LessonEntry] = None
    last = 0
    for line in ctx.lines:
        if ctx.section_at[line.no] not in keys or line.no in ctx.starts or line.kind == BLANK:
            continue
        gap, last = line.no > last + 1, line.no
        cat = _category_marker(line)
        if cat is not None:
            category, value, offset = cat
            cat_depth = line.depth
            entry = None
            if category not in _field_keys(fields):
                column = line.col + offset if value.strip() else line.col + len(line.text)
                fields[vocab.LESSON_FIELD_PREFIX + category] = d.Located(value.strip(), line.no, column)
            if value.strip() and not d.Located(value).is_na:
                entry = _new_entry(out, category, value.strip(), line.no)
            continue
        if category is None or line.kind not in (PARA, CODE):
            continue
        if _starts_entry(ctx, line, cat_depth, entry):
            entry = _new_entry(out, category, line.text, line.no)
        elif entry is not None:
            entry.text += ("\n\n" if gap else "\n") + value_line(line)
        else:
            entry = _new_entry(out, category, line.text, line.no)
    for e in out:
        e.action_items = vocab.lesson_refs(e.text)
    return out


def _field_keys(fields: dict[str, d.Located]) -> set[str]:
    p = vocab.LESSON_FIELD_PREFIX
    return {k[len(p) :] for k in fields if k.startswith(p)}


def _new_entry(out: list[d.LessonEntry], category: str, text: str, line: int) -> d.LessonEntry:
    entry = d.LessonEntry(category=category, text=text.strip(), line=line)
    out.append(entry)
    return entry


def _category_marker(line: Line) -> Optional[tuple[str, str, int]]:
    """(category, inline value, value offset) for "What went well:" lines, headings and bold lines."""
    if line.kind == HEADING or (line.kind == PARA and vocab.bold_only(line.text) is not None):
        title = vocab.bold_only(line.text) or line.text
        cat = vocab.lesson_category(title)
        return (cat, "", len(line.text)) if cat else None
    if line.kind != PARA:
        return None
    found = vocab.split_label(line.text)
    if found is None:
        return None
    cat = vocab.lesson_category(found[0])
    if cat is None:
        return None
    return cat, found[1], found[2]


def _starts_entry(ctx: Context, line: Line, cat_depth: int, entry: Optional[d.LessonEntry]) -> bool:
    if line.item:
        return line.depth <= cat_depth + 1
    if entry is None:
        return True
    previous = ctx.lines[line.no - 2]
    if ctx.text_origin:
        return True
    return previous.block != line.block and line.depth <= cat_depth


# --- closure sentence -------------------------------------------------------------------------


def closing_sentence(ctx: Context, key: Optional[str]) -> Optional[d.Located]:
    """The last plain paragraph of the closure section (outside fields, lists and tables)."""
    best: Optional[d.Located] = None
    block = -1
    for line in ctx.lines:
        if key is not None and ctx.section_at[line.no] != key:
            continue
        if line.kind != PARA or line.depth > 0 or line.no in ctx.starts or any_label(line):
            block = -1
            continue
        if vocab.bold_only(line.text) is not None:
            continue
        if line.block == block and best is not None:
            best.raw += " " + line.text
        else:
            best = d.Located(line.text, line.no, line.col)
            block = line.block
    return best
