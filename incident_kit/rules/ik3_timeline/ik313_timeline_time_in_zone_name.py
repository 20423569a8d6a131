"""IK313 timeline-time-in-zone-name."""

from __future__ import annotations

from typing import Iterable

from incident_kit.document import KIND_FULL, Document
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import (
    C_TIMELINE,
    _list_lines,
    _per_entry_or_summary,
    _when,
    named_zone_entries,
)
from incident_kit.text.timestamps import written_zone_name


@rule(
    code="IK313",
    name="timeline-time-in-zone-name",
    severity=NOTICE,
    summary="Timeline times are written in UTC or with their offset, not with a zone name.",
    citations=(C_TIMELINE,),
    kinds=(KIND_FULL,),
)
def timeline_time_in_zone_name(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline time is given with a zone name ("13:20 CEST", "2:17 PM PDT", "Pacific Time").

    Why: IRG 3.2 §Timeline asks for all times "in UTC or UTC+local offset". A zone name is
    neither: the reader has to know its offset (CST, IST and AST each name several zones) and,
    for names such as "Pacific Time", the daylight-saving rules of the date, before comparing the
    entry with the others or with a deadline. The name itself usually settles the instant, so
    this is advice (notice), not an error.

    Fires: "2025-10-02 13:20 CEST – ...", "June 14, 2021 at 2:17 PM PDT: ...", "16:45 Pacific
    Time", in a Full report. When more than three entries do it, one finding lists them all.

    Stays quiet: UTC, GMT or Z; an offset ("+02:00", "UTC+2"); a name with its offset
    ("PDT (UTC-7)"); times with no zone (IK303) or covered by a declaration such as "All times
    are Pacific Time" (the declaration names the zone once for all); IRG 2.0 and legacy reports,
    whose guidance does not ask for UTC or offsets in these words.
    """
    entries = named_zone_entries(doc)
    yield from _per_entry_or_summary(
        doc,
        entries,
        lambda e: (
            f"timeline time \u201c{_when(e)}\u201d is given in the zone {written_zone_name(e.when.raw)}, "
            "not in UTC or with its offset"
        ),
        lambda es: (
            f"{len(es)} of {len(doc.timeline)} timeline times are given with a zone name, not in UTC or with their "
            f"offset (lines {_list_lines(es)})"
        ),
        suggestion="write each time in UTC (2025-10-02 11:20 UTC) or with its offset (2025-10-02 13:20 +02:00)",
    )
