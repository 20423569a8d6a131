"""``preview``, ``timeline`` and ``serve``: see a report as Bugzilla will show it.

Only typer and the standard library are imported at start-up; cmarkgfm, http.server and the
library are imported inside the commands, so ``incident-kit --help`` stays fast.

Exit codes: 0 written; 1 a draft that does not validate; 2 usage error, unreadable input, a
refusal to overwrite a file, or cmarkgfm missing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, List, Optional

import typer

from incident_kit.commands._shared import EXIT_PROBLEMS, EXIT_USAGE, OutputError, _fail, _same_file, write_output

_OUTPUT_HELP = "Write to FILE instead of standard output (an existing FILE is replaced only with --force)."
_AS_OF_HELP = "Judge the report as posted on this date (default: a draft's bug.posted)."
# Shared by preview and timeline (typer reads a parameter's default as its declaration).
_FILE = typer.Argument(..., metavar="FILE", help="A YAML draft or a posted report (Markdown or text); - for stdin.")
_OUTPUT = typer.Option(None, "-o", "--output", help=_OUTPUT_HELP, metavar="FILE")
_FORCE = typer.Option(False, "--force", help="Replace FILE if it exists.")
_AS_OF = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help=_AS_OF_HELP)
_WHITEBOARD = typer.Option(None, "--whiteboard", metavar="TEXT", help="The bug's whiteboard.")


def _as_of(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(f"--as-of: {value!r} is not a date (YYYY-MM-DD)", EXIT_USAGE) from None


def _read(path: str) -> tuple[str, str]:
    from incident_kit.errors import InputError
    from incident_kit.sources import files

    try:
        data, name = files.read_bytes(path)
        return files.decode(data, name), name
    except InputError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None


def _prepare(path: str, as_of: Optional[str], whiteboard: Optional[str], title: Optional[str], *, render: bool) -> Any:
    """Read and analyse the input; exit with one line per problem when it cannot be used."""
    from incident_kit.web.bugzilla import MissingDependency
    from incident_kit.web.page import build_preview

    text, name = _read(path)
    try:
        preview = build_preview(text, name, as_of=_as_of(as_of), whiteboard=whiteboard, title=title, render=render)
    except MissingDependency as exc:
        raise _fail(f"incident-kit: {exc}", EXIT_USAGE) from None
    if preview.doc is None:
        for f in preview.result.findings:
            where = f"{name}:{f.line}" + (f":{f.column}" if f.column else "") if f.line else name
            typer.echo(f"{where}: {f.message}", err=True)
        raise typer.Exit(EXIT_USAGE if preview.result.input_error else EXIT_PROBLEMS)
    return preview


def _emit(text: str, output: Optional[Path], force: bool, source: str) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    if source != "-" and _same_file(Path(source), output):
        raise _fail(f"{output}: is the input itself; choose another output file", EXIT_USAGE)
    try:
        write_output(output, text, force)
    except OutputError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None


def preview_command(
    file: Optional[str] = typer.Argument(None, metavar="[FILE]", help="A YAML draft or a posted report (Markdown or text); - for stdin."),
    output: Optional[Path] = _OUTPUT,
    force: bool = _FORCE,
    as_of: Optional[str] = _AS_OF,
    whiteboard: Optional[str] = _WHITEBOARD,
    title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="The bug's title (Bugzilla Summary)."),
    bug: Optional[str] = typer.Option(
        None, "--bug", metavar="BUG", help="Preview a Bugzilla bug: its latest report comment with the findings of 'lint --bug' (IKB included). A number, a show_bug.cgi link, or a bug-N folder from 'fetch'."
    ),
    base_url: Optional[str] = typer.Option(None, "--base-url", metavar="URL", help="Bugzilla REST base URL (default: config bugzilla-url, else https://bugzilla.mozilla.org/rest/)."),
    offline: bool = typer.Option(False, "--offline", help="With --bug: read only the local cache, never the network."),
    refresh: bool = typer.Option(False, "--refresh", help="With --bug: fetch again even when the cache is current."),
    ca_domain: Optional[List[str]] = typer.Option(None, "--ca-domain", metavar="DOMAIN", help="With --bug: comments from this mail domain are the CA's (repeatable; also config ca-domains)."),
) -> None:
    """Write one self-contained HTML page: the report as Bugzilla renders it, the findings
    beside their lines, and the timeline with every policy clock.

    The page loads nothing from the network and runs no script. A draft is shown
    through the Markdown `incident-kit render` writes for it. Needs cmarkgfm:
    pip install 'incident-kit[web]'.

    \b
    Example:
      incident-kit preview examples/seed-legacy-intermediate-disclosure.md -o preview.html
      incident-kit preview --bug 1455147 -o bug.html   (--as-of: the bug as it stood that day)
    """
    from incident_kit.web.page import page_html

    if (file is None) == (bug is None):
        raise _fail("give a FILE to preview, or --bug BUG (not both)", EXIT_USAGE)
    if bug is not None:
        if whiteboard is not None or title is not None:
            raise _fail("--whiteboard and --title come from the bug itself with --bug", EXIT_USAGE)
        preview = _prepare_bug(bug, as_of, base_url, offline, refresh, ca_domain or [])
        _emit(page_html(preview), output, force, "-")
        return
    assert file is not None
    preview = _prepare(file, as_of, whiteboard, title, render=True)
    _emit(page_html(preview), output, force, file)


def _prepare_bug(bug: str, as_of: Optional[str], base_url: Optional[str], offline: bool, refresh: bool, ca_domain: List[str]) -> Any:
    """Fetch (or read from the cache or a fetched folder) and analyse one bug; one line on failure."""
    from incident_kit.commands._shared import bug_options
    from incident_kit.sources.bugzilla.api import BugzillaError
    from incident_kit.sources.bugzilla.session import Session, resolve
    from incident_kit.web.bugzilla import MissingDependency
    from incident_kit.web.page import build_bug_preview

    options, finder = bug_options(as_of, None, None, None, ca_domain)
    for warning in finder.warnings():
        typer.echo(warning, err=True)
    session = Session(base_url=base_url, offline=offline, refresh=refresh, config=dict(options.config or {}))
    try:
        return build_bug_preview(resolve(bug, session), options)
    except BugzillaError as exc:
        raise _fail(exc.message, EXIT_USAGE) from None
    except MissingDependency as exc:
        raise _fail(f"incident-kit: {exc}", EXIT_USAGE) from None
    finally:
        session.close()


def timeline_command(
    file: str = _FILE,
    output: Optional[Path] = _OUTPUT,
    force: bool = _FORCE,
    as_of: Optional[str] = _AS_OF,
    whiteboard: Optional[str] = _WHITEBOARD,
) -> None:
    """Draw the timeline as SVG: the events on a UTC axis and each policy clock the report
    runs as a band from its start to its limit, red with how late ("LATE +25 d") when
    the end came after the limit, green when it was met.

    The clocks are those the IK7 rules judge. Long gaps are drawn short and marked.

    \b
    Example:
      incident-kit timeline examples/seed-legacy-intermediate-disclosure.md -o timeline.svg
    """
    from incident_kit.web.timeline import timeline_svg

    preview = _prepare(file, as_of, whiteboard, None, render=False)
    svg = timeline_svg(preview.doc, preview.clocks, title=Path(preview.path).name)
    _emit('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, output, force, file)


def serve_command(
    file: Optional[Path] = typer.Argument(None, metavar="[FILE]", help="The draft or report to edit (created on first save if missing)."),
    port: int = typer.Option(0, "--port", metavar="PORT", help="Port on 127.0.0.1 (default: any free port)."),
    as_of: Optional[str] = _AS_OF,
    whiteboard: Optional[str] = _WHITEBOARD,
    open_browser: bool = typer.Option(False, "--open", help="Open the page in the default browser."),
) -> None:
    """Edit a draft or report on a local page that lints as you type.

    The YAML draft or Markdown on the left; on the right the Bugzilla preview, the
    findings and the timeline, updated as you type. "Save" writes FILE atomically
    (and nothing else); "Copy Markdown for Bugzilla" copies the rendered comment.
    Listens on 127.0.0.1 only; the printed URL carries a random token without which
    every request is refused. Stop with Ctrl-C.

    \b
    Example:
      incident-kit serve draft.yaml
    """
    from incident_kit.web.bugzilla import MissingDependency, _cmark
    from incident_kit.web.serve import ServeError, serve

    try:
        _cmark("")
    except MissingDependency as exc:
        raise _fail(f"incident-kit: {exc}", EXIT_USAGE) from None
    try:
        serve(file, port=port, as_of=_as_of(as_of), whiteboard=whiteboard, open_browser=open_browser)
    except ServeError as exc:
        raise _fail(f"incident-kit: {exc}", EXIT_USAGE) from None


def register(app: typer.Typer) -> None:
    """Add ``preview``, ``timeline`` and ``serve`` to the application."""
    app.command("preview", no_args_is_help=True)(preview_command)
    app.command("timeline", no_args_is_help=True)(timeline_command)
    app.command("serve")(serve_command)
