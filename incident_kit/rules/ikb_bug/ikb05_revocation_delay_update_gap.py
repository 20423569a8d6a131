"""IKB05 revocation-delay-update-gap."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import datetime
from typing import Iterator

from incident_kit.lint.rule import ANY_INPUT, ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ikb_bug._common import (
    BugView,
    ClassifiedComment,
    UPDATED,
    _hit,
    _now_label,
    _revocations_finished,
    _view,
)

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


def _elapsed_days(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 86400


@rule(
    code="IKB05",
    name="revocation-delay-update-gap",
    severity=ERROR,
    summary="While revocation is delayed, updates come at least every 7 days (every 3 days recommended).",
    citations=(UPDATED,),
    kinds=ANY_INPUT,
    applies=lambda doc, ctx: ctx.bug is not None and ctx.bug.record.revocation_delay,
    scope="bug",
)
def revocation_delay_update_gap(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """With ``revocation-delay`` on the whiteboard, updates SHOULD come every 3 days and MUST come at
    least every 7 days, until the revocations are complete.

    Why: while certificates that should have been revoked stay valid, these updates are how the
    community follows the delay and its end.

    The updates are the CA's comments from its first one on. The period ends at the first CA comment
    saying that all (or the remaining) certificates are revoked, at a Closure report, or, for the
    last stretch, at the bug's resolution; an open bug is measured up to now.

    Fires: (error) when two consecutive CA comments are more than 7 days apart, or when more than 7
    days have passed since the last one (overdue); a warning for more than 3 days.

    Stays quiet: when updates came every 3 days or less, and after the revocations were reported
    complete.
    """
    view = _view(ctx)
    cas = view.ca_comments
    if not cas:
        return
    posts: list["ClassifiedComment"] = []
    finished = False
    for c in cas:
        posts.append(c)
        if c.kind == "closure" or _revocations_finished(c.comment.raw_text):
            finished = True
            break
    for a, b in zip(posts, posts[1:]):
        yield from _gap(view, a, b.time, b.label, b)
    if not finished and view.record.is_open:
        yield from _gap(view, posts[-1], view.now, f"now ({_now_label(view)})", posts[-1], overdue=True)


def _gap(view: "BugView", a: "ClassifiedComment", end: datetime, end_label: str, anchor: "ClassifiedComment",
         overdue: bool = False) -> Iterator[Hit]:
    days = _elapsed_days(a.time, end)
    if days > 7:
        yield _hit(view, anchor, f"{days:.1f} days between {a.label} and {end_label} while revocation is delayed; "
                   "updates MUST come at least every 7 days.", overdue=overdue)
    elif days > 3:
        yield _hit(view, anchor, f"{days:.1f} days between {a.label} and {end_label} while revocation is delayed; "
                   "updates SHOULD come every 3 days.", severity=WARNING, overdue=overdue)
