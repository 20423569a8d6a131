"""Drafting commands: ``new`` (scaffold a YAML draft), ``render`` (draft -> Markdown) and
``schema`` (the JSON Schema of drafts).

Only typer and the standard library are imported here at start-up; the library modules are
imported inside the command functions.

Exit codes: 0 done, 1 the draft has problems, 2 usage error or input that cannot be read (and a
refusal to overwrite a file).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from incident_kit.irg.kinds import DRAFT_KINDS, kind_enum
from incident_kit.commands._shared import EXIT_PROBLEMS, EXIT_USAGE, OutputError, _choices, _fail, _load_or_exit, _same_file, choice, write_output



ScaffoldKind = kind_enum("ScaffoldKind", DRAFT_KINDS)
"""Report kinds ``new`` can scaffold."""

SchemaName = kind_enum("SchemaName", DRAFT_KINDS, first=("draft",))
"""Schemas ``schema --kind`` can print: one per kind, or ``draft`` for any kind."""


# --------------------------------------------------------------------------------------------
# new
# --------------------------------------------------------------------------------------------

SCAFFOLD_DIR = "scaffold"


def scaffold_text(kind: str) -> str:
    """The scaffold draft for ``kind`` as shipped in ``templates/scaffold/<kind>.yaml``."""
    from incident_kit._resources import templates_dir

    return (templates_dir() / SCAFFOLD_DIR / f"{kind}.yaml").read_text(encoding="utf-8")


def schema_reference(kind: str, output: Path) -> Optional[str]:
    """Where the draft's editor finds its schema: the shipped ``schemas/<kind>.schema.json``.

    Relative to the draft's folder when the draft is inside the source checkout that holds the
    schema (a draft in the repository); a ``file://`` URI otherwise: a schema in an installed
    package (site-packages), or a draft outside the checkout of an editable install, since a
    relative path that climbs out of the draft's tree breaks as soon as the draft is moved.
    ``None`` when the package was installed without its schemas."""
    from incident_kit._resources import schemas_dir
    from incident_kit.schema import schema_filename

    try:
        schema = schemas_dir() / schema_filename(kind)
    except FileNotFoundError:
        return None
    if not schema.is_file():
        return None
    schema = schema.resolve()
    if any(part in ("site-packages", "dist-packages") for part in schema.parts):
        return schema.as_uri()
    folder = output.resolve().parent
    if not folder.is_relative_to(schema.parent.parent):
        return schema.as_uri()
    try:
        return Path(os.path.relpath(schema, output.resolve().parent)).as_posix()
    except ValueError:
        return schema.as_uri()


def new_command(
    output: Path = typer.Option(..., "-o", "--output", help="The draft file to create.", metavar="FILE"),
    kind: str = typer.Option(ScaffoldKind.FULL.value, "--kind", "-k", metavar=_choices(ScaffoldKind), help="The report kind to scaffold."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    schema_url: Optional[str] = typer.Option(
        None,
        "--schema-url",
        help="Schema location for the editor modeline (default: the shipped schema, relative to FILE).",
        metavar="URL",
    ),
    kit: Optional[str] = typer.Option(
        None, "--kit", help="Start from an incident-type starter kit (see: incident-kit kits).", metavar="NAME"
    ),
) -> None:
    """Create a YAML draft for a new report, with guidance comments and <...> prompts.

    The first line points editors (yaml-language-server) at the JSON Schema of the kind, so
    fields, allowed values and descriptions show while typing. Every placeholder validates, so the
    new draft renders at once; `incident-kit lint` reports the <...> prompts still left in it.

    \b
    Example:
      incident-kit new --kind full -o incident.yaml
      incident-kit render incident.yaml
    """
    kind_value, body = choice("--kind", kind, ScaffoldKind), None
    if kit is not None:
        from incident_kit.commands._shared import kit_draft

        kind_value, body = kit_draft(kit, output)
    reference = schema_url or schema_reference(kind_value, output)
    header = f"# yaml-language-server: $schema={reference}\n" if reference else ""
    try:
        write_output(output, header + (body if body is not None else scaffold_text(kind_value)), force)
    except OutputError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    typer.echo(f"wrote {output} ({kind_value} report draft{f', kit {kit}' if kit else ''})", err=True)


# --------------------------------------------------------------------------------------------
# render
# --------------------------------------------------------------------------------------------


def render_command(
    draft: str = typer.Argument(..., metavar="DRAFT", help="The YAML draft ('-' reads standard input)."),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output", help="Write the Markdown to FILE instead of standard output.", metavar="FILE"
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    template: Optional[str] = typer.Option(
        None,
        "--template",
        help="Render with an organisation report template (a name from template-paths, or a .j2 file).",
        metavar="NAME",
    ),
) -> None:
    """Render a YAML draft as the Markdown to paste into the Bugzilla comment.

    A draft with problems is not rendered: each problem is printed as
    FILE:LINE:COLUMN: field.path: what is wrong, and the exit code is 1. A file
    that cannot be read (missing, not UTF-8, not YAML) exits 2. An existing
    output file is only replaced with --force.

    \b
    Example:
      incident-kit render incident.yaml -o incident.md
    """
    from incident_kit.sources.yaml.loader import parse_path
    from incident_kit.drafting.render import RenderError, render

    if output is not None and draft != "-" and _same_file(Path(draft), output):
        raise _fail(f"{output}: is the draft itself; choose another output file", EXIT_USAGE)
    loaded = _load_or_exit(draft)
    prompts = _prompts_left(loaded)
    if prompts:
        for line in prompts:
            typer.echo(line, err=True)
        raise _fail(f"{loaded.path}: {len(prompts)} prompt{'s' if len(prompts) != 1 else ''} left; answer {'them' if len(prompts) != 1 else 'it'} (or write N/A with a reason) before rendering", EXIT_PROBLEMS)
    try:
        if template is not None:
            from incident_kit.commands._shared import render_with_template

            text = render_with_template(template, loaded.model, draft)
        else:
            text = render(loaded.model)
    except RenderError as exc:
        line, column = loaded.smap.locate(parse_path(exc.field))
        raise _fail(f"{loaded.path}:{line}:{column}: {exc}", EXIT_PROBLEMS) from None
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_output(output, text, force)
    except OutputError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None


def _prompts_left(loaded) -> list[str]:  # loaded: LoadedDraft
    """One ``file:line:column: field.path: ...`` line per prompt ``parse`` wrote for what a posted
    report lacks (``<not in the posted report: ...>``): rendering it would post the gap as if it
    were text, so ``render`` refuses and writes nothing. A scaffold's own prompts still render (a
    new draft renders at once, and lint's IK105 lists them)."""
    from incident_kit.drafting.to_draft import PARSE_PROMPT_RE
    from incident_kit.sources.yaml.loader import format_path

    out: list[str] = []

    def walk(value, path) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))
        elif isinstance(value, str):
            found = PARSE_PROMPT_RE.search(value)
            if found:
                line, column = loaded.smap.locate(path)
                out.append(f"{loaded.path}:{line}:{column}: {format_path(path)}: not in the posted report; still a prompt: {found.group(0)}")

    walk(loaded.data, ())
    return out


# --------------------------------------------------------------------------------------------
# schema
# --------------------------------------------------------------------------------------------


def schema_command(
    kind_name: str = typer.Option(SchemaName.DRAFT.value, "--kind", "-k", metavar=_choices(SchemaName), help="The report kind, or 'draft' for any kind."),
    write: Optional[Path] = typer.Option(
        None, "--write", help="Write every schema file into DIR instead of printing one.", metavar="DIR"
    ),
    check: Optional[Path] = typer.Option(
        None, "--check", help="Exit 1 if the schema files in DIR are missing or out of date.", metavar="DIR"
    ),
) -> None:
    """Print the JSON Schema (draft-07) of YAML drafts, for editors and other validators.

    \b
    Example:
      incident-kit schema --kind full > full.schema.json
      incident-kit schema --write schemas
    """
    from incident_kit import schema

    if write is not None and check is not None:
        raise _fail("use either --write or --check, not both", EXIT_USAGE)
    if write is not None:
        try:
            written = schema.write_schemas(write)
        except OSError as exc:
            raise _fail(f"{write}: cannot be written: {exc.strerror or exc}", EXIT_USAGE) from None
        typer.echo(f"wrote {len(written)} schema files to {write}", err=True)
        return
    if check is not None:
        stale = schema.check_schemas(check)
        if stale:
            names = ", ".join(stale)
            raise _fail(f"{check}: out of date: {names}; run: {schema.REGENERATE_COMMAND}", EXIT_PROBLEMS)
        return
    typer.echo(schema.schema_text(choice("--kind", kind_name, SchemaName)), nl=False)


def register(app: typer.Typer) -> None:
    """Add the drafting commands to the CLI."""
    app.command("new")(new_command)
    app.command("render")(render_command)
    app.command("schema")(schema_command)
