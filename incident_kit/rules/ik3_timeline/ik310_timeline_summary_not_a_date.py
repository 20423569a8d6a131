"""IK310 timeline-summary-not-a-date."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit.document import KIND_FULL, Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import WARNING, Context, Hit, rule


_SUMMARY_ONGOING = re.compile(r"\b(?:ongoing|on-going|not (?:yet )?(?:ended|over|resolved)|continuing|still)\b", re.IGNORECASE)


@rule(
    code="IK310",
    name="timeline-summary-not-a-date",
    severity=WARNING,
    summary="The Timeline summary's start, identified and end fields give dates.",
    citations=(cites.IRG3_FIELDS,),
    kinds=(KIND_FULL,),
)
def timeline_summary_not_a_date(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """A Timeline summary field holds something other than a date (``Q1 2026``, ``soon``, ``TBD``).

    Why: the Timeline summary gives a new reader three dates: when the non-compliance began, when
    it was detected, and when it ended or is expected to end. A quarter or ``TBD`` is not a date a
    reader can hold the CA Owner to; an expected end should still be a date. The field names say
    "date" and the IRG says what each must contain, without an RFC 2119 word for the form: a
    warning.

    Fires: (warning) when a field's value has no date in it.

    Stays quiet: when it has a date (with or without a time, with any remark beside it), is N/A, or says
    the non-compliance is ongoing; when the field is missing or blank (IK102 and IK103 report
    those) or still a drafting prompt (IK105).
    """
    from incident_kit.document import F_NC_END, F_NC_IDENTIFIED, F_NC_START
    from incident_kit.rules._text import find_placeholders
    from incident_kit.text.normalise import is_na
    from incident_kit.text.timestamps import find_time

    labels = {F_NC_START: "start", F_NC_IDENTIFIED: "identified", F_NC_END: "end"}
    for key, label in labels.items():
        value = doc.fields.get(key)
        if value is None or not value.raw.strip() or is_na(value.raw) or find_placeholders(value.raw):
            continue
        if find_time(value.raw, anywhere=True) is not None or _SUMMARY_ONGOING.search(value.raw):
            continue
        yield Hit(
            f"the non-compliance {label} date \u201c{value.raw.strip()}\u201d is not a date",
            line=value.line,
            column=value.column,
            suggestion="write the date (and time, UTC) it happened or is expected, e.g. 2026-03-31",
        )
