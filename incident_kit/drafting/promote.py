"""Promote: a Preliminary draft becomes a Full draft, an older-generation draft an IRG 3.2 Full draft.

:func:`promote_text` keeps what was written and adds the Full report's fields as ``<...>`` prompts
from the shipped scaffold (``templates/scaffold/full.yaml``), so the draft validates and lint fails
until the prompts are filled. Legacy 7-topic and IRG 2.0 drafts go to the fields that ask the same
thing (:func:`_promote_older`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from incident_kit.drafting._yaml import rt_yaml
from incident_kit.errors import InputError
from incident_kit.irg.kinds import KIND_IRG2, KIND_LEGACY, KIND_PRELIMINARY
from incident_kit.irg.templates import SOURCE_THIRD_PARTY, TITLES

if TYPE_CHECKING:
    from incident_kit.sources.yaml import LoadedDraft

PROMOTED_HEADER = (
    "# Promoted from the Preliminary report draft {source} by `incident-kit promote`.\n"
    "# Replace every <...> prompt (and the placeholder dates and counts); `incident-kit lint` lists those left.\n"
)
_FULL_SECTIONS = ("impact", "timeline", "related_incidents", "root_causes", "lessons_learned", "action_items", "appendix")


def _scaffold_full() -> Any:
    from incident_kit._resources import templates_dir

    text = (templates_dir() / "scaffold" / "full.yaml").read_text(encoding="utf-8")
    return rt_yaml().load(text)


def promote_text(loaded: "LoadedDraft") -> str:
    """A Full report draft (YAML text) from a validated Preliminary draft.

    Kept: every comment and value of the preliminary draft (bug metadata, incident description,
    relevant policies, source). ``bug.posted`` becomes a timeline entry tagged ``report_posted`` and
    ``scope_disclosed`` (the initial disclosure), and is left empty for the Full report's own
    posting time. A preliminary Source of N/A (written by a third party) becomes Third Party
    Reported. Everything else comes from ``templates/scaffold/full.yaml``, prompts and guidance
    comments included, so the draft validates and lint (IK105) fails until the prompts are filled.
    """
    if loaded.model.kind in (KIND_LEGACY, KIND_IRG2):
        return _promote_older(loaded)
    if loaded.model.kind != KIND_PRELIMINARY:
        raise InputError(
            f"expected a Preliminary, legacy or IRG 2.0 report draft, not kind: {loaded.model.kind}", loaded.path
        )
    yaml = rt_yaml()
    doc = yaml.load(loaded.text)
    scaffold = _scaffold_full()
    doc["kind"] = "full"
    posted = _promote_bug(doc)
    _promote_summary(doc["summary"], scaffold["summary"])
    for key in _FULL_SECTIONS:
        doc[key] = scaffold[key]
        if key in scaffold.ca.items:  # the guidance comment after a scalar section (related_incidents)
            doc.ca.items[key] = scaffold.ca.items[key]
    _insert_disclosure(doc["timeline"], posted)
    import io

    out = io.StringIO()
    yaml.dump(doc, out)
    text = _space_sections(_retarget_schema_line(out.getvalue()))
    name = loaded.path.rsplit("/", 1)[-1]
    return PROMOTED_HEADER.format(source=name) + text


CONVERTED_HEADER = (
    "# Converted from the {generation} report draft {source} by `incident-kit promote`, to re-post it in the\n"
    "# IRG 3.2 Full template. What the old report said is kept where a field says the same thing; the rest\n"
    "# are <...> prompts. Each action item's Kind and Status are stand-ins (the old format had no such\n"
    "# columns or other values): choose them. Dates 2000-01-01 are stand-ins too.\n"
)


def _promote_older(loaded: "LoadedDraft") -> str:
    """A Full report draft from a legacy 7-topic or IRG 2.0 draft: the old answers go to the
    fields that ask the same thing, everything else is a prompt from the Full scaffold."""
    import io

    from ruamel.yaml.comments import CommentedMap

    old = loaded.model
    doc = _scaffold_full()
    doc["bug"] = CommentedMap(old.bug.model_dump(mode="json", exclude_none=True))
    doc["timeline"] = [_event_map(e) for e in old.timeline]
    factor = doc["root_causes"][0]
    if old.kind == KIND_LEGACY:
        factor["description"] = old.root_cause
        factor["detection"] = f"{old.how_aware} <and how the problem avoided detection before>"
        doc["impact"]["issuance_stopped"] = old.issuance_stopped
        doc["impact"]["additional_considerations"] = old.problematic_certificates
        doc["impact"].yaml_add_eol_comment("# legacy topic 4: move its figures into the fields above", "additional_considerations")
        doc["appendix"]["text"] = old.certificate_data
        steps = [(r.description, None, r.due_date, r.status) for r in old.remediation]
        generation = "legacy 7-topic"
    else:
        doc["summary"]["incident_description"] = old.summary
        factor["description"] = old.root_cause_analysis
        doc["impact"]["additional_considerations"] = old.impact
        doc["impact"].yaml_add_eol_comment("# IRG 2.0 Impact text: move its figures into the fields above", "additional_considerations")
        doc["appendix"]["text"] = old.appendix
        lessons = old.lessons_learned
        for name in ("went_well", "didnt_go_well", "got_lucky"):
            items = getattr(lessons, name)
            doc["lessons_learned"][name] = "N/A" if items == "N/A" else [CommentedMap(text=t, action_items=[]) for t in items]
        steps = [(a.description, a.kind.value, a.due_date, "") for a in old.action_items]
        generation = "IRG 2.0"
    doc["action_items"] = [_action_map(*step) for step in steps]
    out = io.StringIO()
    rt_yaml().dump(doc, out)
    name = loaded.path.rsplit("/", 1)[-1]
    return CONVERTED_HEADER.format(generation=generation, source=name) + _space_sections(out.getvalue())


def _event_map(event: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap

    data = event.model_dump(mode="json")
    m = CommentedMap(at=data["at"], text=data["text"])
    if data.get("tags"):
        m["tags"] = data["tags"]
    return m


_STATUS_WORDS = {"complete": "Complete", "completed": "Complete", "done": "Complete", "ongoing": "Ongoing",
                 "in progress": "Ongoing", "delayed": "Delayed", "canceled": "Canceled", "cancelled": "Canceled"}


def _action_map(description: str, kind: Optional[str], due: Any, status: str) -> Any:
    """An IRG 3.x action item from an older row: kept description, Kind and due date where the old
    row had them, stand-ins (with a comment) where it did not, and a prompt for the criteria."""
    from ruamel.yaml.comments import CommentedMap

    m = CommentedMap()
    m["description"] = description
    m["kind"] = kind or "Prevent"
    if kind is None:
        m.yaml_add_eol_comment("# stand-in: choose Prevent, Mitigate or Detect", "kind")
    m["root_causes"] = [1]
    m["evaluation_criteria"] = "<how its effect will be measured, publicly where possible>"
    m["due_date"] = due.isoformat() if hasattr(due, "isoformat") else "2000-01-01"
    mapped = _STATUS_WORDS.get(status.strip().lower().rstrip(".")) if status else None
    m["status"] = mapped or "Ongoing"
    if mapped is None:
        m.yaml_add_eol_comment("# stand-in: Ongoing, Complete, Delayed or Canceled", "status")
    return m


def _promote_bug(doc: Any) -> Optional[str]:
    """Move ``bug.posted`` out (returned as draft text) and leave it empty for the Full report."""
    bug = doc["bug"]
    posted = bug.get("posted")
    bug["posted"] = None
    bug.yaml_add_eol_comment("# when this Full report is posted, e.g. 2026-04-17 09:00 UTC", "posted")
    return str(posted) if posted is not None else None


def _promote_summary(summary: Any, scaffold_summary: Any) -> None:
    """Add the Full Summary's fields (CCADB ID, timeline summary) around the kept ones."""
    summary.insert(0, "ccadb_id", scaffold_summary["ccadb_id"], comment='"A" and six digits, from the CCADB CA Owner record')
    position = list(summary).index("incident_description") + 1
    summary.insert(position, "timeline_summary", scaffold_summary["timeline_summary"])
    if str(summary.get("source", "")).strip().upper() == "N/A":
        summary["source"] = SOURCE_THIRD_PARTY
        summary.yaml_add_eol_comment("# was N/A in the preliminary report (posted by a third party)", "source")


def _insert_disclosure(timeline: Any, posted: Optional[str]) -> None:
    """The preliminary report's posting, as the initial-disclosure timeline entry (before "end")."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    entry = CommentedMap()
    entry["at"] = posted or "2000-01-01 00:00 UTC"
    entry["text"] = (
        f"{TITLES[KIND_PRELIMINARY]} posted in this bug."
        if posted
        else f"<when the {TITLES[KIND_PRELIMINARY]} was posted>"
    )
    tags = CommentedSeq(["report_posted", "scope_disclosed"])
    tags.fa.set_flow_style()
    entry["tags"] = tags
    timeline.insert(max(len(timeline) - 1, 0), entry)


def _space_sections(text: str) -> str:
    """A blank line before each top-level key (or its comment) that follows an indented line."""
    out: list[str] = []
    for line in text.split("\n"):
        top = bool(line) and not line[0].isspace()
        if top and out and out[-1].startswith(" ") and out[-1].strip():
            out.append("")
        out.append(line)
    return "\n".join(out)


def _retarget_schema_line(text: str) -> str:
    """Point a ``yaml-language-server`` modeline at the Full schema instead of the Preliminary one."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:5]):
        if line.startswith("# yaml-language-server:"):
            lines[i] = line.replace("preliminary.schema.json", "full.schema.json")
    return "\n".join(lines)

