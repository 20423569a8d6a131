"""IK302 timeline-entry-without-time-of-day."""

from __future__ import annotations

import re
from typing import Iterable

from incident_kit.document import KIND_LEGACY, Document, TimelineEntry
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import (
    C_LEGACY,
    C_TIMELINE,
    C_TIMELINE_2,
    ENTRY_KINDS,
    _list_lines,
    _per_entry_or_summary,
    _when,
    entry_text,
)
from incident_kit.text.concepts import mentioned, lexicon


REQUIREMENT_EFFECTIVE = lexicon("requirement_effective")
_FIRST_PERSON_RE = re.compile(r"\b(?:we|our|us|we've|we'd)\b", re.IGNORECASE)


def is_background(entry: TimelineEntry) -> bool:
    """Whether the entry only dates a requirement taking effect ("Ballot SC-99 takes effect",
    "entry into force of the new rules"): background the timeline may include, not an action of
    the CA. An entry that also says what the CA did ("the rule took effect and we updated our
    profile") is an event of the incident."""
    if "requirement_effective" in entry.tags:
        return True
    text = entry_text(entry)
    return mentioned(text, REQUIREMENT_EFFECTIVE) and not _FIRST_PERSON_RE.search(text)


@rule(
    code="IK302",
    name="timeline-entry-without-time-of-day",
    severity=WARNING,
    summary="Timeline entries give the time of day, to the minute.",
    citations=(C_TIMELINE, C_TIMELINE_2, C_LEGACY),
    kinds=ENTRY_KINDS,
)
def timeline_entry_without_time_of_day(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry gives a date (or an hour) but not the minute.

    Why: IRG 3.2 §Timeline says times SHOULD have at least minute-level granularity (IRG 2.0:
    "should ... have at least minute-level granularity"; legacy item 2: "date-and-time-stamped").
    Deadlines of 24 hours or 72 hours cannot be checked against dates alone.

    Fires: "2025-06-05 – Question posted", "27 August 2019 – Problem report received",
    "March 2024 – ...", "2025-06-05 14h – ..." (hour only). When more than three entries lack the
    time, one finding lists them all (at the first), since the habit is the problem.

    Stays quiet: entries with a time to the minute or second, with or without a zone (the zone is
    IK303's business); entries with no readable date (IK301).

    Narrowed, because a reviewer asks for the minute only where the minute can matter:

    - background entries, where a requirement, policy or ballot took effect ("2023-09-15: entry
      into force of the new profile rules", "S/MIME BR goes into effect") and the entry says
      nothing the CA did: such a date is a calendar day by nature, and no deadline of the
      incident runs from its minute (legacy item 2 names "when a requirement became applicable"
      as background the timeline may include);
    - in a legacy report, an entry with a time to the hour ("7 AM", "at 8 CEST"): the legacy list
      asks for a "date-and-time-stamped" sequence, not minute-level granularity, which IRG 2.0
      introduced.
    """
    legacy = doc.kind == KIND_LEGACY
    fine = ("minute", "second", "hour") if legacy else ("minute", "second")
    coarse = [
        e
        for e in doc.timeline
        if e.when is not None
        and e.when.value is not None
        and e.when.precision not in fine
        and not is_background(e)
    ]
    yield from _per_entry_or_summary(
        doc,
        coarse,
        lambda e: f"timeline entry \u201c{_when(e)}\u201d has no time of day to the minute"
        + ("" if e.when.has_time else " and no zone"),
        lambda es: (
            f"{len(es)} of {len(doc.timeline)} timeline entries give no time of day to the minute "
            f"(lines {_list_lines(es)})"
        ),
        suggestion="give each entry a time to the minute, e.g. 2025-06-05 14:30 UTC",
    )
