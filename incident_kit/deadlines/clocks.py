"""The policy clocks a report's timeline runs, as data: :class:`Clock` (start event, end event,
limit) and the functions that find them. The IK7 rules judge these clocks, the ``deadlines``
table lists the clause clocks at a date, and the timeline picture draws them; none of them
computes a deadline of its own.

* :func:`clause_clocks`: the deadlines of the clauses the report concerns (and the implicit BR
  clocks), one clock per start event (two CA certificates created on different days run two
  disclosure clocks);
* :func:`initial_report_clock` (72 hours from awareness to the first report),
  :func:`full_report_clock` (14 days from the initial disclosure to the full report) and
  :func:`update_clocks` (7 days between postings, 3 days a SHOULD for revocation delays).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Optional

from incident_kit.deadlines.clock import Moment, Overrun, judge
from incident_kit.deadlines.events import (
    aware_moment,
    clock_starts,
    deadline_applies,
    _marking,
    find_event,
    first_disclosure,
    start_key,
    update_posts,
)
from incident_kit.irg import clocks as irg_clocks

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.policy import PolicyBase
    from incident_kit.policy.model import Deadline


@dataclass(frozen=True)
class Clock:
    """One policy clock the report's timeline runs: from the event that starts it to the event that
    must come within the limit. The IK7 rules, the ``deadlines`` command and the timeline picture
    all read these; nothing else computes a deadline."""

    id: str  # the deadline's id in the knowledge base, or the lifecycle clock's
    name: str  # what must happen, e.g. "disclose a new CA certificate in the CCADB within 7 days"
    clause: str  # the citation
    start_event: str
    start: Moment
    end_event: str
    end: Optional[Moment]  # None: the end event is not in the timeline (yet)
    hours: Optional[int] = None
    days: Optional[int] = None
    months: Optional[int] = None
    minutes: Optional[int] = None  # a limit finer than an hour (BR 4.9.9: 15 minutes)
    severity: str = "error"  # the deadline's own severity (a MUST, or a SHOULD reading)
    replaced: Optional[Moment] = None  # a first end event that a corrected one replaces
    caveat: str = ""
    cite: str = ""  # the text in force when the clock started, e.g. "BR 1.0-1.6.0 §4.9.1.1 (before 2018-10-14, ...)"

    @property
    def overrun(self) -> Optional[Overrun]:
        if self.end is None:
            return None
        return judge(self.start, self.end, hours=self.hours, days=self.days, months=self.months, minutes=self.minutes)

    @property
    def limit(self) -> str:
        if self.months is not None:
            return f"{self.months} mo"
        if self.minutes is not None:
            return f"{self.minutes} min"
        return f"{self.hours} h" if self.hours is not None else f"{self.days} d"



def clause_clocks(doc: "Document", kb: "PolicyBase", on: Optional[date] = None) -> list[Clock]:
    """The clocks of the clauses the report concerns (and of the implicit ones: the BR revocation
    and problem-report clocks, only where the timeline shows both their events), one per start
    event in the timeline (one per day): two CA certificates created on different days run two
    disclosure clocks. ``on`` (else the posting date) decides what a section number names and which
    clauses existed.

    Each deadline applies in its own window, judged on the day its clock started (the clause text
    in force then: BR 4.9.1.1 gave 24 hours for every reason before 2018-10-14), and routing
    (``applies_when``) is read with negation. A routed limit that applies to the incident (24 hours
    for key compromise) replaces the later general one on the same events (5 days); a SHOULD and a
    MUST limit on the same events (7 and 14 days) are both judged."""
    from incident_kit.policy import clause_fits, report_certificates

    clauses = [c.clause for c in kb.concerned(doc, on)]
    concerned = {c.id for c in clauses}
    implicit = [c for c in kb.clauses.values() if c.implicit and c not in clauses]
    if any(c.certificates is not None for c in implicit):
        # The TLS BR revocation clocks run on TLS reports, the S/MIME BR ones on S/MIME reports.
        kind = report_certificates(doc)
        implicit = [c for c in implicit if clause_fits(c, kind)]
    clauses += implicit
    clocks: list[Clock] = []
    seen: set[tuple[str, int]] = set()
    same_clock: set[tuple[str, int]] = set()  # a related clause's same clock (MRSP 5.3.2 / CCADB 3.2): once
    for clause in clauses:
        judged: set[tuple[str, str]] = set()  # (start, end) events a limit already judged
        for d in clause.deadlines:
            if d.end.event == "this-report-posted" or d.start.event == d.end.event:
                continue  # lifecycle clocks: IK702-IK704
            if (d.start.event, d.end.event) in judged or not deadline_applies(doc, d):
                continue
            starts = [m for m in clock_starts(doc, clause.id, d) if d.in_force.covers(m.day)]
            if clause.id not in concerned:  # an implicit clock of a clause not written yet does not run
                starts = [m for m in starts if clause.in_force.covers(m.day)]
            for start in starts:
                if (d.id, start.day.toordinal()) in seen:
                    continue  # two entries of one day start one clock
                seen.add((d.id, start.day.toordinal()))
                end = find_event(doc, d.end, after=start, skip_line=start.line)
                if end is None and clause.id not in concerned:
                    continue  # an implicit clock runs only when the timeline shows both its events
                if d.applies_when:  # a routed reading (24 hours for key compromise) replaces the general limit
                    judged.add((d.start.event, d.end.event))
                if (d.id, start.line or 0) in same_clock:
                    continue
                same_clock.add((d.id, start.line or 0))
                first_end = end
                if end is not None:
                    end = superseding_end(doc, d, end)
                clocks.append(Clock(
                    d.id, d.summary.rstrip("."), clause.id, d.start.event, start, d.end.event, end,
                    hours=d.hours, days=d.days, months=d.months, minutes=d.minutes, severity=d.severity or "error",
                    replaced=first_end if end is not first_end else None, caveat=d.caveat or "",
                    cite=d.in_force.cite,
                ))
    return clocks


_CORRECTED = (r"\b(corrected|revised|amended|complete|completed|replacement|re-?issued|re-?uploaded|new version)\b",)


def superseding_end(doc: "Document", d: "Deadline", end: Moment) -> Moment:
    """The end event that counts: a later entry of the same event replaces the first one when it
    changes what the first one lacked (``superseded_by``, e.g. a corrected audit statement that adds
    CA certificates to its scope), said in the entry itself, or a correction of an incident whose
    description says so ("the statement did not list two subordinate CAs"). A correction for
    errors or formatting keeps the first upload (CCADB Policy 2.1 section 5.2 item 11)."""
    if not d.superseded_by:
        return end
    from incident_kit.policy import about_text
    from incident_kit.text.concepts import affirms, matches

    about_says = matches(about_text(doc), d.superseded_by) is not None
    latest = end
    for entry, m in _marking(doc, d.end)[0]:
        if start_key(m) <= start_key(latest):
            continue
        text = entry.text or entry.raw
        if affirms(text, d.superseded_by) or (about_says and affirms(text, _CORRECTED)):
            latest = m
    return latest


def _kb(kb: Optional["PolicyBase"]) -> "PolicyBase":
    from incident_kit.policy import load_policy

    return kb if kb is not None else load_policy()


def initial_report_clock(doc: "Document", posted: Optional[Moment], kb: Optional["PolicyBase"] = None) -> Optional[Clock]:
    """Awareness of the incident to the first report (72 hours): the first disclosure in the
    timeline, else this report's posting date (``posted``: ``bug.posted``, else the lint date). For
    a revocation delay the incident is known when the CA knew the deadline would not be met."""
    aware = aware_moment(doc, incident=True)
    if aware is None:
        return None
    first = first_disclosure(doc, _kb(kb), after=aware) or posted
    c = irg_clocks.INITIAL_REPORT
    return Clock(c.id, c.summary, c.cite, "aware", aware, "report-posted", first, hours=c.hours, days=c.days)


def full_report_clock(doc: "Document", posted: Optional[Moment], kb: Optional["PolicyBase"] = None) -> Optional[Clock]:
    """The initial disclosure to this full report's posting (14 days)."""
    first = first_disclosure(doc, _kb(kb))
    if first is None:
        return None
    c = irg_clocks.FULL_REPORT
    return Clock(c.id, c.summary, c.cite, "report-posted", first, "this-report-posted", posted, hours=c.hours, days=c.days)


def update_clocks(doc: "Document", kb: Optional["PolicyBase"] = None) -> list[Clock]:
    """One clock per gap between consecutive postings the timeline records (7 days; also 3 days,
    a SHOULD, for a revocation delay), read by :func:`~incident_kit.deadlines.events.update_posts`
    ("Update posted: ..." counts). None when the whiteboard sets a next-update date, except for a
    revocation delay, whose cadence holds whatever that date says."""
    if doc.bug.next_update is not None and not doc.bug.revocation_delay:
        return []
    posts = update_posts(doc, _kb(kb))
    clocks: list[Clock] = []
    cadence = (irg_clocks.UPDATE,) + ((irg_clocks.REVOCATION_DELAY_UPDATE,) if doc.bug.revocation_delay else ())
    for a, b in zip(posts, posts[1:]):
        for c in cadence:
            clocks.append(Clock(c.id, c.summary, c.cite, "update-posted", a, "update-posted", b, hours=c.hours,
                                days=c.days, severity=c.severity))
    return clocks
