"""IK904 blames-others."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, Optional

from incident_kit.document import SEC_RELATED, SEC_TIMELINE, Document
from incident_kit.lint.rule import ALL_REPORT_KINDS, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.rules.ik9_wording._common import C_PRACTICES, Cues, _i, alternatives
from incident_kit.text.concepts import lexicon, search
from incident_kit.text.gate import Gate, occurs
from incident_kit.text.negation import in_quotes, negated_before
from incident_kit.text.prose import Prose, Sentence


_POSS = r"(?:'s|\u2019s|s'|s\u2019)"


@lru_cache(maxsize=None)
def _blame() -> tuple[tuple[str, Gate, tuple[str, ...]], ...]:
    """Attributions of the incident to someone else: (level, pattern, parts every match of the
    pattern contains) -- a customer's, vendor's or auditor's fault or negligence, "the customer
    failed to", "outside our control". Who may be blamed and what counts as a fault are lexicons
    (``blamed_party``, ``fault``); built on first use."""
    actor, fault = alternatives("blamed_party"), alternatives("fault")
    finding = r"(?:responsible|at\s+fault|to\s+blame)"
    lies = r"(?:fault|responsibility|blame)"
    whose = r"(?:fault|responsibility)"
    omission = r"(?:failed|neglected|forgot|refused|omitted|did\s+not\s+bother)"
    return (
        ("fault", _i(rf"\b(?:the\s+|our\s+|a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?{actor}{_POSS}\s+(?:own\s+)?(?:\w+\s+)?{fault}\b"), (actor, fault)),
        (
            "fault",
            _i(
                r"\b(?:due\s+to|caused\s+by|because\s+of|the\s+result\s+of|resulting\s+from|attributable\s+to|a\s+consequence\s+of)\s+"
                rf"(?:\w+\s+){{0,3}}?{fault}\s+(?:by|of|on\s+the\s+part\s+of)\s+(?:the\s+|our\s+|a\s+|an\s+)?(?:\w+\s+)?{actor}\b"
            ),
            (actor, fault),
        ),
        (
            "fault",
            _i(
                rf"\b{actor}\s+(?:was|were|is|are)\s+(?:solely\s+|entirely\s+|fully\s+|wholly\s+|ultimately\s+|completely\s+)?{finding}\b"
            ),
            (actor, finding),
        ),
        (
            "fault",
            _i(
                rf"\b{lies}\s+(?:lies|lay|rests|rested|lay)\s+(?:solely\s+|entirely\s+|fully\s+|wholly\s+)?with\s+"
                rf"(?:the\s+|our\s+)?(?:\w+\s+)?{actor}\b"
            ),
            (actor, lies),
        ),
        ("fault", _i(rf"\b(?:entirely|solely|wholly|completely)\s+(?:the\s+)?{whose}\s+of\s+(?:the\s+|our\s+)?(?:\w+\s+)?{actor}\b"), (actor, whose)),
        ("fault", _i(r"\b(?:not\s+our\s+fault|through\s+no\s+fault\s+of\s+(?:our|its)\s+own|no\s+fault\s+of\s+(?:ours|the\s+ca))\b"), ()),
        ("fault", _i(r"\bwe\s+(?:are|were)\s+not\s+(?:to\s+blame|at\s+fault)\b"), ()),
        ("fault", _i(rf"\bblame[sd]?\s+(?:lies\s+)?(?:on|with)\s+(?:the\s+|our\s+)?(?:\w+\s+)?{actor}\b"), (actor,)),
        (
            "shortfall",
            _i(
                rf"\b(?:the|our|a|an|some|several|many|one|this|that|its)\s+(?:\w+\s+)?{actor}\s+(?:had\s+|has\s+)?"
                rf"{omission}\s+to\b"
            ),
            (actor, omission),
        ),
        ("shortfall", _i(rf"\b(?:the|our)\s+(?:\w+\s+)?{actor}\s+should\s+have\b"), (actor,)),
        ("shortfall", _i(r"\b(?:beyond|outside(?:\s+of)?)\s+(?:our|the\s+ca(?:\s+owner)?(?:'s)?|its)\s+(?:\w+\s+)?control\b"), ()),
    )


def blame() -> tuple[tuple[str, Gate], ...]:
    """The attributions, (level, pattern), in the order they are tried."""
    return tuple((level, pattern) for level, pattern, _ in _blame())


@lru_cache(maxsize=None)
def blame_cues() -> Cues:
    """The cues of :func:`blame`, each also needing the literals of its parts (made once)."""
    return Cues((p for _, p, _ in _blame()), parts=[parts for *_, parts in _blame()])


RESPONSIBILITY = lexicon("responsibility")
"""The CA Owner taking its share: "we take full responsibility", "our tests did not cover it",
"we should have", "we relied on ..."."""


_FIRST_PERSON = _i(r"\b(?:we|our|us)\b")


def _takes_responsibility(passage: list[str]) -> bool:
    """Whether the passage (its sentences) states the CA Owner's own part: an explicit acceptance,
    or a weakness of its own systems or a missing control, described in the first person."""
    if any(search(text, RESPONSIBILITY) for text in passage):
        return True
    return any(_FIRST_PERSON.search(text) and causes.system_cause(text) is not None for text in passage)


def _passage(prose: Prose, s: Sentence) -> list[str]:
    """The sentences of the section ``s`` stands in (of its unit alone, outside any section)."""
    section = s.unit.section
    if section:
        return [x.text for x in prose.sentences if x.unit.section == section]
    return [x.text for x in prose.sentences if x.unit is s.unit]


_WE_TAKE_RESPONSIBILITY = _i(r"\bwe\s+(?:fully\s+)?(?:take|accept|bear|acknowledge)\s+(?:\w+\s+){0,2}responsibility")
_DENIED_BLAME = _i(r"\b(?:not|never|no)\s+(?:\w+\s+){0,2}(?:blame|blaming|fault)\b")


@rule(
    code="IK904",
    name="blames-others",
    severity=WARNING,
    summary="The report does not put the incident on a customer, vendor, auditor or external factors.",
    citations=(C_PRACTICES,),
    kinds=ALL_REPORT_KINDS,
)
def blames_others(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report attributes the incident to someone else, and the same section never says what
    the CA Owner's own part was.

    Why: IRG 3.2 lists posturing among its "bad" practices ("avoid blaming others or external
    factors") next to non-acknowledgment of responsibility ("clearly accept responsibility where
    and when due"). A CA Owner is responsible for its vendors, its agreements with subscribers and
    its own controls; a root cause placed on others is also a superficial one. The guidance says
    "avoid", the force of a SHOULD NOT: a warning for an explicit attribution of fault, a notice
    for weaker wording that is often just a fact ("the customer failed to reply", "outside our
    control").

    Fires: (warning): "the auditor's fault", "due to the subscriber's negligence", "the vendor's
    bug", "the fault lies with the vendor", "the customer is solely responsible", "this was not our
    fault"; (notice) "the customer failed to ...", "the vendor should have ...", "beyond our
    control".

    Stays quiet: when the same section says what the CA Owner's part was ("the vendor's library
    changed, and our tests did not cover it", "we take full responsibility", "we should have
    required ...", "we relied on the vendor's release notes"); a denied attribution ("this was
    not the customer's fault", "we do not blame the subscriber"); quoted text; the Timeline and
    Related Incidents sections, whose entries record events.
    """
    prose = doc.prose
    responsible: dict[object, bool] = {}  # per section (or unit): computed only where blame is found
    whole_takes: Optional[bool] = None  # "we take responsibility" anywhere: asked at the first candidate
    patterns = _blame()
    for s, tried in blame_cues().sentences(prose, prose.sentences_outside((SEC_TIMELINE, SEC_RELATED))):
        if whole_takes is None:
            # (the whole report: scanned only where "we" stands, not at every position)
            whole_takes = _WE_TAKE_RESPONSIBILITY.may_match(doc.text) and occurs(_WE_TAKE_RESPONSIBILITY.regex, doc.text)
        if whole_takes:
            return
        key = s.unit.section or id(s.unit)
        for i in tried:
            level, pattern, _ = patterns[i]
            m = pattern.regex.search(s.text)
            if m is None or in_quotes(s.text, m.start()):
                continue
            if key not in responsible:
                responsible[key] = _takes_responsibility(_passage(prose, s))
            if responsible[key]:
                break
            clause_start = s.text.rfind(",", 0, m.start()) + 1
            if level != "fault" or not m.group().lower().startswith(("not our", "through no", "no fault", "we are", "we were")):
                if negated_before(s.text[clause_start : m.start()] + " ", len(s.text[clause_start : m.start()]) + 1):
                    continue
                if _DENIED_BLAME.search(s.text[: m.start()]):
                    continue
            yield Hit(
                f"the incident is put on someone else (\u201c{' '.join(m.group().split())}\u201d) and the section does not "
                "say what the CA Owner's own part was",
                line=s.unit.line_at(s.start + m.start()),
                suggestion="state the CA Owner's responsibility: which of its controls, contracts or checks let this "
                "happen, and what it changes",
                severity=None if level == "fault" else NOTICE,
            )
            break
