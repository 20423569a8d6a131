"""A comment's Markdown as bugzilla.mozilla.org renders it.

Bugzilla renders Markdown comments with GitHub's cmark-gfm library and wraps that call in its own
pre- and post-processing. This module reproduces both, with the ``cmarkgfm`` binding (the same
cmark-gfm release Bugzilla's Debian package ships, 0.29.0.gfm.13):

* **options**: hard breaks (every newline in a paragraph is a ``<br>``) and UTF-8 validation; the
  legacy "safe" bit is passed too, as Bugzilla does (cmark-gfm ignores it: safe is the default);
* **extensions**: autolink, tagfilter, table, strikethrough (no footnotes, no task lists, no smart
  punctuation);
* **before cmark**: every ``<`` not followed by ``http://`` or ``https://`` is hidden from cmark and
  shown literally afterwards, so raw HTML, ``<!-- comments -->`` and ``<name@example.com>`` appear
  as typed while ``<https://...>`` still links;
* **after cmark**: ``<img>`` elements are removed; links that leave Bugzilla get
  ``target="_blank" rel="nofollow noreferrer"``; text directly inside ``h1``-``h6``, ``p``, ``li``
  and ``td`` (not inside ``strong``, ``em``, ``code``, ``del``, ``a`` or a header cell ``th``) goes
  through Bugzilla's auto-linker: URLs, "bug N", "bug N comment M" and "comment N" become links;
* **serialisation**: attributes sorted by name, ``<br>`` rather than ``<br />``, and text escaped
  as ``& < > " '``;
* a comment starting with ``#[markdown(off)]`` is not Markdown: its paragraphs (split on blank
  lines) keep every newline as ``<br>`` and only the auto-linker runs.

What cannot be reproduced offline is left plain: a bug link's status class and summary tooltip
(they come from Bugzilla's database), and the auto-links of Bugzilla's site extension (CVE ids,
commit hashes), which drift with the site.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Optional

BUGZILLA = "https://bugzilla.mozilla.org"
EXTENSIONS = ("autolink", "tagfilter", "table", "strikethrough")
OPT_SOURCEPOS = 1 << 1  # only for the preview's line anchors; removed from the HTML
OPT_HARDBREAKS = 1 << 2
OPT_SAFE = 1 << 3  # no effect since cmark-gfm 0.29; Bugzilla still passes it
OPT_VALIDATE_UTF8 = 1 << 9
OPTIONS = OPT_HARDBREAKS | OPT_SAFE | OPT_VALIDATE_UTF8

MISSING = "the Bugzilla preview needs cmarkgfm: pip install 'incident-kit[web]'"

_HIDDEN = "\ufffd"
_RAW_LT = re.compile(r"<(?!https?://)")
_MARKDOWN_OFF = re.compile(r"\A\s*#\[markdown\(off\)\]\n")
_AUTOLINK_PARENTS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "embed", "source", "track", "wbr"})


class MissingDependency(RuntimeError):
    """cmarkgfm is not installed."""


def _cmark(text: str, options: int = OPTIONS) -> str:
    """cmark-gfm's HTML for ``text`` with Bugzilla's extensions.

    cmarkgfm's own ``markdown_to_html_with_extensions`` never frees the document tree nor the HTML
    buffer it gets from the C library (about 40 KB per call on a 10 KB report, measured), which a
    long-running ``serve`` cannot afford. This is the same call sequence with both released; when
    the release functions cannot be bound, cmarkgfm's wrapper is used as it is."""
    try:
        import cmarkgfm
        from cmarkgfm import _cmark as native
        from cmarkgfm.cmark import core_extensions_ensure_registered, find_syntax_extension
    except ImportError:
        raise MissingDependency(MISSING) from None
    release = _release()
    if release is None:  # pragma: no cover - a cmarkgfm build without exported symbols
        return cmarkgfm.markdown_to_html_with_extensions(text, options=options, extensions=list(EXTENSIONS))
    rffi, rlib = release
    lib, ffi = native.lib, native.ffi
    core_extensions_ensure_registered()
    parser = lib.cmark_parser_new(options)
    try:
        for name in EXTENSIONS:
            lib.cmark_parser_attach_syntax_extension(parser, find_syntax_extension(name))
        data = text.encode("utf-8")
        lib.cmark_parser_feed(parser, data, len(data))
        root = lib.cmark_parser_finish(parser)
        try:
            raw = lib.cmark_render_html(root, options, lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return ffi.string(raw).decode("utf-8")
            finally:
                rlib.cmark_get_default_mem_allocator().free(rffi.cast("void *", int(ffi.cast("uintptr_t", raw))))
        finally:
            rlib.cmark_node_free(rffi.cast("void *", int(ffi.cast("uintptr_t", root))))
    finally:
        lib.cmark_parser_free(parser)


_RELEASE: list[Any] = []


def _release() -> Optional[tuple[Any, Any]]:
    """cmark_node_free and the allocator's free, bound from cmarkgfm's own shared library."""
    if not _RELEASE:
        try:
            import cffi
            from cmarkgfm import _cmark as native

            rffi = cffi.FFI()
            rffi.cdef(
                "typedef struct { void *(*calloc)(size_t, size_t); void *(*realloc)(void *, size_t); void (*free)(void *); } cmark_mem;"
                "cmark_mem *cmark_get_default_mem_allocator(void); void cmark_node_free(void *node);"
            )
            _RELEASE.append((rffi, rffi.dlopen(native.__file__)))
        except Exception:  # noqa: BLE001 - fall back to cmarkgfm's wrapper
            _RELEASE.append(None)
    return _RELEASE[0]


@dataclass(frozen=True)
class Block:
    """One top-level block of the rendered comment and the source lines (1-based) it came from."""

    first: int
    last: int
    html: str


def render_comment(text: str, *, bug_id: Optional[int] = None) -> str:
    """The HTML Bugzilla shows for a Markdown comment ``text`` on bug ``bug_id`` (if known)."""
    return "".join(b.html for b in render_blocks(text, bug_id=bug_id))


def render_blocks(text: str, *, bug_id: Optional[int] = None) -> list[Block]:
    """:func:`render_comment`, cut into its top-level blocks with their source lines (the
    preview puts findings beside them). The blocks joined are exactly the comment's HTML."""
    text = text.replace("\r\n", "\n")
    off = _MARKDOWN_OFF.match(text)
    if off:
        return _plain(text[off.end():], bug_id, text[: off.end()].count("\n"))
    text = _RAW_LT.sub(_HIDDEN, text.replace(_HIDDEN, ""))
    raw = _cmark(text, OPTIONS | OPT_SOURCEPOS).replace(_HIDDEN, "&lt;")
    return _PostProcessor(bug_id).blocks(raw)


def _plain(text: str, bug_id: Optional[int], skipped: int) -> list[Block]:
    """``#[markdown(off)]``: paragraphs split on blank lines, newlines kept as ``<br>``."""
    out: list[Block] = []
    for m in re.finditer(r"(?<![^\n])(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        para = m.group(0).rstrip("\n")
        first = skipped + 1 + text.count("\n", 0, m.start())
        html_ = "<p>" + quote_urls(para, bug_id).replace("\n", "<br>\n") + "</p>\n"
        out.append(Block(first, first + para.count("\n"), html_))
    return out


# ---------------------------------------------------------------------------------------------
# Bugzilla's auto-linker ("quoteUrls"), the part that needs no database.
# ---------------------------------------------------------------------------------------------

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"]+[\w/=#&;%+-]", re.IGNORECASE)
_H = r"[ \t]"  # Bugzilla calls it with horizontal whitespace only between the words
_BUG_OR_COMMENT = re.compile(
    rf"\b(?:bug{_H}*#?{_H}*(?P<bug>\d+)(?:{_H}*,?{_H}*comment{_H}*#?{_H}*(?P<bcomment>\d+))?"
    rf"|comment{_H}*#?{_H}*(?P<comment>\d+))",
    re.IGNORECASE,
)


def escape(text: str) -> str:
    """Text escaped the way Bugzilla's serialiser writes it."""
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def quote_urls(text: str, bug_id: Optional[int] = None) -> str:
    """Plain ``text`` as HTML with URLs, "bug N [comment M]" and "comment N" turned into links."""
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        out.append(_link_bugs(text[pos:m.start()], bug_id))
        out.append(_anchor(m.group(0), escape(m.group(0))))
        pos = m.end()
    out.append(_link_bugs(text[pos:], bug_id))
    return "".join(out)


def _link_bugs(text: str, bug_id: Optional[int]) -> str:
    out: list[str] = []
    pos = 0
    for m in _BUG_OR_COMMENT.finditer(text):
        out.append(escape(text[pos:m.start()]))
        label = escape(m.group(0))
        if m.group("bug"):
            href = f"{BUGZILLA}/show_bug.cgi?id={int(m.group('bug'))}"
            if m.group("bcomment"):
                href += f"#c{int(m.group('bcomment'))}"
            out.append(f'<a class="bz_bug_link" href="{escape(href)}">{label}</a>')
        else:
            base = f"{BUGZILLA}/show_bug.cgi?id={bug_id}" if bug_id else ""
            out.append(f'<a class="bz_comment_link" href="{escape(base)}#c{int(m.group("comment"))}">{label}</a>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _external(href: str) -> bool:
    return not href.startswith(BUGZILLA + "/") and href != BUGZILLA


def _anchor(href: str, label_html: str) -> str:
    return f'<a href="{escape(href)}" rel="nofollow noreferrer" target="_blank">{label_html}</a>'


# ---------------------------------------------------------------------------------------------
# The DOM pass after cmark.
# ---------------------------------------------------------------------------------------------


class _PostProcessor(HTMLParser):
    """Walks cmark's (well-formed) HTML once: drops images, marks external links, auto-links text
    whose direct parent is a heading, paragraph, list item or table data cell, and re-serialises."""

    def __init__(self, bug_id: Optional[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.bug_id = bug_id
        self.out: list[str] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.starts: list[tuple[int, int, int]] = []  # (output index, first line, last line)

    def blocks(self, raw: str) -> list[Block]:
        self.feed(raw)
        self.close()
        self._flush()
        found: list[Block] = []
        for i, (at, first, last) in enumerate(self.starts):
            end = self.starts[i + 1][0] if i + 1 < len(self.starts) else len(self.out)
            found.append(Block(first, last, "".join(self.out[at:end])))
        if self.starts and self.starts[0][0] > 0 and found:  # text before the first block (none from cmark)
            found[0] = Block(found[0].first, found[0].last, "".join(self.out[: self.starts[0][0]]) + found[0].html)
        return found

    def _flush(self) -> None:
        if not self.text:
            return
        text = "".join(self.text)
        self.text = []
        parent = self.stack[-1] if self.stack else ""
        self.out.append(quote_urls(text, self.bug_id) if parent in _AUTOLINK_PARENTS else escape(text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        self._flush()
        if tag == "img":
            return
        values = {k: (v or "") for k, v in attrs}
        pos = values.pop("data-sourcepos", None)
        if pos and not self.stack:
            m = re.match(r"(?<!\d)(\d+):\d+-(\d+):\d+", pos)
            if m:
                first, last = int(m.group(1)), int(m.group(2))
                self.starts.append((len(self.out), first, max(first, last)))
        if tag == "a" and "href" in values and _external(values["href"]):
            values["target"] = "_blank"
            values["rel"] = "nofollow noreferrer"
        attr_html = "".join(f' {k}="{escape(v)}"' for k, v in sorted(values.items()))
        self.out.append(f"<{tag}{attr_html}>")
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        if tag in _VOID:
            return
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
