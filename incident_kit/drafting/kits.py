"""Incident-type starter kits: discovery, metadata and instantiation.

A kit is a folder with two files (format in docs/kits.md):

* ``kit.yaml``: ``title`` (one line), ``summary`` (a sentence or two) and ``clauses`` (the policy
  knowledge base ids the incident type breaks, e.g. ``MRSP 5.3.2``).
* ``draft.yaml``: a draft that validates against its report model, with ``<...>`` prompts where
  the CA writes, Relevant policies and whiteboard tags filled in, the timeline milestones of the
  incident type as prompts, root-cause questions of the type, and action-item suggestions of each
  Kind that meet the IK5 rules for the kit's clauses. The prompts keep ``incident-kit lint``
  failing (IK105) until every one is replaced.

Shipped kits live in ``templates/kits/<name>/``. A team adds its own in ``<folder>/kits/<name>/``
for each folder of ``template-paths`` in the configuration (``[tool.incident-kit]`` or
``.incident-kit.toml``, paths relative to that file); an organisation kit with the name of a
shipped kit replaces it. Kits are data, read with the safe YAML loader of :mod:`incident_kit.sources.yaml.loader`;
nothing in them is executed.

``instantiate(kit)`` returns the draft text with a header comment naming the kit and the
deadlines that apply (from the policy knowledge base: the clauses' own clocks and the IRG
reporting clocks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from incident_kit.errors import InputError
from incident_kit.irg import citations as cites

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.sources.yaml import LoadedDraft
    from incident_kit.config import Config
    from incident_kit.policy import PolicyBase

KIT_FILE = "kit.yaml"
DRAFT_FILE = "draft.yaml"
KITS_SUBDIR = "kits"
SHIPPED = "shipped"

KIT_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_KEYS = {"title": str, "summary": str, "clauses": list}

IRG_EXPECTED = cites.IRG3_EXPECTED
IRG_UPDATED = cites.IRG3_UPDATED
_IRG_CLOCKS = (
    (IRG_EXPECTED, "initial-report-72h"),
    (IRG_EXPECTED, "full-report-14d"),
    (IRG_UPDATED, "respond-7d"),
    (IRG_UPDATED, "update-7d"),
    (IRG_UPDATED, "action-item-change-3d"),
)
_REVOCATION_DELAY_CLOCK = (IRG_UPDATED, "revocation-delay-update-7d")


class KitError(InputError):
    """A kit that cannot be found or read; one line, exit code 2."""


@dataclass(frozen=True)
class Kit:
    """One starter kit: its metadata and where it lives."""

    name: str
    title: str
    summary: str
    clauses: tuple[str, ...]
    folder: Path
    origin: str  # "shipped", or the template folder it came from

    @property
    def draft_path(self) -> Path:
        return self.folder / DRAFT_FILE

    @property
    def metadata_path(self) -> Path:
        return self.folder / KIT_FILE


# --------------------------------------------------------------------------------------------
# Where kits are.
# --------------------------------------------------------------------------------------------


def shipped_kits_dir() -> Path:
    """``templates/kits`` of the installed package (or of the source checkout)."""
    from incident_kit._resources import templates_dir

    return templates_dir() / KITS_SUBDIR


def config_paths(config: Optional["Config"], key: str, folders_only: bool = True) -> list[Path]:
    """The folders (or, with ``folders_only`` false, files too) a configuration names under
    ``key`` (a string or a list of strings), relative to the configuration file. Raises
    ConfigError (file and key) for a wrong type or a path that does not exist."""
    from incident_kit.config import ConfigError

    if config is None or key not in config.extra:
        return []
    value = config.extra[key]
    where = f"{config.path}: {key}"
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise ConfigError(f"{where}: expected a list of paths, e.g. [\"incident-templates\"]")
    root = config.root or Path(".")
    folders = []
    for item in items:
        folder = Path(item) if Path(item).is_absolute() else root / item
        if not (folder.is_dir() or (not folders_only and folder.is_file())):
            what = "folder" if folders_only else "path"
            raise ConfigError(f"{where}: the {what} {str(folder)!r} does not exist")
        folders.append(folder)
    return folders


def config_for(start: Path) -> Optional["Config"]:
    """The configuration that applies in folder ``start`` (found upward, as for lint)."""
    from incident_kit.config import ConfigFinder

    return ConfigFinder().for_dir(start if start.is_dir() else Path("."))


def kit_roots(template_folders: Sequence[Path]) -> list[tuple[Path, str]]:
    """``(folder holding kit folders, origin)``, organisation folders first, shipped last."""
    roots = [(folder / KITS_SUBDIR, str(folder)) for folder in template_folders]
    return roots + [(shipped_kits_dir(), SHIPPED)]


# --------------------------------------------------------------------------------------------
# Reading kits.
# --------------------------------------------------------------------------------------------


def read_kit(folder: Path, origin: str = SHIPPED) -> Kit:
    """Read ``folder/kit.yaml``; raises :class:`KitError` (``file:line:col: message``) when it is
    missing, not YAML, or its values have the wrong shape."""
    from incident_kit.sources.yaml.loader import load_yaml
    from incident_kit.sources.files import read_text_file
    from incident_kit.errors import DraftError

    name = folder.name
    path = folder / KIT_FILE
    if not KIT_NAME_RE.match(name):
        raise KitError("a kit folder name is lower-case letters, digits and hyphens, e.g. late-audit-statement", str(folder))
    if not (folder / DRAFT_FILE).is_file():
        raise KitError(f"the kit has no {DRAFT_FILE}", str(folder))
    try:
        data, smap = load_yaml(read_text_file(path), str(path))
    except InputError as exc:
        raise KitError(exc.message, exc.path, exc.line, exc.column) from None
    except DraftError as exc:
        raise KitError(exc.problems[0].split(": ", 1)[-1], str(path)) from None
    if not isinstance(data, dict):
        raise KitError("expected a mapping with title, summary and clauses", str(path), 1)
    for key, value in data.items():
        line, column = smap.locate((key,))
        expected = _KEYS.get(key)
        if expected is None:
            raise KitError(f"{key}: unknown key; a kit has {', '.join(_KEYS)}", str(path), line, column)
        if not isinstance(value, expected) or (expected is list and not all(isinstance(v, str) for v in value)):
            shape = "a list of clause ids" if expected is list else "text"
            raise KitError(f"{key}: expected {shape}", str(path), line, column)
    missing = [k for k in _KEYS if not data.get(k)]
    if missing:
        raise KitError(f"missing or empty: {', '.join(missing)}", str(path), 1)
    return Kit(name, " ".join(data["title"].split()), " ".join(data["summary"].split()),
               tuple(data["clauses"]), folder, origin)


def discover(template_folders: Sequence[Path] = (), problems: Optional[list["KitError"]] = None) -> list[Kit]:
    """Every kit, sorted by name; an organisation kit hides a shipped kit of the same name (and an
    earlier template folder a later one). A broken kit raises :class:`KitError`, unless
    ``problems`` is given: it is then collected there and the other kits are still listed."""
    found: dict[str, Kit] = {}
    for root, origin in kit_roots(template_folders):
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            if folder.name not in found:
                try:
                    found[folder.name] = read_kit(folder, origin)
                except KitError as exc:
                    if problems is None:
                        raise
                    problems.append(exc)
    return [found[name] for name in sorted(found)]


def find_kit(name: str, template_folders: Sequence[Path] = ()) -> Kit:
    """The kit called ``name``; :class:`KitError` listing the kits that exist when there is none."""
    for root, origin in kit_roots(template_folders):
        if KIT_NAME_RE.match(name) and (root / name / KIT_FILE).is_file():
            return read_kit(root / name, origin)
    names = ", ".join(k.name for k in discover(template_folders))
    raise KitError(f"no kit {name!r}; the kits are: {names} (incident-kit kits)", name)


def load_kit_draft(kit: Kit) -> "LoadedDraft":
    """The kit's draft, validated (raises DraftError with ``file:line:col`` problems, or InputError)."""
    from incident_kit.sources.yaml import load

    return load(kit.draft_path)


# --------------------------------------------------------------------------------------------
# Deadlines and instantiation.
# --------------------------------------------------------------------------------------------


def check_clauses(kit: Kit, policy: "PolicyBase") -> None:
    """Every clause of the kit is in the knowledge base (:class:`KitError` at ``kit.yaml`` otherwise)."""
    for cid in kit.clauses:
        if policy.get(cid) is None:
            raise KitError(
                f"clauses: {cid!r} is not in the policy knowledge base (incident-kit policy list; "
                f"add your own clauses with policy-paths)",
                str(kit.metadata_path),
            )


def deadlines(kit: Kit, policy: "PolicyBase", revocation_delay: bool = False) -> list[tuple[str, str, str]]:
    """``(clause id, summary, limit)`` for the kit's clauses' own clocks, then the IRG reporting
    clocks (with the revocation-delay update clock when the draft's whiteboard carries the tag)."""
    check_clauses(kit, policy)
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(cid: str, deadline: Any) -> None:
        if (cid, deadline.id) not in seen:
            seen.add((cid, deadline.id))
            rows.append((cid, deadline.summary, deadline.limit_text))

    for cid in kit.clauses:
        clause = policy.get(cid)
        for d in clause.deadlines if clause else ():
            if d.start.event != d.end.event:
                add(cid, d)
    clocks = _IRG_CLOCKS + ((_REVOCATION_DELAY_CLOCK,) if revocation_delay else ())
    for cid, deadline_id in clocks:
        clause = policy.get(cid)
        for d in clause.deadlines if clause else ():
            if d.id == deadline_id:
                add(cid, d)
    return rows


def header(kit: Kit, rows: Iterable[tuple[str, str, str]]) -> str:
    """The comment block that starts a draft made from ``kit``."""
    lines = [
        f"# Started from the incident-kit kit {kit.name!r}: {kit.title}.",
        "# Deadlines that apply (details: incident-kit policy show \"ID\"):",
    ]
    lines += [f"#   - {cid}: {summary.rstrip('.')} ({limit})." for cid, summary, limit in rows]
    return "\n".join(lines) + "\n"


def instantiate(kit: Kit, policy: Optional["PolicyBase"] = None) -> tuple[str, str]:
    """``(report kind, draft text)`` for a new draft started from ``kit``: the header comment, then
    the kit's draft as written. The kit's draft is validated first."""
    from incident_kit.policy import load_policy

    loaded = load_kit_draft(kit)
    bug = getattr(loaded.model, "bug", None)
    delay = bool(bug is not None and bug.revocation_delay)
    rows = deadlines(kit, policy or load_policy(), revocation_delay=delay)
    return loaded.model.kind, header(kit, rows) + loaded.text
