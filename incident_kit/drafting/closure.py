"""Closure: the Closure Report of a Full report.

:func:`closure_from_full` builds it (the factors' titles as the root-cause summary, the action
items as the remediation summary); :func:`open_items` lists the action items that still stop it;
:func:`closure_yaml` writes it as a draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from incident_kit.deadlines.table import OPEN_STATUSES
from incident_kit.drafting._yaml import rt_yaml
from incident_kit.drafting.update import first_sentence

if TYPE_CHECKING:
    from incident_kit.sources.yaml import LoadedDraft
    from incident_kit.model import ClosureReport, FullReport

COMMITMENTS_PROMPT = "<ongoing commitments beyond the action items (long-term or continuous), or N/A>"


def open_items(loaded: "LoadedDraft") -> list[str]:
    """One ``file:line:column: action_items[N].status: ...`` line per action item still Ongoing or
    Delayed (a Closure Report states that every action item is complete)."""
    problems = []
    for i, item in enumerate(loaded.model.action_items):
        if item.status.value in OPEN_STATUSES:
            line, column = loaded.smap.locate(("action_items", i, "status"))
            problems.append(
                f"{loaded.path}:{line}:{column}: action_items[{i + 1}].status: Action Item {i + 1} is "
                f"{item.status.value} (due {item.due_date.isoformat()}); a Closure Report needs every action "
                "item Complete (or Canceled)"
            )
    return problems


def root_causes_summary(full: "FullReport") -> str:
    """The contributing factors' titles, one sentence each."""
    return " ".join(_sentence(f.title) for f in full.root_causes)


def remediation_summary(full: "FullReport") -> str:
    """The first sentence of each action item, numbered as in the Action Items table."""
    parts = []
    for n, item in enumerate(full.action_items, 1):
        label = item.kind.value if item.status.value != "Canceled" else f"{item.kind.value}, canceled"
        parts.append(f"Action Item {n} ({label}): {_sentence(first_sentence(item.description))}")
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def closure_from_full(
    full: "FullReport",
    *,
    description: Optional[str] = None,
    root_causes: Optional[str] = None,
    remediation: Optional[str] = None,
    commitments: Optional[str] = None,
) -> "ClosureReport":
    """The Closure Report of a Full report: its incident description, the factors' titles as the
    root-cause summary, the action items as the remediation summary, and the commitments (a prompt
    unless given). Each may be replaced by an argument. ``bug.posted`` is left empty."""
    from incident_kit.model import ClosureReport

    bug = full.bug.model_dump(mode="json", exclude={"posted"})
    return ClosureReport.model_validate(
        {
            "kind": "closure",
            "irg_version": full.irg_version,
            "bug": bug,
            "summary": {
                "incident_description": description or full.summary.incident_description,
                "root_causes": root_causes or root_causes_summary(full),
                "remediation": remediation or remediation_summary(full),
                "commitments": commitments or COMMITMENTS_PROMPT,
            },
            "action_items": [a.model_dump(mode="json") for a in full.action_items],
        }
    )


CLOSURE_HEADER = (
    "# Closure Report draft made by `incident-kit close` from {source}.\n"
    "# Check the summaries (they are built from the Full report), replace any <...> prompt, then\n"
    "# render it: incident-kit render <this file>\n"
)


def closure_yaml(report: "ClosureReport", source: str) -> str:
    """A Closure draft as YAML text (loads back with :func:`incident_kit.sources.yaml.load`)."""
    import io

    from ruamel.yaml.scalarstring import FoldedScalarString

    dumped = report.model_dump(mode="json")
    data = {"kind": dumped.pop("kind"), **dumped}
    for key, value in data["summary"].items():
        data["summary"][key] = FoldedScalarString(value) if len(value) > 80 else value
    for item in data["action_items"]:
        for key in ("description", "evaluation_criteria"):
            if len(item[key]) > 80:
                item[key] = FoldedScalarString(item[key])
    yaml = rt_yaml()
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(data, out)
    return CLOSURE_HEADER.format(source=source.rsplit("/", 1)[-1]) + out.getvalue()

