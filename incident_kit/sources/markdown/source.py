"""Step 1 of reading: text → normalised text → the *working view* (:mod:`incident_kit.sources.files` decodes the bytes).

The working view has exactly the lines of the normalised text, with the parts that are not report
content blanked out (replaced by spaces, so that columns stay where they were):

* HTML comments (``<!-- ... -->``). Suppression comments
  (``<!-- incident-kit: ignore IK304, IK305 -- reason -->``) are remembered before they are blanked;
  test-case headers (``<!-- case: ... -->``) are skipped like any other comment.
* Bugzilla reply quotes: the ``(In reply to ... from comment #3)`` line and ``> ...`` lines. A text
  that is quoted almost as a whole (a report forwarded in a mail archive) is unquoted instead.
* The page furniture of text copied from a rendered Bugzilla page: comment headers
  (``Comment 1•10 days ago``), ``Updated•…``, the ``| Assignee | ||`` rows and lone ``|`` lines, and
  activity lines (``Whiteboard: old → new``). Comment headers split the text into the comments it
  holds (:attr:`Source.parts`).
* Rendered-page bullets: a lone ``-`` line before the item it belongs to (which Markdown would
  read as a heading underline) is blanked, and ``•`` bullets become ``-`` bullets.

Nothing here imports a heavy module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional


# Characters str.splitlines() treats as line breaks besides \n and \r. Editors and markdown-it do not,
# so they are replaced by a space to keep line numbers identical everywhere.
_EXTRA_BREAKS = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), " ")
_BREAK_CHARS = tuple(map(chr, _EXTRA_BREAKS))

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE_RE = re.compile(r"^ {0,3}>")
_IN_REPLY_RE = re.compile(r"^\s*\(In reply to .{0,200}?\)\s*$", re.IGNORECASE)
_SUPPRESS_RE = re.compile(
    r"^<!--\s*incident-kit\s*:\s*(?:ignore|disable|noqa)\b(?P<body>.*?)-->$", re.IGNORECASE | re.DOTALL
)
_CODE_RE = re.compile(r"\bIK\d{3}\b", re.IGNORECASE)

# Rendered Bugzilla page furniture (one whole line each).
_COMMENT_HEAD_RE = re.compile(r"^\s*Comment\s+\d+\s*•.{0,80}$")
_PAGE_CHROME_RE = re.compile(
    r"^\s*(?:Updated\s*•.{0,80}|\|{1,2}|(?:\|\s*)?(?:Assignee|Reporter|QA Contact|Flags)\s*\|\s*\|\|?)\s*$"
)
_ACTIVITY_RE = re.compile(
    r"^\s*(?:Whiteboard|Assignee|Status|Summary|Resolution|Flags|Keywords|CC|See Also|Blocks|Depends on|"
    r"Product|Component|Severity|Priority|Type|Version|Hardware|URL|Attachment\s*#\d+[^:]{0,60})\s*:"
    r".{0,300}?\s→\s.{0,300}$"
)
# Lines Bugzilla shows inside a run of activity lines without an arrow: a field set for the first
# time ("Ever confirmed: true", "Whiteboard: [ca-compliance] [ov-misissuance]"). Only read as furniture
# next to an arrow line of the same run.
_ACTIVITY_SET_RE = re.compile(
    r"^\s*(?:Ever confirmed\s*:\s*(?:true|false)|(?:Whiteboard|Keywords)\s*:\s*(?:\[[^\]\n]{1,80}\]\s*){1,12}|"
    r"(?:Status|Resolution)\s*:\s*[A-Z]{3,12}(?:\s+[A-Z]{3,12})?|(?:Assignee|QA Contact)\s*:\s*\S{1,80})\s*$"
)
_UPDATED_RE = re.compile(r"^\s*Updated\s*•")
_LONE_BULLET_RE = re.compile(r"^\s*[-•]\s*$")
_DOT_BULLET_RE = re.compile(r"^(\s*)•(?=\s)")


@dataclass(slots=True)
class RawSuppression:
    """A suppression comment, before the block it covers is known."""

    codes: list[str]
    reason: str
    line: int  # line of the comment's start
    end_line: int  # line of the comment's end
    inline: bool  # other content shares the comment's last line


@dataclass(slots=True)
class Source:
    """The normalised text and its working view."""

    text: str
    lines: list[str]  # working view, one entry per line of ``text``
    suppressions: list[RawSuppression] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parts: list[tuple[int, int]] = field(default_factory=list)  # 1-based line ranges of the comments held
    # the lines the fence mask was last computed for, and that mask (see _mask_of)
    _fences: Optional[tuple[list[str], list[bool]]] = field(default=None, init=False, repr=False, compare=False)


def normalise(text: str) -> str:
    """Drop a BOM, turn CRLF / CR into LF and odd Unicode line breaks into spaces."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(ch in text for ch in _BREAK_CHARS):
        return text  # nothing to replace: a search per character is much cheaper than a translation
    return text.translate(_EXTRA_BREAKS)


def prepare(text: str) -> Source:
    """Build the working view of normalised ``text``."""
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    src = Source(text=text, lines=list(lines))
    _plain_indentation(src)
    _blank_comments(src)
    _blank_page_chrome(src)
    _blank_quotes(src)
    _rendered_bullets(src)
    return src


_NBSP_INDENT_RE = re.compile(r"^[ \t]*[\u00a0\u2007\u202f][ \t\u00a0\u2007\u202f]*(?=(?:[-*+\u2022]|\d{1,3}[.)])[ \t])")


def _plain_indentation(src: Source) -> None:
    """A list item indented with no-break spaces (a rich editor's, or a copy's) is a sub-bullet:
    Markdown sees only spaces, so it would read as a paragraph starting with "- ". Each leading
    no-break space before a list marker becomes one space (columns stay where they were); other
    lines keep theirs (four of them before a paragraph would make it code)."""
    lines = src.lines
    for i, s in enumerate(lines):
        if s[:1] and s[0] in " \t\u00a0\u2007\u202f":
            m = _NBSP_INDENT_RE.match(s)
            if m:
                lines[i] = " " * m.end() + s[m.end():]


def _blank_page_chrome(src: Source) -> None:
    """Blank the furniture of a rendered bug page; comment headers split the text into parts."""
    lines = src.lines
    mask = _mask_of(src)
    # both need the bullet "•": lines without it are not searched
    heads = [i for i, s in enumerate(lines) if not mask[i] and "•" in s and _COMMENT_HEAD_RE.match(s)]
    updated = [i for i, s in enumerate(lines) if not mask[i] and "•" in s and _UPDATED_RE.match(s)]
    page = bool(heads or updated)
    runs = _activity_runs(lines, mask)
    activity = {i for a, b in runs for i in range(a, b + 1)}
    blanked: list[int] = []
    for i, s in enumerate(lines):
        if mask[i] or not s.strip():
            continue
        if i in heads or i in activity or (page and _PAGE_CHROME_RE.match(s)):
            lines[i] = ""
            blanked.append(i + 1)
    if blanked:
        src.notes.append(f"skipped {len(blanked)} line(s) of bug-page furniture ({_ranges(blanked)}): not part of the report")
    # A run of activity lines with text on both sides also ends a comment: the rendered page shows
    # the changes made with a comment right under it, and some captures drop the next header.
    text_at = [i for i, s in enumerate(lines) if s.strip()]
    between = [b for a, b in runs if text_at and text_at[0] < a and text_at[-1] > b]
    bounds = sorted(set(heads) | set(updated) | set(between))
    if not bounds:
        return
    # Each comment header (and the "Updated•" line under the bug's description) ends one comment;
    # the next starts after it.
    starts = [0] + [i + 1 for i in bounds]
    ends = bounds + [len(lines)]
    for a, b in zip(starts, ends):
        while b > a and not lines[b - 1].strip():
            b -= 1
        while a < b and not lines[a].strip():
            a += 1
        if b > a:
            src.parts.append((a + 1, b))


def _activity_runs(lines: list[str], mask: list[bool]) -> list[tuple[int, int]]:
    """Runs of consecutive activity lines ``(first, last)`` (0-based, inclusive): each holds at
    least one ``Field: old → new`` line; field-set lines without an arrow count only inside a run."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        j = i
        arrow = False
        while j < len(lines) and not mask[j] and lines[j].strip():
            # an activity line holds an arrow and a colon; a field-set line a colon
            if "→" in lines[j] and _ACTIVITY_RE.match(lines[j]):
                arrow = True
            elif ":" not in lines[j] or not _ACTIVITY_SET_RE.match(lines[j]):
                break
            j += 1
        if arrow and j > i:
            runs.append((i, j - 1))
            i = j
        else:
            i = j if j > i else i + 1
    return runs


def _rendered_bullets(src: Source) -> None:
    """A lone ``-`` / ``•`` line before its item's text is blanked; ``•`` bullets become ``-``."""
    lines = src.lines
    mask = _mask_of(src)
    for i, s in enumerate(lines):
        if mask[i]:
            continue
        if _LONE_BULLET_RE.match(s) and (i + 1 >= len(lines) or not _LONE_BULLET_RE.match(lines[i + 1])):
            lines[i] = ""
        elif "•" in s:
            lines[i] = _DOT_BULLET_RE.sub(r"\1-", s)


def _mask_of(src: Source) -> list[bool]:
    """The fence mask of ``src.lines``, computed again only when a step changed a line since
    (the steps that blank lines each need it; most change nothing)."""
    cached = src._fences
    if cached is not None and cached[0] == src.lines:
        return cached[1]
    mask = _fence_mask(src.lines)
    src._fences = (list(src.lines), mask)
    return mask


def _fence_mask(lines: list[str]) -> list[bool]:
    """True for lines inside (or delimiting) a fenced code block."""
    mask = [False] * len(lines)
    fence: str | None = None
    for i, line in enumerate(lines):
        m = _FENCE_RE.match(line) if ("```" in line or "~~~" in line) else None  # a fence needs three of either
        if fence is None:
            if m:
                fence = m.group(1)
                mask[i] = True
        else:
            mask[i] = True
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip(" `~"):
                fence = None
    return mask


def _blank_comments(src: Source) -> None:
    """Blank every ``<!-- ... -->`` outside code fences, remembering suppressions."""
    lines = src.lines
    if "<!--" not in "\n".join(lines):
        return  # only a line that opens a comment starts the work below
    mask = _mask_of(src)
    next_close = _next_index(lines, mask, lambda s: "-->" in s)
    next_fence = _next_index(lines, mask, None)
    i = 0
    while i < len(lines):
        if mask[i] or "<!--" not in lines[i]:
            i += 1
            continue
        start = lines[i].index("<!--")
        end_line, end_col = _find_comment_end(lines, i, start + 4, next_close, next_fence)
        if end_line is None:
            src.notes.append(f"line {i + 1}: an HTML comment is opened here but never closed; it was read as text")
            i += 1
            continue
        comment = _cut(lines, i, start, end_line, end_col)
        _remember_suppression(src, comment, i, end_line, start, end_col)
        _blank_range(lines, i, start, end_line, end_col)
        # The same line may hold another comment after this one.
        i = end_line


def _next_index(lines: list[str], mask: list[bool], pred) -> list[int]:  # type: ignore[no-untyped-def]
    """For each line, the index of the first line at or after it that satisfies ``pred`` (outside
    fences), or that is inside a fence when ``pred`` is None; ``len(lines)`` when there is none."""
    out = [len(lines)] * (len(lines) + 1)
    for j in range(len(lines) - 1, -1, -1):
        hit = mask[j] if pred is None else (not mask[j] and pred(lines[j]))
        out[j] = j if hit else out[j + 1]
    return out


def _find_comment_end(
    lines: list[str], line: int, col: int, next_close: list[int], next_fence: list[int]
) -> tuple[int | None, int]:
    """Where the comment opened at (line, col) ends: (line index, column after ``-->``)."""
    k = lines[line].find("-->", col)
    if k >= 0:
        return line, k + 3
    j = next_close[line + 1]
    if j >= len(lines) or next_fence[line + 1] < j:
        return None, 0
    return j, lines[j].find("-->") + 3


def _cut(lines: list[str], l1: int, c1: int, l2: int, c2: int) -> str:
    if l1 == l2:
        return lines[l1][c1:c2]
    parts = [lines[l1][c1:], *lines[l1 + 1 : l2], lines[l2][:c2]]
    return "\n".join(parts)


def _blank_range(lines: list[str], l1: int, c1: int, l2: int, c2: int) -> None:
    if l1 == l2:
        s = lines[l1]
        lines[l1] = s[:c1] + " " * (c2 - c1) + s[c2:]
        return
    lines[l1] = lines[l1][:c1]
    for j in range(l1 + 1, l2):
        lines[j] = ""
    lines[l2] = " " * c2 + lines[l2][c2:]


def _remember_suppression(src: Source, comment: str, l1: int, l2: int, c1: int, c2: int) -> None:
    m = _SUPPRESS_RE.match(comment)
    if not m:
        return
    body = m.group("body")
    parts = re.split(r"\s--(?:\s|$)|\s—\s", body, maxsplit=1)
    codes_part, reason = parts[0], (parts[1] if len(parts) > 1 else "")
    codes = [c.upper() for c in _CODE_RE.findall(codes_part)]
    rest = src.lines[l2][c2:].strip()
    before = src.lines[l1][:c1].strip()
    src.suppressions.append(
        RawSuppression(
            codes=codes,
            reason=" ".join(reason.split()),
            line=l1 + 1,
            end_line=l2 + 1,
            inline=bool(rest or before),
        )
    )
    if not codes:
        src.notes.append(f"line {l1 + 1}: an incident-kit suppression comment names no IKnnn code; it has no effect")


def _blank_quotes(src: Source) -> None:
    """Blank Bugzilla reply quotes; record one note with the lines skipped. A text quoted almost as
    a whole (a forwarded report in a mail archive) is unquoted instead."""
    lines = src.lines
    mask = _mask_of(src)
    content = [i for i, s in enumerate(lines) if s.strip() and not mask[i]]
    quoted = [i for i in content if ">" in lines[i][:4] and _QUOTE_RE.match(lines[i])]  # ">" within 3 spaces
    if len(content) >= 3 and len(quoted) >= 0.6 * len(content):
        for i in quoted:
            lines[i] = re.sub(r"^( {0,3})((?:> ?)+)", lambda m: m.group(1) + " " * len(m.group(2)), lines[i])
        src.notes.append(f"the text is quoted as a whole ({len(quoted)} line(s)); it was read without the quote marks")
        return
    skipped: list[int] = []
    for i, line in enumerate(lines):
        if mask[i]:
            continue
        if (">" in line[:4] and _QUOTE_RE.match(line)) or ("(" in line and _IN_REPLY_RE.match(line)):
            lines[i] = ""
            skipped.append(i + 1)
    if skipped:
        src.notes.append(
            f"skipped {len(skipped)} quoted reply line(s) ({_ranges(skipped)}): quotes of earlier comments are not part of the report"
        )


def _ranges(numbers: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"lines 3-5, 9"``."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return "lines " + ", ".join(out) if len(numbers) > 1 else f"line {numbers[0]}"
