"""The command line: a thin typer layer over the library.

Each group of commands lives in ``incident_kit/commands/``; those modules import only typer and the
standard library at import time, so ``incident-kit --help`` stays close to typer's own start-up.

This module imports only the standard library: the typer application is built on first use
(``incident_kit.cli.app`` builds it). A plain ``incident-kit lint PATH...`` never builds it: it is
parsed by :mod:`incident_kit.lint.cli_lint` and run without typer (whose command machinery imports
pydantic), so a one-file lint imports neither.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

_APP: Any = None


def __getattr__(name: str) -> Any:
    if name == "app":  # ``from incident_kit.cli import app`` (tests, embedding) builds it
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_app() -> Any:
    """The typer application with every command group registered (built once per process)."""
    global _APP
    if _APP is not None:
        return _APP
    import typer

    from incident_kit import __version__

    app = typer.Typer(
        name="incident-kit",
        help="Draft, render and lint WebPKI CA incident reports (CCADB Incident Reporting Guidelines) for Mozilla Bugzilla.",
        no_args_is_help=True,
        add_completion=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def version_callback(value: bool) -> None:
        if value:
            from incident_kit.about import version_text

            sys.stdout.write(version_text(__version__))
            raise typer.Exit()

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=version_callback, is_eager=True, help="Print the version, with the rule and policy data versions, and exit."
        ),
    ) -> None:
        """Draft, render and lint WebPKI CA incident reports for Mozilla Bugzilla."""

    _arguments_shown_as_written()
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(app)
    _APP = app
    return app



def _arguments_shown_as_written() -> None:
    """Newer typer wraps an argument's metavar again in the usage line (``{DRAFT}``,
    ``[[PATH]...]...``) and adds its Python type in the help (``DRAFT <str>``, ``PATH... <list[str]>``).
    The metavars of this command line are written the way they should read (``DRAFT``,
    ``[PATH]...``, ``BUG...``), as click shows them: show them so, without a type. Older typer
    versions display them that way already and are left alone."""
    from typer import core

    argument = getattr(core, "TyperArgument", None)
    if argument is None or not hasattr(argument, "_usage_display_name") or not hasattr(argument, "display_type_rich"):
        return
    usage, type_shown = argument._usage_display_name, argument.display_type_rich
    if getattr(usage, "incident_kit", False):
        return

    def usage_as_written(self: "core.TyperArgument") -> str:
        return self.metavar if self.metavar is not None else usage(self)

    def no_type_for_written(self: "core.TyperArgument", ctx: object) -> object:
        return None if self.metavar is not None else type_shown(self, ctx)

    usage_as_written.incident_kit = True  # type: ignore[attr-defined]
    argument._usage_display_name = usage_as_written
    argument.display_type_rich = no_type_for_written


_COMMAND_MODULES = (
    "incident_kit.commands.drafting",
    "incident_kit.commands.reading",
    "incident_kit.commands.linting",
    "incident_kit.commands.policy",
    "incident_kit.commands.lexicon",
    "incident_kit.commands.lifecycle",
    "incident_kit.commands.kits",
    "incident_kit.commands.web",
    "incident_kit.commands.bugzilla",
)


def main() -> None:
    """Console-script entry point. Usage errors exit 2 (click's convention)."""
    from incident_kit import _recache

    _recache.install()  # compiled patterns kept between runs; INCIDENT_KIT_NO_RE_CACHE=1 turns it off
    try:
        argv = sys.argv[1:]
        if argv[:1] == ["lint"]:  # a plain lint runs without typer's command machinery (and pydantic)
            from incident_kit.lint.cli_lint import fast_lint

            code = fast_lint(argv[1:])
            if code is not None:
                sys.exit(code)
        build_app()(prog_name="incident-kit")
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("incident-kit: interrupted\n")
        sys.exit(130)
