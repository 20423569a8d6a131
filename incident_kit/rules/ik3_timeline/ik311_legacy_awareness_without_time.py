"""IK311 legacy-awareness-without-time."""

from __future__ import annotations

from typing import Iterator, Optional

from incident_kit.document import KIND_LEGACY, Document, TimelineEntry
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import has_milestone


def _answer_line(sec) -> int:  # type: ignore[no-untyped-def]
    """The first line of a topic's answer (the topic's own line when the answer shares it)."""
    for index, text in enumerate(sec.text.split("\n")):
        if text.strip():
            return sec.text_line(index)
    return sec.line


@rule(
    code="IK311",
    name="legacy-awareness-without-time",
    severity=WARNING,
    summary="A legacy report says when the CA became aware; topic 1 gives the date and the time.",
    citations=(cites.IRG_LEGACY, cites.IRG1),
    kinds=(KIND_LEGACY,),
)
def legacy_awareness_without_time(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The report does not say when the CA became aware; or topic 1 leaves out the time of day.

    Why: topic 1 asks how the CA first became aware of the problem "and the time and date"; the
    deadlines that follow (24 hours for a preliminary report to a problem reporter, 24 hours or 5
    days to revoke) run from that moment. The legacy list is introduced with "should".

    Fires: judged as a reviewer reads the whole report, not topic 1 alone:

    - warning when nothing dates the awareness: topic 1 gives no date, and no timeline entry
      that records the discovery or the problem report has a date;
    - notice when topic 1 gives the date but not the time of day, or leaves the date to the
      timeline that gives it: the moment is in the report, and reviewers of the legacy era did
      not ask for the time in topic 1 once the date (or the timeline) settled it, so it is
      advice, not a defect to raise.

    Stays quiet: when topic 1 gives a date and time ("2021-06-14 2:17 PM PDT", "20220425 at 8 CEST");
    when topic 1 is missing (IK106 reports it).
    """
    from incident_kit.text.timestamps import find_all_times

    sec = doc.section("topic1")
    if sec is None or not sec.text.strip():
        return
    found = find_all_times(sec.text)
    if any(tv.has_time for tv, _, _ in found):
        return
    dated = _dated_awareness_entry(doc)
    suggestion = "give the date and time with its zone, e.g. 2018-07-30 23:31 UTC"
    if found:
        yield Hit(
            "the answer on how the CA became aware gives the date but no time of day",
            line=_answer_line(sec),
            severity=NOTICE,
            suggestion=suggestion,
        )
    elif dated is not None:
        yield Hit(
            f"the answer on how the CA became aware gives no date or time; only the timeline does (line {dated.line})",
            line=_answer_line(sec),
            severity=NOTICE,
            suggestion=suggestion,
        )
    else:
        yield Hit(
            "the report does not say when the CA became aware: the answer gives no date or time, and "
            "no timeline entry dates the discovery",
            line=_answer_line(sec),
            suggestion=suggestion,
        )


def _dated_awareness_entry(doc: "Document") -> Optional[TimelineEntry]:
    """The first dated timeline entry that records the discovery or a problem report."""
    for entry in doc.timeline:
        if entry.when is None or entry.when.value is None:
            continue
        if "cpr_received" in entry.tags or has_milestone(entry, "aware"):
            return entry
    return None
