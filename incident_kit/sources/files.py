"""Bytes -> text, for every input the project reads: one reader, one set of messages.

A report or a draft must be UTF-8 (a leading byte-order mark is dropped). Anything else is one
:class:`~incident_kit.errors.InputError` line that names the file and, where there is one, the
line and column of the first offending byte: a missing file, a folder, an unreadable file, UTF-16,
a binary file (NUL bytes), or a byte that is not UTF-8. ``-`` is standard input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

from incident_kit.errors import InputError, not_text_problem

STDIN_NAME = "<stdin>"
"""How standard input is named in messages."""


def read_bytes(path: Union[str, Path]) -> tuple[bytes, str]:
    """The file's bytes (``-`` = standard input) and the name to show in messages."""
    if str(path) == "-":
        import sys

        return sys.stdin.buffer.read(), STDIN_NAME
    try:
        return Path(path).read_bytes(), str(path)
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", str(path)) from None


def decode(data: bytes, path: str) -> str:
    """UTF-8 bytes (with or without BOM) -> text; otherwise an :class:`InputError` that points at
    the first byte that is not UTF-8 (or at a NUL byte, or says it is UTF-16)."""
    problem = not_text_problem(data, path)
    if problem is not None:
        raise problem
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", path, line, column
        ) from None


def read_text_file(path: Union[str, Path]) -> str:
    """A UTF-8 text file's text (``-`` = standard input); every failure is one :class:`InputError`."""
    data, shown = read_bytes(path)
    return decode(data, shown)
