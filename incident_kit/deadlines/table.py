"""The lifecycle deadline table of ``incident-kit deadlines``: every clock that applies to a draft,
its due time and whether it was met, is open or is overdue, as text columns or JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Optional

from incident_kit.irg.kinds import KIND_CLOSURE, KIND_FULL, KIND_PRELIMINARY
from incident_kit.deadlines.clock import Moment, add_limit, end_key, is_after, moment_at
from incident_kit.deadlines.events import aware_moment, find_event, first_disclosure, update_posts
from incident_kit.irg import irg_at_least
from incident_kit.irg import citations as cites
from incident_kit.irg import clocks as irg_clocks
from incident_kit.irg.severity import Severity

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.sources.yaml import LoadedDraft
    from incident_kit.policy.model import Deadline

OPEN_STATUSES = ("Ongoing", "Delayed")
"""Action item statuses that keep a clock running."""

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


IRG_EXPECTED = cites.IRG3_EXPECTED
IRG_UPDATED = cites.IRG3_UPDATED


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
    if report.kind != KIND_CLOSURE:
        last = _last_posting(kb, report, doc, now)
        _next_update_rows(kb, report, doc, last, now, table)
    _action_item_rows(loaded, now, table)
    _clause_rows(kb, doc, now, table)
    return table


def _initial_report(kb: Any, report: Any, doc: "Document", now: Moment, table: DeadlineTable) -> Optional[Moment]:
    """72 hours from awareness to the first report; returns the initial disclosure, if known."""
    d = _deadline(kb, IRG_EXPECTED, "initial-report-72h")
    aware = aware_moment(doc, incident=True)
    first = _known(first_disclosure(doc, kb, after=aware) if doc.timeline else None, now)
    if first is None and report.kind in (KIND_PRELIMINARY, KIND_FULL):
        first = _known(_posted(report), now)
    if aware is None:
        table.notes.append("initial report (72 hours after awareness): no timeline entry tagged aware")
        return first
    due = add_limit(aware, hours=irg_clocks.INITIAL_REPORT.hours, days=irg_clocks.INITIAL_REPORT.days)
    basis = f"aware {_fmt(aware)}; " + (f"first report {_fmt(first)}" if first else "no report posted yet")
    table.rows.append(DeadlineRow(d.id, "initial report (72 hours after awareness)", IRG_EXPECTED, due,
                                  _status(due, first, now), basis, aware.line))
    return first


def _full_report(kb: Any, report: Any, disclosure: Optional[Moment], now: Moment, table: DeadlineTable) -> None:
    d = _deadline(kb, IRG_EXPECTED, "full-report-14d")
    if report.kind == KIND_CLOSURE:
        return
    if disclosure is None:
        table.notes.append("full report (14 days after the initial disclosure): no initial disclosure "
                           "(timeline entry tagged report_posted, or bug.posted of a preliminary draft)")
        return
    done = _known(_posted(report), now) if report.kind == KIND_FULL else None
    due = add_limit(disclosure, hours=irg_clocks.FULL_REPORT.hours, days=irg_clocks.FULL_REPORT.days)
    basis = f"initial disclosure {_fmt(disclosure)}; " + (f"full report posted {done.label}" if done else "no full report yet")
    table.rows.append(DeadlineRow(d.id, "full report (14 days after the initial disclosure)", IRG_EXPECTED, due,
                                  _status(due, done, now), basis, disclosure.line))


def _last_posting(kb: Any, report: Any, doc: "Document", now: Moment) -> Optional[Moment]:
    """The latest posting by ``now``: the draft's own ``bug.posted`` or an update in the timeline."""
    posts = update_posts(doc, kb, until=now)
    candidates = [m for m in (_posted(report), posts[-1] if posts else None) if _known(m, now) is not None]
    return max(candidates, key=end_key) if candidates else None


def _next_update_rows(kb: Any, report: Any, doc: "Document", last: Optional[Moment], now: Moment,
                      table: DeadlineTable) -> None:
    board = report.bug.whiteboard_next_update
    if board is not None and (last is None or board >= last.day):  # a date before the last posting is stale
        due = Moment.from_day(board, None)
        table.rows.append(DeadlineRow("next-update", "next update (whiteboard Next update date)", IRG_UPDATED, due,
                                      _status(due, None, now), f"whiteboard Next update {board.isoformat()}"))
    elif last is not None:
        due = add_limit(last, days=irg_clocks.UPDATE.days)
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
    for clock in (irg_clocks.REVOCATION_DELAY_UPDATE, irg_clocks.UPDATE):
        days, severity, word = clock.days, clock.severity, Severity(clock.severity).word
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
        due = Moment.from_day(item.due_date + timedelta(days=irg_clocks.ACTION_ITEM_UPDATE_DAYS), None)
        line = loaded.smap.line(("action_items", i, "due_date"))
        table.rows.append(DeadlineRow(f"action-item-{i + 1}-3d", f"update after Action Item {i + 1} (3 days after its due date)",
                                      IRG_UPDATED, due, _status(due, None, now),
                                      f"Action Item {i + 1} {item.status.value}, due {item.due_date.isoformat()}", line))


def _clause_rows(kb: Any, doc: "Document", now: Moment, table: DeadlineTable) -> None:
    """The deadlines of the clauses the report concerns (revocation, disclosure, ...): the clocks
    IK701 judges (:func:`~incident_kit.deadlines.clocks.clause_clocks`), seen at ``now``."""
    from incident_kit.deadlines.clocks import clause_clocks

    if not doc.timeline:
        return
    clocks = clause_clocks(doc, kb, now.day)
    for clause in {c.clause.id: c.clause for c in kb.concerned(doc, now.day)}.values():
        for d in clause.deadlines:
            if not clause.id.startswith("IRG") and d.start.event != "aware" and not any(c.id == d.id for c in clocks):
                if d.end.event != "this-report-posted" and d.start.event != d.end.event and find_event(doc, d.start) is None:
                    table.notes.append(f"{clause.id} {d.id}: no timeline event {d.start.event}")
    for c in clocks:
        if c.clause.startswith("IRG"):
            continue  # the lifecycle clocks above
        done = _known(c.end, now)
        due = add_limit(c.start, hours=c.hours, days=c.days, months=c.months, minutes=c.minutes)
        basis = f"{c.start_event} {_fmt(c.start)}; " + (f"{c.end_event} {_fmt(done)}" if done else f"no {c.end_event} yet")
        if c.cite:
            basis += f"; {c.cite}"
        table.rows.append(DeadlineRow(c.id, c.name, c.clause, due, _status(due, done, now), basis, c.start.line, c.severity))


TEXT_WIDTH = 100
"""Widest line of the text table (the deadline, clause and basis wrap under their column)."""


def deadlines_text(table: DeadlineTable, path: str, now: Moment) -> str:
    """The table as text, one block per deadline: status, due time (UTC) and the deadline, then
    the clause and the basis under the deadline, wrapped at :data:`TEXT_WIDTH` columns."""
    import textwrap

    lines = [f"{path}: lifecycle deadlines as of {now.label}"]
    if not table.rows:
        lines.append("no lifecycle deadline can be computed from this draft")
    else:
        status_w = max(len("STATUS"), *(len(r.status) for r in table.rows))
        due_w = max(len("DUE (UTC)"), *(len(r.due.label) for r in table.rows))
        indent = " " * (status_w + due_w + 4)
        text_w = max(TEXT_WIDTH - len(indent), 40)
        lines.append(f"{'STATUS'.ljust(status_w)}  {'DUE (UTC)'.ljust(due_w)}  DEADLINE / CLAUSE: BASIS")
        for r in table.rows:
            name = textwrap.wrap(r.name, text_w) or [""]
            lines.append(f"{r.status.ljust(status_w)}  {r.due.label.ljust(due_w)}  {name[0]}")
            lines.extend(indent + more for more in name[1:])
            lines.extend(indent + part for part in textwrap.wrap(f"{r.clause}: {r.basis}", text_w))
    lines.extend(f"note: {n}" for n in table.notes)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def deadlines_json(table: DeadlineTable, path: str, now: Moment) -> dict[str, Any]:
    return {
        "draft": path,
        "as_of": now.label,
        "deadlines": [r.as_json() for r in table.rows],
        "notes": list(table.notes),
    }
