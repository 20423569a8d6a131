"""The command line: a thin typer layer over the library.

Each group of commands lives in ``incident_kit/commands/``; those modules import only typer and the
standard library at import time, so ``incident-kit --help`` stays close to typer's own start-up.

A plain ``incident-kit lint PATH...`` does not go through typer at all (see
:mod:`incident_kit.lint.cli_lint`): running a typer command imports pydantic, which a Markdown lint
does not need. The typer application is built on first use of ``app``.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

_COMMAND_MODULES = (
    "incident_kit.commands.drafting",
    "incident_kit.commands.reading",
    "incident_kit.commands.linting",
    "incident_kit.commands.policy",
    "incident_kit.commands.lifecycle",
    "incident_kit.commands.kits",
)

_APP: Any = None


def _build_app() -> Any:
    import typer

    from incident_kit import __version__

    app = typer.Typer(
        name="incident-kit",
        help="Draft, render and lint WebPKI CA incident reports (CCADB Incident Reporting Guidelines) for Mozilla Bugzilla.",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def _version_callback(value: bool) -> None:
        if value:
            typer.echo(f"incident-kit {__version__}")
            raise typer.Exit()

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version_callback, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        """Draft, render and lint WebPKI CA incident reports for Mozilla Bugzilla."""

    for name in _COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command group not written yet
            if exc.name != name:
                raise
            continue
        mod.register(app)
    return app


def __getattr__(name: str) -> Any:
    """``incident_kit.cli.app``: the typer application, built once on first use."""
    global _APP
    if name == "app":
        if _APP is None:
            _APP = _build_app()
        return _APP
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point. Usage errors exit 2 (click's convention)."""
    try:
        argv = sys.argv[1:]
        if argv[:1] == ["lint"]:
            from incident_kit.lint.cli_lint import fast_lint

            code = fast_lint(argv[1:])
            if code is not None:
                sys.exit(code)
        __getattr__("app")(prog_name="incident-kit")
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("incident-kit: interrupted\n")
        sys.exit(130)
