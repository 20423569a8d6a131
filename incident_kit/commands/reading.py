"""Reading command: ``parse`` (a posted report → a YAML draft).

Only typer and the standard library are imported here at start-up; the reader, the converter and
ruamel.yaml are imported inside the command.

Exit codes: 0 the draft was written and every value was understood; 1 the draft was written, but
some values could not be parsed and were kept as text (each is listed on standard error as
FILE:LINE: field.path: reason, and marked ``# could not parse`` in the YAML); 2 the report cannot be
read, is not an incident report, or the output file exists (use --force).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Optional

import typer

from incident_kit.irg.kinds import DRAFT_KINDS, READ_ONLY_KINDS, kind_enum
from incident_kit.commands._shared import EXIT_PROBLEMS, EXIT_USAGE, _fail



ReadKind = kind_enum("ReadKind", DRAFT_KINDS)
"""Report kinds ``parse --kind`` can force."""


def register(app: typer.Typer) -> None:
    app.command("parse")(parse_command)


def _as_of(value: Optional[str]) -> Optional[date]:
    from incident_kit.config import UsageError, parse_as_of

    if value is None:
        return None
    try:
        return parse_as_of(value)
    except UsageError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None


def parse_command(
    report: str = typer.Argument(..., metavar="REPORT", help="The posted report, Markdown or plain text ('-' reads standard input)."),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output", help="Write the YAML draft to FILE instead of standard output.", metavar="FILE"
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="When the report was posted (picks the IRG version)."
    ),
    kind: Optional[ReadKind] = typer.Option(None, "--kind", help="Read the report as this kind instead of detecting it."),
) -> None:
    """Read a posted incident report back into a YAML draft.

    Values that cannot be parsed (a due date of ASAP, a Kind of
    Preventive, a time without a zone) are kept as text, marked
    '# could not parse' in the YAML and listed on standard error; the
    exit code is then 1. The CA Owner and the bug title are not part of
    a report and are left empty. Exit 2: unreadable input, not an
    incident report, or an existing output file without --force.

    \b
    Example:
      incident-kit parse posted.md -o draft.yaml
    """
    from incident_kit.commands._shared import OutputError, input_as_output, write_output
    from incident_kit.drafting.to_draft import document_to_draft
    from incident_kit.errors import InputError
    from incident_kit.sources import files, is_draft, read_text

    refusal = input_as_output(output, [report])
    if refusal:
        raise _fail(refusal, EXIT_USAGE)
    if output is not None and report != "-" and output.exists() and not force:
        raise _fail(f"{output}: already exists; use --force to replace it", EXIT_USAGE)
    try:
        data, shown = files.read_bytes(report)
        text = files.decode(data, shown)
    except InputError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    if is_draft(shown, text):
        raise _fail(f"{shown}: is a YAML draft, not a posted report; `incident-kit render {shown}` turns it into the report", EXIT_USAGE)
    whole = read_text(text, shown, kind=kind.value if kind else None, as_of=_as_of(as_of), draft=False)
    doc = whole.parts[-1] if whole.parts else whole  # several reports in the file: the draft is the last one
    if doc.kind == "unknown":
        raise _fail(f"{doc.path}: not an incident report: {doc.kind_reason}; use --kind to read it anyway", EXIT_USAGE)
    if doc.kind in READ_ONLY_KINDS:
        raise _fail(
            f"{doc.path}: {doc.kind_reason}; there is no draft model for it; use --kind to read it as a template",
            EXIT_USAGE,
        )
    draft, problems = document_to_draft(whole)
    text = draft_yaml(draft, problems, doc)
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            write_output(output, text, force)
        except OutputError as exc:
            raise _fail(str(exc), EXIT_USAGE) from None
    for problem in problems:
        typer.echo(problem.render(doc.path), err=True)
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)


def draft_yaml(draft: dict[str, Any], problems: list[Any], doc: Any) -> str:
    """The draft as YAML, with a comment next to every value that could not be parsed."""
    import io

    from ruamel.yaml import YAML

    from incident_kit.drafting.to_draft import BUG_NOTE, UNPLACED

    tree = _commented(draft)
    tree.yaml_add_eol_comment(BUG_NOTE, "bug")
    for problem in problems:
        _comment(tree, problem.path, problem.message)
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    header = f"# Draft read from {doc.path} ({doc.kind}, {doc.kind_reason}).\n"
    buffer.write(header.replace("\n", " ").rstrip() + "\n")
    yaml.dump(tree, buffer)
    unplaced = [p for p in problems if p.path == UNPLACED]
    if unplaced:
        buffer.write("\n# Text of the posted report that no draft field holds; move it into the field it belongs to:\n")
        for p in unplaced:
            text = p.message.split(": ", 1)[1] if ": " in p.message else p.message
            buffer.write(f"#   line {p.line}: {text}\n")
    return buffer.getvalue()


def _commented(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _commented(v)
        return out
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


_STEP_RE = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _comment(tree: Any, path: str, message: str) -> None:
    """Put ``# message`` at the end of the line holding ``path`` (``action_items[2].kind``)."""
    steps: list[Any] = [int(i) - 1 if i else name for name, i in _STEP_RE.findall(path)]
    node = tree
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return
    last = steps[-1] if steps else None
    try:
        node[last]
    except (KeyError, IndexError, TypeError):
        return
    if hasattr(node, "yaml_add_eol_comment"):
        node.yaml_add_eol_comment(message.replace("\n", " "), last)
