"""What the command modules share: exit codes, the one-line failure, the atomic output writer,
loading a draft or exiting with its problems, and the configuration lookups behind ``new --kit``
and ``render --template``. Command modules import this module and never each other.

Only typer and the standard library are imported at start-up (``--help`` stays fast).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, List, Optional

import typer

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``message`` on stderr; the caller raises the returned Exit."""
    typer.echo(message, err=True)
    return typer.Exit(code)


class OutputError(Exception):
    """An output file that cannot (or may not) be written; ``str()`` is the one-line message."""


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _link_new(tmp: str, path: Path) -> None:
    """Move ``tmp`` to ``path`` only if ``path`` does not exist (atomic where hard links work)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(f"{path}: already exists; use --force to replace it") from None
    except OSError:  # a file system without hard links: check, then rename
        if path.exists():
            raise OutputError(f"{path}: already exists; use --force to replace it") from None
        os.replace(tmp, path)


def _mode_for(path: Path) -> int:
    """The mode a written file gets: the replaced file's own mode, else the umask default."""
    import stat

    try:
        st = os.stat(path)
    except OSError:
        return 0o666 & ~_current_umask()
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else 0o666 & ~_current_umask()


def write_output(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file in the same folder, then a rename).

    Without ``force`` an existing file is never replaced, even one created meanwhile. Raises
    :class:`OutputError` with a one-line message."""
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: the folder {directory} does not exist")
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to replace it")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, _mode_for(path))
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)  # hard links too
    except OSError:  # pragma: no cover
        return False


def input_as_output(output: "Path | None", inputs: "list[str | None]") -> "str | None":
    """The one-line refusal when ``output`` is one of the ``inputs`` (any spelling, symlink or
    hard link of it), else None. ``-`` and missing inputs are ignored."""
    if output is None:
        return None
    for name in inputs:
        if name and name != "-" and _same_file(Path(name), output):
            return f"{output}: is one of the inputs ({name}); choose another output file"
    return None


def choice(option: str, value: str, choices: Any) -> str:
    """``value`` when it is one of the Enum's values, else exit 2 with the one message every command
    gives for a bad choice: ``incident-kit: --format: 'xml' is not one of text, json``."""
    allowed = [c.value for c in choices]
    if value in allowed:
        return value
    raise _fail(f"incident-kit: {option}: {value!r} is not one of {', '.join(allowed)}", EXIT_USAGE)


def _choices(choices: Any) -> str:
    return "|".join(c.value for c in choices)


def _load_or_exit(draft: str):  # -> LoadedDraft
    """Load a draft file (``-`` is standard input) or exit with its problems."""
    from incident_kit.errors import DraftError, InputError
    from incident_kit.sources.yaml import load

    try:
        return load(draft)
    except InputError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    except DraftError as exc:
        for problem in exc.problems:
            typer.echo(problem, err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None


def _folders(start: Path) -> tuple[list[Path], list[Path]]:
    """The template folders and policy files of the configuration that applies in ``start``."""
    from incident_kit.drafting.kits import config_for, config_paths
    from incident_kit.config import ConfigError

    try:
        config = config_for(start)
        return config_paths(config, "template-paths"), config_paths(config, "policy-paths", folders_only=False)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _policy(policy_paths: list[Path]):  # -> PolicyBase
    from incident_kit.errors import InputError
    from incident_kit.policy import load_policy

    try:
        return load_policy(policy_paths)
    except InputError as exc:
        raise _fail(str(exc)) from None


# --------------------------------------------------------------------------------------------
# new --kit
# --------------------------------------------------------------------------------------------


def kit_draft(name: str, output: Path) -> tuple[str, str]:
    """``(report kind, draft text)`` for ``new --kit NAME -o OUTPUT``; the configuration is the
    one that applies in OUTPUT's folder. Exits 2 with one line for a kit that cannot be used."""
    from incident_kit.errors import DraftError, InputError
    from incident_kit.drafting.kits import find_kit, instantiate

    start = output.parent if output.parent.is_dir() else Path.cwd()
    folders, policy_paths = _folders(start)
    try:
        kit = find_kit(name, folders)
        return instantiate(kit, _policy(policy_paths))
    except InputError as exc:
        raise _fail(str(exc)) from None
    except DraftError as exc:  # an organisation kit whose draft does not validate
        raise _fail("\n".join(exc.problems)) from None


# --------------------------------------------------------------------------------------------
# render --template
# --------------------------------------------------------------------------------------------


def render_with_template(name: str, report: Any, draft: str) -> str:
    """The Markdown of ``report`` through the organisation template ``name`` (a name from the
    template folders of the configuration that applies to the draft, or a template file)."""
    from incident_kit.drafting.sandbox import OrgTemplateError, find_template, render_template

    start = Path(draft).parent if draft != "-" else Path.cwd()
    folders, _ = _folders(start if start.is_dir() else Path.cwd())
    try:
        return render_template(find_template(name, folders), report)
    except OrgTemplateError as exc:
        raise _fail(str(exc)) from None


def bug_options(
    as_of: Optional[str],
    select: Optional[str],
    ignore: Optional[str],
    fail_on: Optional[str],
    ca_domain: List[str],
) -> tuple[Any, Any]:
    """The options ``lint --bug`` and ``preview --bug`` judge a bug with (command line over the
    configuration found from the working folder), and the config finder for its warnings."""
    from pathlib import Path

    from incident_kit import config as cfg
    from incident_kit.lint.bugs import BugLintOptions
    from incident_kit.lint.engine import ERROR, _selection
    from incident_kit.sources.bugzilla.session import ca_domains

    finder = cfg.ConfigFinder()
    try:
        config = finder.for_dir(Path.cwd()) or cfg.Config()
        parsed_select = cfg.parse_codes(select, "--select") if select is not None else None
        parsed_ignore = cfg.parse_codes(ignore, "--ignore") if ignore is not None else None
        options = BugLintOptions(
            selection=_selection(
                parsed_select if parsed_select is not None else config.select,
                parsed_ignore if parsed_ignore is not None else config.ignore,
            ),
            as_of=cfg.parse_as_of(as_of) if as_of is not None else None,
            fail_on=(cfg.parse_severity(fail_on) if fail_on is not None else None) or config.fail_on or ERROR,
            ca_domains=ca_domains(config.extra, ca_domain),
            config=dict(config.extra),
        )
    except cfg.ConfigError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    return options, finder
