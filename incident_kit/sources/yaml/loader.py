"""YAML drafts, safely: ruamel.yaml parse events -> plain values and a source map.

Loading is deliberately narrow:

* Values are built from ruamel.yaml's *parse events* by a small composer in this module; nothing
  is ever constructed from a tag, so ``!!python/object`` and friends cannot run code.
* Plain scalars follow the YAML 1.2 core schema with one deliberate exception: ``true``/``false``
  are booleans, ``null``/``~``/empty are ``None``, decimal/octal/hex integers are ints, and
  *everything else stays text*: ``NO``, ``yes`` and ``on`` are strings, dates and timestamps
  (``2018-06-29 10:27``) are strings that the model parses, and numbers with a fraction or an
  exponent (``3.2``) keep their spelling, so ``irg_version: 3.2`` means "3.2" (the model has no
  fractional fields).
* Only the standard tags ``!!str``, ``!!int``, ``!!bool``, ``!!null``, ``!!map`` and ``!!seq`` are
  accepted; any other tag is refused.
* Duplicate keys are refused, naming both lines.
* Anchors and aliases are refused (a draft is a document, not a graph; this also rules out
  "billion laughs" expansion).

The :class:`SourceMap` keeps the line and column of every key and value, so that
:mod:`.messages` can point at them. Paths use the YAML keys, with list positions counted from 1 in
brackets: ``timeline[3].at`` is the third timeline entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional, Union

from incident_kit.errors import DraftError, InputError

FieldPath = tuple[Union[str, int], ...]
Position = tuple[int, int]

MAX_DEPTH = 64
"""Deepest nesting accepted; a report needs about six levels."""


@dataclass
class SourceMap:
    """Where each key and value of a draft stands: field path -> (line, column), 1-based.

    ``keys[("summary", "source")]`` is where ``source:`` is written; ``values[...]`` where its
    value starts. List items have a value position only (``("timeline", 2)``)."""

    keys: dict[FieldPath, Position] = field(default_factory=dict)
    values: dict[FieldPath, Position] = field(default_factory=dict)
    root: Position = (1, 1)

    def value(self, path: FieldPath) -> Optional[Position]:
        """Where the value at ``path`` starts, if known."""
        return self.values.get(tuple(path))

    def key(self, path: FieldPath) -> Optional[Position]:
        """Where the key of ``path`` is written, if it is a mapping key."""
        return self.keys.get(tuple(path))

    def locate(self, path: FieldPath) -> Position:
        """The value's position, else its key's, else the nearest ancestor's (never fails)."""
        path = tuple(path)
        while path:
            pos = self.values.get(path) or self.keys.get(path)
            if pos:
                return pos
            path = path[:-1]
        return self.root

    def locate_parent(self, path: FieldPath) -> Position:
        """Where the mapping that should hold ``path`` is: its key line, or its list item."""
        parent = tuple(path)[:-1]
        while parent:
            pos = self.keys.get(parent) or self.values.get(parent)
            if pos:
                return pos
            parent = parent[:-1]
        return self.root

    def line(self, path: FieldPath) -> int:
        return self.locate(path)[0]


def format_path(path: FieldPath) -> str:
    """``("timeline", 2, "at")`` -> ``timeline[3].at`` (list positions counted from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "report"


_PATH_PART_RE = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(text: str) -> FieldPath:
    """The inverse of :func:`format_path`: ``timeline[3].at`` -> ``("timeline", 2, "at")``."""
    parts: list[Union[str, int]] = []
    for name, index in _PATH_PART_RE.findall(text):
        parts.append(int(index) - 1 if index else name)
    return tuple(parts)


_TAG_PREFIX = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {"str", "int", "bool", "null", "map", "seq"}
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")


# Longer integers stay text, so the model reports them as values out of range instead of Python
# refusing to convert them (over 4300 digits) with an error that names no line.
MAX_INT_DIGITS = 100


def _int_value(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise ValueError(f"a whole number of {len(text)} digits is too large (at most {MAX_INT_DIGITS})")
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _resolve_plain(text: str) -> Any:
    """YAML 1.2 core resolution of a plain (unquoted, untagged) scalar, minus floats."""
    if _NULL_RE.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT_RE.match(text) and len(text) <= MAX_INT_DIGITS:
        return _int_value(text)
    return text


def _resolve_tagged(tag: str, text: str) -> Any:
    """A scalar with one of the accepted explicit tags (``!!str 12``); raises ValueError."""
    if tag == "str":
        return text
    if tag == "int":
        if not _INT_RE.match(text.strip()):
            raise ValueError(f"{text!r} is tagged !!int but is not a whole number")
        return _int_value(text.strip())
    if tag == "bool":
        if text.strip() not in _BOOL:
            raise ValueError(f"{text!r} is tagged !!bool but is not true or false")
        return _BOOL[text.strip()]
    if tag == "null":
        return None
    raise ValueError(f"!!{tag} is not a scalar tag")


def _mark(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


class _Composer:
    """Builds dicts, lists and scalars from parse events, recording positions and refusing the
    constructs this module does not accept (the problems are collected, not raised one by one)."""

    def __init__(self, events: Iterator[Any], path: str) -> None:
        self.events = events
        self.path = path
        self.smap = SourceMap()
        self.problems: list[str] = []

    def _problem(self, pos: Position, fpath: FieldPath, message: str) -> None:
        self.problems.append(f"{self.path}:{pos[0]}:{pos[1]}: {format_path(fpath)}: {message}")

    def _next(self) -> Any:
        return next(self.events)

    def compose_stream(self) -> Any:
        """The single document of the stream (``None`` when the stream is empty)."""
        from ruamel.yaml.events import DocumentStartEvent, StreamEndEvent

        self._next()  # StreamStart
        event = self._next()
        if isinstance(event, StreamEndEvent):
            return None
        assert isinstance(event, DocumentStartEvent)
        root_event = self._next()
        self.smap.root = _mark(root_event.start_mark)
        value = self._compose(root_event, (), 0)
        self._next()  # DocumentEnd
        event = self._next()
        if not isinstance(event, StreamEndEvent):
            raise InputError(
                "the file holds more than one YAML document (a second '---'); a draft is one document",
                self.path,
                *_mark(event.start_mark),
            )
        return value

    def _check_node(self, event: Any, fpath: FieldPath, kind: str) -> Optional[str]:
        """Refuse anchors and unknown tags; return the accepted tag's short name, if any."""
        pos = _mark(event.start_mark)
        if getattr(event, "anchor", None):
            self._problem(pos, fpath, f"anchor &{event.anchor} is not supported in drafts; write the value out")
        tag = event.tag
        if tag is None or tag == "!":
            return None
        short = tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else None
        fits = short in _ALLOWED_TAGS and (short == kind if kind != "scalar" else short not in ("map", "seq"))
        if not fits:
            shown = f"!!{short}" if short else tag
            self._problem(pos, fpath, f"the YAML tag {shown} is not allowed in drafts; remove it (plain values only)")
            return "refused"
        return short

    def _compose(self, event: Any, fpath: FieldPath, depth: int) -> Any:
        from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

        pos = _mark(event.start_mark)
        self.smap.values.setdefault(fpath, pos)
        if depth > MAX_DEPTH:
            raise InputError(f"the YAML is nested more than {MAX_DEPTH} levels deep", self.path, *pos)
        if isinstance(event, AliasEvent):
            self._problem(pos, fpath, f"alias *{event.anchor} is not supported in drafts; write the value out")
            return None
        if isinstance(event, ScalarEvent):
            return self._scalar(event, fpath)
        if isinstance(event, SequenceStartEvent):
            self._check_node(event, fpath, "seq")
            return self._sequence(fpath, depth)
        if isinstance(event, MappingStartEvent):
            self._check_node(event, fpath, "map")
            return self._mapping(fpath, depth)
        raise InputError(f"unexpected YAML event {type(event).__name__}", self.path, *pos)  # pragma: no cover

    def _scalar(self, event: Any, fpath: FieldPath) -> Any:
        tag = self._check_node(event, fpath, "scalar")
        if tag == "refused":
            return event.value
        if tag is not None:
            try:
                return _resolve_tagged(tag, event.value)
            except ValueError as exc:
                self._problem(_mark(event.start_mark), fpath, str(exc))
                return event.value
        if event.style is None and event.tag is None:
            return _resolve_plain(event.value)
        return event.value

    def _sequence(self, fpath: FieldPath, depth: int) -> list[Any]:
        from ruamel.yaml.events import SequenceEndEvent

        items: list[Any] = []
        while True:
            event = self._next()
            if isinstance(event, SequenceEndEvent):
                return items
            items.append(self._compose(event, fpath + (len(items),), depth + 1))

    def _mapping(self, fpath: FieldPath, depth: int) -> dict[str, Any]:
        from ruamel.yaml.events import MappingEndEvent, ScalarEvent

        out: dict[str, Any] = {}
        while True:
            event = self._next()
            if isinstance(event, MappingEndEvent):
                return out
            key_pos = _mark(event.start_mark)
            if not isinstance(event, ScalarEvent):
                self._problem(key_pos, fpath, "a key must be a plain name, not a list or a mapping")
                self._compose(event, fpath + ("?",), depth + 1)
                self._compose(self._next(), fpath + ("?",), depth + 1)
                continue
            self._check_node(event, fpath, "scalar")
            key = event.value
            kpath = fpath + (key,)
            value_event = self._next()
            if key in out:
                first = self.smap.keys[kpath]
                self._problem(
                    key_pos, kpath, f"duplicate key; {key!r} is already defined at line {first[0]} (keep one of them)"
                )
                self._compose(value_event, fpath + ("?",), depth + 1)
                continue
            self.smap.keys[kpath] = key_pos
            if _is_empty_scalar(value_event):
                # An empty value has no position of its own (YAML puts it on the next token).
                self.smap.values[kpath] = (key_pos[0], _mark(event.end_mark)[1] + 1)
            out[key] = self._compose(value_event, kpath, depth + 1)


def _is_empty_scalar(event: Any) -> bool:
    from ruamel.yaml.events import ScalarEvent

    return isinstance(event, ScalarEvent) and event.value == "" and event.style is None and event.tag is None


def _syntax_error(exc: Any, text: str, path: str) -> InputError:
    """A ruamel MarkedYAMLError -> one clear line at the place YAML reports."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if "\t" in problem or ("\t" in source_line and "cannot start any token" in problem):
        indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
        if "\t" in indent:
            message = "a tab character is used for indentation; indent with spaces"
        else:
            message = "a tab character in an unquoted value; use spaces, or put the value in quotes"
        return InputError(f"YAML syntax error: {message}", path, line, column)
    message = f"YAML syntax error: {problem}"
    ctx_mark = getattr(exc, "context_mark", None)
    if context and ctx_mark is not None and (ctx_mark.line + 1) != line:
        message += f" ({context} at line {ctx_mark.line + 1})"
    elif context:
        message += f" ({context})"
    return InputError(message, path, line, column)


def load_yaml(text: str, path: str = "<input>") -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain Python values and a :class:`SourceMap`.

    Raises :class:`InputError` for YAML syntax errors (with YAML's line and column) and
    :class:`DraftError` for refused constructs (tags, anchors, duplicate keys), all of them."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text = text.removeprefix("\ufeff")
    yaml = YAML(typ="safe", pure=True)
    try:
        composer = _Composer(iter(yaml.parse(text)), path)
        data = composer.compose_stream()
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from None
    except YAMLError as exc:
        position = getattr(exc, "position", None)  # ruamel's ReaderError: a character YAML forbids
        character = getattr(exc, "character", None)
        if isinstance(position, int) and character is not None:
            before = text[:position]
            line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
            code = ord(character) if isinstance(character, str) else int(character)
            raise InputError(
                f"YAML error: the character U+{code:04X} is not allowed in YAML; remove it", path, line, column
            ) from None
        raise InputError(f"YAML error: {' '.join(str(exc).split())}", path) from None
    if composer.problems:
        raise DraftError(composer.problems)
    return data, composer.smap
