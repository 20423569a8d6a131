"""Helpers, constants and patterns the ik2_summary rules share (or other modules use)."""

from __future__ import annotations

import re
from typing import Optional

from incident_kit import document as d
from incident_kit.document import Document, Located
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import Hit
from incident_kit.rules._text import find_placeholders
from incident_kit.text.concepts import lexicon, search
from incident_kit.text.normalise import clean_value, starts_with_na


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


_COUNT_RE = re.compile(
    r"^(?P<n>\d{1,3}(?P<sep>[,.\u202f\u2009 '])\d{3}(?:(?P=sep)\d{3})*|\d+)(?!\d)(?![.,]\d)(?P<rest>.*)$"
)
_PLUS_RE = re.compile(r"^\s*\+")  # "1,200+": a bound, not a count
APPROXIMATE = lexicon("approximate_count")
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
    if not m or _PLUS_RE.match(m.group("rest")) or search(m.group("rest"), APPROXIMATE):
        return "invalid", None
    return "number", int(re.sub(r"\D", "", m.group("n")))


def certificates_affected(doc: Document) -> bool:
    """True when the Impact total is a count above zero."""
    value = doc.field(d.F_TOTAL_CERTS)
    if value is None:
        return False
    kind, n = parse_count(value.raw)
    return kind == "number" and bool(n)
