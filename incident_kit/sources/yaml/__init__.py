"""YAML drafts in: load (safe, with a source map), validate (one line per problem), and the Document.

* :mod:`.loader`: the safe composer (parse events -> plain values) and the :class:`SourceMap`;
* :mod:`.messages`: pydantic errors -> ``file:line:column: field.path: message``;
* :mod:`.to_document`: a loaded draft -> :class:`~incident_kit.document.Document`.

This module is the YAML source's front door: :func:`load_draft` (the model), :func:`load` (the
model with its text and source map) and :func:`read_draft` (the Document the linter reads). The
file must be UTF-8 (a leading byte-order mark is accepted and dropped); it is read by
:mod:`incident_kit.sources.files`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from incident_kit import limits
from incident_kit.errors import DraftError, InputError
from incident_kit.sources import files
from incident_kit.sources.yaml.loader import SourceMap, load_yaml
from incident_kit.sources.yaml.messages import Translator, choice_message, yaml_type

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

    from incident_kit.document import Document


@dataclass
class LoadedDraft:
    """A validated draft with everything read on the way: text, plain data and source map."""

    path: str
    text: str
    data: dict[str, Any]
    smap: SourceMap
    model: Any


def _kind_of(data: dict[str, Any], smap: SourceMap, path: str) -> str:
    from incident_kit.model import REPORT_MODELS

    kinds = list(REPORT_MODELS)
    if "kind" not in data:
        line, column = smap.root
        raise DraftError([f"{path}:{line}:{column}: kind: is missing; expected one of: {', '.join(kinds)}"])
    kind = data["kind"]
    if kind not in REPORT_MODELS:
        line, column = smap.locate(("kind",))
        raise DraftError([f"{path}:{line}:{column}: kind: {choice_message(kind, kinds)}"])
    return kind


def _read_source(source: Union[str, Path], path: Optional[str]) -> tuple[str, str]:
    if path is not None:
        return str(source).removeprefix("\ufeff"), path
    data, shown = files.read_bytes(source)
    return files.decode(data, shown), shown


def load(source: Union[str, Path], path: Optional[str] = None) -> LoadedDraft:
    """Read and validate a draft; see :func:`load_draft`. Keeps the text and source map."""
    from pydantic import ValidationError

    from incident_kit.model import REPORT_MODELS

    text, shown = _read_source(source, path)
    limits.check(text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text, shown, tables=False)
    try:
        data, smap = load_yaml(text, shown)
    except (InputError, DraftError):
        if _looks_like_posted_report(text, shown):
            raise InputError(
                "looks like a posted report (Markdown or text), not a YAML draft; "
                f"`incident-kit parse {shown} -o draft.yaml` reads it into a draft, `incident-kit lint` checks it as it is",
                shown,
            ) from None
        raise
    if data is None:
        raise InputError("the draft is empty; it should start with a line such as 'kind: full'", shown)
    if not isinstance(data, dict):
        line, column = smap.root
        raise InputError(
            f"the draft must be a mapping of fields ('kind: full', 'bug: ...'), not {yaml_type(data)}",
            shown,
            line,
            column,
        )
    kind = _kind_of(data, smap, shown)
    model_cls = REPORT_MODELS[kind]
    try:
        model = model_cls.model_validate(data)
    except ValidationError as exc:
        translator = Translator(model_cls, kind, data, smap, shown)
        raise DraftError(translator.lines(exc.errors(include_url=False))) from None
    return LoadedDraft(shown, text, data, smap, model)


_REPORT_START_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+\S|[-*+]\s+\*\*[^*]+:?\*\*|\*\*[^*]+:\*\*)")


def _looks_like_posted_report(text: str, shown: str) -> bool:
    """A report file given where a draft is expected: a Markdown suffix, or a first content line
    that is a heading or a bold label (no YAML draft starts so)."""
    if Path(shown).suffix.lower() in (".md", ".markdown", ".txt"):
        return True
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("# ")), "")
    return bool(_REPORT_START_RE.match(first)) and ":" not in first.split("**")[0]


def load_draft(source: Union[str, Path], path: Optional[str] = None) -> "BaseModel":
    """Load a YAML draft into its report model (chosen by ``kind``).

    ``load_draft("draft.yaml")`` reads the file; ``load_draft(text, path="draft.yaml")`` takes the
    text itself (``path`` is then only used in messages). Raises :class:`InputError` when the input
    cannot be used (unreadable, not UTF-8, YAML syntax, not a mapping) and :class:`DraftError`
    with one ``file:line:column: field.path: message`` line per problem otherwise."""
    return load(source, path).model


def read_draft(source: Union[str, Path], path: Optional[str] = None) -> "Document":
    """Load a YAML draft (same arguments and errors as :func:`load_draft`) and return the
    :class:`~incident_kit.document.Document` the linter reads: kind, bug metadata, sections at the
    lines of their top-level keys, fields, timeline, factors, lessons, action items, related
    incidents and appendix rows, each value as the rendered report shows it."""
    from incident_kit.sources.yaml.to_document import document_from

    return document_from(load(source, path))
