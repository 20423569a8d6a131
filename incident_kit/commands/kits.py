"""``incident-kit kits``: the incident-type starter kits (``new --kit`` and ``render --template``
use the configuration lookups in :mod:`incident_kit.commands._shared`).

Only typer and the standard library are imported here at start-up.

Exit codes: 0 done, 1 the draft has problems, 2 a kit, template or configuration that cannot be
used (one line naming the file and line).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from incident_kit.commands._shared import _fail, _folders, _policy

# --------------------------------------------------------------------------------------------
# kits
# --------------------------------------------------------------------------------------------


def _describe(kit: Any, policy: Any) -> dict[str, Any]:
    """Everything ``kits NAME`` shows about a kit, as data."""
    from incident_kit.drafting.kits import deadlines, load_kit_draft

    model = load_kit_draft(kit).model
    timeline = getattr(model, "timeline", [])
    return {
        "name": kit.name,
        "title": kit.title,
        "summary": kit.summary,
        "origin": kit.origin,
        "kind": model.kind,
        "clauses": [{"id": c, "title": policy.get(c).title if policy.get(c) else ""} for c in kit.clauses],
        "whiteboard": list(model.bug.whiteboard),
        "deadlines": [
            {"clause": c, "deadline": s, "limit": limit}
            for c, s, limit in deadlines(kit, policy, revocation_delay=model.bug.revocation_delay)
        ],
        "milestones": [{"tags": [t.value for t in e.tags], "prompt": e.text} for e in timeline],
        "action_items": [
            {"kind": a.kind.value, "description": " ".join(a.description.split())}
            for a in getattr(model, "action_items", [])
        ],
    }


def _show_text(info: dict[str, Any]) -> str:
    lines = [f"{info['name']} — {info['title']}", info["summary"], "", f"Origin: {info['origin']}"]
    lines.append("Clauses: " + "; ".join(f"{c['id']} ({c['title']})" for c in info["clauses"]))
    lines.append("Whiteboard: " + ", ".join(info["whiteboard"]))
    lines += ["", "Deadlines:"] + [f"  - {d['clause']}: {d['deadline']} ({d['limit']})" for d in info["deadlines"]]
    lines += ["", "Timeline milestones:"]
    lines += [f"  - [{', '.join(m['tags']) or 'other'}] {' '.join(m['prompt'].split())}" for m in info["milestones"]]
    lines += ["", "Action item suggestions:"] + [f"  - {a['kind']}: {a['description']}" for a in info["action_items"]]
    lines += ["", f"Start a draft: incident-kit new --kit {info['name']} -o draft.yaml"]
    return "\n".join(lines)


def kits_command(
    name: Optional[str] = typer.Argument(None, metavar="[NAME]", help="Show this kit instead of listing them all."),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="text or json"),
) -> None:
    """List the incident-type starter kits, or show one: its clauses, deadlines, timeline
    milestones and action-item suggestions.

    Kits come with incident-kit; a team adds its own in the kits/ folder of each folder named
    by template-paths in the configuration (docs/kits.md).

    \b
    Example:
      incident-kit kits
      incident-kit kits late-intermediate-disclosure
      incident-kit new --kit late-intermediate-disclosure -o incident.yaml
    """
    from incident_kit.errors import DraftError, InputError
    from incident_kit.drafting.kits import discover, find_kit

    if fmt not in ("text", "json"):
        raise _fail(f"incident-kit: --format: {fmt!r} is not one of text, json")
    folders, policy_paths = _folders(Path.cwd())
    try:
        if name is None:
            broken: list[Any] = []
            found = discover(folders, broken)
            if fmt == "json":
                rows = [{"name": k.name, "title": k.title, "summary": k.summary, "clauses": list(k.clauses),
                         "origin": k.origin} for k in found]
                typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            else:
                width = max((len(k.name) for k in found), default=0)
                for k in found:
                    origin = "" if k.origin == "shipped" else f"  [{k.origin}]"
                    typer.echo(f"{k.name:<{width}}  {k.title}{origin}")
            for problem in broken:  # one broken organisation kit must not hide the others
                typer.echo(f"incident-kit: skipped a kit: {problem}", err=True)
            if broken:
                raise typer.Exit(1)
            return
        info = _describe(find_kit(name, folders), _policy(policy_paths))
    except InputError as exc:
        raise _fail(str(exc)) from None
    except DraftError as exc:
        raise _fail("\n".join(exc.problems)) from None
    typer.echo(json.dumps(info, indent=2, ensure_ascii=False) if fmt == "json" else _show_text(info))


def register(app: typer.Typer) -> None:
    """Add the kits command to the CLI."""
    app.command("kits")(kits_command)
