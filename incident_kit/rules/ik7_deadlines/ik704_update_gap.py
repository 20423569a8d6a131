"""IK704 update-gap."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.deadlines.clocks import update_clocks
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import KIND_FULL, IRG3_START as IRG3_EFFECTIVE
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ik7_deadlines._common import _has_timeline, _policy_for

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


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

    Why: with a ``revocation-delay`` whiteboard, updates SHOULD come every 3 days and MUST come at least
    every 7 days, whatever the Next-update date says. This rule measures the gaps between the
    updates the timeline records (entries tagged ``report_posted``, or affirming the
    ``update_posted`` lexicon: "We posted an update", "Update posted: 120 revoked"; the same reading
    as ``incident-kit deadlines``).

    Fires: when two consecutive recorded updates (or the first report and the first update) are more
    than 7 days apart (error), or, for a revocation delay, more than 3 days apart (warning).

    Stays quiet: when the whiteboard sets a next-update date (except for a revocation delay), and when the
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
