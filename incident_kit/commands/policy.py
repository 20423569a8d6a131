"""``incident-kit policy list`` and ``incident-kit policy show ID``: the policy knowledge base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

policy_app = typer.Typer(
    help="The policy clauses incident-kit knows: requirements, deadlines, and what remediation must address. "
    "Example: incident-kit policy show \"MRSP 5.3.2\"",
    no_args_is_help=True,
)


def _load(paths: Optional[List[Path]]):
    """The knowledge base with ``--policy-path`` files, else the ``policy-paths`` of the
    configuration found from the current folder."""
    from incident_kit.errors import InputError
    from incident_kit.config import ConfigError, ConfigFinder
    from incident_kit.policy import load_policy

    try:
        if not paths:
            cfg = ConfigFinder().for_dir(Path.cwd())
            paths = [Path(p) for p in (cfg.extra.get("policy-paths", []) if cfg else [])]
        return load_policy(paths)
    except (InputError, ConfigError) as exc:
        msg = exc.render() if isinstance(exc, InputError) else str(exc)
        typer.echo(f"incident-kit: {msg}", err=True)
        raise typer.Exit(2) from None


@policy_app.command("list")
def list_clauses(
    policy_path: Optional[List[Path]] = typer.Option(
        None, "--policy-path", metavar="PATH", help="Extra policy file or folder (repeatable), e.g. your CP/CPS commitments."
    ),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="text or json"),
) -> None:
    """List every clause, with its deadlines.

    Example: incident-kit policy list --policy-path policy/our-cps.yaml
    """
    kb = _load(policy_path)
    if fmt == "json":
        rows = [
            {
                "id": c.id,
                "document": c.document,
                "title": c.title,
                "deadlines": [d.summary for d in c.deadlines],
                "in_force": c.in_force.model_dump(mode="json"),
                "aliases": [a.model_dump(mode="json") for a in c.aliases],
                "source": kb.sources.get(c.id),
            }
            for c in kb.clauses.values()
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if fmt != "text":
        typer.echo("incident-kit: --format must be text or json", err=True)
        raise typer.Exit(2)
    width = max(len(c) for c in kb.clauses)
    for cid, c in kb.clauses.items():
        limits = ", ".join(dict.fromkeys(d.limit_text for d in c.deadlines))
        window = c.in_force.label
        aliases = f"  (also {', '.join(a.id for a in c.aliases)})" if c.aliases else ""
        typer.echo(
            f"{cid:<{width}}  {c.title}" + (f"  [{limits}]" if limits else "") + (f"  {{{window}}}" if window else "") + aliases
        )


@policy_app.command("show")
def show_clause(
    clause_id: str = typer.Argument(..., metavar="CLAUSE", help='Clause id in any common spelling, e.g. "MRSP 5.3.2" or "BR §4.9.1.1".'),
    policy_path: Optional[List[Path]] = typer.Option(None, "--policy-path", metavar="PATH", help="Extra policy file or folder."),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="text or json"),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Show the text and limits in force that day (YYYY-MM-DD); an old number resolves as it was meant then."
    ),
) -> None:
    """Show one clause: requirement, deadlines, what remediation must address, known-insufficient remedies.

    With --as-of, only the deadlines and concepts in force that day, each with its window.

    Example: incident-kit policy show "BR 4.9.1.1" --as-of 2018-06-01
    """
    from datetime import date

    day = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of.strip())
        except ValueError:
            typer.echo(f"incident-kit: --as-of: {as_of!r} is not a date (YYYY-MM-DD)", err=True)
            raise typer.Exit(2) from None
    kb = _load(policy_path)
    clause = kb.lookup(clause_id, day)
    if clause is None:
        typer.echo(f"incident-kit: no clause {clause_id!r}; see 'incident-kit policy list'", err=True)
        raise typer.Exit(2)
    if fmt == "json":
        data = clause.model_dump(mode="json")
        if day is not None:
            data["deadlines"] = [d for d, m in zip(data["deadlines"], clause.deadlines) if m.in_force.covers(day)]
            data["must_address"] = [c for c, m in zip(data["must_address"], clause.must_address) if m.in_force.covers(day)]
            data["as_of"] = day.isoformat()
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(_describe(clause, day))


def _describe(clause, day=None) -> str:
    lines = [f"{clause.id} — {clause.title}", f"{clause.document}", ""]
    if day is not None:
        since = clause.in_force.since
        state = "not yet in force in this wording (see the note)" if since and day < since else "in force"
        lines += [f"As of {day.isoformat()}: {state}; the deadlines and concepts below are those in force that day.", ""]
    window = clause.in_force
    if window.label or window.note:
        lines.append("In force: " + window.label + (f". {window.note}" if window.note else ""))
        if clause.aliases:
            lines.append("Also cited as: " + ", ".join(f"{a.id} ({a.window()})" for a in clause.aliases))
        lines.append("")
    lines += ["Requirement:", f"  {clause.requirement}", ""]
    deadlines = [d for d in clause.deadlines if day is None or d.in_force.covers(day)]
    if deadlines:
        lines.append("Deadlines:")
        for d in deadlines:
            window = d.in_force.cite or d.in_force.window()
            lines.append(f"  - {d.summary} ({d.start.event} → {d.end.event}, {d.limit_text}, {d.severity}; {window})")
            if d.caveat:
                lines.append(f"    Note: {d.caveat}")
        lines.append("")
    concepts = [c for c in clause.must_address if day is None or c.in_force.covers(day)]
    if concepts:
        head = "Remediation must address one of:" if clause.any_of else "Remediation must address:"
        lines.append(head)
        for c in concepts:
            window = c.in_force.window()
            lines.append(f"  - {c.id}: {c.description}" + (f" ({window})" if window != "no date limit" else ""))
        lines.append("")
    if clause.insufficient:
        lines.append("Not sufficient on its own:")
        for r in clause.insufficient:
            lines.append(f"  - {r.id}: {r.reason}")
        lines.append("")
    if clause.whiteboard_tags:
        lines.append("Whiteboard tags: " + ", ".join(clause.whiteboard_tags))
    if clause.related:
        lines.append("Related: " + ", ".join(clause.related))
    return "\n".join(lines).rstrip()


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
