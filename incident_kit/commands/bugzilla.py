"""Bugzilla commands: ``fetch`` (a bug as files) and ``review`` (many bugs at once).

``lint --bug`` lives with ``lint`` (commands/linting.py). Only typer and the standard library are
imported at start-up; the client, the cache and the linter are imported inside the commands.
Exit codes: 0 done (review: no error-level finding), 1 review found errors, 2 usage, input or
Bugzilla problem (one line on stderr: an unknown bug, HTTP 429, an answer that is not JSON).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, List, NoReturn, Optional

import typer

_BASE_URL_HELP = "Bugzilla REST base URL (default: config bugzilla-url, else https://bugzilla.mozilla.org/rest/)."


def _fail(message: str, code: int = 2) -> NoReturn:
    sys.stderr.write(f"incident-kit: {message}\n")
    raise typer.Exit(code)


def _config() -> dict[str, Any]:
    from incident_kit import config as cfg

    try:
        found = cfg.ConfigFinder().for_dir(Path.cwd())
    except cfg.ConfigError as exc:
        _fail(str(exc))
    return dict(found.extra) if found is not None else {}


def fetch(
    bugs: List[str] = typer.Argument(..., metavar="BUG...", help="Bug numbers (or show_bug.cgi links)."),
    out: Path = typer.Option(Path("."), "--out", "-o", metavar="DIR", help="Write bug-N/ folders here."),
    base_url: Optional[str] = typer.Option(None, "--base-url", metavar="URL", help=_BASE_URL_HELP),
    offline: bool = typer.Option(False, "--offline", help="Read only the local cache, never the network."),
    refresh: bool = typer.Option(False, "--refresh", help="Fetch again even when the cache is current."),
    attachments: bool = typer.Option(False, "--attachments", help="Also list the bug's attachments (without their data) in bug-N/attachments.json."),
    ca_domain: Optional[List[str]] = typer.Option(None, "--ca-domain", metavar="DOMAIN", help="Comments from this mail domain are the CA's (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing bug-N/ folder."),
) -> None:
    """Fetch bugs from Bugzilla into bug-N/ folders: bug.json, one .md per CA comment, report.md (the latest report).

    Example: incident-kit fetch 1455147 --out bugs/ && incident-kit lint bugs/bug-1455147/report.md
    """
    import json

    from incident_kit.sources.bugzilla.api import BugzillaError
    from incident_kit.sources.bugzilla.classify import classify
    from incident_kit.sources.bugzilla.record import write_bug_dir
    from incident_kit.sources.bugzilla.session import Session, ca_domains, parse_bug_id

    config = _config()
    ids = []
    for arg in bugs:
        bug_id = parse_bug_id(arg)
        if bug_id is None:
            _fail(f"{arg!r} is not a bug number or a show_bug.cgi link")
        ids.append(bug_id)
    session = Session(base_url=base_url, offline=offline, refresh=refresh, config=config)
    try:
        for bug_id in ids:
            record = session.loader().load(bug_id)
            view = classify(record, ca_domains=ca_domains(config, ca_domain or []))
            cas = [c.comment for c in view.ca_comments]
            latest = view.latest_report
            written = write_bug_dir(record, out, cas, latest.comment if latest else None, force=force)
            if attachments and not offline:
                items = session.loader().client.list_attachments(bug_id)  # type: ignore[union-attr]
                target = out / f"bug-{bug_id}" / "attachments.json"
                target.write_text(json.dumps(items, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
                written.append(target)
            report = f"report.md from comment {latest.number}" if latest else "no report comment yet"
            sys.stderr.write(f"bug {bug_id}: {len(written)} files in {out / f'bug-{bug_id}'} ({report})\n")
    except BugzillaError as exc:
        _fail(exc.message)
    finally:
        session.close()


def review(
    bugs: Optional[List[str]] = typer.Argument(None, metavar="[BUG]...", help="Bug numbers, links or bug-N folders."),
    search: Optional[str] = typer.Option(None, "--search", metavar="QUERY", help="A saved search: a buglist.cgi/REST link or its query string."),
    component: Optional[str] = typer.Option(None, "--component", metavar="NAME", help='Every bug of a component, e.g. "CA Certificate Compliance".'),
    product: str = typer.Option("CA Program", "--product", metavar="NAME", help="The product of --component."),
    since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="With --component: bugs created on or after this day."),
    status: str = typer.Option("all", "--status", metavar="open|all", help="With --component/--search: open bugs only, or all."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="text|json|csv|markdown", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write here instead of stdout (an existing file needs --force)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Judge every bug as of the end of this day (default: when fetched)."),
    select: Optional[str] = typer.Option(None, "--select", metavar="CODES", help="Only these codes or prefixes (IKB, IK7)."),
    ignore: Optional[str] = typer.Option(None, "--ignore", metavar="CODES", help="Skip these codes or prefixes."),
    base_url: Optional[str] = typer.Option(None, "--base-url", metavar="URL", help=_BASE_URL_HELP),
    offline: bool = typer.Option(False, "--offline", help="Read only the local cache (bug numbers only)."),
    refresh: bool = typer.Option(False, "--refresh", help="Fetch again even when the cache is current."),
    ca_domain: Optional[List[str]] = typer.Option(None, "--ca-domain", metavar="DOMAIN", help="Comments from this mail domain are the CA's (repeatable)."),
) -> None:
    """Review many bugs: a row per bug (CA, title, latest report, findings by family, overdue items, days since the CA's last comment) and a summary per CA Owner.

    Example: incident-kit review --component "CA Certificate Compliance" --since 2026-01-01 --status open --format csv -o review.csv
    """
    from incident_kit import config as cfg
    from incident_kit.lint.engine import _selection
    from incident_kit.lint import review as rv
    from incident_kit.sources.bugzilla.api import BugzillaError
    from incident_kit.lint.bugs import BugLintOptions, judged_at, lint_bug
    from incident_kit.sources.bugzilla.session import Session, ca_domains, resolve

    if fmt not in rv.FORMATS:
        _fail(f"--format: {fmt!r} is not one of {', '.join(rv.FORMATS)}")
    if status not in ("open", "all"):
        _fail(f"--status: {status!r} is not open or all")
    if not bugs and not search and not component:
        _fail("give bug numbers, --search QUERY, or --component NAME")
    if since is not None and component is None:
        _fail("--since goes with --component")
    if output is not None and output.exists() and not force:
        _fail(f"{output}: exists; use --force to replace it")
    config = _config()
    try:
        options = BugLintOptions(
            selection=_selection(cfg.parse_codes(select, "--select") if select else None,
                                 cfg.parse_codes(ignore, "--ignore") if ignore else None),
            as_of=cfg.parse_as_of(as_of) if as_of is not None else None,
            ca_domains=ca_domains(config, ca_domain or []),
            config=config,
        )
        since_day = cfg.parse_as_of(since, "--since") if since is not None else None
    except cfg.ConfigError as exc:
        _fail(str(exc))
    session = Session(base_url=base_url, offline=offline, refresh=refresh, config=config)
    query: dict[str, Any] = {}
    results = []
    progress = _Progress(sys.stderr)
    try:
        jobs: list[tuple[str, Optional[dict]]] = [(b, None) for b in bugs or []]
        if search or component:
            if offline:
                _fail("--offline cannot search; give bug numbers that are in the cache")
            query = _query(search, component, product, since_day, status)
            client = session.loader().client
            assert client is not None
            jobs += [(str(b["id"]), b) for b in client.search(query)]
        seen: set[str] = set()
        for n, (arg, found) in enumerate(jobs, 1):
            if arg in seen:
                continue
            seen.add(arg)
            progress.show(n, len(jobs), arg)
            record = session.loader().load(int(arg), found) if found is not None else resolve(arg, session)
            results.append(lint_bug(record, options))
    except BugzillaError as exc:
        progress.clear()
        _fail(exc.message)
    finally:
        session.close()
    progress.clear()
    moment = judged_at(results[0].view.record, options.as_of) if results and options.as_of else session.now()
    doc = rv.review_document(results, as_of=moment, query=query)
    text = rv.render(doc, fmt)
    if output is not None:
        from incident_kit.commands._shared import OutputError, write_output

        try:
            write_output(output, text, force)
        except OutputError as exc:
            _fail(str(exc))
        sys.stderr.write(f"wrote {output} ({len(results)} bugs)\n")
    else:
        sys.stdout.write(text)
    loader = session._loader
    if loader is not None and (loader.fetched or loader.reused):
        sys.stderr.write(f"{loader.fetched} bugs fetched, {loader.reused} from the cache\n")
    raise typer.Exit(1 if any(r.result.failed for r in results) else 0)


def _query(search: Optional[str], component: Optional[str], product: str, since: Any, status: str) -> dict[str, Any]:
    """REST search parameters. A saved search's own order/limit/offset are dropped: the client
    pages by key."""
    import urllib.parse

    params: dict[str, Any] = {}
    if search:
        text = search.split("?", 1)[1] if "?" in search else search
        for key, values in urllib.parse.parse_qs(text, keep_blank_values=False).items():
            if key not in ("order", "limit", "offset", "f1", "o1", "v1", "list_id", "query_format"):
                params[key] = values if len(values) > 1 else values[0]
    if component:
        params["product"] = product
        params["component"] = component
    if since is not None:
        params["creation_time"] = since.isoformat() + "T00:00:00Z"
    if status == "open":
        params["status"] = ["UNCONFIRMED", "NEW", "ASSIGNED", "REOPENED"]
    return params


class _Progress:
    """``[12/50] bug 1234567`` on one stderr line, only when stderr is a terminal."""

    def __init__(self, stream: Any):
        self.stream = stream
        self.on = bool(getattr(stream, "isatty", lambda: False)())
        self.width = 0

    def show(self, n: int, total: int, what: str) -> None:
        if self.on:
            line = f"[{n}/{total}] bug {what}"
            self.stream.write("\r" + line.ljust(self.width))
            self.stream.flush()
            self.width = len(line)

    def clear(self) -> None:
        if self.on and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def register(app: typer.Typer) -> None:
    app.command("fetch", no_args_is_help=True)(fetch)
    app.command("review", no_args_is_help=True)(review)
