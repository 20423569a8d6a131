"""JSON Schemas for YAML drafts, generated from the pydantic models.

One schema per report kind (``full``, ``preliminary``, ``closure``, ``irg2``, ``irg2-audit``,
``legacy``) plus ``draft``, which accepts any of them (``oneOf`` on ``kind``). The output is
draft-07 so that editors (yaml-language-server) and ordinary validators can use it:

* pydantic's ``$defs`` become ``definitions`` and every ``$ref`` follows;
* a ``$ref`` with sibling keywords (draft-07 ignores those) is wrapped in ``allOf`` so that the
  field's description still shows on hover;
* ``$schema``, ``$id`` and ``title`` are set; definitions are sorted, properties keep the model's
  order (the order an editor offers completions in).

The committed files live in ``schemas/`` (``<kind>.schema.json``); a test fails when they are
stale. Regenerate them with ``incident-kit schema --write schemas``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from incident_kit.irg.kinds import DRAFT_KINDS, IRG3, KIND_LEGACY
from incident_kit.irg.templates import TITLES

DRAFT07 = "http://json-schema.org/draft-07/schema#"
ID_BASE = "https://incident-kit.invalid/schemas/"
"""Base of the schemas' ``$id``: a name, not a location (``.invalid`` never resolves)."""

KINDS = DRAFT_KINDS
ALL_SCHEMAS = (*KINDS, "draft")

_GENERATION = {KIND_LEGACY: "legacy 7-topic incident report"}
_TITLES = {
    **{k: f"incident-kit draft: {_GENERATION.get(k) or ('IRG 3.x ' if k in IRG3 else 'IRG 2.0 ') + TITLES[k]}" for k in DRAFT_KINDS},
    "draft": "incident-kit draft: any report kind (chosen by 'kind')",
}

REGENERATE_COMMAND = "incident-kit schema --write schemas"


def schema_filename(name: str) -> str:
    """``full`` -> ``full.schema.json``."""
    return f"{name}.schema.json"


def _to_draft07(node: Any) -> Any:
    """Rename ``$defs`` references and wrap ``$ref`` with siblings in ``allOf`` (recursively)."""
    if isinstance(node, list):
        return [_to_draft07(n) for n in node]
    if not isinstance(node, dict):
        if isinstance(node, str) and node.startswith("#/$defs/"):
            return "#/definitions/" + node[len("#/$defs/") :]
        return node
    out = {("definitions" if k == "$defs" else k): _to_draft07(v) for k, v in node.items()}
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    return out


def _raw_schema(name: str) -> dict[str, Any]:
    from pydantic import TypeAdapter

    from incident_kit.model import REPORT_MODELS, Report

    if name == "draft":
        return TypeAdapter(Report).json_schema(mode="validation")
    if name not in REPORT_MODELS:
        raise KeyError(f"unknown report kind {name!r}; expected one of: {', '.join(ALL_SCHEMAS)}")
    return REPORT_MODELS[name].model_json_schema(mode="validation")


def build_schema(name: str) -> dict[str, Any]:
    """The draft-07 JSON Schema for one kind, or ``draft`` for all kinds."""
    body = _to_draft07(_raw_schema(name))
    definitions = body.pop("definitions", {})
    body.pop("title", None)
    head: dict[str, Any] = {
        "$schema": DRAFT07,
        "$id": ID_BASE + schema_filename(name),
        "title": _TITLES[name],
    }
    if "description" not in body:
        head["description"] = "A YAML draft for incident-kit (`incident-kit new`, `incident-kit render`)."
    schema = {**head, **body}
    if definitions:
        schema["definitions"] = {k: definitions[k] for k in sorted(definitions)}
    return schema


def schema_text(name: str) -> str:
    """The schema as the committed file holds it (2-space indent, trailing newline)."""
    return json.dumps(build_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: str | Path) -> list[Path]:
    """Write every schema into ``directory`` (created if needed); return the files written."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ALL_SCHEMAS:
        path = target / schema_filename(name)
        text = schema_text(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        written.append(path)
    return written


def check_schemas(directory: str | Path) -> list[str]:
    """The schema files in ``directory`` that are missing or differ from the model (names)."""
    target = Path(directory)
    stale = []
    for name in ALL_SCHEMAS:
        path = target / schema_filename(name)
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != schema_text(name):
            stale.append(path.name)
    return stale
