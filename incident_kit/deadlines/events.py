"""Events in a report's timeline that start or stop a deadline's clock.

* :func:`find_event`: the earliest timeline entry that marks an event (by a draft tag, or by a
  sentence that affirms one of the event's phrases from the policy knowledge base).
* :func:`aware_moment`: when the CA became aware.
* :func:`acknowledged`: whether the report itself says a deadline was missed.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timezone
from typing import TYPE_CHECKING, Optional

from incident_kit.deadlines.clock import Moment, show

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document, TimelineEntry
    from incident_kit.policy.kb import EventSpec

# ---------------------------------------------------------------------------------------------
# Finding events in a timeline.
# ---------------------------------------------------------------------------------------------


# An entry that records a rule taking effect ("MRSP v2.6 takes effect: a new intermediate is
# disclosed within one week ...") states the requirement; it is not the event the rule names.
_RULE_IN_FORCE = re.compile(
    r"\b(?:takes|took|take) effect\b|\bbecomes? (?:effective|applicable)\b|\bcomes? into (?:force|effect)\b"
    r"|\b(?:policy|requirements?|guidelines?|brs?|baseline requirements|ballot)\b[^.]{0,60}\b(?:effective|published|adopted|in force)\b",
    re.IGNORECASE,
)
# A clock running out is not the event it waits for: "the 24 hours for a preliminary report run out".
_CLOCK_OUT = re.compile(
    r"\b(?:runs?|ran) out\b|\b(?:deadline|limit|time limit|\d+[ -](?:hours?|days?))\b[^.]{0,40}"
    r"\b(?:pass(?:es|ed)?|expire[sd]?|elapse[sd]?|lapse[sd]?|ends?|ended)\b",
    re.IGNORECASE,
)


def entry_matches(entry: "TimelineEntry", spec: "EventSpec") -> bool:
    """Whether the entry marks the event: by a draft tag, or by a sentence that affirms the event's
    lexicon (``concept``) or one of its phrases. An entry recording a rule taking effect is left out
    ("MRSP v2.6 takes effect: a new intermediate is disclosed within one week"), and so is a
    sentence about a clock running out: they name the event without it happening."""
    from incident_kit.text.concepts import affirms, lexicon, mentioned
    from incident_kit.text.sentences import sentences

    if spec.tags and any(t in entry.tags for t in spec.tags):
        return True
    text = entry.text or entry.raw
    if not (spec.phrases or spec.concept) or _RULE_IN_FORCE.search(text):
        return False
    kept = " ".join(sp.text for sp in sentences(text) if not _CLOCK_OUT.search(sp.text))
    if not kept:
        return False
    if spec.concept:
        return mentioned(kept, lexicon(spec.concept))
    return affirms(kept, spec.phrases) is not None


def find_event(doc: "Document", spec: "EventSpec", *, after: Optional[Moment] = None, skip_line: Optional[int] = None) -> Optional[Moment]:
    """The earliest timeline entry that marks ``spec`` (at or after ``after``). When entries carry
    the event's tags (a draft says what each entry is), only tagged entries count: wording is a
    guess, a tag is the author's word."""
    found = find_events(doc, spec, after=after, skip_line=skip_line)
    return found[0] if found else None


def find_events(doc: "Document", spec: "EventSpec", *, after: Optional[Moment] = None, skip_line: Optional[int] = None) -> list[Moment]:
    """Every timeline entry that marks ``spec`` (at or after ``after``), earliest first: two CA
    certificates created on different days start two clocks."""
    tagged = bool(spec.tags) and any(t in e.tags for e in doc.timeline for t in spec.tags)
    out: list[Moment] = []
    for entry in doc.timeline:
        if skip_line is not None and entry.line == skip_line:
            continue
        m = Moment.from_entry(entry)
        if m is None:
            continue
        if tagged:
            if not any(t in entry.tags for t in spec.tags):
                continue
        elif not entry_matches(entry, spec):
            continue
        if after is not None and m.day < after.day:
            continue
        out.append(m)
    out.sort(key=start_key)
    return out


def start_key(m: Moment) -> datetime:
    return m.at or datetime.combine(m.day, time(0), timezone.utc)


def aware_moment(doc: "Document") -> Optional[Moment]:
    """When the CA became aware: a tagged entry, the Summary's identified date, the legacy answer
    to question 1, or the earliest timeline entry that affirms the ``aware`` lexicon (the one
lexicon ik3's milestones use too: "the problem was not detected by monitoring" is no awareness)."""
    from incident_kit.document import F_NC_IDENTIFIED
    from incident_kit.policy.kb import EventSpec
    from incident_kit.text.timestamps import find_all_times

    for entry in doc.timeline:
        if "aware" in entry.tags or "cpr_received" in entry.tags:
            m = Moment.from_entry(entry)
            if m:
                return m
    f = doc.fields.get(F_NC_IDENTIFIED)
    sources = []
    if f is not None and f.raw.strip() and not f.is_na:
        sources.append((f.raw, f.line))
    topic1 = doc.section("topic1")
    if topic1 is not None:
        sources.append((topic1.text, topic1.line))
    for text, line in sources:
        found = find_all_times(text)
        if found:
            tv = found[0][0]
            if tv.value is not None:
                precise = tv.has_time and tv.has_zone and tv.value.tzinfo is not None
                at = tv.value.astimezone(timezone.utc) if precise else None
                day = at.date() if at else tv.value.date()
                return Moment(day, at, line, show(day, at))
    return find_event(doc, EventSpec(event="aware", concept="aware"))


# ---------------------------------------------------------------------------------------------
# Acknowledgement.
# ---------------------------------------------------------------------------------------------

_END_WORDS = {
    "ccadb-disclosed": r"disclos|ccadb",
    "crl-url-disclosed": r"crl|disclos",
    "revocation-completed": r"revo",
    "report-posted": r"report|disclos",
    "this-report-posted": r"report",
    "audit-uploaded": r"audit|statement|upload",
    "preliminary-report-sent": r"preliminary|respon|repl|report",
    "question-answered": r"respon|answer|repl",
    "update-posted": r"update",
    "crl-published": r"crl",
    "ocsp-fresh-again": r"ocsp",
    "ca-ocsp-updated": r"ocsp",
    "policy-document-in-ccadb": r"\bcps?\b|ccadb",
    "self-assessment-submitted": r"self-?assessment",
    "chrome-request-answered": r"chrome|answer|respon",
    "revocation-disclosed": r"ccadb|revo",
    "ccadb-updated": r"ccadb",
    "crl-disclosed": r"crl|ccadb",
    "cps-new-version": r"\bcps?\b|cp/cps|version",
}


_FIGURE = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*(?:calendar\s+|full\s+)?"
    r"(days?|hours?|weeks?)\s+(?:after|later|from|since)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_UNIT_HOURS = {"day": 24, "hour": 1, "week": 168}


def _states_longer_figure(line: str, limit_hours: Optional[int]) -> bool:
    """``... disclosed 41 days after issuance`` states the lateness when 41 days exceed the limit."""
    if limit_hours is None:
        return False
    for m in _FIGURE.finditer(line):
        n = m.group(1).lower()
        value = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        if value * _UNIT_HOURS[m.group(2).lower().rstrip("s")] > limit_hours:
            return True
    return False


def acknowledged(doc: "Document", end_event: str, limit_hours: Optional[int] = None) -> bool:
    """Whether the report itself says that this deadline was missed: a line with a word of the
    event that came late and either an affirmed mention of the ``late`` lexicon ("late", "past the",
    "longer than"; "was not late" does not count) or a figure beyond the limit ("disclosed 41 days
    after creation")."""
    from incident_kit.text.concepts import lexicon, mentioned

    words = re.compile(_END_WORDS.get(end_event, r"deadline"), re.IGNORECASE)
    late = lexicon("late")
    for line in doc.text.splitlines():
        if words.search(line) and (_states_longer_figure(line, limit_hours) or mentioned(line, late)):
            return True
    return False
