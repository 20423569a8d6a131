"""Step 2 of reading: the working view → one :class:`Line` per line, saying what Markdown made of it.

markdown-it-py (CommonMark + GFM tables) classifies the lines; only block structure is used (inline
parsing is disabled: values keep their Markdown as written). ``token.map`` is 0-based and
half-open; :class:`Line` numbers are 1-based. Lines markdown-it does not reach (lists nested deeper
than its limit) are kept as plain paragraph lines, so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

BLANK = "blank"
HEADING = "heading"
PARA = "para"  # paragraph text (also the text of list items)
TABLE = "table"  # a row of a pipe table
DELIM = "delim"  # the |---|---| row of a pipe table
CODE = "code"  # inside a fenced or indented code block (fence lines included)
HTML = "html"
HR = "hr"

MAX_NESTING = 40
INDENTED = "(indented)"  # ``info`` of an indented code block


@dataclass(slots=True)
class Line:
    no: int  # 1-based line number
    raw: str  # the working-view line
    kind: str = BLANK
    text: str = ""  # content without block markup (heading marks, list marker, indentation)
    col: int = 1  # 1-based column of ``text`` in ``raw``
    level: Optional[int] = None  # heading level
    depth: int = 0  # list nesting depth (0 = not in a list)
    item: bool = False  # first line of a list item
    marker: str = ""  # list marker of an item's first line: "-", "*", "1.", "2)"
    block: int = -1  # id of the block (paragraph, heading, table, code block)
    item_id: int = -1  # id of the innermost list item holding the line
    cells: Optional[list[tuple[str, int]]] = None  # table cells: (text, 1-based column)
    info: str = ""  # fence info string ("csv") on code lines
    code: Optional[str] = None  # a fenced block's content line, its own indentation kept (container's removed)


@dataclass(slots=True)
class Blocks:
    lines: list[Line]
    outer: dict[int, int] = field(default_factory=dict)  # 0-based start line → end (exclusive) of the outermost block
    truncated: bool = False  # markdown-it's nesting limit was reached


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    md.disable(["inline", "text_join"], ignoreInvalid=True)
    return md


_MD: Any = None


def classify(working: list[str]) -> Blocks:
    """Classify every line of the working view."""
    global _MD
    if _MD is None:
        _MD = _markdown()
    lines = [Line(no=i + 1, raw=s) for i, s in enumerate(working)]
    tokens = _MD.parse("\n".join(working))
    result = Blocks(lines=lines)
    _walk(tokens, lines, result)
    _fill_unreached(lines, result)
    return result


_BLOCK_OPENERS = frozenset(("heading_open", "paragraph_open", "fence", "code_block", "html_block", "hr", "table_open"))
# Tokens _walk only records in ``outer``: none of them is handled below, and none is a block opener.
_PASSIVE = frozenset((
    "inline", "paragraph_close", "heading_close", "blockquote_open", "blockquote_close", "table_close",
    "thead_close", "tbody_close", "tr_close", "th_open", "th_close", "td_open", "td_close",
))


def _walk(tokens: list[Any], lines: list[Line], result: Blocks) -> None:
    depth = 0
    items: list[int] = []  # stack of open list-item ids
    pending_item: Optional[tuple[int, str]] = None  # (line index, marker) of an item awaiting its first block
    block_id = 0
    table_header = False
    outer = result.outer
    for i, tok in enumerate(tokens):
        t = tok.type
        if tok.level == 0 and tok.map and tok.nesting >= 0:
            outer[tok.map[0]] = tok.map[1]
        if t in _PASSIVE:  # inline content and closing tokens other than a list's: nothing to do
            continue
        if t in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif t == "list_item_open":
            block_id += 1
            items.append(block_id)
            marker = tok.markup if tok.markup in ("-", "*", "+") else f"{tok.info}{tok.markup}"
            pending_item = (tok.map[0], marker)
            _mark_item(lines, tok.map, depth, block_id)
        elif t == "list_item_close":
            items.pop()
        elif t == "heading_open":
            block_id += 1
            _set_heading(lines, tok, tokens[i + 1], block_id)
        elif t == "paragraph_open":
            block_id += 1
            _set_paragraph(lines, tok, tokens[i + 1], depth, block_id)
        elif t in ("fence", "code_block"):
            block_id += 1
            _set_range(lines, tok.map, CODE, block_id, depth, info=tok.info.strip() if t == "fence" else INDENTED)
            if t == "fence":
                _set_code(lines, tok)
        elif t == "html_block":
            block_id += 1
            _set_range(lines, tok.map, HTML, block_id, depth)
        elif t == "hr":
            block_id += 1
            _set_range(lines, tok.map, HR, block_id, depth)
        elif t == "table_open":
            block_id += 1
        elif t == "thead_open":
            table_header = True
        elif t == "tbody_open":
            table_header = False
        elif t == "tr_open":
            _set_row(lines, tok, tokens, i, block_id, depth, table_header)
        if t in _BLOCK_OPENERS:
            if pending_item is not None and tok.map and tok.map[0] == pending_item[0]:
                line = lines[pending_item[0]]
                line.item, line.marker = True, pending_item[1]
                if t == "fence":
                    _drop_markers(line, tok.markup)
            pending_item = None


def _drop_markers(line: Line, fence: str) -> None:
    """A fence that opens on its list item's own line (``- ```csv``): the line's text starts at the
    fence, without the list marker(s) before it (no marker holds a backtick or tilde)."""
    at = line.raw.find(fence)
    if at >= 0:
        line.text = line.raw[at:].strip()
        line.col = at + 1


def _mark_item(lines: list[Line], span: list[int], depth: int, item_id: int) -> None:
    for j in range(span[0], min(span[1], len(lines))):
        lines[j].depth = depth
        lines[j].item_id = item_id


def _set_heading(lines: list[Line], tok: Any, inline: Any, block_id: int) -> None:
    a, b = tok.map
    for j in range(a, b):
        lines[j].kind = HEADING
        lines[j].block = block_id
        lines[j].level = int(tok.tag[1])
    first = lines[a]
    text = inline.content.split("\n")[0] if tok.markup.startswith("#") else inline.content.replace("\n", " ")
    first.text = text.strip()
    first.col = _column(first.raw, first.text)
    if b - a > 1:  # setext underline
        lines[b - 1].text = ""


def _set_paragraph(lines: list[Line], tok: Any, inline: Any, depth: int, block_id: int) -> None:
    a, b = tok.map
    pieces = inline.content.split("\n")
    # markdown-it strips the paragraph's content with Python's str.strip, which also takes leading
    # lines that hold only Unicode spaces (U+00A0, U+2000...) that Markdown itself counts as text:
    # skip as many source lines, so each piece stays on its own line.
    lead = 0
    while lead < b - a - len(pieces) and not lines[a + lead].raw.strip():
        lead += 1
    for k, j in enumerate(range(a, b)):
        line = lines[j]
        line.kind = PARA
        line.block = block_id
        line.depth = max(line.depth, depth)
        k -= lead
        piece = pieces[k] if 0 <= k < len(pieces) else line.raw.strip()
        line.text = piece.strip()
        line.col = _column(line.raw, line.text)


def _set_range(lines: list[Line], span: list[int], kind: str, block_id: int, depth: int, info: str = "") -> None:
    for j in range(span[0], min(span[1], len(lines))):
        line = lines[j]
        line.kind = kind
        line.block = block_id
        line.depth = max(line.depth, depth)
        line.text = line.raw.strip()
        line.col = _column(line.raw, line.text)
        line.info = info


def _set_code(lines: list[Line], fence: Any) -> None:
    """The content lines of a fence as markdown-it gives them: the list / quote indentation that
    holds the block is removed, the code's own indentation is kept."""
    start = fence.map[0] + 1
    for k, piece in enumerate(fence.content.split("\n")[:-1]):  # content ends with a newline
        if start + k < len(lines):
            lines[start + k].code = piece


def value_line(line: Line) -> str:
    """A line as part of a multi-line value: its text without the surrounding indentation, except
    in a fenced code block, whose lines keep their own."""
    return line.code if line.code is not None else line.raw.strip()


def _set_row(lines: list[Line], tok: Any, tokens: list[Any], i: int, block_id: int, depth: int, header: bool) -> None:
    j = tok.map[0]
    if j >= len(lines):
        return
    line = lines[j]
    cells: list[str] = []
    k = i + 1
    while k < len(tokens) and tokens[k].type != "tr_close":
        if tokens[k].type == "inline":
            cells.append(tokens[k].content.strip())
        k += 1
    line.kind = TABLE
    line.block = block_id
    line.depth = max(line.depth, depth)
    line.text = line.raw.strip()
    line.col = _column(line.raw, line.text)
    line.cells = _locate_cells(line.raw, cells)
    line.info = "header" if header else ""
    if header and j + 1 < len(lines):
        delim = lines[j + 1]
        delim.kind, delim.block, delim.text = DELIM, block_id, delim.raw.strip()


def _locate_cells(raw: str, cells: list[str]) -> list[tuple[str, int]]:
    """Give each cell the column where it starts in ``raw`` (searching left to right)."""
    out: list[tuple[str, int]] = []
    pos = 0
    for cell in cells:
        probe = cell.replace("|", "\\|") if cell and cell not in raw[pos:] else cell
        k = raw.find(probe, pos) if probe else -1
        if k < 0:
            bar = raw.find("|", pos)
            k = bar + 1 if bar >= 0 else pos
            out.append((cell, k + 1))
            continue
        out.append((cell, k + 1))
        pos = k + len(probe)
    return out


def _column(raw: str, text: str) -> int:
    """1-based column where ``text`` (a suffix of ``raw`` up to trailing spaces) starts."""
    body = raw.rstrip()
    t = text.rstrip()
    if t and body.endswith(t):
        return len(body) - len(t) + 1
    return len(raw) - len(raw.lstrip()) + 1


def code_to_text(lines: list[Line]) -> None:
    """In text copied from a rendered page, indentation means nothing: indented "code" is text."""
    for line in lines:
        if line.kind == CODE and line.info == INDENTED:
            line.kind = PARA
            line.info = ""


# ``[1]: https://...``: a link reference definition, which markdown-it turns into no token at all.
_LINK_REFERENCE_RE = re.compile(r" {0,3}\[[^\]\n]{1,999}\]:")


def _fill_unreached(lines: list[Line], result: Blocks) -> None:
    """Lines markdown-it did not classify: blank stays blank, anything else becomes plain text."""
    block_id = 10**9
    for line in lines:
        if line.kind == BLANK and line.raw.strip():
            if line.block == -1 and not _LINK_REFERENCE_RE.match(line.raw):
                result.truncated = True  # a link reference definition has no token, and that is normal
            block_id += 1
            line.kind = PARA
            line.block = block_id
            line.text = line.raw.strip()
            line.col = _column(line.raw, line.text)


def detach_glued_titles(lines: list[Line], is_title: Callable[[str], bool]) -> int:
    """Text copied from a rendered page has no blank lines, so a section title that follows a list
    item is read by Markdown as the item's lazy continuation ("- 14:00 deployed" then "Root Cause
    Analysis" on the next line, unindented). Such a line, when it is exactly a title, leaves the list
    with the rest of its paragraph (up to the next item): it starts a block of its own at depth 0.
    Returns how many lines were moved."""
    moved = 0
    block_id = 2 * 10**9
    i = 0
    while i < len(lines):
        line = lines[i]
        glued = (
            line.kind == PARA
            and line.depth > 0
            and not line.item
            and line.raw[:1].strip() != ""
            and len(line.text) <= 80
            and is_title(line.text)
        )
        if not glued:
            i += 1
            continue
        block_id += 1
        old = line.block
        j = i
        while j < len(lines) and lines[j].kind == PARA and lines[j].block == old and not lines[j].item:
            lines[j].depth, lines[j].item_id, lines[j].block = 0, -1, block_id
            moved += 1
            j += 1
        i = j
    return moved
