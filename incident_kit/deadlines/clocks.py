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

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Optional

from incident_kit.deadlines.clock import Moment, Overrun, judge
from incident_kit.deadlines.events import aware_moment, entry_matches, find_event, find_events, start_key

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
    severity: str = "error"  # the deadline's own severity (a MUST, or a SHOULD reading)
    replaced: Optional[Moment] = None  # a first end event that a corrected one replaces
    caveat: str = ""

    @property
    def overrun(self) -> Optional[Overrun]:
        return judge(self.start, self.end, hours=self.hours, days=self.days, months=self.months) if self.end else None

    @property
    def limit(self) -> str:
        if self.months is not None:
            return f"{self.months} mo"
        return f"{self.hours} h" if self.hours is not None else f"{self.days} d"



def deadline_applies(doc: "Document", d: "Deadline") -> bool:
    """``applies_when`` and ``not_when`` are tested on what the incident is about (the description,
    or a legacy report's opening answers), not on the whole report, where a remark in passing ("our
    issuing CA", "no key was compromised") would decide."""
    from incident_kit.policy import about_text

    about = about_text(doc)
    if d.applies_when and not any(re.search(p, about, re.IGNORECASE) for p in d.applies_when):
        return False
    return not any(re.search(p, about, re.IGNORECASE) for p in d.not_when)



def clause_clocks(doc: "Document", kb: "PolicyBase", on: Optional[date] = None) -> list[Clock]:
    """The clocks of the clauses the report concerns (and of the implicit ones: the BR revocation
    and problem-report clocks, only where the timeline shows both their events), one per start
    event in the timeline (one per day): two CA certificates created on different days run two
    disclosure clocks. ``on`` (else the posting date) decides what a section number names."""
    clauses = [c.clause for c in kb.concerned(doc, on)]
    concerned = {c.id for c in clauses}
    clauses += [c for c in kb.clauses.values() if c.implicit and c not in clauses]
    clocks: list[Clock] = []
    seen: set[tuple[str, int]] = set()
    aware: Optional[Moment] = None
    for clause in clauses:
        for d in clause.deadlines:
            if d.end.event == "this-report-posted" or d.start.event == d.end.event:
                continue  # lifecycle clocks: IK702-IK704
            if not deadline_applies(doc, d):
                continue
            if d.start.event == "aware":
                aware = aware or aware_moment(doc)
                starts = [aware] if aware else []
            else:
                starts = find_events(doc, d.start)
            for start in starts:
                if (d.id, start.day.toordinal()) in seen:
                    continue  # two entries of one day start one clock
                seen.add((d.id, start.day.toordinal()))
                end = find_event(doc, d.end, after=start, skip_line=start.line)
                if end is None and clause.id not in concerned:
                    continue  # an implicit clock runs only when the timeline shows both its events
                first_end = end
                if end is not None:
                    end = _superseding_end(doc, d, end)
                clocks.append(Clock(
                    d.id, d.summary.rstrip("."), clause.id, d.start.event, start, d.end.event, end,
                    hours=d.hours, days=d.days, months=d.months, severity=d.severity or "error",
                    replaced=first_end if end is not first_end else None, caveat=d.caveat or "",
                ))
    return clocks



def _superseding_end(doc: "Document", d: "Deadline", end: Moment) -> Moment:
    """The end event that counts: a later entry of the same event described as corrected or
    complete (``superseded_by``) replaces the first one."""
    if not d.superseded_by:
        return end
    from incident_kit.text.concepts import affirms

    latest = end
    for entry in doc.timeline:
        m = Moment.from_entry(entry)
        if m is None or start_key(m) <= start_key(latest) or not entry_matches(entry, d.end):
            continue
        if affirms(entry.text or entry.raw, d.superseded_by):
            latest = m
    return latest



def first_disclosure(doc: "Document", after: Optional[Moment]) -> Optional[Moment]:
    from incident_kit.policy.kb import EventSpec

    spec = EventSpec(
        event="report-posted",
        tags=["report_posted", "scope_disclosed", "prelim_to_reporter"],
        phrases=[
            r"\b(preliminary|initial|incident|full)\s+(incident )?report\b.{0,40}\b(posted|filed|published|submitted|shared)\b",
            r"\b(posted|filed|published|submitted|opened|created)\s+(a |an |the |our |this )?(preliminary |initial |full )?(incident )?(report|bugzilla bug)\b",
            r"\b(we|ca|the ca owner)\s+(opened|filed|created)\s+(a |the |this )?(bugzilla )?bug\b",
            r"\b(filed|opened|posted)\s+with\s+(a|an|the|our)\s+(preliminary|initial|full|incident)\b",
            r"\b(disclosed|reported)\b.{0,30}\b(the incident|this incident|it)\b.{0,30}\b(on|in|to) (bugzilla|mozilla|the ccadb)",
        ],
    )
    return find_event(doc, spec, after=after)



def initial_report_clock(doc: "Document", posted: Optional[Moment]) -> Optional[Clock]:
    """Awareness to the first report (72 hours): the first disclosure in the timeline, else this
    report's posting date (``posted``: ``bug.posted``, else the lint date)."""
    aware = aware_moment(doc)
    if aware is None:
        return None
    first = first_disclosure(doc, aware) or posted
    return Clock("initial-report-72h", "post a preliminary or full report within 72 hours of becoming aware",
                 "IRG 3.2 §When are reports expected?", "aware", aware, "report-posted", first, hours=72)



def full_report_clock(doc: "Document", posted: Optional[Moment]) -> Optional[Clock]:
    """The initial disclosure to this full report's posting (14 days)."""
    first = first_disclosure(doc, None)
    if first is None:
        return None
    return Clock("full-report-14d", "post the full report within 14 days of the initial disclosure",
                 "IRG 3.2 §When are reports expected?", "report-posted", first, "this-report-posted", posted, days=14)



UPDATE_POSTED = re.compile(
    r"\b(posted|provided|gave|shared|published)\b.{0,30}\b(an? |the )?(weekly |interim |status |progress |revocation )?update\b"
    r"|\bupdate\b.{0,20}\b(posted|provided|published)\b",
    re.IGNORECASE,
)



def update_clocks(doc: "Document") -> list[Clock]:
    """One clock per gap between consecutive postings the timeline records (7 days; also 3 days,
    a SHOULD, for a revocation delay). None when the whiteboard sets a next-update date."""
    if doc.bug.next_update is not None:
        return []
    posts: list[Moment] = []
    first = first_disclosure(doc, None)
    if first is not None:
        posts.append(first)
    for entry in doc.timeline:
        if "report_posted" in entry.tags or UPDATE_POSTED.search(entry.text or entry.raw):
            m = Moment.from_entry(entry)
            if m and all(m.line != p.line for p in posts):
                posts.append(m)
    posts.sort(key=start_key)
    clocks: list[Clock] = []
    cite = "IRG 3.2 §When are reports updated?"
    for a, b in zip(posts, posts[1:]):
        clocks.append(Clock("update-7d", "post an update at least every 7 days", cite, "update-posted", a, "update-posted", b, days=7))
        if doc.bug.revocation_delay:
            clocks.append(Clock("update-3d", "post a revocation-delay update every 3 days", cite, "update-posted", a,
                                "update-posted", b, days=3, severity="warning"))
    return clocks
