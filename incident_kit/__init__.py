"""incident-kit: draft, render and lint WebPKI CA incident reports (CCADB IRG) for Mozilla Bugzilla.

The stable library API (docs/api.md), imported lazily so that ``import incident_kit`` stays cheap::

    from incident_kit import lint_text, load_draft, render

    result = lint_text(open("report.md").read(), "report.md", as_of=date(2026, 5, 1))
    for finding in result.findings: ...
    markdown = render(load_draft("draft.yaml"))

Also available: ``read_report`` (a posted report to a Document). Files and folders: ``incident_kit.lint.engine.lint_paths``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "lint_text": ("incident_kit.lint.engine", "lint_text"),
    "load_draft": ("incident_kit.sources.yaml", "load_draft"),
    "render": ("incident_kit.drafting.render", "render"),
    "RenderError": ("incident_kit.drafting.render", "RenderError"),
    "read_report": ("incident_kit.sources.markdown", "read_report"),
}

__all__ = ["__version__", *_LAZY]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'incident_kit' has no attribute {name!r}")
