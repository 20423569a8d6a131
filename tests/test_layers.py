"""The layering of incident_kit, checked on the import statements (stdlib ``ast``, no import of the
package itself): lower floors never reach up, and command modules never import each other.

* ``irg/`` (the IRG vocabulary, the ground floor) imports nothing of the project outside ``irg/``.
* Nothing in ``irg/``, ``document.py``, ``config.py``, ``text/``, ``sources/``, ``policy/`` or
  ``deadlines/`` imports ``rules/``, ``lint/``, ``drafting/`` or ``commands/``.
* ``rules/`` imports no ``sources/`` and no ``commands/``.
* ``drafting/`` imports no ``rules/``, ``lint/`` or ``commands/`` (the kits read ``config.py``).
* A module of ``commands/`` imports no other command module except ``commands/_shared``.

Every import counts, also those inside functions and under ``TYPE_CHECKING``: a lazy import is
still a dependency.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path
from typing import Iterator, NamedTuple

PACKAGE = "incident_kit"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

LOW = ("irg", "document", "config", "text", "sources", "policy", "deadlines")
"""Floors that hold data and reading: they know nothing of rules, lint runs, drafting or the CLI."""

GROUND = "irg"
"""The ground floor: it may import only itself (and the standard library)."""

FORBIDDEN: dict[str, tuple[str, ...]] = {
    **{low: ("rules", "lint", "drafting", "commands") for low in LOW},
    "rules": ("sources", "commands"),
    "drafting": ("rules", "lint", "commands"),
}

KNOWN_DEBT: dict[tuple[str, str], str] = {
    ("incident_kit/rules/ikb_bug/", "incident_kit.sources.markdown.kinds"): "IRG dates: go to irg/ (issue 12 step 3)",
    ("incident_kit/rules/ik0_input/", "incident_kit.sources.markdown.kinds"): "template per date: goes to irg/ (step 3)",
}
"""Imports that break the layering today, each with where it goes; the list only shrinks (a stale
entry fails :func:`test_the_known_debt_is_still_owed`)."""


def _owed(v: "Violation") -> bool:
    return any(v.path.startswith(path) and (v.imported + ".").startswith(target + ".") for path, target in KNOWN_DEBT)


class Violation(NamedTuple):
    path: str
    line: int
    imported: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.imported} ({self.why})"


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, root: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in ``path``; ``from X import y`` also yields
    ``X.y`` (``y`` may be a submodule)."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def _area(module: str) -> str:
    """The first-level room of a module: ``incident_kit.text.concepts`` -> ``text``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == PACKAGE else ""


def violations(root: Path = ROOT) -> list[Violation]:
    """Every import under ``root`` (the ``incident_kit`` folder) that breaks the layering."""
    found: list[Violation] = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        area = _area(module)
        rel = str(path.relative_to(root.parent))
        seen: set[tuple[int, str]] = set()
        for line, imported in _imports(path, root):
            if not imported.startswith(PACKAGE + ".") or (line, imported) in seen:
                continue
            seen.add((line, imported))
            target = _area(imported)
            if area == GROUND and target != GROUND:
                found.append(Violation(rel, line, imported, f"{GROUND}/ is the ground floor and imports only {GROUND}/"))
                continue
            if target in FORBIDDEN.get(area, ()):
                found.append(Violation(rel, line, imported, f"{area}/ may not import {target}/"))
            if area == "commands" and target == "commands" and module != f"{PACKAGE}.commands":
                parts = imported.split(".")
                if len(parts) > 2 and parts[2] != "_shared" and imported != module:
                    found.append(Violation(rel, line, imported, "command modules import only commands/_shared"))
    return found


def test_the_package_keeps_its_layers() -> None:
    found = [v for v in violations() if not _owed(v)]
    assert not found, "layering broken:\n" + "\n".join(map(str, found))


def test_the_known_debt_is_still_owed() -> None:
    found = violations()
    stale = [key for key in KNOWN_DEBT if not any(v.path.startswith(key[0]) and v.imported.startswith(key[1]) for v in found)]
    assert not stale, f"paid off, remove from KNOWN_DEBT: {stale}"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "rules/__init__.py": "",
            "rules/ik1.py": "X = 1\n",
            "text/__init__.py": "",
            "text/concepts.py": "import re\n",
            "policy/__init__.py": "",
            "policy/kb.py": "def f():\n    from incident_kit.rules import ik1\n    return ik1\n",
            "document.py": "from .lint import engine\n",
            "commands/__init__.py": "",
            "commands/_shared.py": "",
            "commands/a.py": "from incident_kit.commands._shared import X\n",
            "commands/b.py": "from incident_kit.commands import a\n",
            "irg/__init__.py": "from incident_kit.irg.kinds import X\n",
            "irg/kinds.py": "X = 1\n",
            "irg/templates.py": "from incident_kit.irg import kinds\nfrom incident_kit.text.normalise import norm\n",
        },
    )
    got = {(v.path, v.line, v.imported) for v in violations(root)}
    assert ("incident_kit/policy/kb.py", 2, "incident_kit.rules") in got  # a lazy import counts
    assert ("incident_kit/document.py", 1, "incident_kit.lint") in got  # relative import resolved
    assert ("incident_kit/commands/b.py", 1, "incident_kit.commands.a") in got
    assert ("incident_kit/irg/templates.py", 2, "incident_kit.text.normalise") in got  # irg/ stands on nothing
    assert not any(p in ("incident_kit/text/concepts.py", "incident_kit/commands/a.py", "incident_kit/irg/__init__.py")
                   for p, _, _ in got)
    assert ("incident_kit/irg/templates.py", 1, "incident_kit.irg.kinds") not in got


def test_the_checker_passes_an_allowed_tree(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "text/__init__.py": "from incident_kit import document\n",
            "document.py": "from incident_kit import irg\n",
            "irg/__init__.py": "from incident_kit.irg import kinds\n",
            "irg/kinds.py": "",
            "rules/ik1.py": "from incident_kit.text import concepts\nfrom incident_kit.lint import rule\n",
        },
    )
    assert violations(root) == []
