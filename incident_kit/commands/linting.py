"""``incident-kit lint`` and ``incident-kit rules``: thin wrappers over :mod:`incident_kit.lint`.

Only typer and the standard library are imported at start-up; the engine, the reporters and the
readers are imported inside the commands.
"""

from __future__ import annotations

import os
import sys
from typing import Any, List, NoReturn, Optional

import typer

_FORMATS = "text|json|jsonl|sarif|github"


def _fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, then exit (2: usage or input error)."""
    sys.stderr.write(f"incident-kit: {message}\n")
    raise typer.Exit(code)


def lint(
    paths: Optional[List[str]] = typer.Argument(
        None,
        metavar="[PATH]...",
        help="YAML drafts, posted Markdown/text reports, folders (searched for *.md, *.txt, *.yaml, *.yml), or - for stdin.",
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
    from incident_kit.lint import reporters

    if fmt not in reporters.FORMATS:
        _fail(f"--format: {fmt!r} is not one of {', '.join(reporters.FORMATS)}")
    if not paths and not bugs:
        _fail("give a PATH to lint, or --bug BUG")
    if bugs and (whiteboard is not None or title is not None):
        _fail("--whiteboard and --title come from the bug itself with --bug; lint the bug's report.md to set them by hand")
    try:
        results, warnings = _run_lint(paths or [], as_of, whiteboard, title, select, ignore, fail_on) if paths else ([], [])
        if bugs:
            bug_results, bug_warnings = _run_bug_lint(bugs, as_of, select, ignore, fail_on, base_url, offline, refresh, ca_domain or [])
            results += bug_results
            warnings += [w for w in bug_warnings if w not in warnings]
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        if os.environ.get("INCIDENT_KIT_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set INCIDENT_KIT_DEBUG=1 for the traceback)")
    for w in warnings:
        sys.stderr.write(f"incident-kit: warning: {w}\n")
    from incident_kit.lint.engine import exit_code

    _write(reporters.render(results, fmt, colour=fmt == "text" and reporters.use_colour(sys.stdout)))
    code = exit_code(results)
    raise typer.Exit(0 if exit_zero and code == 1 else code)


def _write(text: str) -> None:
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
        results = lint_paths(paths, whiteboard=whiteboard, title=title, config_finder=finder, **options)
    except cfg.ConfigError as exc:
        _fail(str(exc))
    warnings = finder.warnings() + _unmatched_prefixes(options["select"], "--select") + _unmatched_prefixes(options["ignore"], "--ignore")
    return results, warnings


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
    from pathlib import Path

    from incident_kit.lint import config as cfg
    from incident_kit.lint.engine import ERROR, _selection
    from incident_kit.sources.bugzilla.api import BugzillaError
    from incident_kit.lint.bugs import BugLintOptions, lint_bug
    from incident_kit.sources.bugzilla.session import Session, ca_domains, resolve

    finder = cfg.ConfigFinder()
    try:
        config = finder.for_dir(Path.cwd()) or cfg.Config()
        parsed_select = cfg.parse_codes(select, "--select") if select is not None else None
        parsed_ignore = cfg.parse_codes(ignore, "--ignore") if ignore is not None else None
        options = BugLintOptions(
            selection=_selection(
                parsed_select if parsed_select is not None else config.select,
                parsed_ignore if parsed_ignore is not None else config.ignore,
            ),
            as_of=cfg.parse_as_of(as_of) if as_of is not None else None,
            fail_on=(cfg.parse_severity(fail_on) if fail_on is not None else None) or config.fail_on or ERROR,
            ca_domains=ca_domains(config.extra, ca_domain),
            config=dict(config.extra),
        )
    except cfg.ConfigError as exc:
        _fail(str(exc))
    session = Session(base_url=base_url, offline=offline, refresh=refresh, config=dict(config.extra))
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
        _fail(f"--format: {fmt!r} is not one of text, json")
    rules_ = list(all_rules().values())
    if fmt == "json":
        sys.stdout.write(json.dumps([rule_facts(r) for r in rules_], indent=2, ensure_ascii=False) + "\n")
        return
    width = max((len(r.name) for r in rules_), default=0)
    for r in rules_:
        sys.stdout.write(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}\n")


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
        _fail(f"no rule {code!r}; `incident-kit rules` lists them")
    sys.stdout.write(explain_rule(found))


def register(app: typer.Typer) -> None:
    """Add ``lint`` and ``rules`` to the application."""
    app.command("lint", no_args_is_help=True)(lint)
    app.add_typer(rules_app, name="rules")
