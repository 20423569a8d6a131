"""The life of an incident bug after the first report: promote, update, close and deadlines.

* :func:`promote_text` turns a Preliminary draft into a Full draft (YAML text), keeping what was
  written and adding the Full report's fields as ``<...>`` prompts from the shipped scaffold.
* :func:`update_markdown` writes the Bugzilla comment of an update: what changed in the action
  items since an older draft, the revocation counts of a revocation delay, and when the next
  update is due.
* :func:`closure_from_full` builds the Closure Report from a Full draft; :func:`open_items`
  lists the action items that still stop it.
* :func:`lifecycle_deadlines` lists every lifecycle clock that applies to a draft, with its due
  time and whether it was met, is open or is overdue.

"Today" is never the machine's clock: it is ``--as-of`` or the draft's ``bug.posted``
(:func:`today`). Deadline arithmetic reuses :mod:`incident_kit.rules.ik7_deadlines` (``Moment``,
``aware_moment``, ``find_event``) and the clocks of the policy knowledge base.

Revocation counts (IRG "When are reports updated?", revocation delays) are taken from the draft's
Appendix rows (``appendix.certificates``): *revoked* is "Is revoked?" = Yes; *not yet revoked* is
Planned or Delayed with a Not after later than this update; *expired before revocation* is N/A, or
Planned/Delayed with a Not after at or before this update. The estimated completion is, in this
order, the ``completion`` argument (``--completion``), the latest planned Revocation date of the
rows not yet revoked, or the latest timeline entry tagged ``revocation_expected``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any, Optional

from incident_kit.errors import InputError
from incident_kit.rules.ik7_deadlines import Moment, aware_moment, find_event

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.drafts import LoadedDraft
    from incident_kit.model import ActionItem, ClosureReport, FullReport
    from incident_kit.policy.model import Deadline, EventSpec

CCADB_NEEDINFO = "incident-reporting@ccadb.org"
BACKDATING_LIMIT = timedelta(hours=48)
OPEN_STATUSES = ("Ongoing", "Delayed")

# ---------------------------------------------------------------------------------------------
# "Today".
# ---------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def parse_as_of(text: str) -> Moment:
    """``--as-of``: a date (``2026-04-22``) or a date and time with a zone (``2026-04-22 09:00 UTC``).

    Raises ValueError with a message for anything else."""
    from incident_kit.model import parse_draft_datetime

    if _DATE_RE.match(text):
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"{text!r} is not a real calendar date") from None
        return Moment.from_day(day, None)
    at = parse_draft_datetime(text).astimezone(timezone.utc)
    return moment_at(at)


def moment_at(at: datetime, line: Optional[int] = None) -> Moment:
    """A precise :class:`Moment` for an aware datetime (shown in UTC)."""
    at = at.astimezone(timezone.utc)
    return Moment(at.date(), at, line, at.strftime("%Y-%m-%d %H:%M UTC"))


def today(as_of: Optional[str], report: Any, path: str) -> Moment:
    """``--as-of`` if given, else the draft's ``bug.posted``; an :class:`InputError` without either."""
    if as_of is not None:
        try:
            return parse_as_of(as_of)
        except ValueError as exc:
            raise InputError(f"--as-of: {exc}", path) from None
    posted = getattr(getattr(report, "bug", None), "posted", None)
    if posted is not None:
        return moment_at(posted)
    raise InputError("needs a date: give --as-of YYYY-MM-DD, or set bug.posted in the draft", path)


def _end_key(m: Moment) -> datetime:
    """When a moment ends: its time, or the last second of its day when only the day is known."""
    return m.at or datetime.combine(m.day, time(23, 59, 59), timezone.utc)


def is_after(a: Moment, b: Moment) -> bool:
    """Whether ``a`` is certainly later than ``b`` (by the day when either lacks a time)."""
    if a.at and b.at:
        return a.at > b.at
    return a.day > b.day


def add_limit(start: Moment, *, hours: Optional[int] = None, days: Optional[int] = None) -> Moment:
    """``start`` plus a limit: exact with a time; in calendar days when only the day is known."""
    delta = timedelta(hours=hours) if hours is not None else timedelta(days=days or 0)
    if start.at is not None:
        return moment_at(start.at + delta)
    whole_days = days if days is not None else -(-(hours or 0) // 24)
    return Moment.from_day(start.day + timedelta(days=whole_days), None)


def irg_at_least(report: Any, version: str) -> bool:
    """Whether the draft follows IRG ``version`` or later (3.x versions only)."""
    value = getattr(report, "irg_version", "")
    try:
        return tuple(int(p) for p in value.split(".")) >= tuple(int(p) for p in version.split("."))
    except ValueError:
        return False


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
    if loaded.model.kind in ("legacy", "irg2"):
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
    if old.kind == "legacy":
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
    now_key = _end_key(now) if now.at is None else now.at
    for cert in report.appendix.certificates:
        status = cert.is_revoked.value
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
# deadlines
# ---------------------------------------------------------------------------------------------


@dataclass
class DeadlineRow:
    """One lifecycle clock: what is due, when, and where it stands."""

    id: str
    name: str
    clause: str
    due: Moment
    status: str  # "met", "open", "overdue"
    basis: str
    line: Optional[int] = None
    severity: str = "error"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "deadline": self.name,
            "clause": self.clause,
            "due": self.due.label,
            "status": self.status,
            "severity": self.severity,
            "basis": self.basis,
            "line": self.line,
        }


@dataclass
class DeadlineTable:
    rows: list[DeadlineRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


IRG_EXPECTED = "IRG 3.2 §When are reports expected?"
IRG_UPDATED = "IRG 3.2 §When are reports updated?"


def _known(m: Optional[Moment], now: Moment) -> Optional[Moment]:
    """``m`` if it had happened by ``now`` (a later entry of the draft is not known yet then)."""
    return m if m is not None and not is_after(m, now) else None


def _status(due: Moment, done: Optional[Moment], now: Moment) -> str:
    if done is not None:
        return "overdue" if is_after(done, due) else "met"
    return "overdue" if is_after(now, due) else "open"


def _deadline(kb: Any, clause_id: str, deadline_id: str) -> "Deadline":
    clause = kb.get(clause_id)
    for d in clause.deadlines:
        if d.id == deadline_id:
            return d
    raise KeyError(f"{clause_id}: no deadline {deadline_id}")  # pragma: no cover - shipped data


def _latest(doc: "Document", spec: "EventSpec", now: Moment) -> Optional[Moment]:
    """The latest timeline entry by ``now`` that marks ``spec`` (by tag or phrase)."""
    from incident_kit.policy.match import affirms

    best: Optional[Moment] = None
    for entry in doc.timeline:
        tagged = any(t in entry.tags for t in spec.tags)
        if not tagged and not (spec.phrases and affirms(entry.text or entry.raw, spec.phrases) is not None):
            continue
        m = _known(Moment.from_entry(entry), now)
        if m is not None and (best is None or _end_key(m) > _end_key(best)):
            best = m
    return best


def _posted(report: Any) -> Optional[Moment]:
    posted = getattr(report.bug, "posted", None)
    return moment_at(posted) if posted is not None else None


def _fmt(m: Moment) -> str:
    return f"{m.label} (line {m.line})" if m.line else m.label


def lifecycle_deadlines(loaded: "LoadedDraft", doc: "Document", now: Moment) -> DeadlineTable:
    """Every lifecycle deadline that applies to the draft (see the ``deadlines`` command)."""
    from incident_kit.policy import load_policy

    kb = load_policy()
    report = loaded.model
    table = DeadlineTable()
    disclosure = _initial_report(kb, report, doc, now, table)
    _full_report(kb, report, disclosure, now, table)
    if report.kind != "closure":
        last = _last_posting(kb, report, doc, now)
        _next_update_rows(kb, report, doc, last, now, table)
    _action_item_rows(loaded, now, table)
    _clause_rows(kb, doc, now, table)
    return table


def _initial_report(kb: Any, report: Any, doc: "Document", now: Moment, table: DeadlineTable) -> Optional[Moment]:
    """72 hours from awareness to the first report; returns the initial disclosure, if known."""
    d = _deadline(kb, IRG_EXPECTED, "initial-report-72h")
    aware = aware_moment(doc)
    first = _known(find_event(doc, d.end, after=aware) if doc.timeline else None, now)
    if first is None and report.kind in ("preliminary", "full"):
        first = _known(_posted(report), now)
    if aware is None:
        table.notes.append("initial report (72 hours after awareness): no timeline entry tagged aware")
        return first
    due = add_limit(aware, hours=d.hours)
    basis = f"aware {_fmt(aware)}; " + (f"first report {_fmt(first)}" if first else "no report posted yet")
    table.rows.append(DeadlineRow(d.id, "initial report (72 hours after awareness)", IRG_EXPECTED, due,
                                  _status(due, first, now), basis, aware.line))
    return first


def _full_report(kb: Any, report: Any, disclosure: Optional[Moment], now: Moment, table: DeadlineTable) -> None:
    d = _deadline(kb, IRG_EXPECTED, "full-report-14d")
    if report.kind == "closure":
        return
    if disclosure is None:
        table.notes.append("full report (14 days after the initial disclosure): no initial disclosure "
                           "(timeline entry tagged report_posted, or bug.posted of a preliminary draft)")
        return
    done = _known(_posted(report), now) if report.kind == "full" else None
    due = add_limit(disclosure, days=d.days)
    basis = f"initial disclosure {_fmt(disclosure)}; " + (f"full report posted {done.label}" if done else "no full report yet")
    table.rows.append(DeadlineRow(d.id, "full report (14 days after the initial disclosure)", IRG_EXPECTED, due,
                                  _status(due, done, now), basis, disclosure.line))


def _last_posting(kb: Any, report: Any, doc: "Document", now: Moment) -> Optional[Moment]:
    """The latest posting by ``now``: the draft's own ``bug.posted`` or an update in the timeline."""
    spec = _deadline(kb, IRG_UPDATED, "update-7d").start
    candidates = [m for m in (_posted(report), _latest(doc, spec, now)) if _known(m, now) is not None]
    return max(candidates, key=_end_key) if candidates else None


def _next_update_rows(kb: Any, report: Any, doc: "Document", last: Optional[Moment], now: Moment,
                      table: DeadlineTable) -> None:
    board = report.bug.whiteboard_next_update
    if board is not None and (last is None or board >= last.day):  # a date before the last posting is stale
        due = Moment.from_day(board, None)
        table.rows.append(DeadlineRow("next-update", "next update (whiteboard Next update date)", IRG_UPDATED, due,
                                      _status(due, None, now), f"whiteboard Next update {board.isoformat()}"))
    elif last is not None:
        due = add_limit(last, days=7)
        table.rows.append(DeadlineRow("update-7d", "next update (7 days after the last posting)", IRG_UPDATED, due,
                                      _status(due, None, now), f"last posting {_fmt(last)}", last.line))
    else:
        table.notes.append("next update: no posting date (bug.posted) and no update in the timeline")
    if not report.bug.revocation_delay:
        return
    done = _known(find_event(doc, _deadline(kb, "BR 4.9.1.1", "revoke-5d").end) if doc.timeline else None, now)
    if done is not None:
        table.notes.append(f"revocation-delay cadence: revocation completed {_fmt(done)}")
        return
    if last is None:
        table.notes.append("revocation-delay cadence: no posting date to count from")
        return
    for days, severity, word in ((3, "warning", "SHOULD"), (7, "error", "MUST")):
        due = add_limit(last, days=days)
        table.rows.append(DeadlineRow(f"revocation-delay-update-{days}d",
                                      f"revocation-delay update ({word} every {days} days)", IRG_UPDATED, due,
                                      _status(due, None, now), f"last posting {_fmt(last)}", last.line, severity))


def _action_item_rows(loaded: "LoadedDraft", now: Moment, table: DeadlineTable) -> None:
    """IRG 3.1+: an update within 3 days of each open action item's due date (when it changes)."""
    items = getattr(loaded.model, "action_items", None)
    if not items or not hasattr(items[0], "status"):
        return
    if not irg_at_least(loaded.model, "3.1"):
        table.notes.append("action items: IRG 3.0 sets no fixed delay for an update after an item changes")
        return
    for i, item in enumerate(items):
        if item.status.value not in OPEN_STATUSES:
            continue
        due = Moment.from_day(item.due_date + timedelta(days=3), None)
        line = loaded.smap.line(("action_items", i, "due_date"))
        table.rows.append(DeadlineRow(f"action-item-{i + 1}-3d", f"update after Action Item {i + 1} (3 days after its due date)",
                                      IRG_UPDATED, due, _status(due, None, now),
                                      f"Action Item {i + 1} {item.status.value}, due {item.due_date.isoformat()}", line))


def _applies(doc: "Document", d: "Deadline") -> bool:
    return not d.applies_when or any(re.search(p, doc.text, re.IGNORECASE) for p in d.applies_when)


def _clause_rows(kb: Any, doc: "Document", now: Moment, table: DeadlineTable) -> None:
    """The deadlines of the clauses the report concerns (revocation, disclosure, ...)."""
    if not doc.timeline:
        return
    for concern in kb.concerned(doc):
        clause = concern.clause
        if clause.id.startswith("IRG"):
            continue  # the lifecycle clocks above
        for d in clause.deadlines:
            if d.end.event == "this-report-posted" or d.start.event == d.end.event or not _applies(doc, d):
                continue
            start = aware_moment(doc) if d.start.event == "aware" else find_event(doc, d.start)
            if start is None:
                table.notes.append(f"{clause.id} {d.id}: no timeline event {d.start.event}")
                continue
            done = _known(find_event(doc, d.end, after=start, skip_line=start.line), now)
            due = add_limit(start, hours=d.hours, days=d.days)
            basis = f"{d.start.event} {_fmt(start)}; " + (f"{d.end.event} {_fmt(done)}" if done else f"no {d.end.event} yet")
            name = d.summary.rstrip(".")
            table.rows.append(DeadlineRow(d.id, name, clause.id, due, _status(due, done, now), basis, start.line, d.severity))


def deadlines_text(table: DeadlineTable, path: str, now: Moment) -> str:
    """The table as aligned text columns: deadline, due (UTC), status, clause, basis."""
    header = ("DEADLINE", "DUE (UTC)", "STATUS", "CLAUSE", "BASIS")
    rows = [header] + [(r.name, r.due.label, r.status, r.clause, r.basis) for r in table.rows]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"{path}: lifecycle deadlines as of {now.label}"]
    if not table.rows:
        lines.append("no lifecycle deadline can be computed from this draft")
        rows = []
    for r in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:4])) + "  " + r[4])
    lines.extend(f"note: {n}" for n in table.notes)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def deadlines_json(table: DeadlineTable, path: str, now: Moment) -> dict[str, Any]:
    return {
        "draft": path,
        "as_of": now.label,
        "deadlines": [r.as_json() for r in table.rows],
        "notes": list(table.notes),
    }


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
    does."""
    nb = moment_at(not_before)
    start, end = timeline_window(doc)
    found: list[tuple[str, Optional[int]]] = []
    if start is not None:
        earliest = moment_at(start.at - BACKDATING_LIMIT) if start.at else Moment.from_day(start.day - timedelta(days=2), None)
        if is_after(earliest, nb):
            found.append((f"notBefore {nb.label} is more than 48 hours before the incident began ({start.label})", start.line))
    if end is not None and is_after(nb, end):
        found.append((f"notBefore {nb.label} is after the incident ended ({end.label})", end.line))
    if posted is not None and is_after(nb, posted):
        found.append((f"notBefore {nb.label} is after the report was posted ({posted.label})", None))
    return found
