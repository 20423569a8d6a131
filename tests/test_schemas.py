"""JSON Schemas: committed files are fresh, draft-07 tools can use them, they agree with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

from incident_kit.sources.yaml.loader import load_yaml  # noqa: E402
from incident_kit.schema import (  # noqa: E402
    ALL_SCHEMAS,
    DRAFT07,
    REGENERATE_COMMAND,
    build_schema,
    check_schemas,
    schema_filename,
    schema_text,
    write_schemas,
)

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"
FIXTURES = Path(__file__).parent / "fixtures" / "drafts"
SCAFFOLDS = REPO / "templates" / "scaffold"
EXAMPLES = REPO / "examples"

VALID_DRAFTS = sorted(
    [p for p in FIXTURES.glob("*.yaml") if not p.name.startswith("invalid")]
    + list(SCAFFOLDS.glob("*.yaml"))
    + list(EXAMPLES.glob("**/*.yaml"))
)


def validator(name: str) -> "jsonschema.Draft7Validator":
    schema = json.loads((SCHEMAS / schema_filename(name)).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def test_committed_schemas_are_fresh():
    stale = check_schemas(SCHEMAS)
    assert not stale, f"schemas/ is out of date ({', '.join(stale)}); regenerate with: {REGENERATE_COMMAND}"


def test_check_reports_a_stale_or_missing_file(tmp_path):
    write_schemas(tmp_path)
    assert check_schemas(tmp_path) == []
    (tmp_path / "full.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "legacy.schema.json").unlink()
    assert check_schemas(tmp_path) == ["full.schema.json", "legacy.schema.json"]


def test_generation_is_deterministic():
    assert schema_text("draft") == schema_text("draft")
    assert list(build_schema("full")["definitions"]) == sorted(build_schema("full")["definitions"])


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_schemas_are_valid_draft07_without_pydantic_leftovers(name):
    schema = build_schema(name)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT07
    assert schema["$id"].endswith(f"/{schema_filename(name)}")
    assert schema["title"]
    text = json.dumps(schema)
    assert "$defs" not in text
    assert all(ref.startswith("#/definitions/") for ref in _refs(schema))


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_ref_with_description_keeps_the_description_for_editors():
    bug = build_schema("full")["properties"]["bug"]
    assert bug["allOf"] == [{"$ref": "#/definitions/BugMetadata"}]
    assert "Bugzilla" in bug["description"]


@pytest.mark.parametrize("path", VALID_DRAFTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_valid_draft_validates_against_its_kind_and_the_combined_schema(path):
    data, _ = load_yaml(path.read_text(encoding="utf-8"), str(path))
    for name in (data["kind"], "draft"):
        errors = [e.message for e in validator(name).iter_errors(data)]
        assert errors == [], (name, errors)


def test_an_invalid_draft_fails_schema_validation():
    data, _ = load_yaml((FIXTURES / "invalid-full.yaml").read_text(encoding="utf-8"))
    messages = {tuple(e.absolute_path): e.message for e in validator("full").iter_errors(data)}
    assert ("summary", "ccadb_id") in messages
    assert ("action_items", 0, "status") in messages
    assert "'Done' is not one of" in messages[("action_items", 0, "status")]
    assert not validator("draft").is_valid(data)


@pytest.mark.parametrize(
    "old, new",
    [
        ("  source: Self Reported", "  source: Self-Reported"),
        ("    due_date: 2025-04-01", "    due_date: 2025-04-01 10:00 UTC"),
        ("  - at: 2025-02-20 08:15 UTC", "  - at: 2025-02-20 08:15"),
        ("  total_certificates: 12", "  total_certificates: twelve"),
        ("kind: full", "kind: ful"),
    ],
)
def test_schema_refuses_what_the_model_refuses(old, new):
    text = (FIXTURES / "full.yaml").read_text(encoding="utf-8").replace(old, new, 1)
    data, _ = load_yaml(text)
    assert not validator("full").is_valid(data)
    assert not validator("draft").is_valid(data)


def test_whiteboard_as_one_string_is_valid_in_schema_and_model():
    data, _ = load_yaml((FIXTURES / "preliminary.yaml").read_text(encoding="utf-8"))
    assert isinstance(data["bug"]["whiteboard"], str)
    assert validator("preliminary").is_valid(data)
