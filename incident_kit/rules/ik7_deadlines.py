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

from datetime import timezone
from typing import TYPE_CHECKING, Iterator, Optional

from incident_kit.irg.kinds import KIND_FULL, KIND_IRG2, KIND_PRELIMINARY
from incident_kit.deadlines.clock import Moment, show
from incident_kit.deadlines.clocks import Clock, clause_clocks, full_report_clock, initial_report_clock, update_clocks
from incident_kit.deadlines.events import acknowledged
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import IRG2_START as IRG2_EFFECTIVE
from incident_kit.irg.kinds import IRG3_START as IRG3_EFFECTIVE
from incident_kit.irg.kinds import WITH_TIMELINE
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, Severity, rule

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.policy import PolicyBase

TIMELINE_KINDS = WITH_TIMELINE


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
    citations=(cites.IRG3_TIMELINE,),
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
    seen: set[tuple[str, int, Optional[int]]] = set()
    for c in clause_clocks(doc, _policy_for(ctx), ctx.effective_date(doc)):
        over = c.overrun
        if c.end is None or over is None:
            continue
        key = (c.id, c.start.day.toordinal(), c.end.line)  # two entries of one day start one clock
        if key in seen:
            continue
        seen.add(key)
        replaced = f"; it replaces the one of {c.replaced.label} on line {c.replaced.line}" if c.replaced else ""
        ack = acknowledged(doc, c.end_event, _limit_hours(c))
        severity: Severity = NOTICE if ack else (WARNING if c.severity == "warning" else ERROR)
        note = " The report acknowledges the delay." if ack else " The report does not say this deadline was missed."
        version = f" Judged by {c.cite}." if c.cite else ""
        caveat = f" Note: {c.caveat}" if c.caveat else ""
        yield Hit(
            f"{c.clause}: {c.name[0].lower() + c.name[1:]}: {c.start_event} {c.start.label} "
            f"(line {c.start.line}), {c.end_event} {c.end.label} (line {c.end.line}{replaced}): {over.sentence}.{note}{version}{caveat}",
            line=c.end.line,
            severity=severity,
            citations=(c.clause,),
        )


def _limit_hours(c: Clock) -> Optional[float]:
    if c.months is not None:
        return 24 * 28 * c.months  # the shortest such span, as Deadline.limit_hours counts it
    if c.minutes is not None:
        return c.minutes / 60
    return c.hours if c.hours is not None else (c.days * 24 if c.days is not None else None)


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
    citations=(cites.IRG3_EXPECTED,),
    kinds=(KIND_PRELIMINARY, KIND_FULL, KIND_IRG2),
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
    clock = initial_report_clock(doc, _posted(doc, ctx), _policy_for(ctx))
    if clock is None or clock.end is None or clock.overrun is None:
        return
    aware, first = clock.start, clock.end
    basis = "the first disclosure in the timeline" if first.line is not None else "this report's posting date; the timeline shows no earlier report"
    ack = acknowledged(doc, "report-posted", 72)
    eff = ctx.effective_date(doc)
    if ack:
        severity = NOTICE
    elif doc.kind == KIND_IRG2 or (eff and eff < IRG3_EFFECTIVE) or first.line is None:
        # IRG 2.0 said "should"; and without a disclosure in the timeline an earlier preliminary
        # report may simply be missing from it, so the finding asks rather than asserts.
        severity = WARNING
    else:
        severity = ERROR
    yield Hit(
        f"aware {aware.label} (line {aware.line}); first report {first.label} ({basis}): {clock.overrun.sentence}.",
        line=first.line or aware.line,
        severity=severity,
        suggestion="If a preliminary report was posted earlier, add it to the timeline with its time.",
    )


@rule(
    code="IK703",
    name="full-report-late",
    severity=ERROR,
    summary="The full report came within 14 days of the initial disclosure.",
    citations=(cites.IRG3_EXPECTED,),
    kinds=(KIND_FULL,),
    effective_from=IRG3_EFFECTIVE,
)
def full_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The full report is due within 14 days of the incident's initial disclosure.

    Fires when the timeline shows the initial disclosure (a preliminary report, or the bug being
    opened) and this full report was posted (``--as-of`` or ``bug.posted``) more than 14 calendar
    days later: an error, or a notice when the report acknowledges it. Stays quiet without a
    disclosure event or a posting date.
    """
    clock = full_report_clock(doc, _posted(doc, ctx), _policy_for(ctx))
    if clock is None or clock.end is None or clock.overrun is None:
        return
    ack = acknowledged(doc, "this-report-posted", 14 * 24)
    yield Hit(
        f"initial disclosure {clock.start.label} (line {clock.start.line}); full report posted {clock.end.label}: {clock.overrun.sentence}.",
        line=clock.start.line,
        severity=NOTICE if ack else ERROR,
    )


@rule(
    code="IK704",
    name="update-gap",
    severity=ERROR,
    summary="Updates on an open report are at most 7 days apart (3 days recommended for revocation delays).",
    citations=(cites.IRG3_UPDATED,),
    kinds=(KIND_FULL,),
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
    clocks = update_clocks(doc, _policy_for(ctx))
    missed_7d = {c.start.line for c in clocks if c.days == 7 and c.overrun}
    for clock in clocks:
        over = clock.overrun
        if clock.end is None or over is None:
            continue
        a, b = clock.start, clock.end
        if clock.days == 7:
            yield Hit(f"postings {a.label} (line {a.line}) and {b.label} (line {b.line}): {over.sentence}.", line=b.line)
        elif a.line not in missed_7d:
            yield Hit(
                f"revocation-delay updates {a.label} and {b.label}: {over.sentence}; updates SHOULD come every 3 days.",
                line=b.line,
                severity=WARNING,
            )


# ---------------------------------------------------------------------------------------------
# Every clock of a report, for pictures (incident-kit timeline, preview).
# ---------------------------------------------------------------------------------------------

_CLOCKS_OF_RULE = (
    ("IK701", lambda doc, ctx: clause_clocks(doc, _policy_for(ctx), ctx.effective_date(doc))),
    ("IK702", lambda doc, ctx: [c for c in [initial_report_clock(doc, _posted(doc, ctx), _policy_for(ctx))] if c is not None]),
    ("IK703", lambda doc, ctx: [c for c in [full_report_clock(doc, _posted(doc, ctx), _policy_for(ctx))] if c is not None]),
    ("IK704", lambda doc, ctx: update_clocks(doc, _policy_for(ctx))),
)


def report_clocks(doc: "Document", ctx: Context) -> list[Clock]:
    """The clocks of every IK7 rule that applies to ``doc`` and is in force at its date: the
    same clocks those rules judge, so a picture and the findings cannot disagree."""
    from incident_kit.lint.engine import in_force
    from incident_kit.lint.rule import all_rules

    rules = all_rules()
    when = ctx.effective_date(doc)
    clocks: list[Clock] = []
    for code, make in _CLOCKS_OF_RULE:
        r = rules[code]
        if doc.kind not in r.kinds or (r.applies is not None and not r.applies(doc, ctx)) or not in_force(r, when):
            continue
        clocks.extend(make(doc, ctx))
    return clocks
