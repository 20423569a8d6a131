"""Update: the Bugzilla comment of an update to an incident report.

:func:`update_markdown` writes what changed in the action items since an older draft, the
revocation counts of a revocation delay, and when the next update is due.

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

from incident_kit.deadlines.clock import Moment, add_limit, end_key, is_after, moment_at
from incident_kit.deadlines.table import OPEN_STATUSES
from incident_kit.irg import IRG3_ACTION_COLUMNS, irg_at_least

if TYPE_CHECKING:
    from incident_kit.model import ActionItem, FullReport

ITEM_FIELDS = tuple(
    zip(("description", "kind", "root_causes", "evaluation_criteria", "due_date", "status"), IRG3_ACTION_COLUMNS, strict=True)
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
    from incident_kit.drafting.render import md_inline

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
    from incident_kit.drafting.render import _finish

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
    from incident_kit.drafting.render import md_cell, root_cause_refs

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

