"""IK2: the Summary and Impact fields.

Values the IRG defines closely: the CCADB unique ID, the Source of incident disclosure, Relevant
policies (document, version, section), the certificate counts, the incident heuristic, the
issuance-stopped answer and, for delayed revocation, the Analysis.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from incident_kit import document as d
from incident_kit.document import Document, Located
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.irg.templates import FIELD_LABELS
from incident_kit.rules._text import find_placeholders
from incident_kit.text.concepts import lexicon, mentioned
from incident_kit.text.normalise import clean_value, is_na, starts_with_na
from incident_kit.irg import citations as cites

_FIELDS_CITE = cites.IRG3_FIELDS
_PRELIM_FULL = (d.KIND_PRELIMINARY, d.KIND_FULL)


def _answered(doc: Document, key: str) -> Optional[Located]:
    """The field when it holds an answer: not missing, not blank, not a template prompt (IK102,
    IK103 and IK105 report those)."""
    value = doc.field(key)
    if value is None or value.is_empty or find_placeholders(value.raw):
        return None
    return value


def _hit(value: Located, message: str, **kwargs: object) -> Hit:
    return Hit(message, line=value.line, column=value.column, **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# IK201 CCADB unique ID.
# --------------------------------------------------------------------------------------------

_CCADB_ID_RE = re.compile(r"A\d{6}")
_NEAR_ID_RE = re.compile(r"[Aa][\s-]*0*(\d{1,6})")
_LONE_ID_RE = re.compile(r"(?<![A-Za-z0-9])A\d{6}(?!\d)")


@rule(
    code="IK201",
    name="ccadb-id-format",
    severity=ERROR,
    summary='The CA Owner CCADB unique ID is "A" followed by six digits.',
    citations=(_FIELDS_CITE,),
    kinds=_PRELIM_FULL,
)
def ccadb_id_format(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The CA Owner CCADB unique ID does not have the CCADB's form.

    Why: the IRG defines the field as the CCADB unique ID of the CA Owner's "CA Owner/Certificate"
    record, which begins with "A" followed by six digits (``A000123``); other identifiers cannot be
    looked up.

    Fires: ``CA-0042``, ``A12345``, ``A-000123``, the CA's name, N/A in a Full report.
    Quiet: ``A000123`` (with emphasis or code marks around it, a final full stop, or a remark
    after it such as ``A000123 (Example CA)``); the one ID given beside the owner's name
    (``Example CA (A000123)``, ``Example S.A. : A000123``, full-width brackets too); N/A in a
    Preliminary report (a third-party reporter may not know it); a blank or missing field
    (IK102, IK103).
    """
    value = _answered(doc, d.F_CCADB_ID)
    if value is None:
        return
    text = clean_value(value.raw).rstrip(".").strip()
    first = clean_value(re.split(r"[\s(,;]", text, maxsplit=1)[0]).rstrip(".")
    if _CCADB_ID_RE.fullmatch(first) or (doc.kind == d.KIND_PRELIMINARY and is_na(text)):
        return
    if len(set(_LONE_ID_RE.findall(text))) == 1:
        return  # the ID is there, named beside the owner: "Example Trust (A000123)", "Example S.A.: A000123"
    near = _NEAR_ID_RE.fullmatch(text)
    yield _hit(
        value,
        f'the CCADB unique ID {text!r} is not "A" followed by six digits (e.g. A000123); copy the ID '
        f'of the CA Owner/Certificate record from the CCADB',
        suggestion=f"A{int(near.group(1)):06d}" if near else None,
    )


# --------------------------------------------------------------------------------------------
# IK202 Source of incident disclosure.
# --------------------------------------------------------------------------------------------

SOURCES = ("Self Reported", "Third Party Reported", "Audit")
_SOURCE_HINTS = (
    (re.compile(r"\baudit", re.IGNORECASE), "Audit"),
    (re.compile(r"\b(third|3rd|external|community|researcher|reporter|public)\b", re.IGNORECASE), "Third Party Reported"),
    (re.compile(r"\b(self|internal|internally|ourselves|own)\b", re.IGNORECASE), "Self Reported"),
)


_COMMENT_START_RE = re.compile(r"(?<!\s)\s*(?:[(,;:\u2013\u2014/]|(?:by|via|from|through|during)\b)")


def _source_key(text: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", text.lower()).split()).strip(" .")


_SOURCE_ALIASES = {
    "self report": "Self Reported",
    "self": "Self Reported",
    "third party": "Third Party Reported",
    "third party report": "Third Party Reported",
    "audit finding": "Audit",
    "audit findings": "Audit",
}
"""Unmistakable short forms of the allowed values (a notice, not an error)."""


def _canonical_source(text: str) -> Optional[str]:
    """The allowed value that ``text`` spells, ignoring case, hyphens and spacing, or an
    unmistakable short form of it ("Third party", "Self-report")."""
    key = _source_key(text)
    exact = next((s for s in SOURCES if _source_key(s) == key), None)
    return exact or _SOURCE_ALIASES.get(key)


def _source_with_comment(text: str) -> Optional[str]:
    """The allowed value that opens ``text`` and is followed by a comment ("Self Reported (our linter)")."""
    key = _source_key(text)
    for s in SOURCES:
        base = _source_key(s)
        if key.startswith(base) and _COMMENT_START_RE.match(key[len(base) :]):
            return s
    return None


_SOURCE_WORDS = (
    (re.compile(r"\baudit(?:s|ed)?\b", re.IGNORECASE), "Audit"),
    (re.compile(r"\bthird[\s-]*part(?:y|ies)\b", re.IGNORECASE), "Third Party Reported"),
    (re.compile(r"\bself[\s-]*report", re.IGNORECASE), "Self Reported"),
)


def _source_named(text: str) -> Optional[str]:
    """The one allowed value a short answer names by its own words, with qualifiers around them
    ("Annual ETSI Audit", "Third-party report via Bugzilla", "Self Reported. Found by our
    monitoring."). None when it names none, or more than one."""
    named = {value for pattern, value in _SOURCE_WORDS if pattern.search(text)}
    first_sentence = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    if len(named) != 1 or len(first_sentence.split()) > 8:
        return None
    return named.pop()


@rule(
    code="IK202",
    name="source-value",
    severity=ERROR,
    summary="Source of incident disclosure is Self Reported, Third Party Reported or Audit.",
    citations=(_FIELDS_CITE,),
    kinds=_PRELIM_FULL,
)
def source_value(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Source of incident disclosure is not one of the three values the IRG allows.

    Why: the IRG makes the field a choice of "Self Reported", "Third Party Reported" or "Audit"
    (audit findings, since IRG 3.0, use the normal template with Source "Audit"); tools that count
    incidents by source depend on those exact values.

    Fires (error): any other value, e.g. ``Auditor``, ``Community``, ``Internal review``, with the
    intended value as a suggestion where the word makes it clear; N/A in a Full report.
    Fires (notice): the right value spelled differently (``self-reported``, ``Third party
    reported.``), in an unmistakable short form (``Third party``, ``Audit finding``), followed by
    a comment (``Self Reported (pre-issuance linter)``), or named by its own words in a short
    first sentence (``Annual ETSI Audit``, ``Third-party report via Bugzilla``).
    Quiet: the exact values; N/A in a Preliminary report (a third-party reporter may leave it
    out); blank or missing (IK102, IK103).
    """
    value = _answered(doc, d.F_SOURCE)
    if value is None:
        return
    text = clean_value(value.raw).lstrip("-*\u2022 \t")
    if text in SOURCES or (doc.kind == d.KIND_PRELIMINARY and is_na(text)):
        return
    spelled = _canonical_source(text) or _source_with_comment(text) or _source_named(text)
    if spelled is not None:
        yield _hit(
            value,
            f"write the Source exactly as {spelled!r}, alone; found {text!r}",
            suggestion=spelled,
            severity=NOTICE,
        )
        return
    guess = next((s for pattern, s in _SOURCE_HINTS if pattern.search(text)), None)
    yield _hit(
        value,
        f"Source of incident disclosure {text!r} is not one of "
        + ", ".join(repr(s) for s in SOURCES),
        suggestion=guess,
    )


# --------------------------------------------------------------------------------------------
# IK203 Relevant policies.
# --------------------------------------------------------------------------------------------

_DOC_NAMES = (
    r"Mozilla(?:'s|\u2019s)?\s+Root\s+Store\s+Policy",
    r"Root\s+Store\s+Policy",
    r"MRSP",
    r"Chrome\s+Root\s+(?:Program|Store)(?:\s+Policy)?",
    r"Apple\s+Root\s+Certificate\s+Program(?:\s+Policy)?",
    r"Microsoft\s+Trusted\s+Root\s+Program(?:\s+Requirements)?",
    r"(?:TLS\s+|SSL\s+|S/?MIME\s+|Code\s+Signing\s+)?Baseline\s+Requirements",
    r"(?:TLS\s+|SSL\s+|S/?MIME\s+|CS\s+)?BRs?",
    r"SBRs?",
    r"CSBRs?",
    r"(?:EV\s+(?:SSL\s+|TLS\s+)?|Extended\s+Validation\s+)Guidelines",
    r"EVGs?",
    r"Network\s+and\s+Certificate\s+System\s+Security\s+Requirements",
    r"NCSSRs?",
    r"CCADB\s+Policy",
    r"(?:CCADB\s+)?Incident\s+Reporting\s+Guidelines",
    r"IRG",
    r"CP/CPS",
    r"CPS",
    r"CP",
    r"Certification\s+Practice\s+Statement",
    r"Certificate\s+Policy",
    r"ETSI\s+(?:(?:EN|TS)\s+)?\d{3}\s+\d{3}(?:-\d+)?",
    r"(?:CA/?B-?F\s+)?NetSec(?:\s+Requirements)?",
    r"RFC\s*\d{3,5}",
)
_DOC_RE = re.compile(r"(?<![\w/])(?:" + "|".join(_DOC_NAMES) + r")(?![\w/])")
_RFC_RE = re.compile(r"^RFC", re.IGNORECASE)
_VERSION_RE = re.compile(
    r"\b(?:v|ver\.?|version)\s*\.?\s*\d+(?:\.\d+)*\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b", re.IGNORECASE
)
_SECTION_WORD_RE = re.compile(
    r"§|\b(?:sections?|sec\.|clauses?|chapters?|paragraphs?|items?\s+\d|annex|appendix|table\s+\d)", re.IGNORECASE
)
_ETSI_REQ_RE = re.compile(r"\b[A-Z]{2,4}(?:-\d+(?:\.\d+)*[A-Za-z]?)+-\d{1,3}[A-Za-z]?\b")  # REQ-5-01, GEN-5.2.3-2
_URL_VERSION_RE = re.compile(r"(?<=[/_-])v?\d+\.\d+(?:\.\d+)?(?=[/_.-]|\.pdf|\.html?)", re.IGNORECASE)
_DOTTED_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w.]*\d)")
# Blank runs are never adjacent, and a separator starting with blanks starts at the first of them:
# three adjacent ``\s*`` (or a search restarted inside a run of spaces) were cubic / quadratic.
_BARE_VERSION_RE = re.compile(r"^\s*(?:,\s*)?(?:(?P<open>\()\s*)?(\d+(?:\.\d+)+)\b(?(open)\s*\))")
_SEPARATOR_RE = re.compile(r",\s*|(?<!\s)\s+(?:and|&)\s+|(?:(?<!\s)\s+)?/\s*")


def _outside_parens(text: str, pos: int) -> bool:
    return text.count("(", 0, pos) <= text.count(")", 0, pos)


def _mentions(item: str) -> list[re.Match[str]]:
    return [m for m in _DOC_RE.finditer(item) if _outside_parens(item, m.start())]


# A requirement quoted after its citation: text in quotes (four words or more), and a line that reads
# as requirement text (an RFC 2119 keyword in capitals) without starting with a document's name.
_QUOTED_RE = re.compile(r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d')
_REQUIREMENT_TEXT_RE = re.compile(r"\b(?:MUST|SHALL|SHOULD|REQUIRED|MAY)(?: NOT)?\b")


def _elide_quote(m: re.Match[str]) -> str:
    """A quoted passage of four words or more is requirement text; a short one is a title."""
    return '"…"' if len(m.group(0).split()) >= 4 else m.group(0)


def _starts_with_document(piece: str) -> bool:
    found = _mentions(piece)
    return bool(found) and found[0].start() <= 40


def _without_requirement_sentences(piece: str) -> str:
    """A citation followed, on its line, by sentences of requirement text ("RFC 5280 section
    4.2.2.1. The URI MUST point to ... as specified in RFC 2585"): the later sentences that read
    as requirement text are left out."""
    sentences_ = re.split(r"(?<=[.:])\s+(?=[A-Z])", piece)
    return " ".join([sentences_[0]] + [x for x in sentences_[1:] if not _REQUIREMENT_TEXT_RE.search(x)])


def _policy_items(text: str) -> list[str]:
    """Split the field at ``;`` and line breaks; a piece that names no document (``sections 4.9.1.1
    and 4.9.5``) stays with the piece before it. Quoted requirement text is left out first."""
    items: list[str] = []
    for piece in re.split(r";|\n", _QUOTED_RE.sub(_elide_quote, text)):
        piece = _without_requirement_sentences(piece.strip(" \t-*\u2022"))
        if not piece or items and _REQUIREMENT_TEXT_RE.search(piece) and not _starts_with_document(piece):
            continue  # quoted requirement text after a citation is not another citation
        if items and not _mentions(piece):
            items[-1] += "; " + piece
        else:
            items.append(piece)
    if len(items) > 1 and not _mentions(items[0]):
        items[1] = items[0] + "; " + items[1]
        items.pop(0)
    return items


_LEADING_SECTION_RE = re.compile(r"(?<!\s)\s*(?:§+|sections?|sec\.)\s*\d+(?:\.\d+)*", re.IGNORECASE)
_TIED_TO_NEXT_RE = re.compile(r"\b(?:of|in|under|from)\s+(?:the\s+)?$", re.IGNORECASE)


def _segments(item: str) -> list[tuple[str, Optional[str]]]:
    """One ``(text, document name)`` per document named in ``item``, cut at the last comma or
    "and" before the next document, so that "section 2.4 of MRSP v3.0" keeps its section."""
    found = _mentions(item)
    if not found:
        return [(item, None)]
    cuts = [0]
    for prev, nxt in zip(found, found[1:]):
        between = item[prev.end() : nxt.start()]
        seps = [m for m in _SEPARATOR_RE.finditer(between) if _outside_parens(item, prev.end() + m.start())]
        if not seps:
            cuts.append(nxt.start())
            continue
        # "BRs v2.2.2, Section 2.2 together with Chrome policy ...": a section right after the last
        # separator belongs to the document before it, unless "of"/"in" ties it to the next one.
        tail = between[seps[-1].end() :]
        own = _LEADING_SECTION_RE.match(tail)
        if own and not _TIED_TO_NEXT_RE.search(tail):
            cuts.append(prev.end() + seps[-1].end() + own.end())
        else:
            cuts.append(prev.end() + seps[-1].start())
    cuts.append(len(item))
    return [
        (item[cuts[i] : cuts[i + 1]].strip(" ,&"), m.group(0))
        for i, m in enumerate(found)
    ]


def _version_and_section(segment: str, name: Optional[str]) -> tuple[bool, bool]:
    """Does the segment give a version, and a section? A version may stand in the address of a
    linked document (``.../cp-cps/6.0/...``); an ETSI requirement ID (``REQ-5-01``) is a section."""
    has_version = bool(_VERSION_RE.search(segment)) or any(
        _URL_VERSION_RE.search(url) for url in re.findall(r"https?://\S+", segment)
    )
    rest = re.sub(r"https?://\S+", " ", _VERSION_RE.sub(" ", segment))
    has_marker = bool(_SECTION_WORD_RE.search(rest) or _ETSI_REQ_RE.search(rest))
    if not has_version and name is not None:
        after = rest[rest.find(name) + len(name) :] if name in rest else ""
        bare = _BARE_VERSION_RE.match(after)
        if bare and (bare.group("open") or _SECTION_WORD_RE.search(after[bare.end() :])):
            has_version = True  # "MRSP 3.1 §5.3.2", "BRs (2.0.0) 4.9.1.1"
            rest = rest.replace(bare.group(2), " ", 1)
    has_section = has_marker or bool(_DOTTED_RE.search(rest))
    return has_version, has_section


def policy_gaps(text: str) -> list[tuple[str, list[str]]]:
    """For each cited policy that lacks something: ``(the citation, ["a version", "a section"])``.

    An RFC needs no version. Text that names no known document is only questioned when it gives
    no section either (a CA's own document is named in its own way)."""
    gaps: list[tuple[str, list[str]]] = []
    for item in _policy_items(text):
        for segment, name in _segments(item):
            has_version, has_section = _version_and_section(segment, name)
            if name is None:
                missing = [] if has_section or has_version else ["a document", "a version", "a section"]
            else:
                missing = [] if has_version or _RFC_RE.match(name) else ["a version"]
                missing += [] if has_section else ["a section"]
            if missing:
                gaps.append((segment, missing))
    return gaps


@rule(
    code="IK203",
    name="relevant-policies-incomplete",
    severity=ERROR,
    summary="Relevant policies name each document with its version and section.",
    citations=(_FIELDS_CITE,),
    kinds=_PRELIM_FULL,
)
def relevant_policies_incomplete(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A relevant policy is cited without its version or its section.

    Why: the IRG asks the field to give the policy name(s), the applicable version(s) and the
    section(s) that make the problem an incident. Without the version a reader cannot tell which
    text applied when the incident happened; without the section, which requirement was broken.

    Fires: ``MRSP``; ``BR 4.9.1.1`` (no version: a bare number after the name is the section);
    ``Baseline Requirements, commonName requirements``; ``RFC 5280`` (no section); N/A.
    Quiet: ``Mozilla Root Store Policy v3.1, section 5.3.2``; ``TLS BRs v2.1.7 §4.9.5``;
    ``MRSP 3.1 §5.3.2``; ``section 4.9.1.1 of the TLS BRs, version 2.1.3``; ``RFC 5280
    §4.2.1.6`` (an RFC needs no version); a CA's own ``CPS v2.7, section 4.9.9``; an IRG section
    given by its title (``IRG v3.0, section "When are reports updated?"``); an ETSI requirement ID
    as the section (``ETSI EN 319 401 V3.1.1 [REQ-5-01]``); a version in a linked document's
    address (``[CPS section 4.2.1](https://.../cps/6.0/...)``). Each document of a list separated by
    ``;``, commas or "and" is judged on its own. Requirement text quoted after a citation (a later
    sentence in quotation marks or with MUST/SHALL) is not read as more citations, so "as
    specified in RFC 2585" inside it asks for nothing.
    """
    value = _answered(doc, d.F_RELEVANT_POLICIES)
    if value is None:
        return
    text = clean_value(value.raw)
    if starts_with_na(text):
        yield _hit(
            value,
            "Relevant policies is N/A; name the requirement that makes this an incident, with the "
            "document, its version and the section",
        )
        return
    for segment, missing in policy_gaps(value.raw):
        yield _hit(
            value,
            f"Relevant policies: {segment!r} gives no {' and no '.join(m.split(' ', 1)[1] for m in missing)}; "
            f"cite the document, its version and the section, e.g. "
            f"'TLS Baseline Requirements v2.1.7, section 4.9.1.1'",
        )


# --------------------------------------------------------------------------------------------
# IK204 certificate counts.
# --------------------------------------------------------------------------------------------

_COUNT_RE = re.compile(
    r"^(?P<n>\d{1,3}(?P<sep>[,.\u202f\u2009 '])\d{3}(?:(?P=sep)\d{3})*|\d+)(?!\d)(?![.,]\d)(?P<rest>.*)$"
)
_APPROX_RE = re.compile(
    r"^\s*\+|\b(?:approx\w*|about|around|roughly|estimated|at least|more than|over|up to|under|"
    r"fewer than|less than|unknown|tbd|tbc|to be (?:determined|confirmed))\b",
    re.IGNORECASE,
)
_ZERO_WORDS = ("none", "zero", "no certificates")


def parse_count(raw: str) -> tuple[str, Optional[int]]:
    """``("number", n)``, ``("na", None)`` or ``("invalid", None)`` for a certificate count.

    Accepted: digits with or without thousands separators (``1,204``, ``1 204``), optionally
    followed by words or an explanation (``4 (two pairs)``); ``None`` / ``zero`` as 0; N/A."""
    text = clean_value(raw)
    if starts_with_na(text):
        return "na", None
    if text.lower().rstrip(".") in _ZERO_WORDS:
        return "number", 0
    m = _COUNT_RE.match(text)
    if not m or _APPROX_RE.search(m.group("rest")):
        return "invalid", None
    return "number", int(re.sub(r"\D", "", m.group("n")))


@rule(
    code="IK204",
    name="certificate-count-invalid",
    severity=ERROR,
    summary="Certificate counts are whole numbers (or N/A) and remaining valid does not exceed the total.",
    citations=(_FIELDS_CITE,),
    kinds=(d.KIND_FULL,),
)
def certificate_count_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A certificate count in Impact is not a number, or "remaining valid" exceeds the total.

    Why: when certificates are impacted the IRG requires the total count (including expired and
    revoked certificates) and the count of those still valid (the total minus expired and revoked
    ones). Estimates and words cannot be checked against the Appendix.

    Fires: ``several``, ``approximately 1,200``, ``~300``, ``2.5k``, "to be determined"; a remaining count
    larger than the total; a remaining count when the total is N/A.
    Quiet: ``1,204``, ``0``, ``4 (two pairs of duplicates)``, ``None``, ``N/A`` when no
    certificates are affected; blank or missing fields (IK102, IK103).
    """
    counts: dict[str, tuple[str, Optional[int]]] = {}
    for key in (d.F_TOTAL_CERTS, d.F_REMAINING_VALID):
        value = _answered(doc, key)
        if value is None:
            continue
        counts[key] = parse_count(value.raw)
        if counts[key][0] == "invalid":
            yield _hit(
                value,
                f'"{FIELD_LABELS[key]}" is {clean_value(value.raw)!r}, not a count; give the exact '
                f"number of certificates (or N/A when no certificates are affected)",
            )
    total, remaining = counts.get(d.F_TOTAL_CERTS), counts.get(d.F_REMAINING_VALID)
    if total is None or remaining is None or remaining[0] != "number":
        return
    where = doc.fields[d.F_REMAINING_VALID]
    if total[0] == "number" and remaining[1] > total[1]:  # type: ignore[operator]
        yield _hit(where, f'"remaining valid" ({remaining[1]}) exceeds the total number of certificates ({total[1]})')
    elif total[0] == "na" and remaining[1]:
        yield _hit(where, f'"remaining valid" is {remaining[1]} but the total number of certificates is N/A')


def certificates_affected(doc: Document) -> bool:
    """True when the Impact total is a count above zero."""
    value = doc.field(d.F_TOTAL_CERTS)
    if value is None:
        return False
    kind, n = parse_count(value.raw)
    return kind == "number" and bool(n)


# --------------------------------------------------------------------------------------------
# IK205 incident heuristic.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK205",
    name="incident-heuristic-missing",
    severity=ERROR,
    summary="When certificates are affected, the incident heuristic is given.",
    citations=(_FIELDS_CITE,),
    kinds=(d.KIND_FULL,),
)
def incident_heuristic_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Certificates are affected but the Incident heuristic is N/A.

    Why: when certificates are impacted the IRG requires one of three answers: a heuristic that
    lets a third party assemble the whole affected corpus, an explanation of why that is not
    possible, or a statement that the full corpus is in the Appendix. N/A gives none of them.

    Fires: a heuristic of N/A (or N/A with a remark) when the total number of certificates is
    above zero.
    Quiet: any of the three answers; N/A when the total is 0 or N/A; a missing or blank field
    (IK102 and IK103 report those).
    """
    value = _answered(doc, d.F_HEURISTIC)
    if value is None or not starts_with_na(value.raw) or not certificates_affected(doc):
        return
    yield _hit(
        value,
        "certificates are affected, but the Incident heuristic is N/A; describe how a third party "
        "can find every affected certificate, explain why that is impossible, or state that the "
        "Appendix lists them all",
    )


# --------------------------------------------------------------------------------------------
# IK206 issuance stopped.
# --------------------------------------------------------------------------------------------

ISSUANCE_STOPPED = lexicon("issuance_stopped")
_YES_NO_RE = re.compile(
    r"^(?P<answer>yes|no|partially|partly|in part)\b(?!\s*/\s*(?:yes|no)\b)[\s.,:;!\u2013\u2014-]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ISSUANCE_RE = re.compile(r"\b(?:issu\w*|signing|enrol\w*)\b", re.IGNORECASE)
_STOP_RE = re.compile(r"\b(?:stop\w*|halt\w*|paus\w*|suspend\w*|ceas\w*|disabl\w*|block\w*|shut\w*|froze|frozen|freez\w*)\b", re.IGNORECASE)
_NOT_STOPPED_RE = re.compile(
    r"(?:\bnot|\bnever|n't|\bno need to|\bwithout)\b[\w\s]{0,20}?\b(?:stop\w*|halt\w*|paus\w*|suspend\w*|ceas\w*)\b"
    r"|\bissuance\s+(?:continued|was\s+(?:not\s+affected|unaffected|not\s+involved)|is\s+(?:not\s+affected|unaffected))\b"
    r"|\b(?:unrelated|not\s+related)\s+to\s+(?:certificate\s+)?issuance\b",
    re.IGNORECASE,
)
_MIN_REASON_WORDS = 2
_FILLER = frozenset(
    "a an the it its this that we our us was is has have had been be were not no yes yet so far at "
    "time currently needed necessary required stop stopped issuance certificate certificates "
    "see above below n/a".split()
)


def _reason_words(text: str) -> int:
    """Words of an explanation that say something ("not at this time" and "see above" say nothing)."""
    words = re.findall(r"[A-Za-z0-9][\w'\u2019/-]*", text.lower())
    return sum(1 for w in words if w not in _FILLER)


def issuance_answer(text: str) -> tuple[Optional[str], str]:
    """``(answer, explanation)``: answer is "yes", "no", "partial" or None when the text does not say
    whether issuance was stopped. An opening Yes/No/Partially is taken at its word; otherwise a
    statement such as "Issuance was not stopped because ..." is read for its meaning."""
    text = clean_value(text)
    m = _YES_NO_RE.match(text)
    if m:
        word = m.group("answer").lower()
        return ("partial" if word not in ("yes", "no") else word), m.group("rest").strip()
    if _ISSUANCE_RE.search(text) and (_STOP_RE.search(text) or _NOT_STOPPED_RE.search(text)):
        return ("no" if _NOT_STOPPED_RE.search(text) else "yes"), text
    if mentioned(text, ISSUANCE_STOPPED):
        return "yes", text  # stopped in other words: "a fix that prevents issuance of ... was deployed"
    if mentioned(text, ISSUANCE_STOPPED, negated=True):
        return "no", text
    return None, text


@rule(
    code="IK206",
    name="issuance-stopped-unanswered",
    severity=ERROR,
    summary="The report says whether issuance was stopped, and why or why not.",
    citations=(_FIELDS_CITE, cites.IRG_LEGACY),
    kinds=(d.KIND_FULL, d.KIND_LEGACY),
)
def issuance_stopped_unanswered(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The answer to "Was issuance stopped ..., and why or why not?" is not Yes or No with a reason.

    Why: IRG 3.x asks for "Yes/No with explanation"; the legacy topic 3 asked whether the CA had
    stopped issuance, a statement that it had being a pledge and one that it had not needing an
    explanation.

    Fires: ``Yes`` or ``No`` alone or with a remark that gives no reason (``No, not at this
    time``, ``Yes, see above``); ``Yes/No``; text that does not say
    whether issuance stopped; N/A while certificates are affected. Legacy reports: a topic 3 that
    does not say, or says "not stopped" without a reason (a warning: the legacy text used
    "should").
    Quiet: ``Yes. Issuance was halted at 10:20 UTC while the profile was fixed.``; ``No, because
    ...``; ``Yes – issuance was halted at ...``; ``Partially: ...`` with an explanation (stopping one
    CA or one product line is a real answer); a statement without the opening word, such as
    ``Issuance was not stopped because the fix was deployed within the hour``; N/A when no
    certificates are affected; a legacy "we have stopped" pledge.
    """
    if doc.kind == d.KIND_LEGACY:
        yield from _legacy_issuance(doc)
        return
    value = _answered(doc, d.F_ISSUANCE_STOPPED)
    if value is None:
        return
    if starts_with_na(value.raw):
        if certificates_affected(doc):
            yield _hit(value, "certificates are affected, so say whether issuance was stopped (Yes/No) and why")
        return
    answer, reason = issuance_answer(value.raw)
    if answer is None:
        yield _hit(value, "the answer does not say whether issuance was stopped; start with Yes or No, then the reason")
    elif _reason_words(reason) < _MIN_REASON_WORDS:
        yield _hit(value, f"the answer {answer!r} gives no reason; explain why issuance was or was not stopped")


def _legacy_issuance(doc: Document) -> Iterator[Hit]:
    section = doc.section("topic3")
    if section is None or find_placeholders(section.text):
        return  # IK106 reports a missing topic, IK105 a prompt left in it
    answer, reason = issuance_answer(section.text)
    if answer is None:
        yield Hit(
            "topic 3 does not say whether issuance was stopped",
            line=section.line,
            severity=WARNING,
        )
    elif answer != "yes" and _reason_words(reason) < _MIN_REASON_WORDS:
        yield Hit(
            "topic 3 says issuance was not stopped without explaining why",
            line=section.line,
            severity=WARNING,
        )


# --------------------------------------------------------------------------------------------
# IK207 delayed-revocation Analysis.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK207",
    name="revocation-delay-analysis-missing",
    severity=ERROR,
    summary="A delayed-revocation report explains the delay in Analysis.",
    citations=(_FIELDS_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: doc.bug.revocation_delay,
)
def revocation_delay_analysis_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The whiteboard contains ``revocation-delay`` but Analysis is missing, blank or N/A.

    Why: the IRG makes Analysis required when the Whiteboard contains "revocation-delay": the
    factors and rationale behind the decision to delay revocation, with substantiated
    explanations of the harm revocation would cause to third parties and why the case is
    exceptional.

    Fires: no Analysis label, a blank value, or N/A.
    Quiet: any written analysis (whether it is convincing is judged by other rules); a drafting
    prompt still in the field (IK105 reports it); reports without ``revocation-delay`` on the
    whiteboard (not applicable).
    """
    value = doc.field(d.F_ANALYSIS)
    advice = (
        "explain the factors and rationale behind delaying revocation, with substantiated harm to "
        "third parties and why the case is exceptional"
    )
    if value is None:
        impact = doc.section(d.SEC_IMPACT)
        yield Hit(
            f"the whiteboard contains revocation-delay but the Impact section has no Analysis; {advice}",
            line=impact.line if impact else None,
            suggestion="- **Analysis:** ",
        )
    elif find_placeholders(value.raw):
        return  # a drafting prompt is still there: IK105 reports it, as for the other IK2 fields
    elif value.is_empty or starts_with_na(value.raw):
        yield _hit(value, f"the whiteboard contains revocation-delay but Analysis is not given; {advice}")


# --------------------------------------------------------------------------------------------
# IK208 the initial report states the impact and whether the incident is contained.
# --------------------------------------------------------------------------------------------

IMPACT_COUNT = lexicon("impact_count")
CONTAINED = lexicon("contained")


def _initial_report_text(doc: Document) -> str:
    """The words of a preliminary report that can disclose impact and containment: the whole
    report (the IRG asks the first report to say them, not one field), without the Relevant
    policies value and quoted lines, whose requirement text ("one regularly scheduled CRL")
    describes the rule, not the incident. A paragraph wrapped over several lines is read as one
    ("has scheduled the / revocation of ...")."""
    text = doc.text
    policies = doc.field(d.F_RELEVANT_POLICIES)
    if policies is not None and policies.raw.strip():
        text = text.replace(policies.raw, " ")
    kept = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return _ASIDE_RE.sub(" ", _SOFT_BREAK_RE.sub(" ", "\n".join(kept)))


# A line break inside a paragraph: the line goes on (no closing punctuation) and the next line is
# not a new item (bullet, heading, number, table row, blank line).
# A technical aside in brackets ("(serial: `01:9a...`, notBefore: ...)") between a subject and its
# verb: read the sentence without it.
_ASIDE_RE = re.compile(r"\((?=[^()\n]*[:`])[^()\n]*\)")
_SOFT_BREAK_RE = re.compile(r"(?<=[\w,)\]])[ \t]*\n[ \t]*(?=[a-z(])")


@rule(
    code="IK208",
    name="initial-report-impact-or-containment-missing",
    severity=ERROR,
    summary="The initial report states the known impact and whether the incident is contained.",
    citations=(cites.IRG3_EXPECTED,),
    kinds=(d.KIND_PRELIMINARY,),
)
def initial_report_impact_or_containment_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Preliminary report says what is affected and whether the incident is contained.

    Why: the IRG requires the first report or reply to "accurately disclose the impact of the
    incident" (for example the corpus of then-known misissued certificates) and to "describe
    whether the incident should be considered contained (e.g., because certificate issuance was
    stopped) or ongoing". The Preliminary template has no field for either; CAs say them in the
    Incident description or in a paragraph below the fields, so the whole report is read (not the
    Relevant policies value or quoted requirement text, which describe the rule).

    Both are recognised by meaning (lexicons ``impact_count`` and ``contained``): a count in digits
    or words ("two (2)", "a single", "4 ... affected"), a single object named as the only one ("the
    affected URI", "limited to the test site certificate"), or none affected; containment said
    outright (contained, ongoing, resolved) or by the act that stops the cause: issuance stopped or
    paused, the profile disabled, a fix deployed, the data, records or site corrected or replaced,
    remediation completed, revocation scheduled. Revoking the certificates already issued is not
    containment on its own: it does not say whether issuance goes on.

    Fires (error) when the report gives no count of what is affected, or says nothing on
    containment; one finding naming what is missing.

    Quiet when both are stated in any wording ("212 certificates ... so the incident is
    contained", "Issuance was halted at 09:12 UTC; 37 certificates are affected"), and when the
    description is missing or still a prompt (IK102, IK103 and IK105 report those).
    """
    value = _answered(doc, d.F_INCIDENT_DESCRIPTION)
    if value is None or is_na(value.raw):
        return
    text = _initial_report_text(doc)
    missing = []
    if not mentioned(text, IMPACT_COUNT, negated=None):
        missing.append("the known impact (how many certificates or other objects are affected)")
    if not mentioned(text, CONTAINED, negated=None):
        missing.append("whether the incident is contained (e.g. issuance stopped) or ongoing")
    if missing:
        yield _hit(
            value,
            "the initial report does not state " + " nor ".join(missing),
            suggestion="add to the Incident description, e.g. \u201c37 OV certificates are affected; issuance "
            "with the faulty profile was stopped at 09:12 UTC, so the incident is contained.\u201d",
        )


# --------------------------------------------------------------------------------------------
# IK209 legacy topic 4: count, and first and last issuance dates.
# --------------------------------------------------------------------------------------------

_CERTIFICATES = re.compile(r"\b(?:certificates?|certs?|precertificates?)\b", re.IGNORECASE)


@rule(
    code="IK209",
    name="legacy-certificate-summary-incomplete",
    severity=WARNING,
    summary="A legacy report's certificate summary gives the count and the first and last issuance dates.",
    citations=(cites.IRG_LEGACY, cites.IRG1),
    kinds=(d.KIND_LEGACY,),
)
def legacy_certificate_summary_incomplete(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Legacy topic 4 gives a number of certificates but not when the first and last were issued.

    Why: the legacy guidance asks, for each problem, for the number of certificates and the dates
    the first and last certificates with that problem were issued; with the dates a reader sees how
    long the problem lasted without rebuilding it from the timeline. The guidance says "should":
    a warning.

    Fires (warning) when topic 4 speaks of certificates but gives no date at all, or only one date
    for more than one certificate.

    Quiet when two dates (or a range) are given, when one certificate is affected and its date is
    given, and when topic 4 describes an incident without certificates (OCSP failures, late
    responses: other statistics are asked for then). A missing topic 4 is IK106's.
    """
    from incident_kit.text.timestamps import find_all_times

    sec = doc.section("topic4")
    if sec is None or not _CERTIFICATES.search(sec.text):
        return
    _, count = parse_count(sec.text.strip().split("\n")[0])
    dates = find_all_times(sec.text)
    if len(dates) >= 2 or (len(dates) == 1 and count == 1):
        return
    yield Hit(
        "the summary of the problematic certificates does not say when the first and last of them were issued",
        line=sec.line,
        suggestion="e.g. \u201c44 DV certificates, first issued 2021-05-24, last issued 2021-06-14\u201d",
    )
