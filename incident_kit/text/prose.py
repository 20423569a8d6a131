"""The prose of a report, read once and held on the Document (``Document.prose``).

* :func:`prose_lines`: the lines outside fenced code blocks and HTML comments (YAML lines without
  their comments, for a draft), each with its document line.
* :class:`Unit`: a paragraph, list item, table row or labelled field, its markup (list markers,
  bold labels, emphasis and code marks, table pipes) blanked out with offsets unchanged, with the
  section it stands in and the document line of each of its pieces. Headings, table separators and
  block quotes (a reviewer's question quoted in a reply) are no prose.
* :class:`Sentence`: a sentence of a unit (:func:`incident_kit.text.sentences.sentences`), folded
  once for the literal gates (``folded``, :func:`incident_kit.text.gate.fold`), with the sentences
  before and after it.
* :class:`Prose`: the three, each worked out on first use and kept, plus the fold of all the
  prose for a whole-document gate (a literal absent from it is absent from every sentence).

The model is derived from the document's text, its sections and its origin only; the Document
rebuilds it when any of them is replaced (a ``dataclasses.replace`` copy starts without one).
Standard library only; nothing here knows about rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Optional, Sequence

from incident_kit.text.gate import fold
from incident_kit.text.sentences import split_sentences

# --------------------------------------------------------------------------------------------
# Lines.
# --------------------------------------------------------------------------------------------

_FENCE = re.compile(r"^(`{3,}|~{3,})")


def strip_yaml_comment(line: str) -> str:
    """The line without its YAML comment (a ``#`` at the start or after a space, outside quotes)."""
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote is not None:
            if ch == quote:
                quote = None
        elif ch in "\"'" and (i == 0 or line[i - 1] in " :[{,-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def prose_lines(text: str, *, yaml: bool = False) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` for the lines outside fenced code blocks and HTML comments,
    where template text would be a leftover rather than quoted data. With ``yaml=True`` (a draft)
    the lines are YAML and their comments are left out instead."""
    if yaml:
        for number, line in enumerate(text.splitlines(), 1):
            yield number, strip_yaml_comment(line)
        return
    fence: str | None = None
    in_comment = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if stripped[:3] in ("```", "~~~"):  # every fence opens with three of them
            m = _FENCE.match(stripped)
            if m:
                fence = m.group(1)
                continue
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        yield number, line


# --------------------------------------------------------------------------------------------
# Units.
# --------------------------------------------------------------------------------------------

_LIST_START = re.compile(r"^(\s*)(?:[-*+\u2022]|\d+[.)])\s+")
_LABEL = re.compile(r"^\s*(?:\*\*|__)[^*_\n]{1,120}?:?\s*(?:\*\*|__)\s*:?")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_TABLE_SEPARATOR = re.compile(r"^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$")
_YAML_KEY = re.compile(r"^(\s*)(?:-\s+)?[\w-]+:(?:\s+[|>][-+]?\s*$|\s+|$)")

# First characters (after leading blanks) without which the patterns above cannot match: each
# regex runs only behind its character test (tests/test_prose.py holds a case of each that must
# pass the test).
_LIST_MARKS = "-*+\u2022"
_SEPARATOR_OPENERS = "|:-"


def _list_start(line: str, first: str) -> Optional[re.Match[str]]:
    """``_LIST_START.match(line)``, tried only when the first non-blank character ``first`` can
    open a list item (a marker or a digit)."""
    if first and (first in _LIST_MARKS or first.isdecimal()):
        return _LIST_START.match(line)
    return None


def _label(line: str) -> Optional[re.Match[str]]:
    """``_LABEL.match(line)``, tried only when the line opens with a bold mark."""
    if line.lstrip()[:2] in ("**", "__"):
        return _LABEL.match(line)
    return None


@dataclass(slots=True, eq=False)
class Unit:
    """A paragraph, list item or table row of a report, markup blanked out (offsets unchanged),
    with the document line of each of its pieces. Read-only by convention (a frozen dataclass
    costs a call per field to build, and a report has hundreds); equal only to itself."""

    text: str
    section: Optional[str]
    starts: tuple[tuple[int, int], ...]  # (offset in text, document line)
    indent: int

    @property
    def line(self) -> int:
        """The document line the unit starts on."""
        return self.starts[0][1]

    def line_at(self, offset: int) -> int:
        line = self.starts[0][1]
        for start, no in self.starts:
            if start > offset:
                break
            line = no
        return line


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


_NOT_LOOKED: Any = object()  # _clean_line's label argument when the caller has not looked for one


def _clean_line(line: str, yaml: bool, marker: Optional[re.Match[str]] = None, label: Any = _NOT_LOOKED) -> str:
    """The line with list markers, bold field labels and emphasis marks replaced by spaces
    (``marker``: the line's list marker, when the caller has looked for it already; ``label``: the
    label of a line without a marker, likewise)."""
    if yaml:
        m = _YAML_KEY.match(line)
        if m:
            line = _blank(line, 0, m.end())
        return line.replace('"', " ") if line.strip().startswith('"') else line
    m = marker if marker is not None else _list_start(line, line.lstrip()[:1])
    if m:
        line = _blank(line, 0, m.end())
        m = _label(line)  # the label after the marker ("- **Impact:** ...")
    else:
        m = _label(line) if label is _NOT_LOOKED else label
    if m:
        line = _blank(line, m.start(), m.end())
    if line.lstrip().startswith("|"):
        line = line.replace("|", "\n")
    # "**", "__" and "`" share no character, so replacing each in turn blanks what one
    # left-to-right scan for any of them would.
    if "**" in line:
        line = line.replace("**", "  ")
    if "__" in line:
        line = line.replace("__", "  ")
    return line.replace("`", " ") if "`" in line else line


def _section_keys(sections: Sequence[Any], last_line: int) -> list[Optional[str]]:
    """For each document line (index = line number), the key of the last section whose lines
    (heading to end, inclusive) hold it."""
    keys: list[Optional[str]] = [None] * (last_line + 1)
    for s in sections:
        for no in range(max(s.line, 0), min(s.end_line, last_line) + 1):
            keys[no] = s.key
    return keys


def _units(lines: Sequence[tuple[int, str]], sections: Sequence[Any], yaml: bool) -> tuple[Unit, ...]:
    """The report's prose as units. A list item, a table row, a labelled field and a paragraph
    each start a unit; a line that continues them (no marker of its own) joins it. Headings,
    table separators and block quotes are left out."""
    section_of = _section_keys(sections, lines[-1][0] if lines else 0)
    units: list[Unit] = []
    pieces: list[tuple[int, str]] = []
    indent = 0

    def flush() -> None:
        if len(pieces) == 1:  # most units are one line
            no, text = pieces[0]
            if text.strip():
                units.append(Unit(text, section_of[no], ((0, no),), indent))
            pieces.clear()
            return
        text, starts = "", []
        for no, piece in pieces:
            if text:
                text += " "
            starts.append((len(text), no))
            text += piece
        if text.strip():
            units.append(Unit(text, section_of[pieces[0][0]], tuple(starts), indent))
        pieces.clear()

    for no, line in lines:
        stripped = line.strip()
        first = stripped[:1]
        if (
            not stripped
            or first == ">"
            or (first == "#" and _HEADING.match(line))
            or (first in _SEPARATOR_OPENERS and _TABLE_SEPARATOR.match(line))
        ):
            if pieces:
                flush()
            continue
        marker = None if yaml else _list_start(line, first)
        label = None if yaml or marker is not None else _label(line)  # (a marker's line: looked for after it)
        if yaml or not pieces or first == "|" or marker is not None or label is not None:
            if pieces:
                flush()
            indent = len(line) - len(line.lstrip())
        pieces.append((no, _clean_line(line, yaml, marker, label)))
    if pieces:
        flush()
    return tuple(units)


# --------------------------------------------------------------------------------------------
# Sentences.
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Sentence:
    """A sentence of a unit: its text, its offset in the unit, its neighbours, and its fold (the
    lower-cased text the literal gates look in, worked out once). Read-only by convention, like
    :class:`Unit`; equal only to itself."""

    text: str
    start: int
    unit: Unit
    previous: str
    next: str
    folded: str

    @property
    def line(self) -> int:
        return self.unit.line_at(self.start)


def _sentences(units: Sequence[Unit]) -> tuple[Sentence, ...]:
    """Every sentence of the units. ``next`` is the following sentence of the same unit, or the
    first sentence of a more indented unit right after it in the same section (a sub-bullet);
    ``previous`` the sentence before it in the same unit."""
    out: list[Sentence] = []
    split = [split_sentences(u.text) for u in units]
    for i, unit in enumerate(units):
        spans = split[i]
        following = ""
        if i + 1 < len(units) and units[i + 1].indent > unit.indent and units[i + 1].section == unit.section:
            nxt = split[i + 1]
            following = nxt[0].text if nxt else ""
        texts = [span.text for span in spans]
        previous = [""] + texts[:-1]
        after = texts[1:] + [following]
        for j, span in enumerate(spans):
            text = texts[j]
            # Sentence(text, start, unit, previous, next, folded), positionally (cheaper)
            out.append(Sentence(text, span.start, unit, previous[j], after[j], fold(text)))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# The model.
# --------------------------------------------------------------------------------------------


# The bytes of ASCII lower-case letters and digits stay, every other byte becomes a space: the runs
# a ``split()`` then gives are those of the pattern ``[a-z0-9]+`` (a non-ASCII character, encoded
# as "?", ends a run as it would).
_WORD_BYTES = bytes(b if (0x61 <= b <= 0x7A or 0x30 <= b <= 0x39) else 0x20 for b in range(256))


def distinct_words(folded: str) -> str:
    """The distinct runs of ASCII lower-case letters and digits of ``folded`` (the matches of
    ``[a-z0-9]+``), one space between them, in no particular order; found with byte operations
    instead of a pattern."""
    return b" ".join(set(folded.encode("ascii", "replace").translate(_WORD_BYTES).split())).decode("ascii")


class Prose:
    """The prose of one document: :attr:`lines`, :attr:`units`, :attr:`sentences` and
    :attr:`folded`, each worked out on first use. Built by ``Document.prose`` from the document's
    text, sections and origin (:meth:`built_from` tells whether it still describes a document)."""

    __slots__ = ("text", "sections", "origin", "_lines", "_units", "_sentences", "_folded", "_words")

    def __init__(self, text: str, sections: Sequence[Any], origin: str) -> None:
        self.text = text
        self.sections = sections
        self.origin = origin
        self._lines: Optional[tuple[tuple[int, str], ...]] = None
        self._units: Optional[tuple[Unit, ...]] = None
        self._sentences: Optional[tuple[Sentence, ...]] = None
        self._folded: Optional[str] = None
        self._words: Optional[str] = None

    def built_from(self, text: str, sections: Sequence[Any], origin: str) -> bool:
        """Whether this model was built from these very objects (a replaced text or section list
        means a new model)."""
        return self.text is text and self.sections is sections and self.origin == origin

    @property
    def yaml(self) -> bool:
        return self.origin == "yaml"

    @property
    def lines(self) -> tuple[tuple[int, str], ...]:
        """``(line number, line)`` of every line outside code blocks and comments (:func:`prose_lines`)."""
        if self._lines is None:
            self._lines = tuple(prose_lines(self.text, yaml=self.yaml))
        return self._lines

    @property
    def units(self) -> tuple[Unit, ...]:
        if self._units is None:
            self._units = _units(self.lines, self.sections, self.yaml)
        return self._units

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        if self._sentences is None:
            self._sentences = _sentences(self.units)
        return self._sentences

    @property
    def folded(self) -> str:
        """The fold of all the sentences, one per line: a literal that is not in it is in no
        sentence."""
        if self._folded is None:
            self._folded = "\n".join(s.folded for s in self.sentences)
        return self._folded

    @property
    def words(self) -> str:
        """The distinct runs of ASCII letters and digits of :attr:`folded`, one space between them:
        a literal made only of such characters is in :attr:`folded` exactly when it is in this
        (shorter) text."""
        if self._words is None:
            self._words = distinct_words(self.folded)
        return self._words

    def sentences_outside(self, skip: tuple[str, ...] = ()) -> Iterator[Sentence]:
        """The sentences of the units outside the sections whose keys are in ``skip``."""
        if not skip:
            return iter(self.sentences)
        return (s for s in self.sentences if s.unit.section not in skip)


def read_prose(text: str, sections: Sequence[Any], origin: str) -> Prose:
    """The prose model of a document with this text, these sections (objects with ``key``,
    ``line`` and ``end_line``) and this origin ("markdown", "text" or "yaml")."""
    return Prose(text, sections, origin)
