"""IK902 third-party-reporter-named."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ALL_REPORT_KINDS, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules.ik9_wording._common import C_PRACTICES, Cues, _i, alternatives
from incident_kit.text.concepts import lexicon, search
from incident_kit.text.gate import Gate
from incident_kit.text.negation import in_quotes
from incident_kit.text.prose import Sentence


C_FIELDS = cites.IRG3_FIELDS

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"
_NAME_TOKEN = rf"(?:[{_UPPER}][{_LOWER}]+(?:[-'\u2019][{_UPPER}]?[{_LOWER}]+)*|[{_UPPER}]\.)"
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|el|ten|ter|dos|das)"
PERSON = rf"(?P<name>{_NAME_TOKEN}(?:\s+{_PARTICLE})*\s+{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})?)(?![\w])"


@lru_cache(maxsize=None)
def reporter_named() -> tuple[Gate, ...]:
    """Phrasings that name the person who reported the incident. Their words are lexicons: the
    verbs of reporting (``reported_by``), the words for a private reporter and what may stand
    before them (``reporter_person``, ``reporter_qualifier``), thanks (``gratitude``), what a
    reporter sends (``report_message``) and what a named reporter did (``reporter_contact``); the
    shape of a person's name and of each sentence stays here. Built on first use."""
    verbs = alternatives("reported_by")
    person = r"(?:" + alternatives("reporter_qualifier") + r"\s+){0,3}" + alternatives("reporter_person")
    return (
        _i(rf"\b{verbs}\s+(?:to\s+us\s+)?by\s+(?:{person}\s*,?\s*)?(?-i:{PERSON})"),
        _i(
            rf"\b{alternatives('gratitude')}\s+(?:you\s+)?(?:goes\s+|go\s+)?(?:to\s+)?(?:{person}\s+)?(?-i:{PERSON})"
            r"\s*(?:\([^)]*\)\s*)?,?\s*(?:for|who)\b"
        ),
        _i(
            rf"\b{alternatives('report_message')}\s+(?:\w+\s+){{0,2}}?from\s+"
            rf"(?:{person}\s*,?\s*)?(?-i:{PERSON})"
        ),
        _i(
            rf"(?-i:{PERSON})\s*(?:\([^)]*\)\s*|,\s*(?:an?|the|our)\s+[\w\s-]{{1,40}}?,\s*)?"
            rf"{alternatives('reporter_contact')}\b"
        ),
        _i(rf"\b(?:(?:the\s+)?reporter\s*,\s*|(?:researcher|reporter)\s+(?:named\s+)?)(?-i:{PERSON})"),
    )


@lru_cache(maxsize=None)
def reporter_cues() -> Cues:
    """The cues of :func:`reporter_named` (made once)."""
    return Cues(reporter_named())


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


@lru_cache(maxsize=None)
def _person_cue() -> Gate:
    """Words in the naming phrase that make a capitalised pair a person's name (``person_cue``),
    or an address in brackets beside it. Built on first use."""
    return _i(r"\b" + alternatives("person_cue") + r"\b|\([^()]*@[^()]*\)")


_EMAIL = re.compile(r"(?<![\w.+-])(?P<local>[A-Za-z0-9][\w.+-]*)@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_ROLE_LOCALS = frozenset(
    """security abuse compliance noreply no-reply support cpr revoke revocation revocations pki ca info admin help
    helpdesk incident incidents reporting certificates cert certs ssl tls legal privacy contact office hostmaster
    postmaster webmaster team ops operations policy report reports problem problemreport validation audit sales
    service noc soc csirt psirt dpo root trust ccadb mozilla bugzilla questions inquiries enquiries hello mail
    certificate disclosure disclosures responsible vulnerability vuln vulns bugs bounty""".split()
)
_ROLE_DOMAINS = ("ccadb.org", "mozilla.org", "mozilla.com", "cabforum.org", "bugzilla.mozilla.org")


@lru_cache(maxsize=None)
def _address_cues() -> tuple[Gate, Gate]:
    """What makes an e-mail address a reporter's: what the reporter did, written right after the
    address (``reporter_act``, after a closing bracket or comma at most), and the words that make
    the sentence one about a report and its reporter (``reporting``). Built on first use."""
    return (
        _i(r"^\s*(?:[>)]\s*)?(?:\)\s*)?(?:,\s*)?" + alternatives("reporter_act") + r"\b"),
        _i(r"\b" + alternatives("reporting") + r"\b"),
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
    prose = doc.prose
    patterns = reporter_named()
    named_in = {id(s): tried for s, tried in reporter_cues().sentences(prose, prose.sentences)}
    for s in prose.sentences:
        tried = named_in.get(id(s), ())
        if not tried and "@" not in s.text:
            continue  # neither a name pattern nor the e-mail pattern can match
        if _consented(s):
            continue
        named = False
        for i in tried:
            for m in patterns[i].regex.finditer(s.text):
                name = m.group("name")
                if in_quotes(s.text, m.start()) or not _is_person_name(name, owner):
                    continue
                first = name.split()[0].lower()
                if not (first in GIVEN_NAMES or first.endswith(".") or _person_cue().search(m.group())):
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
        if "@" not in s.text:
            continue  # every address has one
        reporter_acts, reporting = _address_cues()
        for m in _EMAIL.finditer(s.text):
            if _is_role_address(m.group("local"), m.group("domain")) or in_quotes(s.text, m.start()):
                continue
            before = s.text[max(0, m.start() - 12) : m.start()]
            after = s.text[m.end() : m.end() + 30]
            from_by = bool(re.search(r"\b(?:from|by)\s+$", before, re.I)) and bool(reporting.search(s.text))
            acts = bool(reporter_acts.match(after))
            bracketed = before.rstrip().endswith(("(", "<")) and bool(reporting.search(s.text))
            if not (from_by or acts or bracketed):
                continue
            yield Hit(
                f"the reporter's e-mail address ({m.group()}) is given; the IRG asks to identify a third-party "
                "reporter only with their approval",
                line=s.unit.line_at(s.start + m.start()),
                suggestion="remove the address; describe the reporter as \u201ca community member\u201d",
            )
