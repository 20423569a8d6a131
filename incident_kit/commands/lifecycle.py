"""Lifecycle commands: ``promote``, ``update``, ``close``, ``deadlines`` and ``appendix``.

Only typer and the standard library are imported at start-up; the library (pydantic, ruamel,
jinja2, cryptography) is imported inside the command functions.

Exit codes: 0 done; 1 the draft has problems, a closure is refused because action items are open,
a deadline is overdue, or a certificate contradicts the draft's timeline; 2 usage error, input that
cannot be read, a missing date, or a refusal to overwrite a file.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from incident_kit.commands._shared import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    OutputError,
    _fail,
    _load_or_exit,
    _same_file,
    choice,
    input_as_output,
    write_output,
)


class DeadlineFormat(str, Enum):
    TEXT = "text"
    JSON = "json"


_OUTPUT_HELP = "Write to FILE instead of standard output (an existing FILE is replaced only with --force)."


def _emit(text: str, output: Optional[Path], force: bool, draft: Optional[str] = None) -> None:
    """Print ``text`` or write it to ``output`` safely; exit 2 on a refusal."""
    if output is None:
        typer.echo(text, nl=False)
        return
    if draft is not None and draft != "-" and _same_file(Path(draft), output):
        raise _fail(f"{output}: is the draft itself; choose another output file", EXIT_USAGE)
    try:
        write_output(output, text, force)
    except OutputError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None


def _input_error(exc: Exception) -> typer.Exit:
    return _fail(str(exc), EXIT_USAGE)


def _expect_kind(loaded: Any, kinds: tuple[str, ...], what: str) -> None:
    if loaded.model.kind not in kinds:
        raise _fail(f"{loaded.path}: expected {what}, not kind: {loaded.model.kind}", EXIT_USAGE)


# --------------------------------------------------------------------------------------------
# promote
# --------------------------------------------------------------------------------------------


def promote_command(
    draft: str = typer.Argument(..., metavar="DRAFT", help="The Preliminary, legacy or IRG 2.0 report draft (YAML)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=_OUTPUT_HELP, metavar="FILE"),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Turn a Preliminary report draft into a Full report draft, or re-post an old one.

    Everything already written is kept, comments included (bug metadata, incident
    description, relevant policies, source); the Preliminary report's posting time
    becomes the timeline entry of the initial disclosure. The Full report's other
    fields are added as <...> prompts, as in `incident-kit new --kind full`: the
    draft validates, and `incident-kit lint` reports the prompts until they are filled.

    A legacy 7-topic or IRG 2.0 draft (e.g. from `incident-kit parse`) becomes an
    IRG 3.2 Full draft the same way: each old answer goes to the field that asks the
    same thing (timeline, root cause, issuance stopped, appendix, action items), and
    the Kind and Status the old format lacked are marked as stand-ins to choose.

    \b
    Example:
      incident-kit promote preliminary.yaml -o full.yaml
      incident-kit parse old-bug.md -o old.yaml && incident-kit promote old.yaml -o full.yaml
    """
    from incident_kit.sources.yaml import load
    from incident_kit.errors import DraftError, InputError
    from incident_kit.drafting.promote import promote_text

    loaded = _load_or_exit(draft)
    try:
        text = promote_text(loaded)
        load(text, path=str(output or "<promoted>"))  # the result must validate as a Full draft
    except InputError as exc:
        raise _input_error(exc) from None
    except DraftError as exc:  # pragma: no cover - a bug in promote, not in the user's draft
        raise _fail("promote made an invalid draft: " + exc.problems[0], EXIT_PROBLEMS) from None
    _emit(text, output, force, draft)
    if output is not None:
        typer.echo(f"wrote {output} (full report draft; fill the <...> prompts)", err=True)


# --------------------------------------------------------------------------------------------
# update
# --------------------------------------------------------------------------------------------


def update_command(
    draft: str = typer.Argument(..., metavar="DRAFT", help="The current Full report draft."),
    since: str = typer.Option(..., "--since", metavar="OLD_DRAFT", help="The draft as of the previous report or update."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="DATE", help="When this update is posted (default: the draft's bug.posted)."
    ),
    completion: Optional[str] = typer.Option(
        None, "--completion", metavar="DATETIME",
        help="Estimated completion of the remaining revocations (revocation delays), e.g. '2026-04-24 18:00 UTC'.",
    ),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=_OUTPUT_HELP, metavar="FILE"),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Write the Markdown of an update comment for the bug.

    It lists the action items added, completed, delayed, canceled or changed (and
    which fields) since OLD_DRAFT, repeats the Action Items table, gives the
    revocation counts when the whiteboard contains revocation-delay (revoked, not yet
    revoked, expired before revocation, estimated completion; from the Appendix
    rows), and says when the next update is due.

    \b
    Example:
      incident-kit update full.yaml --since full-2026-04-17.yaml --as-of 2026-04-24
    """
    from incident_kit.errors import InputError
    from incident_kit.deadlines.clock import parse_as_of, today
    from incident_kit.drafting.update import UpdateProblem, update_markdown

    loaded = _load_or_exit(draft)
    old = _load_or_exit(since)
    _expect_kind(loaded, ("full",), "a Full report draft (kind: full)")
    _expect_kind(old, ("full", "preliminary"), "a Full or Preliminary report draft for --since")
    try:
        now = today(as_of, loaded.model, loaded.path)
        estimate = parse_as_of(completion) if completion is not None else None
    except InputError as exc:
        raise _input_error(exc) from None
    except ValueError as exc:
        raise _fail(f"--completion: {exc}", EXIT_USAGE) from None
    try:
        text = update_markdown(loaded.model, old.model, now, completion=estimate)
    except UpdateProblem as exc:
        smap = loaded.smap
        line = (smap.key(("appendix", "certificates")) or smap.key(("appendix",)) or smap.root)[0]
        raise _fail(f"{loaded.path}:{line}: {exc}", EXIT_PROBLEMS) from None
    _emit(text, output, force, draft)


# --------------------------------------------------------------------------------------------
# close
# --------------------------------------------------------------------------------------------


def close_command(
    draft: str = typer.Argument(..., metavar="DRAFT", help="The Full report draft whose action items are all done."),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output", metavar="FILE",
        help="Write to FILE: a Closure draft (YAML) when FILE ends in .yaml or .yml, else the Markdown.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    description: Optional[str] = typer.Option(None, "--description", metavar="TEXT", help="Incident description (default: the Full report's)."),
    root_causes: Optional[str] = typer.Option(
        None, "--root-causes", metavar="TEXT", help="Root cause summary (default: the contributing factors' titles)."
    ),
    remediation: Optional[str] = typer.Option(
        None, "--remediation", metavar="TEXT", help="Remediation summary (default: the first sentence of each action item)."
    ),
    commitments: Optional[str] = typer.Option(
        None, "--commitments", metavar="TEXT", help="Ongoing commitments beyond the action items, or N/A (default: a <...> prompt)."
    ),
) -> None:
    """Write the Closure Report of a Full report draft.

    Refused (exit 1, one line per item with its draft line) while any action item is
    Ongoing or Delayed. The summaries are built from the Full report unless given;
    the commitments stay a <...> prompt unless --commitments is given. With -o
    closure.yaml the result is a Closure draft to edit and render.

    \b
    Example:
      incident-kit close full.yaml --commitments N/A -o closure.md
    """
    from incident_kit.irg import irg_at_least
    from incident_kit.drafting.closure import COMMITMENTS_PROMPT, closure_from_full, closure_yaml, open_items
    from incident_kit.drafting.render import render

    loaded = _load_or_exit(draft)
    _expect_kind(loaded, ("full",), "a Full report draft (kind: full)")
    problems = open_items(loaded)
    if problems:
        for line in problems:
            typer.echo(line, err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    report = closure_from_full(
        loaded.model, description=description, root_causes=root_causes, remediation=remediation, commitments=commitments
    )
    as_yaml = output is not None and output.suffix.lower() in (".yaml", ".yml")
    text = closure_yaml(report, loaded.path) if as_yaml else render(report)
    _emit(text, output, force, draft)
    if report.summary.commitments == COMMITMENTS_PROMPT:
        typer.echo("note: the commitment summary is still a <...> prompt; give --commitments (or N/A)", err=True)
    if any(a.status.value == "Canceled" for a in report.action_items):
        typer.echo("note: canceled action items are listed as such; explain each cancellation in the bug", err=True)
    if irg_at_least(loaded.model, "3.1"):
        typer.echo(
            "note: after posting the closure report, set \"Request information from\" (needinfo) to "
            "incident-reporting@ccadb.org (IRG 3.1 and later)",
            err=True,
        )


# --------------------------------------------------------------------------------------------
# deadlines
# --------------------------------------------------------------------------------------------


def deadlines_command(
    draft: str = typer.Argument(..., metavar="DRAFT", help="A Preliminary, Full or Closure report draft."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="DATE", help="Judge the deadlines at this date (default: the draft's bug.posted)."
    ),
    fmt: str = typer.Option(DeadlineFormat.TEXT.value, "--format", metavar="text|json", help="Output format."),
) -> None:
    """List every lifecycle deadline of the incident with its due time (UTC) and status.

    Deadlines: the initial report (72 hours after awareness), the full report (14
    days after the initial disclosure), the next update (whiteboard date, else 7
    days after the last posting), the revocation-delay cadence (3 days SHOULD, 7
    days MUST), an update 3 days after each open action item's due date (IRG 3.1+),
    and the deadlines of the clauses the report concerns (e.g. BR 4.9.1.1: revoke
    within 24 hours or 5 days). Status: met, open or overdue. Exit 1 when one is
    overdue.

    \b
    Example:
      incident-kit deadlines full.yaml --as-of 2026-04-20
    """
    from incident_kit.sources.yaml.to_document import document_from
    from incident_kit.errors import InputError
    from incident_kit.deadlines.clock import today
    from incident_kit.deadlines.table import deadlines_json, deadlines_text, lifecycle_deadlines

    fmt = choice("--format", fmt, DeadlineFormat)
    loaded = _load_or_exit(draft)
    _expect_kind(loaded, ("preliminary", "full", "closure"), "an IRG 3.x report draft (preliminary, full or closure)")
    try:
        now = today(as_of, loaded.model, loaded.path)
        table = lifecycle_deadlines(loaded, document_from(loaded), now)
    except InputError as exc:
        raise _input_error(exc) from None
    if fmt == DeadlineFormat.JSON.value:
        typer.echo(json.dumps(deadlines_json(table, loaded.path, now), indent=2))
    else:
        typer.echo(deadlines_text(table, loaded.path, now), nl=False)
    if any(r.status == "overdue" for r in table.rows):
        raise typer.Exit(EXIT_PROBLEMS)


# --------------------------------------------------------------------------------------------
# appendix
# --------------------------------------------------------------------------------------------


def appendix_command(
    files: Optional[list[str]] = typer.Argument(None, metavar="[FILE]...", help="More certificate files."),
    certs: list[str] = typer.Option(
        [], "--certs", metavar="FILE", help="PEM or DER certificate files (a PEM file may hold several)."
    ),
    revocations: Optional[str] = typer.Option(
        None, "--revocations", metavar="CSV", help="Revocation dates and reasons: a CSV with columns serial or sha256, revocation_date, revocation_reason[, is_revoked]."
    ),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="DATE", help="Judge expiry at this date (default: --draft's bug.posted)."
    ),
    draft: Optional[str] = typer.Option(
        None, "--draft", metavar="DRAFT", help="Check each notBefore against this draft's timeline."
    ),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=_OUTPUT_HELP, metavar="FILE"),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Build the IRG Appendix CSV of affected certificates from PEM or DER files.

    Columns in the IRG order; a precertificate (CT poison extension) fills the
    Precertificate SHA-256 hash column and shares a row with its certificate
    (same serial and issuer). Certificates missing from --revocations are N/A when
    expired at the as-of date, else Planned. With --draft, a notBefore that
    contradicts the draft's timeline is reported (exit 1; the CSV is still written).

    The --revocations CSV has a header row; columns are found by name (case,
    spaces and punctuation ignored): serial (or "Serial # (hex)") or sha256 to
    key each row, revocation_date (date and time with a zone),
    revocation_reason (the CRL reasonCode; empty = N/A) and, optionally,
    is_revoked (Yes, Planned or Delayed).

    \b
    Example:
      incident-kit appendix --certs affected.pem --revocations revoked.csv --as-of 2026-04-20 -o affected.csv
    """
    from incident_kit.errors import InputError

    paths = [*certs, *(files or [])]
    if not paths:
        raise _fail("give the certificate files: --certs FILE...", EXIT_USAGE)
    refusal = input_as_output(output, [*paths, revocations, draft])
    if refusal:
        raise _fail(refusal, EXIT_USAGE)
    try:
        rows, findings = _appendix_rows(paths, revocations, as_of, draft)
    except InputError as exc:
        raise _input_error(exc) from None
    from incident_kit.drafting.appendix import appendix_csv

    _emit(appendix_csv(rows), output, force)
    for line in findings:
        typer.echo(line, err=True)
    if output is not None:
        typer.echo(f"wrote {output} ({len(rows)} certificate rows)", err=True)
    if findings:
        raise typer.Exit(EXIT_PROBLEMS)


def _appendix_rows(paths: list[str], revocations: Optional[str], as_of: Optional[str],
                   draft: Optional[str]) -> tuple[list[Any], list[str]]:
    """Parse, pair and describe the certificates; the timeline findings when --draft is given."""
    from incident_kit.drafting import appendix as ap
    from incident_kit.errors import InputError
    from incident_kit.deadlines.clock import parse_as_of

    loaded = _load_or_exit(draft) if draft is not None else None
    parsed = [c for p in paths for c in ap.read_certificates(p)]
    revoked = ap.read_revocations(revocations) if revocations is not None else {}
    now = None
    if as_of is not None:
        try:
            now = parse_as_of(as_of)
        except ValueError as exc:
            raise InputError(f"--as-of: {exc}") from None
    elif loaded is not None and getattr(loaded.model.bug, "posted", None) is not None:
        from incident_kit.deadlines.clock import moment_at

        now = moment_at(loaded.model.bug.posted)
    rows = []
    pairs = ap.pair_certificates(parsed)
    for pair in pairs:
        try:
            rows.append(ap.affected_certificate(pair, revoked, now))
        except ap.NeedsDate as exc:
            raise InputError(
                "needs a date to tell expired certificates (N/A) from ones still to revoke (Planned): "
                "give --as-of, list it in --revocations, or give --draft with bug.posted", str(exc)
            ) from None
    for rev in revoked.values():
        if not rev.used:
            typer.echo(f"{revocations}:{rev.line}: note: {rev.key} matches none of the certificates given", err=True)
    findings = _timeline_findings(loaded, [p.main for p in pairs]) if loaded else []
    return rows, findings


def _timeline_findings(loaded: Any, certs: list[Any]) -> list[str]:
    from incident_kit.sources.yaml.to_document import document_from
    from incident_kit.deadlines.clock import moment_at
    from incident_kit.drafting.appendix import not_before_problems

    doc = document_from(loaded)
    posted = moment_at(loaded.model.bug.posted) if getattr(loaded.model.bug, "posted", None) else None
    out = []
    for cert in certs:
        for message, line in not_before_problems(cert.not_before, doc, posted):
            where = f"{loaded.path}:{line}" if line else f"{loaded.path}:{loaded.smap.line(('bug', 'posted'))}"
            out.append(f"{where}: [error] certificate {cert.serial} ({cert.source}): {message}; it contradicts the timeline")
    return out


def register(app: typer.Typer) -> None:
    """Add the lifecycle commands to the CLI."""
    app.command("promote")(promote_command)
    app.command("update")(update_command)
    app.command("close")(close_command)
    app.command("deadlines")(deadlines_command)
    app.command("appendix")(appendix_command)
