"""Render a drafting model to Bugzilla-ready Markdown.

``render(report)`` turns any model of :data:`incident_kit.model.REPORT_MODELS` into the Markdown a
CA pastes into bugzilla.mozilla.org. The layout lives in ``templates/<kind>.md.j2`` (shared pieces in
``templates/_macros.j2``); this module holds the escaping and formatting filters the templates use.

Output shape (IRG 3.x, CCADB Incident Reporting Guidelines 3.2 "Incident Report Templates")
-------------------------------------------------------------------------------------------

* Headings, bold labels (colon inside the bold), field order and the 3-space indent of the
  Timeline summary sub-bullets are those of the IRG templates. The Closure report starts at
  ``### Report Closure Summary`` and ends with :data:`incident_kit.model.CLOSURE_SENTENCE`.
* Timeline entries: ``- YYYY-MM-DD HH:MM UTC – text`` (en dash), always converted to UTC, in draft
  order (the linter, not the renderer, judges chronology). IRG 2.0 follows its own template:
  ``All times are UTC.``, then ``YYYY-MM-DD:`` lines each followed by ``- HH:MM text`` entries.
* Lessons Learned (IRG 3.x): ``- **What went well:**`` followed by sub-bullets ``   - text``
  (3-space indent, as the Timeline summary), each ending with the action items that answer it:
  ``(Action Item 2)`` or ``(Action Items 1, 3)``; numbers are 1-based rows of the Action Items
  table. A category that is ``N/A`` or an empty list renders ``- **What went well:** N/A``.
* Contributing factors: ``**Contributing Factor N: title**`` followed by its five bold fields;
  blocks are separated by a blank line.
* Tables: Related Incidents ``| Bug | Date | Description |`` with the bug cell ``[ID](URL)``;
  Action Items with the IRG header and root causes ``Root Cause # 1, Root Cause # 2``. An ``N/A``
  (or empty) Related Incidents list renders the paragraph ``N/A``.
* Appendix: the free text (unless ``N/A``), then the affected certificates as a fenced ``csv``
  block: the 11 IRG columns first and in order, extra columns to the right (in order of first
  appearance), quoted per RFC 4180 with LF line ends; times as ``YYYY-MM-DDTHH:MM:SSZ``;
  dNSNames separated by one space. With neither text nor certificates the Appendix reads ``N/A``.
* The legacy 7-topic report renders each topic as a bold numbered question (a short paraphrase of
  the topic) followed by its answer; the timeline as a list, the remediation steps as a table
  ``| Remediation step | Status | Date |``.

Escaping policy (user text is *text*, never Markdown)
-----------------------------------------------------

Bugzilla renders comments with cmark-gfm (hard line breaks, tables, autolink, strikethrough), but
first hides every ``<`` that is not followed by ``http://`` or ``https://`` and shows it literally
afterwards (see :mod:`incident_kit.web.bugzilla`). A value must show in Bugzilla exactly as written,
so only what that pipeline would otherwise interpret is escaped, and never with a backslash
Bugzilla would show:

* ``\\``, ````` ``, ``*``, ``[``, ``]``, ``|`` and ``~`` always get a backslash; ``_`` does when it
  could act as emphasis (not between two letters or digits, so ``snake_case`` stays readable);
  ``&`` does when it would start an entity such as ``&lt;``. No code span, link, emphasis or
  strikethrough written by the user survives, and a stray ``|`` or ``**`` cannot change the report.
* ``<`` is left as written: Bugzilla shows it literally, so ``<CA Owner name>`` prompts and
  ``a < b`` read the same in the comment box and on the page. A ``\\<`` there would be shown with
  its backslash. Exceptions: before ``http://``/``https://`` (an autolink for Bugzilla) it gets a
  backslash, which cmark removes; before ``!`` (an HTML comment to incident-kit's reader, whose
  ``<!-- -->`` blanking would swallow the text) and at the start of a paragraph before a letter,
  ``/`` or ``?`` (an HTML block to a CommonMark reader) it is written ``&lt;``, which Bugzilla and
  any CommonMark renderer show as ``<``. ``>`` only needs a backslash where it would open a quote.
* At the start of a paragraph a ``#``, ``-``, ``+``, ``=`` or ``>`` is escaped, and so is the ``.``
  or ``)`` of ``1.``/``1)``: user text can never start a heading, list, quote, thematic break or
  table.
* Bare ``http(s)://``, ``ftp://`` and ``www.`` addresses that the autolink extension takes are left
  as written up to the next space (it would keep a backslash inside the link), apart from ``|`` in
  them inside a table cell (the table extension removes that backslash before the link is found).
  Two spellings have no exact form and show slightly changed: an address followed directly by
  ``<https://`` (the ``\\<`` shows its backslash) and an address ending in an entity such as
  ``&amp;`` (shown decoded).
* U+FFFD is dropped: Bugzilla deletes it from every comment before rendering.
* Line breaks: Bugzilla turns every newline into ``<br>``, so a single newline inside a value is
  joined with a space; a blank line (paragraph break) starts a new paragraph, indented under its
  list item. In table cells every line and paragraph break becomes one space (no ``<br>``: the tag
  filter's handling of it is not something to rely on). Fenced code blocks in a value (a line
  starting with three or more backticks or tildes) are kept verbatim as code, with a fence longer
  than any run inside; in table cells they are joined like other text.
* Control characters are dropped, tabs become spaces, CR/CRLF and U+2028/U+2029 become newlines.

:func:`normalize_text` gives the text a value *means* after this policy (what a reader of the
rendered Markdown gets back once it removes the backslash escapes, see :func:`unescape_inline`).

Output is deterministic: no clock, zone or locale is read, line ends are LF, no line ends in a space,
and the text ends with exactly one newline.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime, timezone
from functools import lru_cache
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from incident_kit.model import APPENDIX_COLUMNS, CLOSURE_SENTENCE, NA, format_utc

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    from pydantic import BaseModel

__all__ = [
    "RenderError",
    "render",
    "md_inline",
    "md_cell",
    "md_block",
    "md_item",
    "normalize_text",
    "unescape_inline",
    "certificates_csv",
]


class RenderError(ValueError):
    """A value that has no safe Markdown form (e.g. a related-incident link that is not http(s)).

    ``field`` is the dotted path in the draft (``related_incidents[1].url``); ``str(err)`` is the
    one-line message ``field: what is wrong``."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


# --------------------------------------------------------------------------------------------
# Text normalisation: what a value means once rendered.
# --------------------------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_FENCE_OPEN_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")

# What a user's fence line may carry after the fence: nothing, or one language name. Anything
# more is prose that happens to start with ``` or ~~~, kept as text rather than lost as an info string.
_INFO_RE = re.compile(r"^\s*(?:[A-Za-z0-9_+.#-]+\s*)?$")  # one blank run on each side (two adjacent \s* were quadratic)

Segment = tuple[str, str, str]
"""``("para", text, "")`` or ``("code", body, info)``."""


def _clean(value: Any) -> str:
    """Text with LF line ends, tabs as spaces and no control characters."""
    text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", " ")
    return _CONTROL_RE.sub("", text)


def _code_info(info: str) -> str:
    """The info string of a user's code block, reduced to a language name."""
    return re.sub(r"[^A-Za-z0-9_+.-]", "", info.strip().split(" ")[0]) if info.strip() else ""


def _read_fence(lines: list[str], start: int, inline: bool = False) -> tuple[Segment, int] | None:
    """The fenced code block opening at ``lines[start]`` and the index after it, or ``None``.

    The block ends at a closing fence of the same character and at least the same length, or at
    the end of the value (as in CommonMark). ``inline`` (a title or a table cell, where a code
    block is written as its text): a fence with nothing inside is text, not an empty block, so
    that a title such as ``~~~ 0`` keeps its words."""
    m = _FENCE_OPEN_RE.match(lines[start])
    if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
        return None
    if not _INFO_RE.match(m.group("info")):
        return None  # prose after the backticks or tildes ("~~~ Remove observe mode"), not a fence
    fence = m.group("fence")
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    end = start + 1
    while end < len(lines) and not closing.match(lines[end]):
        end += 1
    body = "\n".join(line.rstrip() for line in lines[start + 1 : end])
    if inline and not body.strip():
        return None
    return ("code", body, _code_info(m.group("info"))), end + 1


def _segments(value: Any, inline: bool = False) -> list[Segment]:
    """Split a value into paragraphs and fenced code blocks (``inline``: see :func:`_read_fence`).

    Paragraphs are separated by blank lines; inside a paragraph the lines are joined by one space."""
    lines = _clean(value).split("\n")
    segments: list[Segment] = []
    para: list[str] = []

    def flush() -> None:
        text = " ".join(part for part in (p.strip() for p in para) if part)
        if text:
            segments.append(("para", text, ""))
        para.clear()

    i = 0
    while i < len(lines):
        fenced = _read_fence(lines, i, inline)
        if fenced:
            flush()
            segments.append(fenced[0])
            i = fenced[1]
            continue
        if lines[i].strip():
            para.append(lines[i])
        else:
            flush()
        i += 1
    flush()
    return segments


def normalize_text(value: Any) -> str:
    """The text a value stands for once rendered: paragraphs joined by a blank line, each on one
    line with single spaces where the value had line breaks; code blocks kept as fenced blocks.

    A reader that parses rendered Markdown back (and unescapes it) gets exactly this text."""
    return "\n\n".join(text if kind == "para" else md_fenced(text, info) for kind, text, info in _segments(value))


_UNESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])|&lt;")


def unescape_inline(text: str) -> str:
    """Undo CommonMark backslash escapes (``\\*`` → ``*``) and the ``&lt;`` the renderer writes for
    some ``<``: the inverse of :func:`md_inline` for a reader that works on the raw Markdown source
    rather than on parsed text tokens. (A literal ``&lt;`` in a value is rendered ``\\&lt;``.)"""
    return _UNESCAPE_RE.sub(lambda m: m.group(1) or "<", text)


# --------------------------------------------------------------------------------------------
# Escaping.
# --------------------------------------------------------------------------------------------

_ALWAYS = frozenset("\\`*[]|~")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Bare addresses. GFM's autolink extension links ``http(s)://``/``ftp://`` and ``www.`` addresses
# while cmark parses the line: it scans up to a space or a '<' that Bugzilla lets through (one
# before http(s)://; any other '<' is hidden from cmark and so does not end the scan), then leaves
# trailing punctuation out of the link and parses that as ordinary text. A backslash written inside
# the scan would move the link's end and be shown, so the whole scanned run is written as it is
# (trailing punctuation cannot start markup there: it is followed by a space or the end, and every
# '*', '_' or '~' outside addresses is escaped). An address the extension does not take at that
# point (a domain with '_' in its last two labels, 'xhttps://', 'www.' after a letter) is escaped
# like other text: the extension may still link it afterwards, from the unescaped text.
_SCHEME_RE = re.compile(r"(?:https?|ftp)://", re.IGNORECASE)
_WWW_RE = re.compile(r"www\.", re.IGNORECASE)
_RUN_RE = re.compile(r"(?:[^\s<]|<(?!https?://))*")
_LEADING_BLOCK_RE = re.compile(r"^(?:[#\-+=>]|\d{1,9}(?=[.)]))")
# '<' that Bugzilla lets through to cmark (an autolink), and '<' that a CommonMark reader would take
# for an HTML comment or declaration anywhere, or for an HTML block at the start of a block.
_LT_AUTOLINK_RE = re.compile(r"<(?=https?://)")
_LT_ENTITY_RE = re.compile(r"<(?=!)")
_LT_START_RE = re.compile(r"<(?=!)|^<(?=[A-Za-z/?])")


def _host_char(ch: str) -> bool:
    """cmark-gfm's ``is_valid_hostchar``: neither a space nor punctuation."""
    if ch.isspace():
        return False
    if ch.isascii():
        return ch.isalnum()
    return not unicodedata.category(ch).startswith("P")


def _valid_domain(text: str, allow_short: bool) -> bool:
    """cmark-gfm's ``check_domain``: no '_' in the last two labels (and a '.' unless short)."""
    under1 = under2 = dots = 0
    for ch in text[1:-1]:
        if ch == "_":
            under2 += 1
        elif ch == ".":
            under1, under2, dots = under2, 0, dots + 1
        elif not _host_char(ch) and ch != "-":
            break
    return not (under1 or under2) and (allow_short or dots > 0)


def _autolink_runs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every address the autolink extension takes while parsing ``text``."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        m_scheme = _SCHEME_RE.match(text, i)
        m_www = _WWW_RE.match(text, i)
        prev = text[i - 1] if i else " "
        ok = False
        if m_scheme and not (prev.isascii() and prev.isalpha()):
            rest = text[m_scheme.end() :]
            ok = bool(rest) and rest[0].isascii() and rest[0].isalnum() and _valid_domain(rest, True)
        elif m_www and (prev.isspace() or prev in "*_~("):
            ok = _valid_domain(text[i:], False)
        if ok:
            end = _RUN_RE.match(text, i).end()
            runs.append((i, end))
            i = end
        else:
            i += 1
    return runs


def _escape_plain(text: str, full: str, offset: int, start: bool) -> str:
    """Backslash-escape Markdown syntax in ``full[offset:offset + len(text)]`` (no address in it)."""
    out: list[str] = []
    for i, ch in enumerate(text):
        at = offset + i
        if ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "_":
            before = full[at - 1] if at else " "
            after = full[at + 1] if at + 1 < len(full) else " "
            out.append("_" if before.isalnum() and after.isalnum() else "\\_")
        elif ch == "&" and _ENTITY_RE.match(full, at):
            out.append("\\&")
        elif ch == "<" and _LT_AUTOLINK_RE.match(full, at):
            out.append("\\<")
        elif ch == "<" and (_LT_START_RE if start and at == 0 else _LT_ENTITY_RE).match(full, at):
            out.append("&lt;")
        else:
            out.append(ch)
    return "".join(out)


def _escape_line(text: str, cell: bool = False, start: bool = False) -> str:
    """Escape one line of text (no newlines) so that it renders literally at any position
    (``cell``: inside a table row, where ``|`` in an address must be escaped too; ``start``: at the
    start of a block, where a ``<`` could open an HTML block for a CommonMark reader)."""
    out: list[str] = []
    pos = 0
    for begin, end in _autolink_runs(text):
        out.append(_escape_plain(text[pos:begin], text, pos, start))
        out.append(text[begin:end].replace("|", "\\|") if cell else text[begin:end])
        pos = end
    out.append(_escape_plain(text[pos:], text, pos, start))
    escaped = "".join(out)
    lead = _LEADING_BLOCK_RE.match(escaped)
    if lead:
        if lead.group(0)[0].isdigit():
            end = lead.end()
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            escaped = "\\" + escaped
    return escaped


def _na_or(value: Any) -> Any:
    """``None`` and empty lists render as N/A (a field must never be left empty)."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return NA
    return value


def _plain(value: Any) -> str:
    """Enum members render as their value, dates as ISO, everything else as ``str``."""
    value = _na_or(value)
    enum_value = getattr(value, "value", None)
    if isinstance(enum_value, str):
        return enum_value
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def md_inline(value: Any, cell: bool = False) -> str:
    """One line of escaped text: every line and paragraph break of the value becomes a space."""
    words = [text if kind == "para" else " ".join(text.split()) for kind, text, _ in _segments(_plain(value), inline=True)]
    return _escape_line(" ".join(w for w in words if w), cell)


def md_cell(value: Any) -> str:
    """A table cell: :func:`md_inline` with ``|`` escaped inside addresses too; breaks become spaces."""
    return md_inline(value, cell=True)


def _fence_for(body: str, char: str) -> str:
    """A fence of ``char`` longer than any run of it in ``body`` (at least three)."""
    longest = max((len(run) for run in re.findall(re.escape(char) + "+", body)), default=0)
    return char * max(3, longest + 1)


def _block_chunks(value: Any, indent: int, after_label: bool = False) -> list[tuple[str, str]]:
    """The value as ``(kind, markdown)`` chunks, each already indented by ``indent`` spaces
    (``after_label``: the first chunk continues a line, it does not start a block)."""
    pad = " " * indent
    chunks: list[tuple[str, str]] = []
    for kind, text, info in _segments(_plain(value)):
        if kind == "para":
            chunks.append((kind, pad + _escape_line(text, start=not (after_label and not chunks))))
            continue
        fenced = md_fenced(text, info).split("\n")
        chunks.append((kind, "\n".join(pad + line if line.strip() else "" for line in fenced)))
    return chunks


def md_block(value: Any, indent: int = 0, suffix: str = "") -> str:
    """Escaped text that continues a label (``- **Label:** ``) on the current line.

    The first paragraph stays on that line; later paragraphs and code blocks follow after a blank
    line, indented by ``indent`` spaces so that they stay inside the list item they belong to.
    ``suffix`` (Markdown, not escaped) ends the last paragraph, or follows a final code block as a
    paragraph of its own."""
    return _continue_line(value, indent, suffix, bare=False)


def md_item(value: Any, indent: int = 0, suffix: str = "") -> str:
    """Like :func:`md_block`, for text that follows a bare list marker (``- ``): a leading code
    block opens on the marker's line, since an empty marker line would end the item."""
    return _continue_line(value, indent, suffix, bare=True)


def _continue_line(value: Any, indent: int, suffix: str, bare: bool) -> str:
    """The shared body of :func:`md_block` and :func:`md_item`."""
    chunks = _block_chunks(value, indent, after_label=not bare)
    if not chunks:
        chunks = [("para", " " * indent + NA)]
    if suffix:
        last_kind, last = chunks[-1]
        if last_kind == "para":
            chunks[-1] = (last_kind, f"{last} {suffix}")
        else:
            chunks.append(("para", " " * indent + suffix))
    first_kind, first = chunks[0]
    head = first.lstrip(" ") if first_kind == "para" or bare else "\n\n" + first
    return head + "".join("\n\n" + text for _, text in chunks[1:])


def md_paragraphs(value: Any) -> str:
    """Escaped text as stand-alone paragraphs (a section body), separated by blank lines."""
    chunks = _block_chunks(value, 0)
    return "\n\n".join(text for _, text in chunks) if chunks else NA


# --------------------------------------------------------------------------------------------
# Other filters.
# --------------------------------------------------------------------------------------------

_LINK_SAFE = "/:?#@!$&'*+,;=%-._~"  # RFC 3986 reserved and unreserved marks, minus ( ) [ ]


def md_link(text: Any, url: str, field: str) -> str:
    """``[text](url)`` for an http(s) address; characters that could end the link destination
    or a table cell are percent-encoded. Any other scheme is refused (:class:`RenderError`)."""
    cleaned = _clean(url).strip()
    if not re.match(r"^https?://[^\s/?#]+", cleaned, re.IGNORECASE):
        raise RenderError(field, f"{url!r} is not an http(s) address")
    return f"[{md_inline(text, cell=True)}]({quote(cleaned, safe=_LINK_SAFE)})"


def action_refs(numbers: Iterable[int]) -> str:
    """``(Action Item 2)`` / ``(Action Items 1, 3)``; empty for no references."""
    nums = list(numbers)
    if not nums:
        return ""
    label = "Action Item" if len(nums) == 1 else "Action Items"
    return f"({label} {', '.join(str(n) for n in nums)})"


def root_cause_refs(numbers: Iterable[int]) -> str:
    """``Root Cause # 1, Root Cause # 2`` (the IRG template's spelling)."""
    return ", ".join(f"Root Cause # {n}" for n in numbers)


def utc(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM UTC`` for any aware datetime."""
    return format_utc(value)


def utc_time(value: datetime) -> str:
    """``HH:MM`` in UTC (IRG 2.0 timeline entries, under a ``YYYY-MM-DD:`` line)."""
    return value.astimezone(timezone.utc).strftime("%H:%M")


def utc_date(value: datetime) -> str:
    """``YYYY-MM-DD`` of the UTC day."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d")


def group_by_utc_day(events: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    """Consecutive timeline events grouped by UTC day, keeping the draft order."""
    groups: list[tuple[str, list[Any]]] = []
    for event in events:
        day = utc_date(event.at)
        if groups and groups[-1][0] == day:
            groups[-1][1].append(event)
        else:
            groups.append((day, [event]))
    return groups


def _csv_time(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _plain(value)


def _extra_columns(certificates: list[Any]) -> list[str]:
    """Custom columns in order of first appearance; a name equal to an IRG column is refused."""
    columns: list[str] = []
    for i, cert in enumerate(certificates, 1):
        for name in cert.extra:
            if name in APPENDIX_COLUMNS:
                raise RenderError(
                    f"appendix.certificates[{i}].extra",
                    f"column {name!r} is one of the IRG columns; extra columns must have other names",
                )
            if name not in columns:
                columns.append(name)
    return columns


def certificates_csv(certificates: list[Any]) -> str:
    """The Appendix CSV: header and one row per certificate, RFC 4180 quoting, LF line ends."""
    extra = _extra_columns(certificates)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*APPENDIX_COLUMNS, *extra])
    for cert in certificates:
        writer.writerow(
            [
                cert.precertificate_sha256,
                cert.certificate_sha256,
                cert.subject,
                cert.issuer,
                _csv_time(cert.not_before),
                _csv_time(cert.not_after),
                cert.serial,
                " ".join(cert.dns_names),
                _plain(cert.is_revoked),
                _csv_time(cert.revocation_date),
                cert.revocation_reason,
                *(cert.extra.get(name, "") for name in extra),
            ]
        )
    return buffer.getvalue().rstrip("\n")


def md_fenced(body: str, info: str = "") -> str:
    """``body`` as a fenced code block whose fence no line of the body can close."""
    fence = _fence_for(body, "`")
    return f"{fence}{info}\n{body}\n{fence}" if body else f"{fence}{info}\n{fence}"


def is_na(value: Any) -> bool:
    """True for the not-applicable marker (``N/A`` and its usual spellings, as the linter reads it:
    :func:`incident_kit.text.normalise.is_na`); False for anything that is not text."""
    from incident_kit.text.normalise import is_na as marker

    return isinstance(value, str) and marker(value)


def _related_link(incident: Any, index: int) -> str:
    return md_link(incident.bug_id, incident.link, f"related_incidents[{index}].url")


# --------------------------------------------------------------------------------------------
# The environment and render().
# --------------------------------------------------------------------------------------------

def _irg_words() -> Any:
    """The IRG's words for the templates, from incident_kit.irg.templates: ``irg.field.ccadb_id``,
    ``irg.section.timeline``, ``irg.factor.detection``, ``irg.lesson.got_lucky``, ``irg.title.full``
    (so the renderer writes every label the reader recognises, from one table)."""
    from types import SimpleNamespace

    from incident_kit.irg import templates as t

    return SimpleNamespace(field=t.FIELD_LABELS, section=t.SECTION_TITLES, factor=t.FACTOR_LABELS,
                           lesson=t.LESSON_LABELS, title=t.TITLES)


_IRG_WORDS = _irg_words()

_FILTERS = {
    "md_inline": md_inline,
    "md_cell": md_cell,
    "md_block": md_block,
    "md_item": md_item,
    "md_paragraphs": md_paragraphs,
    "md_fenced": md_fenced,
    "utc": utc,
    "utc_time": utc_time,
    "action_refs": action_refs,
    "root_cause_refs": root_cause_refs,
    "na": _na_or,
    "plain": _plain,
}
_GLOBALS = {
    "NA": NA,
    "irg": _IRG_WORDS,
    "is_na": is_na,
    "closure_sentence": CLOSURE_SENTENCE,
    "certificates_csv": certificates_csv,
    "group_by_utc_day": group_by_utc_day,
    "related_link": _related_link,
}


ENV_OPTIONS: dict = {
    "autoescape": False,  # escaping is Markdown escaping, done by the filters, not HTML escaping
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "newline_sequence": "\n",
    "auto_reload": False,
}
"""Environment options shared by the report templates and organisation templates (sandbox)."""


@lru_cache(maxsize=1)
def _environment() -> "jinja2.Environment":
    """The one jinja2 environment: templates from the shipped folder, strict, no HTML escaping."""
    import jinja2

    from incident_kit._resources import templates_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir()), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        **ENV_OPTIONS,
    )
    env.filters.update(_FILTERS)
    env.globals.update(_GLOBALS)
    return env


def _finish(text: str) -> str:
    """LF line ends, no trailing spaces, no run of blank lines, exactly one final newline.

    Blank-line runs are collapsed outside fenced code only (a code block keeps its own lines)."""
    out: list[str] = []
    fence: str | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.rstrip(" ")
        stripped = line.lstrip(" ")
        if fence is None:
            m = re.match(r"(?:[-*] +)?(`{3,})", stripped)  # a fence may open on a list marker's line
            if m:
                fence = m.group(1)
            elif not line and out and not out[-1]:
                continue
        elif re.fullmatch(re.escape(fence[0]) + "{" + str(len(fence)) + r",}", stripped):
            fence = None
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def render(report: "BaseModel") -> str:
    """The Bugzilla Markdown for a drafting model (any of ``model.REPORT_MODELS``).

    Raises :class:`RenderError` for a value with no safe Markdown form, ``TypeError`` for an object
    that is not a report model."""
    from incident_kit.model import REPORT_MODELS

    kind = getattr(report, "kind", None)
    model = REPORT_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None or not isinstance(report, model):
        raise TypeError(f"render() needs a report model ({', '.join(REPORT_MODELS)}), not {type(report).__name__}")
    template = _environment().get_template(f"{kind}.md.j2")
    return _finish(template.render(report=report))

