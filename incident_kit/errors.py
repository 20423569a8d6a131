"""Errors that reach the user as one clean line (never a traceback)."""

from __future__ import annotations


class InputError(Exception):
    """Input that cannot be used at all: unreadable file, not YAML, wrong encoding.

    Exit code 2. ``str(err)`` is the complete one-line message, prefixed with the location."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, column: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(self.render())

    def render(self) -> str:
        loc = self.path or "<input>"
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return f"{loc}: {self.message}"


class DraftError(Exception):
    """A draft that was read but does not validate. Exit code 1.

    ``problems`` holds one line per problem: ``file:line:column: field.path: message``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def not_text_problem(data: bytes, path: str) -> "InputError | None":
    """Why undecoded input with NUL bytes is not a UTF-8 text file, with the position of the first
    NUL: UTF-16 (a byte order mark, or NULs in every other byte) is named as such, since saving it
    as UTF-8 is the fix; anything else looks like a binary file. None when there is no NUL."""
    nul = data.find(b"\x00", 0, 8192)
    if nul < 0:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _alternating_nuls(data[:400]):
        return InputError("is UTF-16 text, not UTF-8; save it as UTF-8", path)
    line = data.count(b"\n", 0, nul) + 1
    column = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
    return InputError("looks like a binary file (it contains NUL bytes), not text", path, line, column)


def _alternating_nuls(head: bytes) -> bool:
    even, odd = head[0::2], head[1::2]
    return len(head) >= 8 and (even.count(0) >= 0.9 * len(even) or odd.count(0) >= 0.9 * len(odd))
