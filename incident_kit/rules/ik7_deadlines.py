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

import re  # noqa: F401
from datetime import date, timezone
from typing import TYPE_CHECKING, Iterator, Optional

from incident_kit.deadlines.clock import Moment, lateness, show
from incident_kit.deadlines.events import (
    acknowledged,
    aware_moment,
    clock_starts,
    deadline_applies,
    entry_matches,
    find_event,
    first_disclosure,
    start_key,
    update_posts,
)
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
    past the limit); BR 4.9.1.1 gives 5 days from awareness (or the problem report's receipt) to
    revocation for misissued certificates and 24 hours for a subscriber's request, an unauthorised
    request, key compromise, a computable key or unreliable domain validation (a SHALL: an error);
    BR 4.9.5 gives 24 hours from a problem report to the preliminary report at both the subscriber
    and the reporter; CCADB Policy 5.2 gives 92 days from the end of the audit period to the audit
    statement.

    Each limit applies in its window, judged on the day its clock started (``incident-kit policy
    show ID --as-of DATE``), and the finding names the text it used: before 2018-10-14 the BR gave
    24 hours for every reason, misissuance included; weak keys were a 5-day reason until
    2020-10-19; audits had three calendar months (CCADB Policy 1.x section 5.1, MRSP 2.6-3.0
    section 3.1.3) before the 92 days of 2025-07-15. Before BR 2.2.6 (2026-03-31) a CAA failure is
    judged under the 24-hour reading as a warning with that caveat, since CAs applied either limit.
    Routing to the 24-hour list reads the description with negation ("no key was compromised" is
    not key compromise). A partial revocation ("2 revoked, 1 remains valid") or a promise ("will
    be revoked") is not the completion.

    Each start event counts: two CA certificates created on different days and disclosed together
    give two findings, one per clock. Fires when both events are in the timeline and the end came
    later than the limit: an error
    when the report does not acknowledge the lateness, a notice when it does (the missed deadline
    is part of the incident it reports). Entries known only to the day are counted in calendar
    days; no finding rests on a time the report does not give.

    Stays quiet when an event is missing (other rules ask for the milestones), when the limit was
    kept, for clauses the report does not concern, and for a limit not in force when its clock
    started. When a later entry changes what the first end event lacked (the clause's
    ``superseded_by``, e.g. a corrected audit statement that adds CA certificates to its scope),
    that entry is the one judged; a correction for formatting keeps the first upload. Clauses marked ``implicit`` in the knowledge
    base (the BR revocation and problem-report clocks) are checked in every report whose timeline
    shows both of their events, cited or not.
    """
    kb = _policy_for(ctx)
    seen: set[tuple[str, int, int | None]] = set()
    on = ctx.effective_date(doc)
    clauses = [c.clause for c in kb.concerned(doc, on)]
    clauses += [c for c in kb.clauses.values() if c.implicit and c not in clauses]
    for clause in clauses:
        judged: set[tuple[str, str]] = set()  # (start, end) events a shorter limit already judged
        for d in clause.deadlines:
            if d.end.event == "this-report-posted" or d.start.event == d.end.event:
                continue  # lifecycle clocks: IK702-IK704
            if (d.start.event, d.end.event) in judged or not deadline_applies(doc, d):
                continue
            # The clause text in force when a clock started decides; two CA certificates created
            # on different days are two clocks.
            starts = [m for m in clock_starts(doc, clause.id, d) if d.in_force.covers(m.day)]
            for start in starts:
                end = find_event(doc, d.end, after=start, skip_line=start.line)
                if end is None:
                    continue
                judged.add((d.start.event, d.end.event))
                first_end, end = end, _superseding_end(doc, d, end)
                replaced = f"; it replaces the one of {first_end.label} on line {first_end.line}" if end is not first_end else ""
                late = lateness(start, end, hours=d.hours, days=d.days, months=d.months)
                if late is None:
                    continue
                key = (d.id, start.day.toordinal(), end.line)  # two entries of one day start one clock
                if key in seen:
                    continue
                seen.add(key)
                ack = acknowledged(doc, d.end.event, d.limit_hours)
                severity: Severity = NOTICE if ack else (WARNING if d.severity == "warning" else ERROR)
                note = " The report acknowledges the delay." if ack else " The report does not say this deadline was missed."
                version = f" Judged by {d.in_force.label}." if d.in_force.label else ""
                caveat = f" Note: {d.caveat}" if d.caveat else ""
                yield Hit(
                    f"{clause.id}: {d.summary[0].lower() + d.summary[1:].rstrip('.')}: {d.start.event} {start.label} "
                    f"(line {start.line}), {d.end.event} {end.label} (line {end.line}{replaced}): {late}.{note}{version}{caveat}",
                    line=end.line,
                    severity=severity,
                    citations=(clause.id,),
                )


_CORRECTED = (r"\b(corrected|revised|amended|complete|completed|replacement|re-?issued|re-?uploaded|new version)\b",)


def _superseding_end(doc: "Document", d: "Deadline", end: Moment) -> Moment:
    """The end event that counts: a later entry of the same event replaces the first one when it
    changes what the first one lacked (``superseded_by``, e.g. a corrected audit statement that adds
    CA certificates to its scope), said in the entry itself, or a correction of an incident whose
    description says so ("the statement did not list two subordinate CAs")."""
    if not d.superseded_by:
        return end
    from incident_kit.policy import about_text
    from incident_kit.text.concepts import affirms, matches

    about_says = matches(about_text(doc), d.superseded_by) is not None
    latest = end
    for entry in doc.timeline:
        m = Moment.from_entry(entry)
        if m is None or start_key(m) <= start_key(latest) or not entry_matches(entry, d.end):
            continue
        text = entry.text or entry.raw
        if affirms(text, d.superseded_by) or (about_says and affirms(text, _CORRECTED)):
            latest = m
    return latest


def _first_disclosure(doc: "Document", ctx: Context, after: Optional[Moment]) -> Optional[Moment]:
    return first_disclosure(doc, _policy_for(ctx), after=after)


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
    aware = aware_moment(doc, incident=True)
    if aware is None:
        return
    first = _first_disclosure(doc, ctx, aware)
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
    first = _first_disclosure(doc, ctx, None)
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
    every 7 days, whatever the Next-update date says. This rule measures the gaps between the
    updates the timeline records (entries tagged ``report_posted``, or affirming the
    ``update_posted`` lexicon: "We posted an update", "Update posted: 120 revoked"; the same reading
    as ``incident-kit deadlines``).

    Fires when two consecutive recorded updates (or the first report and the first update) are more
    than 7 days apart (error), or, for a revocation delay, more than 3 days apart (warning). Stays
    quiet when the whiteboard sets a next-update date (except for a revocation delay), and when the
    timeline records fewer than two postings.
    """
    if doc.bug.next_update is not None and not doc.bug.revocation_delay:
        return  # a revocation delay keeps its own cadence whatever the Next-update date says
    posts = update_posts(doc, _policy_for(ctx))
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
