"""Helpers, constants and patterns the ikb_bug rules share (or other modules use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from datetime import datetime
from typing import Any, Optional

from incident_kit.deadlines.clock import Moment, moment_at, show
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import Context, Hit
from incident_kit.text.concepts import lexicon, mentions

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import ActionItemRow, Document


# The classified bug (``ctx.bug``) comes from sources/bugzilla/classify.py (BugView, ClassifiedComment);
# rules sit above sources/ and know it only by the attributes they read.
BugView = Any
ClassifiedComment = Any

EXPECTED = cites.IRG3_EXPECTED
UPDATED = cites.IRG3_UPDATED


def _bug(doc: "Document", ctx: Context) -> bool:
    return ctx.bug is not None


def _view(ctx: Context) -> "BugView":
    return ctx.bug


def _at(when: datetime, label: str = "") -> Moment:
    m = moment_at(when)
    return Moment(m.day, m.at, None, label) if label else m


def _hit(view: "BugView", c: "ClassifiedComment", message: str, *, overdue: bool = False, **kw: Any) -> Hit:
    return Hit(f"{c.label}: {message}", ref=c.ref(view.id, overdue=overdue), **kw)


def _now_label(view: "BugView") -> str:
    return show(view.now.date(), view.now)


REVOCATION_DONE = lexicon("revocation_done")
_NOT_YET = re.compile(r"\bnot\b|n't\b|\bnever\b|\byet\b", re.IGNORECASE)  # inside the match: "have not been revoked"
_FUTURE = re.compile(r"\b(?:will|shall|going to|plan(?:s|ned)?|expect(?:s|ed)?|scheduled|estimated?)\b", re.IGNORECASE)


def _revocations_finished(text: str) -> bool:
    """The comment says the revocations are done (not that they will be: "all 7 certificates will
    be revoked by ..." is a plan)."""
    return any(
        not m.negated and not _FUTURE.search(m.sentence) and not _NOT_YET.search(m.text)
        for m in mentions(text, REVOCATION_DONE)
    )


DONE = ("Complete", "Canceled")


def _status(row: "ActionItemRow") -> Optional[str]:
    from incident_kit.rules.ik6_actions._common import normalized_status

    return normalized_status(row)


def _tables(view: "BugView") -> list[tuple["ClassifiedComment", list["ActionItemRow"]]]:
    """The action item tables the CA posted, oldest first."""
    return [(c, c.doc.action_items) for c in view.ca_comments if c.doc is not None and c.doc.action_items]
