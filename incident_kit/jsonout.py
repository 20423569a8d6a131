"""Indented JSON, the same bytes as ``json.dumps(obj, indent=N, ensure_ascii=False)``, written faster.

With ``indent`` set, the standard library gives up its C encoder and walks the value with nested
Python generators (one ``yield`` per piece, through every level of nesting). A lint of a thousand
reports writes about 5 MB of JSON, and that walk, done in the parent after the workers have
finished, was about a tenth of a second of serial time. This writer appends the pieces to one
list instead and leaves strings to the standard library's C string encoder.

Only the plain JSON types are written here: ``str``, ``int``, ``float``, ``bool``, ``None``,
``list``, ``tuple`` and ``dict`` with ``str`` keys (exact types, not subclasses). Anything else
(a subclass, a non-string key, an object ``json`` would reject, a structure nested deeper than
:data:`MAX_DEPTH`) hands the whole value to ``json.dumps``, so the output and the errors are
always the standard library's own. A test checks the equality on random values.
"""

from __future__ import annotations

import json
from typing import Any

try:  # the C encoder of the standard library (the pure-Python one gives the same strings)
    from _json import encode_basestring as _encode_str  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - an interpreter without _json
    from json.encoder import py_encode_basestring as _encode_str  # type: ignore[attr-defined]

MAX_DEPTH = 200  # deeper values (and cycles) go to json.dumps, which reports them as it always does


class _Fallback(Exception):
    """A value this writer does not handle: json.dumps writes the whole document."""


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def dumps(obj: Any, indent: int = 2) -> str:
    """``json.dumps(obj, indent=indent, ensure_ascii=False)``, byte for byte."""
    out: list[str] = []
    try:
        _write(obj, out, "\n", " " * indent, 0)
    except _Fallback:
        return json.dumps(obj, indent=indent, ensure_ascii=False)
    return "".join(out)


def _scalar(value: Any) -> str | None:
    """The JSON of a string, number, boolean or null; None for anything else."""
    kind = type(value)
    if kind is str:
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float(value)
    return None


def _write(value: Any, out: list[str], newline: str, unit: str, depth: int) -> None:
    """Append the JSON of ``value``; ``newline`` is a line break and the indentation of the
    line the value starts on."""
    kind = type(value)
    if kind is list or kind is tuple or kind is dict:
        if not value:
            out.append("{}" if kind is dict else "[]")
            return
        if depth >= MAX_DEPTH:
            raise _Fallback
        inner = newline + unit
        sep = ("{" if kind is dict else "[") + inner
        if kind is dict:
            for key, item in value.items():
                if type(key) is not str:
                    raise _Fallback
                _item(sep + _encode_str(key) + ": ", item, out, inner, unit, depth)
                sep = "," + inner
        else:
            for item in value:
                _item(sep, item, out, inner, unit, depth)
                sep = "," + inner
        out.append(newline + ("}" if kind is dict else "]"))
    else:
        text = _scalar(value)
        if text is None:
            raise _Fallback
        out.append(text)


def _item(head: str, item: Any, out: list[str], inner: str, unit: str, depth: int) -> None:
    """A member of a list or dict after ``head`` (its separator, indentation and key)."""
    text = _encode_str(item) if type(item) is str else _scalar(item)
    if text is not None:
        out.append(head + text)
    else:
        out.append(head)
        _write(item, out, inner, unit, depth + 1)
