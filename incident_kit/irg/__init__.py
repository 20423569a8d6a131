"""What the IRG and the report generations are: one vocabulary for the whole project.

* :mod:`.kinds`: the one ``ReportKind``, its groups (IRG3, WITH_TIMELINE, ...), the IRG versions
  and the dates they took effect;
* :mod:`.templates`: per kind, the sections (key, title), the labelled fields (key, template label,
  reader aliases), factor and lesson labels, legacy topics, Action Items / Appendix columns and the
  Closure sentence;
* :mod:`.citations` (+ ``citations.toml``): the catalogue of citable ids that ``@rule`` checks;
* :mod:`.severity`: the RFC 2119 mapping (MUST = error, SHOULD = warning, advice = notice);
* :mod:`.clocks`: the IRG reporting clocks (72 hours, 14 days, 7 days, 3 days) as data.

Nothing here imports any other part of the project (``tests/test_layers.py``); standard library only.
"""

from __future__ import annotations

from typing import Any

_FROM_TEMPLATES = frozenset(
    {"APPENDIX_COLUMNS", "APPENDIX_FIELDS", "CLOSURE_SENTENCE", "IRG2_ACTION_COLUMNS", "IRG3_ACTION_COLUMNS", "irg_at_least"}
)
__all__ = sorted(_FROM_TEMPLATES)


def __getattr__(name: str) -> Any:  # PEP 562: ``incident_kit.irg.kinds`` alone stays cheap for ``--help``
    if name in _FROM_TEMPLATES:
        from incident_kit.irg import templates

        return getattr(templates, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
