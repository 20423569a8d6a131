"""The report kinds, their groups, and the IRG versions with the dates they took effect.

One :class:`ReportKind` for the whole project: the drafting model, the readers, the rules' ``kinds``
windows and the command-line choices all take their kinds from here. The module-level ``KIND_*``
names are the plain strings (``"full"``), because a kind travels as a string through the Document,
the findings and the JSON outputs. Standard library only; nothing in the project is imported.

Dates are those of the IRG "Change History" (see docs/architecture.md): 1.0 took effect on
2023-02-15, 2.0 on 2023-10-17 (the first structured template), 3.0 on 2025-03-01 (Preliminary /
Full / Closure), 3.1 on 2025-07-15 and 3.2 on 2026-03-20. Before 1.0 reports answered the seven
topics of the CA incident wiki page ("legacy").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Optional


class ReportKind(str, Enum):
    """What kind of report a draft or a posted text is."""

    PRELIMINARY = "preliminary"
    FULL = "full"
    CLOSURE = "closure"
    IRG2 = "irg2"
    IRG2_AUDIT = "irg2-audit"
    LEGACY = "legacy"
    IRG2_PRELIMINARY = "irg2-preliminary"  # an IRG 2.0-era preliminary report: executive summary + full-report date
    FREEFORM = "freeform"  # clearly an incident report, but written without any template
    UNKNOWN = "unknown"  # not recognisably an incident report

    @property
    def drafted(self) -> bool:
        """Whether the drafting model (a YAML draft) exists for this kind."""
        return self.value in DRAFT_KINDS


KIND_PRELIMINARY = ReportKind.PRELIMINARY.value
KIND_FULL = ReportKind.FULL.value
KIND_CLOSURE = ReportKind.CLOSURE.value
KIND_IRG2 = ReportKind.IRG2.value
KIND_IRG2_AUDIT = ReportKind.IRG2_AUDIT.value
KIND_LEGACY = ReportKind.LEGACY.value
KIND_IRG2_PRELIMINARY = ReportKind.IRG2_PRELIMINARY.value
KIND_FREEFORM = ReportKind.FREEFORM.value
KIND_UNKNOWN = ReportKind.UNKNOWN.value

# --- groups -----------------------------------------------------------------------------------

DRAFT_KINDS: tuple[str, ...] = (KIND_PRELIMINARY, KIND_FULL, KIND_CLOSURE, KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY)
"""Kinds with a template and a drafting model (``kind:`` of a YAML draft, ``new --kind``)."""

TEMPLATE_KINDS = DRAFT_KINDS
"""Reports that follow a template (not free-form)."""

READ_ONLY_KINDS: tuple[str, ...] = (KIND_IRG2_PRELIMINARY, KIND_FREEFORM)
"""Kinds the reader recognises that have no drafting model; rules check what can be found in them."""

REPORT_KINDS: tuple[str, ...] = DRAFT_KINDS + READ_ONLY_KINDS
"""Every kind of incident report (a rule's default ``kinds``)."""

ANY_INPUT: tuple[str, ...] = REPORT_KINDS + (KIND_UNKNOWN,)
"""Every input, also one that is not recognisably a report."""

IRG3: tuple[str, ...] = (KIND_PRELIMINARY, KIND_FULL, KIND_CLOSURE)
"""The IRG 3.x templates."""

IRG2_TEMPLATES: tuple[str, ...] = (KIND_IRG2, KIND_IRG2_AUDIT)
"""The IRG 2.0 templates (the report and the Audit Incident Report)."""

IRG2_ERA: tuple[str, ...] = IRG2_TEMPLATES + (KIND_IRG2_PRELIMINARY,)
"""Reports written under IRG 2.0, also the preliminary ones that had no template of their own."""

FULL_LIKE: tuple[str, ...] = (KIND_FULL, KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY)
"""Reports with timeline, root-cause and remediation content."""

WITH_TIMELINE: tuple[str, ...] = (KIND_FULL, KIND_IRG2, KIND_LEGACY)
"""Templates that ask for a date-and-time-stamped timeline."""

WITH_REMEDIES: tuple[str, ...] = (KIND_FULL, KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY, KIND_CLOSURE)
"""Reports that describe what was done about the root causes (the Closure summary included)."""

WITH_ACTION_TABLE: tuple[str, ...] = (KIND_FULL, KIND_IRG2, KIND_IRG2_AUDIT)
"""Templates with an Action Items table (its header is checked)."""

WITH_ACTION_ROWS: tuple[str, ...] = (KIND_FULL, KIND_CLOSURE, KIND_IRG2, KIND_IRG2_AUDIT)
"""Reports whose Action Items rows are checked (a Closure report repeats the Full report's table)."""

# --- versions and their dates -------------------------------------------------------------------


@dataclass(frozen=True)
class IrgVersion:
    """One version of the Incident Reporting Guidelines and the day it took effect."""

    name: str  # "1.0", "2.0", "3.0", "3.1", "3.2"
    effective: date
    kinds: tuple[str, ...]  # the templates it defines

    @property
    def label(self) -> str:
        return f"IRG {self.name}"


IRG_VERSIONS: tuple[IrgVersion, ...] = (
    IrgVersion("1.0", date(2023, 2, 15), (KIND_LEGACY,)),
    IrgVersion("2.0", date(2023, 10, 17), IRG2_TEMPLATES),
    IrgVersion("3.0", date(2025, 3, 1), IRG3),
    IrgVersion("3.1", date(2025, 7, 15), IRG3),
    IrgVersion("3.2", date(2026, 3, 20), IRG3),
)
"""Oldest first. The IRG 3.x templates are identical across 3.0, 3.1 and 3.2; lifecycle rules differ."""

_BY_NAME = {v.name: v for v in IRG_VERSIONS}

IRG1_START = _BY_NAME["1.0"].effective
IRG2_START = _BY_NAME["2.0"].effective
IRG3_START = _BY_NAME["3.0"].effective
IRG3_VERSIONS: tuple[tuple[date, str], ...] = tuple((v.effective, v.name) for v in reversed(IRG_VERSIONS) if v.kinds == IRG3)
"""(effective date, version) of the IRG 3.x versions, newest first."""
CURRENT = IRG_VERSIONS[-1]


def effective(name: str) -> date:
    """The day IRG ``name`` ("2.0", "3.1") took effect; KeyError for a version that does not exist."""
    return _BY_NAME[name].effective


def version_on(day: date) -> Optional[IrgVersion]:
    """The IRG version in force on ``day``, or None before 1.0 (the legacy wiki topics)."""
    found = None
    for v in IRG_VERSIONS:
        if day >= v.effective:
            found = v
    return found


SUPERSEDED: dict[str, tuple[str, str, date]] = {
    KIND_LEGACY: ("legacy 7-topic format", "IRG 2.0", IRG2_START),
    KIND_IRG2: ("IRG 2.0 template", "IRG 3.0", IRG3_START),
    KIND_IRG2_AUDIT: ("IRG 2.0 Audit Incident Report template", "IRG 3.0", IRG3_START),
}
"""Kind -> (what it is, what replaced it, the day it was superseded)."""


def kind_enum(name: str, kinds: tuple[str, ...], first: tuple[str, ...] = ()) -> type[Enum]:
    """A ``str`` Enum of ``kinds`` (plus ``first`` before them) for a command's ``--kind`` choices:
    ``kind_enum("ReadKind", DRAFT_KINDS)`` has ``ReadKind.IRG2_AUDIT.value == "irg2-audit"``."""
    values = first + kinds
    return Enum(name, [(v.upper().replace("-", "_"), v) for v in values], type=str, module=__name__)  # type: ignore[return-value]
