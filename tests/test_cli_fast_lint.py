"""The typer-free ``lint`` path gives what the typer command gives, and keeps pydantic out of a
Markdown lint (issue 9: a one-file lint as fast to start as its unavoidable imports)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from incident_kit.lint.cli_lint import parse

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/delayed-revocation-full.md"
PRELIM = "examples/profile-misissuance-preliminary.md"
DRAFT = "examples/profile-misissuance-full.yaml"

# Through main(): the fast path when it accepts the line, else typer.
VIA_MAIN = "import sys; sys.argv[0] = 'incident-kit'; from incident_kit.cli import main; main()"
# Always through typer's command machinery.
VIA_TYPER = "import sys; sys.argv[0] = 'incident-kit'; from incident_kit.cli import app; app(prog_name='incident-kit')"
# What a run imported, written at exit (after sys.exit).
MODULES_AT_EXIT = (
    "import atexit, sys; atexit.register(lambda: sys.stderr.write('\\nMODULES ' + json.dumps(sorted("
    "m for m in ('pydantic', 'typer', 'typer._adapters') if m in sys.modules))));"
    "import json; sys.argv[0] = 'incident-kit'; from incident_kit.cli import main; main()"
)

COMMAND_LINES = [
    ["lint", EXAMPLE],
    ["lint", EXAMPLE, PRELIM],
    ["lint", "--format", "json", EXAMPLE],
    ["lint", "-f", "jsonl", PRELIM],
    ["lint", "--format=sarif", PRELIM],
    ["lint", PRELIM, "--format", "github"],
    ["lint", "--format", "xml", PRELIM],
    ["lint", "--as-of", "2026-02-30", PRELIM],
    ["lint", "--as-of=2025-11-26", "--exit-zero", EXAMPLE],
    ["lint", "--whiteboard", "[ca-compliance] [leaf-revocation-delay]", "--title", "Late revocation", EXAMPLE],
    ["lint", "--select", "IK3,IK401", EXAMPLE],
    ["lint", "--select", "IK999", EXAMPLE],
    ["lint", "--ignore", "ik9", "--fail-on", "warning", EXAMPLE],
    ["lint", "--fail-on", "fatal", EXAMPLE],
    ["lint", "--exit-zero", "missing-file.md"],
    ["lint", "missing-file.md"],
    ["lint", "--", EXAMPLE],
    ["lint", "examples"],
    ["lint", DRAFT],
    ["lint", "--format", "json", "-"],
    # Lines the fast path hands to typer (it must still answer the same).
    ["lint"],
    ["lint", "--help"],
    ["lint", "--bogus", EXAMPLE],
    ["lint", "--format"],
    ["lint", "--format", "json", "--format", "text", EXAMPLE],
    ["lint", "-fjson", PRELIM],
    ["lint", "--title", "-x", EXAMPLE],
    ["lint", "--exit-zero=1", EXAMPLE],
]


def _run(code: str, argv: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *argv], input=stdin, capture_output=True, text=True, cwd=REPO, timeout=120)


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=lambda a: " ".join(a)[:60])
def test_fast_path_matches_typer(argv: list[str]) -> None:
    stdin = (REPO / PRELIM).read_text(encoding="utf-8") if "-" in argv else ""
    fast, slow = _run(VIA_MAIN, argv, stdin), _run(VIA_TYPER, argv, stdin)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert "Traceback" not in fast.stderr


def test_parse_accepts_plain_lines_and_refuses_the_rest() -> None:
    assert parse(["--as-of=2025-01-02", "a.md", "-f", "json", "--", "-b.md"]) == {
        "paths": ["a.md", "-b.md"],
        "fmt": "json",
        "exit_zero": False,
        "as_of": "2025-01-02",
    }
    for refused in ([], ["--help"], ["-h", "a.md"], ["a.md", "--x"], ["--title"], ["--title", "--select", "a.md"], ["--exit-zero", "--exit-zero", "a.md"]):
        assert parse(refused) is None, refused


def _modules(argv: list[str]) -> tuple[int, list[str]]:
    done = _run(MODULES_AT_EXIT, argv)
    marker = done.stderr.rsplit("MODULES ", 1)
    assert len(marker) == 2, done.stderr
    return done.returncode, json.loads(marker[1])


def test_markdown_lint_imports_neither_typer_nor_pydantic_and_help_no_pydantic() -> None:
    code, mods = _modules(["lint", EXAMPLE])
    assert code in (0, 1) and mods == [], mods
    code, mods = _modules(["lint", "--format", "json", "--as-of", "2025-11-26", EXAMPLE, PRELIM])
    assert code in (0, 1) and mods == [], mods
    code, mods = _modules(["--help"])
    assert code == 0 and "pydantic" not in mods and "typer" in mods, mods
    code, mods = _modules(["lint", "--bogus", EXAMPLE])  # handed to typer, which reports it
    assert code == 2 and "typer" in mods, mods


def test_the_typer_declaration_and_the_function_have_the_same_parameters_and_defaults() -> None:
    """The fast path calls commands.linting.lint with what it parsed and its defaults for the
    rest; typer calls it with its declared defaults. They must be the same."""
    import inspect

    from incident_kit.cli import app
    from incident_kit.commands import linting

    declared = next(c.callback for c in app.registered_commands if c.name == "lint")
    typer_side = {n: getattr(p.default, "default", p.default) for n, p in inspect.signature(declared).parameters.items()}
    plain = {n: p.default for n, p in inspect.signature(linting.lint).parameters.items()}
    assert list(typer_side) == list(plain)
    assert typer_side == plain


def test_a_yaml_draft_still_validates_with_pydantic() -> None:
    code, mods = _modules(["lint", DRAFT])
    assert code == 0 and "pydantic" in mods
