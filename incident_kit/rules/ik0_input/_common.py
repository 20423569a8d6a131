"""Helpers, constants and patterns the ik0_input rules share (or other modules use)."""

from __future__ import annotations

from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import KIND_CLOSURE, KIND_FULL, KIND_PRELIMINARY
from incident_kit.irg.templates import TITLES


_FORMAT = cites.IRG3_FORMAT
_TEMPLATES = cites.IRG3_TEMPLATES
_FIELDS = cites.IRG3_FIELDS
_CHARACTER = cites.IRG3_CHARACTER

_TEMPLATE_TITLES = (f'"## {TITLES[KIND_PRELIMINARY]}", "## {TITLES[KIND_FULL]}" '
                    f'or "### {TITLES[KIND_CLOSURE]}"')
