"""Build complete IRG 3.2 Full reports from the small per-clause fixtures in tests/fixtures/policy/.

Each fixture names a clause and gives what varies between incidents of that type (description,
relevant policies, timeline, remedies). The rest of the report is filled with neutral, valid
content, so a test can render a good report and flawed variants of it and lint them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "policy"


def load_fixtures() -> list[dict[str, Any]]:
    yaml = YAML(typ="safe", pure=True)
    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        data["_file"] = path.name
        out.append(data)
    return out


def _items(remedies: list[list[str]]) -> list[dict[str, Any]]:
    return [
        {
            "description": text,
            "kind": kind,
            "root_causes": [1],
            "evaluation_criteria": "Completion is shown in the next update with the change record and, where public, the evidence (CT logs, CCADB records, CP/CPS text).",
            "due_date": "2026-09-30",
            "status": "Ongoing",
        }
        for kind, text in remedies
    ]


def full_report(fx: dict[str, Any], remedies: list[list[str]], timeline: list[list[str]] | None = None) -> dict[str, Any]:
    """A Full report draft (as a dict) for the fixture, with the given remedies and timeline."""
    events = timeline if timeline is not None else fx["timeline"]
    n = len(remedies)
    return {
        "kind": "full",
        "irg_version": "3.2",
        "bug": {
            "ca_owner": "Fixture CA",
            "title": f"Fixture CA: {fx['title']}",
            "whiteboard": fx.get("whiteboard", "[ca-compliance]"),
            "posted": fx["posted"],
        },
        "summary": {
            "ccadb_id": "A000999",
            "incident_description": fx["description"],
            "timeline_summary": {
                "start": fx["start"],
                "identified": fx["identified"],
                "end": fx["end"],
            },
            "relevant_policies": fx["relevant_policies"],
            "source": "Self Reported",
        },
        "impact": {
            "total_certificates": fx.get("total", 1),
            "remaining_valid": 0,
            "certificate_types": fx.get("types", "N/A"),
            "heuristic": "The affected certificates are listed in the Appendix.",
            "issuance_stopped": fx.get("issuance_stopped", "No, because the incident did not involve ongoing issuance of defective certificates."),
            "analysis": fx.get("analysis", "N/A"),
            "additional_considerations": "N/A",
        },
        "timeline": [{"at": at, "text": text} for at, text in events],
        "related_incidents": "N/A",
        "root_causes": [
            {
                "id": 1,
                "title": fx["root_cause_title"],
                "description": fx["root_cause"],
                "timeline": "The condition existed since the process was set up, as shown in the timeline.",
                "detection": fx["detection"],
                "interaction": "N/A",
                "methodology": "5-Whys",
            }
        ],
        "lessons_learned": {
            "went_well": [{"text": "The issue was confirmed and contained on the day it was found."}],
            "didnt_go_well": [{"text": fx["didnt_go_well"], "action_items": list(range(1, n + 1))}],
            "got_lucky": "N/A",
            "additional": "N/A",
        },
        "action_items": _items(remedies),
        "appendix": {"text": "N/A"},
    }


def render_report(data: dict[str, Any]) -> str:
    from incident_kit.model import FullReport
    from incident_kit.drafting.render import render

    return render(FullReport.model_validate(data))
