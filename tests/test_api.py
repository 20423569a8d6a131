"""The stable Python API of docs/api.md: ``lint_text``, ``load_draft``, ``render``, and a cheap
``import incident_kit``."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

import incident_kit
from conftest import REPO
from incident_kit.errors import DraftError


def test_import_is_light() -> None:
    code = (
        "import sys, incident_kit; heavy = [m for m in ('pydantic', 'jinja2', 'markdown_it', 'ruamel', 'typer', "
        "'incident_kit.lint.engine', 'incident_kit.rules') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_api_names_are_listed() -> None:
    assert {"lint_text", "load_draft", "render"} <= set(incident_kit.__all__) and {"lint_text", "load_draft", "render"} <= set(dir(incident_kit))
    with pytest.raises(AttributeError):
        incident_kit.no_such_function  # noqa: B018


def test_lint_text_on_a_report_and_on_a_draft() -> None:
    report = (REPO / "tests/rules/IK603/fire-done-and-in-progress.md").read_text(encoding="utf-8")
    result = incident_kit.lint_text(report, "r.md", kind="full", select=["IK603"], as_of=date(2026, 3, 1))
    assert [(f.code, f.line) for f in result.visible] == [("IK603", 8), ("IK603", 9)]
    assert result.path == "r.md" and result.kind == "full"
    assert all(f.fix is not None for f in result.visible)

    draft = (REPO / "tests/rules/IK004/fire-action-kind-and-status-variants.yaml").read_text(encoding="utf-8")
    as_draft = incident_kit.lint_text(draft, "d.yaml")
    assert {f.code for f in as_draft.visible} == {"IK004"} and {f.line for f in as_draft.visible} == {21, 30}
    assert {f.code for f in incident_kit.lint_text(draft).visible} == {"IK004"}  # recognised by its first key
    assert incident_kit.lint_text("", "empty.md").visible[0].code == "IK002"


def test_load_draft_from_a_file_and_from_text() -> None:
    path = REPO / "examples" / "profile-misissuance-closure.yaml"
    model = incident_kit.load_draft(str(path))
    assert model.kind == "closure" and len(model.action_items) == 5
    same = incident_kit.load_draft(path.read_text(encoding="utf-8"), path="closure.yaml")
    assert same == model
    bad = (REPO / "tests/rules/IK004/fire-action-kind-and-status-variants.yaml").read_text(encoding="utf-8")
    with pytest.raises(DraftError) as err:
        incident_kit.load_draft(bad, path="bad.yaml")
    assert any(p.startswith("bad.yaml:21:") for p in err.value.problems)


def test_render_gives_the_posted_markdown() -> None:
    model = incident_kit.load_draft(str(REPO / "examples" / "profile-misissuance-closure.yaml"))
    markdown = incident_kit.render(model)
    assert markdown == (REPO / "examples" / "profile-misissuance-closure.md").read_text(encoding="utf-8")
    with pytest.raises(TypeError):
        incident_kit.render({"kind": "full"})
    from incident_kit.drafting.render import RenderError

    assert incident_kit.RenderError is RenderError


def test_render_stays_the_function_once_the_renderer_module_is_imported() -> None:
    code = (
        "import incident_kit, incident_kit.drafting.render as m; from incident_kit import load_draft;"
        "print(incident_kit.render(load_draft('examples/profile-misissuance-closure.yaml')).splitlines()[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("##")
