"""``incident-kit lexicon list`` and ``incident-kit lexicon show NAME``: the lexicons (the phrasings
the rules judge wording by, ``incident_kit/lexicon/NAME.toml``), in the spirit of ``ruff rule``."""

from __future__ import annotations

import json

import typer

from incident_kit.commands._shared import EXIT_USAGE, _fail

lexicon_app = typer.Typer(
    help="The lexicons: named phrasings (with examples and counterexamples) that rules and policy "
    "clauses use to judge wording. Example: incident-kit lexicon show aware",
    no_args_is_help=True,
)


def _format(fmt: str) -> str:
    if fmt not in ("text", "json"):
        raise _fail("incident-kit: --format must be text or json", EXIT_USAGE)
    return fmt


@lexicon_app.command("list")
def list_lexicons(fmt: str = typer.Option("text", "--format", metavar="text|json", help="text or json")) -> None:
    """List every lexicon with its description.

    Example: incident-kit lexicon list
    """
    from incident_kit.text.concepts import lexicon_names, read_lexicon

    lexicons = [read_lexicon(n) for n in lexicon_names()]
    if _format(fmt) == "json":
        typer.echo(json.dumps([{"name": x.name, "description": x.description} for x in lexicons], indent=2))
        return
    width = max(len(x.name) for x in lexicons)
    for x in lexicons:
        typer.echo(f"{x.name:<{width}}  {x.description}")


@lexicon_app.command("show")
def show_lexicon(
    name: str = typer.Argument(..., metavar="NAME", help="Lexicon name, e.g. aware, control, training (see 'lexicon list')."),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="text or json"),
) -> None:
    """Show one lexicon: description, included lexicons, patterns, exceptions, examples and
    counterexamples.

    Example: incident-kit lexicon show aware
    """
    from dataclasses import asdict

    from incident_kit.errors import InputError
    from incident_kit.text.concepts import read_lexicon

    try:
        lex = read_lexicon(name)
    except InputError as exc:
        raise _fail(f"incident-kit: {exc}", EXIT_USAGE) from None
    if _format(fmt) == "json":
        typer.echo(json.dumps(asdict(lex), indent=2, ensure_ascii=False))
        return
    matched = "sentence by sentence (the policy clauses' matcher)" if lex.unit == "sentence" else "clause by clause (the rules' matcher)"
    lines = [f"{lex.name} ({lex.path})", "", lex.description, "", f"Matched: {matched} (unit = {lex.unit})", ""]
    for title, items in (
        ("Includes", lex.includes),
        ("Patterns", lex.patterns),
        ("Exceptions (in the same sentence, cancel a mention)", lex.exceptions),
        ("Examples (found)", lex.examples),
        ("Counterexamples (not found)", lex.counterexamples),
    ):
        if items:
            lines.append(f"{title}:")
            lines += [f"  {item}" for item in items]
            lines.append("")
    typer.echo("\n".join(lines).rstrip())


def register(app: typer.Typer) -> None:
    app.add_typer(lexicon_app, name="lexicon")
