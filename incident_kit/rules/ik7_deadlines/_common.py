"""Helpers, constants and patterns the ik7_deadlines rules share (or other modules use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import timezone
from typing import Optional

from incident_kit.deadlines.clock import Moment, show
from incident_kit.deadlines.clocks import Clock, clause_clocks, full_report_clock, initial_report_clock, update_clocks
from incident_kit.lint.rule import Context

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.policy import PolicyBase


def _policy_for(ctx: Context) -> "PolicyBase":
    from incident_kit.policy import policy_for

    return policy_for(ctx)


def _has_timeline(doc: "Document", ctx: Context) -> bool:
    return bool(doc.timeline)


def _posted(doc: "Document", ctx: Context) -> Optional[Moment]:
    if doc.bug.posted is not None:
        at = doc.bug.posted.astimezone(timezone.utc)
        return Moment(at.date(), at, None, show(at.date(), at))
    eff = ctx.effective_date(doc)
    if eff is not None:
        return Moment.from_day(eff, None, f"{eff.isoformat()} (--as-of)")
    return None


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
