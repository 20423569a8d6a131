"""IK701 clause-deadline-missed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator, Optional

from incident_kit.deadlines.clocks import Clock, clause_clocks
from incident_kit.deadlines.events import acknowledged
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import WITH_TIMELINE
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, Severity, rule
from incident_kit.rules.ik7_deadlines._common import _has_timeline, _policy_for

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


TIMELINE_KINDS = WITH_TIMELINE


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

    Why: a deadline is part of what a clause requires; a report whose own timeline shows it missed
    describes a second non-compliance, which the report should acknowledge.

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
    give two findings, one per clock.

    Fires: when both events are in the timeline and the end came later than the limit: an error
    when the report does not acknowledge the lateness, a notice when it does (the missed deadline
    is part of the incident it reports). Entries known only to the day are counted in calendar
    days; no finding rests on a time the report does not give.

    Stays quiet: when an event is missing (other rules ask for the milestones), when the limit was
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
