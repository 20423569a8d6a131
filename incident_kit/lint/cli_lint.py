"""``incident-kit lint`` without typer, for plain command lines.

Importing typer and running any typer command (its adapters import pydantic) costs about 100 ms,
more than a whole lint of one report once its patterns are compiled. A Markdown lint needs neither,
so :func:`main` in :mod:`incident_kit.cli` first offers the command line to :func:`fast_lint`. It
accepts only what it can parse exactly as click would:

    lint [--format/-f F] [--as-of D] [--whiteboard T] [--title T] [--select C] [--ignore C]
         [--fail-on S] [--exit-zero] [--] PATH...

(options before, between or after the paths; ``--opt VALUE`` or ``--opt=VALUE``). Anything else
(``--help``, an unknown option, an option given twice, a value that starts with ``-``, a missing
value, no path) returns ``None`` and typer parses and reports it as before. The fast path then calls
the function the typer command calls (:func:`incident_kit.commands.linting.lint`) with those values
and every other parameter at its default, so output, messages and exit codes are the same
(``tests/test_cli_fast_lint.py`` compares both paths over a table of command lines, and checks that
the typer declaration and the function have the same defaults).

Standard library only; neither typer nor pydantic is imported on this path.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

# Long option -> parameter of the lint command; "-f" is the only short one.
_VALUE_OPTIONS = {
    "--format": "fmt",
    "--as-of": "as_of",
    "--whiteboard": "whiteboard",
    "--title": "title",
    "--select": "select",
    "--ignore": "ignore",
    "--fail-on": "fail_on",
}
_SHORT = {"-f": "--format"}


def parse(argv: Sequence[str]) -> Optional[dict[str, Any]]:
    """The keyword arguments of :func:`run` for a plain ``lint`` command line (without the word
    ``lint``), or None when typer should parse it."""
    out: dict[str, Any] = {"paths": [], "fmt": "text", "exit_zero": False}
    seen: set[str] = set()
    args = list(argv)
    i = 0
    only_paths = False
    while i < len(args):
        arg = args[i]
        i += 1
        if only_paths or arg == "-" or not arg.startswith("-"):
            out["paths"].append(arg)
            continue
        if arg == "--":
            only_paths = True
            continue
        if arg == "--exit-zero":
            if arg in seen:
                return None
            seen.add(arg)
            out["exit_zero"] = True
            continue
        name, eq, value = arg.partition("=")
        name = _SHORT.get(name, name) if not eq else name
        if name not in _VALUE_OPTIONS or name in seen:
            return None
        seen.add(name)
        if not eq:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
        if not value or value.startswith("-"):
            return None
        out[_VALUE_OPTIONS[name]] = value
    if not out["paths"]:
        return None
    return out


def fast_lint(argv: Sequence[str]) -> Optional[int]:
    """Run a plain ``lint`` command line without typer and return its exit code, or None when
    typer should handle the line."""
    kwargs = parse(argv)
    if kwargs is None:
        return None
    from incident_kit.commands.linting import lint

    return lint(**kwargs)
