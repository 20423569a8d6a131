"""IK305 timeline-no-prior-event."""

from __future__ import annotations

from typing import Iterable, Optional

from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, NOTICE, Context, Hit, rule
from incident_kit.rules.ik3_timeline._common import (
    C_LEGACY,
    C_TIMELINE,
    C_TIMELINE_2,
    TIMELINE_KINDS,
    _TAGS,
    _citations_for,
    _first_with,
    _severity_for,
    _short,
    has_milestone,
    is_delay_incident,
)
from incident_kit.text.timestamps import interval


def _anchor(doc: Document) -> Optional[int]:
    """Index of the first entry marking the start of the incident or the CA becoming aware."""
    found = [i for i in (_first_with(doc, "start"), _first_with(doc, "aware")) if i is not None]
    return min(found) if found else None


def _has_earlier_event(doc: Document, anchor: int) -> bool:
    """Whether something before the anchor is recorded: an entry listed before it or dated
    certainly before it, a change tag, or a start/anchor entry that itself names the change
    ("deployed the change that ...")."""
    if anchor > 0:
        return True
    anchor_iv = interval(doc.timeline[anchor].when)
    for i, e in enumerate(doc.timeline):
        if _TAGS["change"] & set(e.tags):
            return True
        iv = interval(e.when)
        if i != anchor and anchor_iv is not None and iv is not None and iv.certainly_before(anchor_iv):
            return True
    anchor_entry = doc.timeline[anchor]
    return has_milestone(anchor_entry, "change") or any(
        has_milestone(e, "start") and has_milestone(e, "change") for e in doc.timeline
    )


@rule(
    code="IK305",
    name="timeline-no-prior-event",
    severity=ERROR,
    summary="The timeline includes the events before the incident, such as the change that introduced it.",
    citations=(C_TIMELINE, C_TIMELINE_2, C_LEGACY),
    kinds=TIMELINE_KINDS,
)
def timeline_no_prior_event(doc: Document, ctx: Context) -> Iterable[Hit]:
    """The timeline starts at the incident or its discovery, with nothing that led up to it.

    Why: IRG 3.2 §Timeline: the timeline MUST include not just the discovery and what followed but
    also the relevant events beforehand (something changed or was introduced); IRG 2.0 says the
    same with "must" and asks for every policy, process and software change that contributed. The
    legacy list only says the timeline "may include" such events, so for legacy reports this is a
    notice.

    Fires: the first entry listed is the start of the incident ("first affected certificate
    issued") or the discovery ("alert fired", "received a problem report"), no entry is dated
    before it, and it does not itself name the change.

    Stays quiet: any entry listed or dated before the first start/discovery entry (a release, a
    configuration change, a requirement taking effect, an audit); a start entry that names the
    change ("deployed the change that ..."); a draft entry tagged ``change`` or
    ``requirement_effective``; a timeline in which neither the start nor the discovery can be
    recognised (IK306 reports that instead); a delay incident (late revocation, a late notice)
    whose timeline opens with the problem report: its clock starts there, so nothing before it
    led up to the delay.
    """
    if not doc.timeline:
        return
    anchor = _anchor(doc)
    if anchor is None or _has_earlier_event(doc, anchor):
        return
    if is_delay_incident(doc) and has_milestone(doc.timeline[anchor], "aware"):
        return
    first = doc.timeline[anchor]
    yield Hit(
        f"the timeline begins with the incident itself (\u201c{_short(first)}\u201d); no earlier event "
        "such as the change, release or requirement that led to it is listed",
        line=first.line,
        suggestion="add the policy, process or software changes that contributed, with their dates",
        severity=_severity_for(doc, irg2=None, legacy=NOTICE),
        citations=_citations_for(doc),
    )
