"""The life of an incident bug after the first report: promote, update, close and deadlines.

* :func:`promote_text` turns a Preliminary draft into a Full draft (YAML text), keeping what was
  written and adding the Full report's fields as ``<...>`` prompts from the shipped scaffold.
* :func:`update_markdown` writes the Bugzilla comment of an update: what changed in the action
  items since an older draft, the revocation counts of a revocation delay, and when the next
  update is due.
* :func:`closure_from_full` builds the Closure Report from a Full draft; :func:`open_items`
  lists the action items that still stop it.

"Today" is never the machine's clock: it is ``--as-of`` or the draft's ``bug.posted``
(:func:`incident_kit.deadlines.clock.today`). Deadline arithmetic and the lifecycle deadline table
live in :mod:`incident_kit.deadlines`.

Revocation counts (IRG "When are reports updated?", revocation delays) are taken from the draft's
Appendix rows (``appendix.certificates``): *revoked* is "Is revoked?" = Yes with a Revocation date
at or before this update (a later date means it was not revoked yet then); *not yet revoked* is
Planned or Delayed with a Not after later than this update; *expired before revocation* is N/A, or
Planned/Delayed with a Not after at or before this update. The estimated completion is, in this
order, the ``completion`` argument (``--completion``), the latest planned Revocation date of the
rows not yet revoked, or the latest timeline entry tagged ``revocation_expected``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Optional

from incident_kit.irg.kinds import KIND_IRG2, KIND_LEGACY
from incident_kit.errors import InputError
from incident_kit.deadlines.clock import Moment, add_limit, end_key, is_after, moment_at
from incident_kit.deadlines.events import find_event
from incident_kit.deadlines.table import OPEN_STATUSES
from incident_kit.irg import irg_at_least

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.drafts import LoadedDraft
    from incident_kit.model import ActionItem, ClosureReport, FullReport

CCADB_NEEDINFO = "incident-reporting@ccadb.org"
BACKDATING_LIMIT = timedelta(hours=48)

# ---------------------------------------------------------------------------------------------
# promote
# ---------------------------------------------------------------------------------------------

PROMOTED_HEADER = (
    "# Promoted from the Preliminary report draft {source} by `incident-kit promote`.\n"
    "# Replace every <...> prompt (and the placeholder dates and counts); `incident-kit lint` lists those left.\n"
)
_FULL_SECTIONS = ("impact", "timeline", "related_incidents", "root_causes", "lessons_learned", "action_items", "appendix")


def _rt_yaml() -> Any:
    """A ruamel round-trip YAML that keeps comments, quotes and folded scalars as written."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _scaffold_full() -> Any:
    from incident_kit._resources import templates_dir

    text = (templates_dir() / "scaffold" / "full.yaml").read_text(encoding="utf-8")
    return _rt_yaml().load(text)


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
    if loaded.model.kind != "preliminary":
        raise InputError(
            f"expected a Preliminary, legacy or IRG 2.0 report draft, not kind: {loaded.model.kind}", loaded.path
        )
    yaml = _rt_yaml()
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
    _rt_yaml().dump(doc, out)
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
        summary["source"] = "Third Party Reported"
        summary.yaml_add_eol_comment("# was N/A in the preliminary report (posted by a third party)", "source")


def _insert_disclosure(timeline: Any, posted: Optional[str]) -> None:
    """The preliminary report's posting, as the initial-disclosure timeline entry (before "end")."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    entry = CommentedMap()
    entry["at"] = posted or "2000-01-01 00:00 UTC"
    entry["text"] = (
        "Preliminary Incident Report posted in this bug."
        if posted
        else "<when the Preliminary Incident Report was posted>"
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


# ---------------------------------------------------------------------------------------------
# update: action item changes
# ---------------------------------------------------------------------------------------------

ITEM_FIELDS = (
    ("description", "Action Item"),
    ("kind", "Kind"),
    ("root_causes", "Corresponding Root Cause(s)"),
    ("evaluation_criteria", "Evaluation Criteria"),
    ("due_date", "Due Date"),
    ("status", "Status"),
)
"""Action item fields and the IRG column names an update uses for them."""


@dataclass
class ItemChange:
    """One action item that is new, changed or gone since the older draft."""

    change: str  # "added", "completed", "delayed", "canceled", "reopened", "changed", "removed"
    number: int  # its row number (1-based) in the newer draft; in the older one when removed
    item: "ActionItem"
    old: Optional["ActionItem"] = None
    fields: list[str] = field(default_factory=list)  # IRG column names of the fields that changed


def _value(item: "ActionItem", name: str) -> Any:
    value = getattr(item, name)
    return getattr(value, "value", value)


def _pair_items(old: list["ActionItem"], new: list["ActionItem"]) -> dict[int, int]:
    """new index -> old index: the same description first, then the same row for the rest."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for j, item in enumerate(new):
        for i, before in enumerate(old):
            if i not in used and before.description.strip() == item.description.strip():
                pairs[j] = i
                used.add(i)
                break
    for j in range(len(new)):
        if j not in pairs and j < len(old) and j not in used:
            pairs[j] = j
            used.add(j)
    return pairs


def _classify(old: "ActionItem", new: "ActionItem") -> Optional[str]:
    changed = [name for name, _ in ITEM_FIELDS if _value(old, name) != _value(new, name)]
    if not changed:
        return None
    status, before = _value(new, "status"), _value(old, "status")
    if status != before:
        if status in ("Complete", "Delayed", "Canceled"):
            return {"Complete": "completed", "Delayed": "delayed", "Canceled": "canceled"}[status]
        return "reopened" if before in ("Complete", "Canceled") else "changed"
    return "changed"


def action_item_changes(old: list["ActionItem"], new: list["ActionItem"]) -> list[ItemChange]:
    """What happened to the action items between two drafts, in the newer draft's row order."""
    pairs = _pair_items(old, new)
    changes: list[ItemChange] = []
    for j, item in enumerate(new):
        if j not in pairs:
            changes.append(ItemChange("added", j + 1, item))
            continue
        before = old[pairs[j]]
        kind = _classify(before, item)
        if kind is not None:
            fields = [label for name, label in ITEM_FIELDS if _value(before, name) != _value(item, name)]
            changes.append(ItemChange(kind, j + 1, item, before, fields))
    for i in sorted(set(range(len(old))) - set(pairs.values())):
        changes.append(ItemChange("removed", i + 1, old[i]))
    return changes


def first_sentence(text: str) -> str:
    """The first sentence of a description (the whole text when it has one sentence)."""
    flat = " ".join(text.split())
    m = re.search(r"(?<=[.!?])\s+(?=[A-Z0-9])", flat)
    return flat[: m.start()] if m else flat


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(f"Root Cause # {n}" for n in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _change_line(c: ItemChange) -> str:
    """One Markdown bullet for an action item change (user text escaped as in render.py)."""
    from incident_kit.render import md_inline

    what = md_inline(first_sentence(c.item.description))
    head = f"- **Action Item {c.number} {c.change}:** {what}"
    if c.change == "added":
        return f"{head} ({_value(c.item, 'kind')}, due {c.item.due_date.isoformat()}, {_value(c.item, 'status')})"
    if c.change == "removed":
        return f"{head} (was row {c.number} of the previous report)"
    details = []
    for name, label in ITEM_FIELDS:
        if label not in c.fields:
            continue
        if name in ("description", "evaluation_criteria"):
            details.append(f"{label} reworded")
        else:
            details.append(f"{label} {md_inline(_shown(_value(c.old, name)))} → {md_inline(_shown(_value(c.item, name)))}")
    return f"{head} ({'; '.join(details)})"


# ---------------------------------------------------------------------------------------------
# update: revocation counts
# ---------------------------------------------------------------------------------------------


@dataclass
class RevocationCounts:
    """The four figures the IRG asks of every revocation-delay update."""

    revoked: int
    not_yet_revoked: int
    expired: int
    completion: Optional[str]  # how the estimate is shown; None when nothing remains
    completion_source: str = ""


def revocation_counts(report: "FullReport", now: Moment, completion: Optional[Moment] = None) -> RevocationCounts:
    """Count the Appendix rows (see the module docstring for the definitions)."""
    revoked = pending = expired = 0
    planned: list[datetime] = []
    now_key = end_key(now) if now.at is None else now.at
    for cert in report.appendix.certificates:
        status = cert.is_revoked.value
        revoked_later = isinstance(cert.revocation_date, datetime) and cert.revocation_date > now_key
        if status == "Yes" and revoked_later:
            status = "Delayed"  # as of ``now`` this row was not revoked yet (its revocation date is later)
        if status == "Yes":
            revoked += 1
        elif status == "N/A" or cert.not_after <= now_key:
            expired += 1
        else:
            pending += 1
            if isinstance(cert.revocation_date, datetime):
                planned.append(cert.revocation_date)
    if pending == 0:
        return RevocationCounts(revoked, pending, expired, None, "")
    if completion is not None:
        return RevocationCounts(revoked, pending, expired, completion.label, "--completion")
    if planned:
        return RevocationCounts(revoked, pending, expired, moment_at(max(planned)).label, "planned revocation dates")
    expected = [e for e in report.timeline if any(t.value == "revocation_expected" for t in e.tags)]
    if expected:
        latest = max(expected, key=lambda e: e.at)
        return RevocationCounts(revoked, pending, expired, moment_at(latest.at).label, "timeline revocation_expected")
    return RevocationCounts(revoked, pending, expired, "", "")


# ---------------------------------------------------------------------------------------------
# update: next update
# ---------------------------------------------------------------------------------------------


@dataclass
class NextUpdate:
    """When the next update is due, and why (``should`` is the earlier recommended date, if any)."""

    due: Moment
    reason: str
    should: Optional[Moment] = None
    should_reason: str = ""


def next_update(report: Any, now: Moment, *, revocation_pending: bool) -> NextUpdate:
    """The next update's due date after an update posted ``now``.

    The whiteboard's Next update date when it is later than ``now``, else 7 days after ``now``;
    earlier when an open action item falls due first (IRG 3.1 and later: an update within 3 days
    of an action item being changed, completed or delayed). With a revocation delay still going on
    (``revocation_pending``), updates SHOULD come every 3 days and MUST come at least every 7."""
    board = report.bug.whiteboard_next_update
    if board is not None and board > now.day:
        due, reason = Moment.from_day(board, None), "the whiteboard's Next update date"
    else:
        due, reason = add_limit(now, days=7), "7 days after this update"
    if report.bug.revocation_delay and revocation_pending:
        seven = add_limit(now, days=7)
        if is_after(due, seven):
            due, reason = seven, "revocation delay: at least every 7 days"
    if irg_at_least(report, "3.1"):
        for number, item in enumerate(getattr(report, "action_items", []), 1):
            if item.status.value in OPEN_STATUSES and item.due_date >= now.day:
                when = Moment.from_day(item.due_date + timedelta(days=3), None)
                if is_after(due, when):
                    due = when
                    reason = f"3 days after Action Item {number} falls due on {item.due_date.isoformat()}"
    result = NextUpdate(due, reason)
    if report.bug.revocation_delay and revocation_pending:
        three = add_limit(now, days=3)
        if is_after(due, three):
            result.should, result.should_reason = three, "revocation delay: every 3 days recommended"
    return result


# ---------------------------------------------------------------------------------------------
# update: the comment
# ---------------------------------------------------------------------------------------------


class UpdateProblem(Exception):
    """The update cannot be written as the IRG asks; ``str()`` is the one-line reason."""


def update_markdown(
    new: "FullReport",
    old: Any,
    now: Moment,
    *,
    completion: Optional[Moment] = None,
) -> str:
    """The Markdown of an update comment: action item changes since ``old`` (a Full or Preliminary
    report), the current Action Items table, the revocation counts when the whiteboard carries
    revocation-delay, and the next update's due date. Raises :class:`UpdateProblem` when a
    revocation delay has certificates left to revoke but no estimated completion."""
    from incident_kit.render import _finish

    parts = [_changes_block(new, old), _table_block(new)]
    pending = False
    if new.bug.revocation_delay:
        counts = revocation_counts(new, now, completion)
        pending = counts.not_yet_revoked > 0
        parts.append(_revocation_block(new, counts, now))
    parts.append(_next_update_block(next_update(new, now, revocation_pending=pending)))
    return _finish("\n\n".join(parts))


def _since_label(old: Any) -> str:
    posted = getattr(old.bug, "posted", None)
    return f"the report of {moment_at(posted).label}" if posted else "the previous report"


def _changes_block(new: "FullReport", old: Any) -> str:
    changes = action_item_changes(list(getattr(old, "action_items", [])), list(new.action_items))
    head = f"**Action Item changes since {_since_label(old)}:**"
    if not changes:
        return f"{head} none."
    return head + "\n\n" + "\n".join(_change_line(c) for c in changes)


def _table_block(new: "FullReport") -> str:
    from incident_kit.render import md_cell, root_cause_refs

    rows = [
        "**Action Items:**",
        "",
        "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |",
        "| ----------- | ---- | --------------------------- | ------------------- | -------- | ------ |",
    ]
    for a in new.action_items:
        rows.append(
            f"| {md_cell(a.description)} | {a.kind.value} | {root_cause_refs(a.root_causes)} | "
            f"{md_cell(a.evaluation_criteria)} | {a.due_date.isoformat()} | {a.status.value} |"
        )
    return "\n".join(rows)


def _revocation_block(new: "FullReport", counts: RevocationCounts, now: Moment) -> str:
    if not new.appendix.certificates:
        raise UpdateProblem(
            "the whiteboard carries revocation-delay but appendix.certificates lists no certificates; "
            "list them (incident-kit appendix) so the revoked / not yet revoked / expired counts can be given"
        )
    if counts.not_yet_revoked and not counts.completion:
        raise UpdateProblem(
            f"{counts.not_yet_revoked} certificate(s) are not yet revoked but nothing gives the estimated completion; "
            "set their planned Revocation date in appendix.certificates, tag a timeline entry revocation_expected, "
            "or pass --completion"
        )
    completion = counts.completion or "none remain (every certificate is revoked or expired)"
    return "\n".join(
        [
            f"**Revocation status as of {now.label}:**",
            "",
            f"- Revoked: {counts.revoked}",
            f"- Not yet revoked: {counts.not_yet_revoked}",
            f"- Expired before revocation: {counts.expired}",
            f"- Estimated completion of the remaining revocations: {completion}",
        ]
    )


def _next_update_block(nu: NextUpdate) -> str:
    if nu.should is not None:
        return (
            f"**Next update:** by {nu.should.label} ({nu.should_reason}), "
            f"and at the latest by {nu.due.label} ({nu.reason})."
        )
    return f"**Next update:** by {nu.due.label} ({nu.reason})."


# ---------------------------------------------------------------------------------------------
# close
# ---------------------------------------------------------------------------------------------

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
    """A Closure draft as YAML text (loads back with :func:`incident_kit.drafts.load`)."""
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
    yaml = _rt_yaml()
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(data, out)
    return CLOSURE_HEADER.format(source=source.rsplit("/", 1)[-1]) + out.getvalue()


# ---------------------------------------------------------------------------------------------
# Certificates against the timeline (appendix --draft)
# ---------------------------------------------------------------------------------------------


def timeline_window(doc: "Document") -> tuple[Optional[Moment], Optional[Moment]]:
    """The incident's start (earliest entry tagged start) and end (earliest entry tagged end or
    issuance_stopped after it), from a draft's timeline."""
    from incident_kit.policy.kb import EventSpec

    start = find_event(doc, EventSpec(event="start", tags=["start"]))
    end = find_event(doc, EventSpec(event="end", tags=["end", "issuance_stopped"]), after=start)
    return start, end


def not_before_problems(not_before: datetime, doc: "Document", posted: Optional[Moment]) -> list[tuple[str, Optional[int]]]:
    """Why a certificate's notBefore contradicts the draft's timeline: (message, draft line) pairs.

    A notBefore may be up to 48 hours before signing (TLS BR 7.1.2.7), so only an earlier one
    contradicts the incident's start; any notBefore after its end, or after the report was posted,
    does. A revocation delay begins when the revocation deadline passes, long after the
    certificates concerned were issued: there the start says nothing about their notBefore."""
    nb = moment_at(not_before)
    start, end = timeline_window(doc)
    found: list[tuple[str, Optional[int]]] = []
    if start is not None and not doc.bug.revocation_delay:
        earliest = moment_at(start.at - BACKDATING_LIMIT) if start.at else Moment.from_day(start.day - timedelta(days=2), None)
        if is_after(earliest, nb):
            found.append((f"notBefore {nb.label} is more than 48 hours before the incident began ({start.label})", start.line))
    if end is not None and is_after(nb, end):
        found.append((f"notBefore {nb.label} is after the incident ended ({end.label})", end.line))
    if posted is not None and is_after(nb, posted):
        found.append((f"notBefore {nb.label} is after the report was posted ({posted.label})", None))
    return found
