"""``incident-kit lint`` and ``incident-kit rules``: thin wrappers over :mod:`incident_kit.lint`.

Only the standard library is imported at start-up: :func:`lint` is the command's behaviour as a
plain function returning the exit code, so a plain lint runs it without typer
(:mod:`incident_kit.lint.cli_lint`); :func:`register` declares the typer command around it, with the
same defaults. The engine, the reporters and the readers are imported inside the commands.
"""

from __future__ import annotations

import os
import sys
from typing import Any, List, NoReturn, Optional

_FORMATS = "text|json|jsonl|sarif|github"


class Stop(Exception):
    """Ends a command with an exit code (typer's ``Exit`` without typer)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, then exit (2: usage or input error)."""
    sys.stderr.write(f"incident-kit: {message}\n")
    raise Stop(code)


def _exit_code(command: Any) -> Any:
    """A command that may stop early (:func:`_fail`) returns the exit code it stopped with."""
    import functools

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> int:
        try:
            return command(*args, **kwargs)
        except Stop as stop:
            return stop.code

    return run


@_exit_code
def lint(
    paths: Optional[List[str]] = None,
    fmt: str = "text",
    as_of: Optional[str] = None,
    whiteboard: Optional[str] = None,
    title: Optional[str] = None,
    select: Optional[str] = None,
    ignore: Optional[str] = None,
    fail_on: Optional[str] = None,
    exit_zero: bool = False,
    fix: bool = False,
    diff: bool = False,
    progress: Optional[bool] = None,
    bugs: Optional[List[str]] = None,
    base_url: Optional[str] = None,
    offline: bool = False,
    refresh: bool = False,
    ca_domain: Optional[List[str]] = None,
) -> int:
    """Run ``incident-kit lint`` with these option values and return its exit code (the typer
    command in :func:`register` documents each option)."""
    from incident_kit.lint import reporters

    if fmt not in reporters.FORMATS:
        _fail(f"--format: {fmt!r} is not one of {', '.join(reporters.FORMATS)}")
    if not paths and not bugs:
        _fail("give a PATH to lint, or --bug BUG")
    if bugs and (whiteboard is not None or title is not None):
        _fail("--whiteboard and --title come from the bug itself with --bug; lint the bug's report.md to set them by hand")
    if (fix or diff) and (bugs or "-" in (paths or [])):
        _fail("--fix and --diff work on files; standard input (-) and --bug cannot be fixed in place")
    prepared = reporters.Prepared(fmt)  # each file's output, rendered as its results come in
    try:
        if fix or diff:
            outcomes, warnings = _run_fix(paths or [], as_of, whiteboard, title, select, ignore, fail_on, write=not diff, progress=progress)
            if diff:
                for w in warnings:
                    _write(f"incident-kit: warning: {w}\n", sys.stderr)
                failed = any(o.result.input_error for o in outcomes)
                return 2 if failed else 1 if any(o.changed for o in outcomes) else 0
            # What is left, reported exactly as a plain lint of the fixed files would.
            results, more = _run_lint(paths or [], as_of, whiteboard, title, select, ignore, fail_on, progress=False, prepared=prepared)
            warnings += [w for w in more if w not in warnings]
        else:
            results, warnings = _run_lint(paths or [], as_of, whiteboard, title, select, ignore, fail_on, progress=progress, prepared=prepared) if paths else ([], [])
        if bugs:
            bug_results, bug_warnings = _run_bug_lint(bugs, as_of, select, ignore, fail_on, base_url, offline, refresh, ca_domain or [])
            results += bug_results
            warnings += [w for w in bug_warnings if w not in warnings]
    except Stop:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        if os.environ.get("INCIDENT_KIT_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set INCIDENT_KIT_DEBUG=1 for the traceback)")
    for w in warnings + _undated(results):
        _write(f"incident-kit: warning: {w}\n", sys.stderr)
    from incident_kit.lint.engine import exit_code

    _write(reporters.render(results, fmt, colour=fmt == "text" and reporters.use_colour(sys.stdout), prepared=prepared), machine=fmt != "text" and fmt != "github")
    code = exit_code(results)
    return 0 if exit_zero and code == 1 else code


def _write(text: str, stream: Any = None, machine: bool = False) -> None:
    """Write to stdout (or ``stream``) whatever its encoding: JSON and SARIF are UTF-8 by
    definition and go out as UTF-8 bytes; text that the stream cannot encode gets backslash escapes
    instead of a crash. A reader that went away (``| head``) is not an error worth a traceback."""
    stream = stream if stream is not None else sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    try:
        if encoding in ("utf-8", "utf8"):
            stream.write(text)
        elif machine and hasattr(stream, "buffer"):
            stream.flush()
            stream.buffer.write(text.encode("utf-8"))
        else:
            stream.write(text.encode(encoding, errors="backslashreplace").decode(encoding))
        stream.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def _undated(results: list[Any]) -> list[str]:
    """One warning when date-bound rules (deadlines) were skipped for want of a date."""
    undated = [r for r in results if getattr(r, "undated", False)]
    if not undated:
        return []
    codes = sorted({c for r in undated for c in r.not_effective})
    names = ", ".join(r.path for r in undated[:3]) + (f" and {len(undated) - 3} more" if len(undated) > 3 else "")
    return [
        f"{names}: no date to judge {'it' if len(undated) == 1 else 'them'} at, so {len(codes)} date-bound rules "
        f"({', '.join(codes[:6])}{', ...' if len(codes) > 6 else ''}) did not run; give --as-of YYYY-MM-DD "
        "(or as-of in the configuration, or bug.posted in a draft)"
    ]


def _options(as_of: Optional[str], select: Optional[str], ignore: Optional[str], fail_on: Optional[str]) -> dict[str, Any]:
    from incident_kit import config as cfg

    return {
        "as_of": cfg.parse_as_of(as_of) if as_of is not None else None,
        "select": cfg.parse_codes(select, "--select") if select is not None else None,
        "ignore": cfg.parse_codes(ignore, "--ignore") if ignore is not None else None,
        "fail_on": cfg.parse_severity(fail_on) if fail_on is not None else None,
    }


def _run_lint(
    paths: List[str],
    as_of: Optional[str],
    whiteboard: Optional[str],
    title: Optional[str],
    select: Optional[str],
    ignore: Optional[str],
    fail_on: Optional[str],
    progress: Optional[bool] = None,
    prepared: Any = None,
) -> tuple[list[Any], list[str]]:
    """Parse the options, lint, and return the results with warnings for stderr (each file's
    results go to ``prepared.add`` as they come in)."""
    from incident_kit.lint.engine import lint_paths

    on_results = prepared.add if prepared is not None else None
    return _over_paths(lint_paths, paths, as_of, whiteboard, title, select, ignore, fail_on, progress, on_results=on_results)


def _over_paths(
    run: Any,
    paths: List[str],
    as_of: Optional[str],
    whiteboard: Optional[str],
    title: Optional[str],
    select: Optional[str],
    ignore: Optional[str],
    fail_on: Optional[str],
    progress: Optional[bool],
    **more: Any,
) -> tuple[list[Any], list[str]]:
    """``run`` (lint_paths or fix_paths) with the parsed options (and ``more``); its results and
    the warnings for stderr (configuration, unmatched codes, empty folders)."""
    from incident_kit import config as cfg

    finder = cfg.ConfigFinder()
    try:
        options = _options(as_of, select, ignore, fail_on)
        results = run(paths, whiteboard=whiteboard, title=title, config_finder=finder, on_file=_progress(progress), **options, **more)
    except cfg.ConfigError as exc:
        _fail(str(exc))
    warnings = finder.warnings() + _unmatched_prefixes(options["select"], "--select") + _unmatched_prefixes(options["ignore"], "--ignore")
    warnings += _empty_folders(paths)
    return results, warnings


def _run_fix(
    paths: List[str],
    as_of: Optional[str],
    whiteboard: Optional[str],
    title: Optional[str],
    select: Optional[str],
    ignore: Optional[str],
    fail_on: Optional[str],
    *,
    write: bool,
    progress: Optional[bool] = None,
) -> tuple[list[Any], list[str]]:
    """``--fix`` (write) or ``--diff`` (print): the outcomes per file, with warnings for stderr."""
    from incident_kit.commands._shared import OutputError, write_output
    from incident_kit.lint.engine import fix_paths

    outcomes, warnings = _over_paths(fix_paths, paths, as_of, whiteboard, title, select, ignore, fail_on, progress)
    fixed = 0
    for o in outcomes:
        if not o.changed:
            continue
        if not write:
            import difflib

            name = str(o.path)
            _write("".join(difflib.unified_diff(o.before.splitlines(True), o.after.splitlines(True), f"a/{name}", f"b/{name}")))
            continue
        try:
            write_output(o.path, o.after, force=True)
        except OutputError as exc:
            _fail(str(exc))
        fixed += o.fixed
    if write:
        changed = sum(1 for o in outcomes if o.changed)
        sys.stderr.write(f"incident-kit: fixed {fixed} finding{'s' if fixed != 1 else ''} in {changed} file{'s' if changed != 1 else ''}\n")
    return outcomes, warnings


def _empty_folders(paths: List[str]) -> list[str]:
    """A folder argument with no lintable file in it (ruff warns the same way)."""
    from pathlib import Path

    from incident_kit.lint.engine import iter_inputs

    out = []
    for p in paths:
        if p != "-" and Path(p).is_dir() and next(iter(iter_inputs([p])), None) is None:
            out.append(f"{p}: no report or draft files found (*.md, *.markdown, *.txt, *.yaml, *.yml)")
    return out


PROGRESS_MIN_FILES = 20


def _progress(enabled: Optional[bool]) -> Optional[Any]:
    """A callback ``(done, total, path)`` drawing a progress bar on stderr, or None. Shown on a
    terminal when there are at least PROGRESS_MIN_FILES files, or always with ``--progress``."""
    if enabled is False or (enabled is None and not _isatty(sys.stderr)):
        return None

    def draw(done: int, total: int, path: str) -> None:
        if total < PROGRESS_MIN_FILES and not enabled:
            return
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files{end}")
        sys.stderr.flush()

    return draw


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _run_bug_lint(
    bugs: List[str],
    as_of: Optional[str],
    select: Optional[str],
    ignore: Optional[str],
    fail_on: Optional[str],
    base_url: Optional[str],
    offline: bool,
    refresh: bool,
    ca_domain: List[str],
) -> tuple[list[Any], list[str]]:
    """Lint bugs; a Bugzilla problem (429, unknown bug, bad answer) stops the run with one line."""
    from incident_kit.sources.bugzilla.api import BugzillaError
    from incident_kit.lint.bugs import lint_bug
    from incident_kit.sources.bugzilla.session import Session, resolve

    from incident_kit.commands._shared import bug_options

    options, finder = bug_options(as_of, select, ignore, fail_on, ca_domain)
    session = Session(base_url=base_url, offline=offline, refresh=refresh, config=dict(options.config or {}))
    results = []
    try:
        for arg in bugs:
            results.append(lint_bug(resolve(arg, session), options).result)
    except BugzillaError as exc:
        _fail(exc.message)
    finally:
        session.close()
    return results, finder.warnings()


def _unmatched_prefixes(codes: Optional[tuple[str, ...]], where: str) -> list[str]:
    from incident_kit.lint.rule import all_rules

    known = all_rules()
    return [f"{where}: {c} matches no rule" for c in codes or () if not any(k.startswith(c) for k in known)]


def register(app: Any) -> None:
    """Add ``lint`` and ``rules`` to the typer application: the declarations (help, metavars,
    defaults) live here; the behaviour is :func:`lint`."""
    import typer

    def lint_command(
        paths: Optional[List[str]] = typer.Argument(
            None,
            metavar="[PATH]...",
            help="YAML drafts, posted Markdown/text reports, folders (searched for *.md, *.markdown, *.txt, *.yaml, *.yml), or - for stdin.",
            show_default=False,
        ),
        fmt: str = typer.Option("text", "--format", "-f", metavar=_FORMATS, help="Output format."),
        as_of: Optional[str] = typer.Option(
            None, "--as-of", metavar="YYYY-MM-DD", help="Judge the report as posted on this date (default: config, else the draft's posted date)."
        ),
        whiteboard: Optional[str] = typer.Option(None, "--whiteboard", metavar="TEXT", help="The bug's whiteboard, e.g. \"[ca-compliance] [leaf-revocation-delay]\"."),
        title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="The bug's title (Bugzilla Summary)."),
        select: Optional[str] = typer.Option(None, "--select", metavar="CODES", help="Only these codes or prefixes, comma-separated (IK3, IK401)."),
        ignore: Optional[str] = typer.Option(None, "--ignore", metavar="CODES", help="Skip these codes or prefixes, comma-separated."),
        fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="error|warning|notice", help="Exit 1 when a finding is at or above this severity (default: error)."),
        exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when there are findings (usage and unreadable input still exit 2)."),
        fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes (see `rules explain CODE`) to the files, then report what is left."),
        diff: bool = typer.Option(False, "--diff", help="Print the safe fixes as a unified diff instead of writing them; exit 1 when a file would change."),
        progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="A progress bar on stderr (default: on when stderr is a terminal and there are many files)."),
        bugs: Optional[List[str]] = typer.Option(
            None, "--bug", metavar="BUG", help="Lint a Bugzilla bug: its latest report with the bug's title, whiteboard and dates, plus the bug-level rules (IKB). A number, a show_bug.cgi link, or a bug-N folder from 'fetch'. Repeatable."
        ),
        base_url: Optional[str] = typer.Option(None, "--base-url", metavar="URL", help="Bugzilla REST base URL (default: config bugzilla-url, else https://bugzilla.mozilla.org/rest/)."),
        offline: bool = typer.Option(False, "--offline", help="With --bug: read only the local cache, never the network."),
        refresh: bool = typer.Option(False, "--refresh", help="With --bug: fetch again even when the cache is current."),
        ca_domain: Optional[List[str]] = typer.Option(None, "--ca-domain", metavar="DOMAIN", help="With --bug: comments from this mail domain are the CA's (repeatable; also config ca-domains)."),
    ) -> None:
        """Lint incident reports and drafts, or whole Bugzilla bugs. Exit 0: clean, 1: findings at or above --fail-on, 2: usage or unreadable input.

        Example: incident-kit lint report.md --as-of 2025-11-26 --whiteboard "[leaf-revocation-delay]" --format json

        Example: incident-kit lint --bug 1455147   (with --bug, --as-of reads the bug as it stood at the end of that day; default: when fetched)
        """
        raise typer.Exit(
            lint(paths, fmt, as_of, whiteboard, title, select, ignore, fail_on, exit_zero, fix, diff, progress, bugs, base_url, offline, refresh, ca_domain)
        )

    app.command("lint", no_args_is_help=True)(lint_command)
    app.add_typer(_rules_app(typer), name="rules")


def _rules_app(typer: Any) -> Any:
    """``incident-kit rules`` and ``rules explain``."""
    rules_app = typer.Typer(
        help="List the lint rules, or explain one. Example: incident-kit rules explain IK301",
        invoke_without_command=True,
        no_args_is_help=False,
        add_completion=False,
        rich_markup_mode=None,
    )

    @rules_app.callback()
    def rules(
        ctx: typer.Context,
        fmt: str = typer.Option("text", "--format", "-f", metavar="text|json", help="Output format."),
    ) -> None:
        """List every lint rule (code, name, severity, summary).

        Example: incident-kit rules --format json
        """
        if ctx.invoked_subcommand is not None:
            return
        import json

        from incident_kit.lint.docs import rule_facts
        from incident_kit.lint.rule import all_rules

        if fmt not in ("text", "json"):
            _typer_fail(typer, f"--format: {fmt!r} is not one of text, json")
        rules_ = list(all_rules().values())
        if fmt == "json":
            sys.stdout.write(json.dumps([rule_facts(r) for r in rules_], indent=2, ensure_ascii=False) + "\n")
            return
        width = max((len(r.name) for r in rules_), default=0)
        for r in rules_:
            sys.stdout.write(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}\n")

    # Annotations are strings here (postponed evaluation) and typer resolves them in this module's
    # globals, which do not hold typer: give the context parameter its class itself.
    rules.__annotations__["ctx"] = typer.Context

    @rules_app.command("explain")
    def explain(code: str = typer.Argument(..., metavar="CODE", help="A rule code, e.g. IK301, or its name.")) -> None:
        """Print a rule's documentation: severity, summary, citations, kinds, dates and its full text.

        Example: incident-kit rules explain IK502
        """
        from incident_kit.lint.docs import explain as explain_rule
        from incident_kit.lint.rule import all_rules

        known = all_rules()
        found = known.get(code.strip().upper()) or next((r for r in known.values() if r.name == code.strip()), None)
        if found is None:
            _typer_fail(typer, f"no rule {code!r}; `incident-kit rules` lists them")
        sys.stdout.write(explain_rule(found))

    return rules_app


def _typer_fail(typer: Any, message: str) -> NoReturn:
    sys.stderr.write(f"incident-kit: {message}\n")
    raise typer.Exit(2)
