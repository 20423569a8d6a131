"""Output formats for lint results: text, json, jsonl, sarif, github.

Reporters only format; they never decide anything. Each takes the list of
:class:`~incident_kit.lint.engine.FileResult` and returns the whole output as one string. The JSON,
JSON Lines and SARIF shapes are a stable contract, documented in docs/output-format.md.

Standard library only.
"""

from __future__ import annotations

import json
import os
from typing import IO, Any, Callable, Optional, Sequence

from incident_kit import __version__, jsonout
from incident_kit.lint.engine import FileResult
from incident_kit.lint.rule import Finding, Rule, all_rules, report_rules

FORMATS = ("text", "json", "jsonl", "sarif", "github")
TOOL = "incident-kit"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "notice": "note"}
_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "notice": "\x1b[1;36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def use_colour(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR", "") != "":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def render(results: Sequence[FileResult], fmt: str, *, colour: bool = False, prepared: Optional["Prepared"] = None) -> str:
    """The whole output in format ``fmt`` (one of :data:`FORMATS`), with the pieces ``prepared``
    rendered while the lint ran (the output is the same without them)."""
    renderers: dict[str, Callable[[Sequence[FileResult]], str]] = {
        "jsonl": render_jsonl,
        "sarif": render_sarif,
        "github": render_github,
    }
    if fmt == "text":
        return render_text(results, colour=colour)
    if fmt == "json":
        return render_json(results, prepared)
    if fmt not in renderers:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return renderers[fmt](results)


class Prepared:
    """Pieces of one output, rendered file by file as the results come in (``lint_paths`` calls
    :meth:`add` with each file's results while the worker processes go on with the next files),
    so that rendering the whole output at the end mostly joins them. For ``json``: each file's
    entry of the ``files`` list. Other formats render everything at the end."""

    __slots__ = ("fmt", "_json")

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self._json: dict[int, tuple[FileResult, str]] = {}

    def add(self, results: Sequence[FileResult]) -> None:
        if self.fmt == "json":
            for r in results:
                self._json[id(r)] = (r, _file_json(r))

    def json_of(self, result: FileResult) -> str:
        """The entry of ``result`` in the ``files`` list (rendered now if it was not added)."""
        hit = self._json.get(id(result))
        return hit[1] if hit is not None and hit[0] is result else _file_json(result)


# --------------------------------------------------------------------------------------------
# Summary (shared by text and json).
# --------------------------------------------------------------------------------------------


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    """Counts of unsuppressed findings by severity, plus suppressed findings and files."""
    counts = {"files": len(results), "findings": 0, "error": 0, "warning": 0, "notice": 0, "suppressed": 0}
    for r in results:
        for f in r.findings:
            if f.suppressed:
                counts["suppressed"] += 1
            else:
                counts["findings"] += 1
                counts[f.severity.value] += 1
    return counts


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(results: Sequence[FileResult]) -> str:
    c = summary(results)
    files = _plural(c["files"], "file")
    if c["findings"] == 0:
        text = f"No findings in {files}."
    else:
        parts = [_plural(c[s], s) for s in ("error", "warning", "notice") if c[s]]
        text = f"Found {_plural(c['findings'], 'finding')} ({', '.join(parts)}) in {files}."
        fixable = sum(1 for r in results for f in r.visible if f.fix is not None)
        if fixable:
            text += f" {fixable} fixable with --fix."
    if c["suppressed"]:
        text += f" {c['suppressed']} suppressed."
    return text


# --------------------------------------------------------------------------------------------
# text
# --------------------------------------------------------------------------------------------


def location(path: str, f: Finding) -> str:
    """``path:line:col`` with the parts that are known."""
    loc = path
    if f.line is not None:
        loc += f":{f.line}"
        if f.column is not None:
            loc += f":{f.column}"
    return loc


def render_text(results: Sequence[FileResult], *, colour: bool = False) -> str:
    """``path:line:col: CODE [severity] message (citation)`` grouped by file, then a summary.
    Suppressed findings are hidden (counted in the summary)."""
    blocks = []
    for r in results:
        lines = [_text_line(r.path, f, colour) for f in r.visible]
        if r.lines is not None:
            # One of several reports in the file: say which lines it spans.
            lines.insert(0, f"{r.path}: lines {r.lines[0]}-{r.lines[1]}: {r.kind} report")
        if lines:
            blocks.append("\n".join(lines))
    summary_text = summary_line(results)
    if colour:
        summary_text = _BOLD + summary_text + _RESET
    return "\n\n".join(blocks + [summary_text]) + "\n"


def _text_line(path: str, f: Finding, colour: bool) -> str:
    severity = f"[{f.severity.value}]"
    code = f.code
    cite = f" ({'; '.join(f.citations)})" if f.citations else ""
    if colour:
        severity = _COLOURS[f.severity.value] + severity + _RESET
        code = _BOLD + code + _RESET
        cite = _DIM + cite + _RESET
    line = f"{location(path, f)}: {code} {severity} {_one_line(f.message)}{cite}"
    if f.suggestion:
        line += f"\n    help: {_one_line(f.suggestion)}"
    if f.fix is not None:
        line += f"\n    fix: {_one_line(f.fix.description)} (incident-kit lint --fix)"
    return line


def _one_line(text: str) -> str:
    """Messages are single lines in text output (line breaks become spaces)."""
    return " ".join(text.split()) if "\n" in text or "\r" in text else text


# --------------------------------------------------------------------------------------------
# json / jsonl
# --------------------------------------------------------------------------------------------


def to_json_document(results: Sequence[FileResult]) -> dict[str, Any]:
    return {
        "tool": TOOL,
        "version": __version__,
        "files": [r.to_dict() for r in results],
        "summary": summary(results),
    }


def render_json(results: Sequence[FileResult], prepared: Optional[Prepared] = None) -> str:
    """``to_json_document(results)`` as indented JSON, put together from each file's entry (the
    entries ``prepared`` holds are not rendered again): the same text as rendering the document
    in one go, since JSON strings hold no line break, so an entry rendered on its own only needs
    its lines indented by its depth (a test compares the two)."""
    if results:
        entries = [prepared.json_of(r) if prepared is not None else _file_json(r) for r in results]
        files = "[\n    " + ",\n    ".join(entries) + "\n  ]"
    else:
        files = "[]"
    return (
        "{\n"
        f'  "tool": {jsonout.dumps(TOOL)},\n'
        f'  "version": {jsonout.dumps(__version__)},\n'
        f'  "files": {files},\n'
        f'  "summary": {_indented(jsonout.dumps(summary(results)), 1)}\n'
        "}\n"
    )


def _file_json(result: FileResult) -> str:
    """One entry of the ``files`` list, indented for its depth (two levels)."""
    return _indented(jsonout.dumps(result.to_dict()), 2)


def _indented(text: str, level: int) -> str:
    """JSON text rendered at the top level, as it reads ``level`` levels deep (two spaces a level)."""
    return text.replace("\n", "\n" + "  " * level)


def render_jsonl(results: Sequence[FileResult]) -> str:
    """One finding per line, each with its ``path`` (suppressed ones included, flagged)."""
    lines = [
        json.dumps({"path": r.path, **f.to_dict()}, ensure_ascii=False) for r in results for f in r.findings
    ]
    return "".join(line + "\n" for line in lines)


# --------------------------------------------------------------------------------------------
# sarif
# --------------------------------------------------------------------------------------------


def render_sarif(results: Sequence[FileResult], rules: Optional[dict[str, Rule]] = None) -> str:
    return jsonout.dumps(to_sarif(results, rules)) + "\n"


def to_sarif(results: Sequence[FileResult], rules: Optional[dict[str, Rule]] = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: every rule's metadata and one result per finding. Bug-level
    rules (IKB) are listed only when a bug was linted: a file lint can never run them."""
    if rules is None:
        bugs = any(f.ref is not None for r in results for f in r.findings)
        rules = all_rules() if bugs else report_rules()
    index = {code: i for i, code in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [sarif_rule(r) for r in rules.values()],
                    }
                },
                "originalUriBaseIds": {
                    SRCROOT: {"description": {"text": "The folder incident-kit was run from; relative paths start there."}}
                },
                "results": [res for r in results for res in _sarif_results(r, index)],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def sarif_rule(r: Rule) -> dict[str, Any]:
    """A SARIF reportingDescriptor for ``r``; help and fullDescription come from its docstring."""
    first, _, rest = r.doc.partition("\n")
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": first.strip()},
        "help": {"text": r.doc, "markdown": r.doc},
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity.value]},
        "properties": {
            "tags": [r.family, *r.kinds],
            "citations": list(r.citations),
        },
    }


SRCROOT = "%SRCROOT%"
FINGERPRINT = "incidentKitFinding/v1"


def _sarif_results(r: FileResult, index: dict[str, int]) -> list[dict[str, Any]]:
    """One SARIF result per finding. ``partialFingerprints`` identify a finding across runs
    without its line number (which moves when text is added above it): the file, the code, the
    message and which occurrence of that message it is."""
    import hashlib

    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in r.findings:
        n = seen[(f.code, f.message)] = seen.get((f.code, f.message), 0) + 1
        result = _sarif_result(r.path, f, index)
        key = "\x1f".join((r.path.replace(os.sep, "/"), f.code, f.message, str(n)))
        result["partialFingerprints"] = {FINGERPRINT: hashlib.sha256(key.encode("utf-8")).hexdigest()}
        out.append(result)
    return out


def _sarif_result(path: str, f: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": _SARIF_LEVEL[f.severity.value],
        "message": {"text": f.message + (f" Help: {f.suggestion}" if f.suggestion else "")},
        "locations": [{"physicalLocation": _physical_location(path, f)}],
        "properties": {"citations": list(f.citations)},
    }
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    if f.suppressed:
        suppression: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
        if f.suppression_reason:
            suppression["justification"] = f.suppression_reason
        result["suppressions"] = [suppression]
    return result


def _physical_location(path: str, f: Finding) -> dict[str, Any]:
    loc: dict[str, Any] = {"artifactLocation": artifact_location(path)}
    if f.line is not None:
        region: dict[str, int] = {"startLine": f.line}
        if f.column is not None:
            region["startColumn"] = f.column
        loc["region"] = region
    return loc


def artifact_uri(path: str) -> str:
    """A URI for a path as shown: ``file:///...`` for an absolute path, else a relative URI
    reference (forward slashes, percent-encoded)."""
    if os.path.isabs(path):
        from pathlib import Path

        return Path(path).as_uri()
    from urllib.parse import quote  # SARIF only: not imported by a plain lint

    return quote(path.replace(os.sep, "/"), safe="/-._~")


def artifact_location(path: str) -> dict[str, Any]:
    """A SARIF artifactLocation: absolute paths as file URIs, relative ones against %SRCROOT%."""
    uri = artifact_uri(path)
    if uri.startswith("file:") or path.startswith("<"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SRCROOT}


# --------------------------------------------------------------------------------------------
# github
# --------------------------------------------------------------------------------------------


def render_github(results: Sequence[FileResult]) -> str:
    """GitHub Actions workflow commands: ``::error file=...,line=...,col=...,title=CODE name::message``."""
    out = []
    for r in results:
        for f in r.visible:
            props = [f"file={_gh_property(r.path)}"]
            if f.line is not None:
                props.append(f"line={f.line}")
                if f.column is not None:
                    props.append(f"col={f.column}")
            props.append(f"title={_gh_property(f'{f.code} {f.name}')}")
            cite = f" ({'; '.join(f.citations)})" if f.citations else ""
            out.append(f"::{f.severity.value} {','.join(props)}::{_gh_data(f.message + cite)}\n")
    return "".join(out)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")
