"""IK301 timeline-entry-without-timestamp."""

from __future__ import annotations

import re
from typing import Iterable, Optional

from incident_kit.document import KIND_LEGACY, SEC_TIMELINE, Document
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import (
    C_LEGACY,
    C_TIMELINE,
    C_TIMELINE_2,
    ENTRY_KINDS,
    TIMELINE_KINDS,
    _citations_for,
    _list_lines,
    _per_entry_or_summary,
    _severity_for,
    _short,
)


@rule(
    code="IK301",
    name="timeline-entry-without-timestamp",
    severity=ERROR,
    summary="Every timeline entry carries a date and time that can be read.",
    citations=(C_TIMELINE, C_TIMELINE_2, C_LEGACY),
    kinds=ENTRY_KINDS,
)
def timeline_entry_without_timestamp(doc: Document, ctx: Context) -> Iterable[Hit]:
    """A timeline entry has no timestamp, or one that cannot be read as a date.

    Why: the timeline is a time-stamped sequence of events (IRG 3.2 §Timeline: "All times MUST be
    in UTC or UTC+local offset"; legacy item 2: a "date-and-time-stamped sequence"). An entry with
    no date cannot be placed, checked against a deadline, or compared with the others.

    Fires: an entry with no date at all ("Subscribers contacted."), or with a "date" no reader can
    place ("Q1 2026", "early next week", 31/02/2025).

    Also fires, once, when the timeline of a Full, IRG 2.0 or legacy report (the Timeline section,
    legacy topic 2) is written as a narrative with no date anywhere in it ("As soon as our team were told, we ..."): it has
    entries in the reader's sense only if something dates them.

    Stays quiet: any entry whose date can be read, even without time or zone (IK302 and IK303
    handle those); entries grouped under a date heading (IRG 2.0 style "2024-05-02:" followed by
    "- 14:05 ...") that the reader combined; a timeline section that is N/A, empty (IK103, IK106)
    or only says it will come in the final report. Severity: error for IRG 3.x and 2.0 (MUST /
    must), warning for legacy reports (the topics are asked for with "should").
    """
    undated = _undated_narrative(doc)
    if undated is not None:
        yield Hit(
            "the timeline is a narrative with no date or time anywhere in it",
            line=undated,
            suggestion="write the timeline as dated entries, e.g. 2025-03-04 14:30 UTC – what happened",
            severity=_severity_for(doc, irg2=None, legacy=WARNING),
            citations=_citations_for(doc),
        )
        return
    missing = [e for e in doc.timeline if e.when is None or e.when.value is None]
    yield from _per_entry_or_summary(
        doc,
        missing,
        lambda e: (
            f"timeline entry has no date and time: \u201c{_short(e)}\u201d"
            if e.when is None
            else f"timeline entry's date \u201c{e.when.raw}\u201d cannot be read as a calendar date"
        ),
        lambda es: f"{len(es)} of {len(doc.timeline)} timeline entries have no readable date and time (lines {_list_lines(es)})",
        suggestion="start each entry with a date, time and zone, e.g. 2025-03-04 14:30 UTC",
        severity=_severity_for(doc, irg2=None, legacy=WARNING),
    )


_MIN_NARRATIVE_WORDS = 8


def _undated_narrative(doc: Document) -> Optional[int]:
    """The first text line of a timeline section that holds words but no date at all, and no
    entries; None otherwise."""
    from incident_kit.rules.ik4_root_cause._common import defers_to_later_report
    from incident_kit.text.normalise import is_na
    from incident_kit.text.timestamps import find_all_times

    if doc.timeline or doc.kind not in TIMELINE_KINDS:
        return None  # a preliminary or free-form text owes no timeline of its own
    sec = doc.section("topic2") if doc.kind == KIND_LEGACY else doc.section(SEC_TIMELINE)
    if sec is None:
        return None
    from incident_kit.rules._text import find_placeholders
    from incident_kit.text.timestamps import zone_declaration

    # what the CA wrote itself: not the template's example lines, not "All times are UTC."
    own = [ln for ln in sec.text.split("\n") if ln.strip() and not find_placeholders(ln) and not zone_declaration(ln)]
    text = "\n".join(own).strip()
    if len(re.findall(r"[A-Za-z]{2,}", text)) < _MIN_NARRATIVE_WORDS or is_na(text) or defers_to_later_report(text):
        return None
    if find_all_times(text):
        return None
    for index, line in enumerate(sec.text.split("\n")):
        if line.strip():
            return sec.text_line(index)
    return None
