"""IK112 stand-in-value-left."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, Context, Hit, rule, ALL_REPORT_KINDS


STANDIN_CCADB_ID = "A000000"
STANDIN_DAY = date(2000, 1, 1)
STANDIN_MOMENT = datetime(2000, 1, 1, tzinfo=timezone.utc)


@rule(
    code="IK112",
    name="stand-in-value-left",
    severity=ERROR,
    summary="No stand-in value of a scaffold or kit (CCADB ID A000000, date 2000-01-01) is left in a draft.",
    citations=(cites.IRG3_FIELDS, cites.IRG3_TEMPLATES),
    kinds=ALL_REPORT_KINDS,
    applies=lambda doc, ctx: doc.origin == "yaml",
)
def standin_value_left(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A YAML draft still holds a stand-in value that ``incident-kit new``, a kit or ``promote``
    wrote so that the draft validates before it is filled in.

    Why: every applicable field MUST be completed with the real value. A stand-in validates and
    renders like a fact: a CCADB ID of A000000, an event "2000-01-01 00:00 UTC", an action item due
    on 2000-01-01.

    Fires: the CCADB unique ID ``A000000``; a timeline time of exactly ``2000-01-01 00:00 UTC``; a
    due date of ``2000-01-01``; a Timeline summary date of ``2000-01-01``. Each at its own line.

    Stays quiet: posted Markdown reports (a reader cannot tell a stand-in from a value there); other
    dates and IDs; counts of 0, since 0 can be the real count (a scaffold writes N/A for "none",
    and IK204 and IK804 check counts against each other and the appendix).
    """
    ccadb = doc.fields.get(d.F_CCADB_ID)
    if ccadb is not None and ccadb.raw.strip() == STANDIN_CCADB_ID:
        yield Hit(
            f"the CCADB unique ID is the stand-in {STANDIN_CCADB_ID}; write the CA Owner's ID from its CCADB record",
            line=ccadb.line,
            column=ccadb.column,
        )
    for key in (d.F_NC_START, d.F_NC_IDENTIFIED, d.F_NC_END):
        loc = doc.fields.get(key)
        if loc is not None and loc.raw.strip().startswith(STANDIN_DAY.isoformat()):
            yield Hit(f"the Timeline summary date {loc.raw.strip()!r} is a stand-in; write the real date", line=loc.line, column=loc.column)
    for entry in doc.timeline:
        when = entry.when.value if entry.when is not None else None
        if when is not None and when.tzinfo is not None and when == STANDIN_MOMENT:
            yield Hit(
                f"timeline time {entry.when.raw.strip()!r} is a stand-in; write when it happened",  # type: ignore[union-attr]
                line=entry.line,
                column=entry.column,
            )
    for row in doc.action_items:
        if row.due == STANDIN_DAY:
            where = row.due_date if row.due_date is not None else None
            yield Hit(
                "action item due date 2000-01-01 is a stand-in; write the date it will be complete",
                line=where.line if where is not None else row.line,
                column=where.column if where is not None else None,
            )
