"""IKB08 report-rewrites-timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from difflib import SequenceMatcher
from typing import Iterator

from incident_kit.deadlines.clock import Moment
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ANY_INPUT, WARNING, Context, Hit, rule
from incident_kit.rules.ikb_bug._common import _bug, _hit, _view
from incident_kit.text.concepts import lexicon, mentioned

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


TIMELINE_CORRECTED = lexicon("timeline_corrected")
_TIMESTAMP_WORDS = re.compile(r"[\d:/\-.,]+|\b(?:utc|gmt|am|pm)\b", re.IGNORECASE)


def _entry_words(text: str) -> str:
    return " ".join(_TIMESTAMP_WORDS.sub(" ", text.lower()).split())


@rule(
    code="IKB08",
    name="report-rewrites-timeline",
    severity=WARNING,
    summary="A newer report does not silently change the time of an event an earlier report gave.",
    citations=(cites.IRG3_TIMELINE,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def report_rewrites_timeline(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """A report is a record: when a later report gives the same event at another time, readers
    should be told that (and why) the timeline was corrected.

    Why: reviewers compare reports over the life of a bug; an event that silently moves makes the
    record unreliable.

    The rule compares each CA report's timeline with the CA's previous report: an entry whose words are
    the same (at least 90 % alike once the timestamps are removed) but whose time differs, at the
    precision both give, is a rewrite.

    Fires: on the newer report for each such entry, unless the newer comment says it corrects the
    timeline ("corrected", "previously stated", "revised", ...).

    Stays quiet: when the times agree, when the entries differ in substance, and when the change is
    explained.
    """
    view = _view(ctx)
    reports = [c for c in view.reports if c.by_ca and c.doc is not None and c.doc.timeline]
    for old, new in zip(reports, reports[1:]):
        if mentioned(new.comment.raw_text, TIMELINE_CORRECTED, negated=None):
            continue
        for entry in old.doc.timeline:  # type: ignore[union-attr]
            before = Moment.from_entry(entry)
            words = _entry_words(entry.text or entry.raw)
            if before is None or len(words) < 12:
                continue
            for other in new.doc.timeline:  # type: ignore[union-attr]
                after = Moment.from_entry(other)
                if after is None or SequenceMatcher(None, words, _entry_words(other.text or other.raw)).ratio() < 0.9:
                    continue
                changed = (before.at != after.at) if (before.at and after.at) else before.day != after.day
                if changed:
                    yield _hit(view, new, f"timeline entry (line {other.line}) gives {after.label} for an event "
                               f"{old.label} gave as {before.label} (line {entry.line}), without saying it was corrected.",
                               line=other.line if new is view.latest_report else None)
                break
