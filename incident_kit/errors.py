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
