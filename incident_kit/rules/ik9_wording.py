"""IK9: wording and candour.

The IRG's illustrative practices ask for reports that are candid, objective ("supporting claims
with data") and free-standing, and list what to avoid: posturing (blaming others or external
factors, downplaying the severity), claims that cannot be substantiated ("there is no security
impact due to this issue."), and naming a third-party reporter who did not approve it. These rules
read the prose of a report, sentence by sentence, and judge meaning rather than one keyword: a claim
that the report denies or quotes ("we do not claim there was no security impact") does not count,
and a claim the same passage supports with a reason or data stays quiet.

Text inside fenced code blocks, HTML comments and Markdown block quotes (a reviewer's question
quoted in a reply) is not read. Shared helpers: :mod:`incident_kit.text` (sentences,
clauses, negation) and :mod:`incident_kit.rules._text` (prose lines).

IK905 is data-driven: its phrasings live in ``wording.toml`` beside this module, and a team can add
its own checks of the same shape in files named by ``wording-paths`` in its configuration.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional

from incident_kit.document import KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY, SEC_APPENDIX, SEC_RELATED, SEC_TIMELINE, Document
from incident_kit.lint.rule import (
    ALL_REPORT_KINDS,
    CITATION_RE,
    ERROR,
    NOTICE,
    WARNING,
    Context,
    Hit,
    Severity,
    rule,
)
from incident_kit.rules import _causes as causes
from incident_kit.text.concepts import Concept, finditer, lexicon, lexicon_names, mentions, search
from incident_kit.text.gate import Gate, GateGroup
from incident_kit.text.negation import in_quotes, is_meta, negated_before
from incident_kit.text.sentences import content_words, sentences
from incident_kit.rules._text import prose_lines
from incident_kit.irg import citations as cites

C_PRACTICES = cites.IRG3_PRACTICES
C_FIELDS = cites.IRG3_FIELDS_FULL_TITLE
C_SCOPED = cites.IRG3_SCOPED
C_FORMAT = cites.IRG3_FORMAT

WORDING_FILE = Path(__file__).resolve().parent / "wording.toml"

# --------------------------------------------------------------------------------------------
# The prose of a report, in units (a paragraph, a list item, a table cell row) with line numbers.
# --------------------------------------------------------------------------------------------

_LIST_START = re.compile(r"^(\s*)(?:[-*+\u2022]|\d+[.)])\s+")
_LABEL = re.compile(r"^\s*(?:\*\*|__)[^*_\n]{1,120}?:?\s*(?:\*\*|__)\s*:?")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_TABLE_SEPARATOR = re.compile(r"^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$")
_YAML_KEY = re.compile(r"^(\s*)(?:-\s+)?[\w-]+:(?:\s+[|>][-+]?\s*$|\s+|$)")
_MARKUP = re.compile(r"\*\*|__|`")


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph, list item or table row of a report, markup blanked out (offsets unchanged),
    with the document line of each of its pieces."""

    text: str
    section: Optional[str]
    starts: tuple[tuple[int, int], ...]  # (offset in text, document line)
    indent: int

    def line_at(self, offset: int) -> int:
        line = self.starts[0][1]
        for start, no in self.starts:
            if start > offset:
                break
            line = no
        return line


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _clean_line(line: str, yaml: bool) -> str:
    """The line with list markers, bold field labels and emphasis marks replaced by spaces."""
    if yaml:
        m = _YAML_KEY.match(line)
        if m:
            line = _blank(line, 0, m.end())
        return line.replace('"', " ") if line.strip().startswith('"') else line
    m = _LIST_START.match(line)
    if m:
        line = _blank(line, 0, m.end())
    m = _LABEL.match(line)
    if m:
        line = _blank(line, m.start(), m.end())
    if line.lstrip().startswith("|"):
        line = line.replace("|", "\n")
    return _MARKUP.sub(lambda x: " " * len(x.group()), line)


def _section_of(doc: Document, line: int) -> Optional[str]:
    found = None
    for s in doc.sections:
        if s.line <= line <= s.end_line:
            found = s.key
    return found


_UNITS_CACHE: dict[int, tuple[Document, list[Unit]]] = {}


def prose_units(doc: Document) -> list[Unit]:
    """:func:`_prose_units`, computed once per document (the IK9 rules all read them)."""
    hit = _UNITS_CACHE.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    units = _prose_units(doc)
    if len(_UNITS_CACHE) > 8:
        _UNITS_CACHE.clear()
    _UNITS_CACHE[id(doc)] = (doc, units)
    return units


def _prose_units(doc: Document) -> list[Unit]:
    """The report's prose as units. A list item, a table row, a labelled field and a paragraph
    each start a unit; a line that continues them (no marker of its own) joins it. Headings,
    table separators and block quotes are left out."""
    yaml = doc.origin == "yaml"
    units: list[Unit] = []
    pieces: list[tuple[int, str]] = []
    indent = 0

    def flush() -> None:
        nonlocal pieces
        if pieces:
            text, starts = "", []
            for no, piece in pieces:
                if text:
                    text += " "
                starts.append((len(text), no))
                text += piece
            if text.strip():
                units.append(Unit(text, _section_of(doc, pieces[0][0]), tuple(starts), indent))
        pieces = []

    for no, line in prose_lines(doc.text, yaml=yaml):
        stripped = line.strip()
        if not stripped or _HEADING.match(line) or stripped.startswith(">") or _TABLE_SEPARATOR.match(line):
            flush()
            continue
        starts_unit = (
            yaml
            or bool(_LIST_START.match(line))
            or stripped.startswith("|")
            or bool(_LABEL.match(line))
            or not pieces
        )
        if starts_unit:
            flush()
            indent = len(line) - len(line.lstrip())
        pieces.append((no, _clean_line(line, yaml)))
    flush()
    return units


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a unit: its text, its offset in the unit, and its neighbours."""

    text: str
    start: int
    unit: Unit
    previous: str
    next: str

    @property
    def line(self) -> int:
        return self.unit.line_at(self.start)


def report_sentences(doc: Document, *, skip: tuple[str, ...] = ()) -> Iterator[Sentence]:
    """Every sentence of the report's prose outside the sections in ``skip``. ``next`` is the
    following sentence of the same unit, or the first sentence of a more indented unit right after
    it (a sub-bullet); ``previous`` the sentence before it in the same unit. Split once per
    document (the IK9 rules all walk them)."""
    hit = _SENTENCES_CACHE.get(id(doc))
    if hit is None or hit[0] is not doc:
        if len(_SENTENCES_CACHE) > 8:
            _SENTENCES_CACHE.clear()
        hit = _SENTENCES_CACHE[id(doc)] = (doc, tuple(_report_sentences(doc)))
    if not skip:
        return iter(hit[1])
    return (s for s in hit[1] if s.unit.section not in skip)


_SENTENCES_CACHE: dict[int, tuple[Document, tuple[Sentence, ...]]] = {}


def _report_sentences(doc: Document) -> Iterator[Sentence]:
    units = prose_units(doc)
    for i, unit in enumerate(units):
        spans = sentences(unit.text)
        following = ""
        if i + 1 < len(units) and units[i + 1].indent > unit.indent and units[i + 1].section == unit.section:
            nxt = sentences(units[i + 1].text)
            following = nxt[0].text if nxt else ""
        for j, span in enumerate(spans):
            yield Sentence(
                text=span.text,
                start=span.start,
                unit=unit,
                previous=spans[j - 1].text if j > 0 else "",
                next=spans[j + 1].text if j + 1 < len(spans) else following,
            )


_FIELD_PREFIX = re.compile(r"^\s*[A-Z][\w ()/'\u2019-]{0,60}?:\s")


def _without_label(text: str) -> str:
    """A sentence without a plain-text field label ("Root cause: see comment 5")."""
    m = _FIELD_PREFIX.match(text)
    return text[m.end() :] if m and len(m.group().split()) <= 6 else text


@lru_cache(maxsize=None)
def _i(pattern: str) -> Gate:
    """A case-insensitive pattern behind its necessary-literal gate (compiled on first need)."""
    return Gate(pattern, re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# IK901: a claim of no security impact without support.
# --------------------------------------------------------------------------------------------

NO_IMPACT_CLAIM = lexicon("no_impact_claim")

_CAUSE_AFTER = _i(
    r"^\s*(?:[\w'\u2019-]+\s+){0,6}?(?:[,;:\u2013\u2014(-]\s*)*(?:because|since(?!\s+\d)|as(?!\s+(?:such|well|a\s+result|of|to|far|long|soon|part|described|mentioned|noted|stated|shown|explained|discussed|outlined|detailed|above|below|follows|yet|expected|usual|before))|"
    r"(?:due|owing)\s+to(?!\s+(?:this|that|the)\s+(?:issue|incident|error|problem|misissuance|deviation|mistake|bug|finding|non-?compliance)\b)|"
    r"given|considering|in\s+that|for\s+the\s+reason|the\s+reason|thanks\s+to|which\s+is\s+because)\b"
    r"|^\s*[:\u2013\u2014(]|^\s+-\s"
)
_CONCLUSION_BEFORE = _i(
    r"(?:\b(?:so|therefore|thus|hence|consequently|accordingly|as\s+a\s+(?:result|consequence)|for\s+(?:this|these|that)\s+reasons?|"
    r"which\s+(?:means|meant)|meaning|this\s+means|that\s+means|given\s+(?:this|that|these))\b[\s,]*(?:\w+\s+){0,3}$)"
)
_REASON_OPENING = _i(
    r"^\s*(?:because|since|as|given\s+that|given\s+(?:this|these)|owing\s+to|due\s+to|considering\s+that)\b"
)
_CONCLUSION_OPENING = _i(
    r"^\s*(?:therefore|thus|hence|so|consequently|accordingly|as\s+a\s+(?:result|consequence)|for\s+(?:this|these|that)\s+reasons?|given\s+(?:this|that|these))\b"
)
_EXPLAINING_OPENING = _i(
    r"^\s*(?:this\s+is\s+because|that\s+is\s+because|the\s+reason\s+is|because|since|specifically|in\s+particular|namely|for\s+example|e\.g\.|i\.e\.)"
)
EVIDENCE = lexicon("claim_evidence")

GENERAL_REMARK = lexicon("general_remark")


@dataclass(frozen=True, slots=True)
class Support:
    """What the passage offers in support of a claim."""

    reasons: tuple[str, ...]
    evidence: bool

    @property
    def general_only(self) -> bool:
        return bool(self.reasons) and not self.evidence and all(search(r, GENERAL_REMARK) for r in self.reasons)


def claim_support(s: Sentence, start: int, end: int) -> Support:
    """The reasons and evidence given for the claim at ``s.text[start:end]``: a reason in the same
    sentence ("..., because ...", "Since ..., there is no ...", "..., so there is no ..."), an
    explaining or evidential next sentence, or the previous sentence when the claim draws a
    conclusion from it ("Therefore, ...")."""
    text = s.text
    before, after = text[:start], text[end:]
    reasons: list[str] = []
    if _CAUSE_AFTER.match(after):
        reasons.append(after)
    if _REASON_OPENING.match(before) or _CONCLUSION_BEFORE.search(before):
        reasons.append(before)
    if s.next and (_EXPLAINING_OPENING.match(s.next) or search(s.next, EVIDENCE)):
        reasons.append(s.next)
    if s.previous and (_CONCLUSION_OPENING.match(before) or (len(before.split()) <= 3 and search(s.previous, EVIDENCE))):
        reasons.append(s.previous)  # "Therefore, ...", or a claim opening right after the facts it rests on
    rest = before + " " + after
    evidence = any(search(r, EVIDENCE) for r in reasons) or bool(search(rest, EVIDENCE)) or bool(s.next and search(s.next, EVIDENCE))
    return Support(tuple(reasons), evidence)


@rule(
    code="IK901",
    name="unsupported-no-impact-claim",
    severity=WARNING,
    summary="A claim that the incident has no security impact gives its reason or evidence.",
    citations=(C_PRACTICES,),
    kinds=ALL_REPORT_KINDS,
)
def unsupported_no_impact_claim(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report says the incident has no security impact (or poses no risk to relying parties)
    and does not say why.

    Why: IRG 3.2 lists among its "bad" practices claims that are speculative or cannot be
    corroborated, and gives "there is no security impact due to this issue." as its example; its
    key characteristics ask reports to support claims with data. The guidance says "avoid", the
    force of a SHOULD NOT, so this is a warning.

    Fires: "There is no security impact.", "This poses no risk to relying parties.", "The issue
    could not be exploited.", with no reason or evidence in the same sentence or the next one; and
    a claim whose only reason is a general remark about clients rather than evidence about the
    affected certificates ("There is no security impact, as browsers ignore the commonName.",
    "... since the field is deprecated").

    Stays quiet: a claim with a reason or data ("There is no security impact because the
    certificates were never delivered to the subscriber.", "No risk to relying parties: all 12
    domains were validated correctly and only the OU spelling was wrong.", "We reviewed the CT
    logs; none of the certificates was served."); a claim concluded from the sentence before it
    ("All affected keys stayed in our HSM. Therefore there is no security impact."), or opening
    right after a sentence of facts about the affected objects ("Every revoked serial was still
    listed correctly. There was no risk that a revoked certificate would be accepted."); a claim the
    report denies, questions, quotes or retracts ("We do not claim there was no security impact.",
    "We are assessing whether there is no security impact", "Our earlier statement that there was
    no security impact was wrong."); "no security impact assessment".
    """
    for s in report_sentences(doc):
        for m in finditer(s.text, NO_IMPACT_CLAIM):
            if is_meta(s.text, m.start(), m.end()):
                continue
            support = claim_support(s, m.start(), m.end())
            claim = " ".join(m.group().split())
            if support.general_only:
                yield Hit(
                    f"\u201c{claim}\u201d rests on a general remark about how clients or fields behave, "
                    "not on evidence about the affected certificates",
                    line=s.unit.line_at(s.start + m.start()),
                    suggestion="support the claim with facts about this incident (which certificates, where they were "
                    "used, what was validated) or describe the possible impact instead",
                )
            elif not support.reasons and not support.evidence:
                yield Hit(
                    f"\u201c{claim}\u201d is claimed without a reason or evidence",
                    line=s.unit.line_at(s.start + m.start()),
                    suggestion="say why, with data (e.g. the certificates were never delivered, all names were "
                    "validated), or describe the possible impact instead",
                )
            break


# --------------------------------------------------------------------------------------------
# IK902: a third-party reporter named.
# --------------------------------------------------------------------------------------------

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"
_NAME_TOKEN = rf"(?:[{_UPPER}][{_LOWER}]+(?:[-'\u2019][{_UPPER}]?[{_LOWER}]+)*|[{_UPPER}]\.)"
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|el|ten|ter|dos|das)"
PERSON = rf"(?P<name>{_NAME_TOKEN}(?:\s+{_PARTICLE})*\s+{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})?)(?![\w])"
_PERSON_NOUN = (
    r"(?:(?:independent|external|a|an|the|security|community|third[- ]party|private|individual|our)\s+){0,3}"
    r"(?:researchers?|community\s+members?|users?|reporters?|individuals?|persons?|students?|developers?|engineers?|members?\s+of\s+the\s+public)"
)
_REPORT_VERBS = (
    r"(?:reported|disclosed|submitted|raised|found|discovered|identified|spotted|noticed|flagged|filed|opened|"
    r"brought\s+to\s+our\s+attention|pointed\s+out|notified|escalated)"
)
REPORTER_NAMED = [
    _i(rf"\b{_REPORT_VERBS}\s+(?:to\s+us\s+)?by\s+(?:{_PERSON_NOUN}\s*,?\s*)?(?-i:{PERSON})"),
    _i(
        rf"\b(?:thanks?|thanking|grateful|gratitude|credit)\s+(?:you\s+)?(?:goes\s+|go\s+)?(?:to\s+)?(?:{_PERSON_NOUN}\s+)?(?-i:{PERSON})"
        r"\s*(?:\([^)]*\)\s*)?,?\s*(?:for|who)\b"
    ),
    _i(
        r"\b(?:report|reports|email|e-mail|message|notification|cpr|disclosure|tip|notice)\s+(?:\w+\s+){0,2}?from\s+"
        rf"(?:{_PERSON_NOUN}\s*,?\s*)?(?-i:{PERSON})"
    ),
    _i(
        rf"(?-i:{PERSON})\s*(?:\([^)]*\)\s*|,\s*(?:an?|the|our)\s+[\w\s-]{{1,40}}?,\s*)?"
        r"(?:reported|notified\s+us|emailed\s+us|e-mailed\s+us|contacted\s+us|informed\s+us|alerted\s+us|wrote\s+to\s+us|"
        r"submitted\s+(?:a|the)\s+(?:\w+\s+)?report|opened\s+(?:this|the|a)\s+bug|filed\s+(?:this|the|a)\s+(?:bug|report)|"
        r"pointed\s+out|brought\s+(?:this|it)\s+to\s+our\s+attention)\b"
    ),
    _i(rf"\b(?:(?:the\s+)?reporter\s*,\s*|(?:researcher|reporter)\s+(?:named\s+)?)(?-i:{PERSON})"),
]
_REPORTER_GATE = GateGroup(REPORTER_NAMED)
"""Phrasings that name the person who reported the incident."""

_ORG_WORDS = frozenset(
    """ca cas trust trusted services service security secure systems system labs lab inc ltd llc gmbh ag sa bv nv
    corp corporation company co group team teams program programme root store community project foundation
    university institute research networks network solutions technologies technology software consulting audit
    auditors auditor assurance pki certificate certificates certification authority digital global internet web
    cloud bank banking government agency ministry department office center centre council forum browser browsers
    mozilla google chrome apple microsoft firefox safari edge bugzilla github gitlab encrypt sectigo digicert
    globalsign entrust comodo identrust amazon cloudflare akamai kpmg pwc deloitte ernst young bdo webtrust etsi
    ccadb ct crt censys zlint pkilint certlint hackerone bugcrowd operations compliance validation engineering
    support response incident incidents customer subscriber vendor partner reseller hsm quality internal external
    monitoring linter our the this that these those we they monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december policy
    infrastructure limited holdings international national federal state city hospital health clinic school
    college bureau commission registry registrar tuv tüv lsti schellman thornton mazars crowe tilly adams
    committee board owner third party parties self scan scanner monitor checker tool
    script job alert bot pipeline report reports dashboard console server client portal api engine owners product products platform platforms manager managers desk""".split()
)
GIVEN_NAMES = frozenset(
    """aaron abdul adam adrian ahmed aisha akira alan albert alejandro alex alexander alexandra alexis ali alice
    alicia alina alison amanda amelia amir amit amy ana anders andrea andreas andrew andrés angela angelo anita
    ann anna anne annika anthony antoine anton antonio arjun arnaud astrid axel ayumi barbara beatriz ben benjamin
    bernard bernd bilal bjorn björn bob boris brian bruno carl carla carlos carmen caroline catherine cecilia
    charles charlotte chen chloe chris christian christina christine christoph christopher claire clara claudia
    colin daniel daniela david deepak denis diana diego dieter dimitri dmitri dmitry dominik donald dylan edward
    elena eli elias elizabeth ella emily emma emil emre eric erik ethan eva fabian fatima felix fernando florian
    francesca francesco françois frank franz fred frederik gabriel gareth george georg gerhard gianluca giorgio
    giovanni giulia grace greg gregory guillaume gustavo hana hannah hans harald harry heinz helen helena henrik
    henry hiroshi hugo ian ibrahim igor ingrid irene isabel isabella ivan jack jacob jakob james jan jane janet
    jason javier jean jeff jennifer jens jeremy jessica jim jin joan joao joão joe johan johannes john jonas
    jonathan jordan jorge jose josé joseph josh joshua juan julia julian julie julien jun jürgen karen karim karl
    kate katharina katherine kathy kazuki keith ken kenji kevin kim klaus kumar lars laura lea leah lee lena leo
    leon li lin linda lisa liu lucas lucia luis lukas luca maja manuel marc marco marcus margaret maria marie
    marina mario mark markus marta martin mary maria matteo matthew matthias max maxim mehmet mei melissa michael
    michel michelle miguel mika mike mikhail min mohamed mohammed monica nadia naomi natalia natalie nathan
    nicholas nick nicola nicolas niklas nikolai nina noah nora olga oliver olivia omar oscar pablo paolo patricia
    patrick paul paula pedro peter petra philip philipp pierre pietro priya rachel rafael rahul raj ralf ramón
    raphael rebecca richard rita robert roberto robin roman rosa ryan sam samir samuel sandra sara sarah sasha
    satoshi sebastian sergei sergey sergio simon simone sofia sophia sophie stefan stefano stephan stephanie
    stephen steve steven susan sven takashi tanja taro thomas tim timo tobias tom tomas tomás tony ulrich valentina
    vanessa victor viktor vincent vladimir walter wang wei werner william wolfgang xavier yan yang yuki yusuf
    yves zhang zoe""".split()
)
"""Common given names: a capitalised pair after "reported by" is taken for a person only when it
starts with one of these (or an initial), or when the text calls the reporter a researcher,
community member or the like. Organisations with two capitalised words stay quiet."""
_PERSON_CUE = _i(
    r"\b(?:researchers?|reporters?|community\s+members?|individuals?|students?|developers?|engineers?|users?|"
    r"mr|mrs|ms|dr|prof|who|his|her)\b|\([^()]*@[^()]*\)"
)

_EMAIL = re.compile(r"(?<![\w.+-])(?P<local>[A-Za-z0-9][\w.+-]*)@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_ROLE_LOCALS = frozenset(
    """security abuse compliance noreply no-reply support cpr revoke revocation revocations pki ca info admin help
    helpdesk incident incidents reporting certificates cert certs ssl tls legal privacy contact office hostmaster
    postmaster webmaster team ops operations policy report reports problem problemreport validation audit sales
    service noc soc csirt psirt dpo root trust ccadb mozilla bugzilla questions inquiries enquiries hello mail
    certificate disclosure disclosures responsible vulnerability vuln vulns bugs bounty""".split()
)
_ROLE_DOMAINS = ("ccadb.org", "mozilla.org", "mozilla.com", "cabforum.org", "bugzilla.mozilla.org")
_EMAIL_REPORTER_CONTEXT = _i(
    r"^\s*(?:[>)]\s*)?(?:\)\s*)?(?:,\s*)?(?:reported|wrote|notified|emailed|e-mailed|submitted|sent|informed|alerted|contacted|disclosed|opened|filed)\b"
)
_REPORTER_SENTENCE = _i(
    r"\b(?:reporter|reports?|reported|reporting|thanks?|researcher|cpr|notif(?:y|ied|ication)|disclos(?:ed|ure)|discovered|found|alerted|informed)\b"
)
_CONSENT = lexicon("reporter_consent")
_AUDITOR_CONTEXT = lexicon("auditor_context")


def _owner_words(doc: Document, ctx: Context) -> set[str]:
    """The words of the CA Owner's name, from the draft, the bug title or the configuration."""
    names = [doc.bug.ca_owner, ctx.config.get("ca-owner")]
    for title in (ctx.title, doc.bug.title):
        if title and ":" in title:
            names.append(title.split(":", 1)[0])
    return {w.lower() for n in names if isinstance(n, str) for w in re.findall(r"\w+", n)}


def _is_person_name(name: str, owner: set[str]) -> bool:
    tokens = [t.lower().rstrip(".") for t in re.findall(r"[\w'\u2019.-]+", name)]
    if any(t in _ORG_WORDS or t in owner or t.replace("\u2019", "'").endswith("'s") for t in tokens):
        return False
    return sum(1 for t in tokens if len(t) > 1) >= 1


def _is_role_address(local: str, domain: str) -> bool:
    domain = domain.lower()
    if any(domain == d or domain.endswith("." + d) for d in _ROLE_DOMAINS):
        return True
    parts = re.split(r"[._+-]", local.lower())
    return any(p in _ROLE_LOCALS for p in parts)


def _consented(s: Sentence) -> bool:
    return bool(search(s.text, _CONSENT) or (s.next and search(s.next, _CONSENT)) or (s.previous and search(s.previous, _CONSENT)))


def _privacy_request_in_force(doc: Document, ctx: Context) -> bool:
    """Whether the IRG's request to respect an external reporter's privacy (IRG 3.0 and later)
    applies: not to legacy or IRG 2.0 reports, nor to anything posted before IRG 3.0 took effect."""
    from incident_kit.irg import kinds as k

    posted = ctx.effective_date(doc)
    if posted is not None and posted < k.IRG3_START:
        return False
    older = (k.KIND_LEGACY, k.KIND_IRG2, k.KIND_IRG2_AUDIT, k.KIND_IRG2_PRELIMINARY)
    return doc.kind in k.IRG3 or (posted is not None and doc.kind not in older)


@rule(
    code="IK902",
    name="third-party-reporter-named",
    severity=WARNING,
    summary="A third-party reporter is not named (or their address given) unless they approved it.",
    citations=(C_FIELDS, C_PRACTICES),
    kinds=ALL_REPORT_KINDS,
)
def third_party_reporter_named(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report names the person who reported the incident, or gives their e-mail address.

    Why: IRG 3.2 asks CA Owners to respect an external reporter's privacy and to disclose their
    name only if the reporter affirmatively approved it, writing e.g. "we received a report from a
    community member" instead (note under the Source field; good practice "Respect external
    reporter privacy"). The request is phrased as "please", among good practices, and approval
    cannot be seen in the text, so a name is a notice (check that the reporter agreed). A
    reporter's e-mail address is a warning: it is contact data the report never needs, and few
    reporters agree to have it posted on a public bug.

    Fires: "reported by Jane Doe", "thanks to Jane Doe for reporting", "a problem report from
    researcher Jane Doe", "Jane Doe (jane@example.net) reported", "Jane Doe, an independent
    researcher, notified us" (notice); a personal address given as the source of a report: "we
    received a report from jdoe@example.net" (warning).

    Stays quiet: "a community member", "a security researcher", "an external party"; the CA
    Owner's own name, auditors, root programs, organisations and products ("reported by Example
    Bank", "reported by Google's Chrome Root Program", "found by our auditor"); role addresses
    (security@, compliance@, incident-reporting@ccadb.org); a reporter named with their consent
    ("named with their permission", "who asked to be credited"); quoted text.

    Narrowed to the reports the request applies to: IRG 3.0 (in force from 2025-03-01) added it;
    the legacy list and IRG 2.0 say nothing of the reporter's privacy, and naming the reporter
    with thanks was common practice then. So the rule is quiet on legacy and IRG 2.0 reports, and
    on any report posted before 2025-03-01.
    """
    if not _privacy_request_in_force(doc, ctx):
        return
    owner = _owner_words(doc, ctx)
    for s in report_sentences(doc):
        if "@" not in s.text and not _REPORTER_GATE.may_match(s.text):
            continue  # neither a name pattern nor the e-mail pattern can match
        if _consented(s):
            continue
        named = False
        for pattern in REPORTER_NAMED:
            for m in pattern.finditer(s.text):
                name = m.group("name")
                if in_quotes(s.text, m.start()) or not _is_person_name(name, owner):
                    continue
                first = name.split()[0].lower()
                if not (first in GIVEN_NAMES or first.endswith(".") or _PERSON_CUE.search(m.group())):
                    continue
                if search(s.text[max(0, m.start() - 60) : m.end() + 40], _AUDITOR_CONTEXT):
                    continue
                named = True
                yield Hit(
                    f"the reporter appears to be named (\u201c{' '.join(name.split())}\u201d); the IRG asks to name a "
                    "third-party reporter only with their approval",
                    line=s.unit.line_at(s.start + m.start("name")),
                    suggestion="write \u201ca community member\u201d or \u201ca security researcher\u201d unless the reporter "
                    "agreed to be named (and say so)",
                    severity=NOTICE,
                )
                break
            if named:
                break
        for m in _EMAIL.finditer(s.text):
            if _is_role_address(m.group("local"), m.group("domain")) or in_quotes(s.text, m.start()):
                continue
            before = s.text[max(0, m.start() - 12) : m.start()]
            after = s.text[m.end() : m.end() + 30]
            from_by = bool(re.search(r"\b(?:from|by)\s+$", before, re.I)) and bool(_REPORTER_SENTENCE.search(s.text))
            acts = bool(_EMAIL_REPORTER_CONTEXT.match(after))
            bracketed = before.rstrip().endswith(("(", "<")) and bool(_REPORTER_SENTENCE.search(s.text))
            if not (from_by or acts or bracketed):
                continue
            yield Hit(
                f"the reporter's e-mail address ({m.group()}) is given; the IRG asks to identify a third-party "
                "reporter only with their approval",
                line=s.unit.line_at(s.start + m.start()),
                suggestion="remove the address; describe the reporter as \u201ca community member\u201d",
            )


# --------------------------------------------------------------------------------------------
# IK903: the report relies on other reports, comments or attachments.
# --------------------------------------------------------------------------------------------

_T_COMMENT = r"comment\s*#?\s*\d+(?:\s+(?:above|below))?"
_T_BUG = r"(?:bug|bugzilla\s+bug|ticket)\s*#?\s*\d{4,8}(?:\s*(?:comment|c)\s*#?\s*\d+)?|https?://bugzilla\.mozilla\.org/show_bug\.cgi\?id=\d+(?:#c\d+)?"
_T_PREV = (
    r"(?:our|the|my|an?)\s+(?:previous|earlier|prior|preliminary|initial|first|last|original|interim|other|separate|older)\s+"
    r"(?:incident\s+)?(?:reports?|comments?|updates?|posts?|postings?|responses?|replies|messages?|submissions?|answers?|bugs?)"
)
_T_ATTACH = (
    r"(?:the\s+|our\s+|an?\s+)?(?:attached|enclosed|accompanying|uploaded)\s+(?:\w+\s+){0,2}?(?:pdf|documents?|docx?|word\s+(?:documents?|files?)|reports?|files?|slides?|presentations?|memo|analysis|letter)"
    r"|(?:the\s+|an?\s+)?(?:pdf\s+)?attachments?|(?:the\s+|a\s+)pdf(?:\s+(?:file|document|report))?"
)
_TARGETS = {
    "comment": _T_COMMENT,
    "bug": _T_BUG,
    "previous": _T_PREV,
    "attachment": _T_ATTACH,
}
_DETAIL_NOUNS = (
    r"(?:(?:more|further|full|additional|complete|all|the)\s+){0,4}(?:details?|information|context|specifics|explanation|analysis|root\s+cause(?:\s+analysis)?|"
    r"timeline|action\s+items?|remediation(?:\s+plan)?|answers?|report|description|rationale|reasoning|list|findings?|data)"
)


@dataclass(frozen=True, slots=True)
class Pointer:
    kind: str  # "deferral" (content is elsewhere) or "reference" (relies on earlier discussion)
    target: str  # comment, bug, previous, attachment, above
    detail: bool  # names report content ("for details", "the root cause is in ...")
    match: re.Match[str]


def _pointer_patterns() -> list[tuple[str, str, bool, Gate]]:
    out: list[tuple[str, str, bool, Gate]] = []
    for target, t in _TARGETS.items():
        out += [
            (
                "deferral",
                target,
                True,
                _i(
                    rf"\b{_DETAIL_NOUNS}\s+(?:is|are|was|were|can\s+be|may\s+be|have\s+been|has\s+been)\s+(?:(?:also\s+)?(?:found|available|given|provided|described|explained|detailed|documented|outlined|included|contained|listed)\s+)?"
                    rf"(?:in|at|within)\s+(?:{t})"
                ),
            ),
            (
                "deferral",
                target,
                True,
                _i(rf"^\W*(?:(?:the|more|further|full|additional|complete|all)\s+)*(?:details|information)\b(?:\s+[\w-]+){{0,3}}?\s+(?:in|at|within)\s+(?:{t})"),
            ),
            ("deferral", target, True, _i(rf"\b(?:see|refer\s+to|consult|check|read)\s+(?:also\s+)?(?:{t})\s*,?\s+(?:for|regarding|about|on)\s+{_DETAIL_NOUNS}")),
            ("deferral", target, False, _i(rf"\b(?:please\s+)?(?:see|refer\s+to|consult|check|read)\s+(?:also\s+)?(?:{t})")),
            ("deferral", target, False, _i(rf"\b(?:same|identical|unchanged)\s+(?:\w+\s+){{0,3}}(?:as|to|from)\s+(?:in\s+|those\s+in\s+|that\s+in\s+)?(?:{t})")),
            (
                "reference",
                target,
                False,
                _i(
                    r"\b(?:as|like)\s+(?:we\s+)?(?:have\s+)?(?:previously\s+|already\s+|earlier\s+)?(?:discussed|mentioned|described|explained|stated|noted|reported|said|outlined|detailed|indicated|communicated|shared|answered|documented|given|provided|shown)\s+"
                    rf"(?:\w+\s+)?(?:in|at|on|by)\s+(?:{t})"
                ),
            ),
        ]
        if target != "bug":
            out.append(
                (
                    "deferral",
                    target,
                    False,
                    _i(rf"\b(?:is|are|were|was|can\s+be|may\s+be|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:found|available|given|provided|described|explained|detailed|documented|outlined|included|contained|answered|discussed)\s+in\s+(?:{t})"),
                )
            )
    out += [
        ("reference", "above", False, _i(r"\b(?:as|like)\s+(?:we\s+)?(?:have\s+)?(?:previously\s+|already\s+|earlier\s+)?discussed\s+(?:above|earlier|previously|before|in\s+(?:this|the)\s+(?:bug|thread)|in\s+the\s+comments)\b")),
        ("reference", "above", False, _i(r"\b(?:as|like)\s+(?:we\s+)?(?:have\s+)?(?:previously|already)\s+(?:discussed|mentioned|described|explained|stated|noted|reported|said|communicated|answered)\b")),
        ("reference", "above", False, _i(r"\bas\s+(?:was\s+)?(?:discussed|mentioned|explained|stated|answered)\s+in\s+(?:the\s+)?(?:comments|thread|discussion|bug)\b")),
    ]
    return out


POINTERS = _pointer_patterns()
_POINTER_GATE = GateGroup(p for *_, p in POINTERS)
_DATA_ATTACHMENT = lexicon("data_attachment")
_POINTER_ONLY_WORDS = 2
"""A sentence with at most this many words of its own besides a deferral is only a pointer."""
_THIN_WORDS = 4
_STATEMENT_WORDS = 12
"""A sentence with at least this many words of its own says what happened itself; a pointer to
another bug in parentheses beside it ("... on 26 March (see bug 1234567 for details)") cites that
bug's discussion for more, it does not leave the answer there."""


def _in_parentheses(text: str, pos: int) -> bool:
    """Whether ``pos`` stands inside an open parenthesis of ``text``."""
    before = text[:pos]
    return before.rfind("(") > before.rfind(")")
_RESTATED = lexicon("restated")
"""A sentence that leans on earlier discussion with fewer words of its own than this restates
nothing of it."""
_NUMBER = re.compile(r"\b\d[\d\-:.,/]*\b")


def _own_words(text: str) -> int:
    """Content words plus numbers and dates: what a sentence says besides its pointer."""
    return len(content_words(text)) + len(_NUMBER.findall(text))


def find_pointer(s: Sentence) -> Optional[Pointer]:
    """The first pointer of the sentence to content outside the report, if any."""
    best: Optional[Pointer] = None
    if not _POINTER_GATE.may_match(s.text):
        return best
    for kind, target, detail, pattern in POINTERS:
        m = pattern.search(s.text)
        if m is None or in_quotes(s.text, m.start()):
            continue
        if target == "attachment" and search(s.text, _DATA_ATTACHMENT):
            continue
        if search(s.text, _RESTATED):
            continue
        if best is None or m.start() < best.match.start() or (m.start() == best.match.start() and kind == "deferral" and detail):
            best = Pointer(kind, target, detail, m)
    return best


@rule(
    code="IK903",
    name="report-not-free-standing",
    severity=ERROR,
    summary="The report states its content itself instead of pointing to comments, other reports or attachments.",
    citations=(C_SCOPED, C_FORMAT),
    kinds=ALL_REPORT_KINDS,
)
def report_not_free_standing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report leaves part of its content to a Bugzilla comment, an earlier report, another bug
    or an attachment.

    Why: IRG 3.2 says all reports MUST be free-standing and not rely on the contents of other
    reports; they may repeat earlier information and SHOULD summarise previous findings, and the
    CA Owner must compile a complete report even if the information exists elsewhere. Report
    content MUST be given in Markdown, not as an attachment. A MUST, so an error when the report
    plainly defers its content. The MUST is IRG 3.x's: IRG 2.0 and the legacy guidance said a report
    *should* summarise previous findings, so in legacy and IRG 2.0 reports every finding here is a
    warning.

    Fires: error when a sentence or field is only a pointer ("Root cause: see comment 12.",
    "Details in the attached PDF.", "See bug 1234567 for details.", "The timeline is the same as
    in our preliminary report."); warning when a sentence defers to comments or another report
    but also says something itself ("The certificates were revoked; see comment 7 for the
    details."), and when a sentence only leans on earlier discussion ("As discussed above, we are
    still investigating.", "As mentioned in our previous report, this is resolved.").

    Stays quiet: the Related Incidents table; citing a related bug while summarising it ("Another
    CA had the same problem (see bug 1234567)", a full statement with "(see bug 1234567 for
    details)" beside it: who reported what and when is given, the pointer adds), "the misissuance is covered in bug 1234567, where
    41 certificates ..."); a reference followed by the content itself ("As mentioned in our
    previous report, the 37 certificates were issued between ... because ..."); "as described
    above" (the report's own earlier section); attached certificate lists (CSV, crt.sh links) and
    audit letters; the Timeline, whose entries record where things were posted ("Answer posted in
    comment 3").
    """
    should = doc.kind in (KIND_LEGACY, KIND_IRG2, KIND_IRG2_AUDIT)  # "should be a summary": IRG 2.0 ¶5, IRG 1.0
    for s in report_sentences(doc, skip=(SEC_RELATED, SEC_TIMELINE)):
        p = find_pointer(s)
        if p is None:
            continue
        if s.unit.section == SEC_APPENDIX and p.target == "attachment":
            continue
        own = _own_words(_without_label(s.text[: p.match.start()] + " " + s.text[p.match.end() :]))
        severity: Optional[Severity]
        if p.kind == "deferral":
            if p.target == "bug" and not p.detail and own > 1:
                continue  # "(see bug 1234567)" cited beside a statement of its own
            if p.target == "bug" and own >= _STATEMENT_WORDS and _in_parentheses(s.text, p.match.start()):
                continue  # a full statement, with "(see bug N for details)" as a citation beside it
            severity = None if own <= _POINTER_ONLY_WORDS else WARNING
        else:
            if own >= _THIN_WORDS:
                continue
            severity = WARNING
        if should:
            severity = WARNING
        where = " ".join(p.match.group().split())
        what = {
            "comment": "a Bugzilla comment",
            "bug": "another bug",
            "previous": "an earlier report or comment",
            "attachment": "an attachment",
            "above": "earlier discussion",
        }[p.target]
        duty = "a report should summarise previous findings itself" if should else "reports must be free-standing"
        message = (
            f"the report leaves its content to {what} (\u201c{where}\u201d); {duty}"
            if p.kind == "deferral"
            else f"the sentence relies on {what} (\u201c{where}\u201d) without restating it; {duty}"
        )
        yield Hit(
            message,
            line=s.unit.line_at(s.start + p.match.start()),
            suggestion="summarise the referenced content in the report itself (the IRG allows repeating it)",
            severity=severity,
        )


# --------------------------------------------------------------------------------------------
# IK904: blaming others.
# --------------------------------------------------------------------------------------------

_ACTOR = (
    r"(?:customers?|subscribers?|applicants?|vendors?|suppliers?|partners?|resellers?|auditors?|audit\s+firms?|"
    r"third[- ]part(?:y|ies)|contractors?|(?:service\s+|hosting\s+|cloud\s+|dns\s+|software\s+|hsm\s+)?providers?|"
    r"manufacturers?|integrators?|registrars?|upstream(?:\s+(?:project|maintainers?|developers?))?|maintainers?|"
    r"(?:library|software|hsm|hardware|cloud)\s+(?:vendors?|suppliers?|providers?|maintainers?))"
)
_POSS = r"(?:'s|\u2019s|s'|s\u2019)"
_FAULT = (
    r"(?:fault|negligence|carelessness|mistakes?|errors?|failures?|oversights?|bugs?|misconfigurations?|incompetence|"
    r"inaction|refusal|unwillingness|sloppiness|lack\s+of\s+(?:\w+\s+)?(?:care|diligence|cooperation|attention))"
)
BLAME = [
    ("fault", _i(rf"\b(?:the\s+|our\s+|a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?{_ACTOR}{_POSS}\s+(?:own\s+)?(?:\w+\s+)?{_FAULT}\b")),
    (
        "fault",
        _i(
            r"\b(?:due\s+to|caused\s+by|because\s+of|the\s+result\s+of|resulting\s+from|attributable\s+to|a\s+consequence\s+of)\s+"
            rf"(?:\w+\s+){{0,3}}?{_FAULT}\s+(?:by|of|on\s+the\s+part\s+of)\s+(?:the\s+|our\s+|a\s+|an\s+)?(?:\w+\s+)?{_ACTOR}\b"
        ),
    ),
    (
        "fault",
        _i(
            rf"\b{_ACTOR}\s+(?:was|were|is|are)\s+(?:solely\s+|entirely\s+|fully\s+|wholly\s+|ultimately\s+|completely\s+)?(?:responsible|at\s+fault|to\s+blame)\b"
        ),
    ),
    (
        "fault",
        _i(
            r"\b(?:fault|responsibility|blame)\s+(?:lies|lay|rests|rested|lay)\s+(?:solely\s+|entirely\s+|fully\s+|wholly\s+)?with\s+"
            rf"(?:the\s+|our\s+)?(?:\w+\s+)?{_ACTOR}\b"
        ),
    ),
    ("fault", _i(rf"\b(?:entirely|solely|wholly|completely)\s+(?:the\s+)?(?:fault|responsibility)\s+of\s+(?:the\s+|our\s+)?(?:\w+\s+)?{_ACTOR}\b")),
    ("fault", _i(r"\b(?:not\s+our\s+fault|through\s+no\s+fault\s+of\s+(?:our|its)\s+own|no\s+fault\s+of\s+(?:ours|the\s+ca))\b")),
    ("fault", _i(r"\bwe\s+(?:are|were)\s+not\s+(?:to\s+blame|at\s+fault)\b")),
    ("fault", _i(rf"\bblame[sd]?\s+(?:lies\s+)?(?:on|with)\s+(?:the\s+|our\s+)?(?:\w+\s+)?{_ACTOR}\b")),
    (
        "shortfall",
        _i(
            rf"\b(?:the|our|a|an|some|several|many|one|this|that|its)\s+(?:\w+\s+)?{_ACTOR}\s+(?:had\s+|has\s+)?"
            r"(?:failed|neglected|forgot|refused|omitted|did\s+not\s+bother)\s+to\b"
        ),
    ),
    ("shortfall", _i(rf"\b(?:the|our)\s+(?:\w+\s+)?{_ACTOR}\s+should\s+have\b")),
    ("shortfall", _i(r"\b(?:beyond|outside(?:\s+of)?)\s+(?:our|the\s+ca(?:\s+owner)?(?:'s)?|its)\s+(?:\w+\s+)?control\b")),
]
_BLAME_GATE = GateGroup(p for _, p in BLAME)
"""Attributions of the incident to someone else: a customer's, vendor's or auditor's fault or
negligence, "the customer failed to", "outside our control"."""

RESPONSIBILITY = lexicon("responsibility")
"""The CA Owner taking its share: "we take full responsibility", "our tests did not cover it",
"we should have", "we relied on ..."."""


def _passages(doc: Document) -> dict[Optional[str], str]:
    """The text of each section (None: text outside any section), for the responsibility test."""
    out: dict[Optional[str], str] = {}
    for unit in prose_units(doc):
        out[unit.section] = out.get(unit.section, "") + "\n" + unit.text
    return out


_FIRST_PERSON = _i(r"\b(?:we|our|us)\b")


def _takes_responsibility(text: str) -> bool:
    """Whether the passage states the CA Owner's own part: an explicit acceptance, or a weakness
    of its own systems or a missing control, described in the first person."""
    if any(search(span.text, RESPONSIBILITY) for span in sentences(text)):
        return True
    return any(
        _FIRST_PERSON.search(span.text) and causes.system_cause(span.text) is not None for span in sentences(text)
    )


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

    Fires (warning): "the auditor's fault", "due to the subscriber's negligence", "the vendor's
    bug", "the fault lies with the vendor", "the customer is solely responsible", "this was not our
    fault"; (notice) "the customer failed to ...", "the vendor should have ...", "beyond our
    control".

    Stays quiet: when the same section says what the CA Owner's part was ("the vendor's library
    changed, and our tests did not cover it", "we take full responsibility", "we should have
    required ...", "we relied on the vendor's release notes"); a denied attribution ("this was
    not the customer's fault", "we do not blame the subscriber"); quoted text; the Timeline and
    Related Incidents sections, whose entries record events.
    """
    passages = _passages(doc)
    whole_takes = bool(_i(r"\bwe\s+(?:fully\s+)?(?:take|accept|bear|acknowledge)\s+(?:\w+\s+){0,2}responsibility").search(doc.text))
    if whole_takes:
        return
    responsible: dict[str, bool] = {}  # per passage: computed only where blame is found

    def takes_responsibility(passage: str) -> bool:
        if passage not in responsible:
            responsible[passage] = _takes_responsibility(passage)
        return responsible[passage]

    for s in report_sentences(doc, skip=(SEC_TIMELINE, SEC_RELATED)):
        if not _BLAME_GATE.may_match(s.text):
            continue
        passage = passages.get(s.unit.section, s.unit.text) if s.unit.section else s.unit.text
        for level, pattern in BLAME:
            m = pattern.search(s.text)
            if m is None or in_quotes(s.text, m.start()):
                continue
            if takes_responsibility(passage):
                break
            clause_start = s.text.rfind(",", 0, m.start()) + 1
            if level != "fault" or not m.group().lower().startswith(("not our", "through no", "no fault", "we are", "we were")):
                if negated_before(s.text[clause_start : m.start()] + " ", len(s.text[clause_start : m.start()]) + 1):
                    continue
                if _i(r"\b(?:not|never|no)\s+(?:\w+\s+){0,2}(?:blame|blaming|fault)\b").search(s.text[:m.start()]):
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


# --------------------------------------------------------------------------------------------
# IK905: discouraged wording (data-driven).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordingCheck:
    """One entry of a wording file."""

    id: str
    level: Severity
    message: str
    concept: Concept  # patterns and exceptions (a shipped lexicon, or the entry's own)
    suggestion: Optional[str]
    citations: tuple[str, ...]
    source: str


_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_CACHE: dict[tuple[str, int, int], tuple[list[WordingCheck], list[str]]] = {}


def load_wording(path: Path) -> tuple[list[WordingCheck], list[str]]:
    """The checks of one wording file, and the problems found in it (each ``path: ...``); an entry
    with a problem is left out, the others are kept."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        return [], [f"{path}: cannot read the wording file ({exc.strerror or exc})"]
    if key in _CACHE:
        return _CACHE[key]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        result: tuple[list[WordingCheck], list[str]] = ([], [f"{path}: not a readable TOML wording file ({exc})"])
        _CACHE[key] = result
        return result
    checks, problems = _parse_wording(data, str(path))
    _CACHE[key] = (checks, problems)
    return checks, problems


def _parse_wording(data: dict[str, Any], source: str) -> tuple[list[WordingCheck], list[str]]:
    checks: list[WordingCheck] = []
    problems: list[str] = []
    entries = data.get("check", [])
    if not isinstance(entries, list):
        return [], [f"{source}: 'check' must be an array of tables ([[check]])"]
    for n, entry in enumerate(entries, 1):
        where = f"{source}: check {n}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a table")
            continue
        try:
            checks.append(_wording_check(entry, where, source))
        except ValueError as exc:
            problems.append(str(exc))
    return checks, problems


def _strings(entry: dict[str, Any], key: str, where: str, required: bool) -> list[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: {key} must be a list of non-empty strings")
    if required and not value:
        raise ValueError(f"{where}: {key} is missing")
    return value


def _wording_check(entry: dict[str, Any], where: str, source: str) -> WordingCheck:
    cid = entry.get("id")
    if not isinstance(cid, str) or not _ID_RE.match(cid):
        raise ValueError(f"{where}: id must be a kebab-case string")
    where = f"{source}: check {cid}"
    level = entry.get("level", "notice")
    if level not in ("notice", "warning"):
        raise ValueError(f"{where}: level must be \"notice\" or \"warning\", not {level!r}")
    message = entry.get("message")
    if not isinstance(message, str) or not message.strip():
        raise ValueError(f"{where}: message is missing")
    suggestion = entry.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        raise ValueError(f"{where}: suggestion must be a string")
    citations = _strings(entry, "citations", where, False)
    for c in citations:
        if not CITATION_RE.match(c):
            raise ValueError(f"{where}: citation {c!r} is not a canonical id (e.g. \"IRG 3.2 §Illustrative practices\")")
    unknown = set(entry) - {"id", "level", "message", "suggestion", "citations", "concept", "patterns", "exceptions"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    name = entry.get("concept")
    if name is not None:
        if "patterns" in entry or "exceptions" in entry:
            raise ValueError(f"{where}: give either concept or patterns, not both")
        if name not in lexicon_names():
            raise ValueError(f"{where}: no lexicon named {name!r} (see: incident-kit lexicon list)")
        concept = lexicon(name)
    else:
        patterns = _strings(entry, "patterns", where, True)
        exceptions = _strings(entry, "exceptions", where, False)
        try:
            for pattern in patterns + exceptions:
                re.compile(pattern)  # each on its own: wrapped in a group, "(x" could pass unnoticed
            concept = Concept(cid, patterns, exceptions)
            _ = (concept.regex, concept.exception_regex)  # compiled now, so a bad pattern is reported here
        except re.error as exc:
            raise ValueError(f"{where}: a pattern is not a valid regular expression ({exc})") from None
    return WordingCheck(cid, Severity(level), message.strip(), concept, suggestion, tuple(citations), source)


def wording_checks(ctx: Context) -> tuple[list[WordingCheck], list[str]]:
    """The shipped checks plus those of every file named by ``wording-paths``."""
    checks, problems = load_wording(WORDING_FILE)
    checks, problems = list(checks), list(problems)
    extra = ctx.config.get("wording-paths", ()) or ()
    if isinstance(extra, str):
        extra = [extra]
    if not isinstance(extra, (list, tuple)):
        return checks, problems + ["wording-paths: expected a list of file names"]
    for p in extra:
        more, bad = load_wording(Path(str(p)))
        checks += more
        problems += bad
    return checks, problems


@rule(
    code="IK905",
    name="discouraged-wording",
    severity=WARNING,
    summary="The report avoids wording that plays down the incident (and any wording a team lists).",
    citations=(C_PRACTICES,),
    kinds=ALL_REPORT_KINDS,
)
def discouraged_wording(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report uses a phrasing listed in a wording file: shipped, phrasings that play down the
    severity of the incident.

    Why: among its "bad" practices IRG 3.2 asks CA Owners to resist downplaying the severity or
    implications of an incident. Calling a misissuance "only a minor issue" or "merely cosmetic"
    tells readers what to think instead of showing the facts. That is advice, so the shipped
    checks are notices. The phrasings are data (``incident_kit/rules/wording.toml``); a team adds
    checks of the same shape (id, level, message, patterns, optional exceptions, suggestion and
    citations) in files named by ``wording-paths`` in its configuration. Levels are "notice" or
    "warning", never error, hence the rule's warning ceiling. A broken entry is reported once as a
    warning and skipped.

    Fires (shipped checks, notice): "this was only a minor issue", "merely cosmetic", "a mere
    technicality", "the error is harmless", "negligible risk", "blown out of proportion".

    Stays quiet: a denied phrase ("this is not a minor issue", "we do not consider it cosmetic");
    quoted text; audit wording ("a minor non-conformity"); counts ("only 3 certificates").
    """
    checks, problems = wording_checks(ctx)
    for problem in problems:
        yield Hit(f"wording check skipped: {problem}", severity=WARNING)
    if not checks:
        return
    for s in report_sentences(doc):
        for check in checks:
            found = next((m for m in mentions(s.text, check.concept) if not m.negated and not in_quotes(s.text, m.start)), None)
            if found is None:
                continue
            yield Hit(
                f"\u201c{' '.join(found.text.split())}\u201d {check.message} [{check.id}]",
                line=s.unit.line_at(s.start + found.start),
                suggestion=check.suggestion,
                severity=check.level,
                citations=tuple(c for c in check.citations if c not in (C_PRACTICES,)),
            )


__all__ = [
    "Unit",
    "Sentence",
    "prose_units",
    "report_sentences",
    "NO_IMPACT_CLAIM",
    "EVIDENCE",
    "GENERAL_REMARK",
    "claim_support",
    "find_pointer",
    "load_wording",
    "wording_checks",
]
