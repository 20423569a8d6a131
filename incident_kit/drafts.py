"""YAML drafts: safe loading, validation messages with lines, and the draft's :class:`Document`.

Loading is deliberately narrow:

* The file must be UTF-8 (a leading byte-order mark is accepted and dropped).
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

Validation problems are reported one per line as ``file:line:column: field.path: message``.
Paths use the YAML keys, with list positions counted from 1 in brackets: ``timeline[3].at`` is the
third timeline entry. A wrong value points at the value; a missing key at its parent mapping.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional, Union, get_args

from incident_kit.irg.kinds import KIND_CLOSURE, KIND_FULL, KIND_IRG2_AUDIT, KIND_LEGACY
from incident_kit.irg.templates import APPENDIX_FIELDS, IRG2_ACTION_COLUMNS, IRG3_ACTION_COLUMNS, LEGACY
from incident_kit.irg.templates import NOUNS as _REPORT_NOUN
from incident_kit.irg.templates import SECTION_TITLES as _SECTION_TITLES
from incident_kit.irg.templates import TITLES as _TITLES
from incident_kit.errors import DraftError, InputError

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

    from incident_kit.document import Document

FieldPath = tuple[Union[str, int], ...]
Position = tuple[int, int]

MAX_DEPTH = 64
"""Deepest nesting accepted; a report needs about six levels."""

# --------------------------------------------------------------------------------------------
# Source map.
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Reading bytes.
# --------------------------------------------------------------------------------------------


def _position_of_offset(data: bytes, offset: int) -> Position:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def decode_text(data: bytes, path: str) -> str:
    """Bytes -> text: UTF-8 only (a leading BOM is dropped); otherwise an :class:`InputError`
    that points at the first byte that is not UTF-8 (or at a NUL byte, or says it is UTF-16)."""
    from incident_kit.errors import not_text_problem

    problem = not_text_problem(data, path)
    if problem is not None:
        raise problem
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position_of_offset(data, exc.start)
        byte = data[exc.start]
        raise InputError(
            f"the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8", path, line, column
        ) from None


def read_text_file(path: Union[str, Path]) -> str:
    """Read a UTF-8 text file, turning every failure into one :class:`InputError` line."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a draft file", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", str(path)) from None
    return decode_text(data, str(path))


# --------------------------------------------------------------------------------------------
# YAML: events -> plain values + source map.
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Validation: pydantic errors -> one line each.
# --------------------------------------------------------------------------------------------



def _unwrap_models(annotation: Any) -> list[type]:
    """The pydantic model classes inside an annotation (through Union, list, Annotated)."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type] = []
    for arg in get_args(annotation):
        found.extend(_unwrap_models(arg))
    return found


def _field_info(model: type, path: FieldPath) -> Any:
    """The pydantic FieldInfo for a field path in ``model`` (list positions skipped), or None."""
    current: Any = model
    info = None
    for part in path:
        if isinstance(part, int):
            continue
        models = _unwrap_models(current) if info is not None else [current]
        models = [m for m in models if part in m.model_fields]
        if not models:
            return None
        info = models[0].model_fields[part]
        current = info.annotation
    return info


def _model_at(model: type, path: FieldPath) -> Optional[type]:
    """The model class whose fields live at ``path`` (the report class for ``()``)."""
    if not [p for p in path if not isinstance(p, int)]:
        return model
    info = _field_info(model, path)
    models = _unwrap_models(info.annotation) if info is not None else []
    return models[0] if models else None


def _accepts_na(info: Any) -> bool:
    """True when the field is report text or explicitly allows ``N/A``."""
    from incident_kit import model as m

    def walk(annotation: Any) -> bool:
        if annotation == m.NotApplicable or annotation == m.Text:
            return True
        return any(walk(a) for a in get_args(annotation))

    if info is None:
        return False
    text_validators = get_args(m.Text)[1:]  # pydantic moves a field's own Annotated metadata here
    if any(meta in text_validators for meta in info.metadata):
        return True
    return walk(info.annotation)


def _split_loc(loc: tuple[Any, ...], data: Any, missing: bool) -> tuple[FieldPath, bool, Optional[FieldPath]]:
    """Separate a pydantic ``loc`` into the data path and the union branches it went through.

    Returns (path, went through the N/A branch, path at which a union branched or None)."""
    path: list[Union[str, int]] = []
    current = data
    na_branch = False
    union_at: Optional[FieldPath] = None
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and isinstance(part, str) and (part in current or (missing and last)):
            path.append(part)
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int):
            path.append(part)
            current = current[part] if 0 <= part < len(current) else None
        else:  # a union branch tag such as "list[LessonItem]" or "literal['N/A']"
            union_at = tuple(path)
            if str(part) == "literal['N/A']":
                na_branch = True
    return tuple(path), na_branch, union_at


def _quoted_choices(expected: str) -> list[str]:
    return re.findall(r"'((?:[^'\\]|\\.)*)'", expected)


def _choice_message(value: Any, choices: list[str]) -> str:
    listed = ", ".join(choices)
    if isinstance(value, str):
        for choice in choices:
            if value.strip().lower() == choice.lower():
                return f"{value!r} is not spelled as the IRG spells it; write {choice!r} (allowed: {listed})"
        return f"{value!r} is not an allowed value; expected one of: {listed}"
    return f"expected one of: {listed} (found {_yaml_type(value)})"


def _yaml_type(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {value!r}"


def _expected(what: str, value: Any, or_na: bool) -> str:
    """``expected a whole number or N/A, found the text 'lots'``."""
    return f"expected {what}{' or N/A' if or_na else ''}, found {_yaml_type(value)}"


def _describe(info: Any) -> str:
    return (getattr(info, "description", None) or "").strip().rstrip(".")


class _Translator:
    """Turns the errors of one ``model_validate`` call into ``file:line:col: path: message``."""

    def __init__(self, model: type, kind: str, data: Any, smap: SourceMap, path: str) -> None:
        self.model = model
        self.kind = kind
        self.data = data
        self.smap = smap
        self.path = path

    def lines(self, errors: list[dict[str, Any]]) -> list[str]:
        na_unions = set()
        split = []
        for err in errors:
            fpath, na_branch, union_at = _split_loc(tuple(err["loc"]), self.data, err["type"] == "missing")
            if na_branch and union_at is not None:
                na_unions.add(union_at)
                continue
            split.append((err, fpath, union_at))
        out: list[tuple[Position, str]] = []
        seen: set[tuple[FieldPath, str]] = set()
        for err, fpath, union_at in split:
            if err["type"] == "none_required":
                continue  # the "or null" branch of an optional field
            or_na = union_at is not None and union_at in na_unions and union_at == fpath
            pos, message = self.message(err, fpath, or_na)
            if (fpath, message) in seen:
                continue
            seen.add((fpath, message))
            out.append((pos, f"{self.path}:{pos[0]}:{pos[1]}: {format_path(fpath)}: {message}"))
        return [line for _, line in sorted(out, key=lambda item: item[0])]  # top to bottom

    def message(self, err: dict[str, Any], fpath: FieldPath, or_na: bool) -> tuple[Position, str]:
        kind = err["type"]
        value = err.get("input")
        ctx = err.get("ctx") or {}
        info = _field_info(self.model, fpath)
        if kind == "missing":
            return self.smap.locate_parent(fpath), self._missing(info)
        if kind == "extra_forbidden":
            return self.smap.key(fpath) or self.smap.locate(fpath), self._extra(fpath)
        pos = self.smap.locate(fpath)
        if isinstance(value, dict) and self.smap.key(fpath):
            pos = self.smap.key(fpath) or pos  # a mapping spans lines: point at its key
        if kind in ("enum", "literal_error"):
            choices = _quoted_choices(str(ctx.get("expected", "")))
            return pos, _choice_message(value, choices + (["N/A"] if or_na else []))
        return pos, self._value_message(kind, value, ctx, info, or_na, err)

    def _missing(self, info: Any) -> str:
        if _accepts_na(info):
            return "is missing; write N/A if it does not apply"
        desc = _describe(info)
        return "is missing" + (f"; expected: {desc}" if desc else "")

    def _extra(self, fpath: FieldPath) -> str:
        owner = _model_at(self.model, fpath[:-1])
        name = str(fpath[-1])
        nested = any(not isinstance(p, int) for p in fpath[:-1])
        where = format_path(fpath[:-1]) if nested else f"a {_REPORT_NOUN.get(self.kind, self.kind)}"
        if owner is None:
            return f"is not a field of {where}"
        names = list(owner.model_fields)
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else "expected one of: " + ", ".join(names)
        return f"is not a field of {where} ({hint})"

    def _value_message(
        self, kind: str, value: Any, ctx: dict[str, Any], info: Any, or_na: bool, err: dict[str, Any]
    ) -> str:
        if kind in ("value_error", "assertion_error"):
            text = str(ctx.get("error") or err["msg"])
            return text if not or_na or "N/A" in text else f"{text} (or write N/A)"
        if kind == "string_type":
            if value is None and _accepts_na(info):
                return "is empty; write the answer, or N/A if the field does not apply"
            if isinstance(value, (bool, int)):
                return f"expected text, but YAML reads {_yaml_type(value)} here; put the value in quotes"
            return _expected("text", value, or_na)
        if kind in ("int_parsing", "int_type", "int_from_float"):
            return _expected("a whole number", value, or_na)
        if kind in ("greater_than_equal", "greater_than"):
            limit = ctx.get("ge", ctx.get("gt"))
            return f"must be at least {limit}" if kind == "greater_than_equal" else f"must be more than {limit}"
        if kind == "list_type":
            return _expected("a list (one '- ' line per item)", value, or_na)
        if kind in ("model_type", "dict_type", "model_attributes_type"):
            fields = _model_fields(ctx.get("class_name"))
            what = f"a mapping of the fields {fields}" if fields else "a mapping of fields"
            return _expected(f"{what} (one 'name: value' line each)", value, or_na)
        if kind == "too_short":
            n = ctx.get("min_length", 1)
            return "is empty; at least one entry is required" if n == 1 else f"needs at least {n} entries"
        if kind == "string_pattern_mismatch":
            desc = _describe(info)
            return f"{value!r} is not valid; expected: {desc}" if desc else f"{value!r} is not valid"
        if kind in ("bool_type", "bool_parsing"):
            return f"expected true or false, found {_yaml_type(value)}"
        return str(err["msg"]) + (" (or write N/A)" if or_na else "")


# --------------------------------------------------------------------------------------------
# Loading drafts.
# --------------------------------------------------------------------------------------------


@dataclass
class LoadedDraft:
    """A validated draft with everything read on the way: text, plain data and source map."""

    path: str
    text: str
    data: dict[str, Any]
    smap: SourceMap
    model: Any


def _kind_of(data: dict[str, Any], smap: SourceMap, path: str) -> str:
    from incident_kit.model import REPORT_MODELS

    kinds = list(REPORT_MODELS)
    if "kind" not in data:
        line, column = smap.root
        raise DraftError([f"{path}:{line}:{column}: kind: is missing; expected one of: {', '.join(kinds)}"])
    kind = data["kind"]
    if kind not in REPORT_MODELS:
        line, column = smap.locate(("kind",))
        raise DraftError([f"{path}:{line}:{column}: kind: {_choice_message(kind, kinds)}"])
    return kind


def _read_source(source: Union[str, Path], path: Optional[str]) -> tuple[str, str]:
    if path is not None:
        return str(source).removeprefix("\ufeff"), path
    return read_text_file(source), str(source)


def load(source: Union[str, Path], path: Optional[str] = None) -> LoadedDraft:
    """Read and validate a draft; see :func:`load_draft`. Keeps the text and source map."""
    from pydantic import ValidationError

    from incident_kit.model import REPORT_MODELS

    text, shown = _read_source(source, path)
    try:
        data, smap = load_yaml(text, shown)
    except (InputError, DraftError):
        if _looks_like_posted_report(text, shown):
            raise InputError(
                "looks like a posted report (Markdown or text), not a YAML draft; "
                f"`incident-kit parse {shown} -o draft.yaml` reads it into a draft, `incident-kit lint` checks it as it is",
                shown,
            ) from None
        raise
    if data is None:
        raise InputError("the draft is empty; it should start with a line such as 'kind: full'", shown)
    if not isinstance(data, dict):
        line, column = smap.root
        raise InputError(
            f"the draft must be a mapping of fields ('kind: full', 'bug: ...'), not {_yaml_type(data)}",
            shown,
            line,
            column,
        )
    kind = _kind_of(data, smap, shown)
    model_cls = REPORT_MODELS[kind]
    try:
        model = model_cls.model_validate(data)
    except ValidationError as exc:
        translator = _Translator(model_cls, kind, data, smap, shown)
        raise DraftError(translator.lines(exc.errors(include_url=False))) from None
    return LoadedDraft(shown, text, data, smap, model)


_REPORT_START_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+\S|[-*+]\s+\*\*[^*]+:?\*\*|\*\*[^*]+:\*\*)")


def _looks_like_posted_report(text: str, shown: str) -> bool:
    """A report file given where a draft is expected: a Markdown suffix, or a first content line
    that is a heading or a bold label (no YAML draft starts so)."""
    if Path(shown).suffix.lower() in (".md", ".markdown", ".txt"):
        return True
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("# ")), "")
    return bool(_REPORT_START_RE.match(first)) and ":" not in first.split("**")[0]


def load_draft(source: Union[str, Path], path: Optional[str] = None) -> "BaseModel":
    """Load a YAML draft into its report model (chosen by ``kind``).

    ``load_draft("draft.yaml")`` reads the file; ``load_draft(text, path="draft.yaml")`` takes the
    text itself (``path`` is then only used in messages). Raises :class:`InputError` when the input
    cannot be used (unreadable, not UTF-8, YAML syntax, not a mapping) and :class:`DraftError`
    with one ``file:line:column: field.path: message`` line per problem otherwise."""
    return load(source, path).model


def _model_fields(class_name: Any) -> str:
    """``bug_id, opened, description`` for a model class of incident_kit.model named ``class_name``."""
    from incident_kit import model

    cls = getattr(model, class_name, None) if isinstance(class_name, str) else None
    fields = getattr(cls, "model_fields", None)
    return ", ".join(fields) if isinstance(fields, dict) and fields else ""


# --------------------------------------------------------------------------------------------
# Draft -> Document.
# --------------------------------------------------------------------------------------------


def raw_value(value: Any) -> str:
    """A draft value as the report shows it: enum values, ISO dates, ``YYYY-MM-DD HH:MM UTC``."""
    from incident_kit.model import format_utc

    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


CSV_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
"""How the rendered Appendix CSV writes times (see :mod:`incident_kit.drafting.render`)."""


def _csv_value(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime(CSV_TIME_FORMAT)
    return raw_value(value)


def _time_value(value: datetime) -> Any:
    from incident_kit.document import TimeValue

    utc = value.astimezone(timezone.utc)
    precision = "second" if utc.second or utc.microsecond else "minute"
    return TimeValue(raw=raw_value(value), value=utc, has_time=True, has_zone=True, precision=precision)


def _date_value(value: date) -> Any:
    from incident_kit.document import TimeValue

    midnight = datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return TimeValue(raw=value.isoformat(), value=midnight, has_time=False, has_zone=False, precision="day")


# Draft key -> canonical section key, per kind family.
_SECTION_KEYS_IRG = {
    "summary": "summary",
    "impact": "impact",
    "timeline": "timeline",
    "related_incidents": "related_incidents",
    "root_causes": "root_cause_analysis",
    "root_cause_analysis": "root_cause_analysis",
    "lessons_learned": "lessons_learned",
    "action_items": "action_items",
    "appendix": "appendix",
}
_LEGACY_TOPICS = {t.draft_key: (t.key, t.title) for t in LEGACY}
"""Draft key of a legacy topic -> (section key, title)."""


def _strings(value: Any) -> Iterator[str]:
    """Every piece of user text inside a draft value, in order."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


class _DocumentBuilder:
    """Fills a :class:`Document` from a validated draft and its source map."""

    def __init__(self, loaded: LoadedDraft) -> None:
        from incident_kit.document import Document

        self.d = loaded
        self.m = loaded.model
        self.smap = loaded.smap
        self.doc = Document(path=loaded.path, text=loaded.text, origin="yaml")

    def loc(self, value: Any, *path: Union[str, int]) -> Any:
        from incident_kit.document import Located

        line, column = self.smap.locate(path)
        return Located(raw_value(value), line, column)

    def csv_loc(self, value: Any, *path: Union[str, int]) -> Any:
        """Like :meth:`loc`, with the value as the Appendix CSV writes it."""
        from incident_kit.document import Located

        line, column = self.smap.locate(path)
        return Located(_csv_value(value), line, column)

    def keyloc(self, value: Any, *path: Union[str, int]) -> Any:
        """Like :meth:`loc`, at the key (for a value that spans several lines)."""
        from incident_kit.document import Located

        line, column = self.smap.key(path) or self.smap.locate(path)
        return Located(raw_value(value), line, column)

    def line(self, *path: Union[str, int]) -> int:
        return self.smap.line(path)

    def build(self) -> "Document":
        from incident_kit.document import BugMeta, Located

        m, doc = self.m, self.doc
        kind = m.kind
        doc.kind = kind
        doc.irg_version = m.irg_version
        doc.kind_reason = f"kind: {kind} in the draft"
        doc.draft = m
        line, column = self.smap.locate(("kind",))
        doc.title = Located(_TITLES[kind], line, column)
        b = m.bug
        doc.bug = BugMeta(
            ca_owner=b.ca_owner,
            title=b.title,
            bug_id=b.bug_id,
            whiteboard=list(b.whiteboard),
            next_update=b.whiteboard_next_update,
            posted=b.posted,
        )
        self.sections()
        getattr(self, "_" + kind.replace("-", "_"))()
        return doc

    # --- sections --------------------------------------------------------------------------

    def sections(self) -> None:
        from incident_kit.document import Section

        kind = self.m.kind
        order = sorted((pos[0], key) for (key, *rest), pos in self.smap.keys.items() if not rest)
        for i, (line, key) in enumerate(order):
            canon = self._section_key(kind, key)
            if canon is None:
                continue
            end = (order[i + 1][0] - 1) if i + 1 < len(order) else len(self.d.text.splitlines())
            end = self._trim_end(line, end)
            body = "\n".join(_strings(self.d.data.get(key)))
            self.doc.sections.append(Section(canon[0], canon[1], line, end, body, None))

    def _section_key(self, kind: str, key: str) -> Optional[tuple[str, str]]:
        if kind == KIND_LEGACY:
            return _LEGACY_TOPICS.get(key)
        if kind == KIND_CLOSURE and key == "summary":
            return "closure_summary", _SECTION_TITLES["closure_summary"]
        if kind == KIND_IRG2_AUDIT:
            return None  # findings are added one by one
        canon = _SECTION_KEYS_IRG.get(key)
        return (canon, _SECTION_TITLES[canon]) if canon else None

    def _trim_end(self, start: int, end: int) -> int:
        lines = self.d.text.splitlines()
        def blank(n: int) -> bool:
            return n > len(lines) or not lines[n - 1].strip() or lines[n - 1].lstrip().startswith("#")

        while end > start and blank(end):
            end -= 1
        return end

    # --- per kind ----------------------------------------------------------------------------

    def _fields(self, base: tuple[str, ...], obj: Any, mapping: dict[str, str]) -> None:
        for attr, key in mapping.items():
            self.doc.fields[key] = self.loc(getattr(obj, attr), *base, attr)

    def _preliminary(self) -> None:
        from incident_kit import document as D

        self._fields(
            ("summary",),
            self.m.summary,
            {
                "incident_description": D.F_INCIDENT_DESCRIPTION,
                "relevant_policies": D.F_RELEVANT_POLICIES,
                "source": D.F_SOURCE,
            },
        )

    def _full(self) -> None:
        from incident_kit import document as D

        m = self.m
        self._fields(
            ("summary",),
            m.summary,
            {
                "ccadb_id": D.F_CCADB_ID,
                "incident_description": D.F_INCIDENT_DESCRIPTION,
                "relevant_policies": D.F_RELEVANT_POLICIES,
                "source": D.F_SOURCE,
            },
        )
        ts = m.summary.timeline_summary
        self.doc.fields[D.F_TIMELINE_SUMMARY] = self.keyloc("", "summary", "timeline_summary")
        self._fields(
            ("summary", "timeline_summary"),
            ts,
            {"start": D.F_NC_START, "identified": D.F_NC_IDENTIFIED, "end": D.F_NC_END},
        )
        self._fields(
            ("impact",),
            m.impact,
            {
                "total_certificates": D.F_TOTAL_CERTS,
                "remaining_valid": D.F_REMAINING_VALID,
                "certificate_types": D.F_CERT_TYPES,
                "heuristic": D.F_HEURISTIC,
                "issuance_stopped": D.F_ISSUANCE_STOPPED,
                "analysis": D.F_ANALYSIS,
                "additional_considerations": D.F_ADDITIONAL,
            },
        )
        for attr, key in (("total_certificates", D.F_TOTAL_CERTS), ("remaining_valid", D.F_REMAINING_VALID)):
            note = getattr(m.impact, f"{attr}_note")
            if note:  # the count and its note, as the rendered report writes them
                at = self.doc.fields[key]
                self.doc.fields[key] = type(at)(f"{at.raw} ({note})", at.line, at.column)
        self._timeline(m.timeline)
        self._related(m.related_incidents)
        self._factors(m.root_causes)
        self._lessons(m.lessons_learned, with_items=True)
        self._action_items(m.action_items, ("action_items",))
        self._appendix(m.appendix)

    def _closure(self) -> None:
        from incident_kit import document as D
        from incident_kit.irg import CLOSURE_SENTENCE

        self._fields(
            ("summary",),
            self.m.summary,
            {
                "incident_description": D.F_INCIDENT_DESCRIPTION,
                "root_causes": D.F_CLOSURE_ROOT_CAUSES,
                "remediation": D.F_CLOSURE_REMEDIATION,
                "commitments": D.F_CLOSURE_COMMITMENTS,
            },
        )
        self.doc.closing_sentence = D.Located(CLOSURE_SENTENCE, None, None)
        self._action_items(self.m.action_items, ("action_items",))

    def _irg2(self) -> None:
        m = self.m
        self._timeline(m.timeline)
        self._lessons(m.lessons_learned, with_items=False)
        self._action_items(m.action_items, ("action_items",))

    def _irg2_audit(self) -> None:
        from incident_kit.document import Section

        findings = self.m.findings
        for i, finding in enumerate(findings):
            line = self.line("findings", i)
            end = self.line("findings", i + 1) - 1 if i + 1 < len(findings) else len(self.d.text.splitlines())
            body = "\n".join(_strings(self.d.data["findings"][i]))
            end = self._trim_end(line, end)
            self.doc.sections.append(Section(f"finding{i + 1}", f"Finding #{i + 1}", line, end, body))
            self._action_items(finding.action_items, ("findings", i, "action_items"))

    def _legacy(self) -> None:
        from incident_kit.document import TimelineEntry

        self._timeline(self.m.timeline)
        for i, step in enumerate(self.m.remediation):
            line, column = self.smap.locate(("remediation", i))
            due = step.due_date
            parts = [step.description] + ([step.status] if step.status else []) + [raw_value(due)]
            when = _date_value(due) if isinstance(due, date) else None
            self.doc.legacy_remediation.append(
                TimelineEntry(" – ".join(parts), line, column, when, step.description, [])
            )

    # --- shared pieces -----------------------------------------------------------------------

    def _timeline(self, events: list[Any]) -> None:
        from incident_kit.document import TimelineEntry

        for i, ev in enumerate(events):
            line, column = self.smap.locate(("timeline", i))
            when = _time_value(ev.at)
            entry = TimelineEntry(f"{when.raw} – {ev.text}", line, column, when, ev.text, [t.value for t in ev.tags])
            self.doc.timeline.append(entry)

    def _related(self, rows: Any) -> None:
        from incident_kit.document import Located, RelatedIncidentRow

        if not isinstance(rows, list):
            return
        for i, r in enumerate(rows):
            line, column = self.smap.locate(("related_incidents", i))
            self.doc.related.append(
                RelatedIncidentRow(
                    line=line,
                    bug=Located(f"[{r.bug_id}]({r.link})", *self.smap.locate(("related_incidents", i, "bug_id"))),
                    date=self.loc(r.opened, "related_incidents", i, "opened"),
                    description=self.loc(r.description, "related_incidents", i, "description"),
                    bug_id=r.bug_id,
                    url=r.link,
                )
            )

    def _factors(self, factors: list[Any]) -> None:
        from incident_kit.document import FACTOR_FIELDS, ContributingFactorBlock

        for i, f in enumerate(factors):
            block = ContributingFactorBlock(f.id, f.title, self.line("root_causes", i))
            for name in FACTOR_FIELDS:
                block.fields[name] = self.loc(getattr(f, name), "root_causes", i, name)
            block.text = "\n".join(_strings(self.d.data["root_causes"][i]))
            self.doc.factors.append(block)

    def _lessons(self, lessons: Any, with_items: bool) -> None:
        from incident_kit.document import LESSON_CATEGORIES, LessonEntry
        from incident_kit.model import NA

        for category in LESSON_CATEGORIES:
            items = getattr(lessons, category, None)
            if items is None:
                continue
            if items == NA:
                self.doc.lessons.append(LessonEntry(category, NA, self.line("lessons_learned", category)))
                continue
            for j, item in enumerate(items):
                line = self.line("lessons_learned", category, j)
                if with_items:
                    self.doc.lessons.append(LessonEntry(category, item.text, line, list(item.action_items)))
                else:
                    self.doc.lessons.append(LessonEntry(category, item, line))

    def _action_items(self, items: list[Any], base: tuple[Union[str, int], ...]) -> None:
        from incident_kit.document import ActionItemRow, Located

        irg3 = self.m.kind in (KIND_FULL, KIND_CLOSURE)
        if self.doc.action_header is None and base in self.smap.keys:
            header_line, column = self.smap.keys[base]
            columns = IRG3_ACTION_COLUMNS if irg3 else IRG2_ACTION_COLUMNS
            self.doc.action_header = [Located(c, header_line, column) for c in columns]
            self.doc.action_header_line = header_line
        for i, a in enumerate(items):
            p = base + (i,)
            row = ActionItemRow(
                line=self.smap.line(p),
                description=self.loc(a.description, *p, "description"),
                kind=self.loc(a.kind, *p, "kind"),
                due_date=self.loc(a.due_date, *p, "due_date"),
                due=a.due_date,
            )
            if irg3:
                refs = ", ".join(f"Root Cause # {n}" for n in a.root_causes)
                row.root_causes = Located(refs, *self.smap.locate(p + ("root_causes",)))
                row.root_cause_ids = list(a.root_causes)
                row.evaluation_criteria = self.loc(a.evaluation_criteria, *p, "evaluation_criteria")
                row.status = self.loc(a.status, *p, "status")
            self.doc.action_items.append(row)

    def _appendix(self, appendix: Any) -> None:
        from incident_kit.document import Located, TableRow
        from incident_kit.irg import APPENDIX_COLUMNS

        certs = appendix.certificates
        if not certs:
            return
        extra: list[str] = []
        for c in certs:
            extra.extend(k for k in c.extra if k not in extra)
        line, column = self.smap.key(("appendix", "certificates")) or self.smap.locate(("appendix",))
        self.doc.appendix_header = [Located(c, line, column) for c in (*APPENDIX_COLUMNS, *extra)]
        for i, c in enumerate(certs):
            p = ("appendix", "certificates", i)
            cells = [self.csv_loc(_cell(c, name), *p, name) for name in APPENDIX_FIELDS]
            cells += [self.csv_loc(c.extra.get(k, ""), *p, "extra", k) for k in extra]
            self.doc.appendix_rows.append(TableRow(cells, self.smap.line(p)))


"""The AffectedCertificate fields behind the IRG Appendix columns, in column order."""


def _cell(certificate: Any, name: str) -> Any:
    value = getattr(certificate, name)
    return " ".join(value) if name == "dns_names" else value


def document_from(loaded: LoadedDraft) -> "Document":
    """The linter's :class:`Document` for a loaded draft."""
    return _DocumentBuilder(loaded).build()


def read_draft(source: Union[str, Path], path: Optional[str] = None) -> "Document":
    """Load a YAML draft (same arguments and errors as :func:`load_draft`) and return the
    :class:`~incident_kit.document.Document` the linter reads: kind, bug metadata, sections at the
    lines of their top-level keys, fields, timeline, factors, lessons, action items, related
    incidents and appendix rows, each value as the rendered report shows it."""
    return document_from(load(source, path))
