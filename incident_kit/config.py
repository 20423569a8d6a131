"""Lint configuration: rule selection and ``[tool.incident-kit]`` / ``.incident-kit.toml`` files.

The configuration file is found upward from each linted file: in every directory, from the file's
own up to the root, ``.incident-kit.toml`` is tried first, then a ``pyproject.toml`` that has a
``[tool.incident-kit]`` table. The nearest one wins; files are not merged. Command-line flags win
over the file.

Keys (all optional)::

    select = ["IK"]                 # code prefixes to run: "IK", "IK3", "IK30", "IK301"
    ignore = ["IK903"]              # code prefixes not to run
    fail-on = "error"               # error | warning | notice
    as-of = "2026-05-01"            # the date rules are judged at (a TOML date or a YYYY-MM-DD string)
    whiteboard = "[ca-compliance]"  # the bug's whiteboard, for reports that do not carry it
    bugzilla-url = "https://bugzilla.mozilla.org/rest/"  # for lint --bug, fetch, review
    ca-domains = ["example-ca.test"]  # addresses whose comments are the CA's (lint --bug, review)
    [per-file-ignores]              # (in pyproject: [tool.incident-kit.per-file-ignores])
    "old/*.md" = ["IK1", "IK301"]   # glob, relative to the config file's folder -> code prefixes

Keys that other parts of incident-kit read (``policy-paths``, ``template-paths``...) are accepted and
kept in :attr:`Config.extra`; an unknown key is reported as a warning, never an error. A value of the
wrong type is a :class:`ConfigError` (exit 2) naming the file and the key.

Standard library only.
"""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Optional

from incident_kit.irg.severity import NAMES as SEVERITY_NAMES
from incident_kit.irg.severity import Severity
from incident_kit.irg.severity import parse as parse_name

CONFIG_FILE = ".incident-kit.toml"
PYPROJECT = "pyproject.toml"

PREFIX_RE = re.compile(r"^IK(\d{0,3}|B\d{0,2})$")

# Keys read by other parts of incident-kit: accepted silently and kept in Config.extra.
EXTERNAL_KEYS = frozenset(
    {"policy-paths", "template-paths", "kit-paths", "ca-owner", "wording-paths", "bugzilla-url", "ca-domains"}
)
_OWN_KEYS = frozenset({"select", "ignore", "per-file-ignores", "fail-on", "as-of", "whiteboard"})


class ConfigError(Exception):
    """A configuration file or option that cannot be used. ``str(err)`` is one line; exit code 2."""


class UsageError(ConfigError):
    """A command-line option with a malformed value (exit code 2)."""


# --------------------------------------------------------------------------------------------
# Rule selection.
# --------------------------------------------------------------------------------------------


def parse_codes(value: str | Iterable[str], where: str = "--select") -> tuple[str, ...]:
    """Split ``"IK3, IK401"`` (or a list of such strings) into validated code prefixes.

    Raises :class:`UsageError` naming ``where`` when an entry is not ``IK`` plus up to three digits."""
    items = [value] if isinstance(value, str) else list(value)
    codes: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise UsageError(f"{where}: expected rule codes as strings, got {item!r}")
        for part in re.split(r"[,\s]+", item.strip()):
            if not part:
                continue
            code = part.upper()
            if not PREFIX_RE.match(code):
                raise UsageError(
                    f"{where}: {part!r} is not a rule code or prefix (IK, IK3, IK30, IK301, IKB or IKB01)"
                )
            codes.append(code)
    return tuple(dict.fromkeys(codes))


@dataclass(frozen=True)
class Selection:
    """Which rule codes run. The most specific matching prefix decides (``select IK3`` with
    ``ignore IK301`` runs IK3 except IK301; ``ignore IK3`` with ``select IK301`` runs only IK301 of
    the family); on a tie, ignore wins."""

    select: tuple[str, ...] = ("IK",)
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        return _enabled(self.select, self.ignore, code)

    def without(self, codes: Iterable[str]) -> "Selection":
        """This selection with ``codes`` (prefixes) ignored as well."""
        extra = tuple(codes)
        return Selection(self.select, self.ignore + extra) if extra else self


@lru_cache(maxsize=8192)  # asked for every rule of every file with the same few selections
def _enabled(select: tuple[str, ...], ignore: tuple[str, ...], code: str) -> bool:
    chosen = _longest_prefix(code, select)
    return chosen >= 0 and chosen > _longest_prefix(code, ignore)


def _longest_prefix(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def parse_severity(value: str, where: str = "--fail-on") -> Severity:
    """``"error"``, ``"warning"`` or ``"notice"`` -> :class:`Severity`; UsageError otherwise."""
    found = parse_name(str(value))
    if found is None:
        raise UsageError(f"{where}: {value!r} is not one of {', '.join(SEVERITY_NAMES)}")
    return found


def parse_as_of(value: Any, where: str = "--as-of") -> date:
    """A ``YYYY-MM-DD`` string (or a TOML date) -> date; UsageError otherwise."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(f"{where}: {value!r} is not a date in the form YYYY-MM-DD")


# --------------------------------------------------------------------------------------------
# Configuration files.
# --------------------------------------------------------------------------------------------


@dataclass
class Config:
    """One configuration file's settings (None: not set there)."""

    path: Optional[Path] = None  # the file it came from
    select: Optional[tuple[str, ...]] = None
    ignore: Optional[tuple[str, ...]] = None
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: Optional[Severity] = None
    as_of: Optional[date] = None
    whiteboard: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)  # keys owned by other commands
    warnings: list[str] = field(default_factory=list)  # e.g. unknown keys

    @property
    def root(self) -> Optional[Path]:
        """The folder per-file-ignores globs are relative to."""
        return self.path.parent if self.path is not None else None

    def ignores_for(self, file: Path) -> tuple[str, ...]:
        """The codes per-file-ignores turns off for ``file``."""
        if not self.per_file_ignores or self.root is None:
            return ()
        rel = _relative_posix(file, self.root)
        codes: list[str] = []
        for pattern, pattern_codes in self.per_file_ignores.items():
            if _glob_match(rel, pattern):
                codes.extend(pattern_codes)
        return tuple(codes)


def _relative_posix(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.resolve().as_posix()


def _glob_match(rel: str, pattern: str) -> bool:
    """fnmatch on the path relative to the config folder; a pattern without ``/`` also matches the
    file name alone, and ``**/`` may match no folder at all."""
    pattern = pattern.strip().removeprefix("./")
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    if pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:]):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(PurePosixPath(rel).name, pattern)


def load_config_file(path: Path) -> Optional[Config]:
    """Read ``path`` (``.incident-kit.toml`` or ``pyproject.toml``). None when it is a pyproject
    without a ``[tool.incident-kit]`` table. Raises ConfigError on bad TOML or bad values."""
    import tomllib

    try:
        raw = path.read_bytes().decode("utf-8")
        data = tomllib.loads(raw)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_error(path, exc)) from None
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("incident-kit")
        if table is None:
            return None
        prefix = "tool.incident-kit."
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {prefix.rstrip('.') or 'configuration'}: expected a table")
    return _config_from_table(path, table, prefix)


def _toml_error(path: Path, exc: Exception) -> str:
    """tomllib says "... (at line 3, column 7)": turn it into ``path:3:7: invalid TOML: ...``."""
    msg = str(exc)
    m = re.search(r"(?<!\s)\s*\(at line (\d+), column (\d+)\)$", msg)
    if m:
        return f"{path}:{m.group(1)}:{m.group(2)}: invalid TOML: {msg[: m.start()]}"
    return f"{path}: invalid TOML: {msg}"


def _config_from_table(path: Path, table: dict[str, Any], prefix: str) -> Config:
    cfg = Config(path=path)

    def where(key: str) -> str:
        return f"{path}: {prefix}{key}"

    try:
        for key, value in table.items():
            if key in ("select", "ignore"):
                setattr(cfg, key, parse_codes(_string_list(value, where(key)), where(key)))
            elif key == "per-file-ignores":
                cfg.per_file_ignores = _per_file_ignores(value, where(key))
            elif key == "fail-on":
                cfg.fail_on = parse_severity(_string(value, where(key)), where(key))
            elif key == "as-of":
                cfg.as_of = parse_as_of(value, where(key))
            elif key == "whiteboard":
                cfg.whiteboard = _string(value, where(key))
            elif key in _PATH_KEYS:
                cfg.extra[key] = _paths(value, path.parent, where(key))
            else:
                cfg.extra[key] = value
                if key not in EXTERNAL_KEYS:
                    cfg.warnings.append(f"{where(key)}: unknown key (ignored)")
    except UsageError as exc:
        raise ConfigError(str(exc)) from None
    return cfg


_PATH_KEYS = frozenset({"policy-paths", "template-paths", "kit-paths", "wording-paths"})


def _paths(value: Any, base: Path, where: str) -> list[str]:
    """A list of folders or files, relative to the configuration file that names them."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: expected a list of paths, e.g. [\"policy\"]")
    return [str((base / v).resolve()) for v in value]


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{where}: expected a string, got {type(value).__name__}")
    return value


def _string_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise UsageError(f"{where}: expected a list of rule codes, e.g. [\"IK3\", \"IK401\"]")


def _per_file_ignores(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise UsageError(f"{where}: expected a table of glob = [codes]")
    return {
        str(glob): parse_codes(_string_list(codes, f"{where}.{glob}"), f"{where}.{glob}")
        for glob, codes in value.items()
    }


class ConfigFinder:
    """Finds (and caches, per folder) the configuration that applies to a file."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, Optional[Config]] = {}
        self._by_parent: dict[str, Optional[Config]] = {}  # absolute, unresolved folder of a regular file

    def for_file(self, file: Path) -> Optional[Config]:
        import os
        import stat

        # A regular file that is not a link lies in the real folder of its parent: one answer per
        # folder as written, without resolving every file of a folder of reports again.
        try:
            regular = stat.S_ISREG(os.lstat(file).st_mode) and file.name not in ("", ".", "..")
        except (OSError, ValueError):
            regular = False
        if regular:
            key = os.path.abspath(file.parent)
            if key not in self._by_parent:
                self._by_parent[key] = self.for_dir(file.parent)
            return self._by_parent[key]
        start = file.resolve()
        return self.for_dir(start.parent if not start.is_dir() else start)

    def for_dir(self, folder: Path) -> Optional[Config]:
        folder = folder.resolve()
        if folder in self._by_dir:
            return self._by_dir[folder]
        found = self._here(folder)
        if found is None and folder.parent != folder:
            found = self.for_dir(folder.parent)
        self._by_dir[folder] = found
        return found

    def warnings(self) -> list[str]:
        """Warnings (unknown keys) of every configuration file found so far, each once."""
        seen: dict[Path, Config] = {c.path: c for c in self._by_dir.values() if c is not None and c.path}
        return [w for path in sorted(seen) for w in seen[path].warnings]

    @staticmethod
    def _here(folder: Path) -> Optional[Config]:
        for name in (CONFIG_FILE, PYPROJECT):
            candidate = folder / name
            if candidate.is_file():
                cfg = load_config_file(candidate)
                if cfg is not None:
                    return cfg
        return None
