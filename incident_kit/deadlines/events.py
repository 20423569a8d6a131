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

from incident_kit.deadlines.clock import Moment
from incident_kit.text.gate import Gate
from incident_kit.irg import citations as cites

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document, Located, TimelineEntry
    from incident_kit.policy import PolicyBase
    from incident_kit.policy.kb import Deadline, EventSpec

# ---------------------------------------------------------------------------------------------
# Finding events in a timeline.
# ---------------------------------------------------------------------------------------------


# An entry that records a rule taking effect ("MRSP v2.6 takes effect: a new intermediate is
# disclosed within one week ...") states the requirement; it is not the event the rule names.
# (Behind necessary-literal gates: every timeline entry is tested, and few hold "effect", "in force",
# "deadline", "out" or the like.)
_RULE_IN_FORCE = Gate(
    r"\b(?:takes|took|take) effect\b|\bbecomes? (?:effective|applicable)\b|\bcomes? into (?:force|effect)\b"
    r"|\b(?:policy|requirements?|guidelines?|brs?|baseline requirements|ballot)\b[^.]{0,60}\b(?:effective|published|adopted|in force)\b",
    re.IGNORECASE,
)
# A clock running out is not the event it waits for: "the 24 hours for a preliminary report run out".
_CLOCK_OUT = Gate(
    r"\b(?:runs?|ran) out\b|\b(?:deadline|limit|time limit|\d+[ -](?:hours?|days?))\b[^.]{0,40}"
    r"\b(?:pass(?:es|ed)?|expire[sd]?|elapse[sd]?|lapse[sd]?|ends?|ended)\b",
    re.IGNORECASE,
)


def entry_matches(entry: "TimelineEntry", spec: "EventSpec") -> bool:
    """Whether the entry marks the event: by a draft tag, or by a sentence that affirms the event's
    lexicon (``concept``) or one of its phrases. An entry recording a rule taking effect is left out
    ("MRSP v2.6 takes effect: a new intermediate is disclosed within one week"), and so is a
    sentence about a clock running out: they name the event without it happening."""
    if spec.tags and any(t in entry.tags for t in spec.tags):
        return True
    if not (spec.phrases or spec.concept):
        return False
    return _text_marks(_EventText(_event_text(entry)), spec)


def _event_text(entry: "TimelineEntry") -> str:
    """The words of an entry that can mark an event: its sentences that are not about a clock
    running out; nothing for an entry that records a rule taking effect."""
    from incident_kit.text.sentences import sentences

    text = entry.text or entry.raw
    if _RULE_IN_FORCE.search(text):
        return ""
    return " ".join(sp.text for sp in sentences(text) if not _CLOCK_OUT.search(sp.text))


class _EventText:
    """An entry's event words (:func:`_event_text`), normalised once for every phrase list."""

    __slots__ = ("kept", "_norm")

    def __init__(self, kept: str) -> None:
        self.kept = kept
        self._norm: Optional[str] = None

    @property
    def norm(self) -> str:
        if self._norm is None:
            from incident_kit.text.normalise import normalise

            self._norm = normalise(self.kept)
        return self._norm


def _text_marks(text: "_EventText", spec: "EventSpec", by_concept: bool = True, by_phrase: bool = True) -> bool:
    """Whether an entry's event words affirm the event's lexicon or phrases (those of them that
    ``by_concept`` / ``by_phrase`` leave in: the others are known not to match)."""
    from incident_kit.text.concepts import affirmed_in, lexicon, mentioned

    if not text.kept:
        return False
    if by_concept and spec.concept and mentioned(text.kept, lexicon(spec.concept)):
        return True
    return by_phrase and bool(spec.phrases) and affirmed_in(text.norm, spec.phrases) is not None


# ---------------------------------------------------------------------------------------------
# Worked out once per document (several deadlines share start and end events; IK701-IK704 and
# the awareness questions all read the same entries).
# ---------------------------------------------------------------------------------------------


class _Timeline:
    """A document's dated timeline entries with their event words, and which entries mark each
    event spec, as found so far."""

    __slots__ = ("source", "size", "entries", "marking", "_kept", "_norm")

    def __init__(self, doc: "Document") -> None:
        self.source, self.size = doc.timeline, len(doc.timeline)
        self.entries: list[tuple["TimelineEntry", Moment, _EventText]] = []
        for entry in doc.timeline:
            m = Moment.from_entry(entry)
            if m is not None:
                self.entries.append((entry, m, _EventText(_event_text(entry))))
        self.marking: dict[tuple, tuple[list[tuple["TimelineEntry", Moment]], set[int]]] = {}
        self._kept: Optional[str] = None
        self._norm: Optional[str] = None

    @property
    def kept(self) -> str:
        """Every entry's event words, one entry a line: each entry's words are a piece of it."""
        if self._kept is None:
            self._kept = "\n".join(t.kept for _, _, t in self.entries)
        return self._kept

    @property
    def norm(self) -> str:
        """The same for the normalised event words."""
        if self._norm is None:
            self._norm = "\n".join(t.norm for _, _, t in self.entries)
        return self._norm


def _timeline(doc: "Document") -> _Timeline:
    """The document's :class:`_Timeline` (once per document, again if its timeline was replaced)."""
    from incident_kit.docmemo import memo

    slot = memo(doc, "deadlines.timeline")
    found = slot.get("timeline")
    if found is None or found.source is not doc.timeline or found.size != len(doc.timeline):
        found = slot["timeline"] = _Timeline(doc)
    return found


def _dated_entries(doc: "Document") -> list[tuple["TimelineEntry", Moment]]:
    """Every timeline entry that has a moment, with it, in timeline order (once per document)."""
    return [(e, m) for e, m, _ in _timeline(doc).entries]


def _spec_key(spec: "EventSpec") -> tuple:
    """What :func:`entry_matches` reads of a spec (specs built on the fly compare equal)."""
    return (tuple(spec.tags), tuple(spec.phrases), spec.concept)


def _marking(doc: "Document", spec: "EventSpec") -> tuple[list[tuple["TimelineEntry", Moment]], set[int]]:
    """The dated entries that :func:`entry_matches` ``spec``, in timeline order, and their ids
    (once per document and spec). The event's lexicon and phrases are first tested on all the
    entries' words together: what none of them can match is not tried entry by entry."""
    from incident_kit.text.concepts import lexicon, phrase_gate

    timeline = _timeline(doc)
    key = _spec_key(spec)
    hit = timeline.marking.get(key)
    if hit is not None:
        return hit
    by_concept = bool(spec.concept) and lexicon(spec.concept).gate.may_match(timeline.kept)
    by_phrase = bool(spec.phrases) and any(phrase_gate(p).may_match(timeline.norm) for p in spec.phrases)
    found: list[tuple["TimelineEntry", Moment]] = []
    for entry, m, text in timeline.entries:
        if spec.tags and any(t in entry.tags for t in spec.tags):
            found.append((entry, m))
        elif (by_concept or by_phrase) and _text_marks(text, spec, by_concept, by_phrase):
            found.append((entry, m))
    timeline.marking[key] = hit = (found, {id(e) for e, _ in found})
    return hit


def find_event(doc: "Document", spec: "EventSpec", *, after: Optional[Moment] = None, skip_line: Optional[int] = None) -> Optional[Moment]:
    """The earliest timeline entry that marks ``spec`` (at or after ``after``). When entries carry
    the event's tags (a draft says what each entry is), only tagged entries count: wording is a
    guess, a tag is the author's word. When the event has ``parties`` (BR 4.9.5: the subscriber and
    the reporter), it is complete only when it reached each of them: the latest of the earliest
    entries for each party (an entry that names no party counts for all)."""
    if spec.parties:
        return _reached_every_party(doc, spec, after=after, skip_line=skip_line)
    found = find_events(doc, spec, after=after, skip_line=skip_line)
    return found[0] if found else None


def _entries(doc: "Document", spec: "EventSpec", after: Optional[Moment], skip_line: Optional[int]):
    """(entry, moment) of every timeline entry that marks ``spec``, in timeline order."""
    tagged = bool(spec.tags) and any(t in e.tags for e in doc.timeline for t in spec.tags)
    if tagged:
        marked = [(e, m) for e, m in _dated_entries(doc) if any(t in e.tags for t in spec.tags)]
    else:
        marked = _marking(doc, spec)[0]
    for entry, m in marked:
        if skip_line is not None and entry.line == skip_line:
            continue
        if after is not None and m.day < after.day:
            continue
        yield entry, m, tagged


def find_events(doc: "Document", spec: "EventSpec", *, after: Optional[Moment] = None, skip_line: Optional[int] = None) -> list[Moment]:
    """Every timeline entry that marks ``spec`` (at or after ``after``), earliest first: two CA
    certificates created on different days start two clocks."""
    out = [m for _, m, _ in _entries(doc, spec, after, skip_line)]
    out.sort(key=start_key)
    return out


def _reached_every_party(doc: "Document", spec: "EventSpec", *, after: Optional[Moment], skip_line: Optional[int]) -> Optional[Moment]:
    firsts: dict[str, Moment] = {}
    for entry, m, tagged in _entries(doc, spec, after, skip_line):
        for name in _parties_reached(entry, spec, tagged):
            if name not in firsts or start_key(m) < start_key(firsts[name]):
                firsts[name] = m
    if len(firsts) < len(spec.parties):
        return None
    return max(firsts.values(), key=start_key)


def _parties_reached(entry: "TimelineEntry", spec: "EventSpec", tagged: bool) -> list[str]:
    if tagged:
        return [p.name for p in spec.parties if p.tag in entry.tags]
    from incident_kit.text.concepts import phrase_gate, phrase_list

    text = entry.text or entry.raw
    named = [p.name for p in spec.parties if any(phrase_gate(rx).search(text) for rx in phrase_list(p.phrases))]
    return named or [p.name for p in spec.parties]


def latest_event(doc: "Document", spec: "EventSpec", *, until: Optional[Moment] = None) -> Optional[Moment]:
    """The latest timeline entry (by ``until``, when given) that marks ``spec``: the same reading of
    tags, lexicons and phrases as :func:`find_event`."""
    from incident_kit.deadlines.clock import end_key, is_after

    best: Optional[Moment] = None
    for _, m in _marking(doc, spec)[0]:
        if until is not None and is_after(m, until):
            continue
        if best is None or end_key(m) > end_key(best):
            best = m
    return best


def deadline_applies(doc: "Document", d: "Deadline") -> bool:
    """``applies_when`` and ``not_when`` are tested on what the incident is about (the description,
    or a legacy report's opening answers), not on the whole report, where a remark in passing ("our
    issuing CA") would decide; and they are read with negation: "no private key was compromised"
    does not route a misissuance to the 24-hour list."""
    from incident_kit.docmemo import memo

    slot = memo(doc, "deadlines.applies")
    key = (tuple(d.applies_when or ()), tuple(d.not_when or ()))  # deadlines share their routing phrases
    found = slot.get(key)
    if found is None:
        found = slot[key] = _routed(doc, d)
    return found


def _routed(doc: "Document", d: "Deadline") -> bool:
    from incident_kit.docmemo import memo
    from incident_kit.policy import about_text
    from incident_kit.text.concepts import affirmed_in
    from incident_kit.text.normalise import normalise

    slot = memo(doc, "deadlines.about")
    if "norm" not in slot:  # every deadline reads the same description
        slot["norm"] = normalise(about_text(doc))
    about = slot["norm"]
    if d.applies_when and affirmed_in(about, d.applies_when) is None:
        return False
    return affirmed_in(about, d.not_when) is None


def _deadline(kb: "PolicyBase", clause_id: str, deadline_id: str) -> "Deadline":
    for d in kb.get(clause_id).deadlines:
        if d.id == deadline_id:
            return d
    raise KeyError(f"{clause_id}: no deadline {deadline_id}")  # pragma: no cover - shipped data


IRG_EXPECTED = cites.IRG3_EXPECTED
IRG_UPDATED = cites.IRG3_UPDATED


def first_disclosure(doc: "Document", kb: "PolicyBase", *, after: Optional[Moment] = None) -> Optional[Moment]:
    """The incident's first disclosure in the timeline (a preliminary or full report posted, the
    bug opened): the end event of the IRG's 72-hour clock, read the same way by IK702/IK703 and
    ``incident-kit deadlines``."""
    return find_event(doc, _deadline(kb, IRG_EXPECTED, "initial-report-72h").end, after=after)


def update_posts(doc: "Document", kb: "PolicyBase", *, until: Optional[Moment] = None) -> list[Moment]:
    """Every posting on the bug the timeline records, in order: the first disclosure and each update
    (tagged ``report_posted``, or affirming the ``update_posted`` lexicon). IK704 and ``incident-kit
    deadlines`` both count these."""
    from incident_kit.deadlines.clock import is_after

    posts: list[Moment] = []
    first = first_disclosure(doc, kb)
    if first is not None:
        posts.append(first)
    spec = _deadline(kb, IRG_UPDATED, "update-7d").end
    marked = _marking(doc, spec)[1]
    for entry, m in _dated_entries(doc):
        if "report_posted" in entry.tags or id(entry) in marked:
            if all(m.line != p.line for p in posts):
                posts.append(m)
    if until is not None:
        posts = [p for p in posts if not is_after(p, until)]
    return sorted(posts, key=start_key)


def start_key(m: Moment) -> datetime:
    return m.at or datetime.combine(m.day, time(0), timezone.utc)


def aware_moment(doc: "Document", *, incident: bool = False) -> Optional[Moment]:
    """When the CA became aware: a tagged entry, the Summary's identified date, the legacy answer
    to question 1, or the earliest timeline entry that affirms the ``aware`` lexicon (the one
    lexicon ik3's milestones use too: "the problem was not detected by monitoring" is no awareness).

    Two clocks start here, with different anchors. The BR revocation clocks run from the problem
    report or the evidence (an entry tagged ``cpr_received`` counts as awareness). The IRG 72-hour
    clock (``incident=True``) runs from awareness of *the incident*: an entry tagged ``aware`` wins
    over a problem report's receipt, and for a revocation delay it is the moment the CA knew the
    revocation deadline would not be met (tag ``delay_decided``, or the ``delay_known`` lexicon).
    """
    from incident_kit.docmemo import memo

    slot = memo(doc, "deadlines.aware")
    key = (incident, incident and doc.bug.revocation_delay)
    if key not in slot:
        slot[key] = _aware_moment(doc, incident)
    return slot[key]


def _aware_moment(doc: "Document", incident: bool) -> Optional[Moment]:
    from incident_kit.document import F_NC_IDENTIFIED
    from incident_kit.policy.kb import EventSpec
    from incident_kit.text.timestamps import find_time

    if incident and doc.bug.revocation_delay:
        known = find_event(doc, EventSpec(event="delay-known", tags=["delay_decided"], concept="delay_known"))
        if known is not None:
            return known
    tag_order = (("aware",), ("cpr_received",)) if incident else (("aware", "cpr_received"),)
    for tags in tag_order:
        for entry in doc.timeline:
            if any(t in entry.tags for t in tags):
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
        found = find_time(text, anywhere=True)
        m = Moment.from_value(found[0], line) if found is not None else None
        if m is not None:
            return m
    spec = EventSpec(event="aware", concept="aware")
    if not incident:
        return find_event(doc, spec)
    found = find_events(doc, spec)
    if found:
        return next((m for m in found if not _unread(doc, m.line)), None)  # only filtered mail: unknown
    return _aware_in_description(doc)


def _value_line(doc: "Document", f: "Located") -> int:
    """The line a field's value starts on: the label's own line, or a later one when the value
    was written under its label."""
    first = next((ln.strip() for ln in f.raw.splitlines() if ln.strip()), "")[:40]
    start = f.line or 1
    for n in range(start, min(start + 5, len(doc.lines) + 1)):
        if first and first in doc.lines[n - 1]:
            return n
    return start


def _aware_in_description(doc: "Document") -> Optional[Moment]:
    """For the IRG clock, when no timeline entry says it: the first sentence of the Incident
    description that affirms the ``aware`` lexicon with its date written before the mention ("On
    2025-12-29 at 09:15 PST we became aware that ...") or right after it ("we were notified on
    2026-03-02 at 18:05 UTC that ..."), as Preliminary reports often say it only there. A date
    further on is what was found ("became aware that ... certificates issued after 2025-11-03"),
    not when; a sentence of awareness with no such date ends the search."""
    from incident_kit.document import F_INCIDENT_DESCRIPTION
    from incident_kit.text.concepts import lexicon, mentions
    from incident_kit.text.sentences import sentences
    from incident_kit.text.timestamps import iter_times

    f = doc.fields.get(F_INCIDENT_DESCRIPTION)
    if f is None or f.is_na or not f.raw.strip():
        return None
    for sp in sentences(f.raw):
        said = next((m for m in mentions(sp.text, lexicon("aware")) if not m.negated), None)
        if said is None:
            continue
        for tv, start, _end in iter_times(sp.text):
            if start > said.end + _NEAR_MENTION:
                break
            if not tv.has_year:
                return None
            return Moment.from_value(tv, _value_line(doc, f) + f.raw.count("\n", 0, sp.start))
        return None
    return None


_NEAR_MENTION = 12  # characters between an awareness verb and its date ("notified by X on" is a clause away)


# A message that reached the CA's mailbox but was filtered before anyone read it.
_FILTERED_RE = re.compile(
    r"\b(?:marked|flagged|classified|filtered|moved|quarantined|sorted|ended up|landed|went)\b[^.;]{0,40}?"
    r"\b(?:junk|spam|quarantine)\b|\b(?:junk|spam)[ -](?:folder|filter)\b",
    re.IGNORECASE,
)


def _unread(doc: "Document", line: Optional[int]) -> bool:
    """Whether the entry at ``line`` (or the next entry, at the same time) says the message it
    records was filtered as junk or spam: the CA received it but did not learn of the incident
    then. The 72-hour report clock runs from awareness of the incident (IRG 3.2 §When are reports
    expected?), so it starts at the entry that records reading it; the BR revocation clocks,
    which run from receipt of the problem report, do not use this."""
    entries = doc.timeline
    idx = next((i for i, e in enumerate(entries) if e.line == line), None)
    if idx is None:
        return False
    near = [entries[idx]]
    if idx + 1 < len(entries) and entries[idx + 1].when is not None and entries[idx].when is not None \
            and entries[idx + 1].when.value == entries[idx].when.value:
        near.append(entries[idx + 1])
    for e in near:
        text = e.text or e.raw
        for m in _FILTERED_RE.finditer(text):
            if not re.search(r"\b(?:not|never|no longer)\s+(?:\w+\s+)?$|n't\s+$", text[max(0, m.start() - 20) : m.start()], re.IGNORECASE):
                return True  # "was not marked as junk" is the message that got through
    return False


def clock_start(doc: "Document", clause_id: str, d: "Deadline") -> Optional[Moment]:
    """The start of a clause's deadline: the IRG's clocks from awareness of the incident, the BR
    clocks from awareness or a problem report's receipt, others from their own start event."""
    if d.start.event != "aware":
        return find_event(doc, d.start)
    if clause_id.startswith("IRG"):
        return aware_moment(doc, incident=True)
    return revocation_clock_start(doc)


def clock_starts(doc: "Document", clause_id: str, d: "Deadline") -> list[Moment]:
    """Every start of a clause's deadline: one awareness, or each entry of the start event (two CA
    certificates created on different days start two clocks)."""
    if d.start.event == "aware":
        start = clock_start(doc, clause_id, d)
        return [start] if start is not None else []
    return find_events(doc, d.start)


def revocation_clock_start(doc: "Document") -> Optional[Moment]:
    """Where the BR revocation clocks start: awareness, or the receipt of a problem report when
    that came first (BR 4.9.5 counts from receipt; a report read two days late does not move it)."""
    from incident_kit.policy.kb import EventSpec

    aware = aware_moment(doc)
    cpr = find_event(doc, EventSpec(event="cpr-received", tags=["cpr_received"], concept="cpr_received"))
    if cpr is None:
        return aware
    if aware is None or start_key(cpr) < start_key(aware):
        return cpr
    return aware


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
    r"(days?|hours?|weeks?|minutes?)\s+(?:after|later|from|since)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_UNIT_HOURS = {"day": 24, "hour": 1, "week": 168, "minute": 1 / 60}


def _states_longer_figure(line: str, limit_hours: Optional[float]) -> bool:
    """``... disclosed 41 days after issuance`` states the lateness when 41 days exceed the limit."""
    if limit_hours is None:
        return False
    for m in _FIGURE.finditer(line):
        n = m.group(1).lower()
        value = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        if value * _UNIT_HOURS[m.group(2).lower().rstrip("s")] > limit_hours:
            return True
    return False


_NOT_OWN_ACCOUNT = ("related_incidents", "action_items", "appendix")


def _other_sections(doc: "Document") -> list[tuple[int, int]]:
    """Line ranges of the sections that are not the report's own account of this incident."""
    return [(s.line, s.end_line) for s in doc.sections if s.key in _NOT_OWN_ACCOUNT]


def acknowledged(doc: "Document", end_event: str, limit_hours: Optional[float] = None) -> bool:
    """Whether the report itself says that this deadline was missed: a line with a word of the
    event that came late and either an affirmed mention of the ``late`` lexicon ("late", "past the",
    "longer than"; "was not late" does not count) or a figure beyond the limit ("disclosed 41 days
    after creation")."""
    from incident_kit.text.concepts import lexicon, mentioned

    words = re.compile(_END_WORDS.get(end_event, r"deadline"), re.IGNORECASE)
    late = lexicon("late")
    others = _other_sections(doc)
    for no, line in enumerate(doc.text.splitlines(), 1):
        if any(a <= no <= b for a, b in others):
            continue  # another CA's incident, or a plan: not this report's own account
        if words.search(line) and (_states_longer_figure(line, limit_hours) or mentioned(line, late)):
            return True
    return False
