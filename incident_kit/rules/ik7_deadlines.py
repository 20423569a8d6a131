"""IK7: deadlines computed from the report's own timeline.

A report's timeline usually shows whether the clause's clock was kept: when the CA certificate was
created and when it was disclosed, when the CA became aware and when the last certificate was
revoked, when the first report was posted. These rules find those events (by the draft's tags, or
by the phrasings the policy knowledge base gives for each event), compute the elapsed time with
aware datetimes, and show the figures. A deadline that was missed and not acknowledged in the
report is an error; one the report acknowledges (treats as part of the incident) is a notice.

Time arithmetic never uses the machine's clock or zone: "now" is ``--as-of`` or the draft's
posted date; entries without a zone are compared by calendar date only.
"""

from __future__ import annotations

import re
from datetime import date, timezone
from typing import TYPE_CHECKING, Iterator, Optional

from incident_kit.deadlines.clock import Moment, lateness, show
from incident_kit.deadlines.events import acknowledged, aware_moment, entry_matches, find_event, find_events, start_key
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, Severity, rule

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.policy import PolicyBase
    from incident_kit.policy.model import Deadline

TIMELINE_KINDS = ("full", "irg2", "legacy")
IRG2_EFFECTIVE = date(2023, 10, 17)
IRG3_EFFECTIVE = date(2025, 3, 1)


def _policy_for(ctx: Context) -> "PolicyBase":
    from incident_kit.policy import policy_for

    return policy_for(ctx)


# ---------------------------------------------------------------------------------------------
# Rules.
# ---------------------------------------------------------------------------------------------




def _has_timeline(doc: "Document", ctx: Context) -> bool:
    return bool(doc.timeline)


def _deadline_applies(doc: "Document", d: "Deadline") -> bool:
    """``applies_when`` and ``not_when`` are tested on what the incident is about (the description,
    or a legacy report's opening answers), not on the whole report, where a remark in passing ("our
    issuing CA", "no key was compromised") would decide."""
    from incident_kit.policy import about_text

    about = about_text(doc)
    if d.applies_when and not any(re.search(p, about, re.IGNORECASE) for p in d.applies_when):
        return False
    return not any(re.search(p, about, re.IGNORECASE) for p in d.not_when)


@rule(
    code="IK701",
    name="clause-deadline-missed",
    severity=ERROR,
    summary="The timeline shows the broken clause's own deadline was kept, or the report says it was not.",
    citations=("IRG 3.2 §Timeline",),
    kinds=TIMELINE_KINDS + ("freeform",),
    applies=_has_timeline,
)
def clause_deadline_missed(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Compute each deadline of the clauses the report concerns from its own timeline.

    Clauses carry their deadlines as data (``incident-kit policy show ID``): the event that starts
    the clock, the event that must happen, and the limit. Examples: MRSP 5.3.2 counts 7 days from
    the creation of a CA certificate to its disclosure in the CCADB (an intermediate created
    2018-06-29 10:27 UTC and disclosed 2018-07-31 was disclosed 32 days after creation, 25 days
    past the limit); BR 4.9.1.1 gives 5 days from awareness to revocation for misissued
    certificates (24 hours for key compromise or unreliable domain validation: reported as a
    warning that states this reading, since CAs have applied both limits to CAA failures); BR
    4.9.5 gives 24 hours from a problem report to the preliminary report; CCADB Policy 5.2 gives
    92 days from the end of the audit period to the audit statement.

    Each start event counts: two CA certificates created on different days and disclosed together
    give two findings, one per clock. Fires when both events are in the timeline and the end came
    later than the limit: an error
    when the report does not acknowledge the lateness, a notice when it does (the missed deadline
    is part of the incident it reports). Entries known only to the day are counted in calendar
    days; no finding rests on a time the report does not give.

    Stays quiet when an event is missing (other rules ask for the milestones), when the limit was
    kept, and for clauses the report does not concern. When a later entry is a corrected or
    complete version of the end event (the clause's ``superseded_by``, e.g. a corrected audit
    statement), that entry is the one judged. Clauses marked ``implicit`` in the knowledge
    base (the BR revocation and problem-report clocks) are checked in every report whose timeline
    shows both of their events, cited or not.
    """
    kb = _policy_for(ctx)
    seen: set[tuple[str, int, int | None]] = set()
    clauses = [c.clause for c in kb.concerned(doc)]
    clauses += [c for c in kb.clauses.values() if c.implicit and c not in clauses]
    for clause in clauses:
        for d in clause.deadlines:
            if d.end.event == "this-report-posted" or d.start.event == d.end.event:
                continue  # lifecycle clocks: IK702-IK704
            if not _deadline_applies(doc, d):
                continue
            if d.start.event == "aware":
                aware = aware_moment(doc)
                starts = [aware] if aware is not None else []
            else:
                starts = find_events(doc, d.start)
            for start in starts:
                end = find_event(doc, d.end, after=start, skip_line=start.line)
                if end is None:
                    continue
                first_end, end = end, _superseding_end(doc, d, end)
                replaced = f"; it replaces the one of {first_end.label} on line {first_end.line}" if end is not first_end else ""
                late = lateness(start, end, hours=d.hours, days=d.days)
                if late is None:
                    continue
                key = (d.id, start.day.toordinal(), end.line)  # two entries of one day start one clock
                if key in seen:
                    continue
                seen.add(key)
                ack = acknowledged(doc, d.end.event, d.limit_hours)
                severity: Severity = NOTICE if ack else (WARNING if d.severity == "warning" else ERROR)
                note = " The report acknowledges the delay." if ack else " The report does not say this deadline was missed."
                caveat = f" Note: {d.caveat}" if d.caveat else ""
                yield Hit(
                    f"{clause.id}: {d.summary[0].lower() + d.summary[1:].rstrip('.')}: {d.start.event} {start.label} "
                    f"(line {start.line}), {d.end.event} {end.label} (line {end.line}{replaced}): {late}.{note}{caveat}",
                    line=end.line,
                    severity=severity,
                    citations=(clause.id,),
                )


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


def _first_disclosure(doc: "Document", after: Optional[Moment]) -> Optional[Moment]:
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


def _posted(doc: "Document", ctx: Context) -> Optional[Moment]:
    if doc.bug.posted is not None:
        at = doc.bug.posted.astimezone(timezone.utc)
        return Moment(at.date(), at, None, show(at.date(), at))
    eff = ctx.effective_date(doc)
    if eff is not None:
        return Moment.from_day(eff, None, f"{eff.isoformat()} (--as-of)")
    return None


@rule(
    code="IK702",
    name="initial-report-late",
    severity=ERROR,
    summary="A preliminary or full report was posted within 72 hours of the CA becoming aware.",
    citations=("IRG 3.2 §When are reports expected?",),
    kinds=("preliminary", "full", "irg2"),
    effective_from=IRG2_EFFECTIVE,
)
def initial_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The first report is due within 72 hours of awareness.

    IRG 3.x: within 72 hours of becoming aware of an incident the CA Owner MUST post a preliminary
    or full report (IRG 2.0 said "should": a warning for reports under it). The report's own
    timeline should show the first disclosure; without one, this report's posting date (``--as-of``
    or the draft's ``bug.posted``) is taken as the first disclosure.

    Fires when the first disclosure in the timeline came more than 72 hours after awareness
    (error; notice when the report acknowledges the late report, warning under IRG 2.0). When the
    timeline shows no disclosure and this report was posted more than 72 hours after awareness, it
    fires as a warning: an earlier preliminary report may exist but is missing from the timeline.
    Stays quiet when a disclosure within 72 hours appears in the timeline, or when awareness or
    the posting date is unknown.
    """
    aware = aware_moment(doc)
    if aware is None:
        return
    first = _first_disclosure(doc, aware)
    basis = "the first disclosure in the timeline"
    if first is None:
        first = _posted(doc, ctx)
        basis = "this report's posting date; the timeline shows no earlier report"
    if first is None:
        return
    late = lateness(aware, first, hours=72, days=None)
    if late is None:
        return
    ack = acknowledged(doc, "report-posted", 72)
    eff = ctx.effective_date(doc)
    if ack:
        severity = NOTICE
    elif doc.kind == "irg2" or (eff and eff < IRG3_EFFECTIVE) or first.line is None:
        # IRG 2.0 said "should"; and without a disclosure in the timeline an earlier preliminary
        # report may simply be missing from it, so the finding asks rather than asserts.
        severity = WARNING
    else:
        severity = ERROR
    yield Hit(
        f"aware {aware.label} (line {aware.line}); first report {first.label} ({basis}): {late}.",
        line=first.line or aware.line,
        severity=severity,
        suggestion="If a preliminary report was posted earlier, add it to the timeline with its time.",
    )


@rule(
    code="IK703",
    name="full-report-late",
    severity=ERROR,
    summary="The full report came within 14 days of the initial disclosure.",
    citations=("IRG 3.2 §When are reports expected?",),
    kinds=("full",),
    effective_from=IRG3_EFFECTIVE,
)
def full_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The full report is due within 14 days of the incident's initial disclosure.

    Fires when the timeline shows the initial disclosure (a preliminary report, or the bug being
    opened) and this full report was posted (``--as-of`` or ``bug.posted``) more than 14 calendar
    days later: an error, or a notice when the report acknowledges it. Stays quiet without a
    disclosure event or a posting date.
    """
    first = _first_disclosure(doc, None)
    posted = _posted(doc, ctx)
    if first is None or posted is None:
        return
    late = lateness(first, posted, hours=None, days=14)
    if late is None:
        return
    ack = acknowledged(doc, "this-report-posted", 14 * 24)
    yield Hit(
        f"initial disclosure {first.label} (line {first.line}); full report posted {posted.label}: {late}.",
        line=first.line,
        severity=NOTICE if ack else ERROR,
    )


_UPDATE = re.compile(
    r"\b(posted|provided|gave|shared|published)\b.{0,30}\b(an? |the )?(weekly |interim |status |progress |revocation )?update\b"
    r"|\bupdate\b.{0,20}\b(posted|provided|published)\b",
    re.IGNORECASE,
)


@rule(
    code="IK704",
    name="update-gap",
    severity=ERROR,
    summary="Updates on an open report are at most 7 days apart (3 days recommended for revocation delays).",
    citations=("IRG 3.2 §When are reports updated?",),
    kinds=("full",),
    effective_from=IRG3_EFFECTIVE,
    applies=_has_timeline,
)
def update_gap(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Open reports are updated at least every 7 days (unless a next-update date is set).

    With a ``revocation-delay`` whiteboard, updates SHOULD come every 3 days and MUST come at least
    every 7 days. This rule measures the gaps between the updates the timeline records.

    Fires when two consecutive recorded updates (or the first report and the first update) are more
    than 7 days apart (error), or, for a revocation delay, more than 3 days apart (warning). Stays
    quiet when the whiteboard sets a next-update date, and when the timeline records fewer than two
    postings.
    """
    if doc.bug.next_update is not None:
        return
    posts: list[Moment] = []
    first = _first_disclosure(doc, None)
    if first is not None:
        posts.append(first)
    for entry in doc.timeline:
        if "report_posted" in entry.tags or _UPDATE.search(entry.text or entry.raw):
            m = Moment.from_entry(entry)
            if m and all(m.line != p.line for p in posts):
                posts.append(m)
    posts.sort(key=start_key)
    for a, b in zip(posts, posts[1:]):
        late = lateness(a, b, hours=None, days=7)
        if late:
            yield Hit(f"postings {a.label} (line {a.line}) and {b.label} (line {b.line}): {late}.", line=b.line)
        elif doc.bug.revocation_delay:
            soft = lateness(a, b, hours=None, days=3)
            if soft:
                yield Hit(
                    f"revocation-delay updates {a.label} and {b.label}: {soft}; updates SHOULD come every 3 days.",
                    line=b.line,
                    severity=WARNING,
                )
