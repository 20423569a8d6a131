"""``incident-kit lint`` without typer: the command's body, and a fast path for plain command lines.

Running any typer command imports typer's parameter adapters and, through them, pydantic (together
about 60 ms, more than a whole lint of one report once its regular expressions are compiled). A
Markdown lint needs neither, so :func:`main` in :mod:`incident_kit.cli` first offers the command line
to :func:`fast_lint`. It accepts only what it can parse exactly as click would:

    lint [--format/-f F] [--as-of D] [--whiteboard T] [--title T] [--select C] [--ignore C]
         [--fail-on S] [--exit-zero] [--] PATH...

(options before, between or after the paths; ``--opt VALUE`` or ``--opt=VALUE``). Anything else
(``--help``, an unknown option, an option given twice, a value that starts with ``-``, a missing
value, no path) returns ``None`` and typer parses and reports it as before. Both paths call
:func:`run`, so their output, messages and exit codes are the same (``tests/test_cli_fast_lint.py``
compares them over a table of command lines).

Standard library only at import time.
"""

from __future__ import annotations

import os
import sys
from typing import Any, List, Optional, Sequence

# Long option -> keyword of run(); "-f" is the only short one.
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


class LintExit(Exception):
    """End the command with this exit code (typer's ``Exit`` without typer)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _fail(message: str, code: int = 2) -> "LintExit":
    sys.stderr.write(f"incident-kit: {message}\n")
    return LintExit(code)


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
    """Run a plain ``lint`` command line without typer and return its exit code, or None."""
    kwargs = parse(argv)
    if kwargs is None:
        return None
    try:
        return run(**kwargs)
    except LintExit as stop:
        return stop.code


def run(
    paths: List[str],
    fmt: str = "text",
    as_of: Optional[str] = None,
    whiteboard: Optional[str] = None,
    title: Optional[str] = None,
    select: Optional[str] = None,
    ignore: Optional[str] = None,
    fail_on: Optional[str] = None,
    exit_zero: bool = False,
) -> int:
    """Lint, write the report to stdout and warnings to stderr; the exit code (raises LintExit for
    usage errors, after writing the one-line message)."""
    from incident_kit.lint import reporters

    if fmt not in reporters.FORMATS:
        raise _fail(f"--format: {fmt!r} is not one of {', '.join(reporters.FORMATS)}")
    try:
        results, warnings = _run_lint(paths, as_of, whiteboard, title, select, ignore, fail_on)
    except LintExit:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        if os.environ.get("INCIDENT_KIT_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc} (set INCIDENT_KIT_DEBUG=1 for the traceback)") from None
    for w in warnings:
        sys.stderr.write(f"incident-kit: warning: {w}\n")
    from incident_kit.lint.engine import exit_code

    write(reporters.render(results, fmt, colour=fmt == "text" and reporters.use_colour(sys.stdout)))
    code = exit_code(results)
    return 0 if exit_zero and code == 1 else code


def write(text: str) -> None:
    """Write to stdout; a reader that went away (``| head``) is not an error worth a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _run_lint(
    paths: List[str],
    as_of: Optional[str],
    whiteboard: Optional[str],
    title: Optional[str],
    select: Optional[str],
    ignore: Optional[str],
    fail_on: Optional[str],
) -> tuple[list[Any], list[str]]:
    """Parse the options, lint, and return the results with warnings for stderr."""
    from incident_kit.lint import config as cfg
    from incident_kit.lint.engine import lint_paths

    finder = cfg.ConfigFinder()
    try:
        options: dict[str, Any] = {
            "as_of": cfg.parse_as_of(as_of) if as_of is not None else None,
            "select": cfg.parse_codes(select, "--select") if select is not None else None,
            "ignore": cfg.parse_codes(ignore, "--ignore") if ignore is not None else None,
            "fail_on": cfg.parse_severity(fail_on) if fail_on is not None else None,
        }
        results = lint_paths(paths, whiteboard=whiteboard, title=title, config_finder=finder, jobs=None, **options)
    except cfg.ConfigError as exc:
        raise _fail(str(exc)) from None
    warnings = finder.warnings() + _unmatched_prefixes(options["select"], "--select") + _unmatched_prefixes(options["ignore"], "--ignore")
    return results, warnings


def _unmatched_prefixes(codes: Optional[tuple[str, ...]], where: str) -> list[str]:
    from incident_kit.lint.rule import all_rules

    known = all_rules()
    return [f"{where}: {c} matches no rule" for c in codes or () if not any(k.startswith(c) for k in known)]
