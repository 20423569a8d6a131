"""IK312 timeline-year-inferred."""

from __future__ import annotations

from typing import Iterable

from incident_kit.document import Document
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import (
    C_LEGACY,
    C_TIMELINE,
    C_TIMELINE_2,
    TIMELINE_KINDS,
    _list_lines,
    _per_entry_or_summary,
    _when,
)


@rule(
    code="IK312",
    name="timeline-year-inferred",
    severity=NOTICE,
    summary="Timeline dates give their year.",
    citations=(C_TIMELINE, C_TIMELINE_2, C_LEGACY),
    kinds=TIMELINE_KINDS,
)
def timeline_year_inferred(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry's date has no year; the reader took it from the entries around it.

    Why: a timeline is a date-and-time-stamped sequence (IRG 3.2 §Timeline; legacy item 2). "On
    July the 31th" is clear to the author and to nobody reading the bug years later; the reader
    (and the deadline rules) had to guess the year from the neighbouring entries or the posting
    date. The guess is shown so that it can be checked: a notice, since a year is advice rather
    than a stated requirement.

    Fires: (notice) on each entry whose date has no year ("3/14 11pm", "on the morning of 2nd May"),
    naming the year used and where it came from.

    Stays quiet: when the date gives its year, and on entries with no readable date (IK301).
    """
    yearless = [e for e in doc.timeline if e.when is not None and e.when.value is not None and not e.when.has_year]
    yield from _per_entry_or_summary(
        doc,
        yearless,
        lambda e: (
            f"timeline entry \u201c{_when(e)}\u201d gives no year; read as {e.when.value.year}, "
            f"the year of {e.when.year_from or 'the entries around it'}"
        ),
        lambda es: f"{len(es)} of {len(doc.timeline)} timeline dates give no year (lines {_list_lines(es)}); their year was taken from the entries around them",
        suggestion="write the full date, e.g. 2018-07-31 14:30 UTC",
    )
