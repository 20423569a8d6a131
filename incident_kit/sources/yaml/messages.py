"""Validation problems of a YAML draft, one line each: ``file:line:column: field.path: message``.

pydantic's errors are turned into what a CA author can act on: a wrong value points at the value,
a missing key at its parent mapping; choices are listed (with the closest one suggested), N/A is
offered where the field accepts it, and a union that failed on every branch gives one message.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Optional, Union, get_args

from incident_kit.irg.templates import NOUNS as _REPORT_NOUN
from incident_kit.sources.yaml.loader import FieldPath, Position, SourceMap, format_path

def _unwrap_models(annotation: Any) -> list[type]:
    """The pydantic model classes inside an annotation (through Union, list, Annotated)."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type] = []
    for arg in get_args(annotation):
        found.extend(_unwrap_models(arg))
    return found


def _field_info(model: type, path: FieldPath) -> Any:
    """The pydantic FieldInfo for a field path in ``model`` (list positions skipped), or None."""
    current: Any = model
    info = None
    for part in path:
        if isinstance(part, int):
            continue
        models = _unwrap_models(current) if info is not None else [current]
        models = [m for m in models if part in m.model_fields]
        if not models:
            return None
        info = models[0].model_fields[part]
        current = info.annotation
    return info


def _model_at(model: type, path: FieldPath) -> Optional[type]:
    """The model class whose fields live at ``path`` (the report class for ``()``)."""
    if not [p for p in path if not isinstance(p, int)]:
        return model
    info = _field_info(model, path)
    models = _unwrap_models(info.annotation) if info is not None else []
    return models[0] if models else None


def _accepts_na(info: Any) -> bool:
    """True when the field is report text or explicitly allows ``N/A``."""
    from incident_kit import model as m

    def walk(annotation: Any) -> bool:
        if annotation == m.NotApplicable or annotation == m.Text:
            return True
        return any(walk(a) for a in get_args(annotation))

    if info is None:
        return False
    text_validators = get_args(m.Text)[1:]  # pydantic moves a field's own Annotated metadata here
    if any(meta in text_validators for meta in info.metadata):
        return True
    return walk(info.annotation)


def _split_loc(loc: tuple[Any, ...], data: Any, missing: bool) -> tuple[FieldPath, bool, Optional[FieldPath]]:
    """Separate a pydantic ``loc`` into the data path and the union branches it went through.

    Returns (path, went through the N/A branch, path at which a union branched or None)."""
    path: list[Union[str, int]] = []
    current = data
    na_branch = False
    union_at: Optional[FieldPath] = None
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and isinstance(part, str) and (part in current or (missing and last)):
            path.append(part)
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int):
            path.append(part)
            current = current[part] if 0 <= part < len(current) else None
        else:  # a union branch tag such as "list[LessonItem]" or "literal['N/A']"
            union_at = tuple(path)
            if str(part) == "literal['N/A']":
                na_branch = True
    return tuple(path), na_branch, union_at


def _quoted_choices(expected: str) -> list[str]:
    return re.findall(r"'((?:[^'\\]|\\.)*)'", expected)


def choice_message(value: Any, choices: list[str]) -> str:
    listed = ", ".join(choices)
    if isinstance(value, str):
        for choice in choices:
            if value.strip().lower() == choice.lower():
                return f"{value!r} is not spelled as the IRG spells it; write {choice!r} (allowed: {listed})"
        return f"{value!r} is not an allowed value; expected one of: {listed}"
    return f"expected one of: {listed} (found {yaml_type(value)})"


def yaml_type(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {value!r}"


def _expected(what: str, value: Any, or_na: bool) -> str:
    """``expected a whole number or N/A, found the text 'lots'``."""
    return f"expected {what}{' or N/A' if or_na else ''}, found {yaml_type(value)}"


def _describe(info: Any) -> str:
    return (getattr(info, "description", None) or "").strip().rstrip(".")


class Translator:
    """Turns the errors of one ``model_validate`` call into ``file:line:col: path: message``."""

    def __init__(self, model: type, kind: str, data: Any, smap: SourceMap, path: str) -> None:
        self.model = model
        self.kind = kind
        self.data = data
        self.smap = smap
        self.path = path

    def lines(self, errors: list[dict[str, Any]]) -> list[str]:
        na_unions = set()
        split = []
        for err in errors:
            fpath, na_branch, union_at = _split_loc(tuple(err["loc"]), self.data, err["type"] == "missing")
            if na_branch and union_at is not None:
                na_unions.add(union_at)
                continue
            split.append((err, fpath, union_at))
        out: list[tuple[Position, str]] = []
        seen: set[tuple[FieldPath, str]] = set()
        for err, fpath, union_at in split:
            if err["type"] == "none_required":
                continue  # the "or null" branch of an optional field
            or_na = union_at is not None and union_at in na_unions and union_at == fpath
            pos, message = self.message(err, fpath, or_na)
            if (fpath, message) in seen:
                continue
            seen.add((fpath, message))
            out.append((pos, f"{self.path}:{pos[0]}:{pos[1]}: {format_path(fpath)}: {message}"))
        return [line for _, line in sorted(out, key=lambda item: item[0])]  # top to bottom

    def message(self, err: dict[str, Any], fpath: FieldPath, or_na: bool) -> tuple[Position, str]:
        kind = err["type"]
        value = err.get("input")
        ctx = err.get("ctx") or {}
        info = _field_info(self.model, fpath)
        if kind == "missing":
            return self.smap.locate_parent(fpath), self._missing(info)
        if kind == "extra_forbidden":
            return self.smap.key(fpath) or self.smap.locate(fpath), self._extra(fpath)
        pos = self.smap.locate(fpath)
        if isinstance(value, dict) and self.smap.key(fpath):
            pos = self.smap.key(fpath) or pos  # a mapping spans lines: point at its key
        if kind in ("enum", "literal_error"):
            choices = _quoted_choices(str(ctx.get("expected", "")))
            return pos, choice_message(value, choices + (["N/A"] if or_na else []))
        return pos, self._value_message(kind, value, ctx, info, or_na, err)

    def _missing(self, info: Any) -> str:
        if _accepts_na(info):
            return "is missing; write N/A if it does not apply"
        desc = _describe(info)
        return "is missing" + (f"; expected: {desc}" if desc else "")

    def _extra(self, fpath: FieldPath) -> str:
        owner = _model_at(self.model, fpath[:-1])
        name = str(fpath[-1])
        nested = any(not isinstance(p, int) for p in fpath[:-1])
        where = format_path(fpath[:-1]) if nested else f"a {_REPORT_NOUN.get(self.kind, self.kind)}"
        if owner is None:
            return f"is not a field of {where}"
        names = list(owner.model_fields)
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else "expected one of: " + ", ".join(names)
        return f"is not a field of {where} ({hint})"

    def _value_message(
        self, kind: str, value: Any, ctx: dict[str, Any], info: Any, or_na: bool, err: dict[str, Any]
    ) -> str:
        if kind in ("value_error", "assertion_error"):
            text = str(ctx.get("error") or err["msg"])
            return text if not or_na or "N/A" in text else f"{text} (or write N/A)"
        if kind == "string_type":
            if value is None and _accepts_na(info):
                return "is empty; write the answer, or N/A if the field does not apply"
            if isinstance(value, (bool, int)):
                return f"expected text, but YAML reads {yaml_type(value)} here; put the value in quotes"
            return _expected("text", value, or_na)
        if kind in ("int_parsing", "int_type", "int_from_float"):
            return _expected("a whole number", value, or_na)
        if kind in ("greater_than_equal", "greater_than"):
            limit = ctx.get("ge", ctx.get("gt"))
            return f"must be at least {limit}" if kind == "greater_than_equal" else f"must be more than {limit}"
        if kind == "list_type":
            return _expected("a list (one '- ' line per item)", value, or_na)
        if kind in ("model_type", "dict_type", "model_attributes_type"):
            fields = _model_fields(ctx.get("class_name"))
            what = f"a mapping of the fields {fields}" if fields else "a mapping of fields"
            return _expected(f"{what} (one 'name: value' line each)", value, or_na)
        if kind == "too_short":
            n = ctx.get("min_length", 1)
            return "is empty; at least one entry is required" if n == 1 else f"needs at least {n} entries"
        if kind == "string_pattern_mismatch":
            desc = _describe(info)
            return f"{value!r} is not valid; expected: {desc}" if desc else f"{value!r} is not valid"
        if kind in ("bool_type", "bool_parsing"):
            return f"expected true or false, found {yaml_type(value)}"
        return str(err["msg"]) + (" (or write N/A)" if or_na else "")


def _model_fields(class_name: Any) -> str:
    """``bug_id, opened, description`` for a model class of incident_kit.model named ``class_name``."""
    from incident_kit import model

    cls = getattr(model, class_name, None) if isinstance(class_name, str) else None
    fields = getattr(cls, "model_fields", None)
    return ", ".join(fields) if isinstance(fields, dict) and fields else ""
