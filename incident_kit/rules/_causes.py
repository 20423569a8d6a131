"""Causes, human error, controls and system weaknesses: the shared judgement of root-cause and
remediation rules (IK4, IK5, IK6), built on :mod:`incident_kit.text.concepts`."""

from __future__ import annotations

from typing import Optional

from incident_kit.text.concepts import Concept, Match, first_mention, mentions, noun, verb
from incident_kit.text.negation import actor_omission

# --------------------------------------------------------------------------------------------
# Shared lexicons: causes, human error, controls and system weaknesses.
# --------------------------------------------------------------------------------------------

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)

CAUSAL = Concept(
    "causal",
    (
        r"because",
        rf"since(?!\s+(?:\d|then|(?:{_MONTHS})\b|the (?:start|beginning)|at least|its (?:creation|introduction)))",
        r"due to",
        r"owing to",
        r"caused by",
        r"as a (?:direct )?(?:result|consequence) of",
        r"result(?:ed|s|ing)? (?:in|from)",
        r"(?:led|leads|lead|leading) to",
        r"(?:allowed|allows|allow|allowing|permitted|permits|enabled|enables|let) (?:it|them|this|the|these|that|such|a|an|\w+s)",
        r"made it possible",
        r"(?:which|this|that) meant",
        r"meaning that",
        r"so that",
        r"therefore",
        r"consequently",
        r"hence",
        r"thus",
        r"stem(?:med|s)? from",
        r"traced (?:back )?to",
        r"attributable to",
        r"contributed to",
        r"given that",
        r"the reason",
        r"root cause (?:was|is)",
    ),
)
"""Causal language: "because", "due to", "caused by", "led to", "allowed ...", "since" (not
"since 2022")."""

HUMAN_ERROR = Concept(
    "human_error",
    (
        r"human (?:error|mistake|failure|oversight|slip|factor)s?",
        r"(?:operator|manual|clerical|typing|typographical|data entry|user|staff|employee|personnel|individual) (?:error|mistake|slip)s?",
        noun("typo"),
        noun("mistake"),
        r"mistakenly",
        noun("oversight"),
        verb("overlook"),
        r"careless(?:ness|ly)?",
        r"inattent(?:ion|ive)",
        r"negligen(?:ce|t)",
        r"misunderst(?:ood|and|ands|anding|andings)",
        verb("misinterpret"),
        r"misread",
        verb("forget", "forgot", "forgotten"),
        r"lack of (?:\w+ )?(?:training|awareness|knowledge|experience|attention|care|diligence)",
        r"(?:insufficient|inadequate|missing|limited) (?:\w+ )?training",
        r"(?:not|insufficiently|inadequately|poorly) trained",
        r"untrained",
        r"(?:did not|didn't|failed to|forgot to) follow (?:the |our |its )?(?:\w+ )?(?:procedure|process|instructions|checklist|policy)",
    ),
)
"""Human error, oversight, a mistake, a typo, forgetting, misunderstanding, lack of training."""

CONTROL = Concept(
    "control",
    (
        noun("linter"),
        r"lint(?:ing)?",
        r"(?:lint|automated|automatic|technical|pre-?issuance|pre-?signing|post-?issuance|system|software|programmatic|consistency|sanity|validation|format|syntax) (?:check|control|validation|test)s?",
        noun("check"),
        r"validation",
        noun("control"),
        noun("safeguard"),
        noun("guardrail"),
        r"test(?:s|ing)?",
        r"test (?:case|suite|coverage)s?",
        r"monitoring",
        noun("monitor"),
        noun("alert"),
        r"alerting",
        r"automation",
        r"automated (?:\w+ )?(?:process|step|tool|system|comparison|verification)",
        noun("restriction"),
        noun("constraint"),
        r"enforcement",
        r"verification",
        noun("checklist"),
        r"(?:second|peer|independent|dual) (?:review|check|approval|person|control)s?",
        r"four[- ]eyes",
        r"(?:allow|block|deny)[- ]?list",
        r"(?:drop[- ]?down|pick[- ]?list|selection list|fixed list|list of allowed values)",
        r"schema",
        r"reminder",
        r"ticket(?:ing)? (?:system|queue)",
        r"(?:shared|team) (?:queue|mailbox|inbox)",
        r"tracker",
        r"tracking",
    ),
)
"""Technical and process controls: linters, checks, validation, tests, monitoring, alerts,
automation, second review, fixed value lists, trackers."""

SYSTEM_WEAKNESS = Concept(
    "system_weakness",
    (
        r"free[- ]?(?:text|form)",
        r"(?:accepted|accepts|accept|allowed|allows|allow|permitted|permits) (?:any|arbitrary|free|unrestricted|unvalidated|unchecked|invalid|manual|a free|the wrong|values?)",
        r"pre-?fill(?:s|ed|ing)?",
        r"pre-?populat(?:es|ed|ing|e)",
        r"default(?:ed|s)? to",
        r"hard-?coded",
        r"copy[- ]?(?:and[- ])?paste[ds]?",
        r"copied (?:\w+ )?(?:manually|by hand|from)",
        r"manual(?:ly)? (?:\w+ )?(?:step|process|entry|entered|typed|copied|edited|procedure|review|task|workflow|configuration|input|transcription|comparison)",
        r"by hand",
        r"error[- ]prone",
        r"single points? of failure",
        r"(?:only|single|just) (?:(?:to|by|in|on|with|for) )?(?:one |a single )?(?:\w+['\u2019]s )?"
        r"(?:person|individual|employee|engineer|mailbox|inbox|address|reviewer|team member)",
        r"(?:relied|relies|rely|relying|reliance|depended|depends|dependent) (?:solely |entirely |only )?on",
        r"(?:unclear|ambiguous|outdated|out of date|incomplete|incorrect|wrong|inaccurate|missing|confusing) (?:\w+ )?(?:documentation|instructions|procedure|guidance|checklist|runbook|template|specification|requirements?|profile|configuration|mapping)",
        r"(?:procedure|process|checklist|runbook|documentation|instructions?|workflow|tool|tooling|system|design|interface|ui|form|field|software|code|library|module|template|profile|configuration|pipeline|script|platform|linter|monitoring|test suite|tests?) (?:\w+ ){0,3}(?:did not|does not|didn't|doesn't|was not|were not|is not|are not|never|failed to|could not|cannot|can't) (?:\w+ ){0,2}(?:require|cover|include|mention|specify|check|validate|verify|restrict|enforce|prevent|reject|block|warn|flag|detect|catch|account|handle|limit|compare|support|recogni[sz]e|distinguish|simulate|test|apply|exist|alert|notify|trigger)",
        r"nothing (?:in|about) (?:the |our )?(?:\w+ )?(?:system|tool|tooling|process|procedure|form|workflow|software|interface|design)",
        r"(?:gap|flaw|weakness|deficiency|defect|shortcoming|limitation|blind spot)s? in (?:the |our |its )?",
        r"(?:software|code|design|process|procedural|system|systemic|tooling|configuration|logic|implementation) (?:bug|defect|flaw|gap|weakness|deficiency|error|issue|regression)s?",
        r"(?:a|the) bug in",
        r"regression",
        r"(?:not|never) (?:been )?(?:automated|enforced|validated|linted|tested|monitored|covered)",
        r"(?:was|were|is|are) (?:only )?(?:checked|reviewed|tested|monitored|validated|sampled) (?:manually|by hand|occasionally|periodically|quarterly|annually|once)",
        r"only (?:\w+ ){0,3}(?:sampled|samples|sample|checked|checks|covered|covers|tested|tests|ran|runs|looked|looks|reviewed|reviews|monitored|monitors|counted|counts|simulated|simulates|considered|considers)",
        r"(?:sampled|samples|sample|checked|checks|covered|covers|tested|tests|ran|runs|reviewed|reviews|monitored|monitors|counted|counts|simulated|simulates) only",
        r"only (?:\d+(?:\.\d+)? ?%|a (?:sample|fraction|subset|few)|some|part)",
        r"(?:fell|falls|fall) (?:through|into) (?:to )?(?:the|a) (?:default|gap|crack)",
        r"(?:no one|nobody) (?:was )?(?:responsible|assigned|owned|tasked)",
        r"(?:unowned|ownerless|no owner|no clear owner)",
        r"(?:deadline|calendar|reminder|task) (?:was|were) (?:not )?(?:tracked|recorded|scheduled) (?:only )?(?:in|by) (?:a |one |the )?(?:person|individual|memory|spreadsheet|email)",
        r"(?:did not|does not|didn't|doesn't) (?:\w+ ){0,2}(?:account for|anticipate|consider|cover|handle)",
    ),
)
"""Phrases that describe a weakness of a system or process itself: free-text fields, pre-filled
values, manual steps, single points of failure, reliance on one person, tools or procedures that
did not check or require something, limited coverage, software bugs."""



def missing_control(text: str) -> Optional[Match]:
    """The first control the text says was absent or failed: "no automated check existed",
    "without any monitoring", "the value was not checked by any linter", "the linter was not run".
    A person's omission ("the operator did not check the value") is not a missing control."""
    for m in mentions(text, CONTROL):
        if m.negated and not actor_omission(m.clause, m.start - m.clause_start):
            return m
    return None


def system_cause(text: str) -> Optional[Match]:
    """The first statement of a system or process cause: an affirmed :data:`SYSTEM_WEAKNESS` or
    a :func:`missing_control`."""
    weakness = first_mention(text, SYSTEM_WEAKNESS)
    control = missing_control(text)
    found = [m for m in (weakness, control) if m is not None]
    return min(found, key=lambda m: m.start) if found else None


def human_error(text: str) -> Optional[Match]:
    """The first affirmed mention of human error ("human error", "a typo", "oversight", "the
    operator forgot", "lack of training"); "this was not a human error" does not count."""
    return first_mention(text, HUMAN_ERROR)
