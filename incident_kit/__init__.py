"""incident-kit: draft, render and lint WebPKI CA incident reports (CCADB IRG) for Mozilla Bugzilla.

The library API (imported lazily, so ``import incident_kit`` stays cheap)::

    from incident_kit import load_draft, render, read_report, lint
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_draft": ("incident_kit.drafts", "load_draft"),
    "render": ("incident_kit.render", "render"),
    "read_report": ("incident_kit.reader", "read_report"),
    "lint": ("incident_kit.lint.engine", "lint_paths"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'incident_kit' has no attribute {name!r}")
