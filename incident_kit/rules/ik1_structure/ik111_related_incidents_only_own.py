"""IK111 related-incidents-only-own."""

from __future__ import annotations

import re
from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import WARNING, Context, Hit, rule


_OWN = re.compile(r"\b(?:our|we|us|ours)\b", re.IGNORECASE)
_OTHER = re.compile(
    r"\b(?:another|other|a different|third-party|external)\s+(?:ca|cas|ca owners?|certification authorit(?:y|ies)|operators?)\b"
    r"|\b(?:ca owner|ca)\s+[A-Z][\w&.-]+",
)


@rule(
    code="IK111",
    name="related-incidents-only-own",
    severity=WARNING,
    summary="Related Incidents considers other CA Owners' incidents, not only the CA's own.",
    citations=(cites.IRG3_FIELDS,),
    kinds=(d.KIND_FULL,),
)
def related_incidents_only_own(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Related Incidents lists only the CA Owner's own bugs.

    Why: the IRG asks the Related Incidents list to consider incidents beyond those of the CA
    Owner subject of the report: learning from how other CA Owners failed, and fixed, the same
    thing is part of the analysis. Whether others were considered cannot be seen; a list of which
    every row describes the CA's own incident ("our incident in which ...") shows they were not
    cited. The IRG's MUST is to consider, which no text can prove, so this is a warning.

    Fires: (warning) when every row of the table describes its bug in the first person ("our",
    "we") and none speaks of another CA.

    Stays quiet: when any row is about another CA Owner's incident, or is not written in the first person;
    when the section is N/A or has no rows (other rules handle a missing section).
    """
    rows = [r for r in doc.related if r.description is not None and r.description.raw.strip()]
    if not rows:
        return
    if all(_OWN.search(r.description.raw) and not _OTHER.search(r.description.raw) for r in rows):
        sec = doc.section(d.SEC_RELATED)
        yield Hit(
            f"every one of the {len(rows)} related incident{'s' if len(rows) > 1 else ''} is the CA Owner's own; "
            "the IRG asks to consider other CA Owners' incidents of the same kind too",
            line=sec.line if sec is not None else rows[0].line,
            suggestion="search the CA Certificate Compliance component for other CA Owners' bugs with the same "
            "cause or failure, and add the closest ones with how they relate",
        )
