"""The policy knowledge base: the clauses that incidents cite, as data.

``load_policy()`` reads the shipped files (``incident_kit/policy/clauses/*.yaml``) and any extra
files or folders a user names (``policy-paths`` in the configuration, e.g. a CA's own CP/CPS
commitments). ``PolicyBase.concerned(doc)`` says which clauses a report concerns, and why: cited
in the Relevant policies field, cited in the text, implied by a whiteboard tag, inferred from
the incident description (a legacy report's opening answers), or, when the report's words give
nothing, inferred from the bug title (``--title``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional

from incident_kit.errors import InputError
from incident_kit.text.gate import occurs, scan

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.policy.model import Alias, Clause, Concept, InsufficientRemedy
    from incident_kit.text.gate import Gate

_CLAUSES_DIR = Path(__file__).resolve().parent / "clauses"
_BUNDLE = Path(__file__).resolve().parent / "bundle.json"

# ---------------------------------------------------------------------------------------------
# Citations in free text.
# ---------------------------------------------------------------------------------------------

# Document names as reports write them -> canonical prefix.
_DOC_ALIASES: tuple[tuple[str, str], ...] = (
    (r"s/?mime\s+(?:baseline\s+requirements|brs?|sbrs?)|sbrs?", "SMIME BR"),
    (
        r"(?:mozilla(?:'s|’s)?\s+)(?:root\s+store\s+policy|root\s+program\s+policy|ca\s+certificate\s+policy|"
        r"policy|root\s+store|root\s+program)(?:\s*\(mrsp\))?|mrsp",
        "MRSP",
    ),
    (r"ccadb\s+polic(?:y|ies)", "CCADB Policy"),
    (
        r"(?:(?:cab\s*f(?:orum)?|ca/b(?:rowser)?\s+forum(?:'s|’s)?|cabf|tls)\s+)?"
        r"(?:baseline\s+requirements|brs?)(?:\s*\((?:tls\s+)?brs?\))?",
        "BR",
    ),
    (r"chrome\s+root\s+(?:program|store)(?:\s+policy)?|crp", "Chrome"),
    (
        r"(?:(?:cab\s*f(?:orum)?|ca/b(?:rowser)?\s+forum(?:'s|’s)?|cabf)\s+)?"
        r"(?:ev|extended\s+validation)\s+(?:ssl\s+)?guidelines?|evgs?",
        "EVG",
    ),
)
_DOC_RE = "|".join(f"(?P<d{i}>{pat})" for i, (pat, _) in enumerate(_DOC_ALIASES))
_SECTION_NUM = r"(?P<num>\d+(?:\.\d+){1,5})"
_SECTION_ANY = r"(?P<num2>\d+(?:\.\d+){0,5})"
_SEC_WORD = r"(?:sections?|sec\.?|§+|clause|item|paragraph)"
_VERSION = r"(?:,?\s*(?:v(?:ersion)?\.?\s*)\d+(?:\.\d+)*)"

# "MRSP §5.3.2", "BR 4.9.1.1", "TLS BRs v2.1.7, §4.9.5", "Mozilla policy section 5.3.2",
# "Baseline Requirements section 4.9.5"
_FORWARD = re.compile(
    rf"\b(?:{_DOC_RE})(?!\w){_VERSION}?\s*[,:]?\s*(?:{_SEC_WORD}\s*{_SECTION_ANY}|{_SECTION_NUM})\b",
    re.IGNORECASE,
)
# Matched right after a section number (never after a blank): no start inside a run of blanks, and
# one blank run before the bracket rather than two adjacent ``\s*`` (both were quadratic on spaces).
_MORE = re.compile(r"(?<!\s)\s*(?:\([^()]{0,160}\)\s*)?(?:,|;|\band\b|\bor\b|&)\s*(?:and\s+)?(?:§+\s*)?(\d+(?:\.\d+)+)\b")
# "section 5.3.2 of the Mozilla Root Store Policy", "§4.9.1.1 of the BRs"
_BACKWARD = re.compile(
    rf"{_SEC_WORD}\s*{_SECTION_ANY}\s+(?:of|in)\s+(?:the\s+)?(?:{_DOC_RE})(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Citation:
    clause_id: str  # canonical: "MRSP 5.3.2"
    raw: str
    start: int
    end: int


def _doc_prefix(m: re.Match[str]) -> str:
    for i, (_, prefix) in enumerate(_DOC_ALIASES):
        if m.group(f"d{i}"):
            return prefix
    raise AssertionError("unreachable")  # pragma: no cover


_IRG_DOC = re.compile(r"\bincident\s+reporting\s+guidelines?\b|\birgs?\b", re.IGNORECASE)
_IRG_SECTIONS = (
    (re.compile(r"\bwhen\s+are\s+reports\s+expected\b", re.IGNORECASE), "IRG 3.2 §When are reports expected?"),
    (re.compile(r"\bwhen\s+are\s+reports\s+updated\b", re.IGNORECASE), "IRG 3.2 §When are reports updated?"),
    (
        re.compile(r"\bwhat\s+is\s+considered\s+an\s+audit\s+finding\b", re.IGNORECASE),
        "IRG 3.2 §What is considered an audit finding?",
    ),
)


_STATIC_PREFIXES = frozenset(prefix for _, prefix in _DOC_ALIASES) | {"IRG"}


def _extra_citations(text: str, docs: dict[str, str]) -> list[Citation]:
    """Citations of documents that users' policy files add (``CPS 4.9.5`` with document
    "Example CA Certification Practice Statement"): the id prefix or the document's name, an
    optional version, then a section number."""
    out = []
    for prefix, document in docs.items():
        names = [re.escape(prefix)]
        if document:
            names.append(re.escape(document))
        rx = re.compile(
            rf"\b(?:{'|'.join(names)})(?!\w){_VERSION}?\s*[,:]?\s*(?:{_SEC_WORD}\s*)?(?P<num>\d+(?:\.\d+)*)\b",
            re.IGNORECASE,
        )
        for m in rx.finditer(text):
            out.append(Citation(f"{prefix} {m.group('num')}", m.group(0), m.start(), m.end()))
    return out


# Every match of _FORWARD and _BACKWARD names a document (_DOC_RE), so it holds one of these
# strings (case-folded), written out from _DOC_ALIASES: each alternative needs one of them ("sbr"
# holds "br", "TLS BRs" too). Most lines with a number cite nothing; this test spares them the two
# expressions. tests/test_per_document.py checks every alias spelling gets through.
_DOC_LITERALS = ("baseline", "br", "ccadb", "chrome", "crp", "evg", "guideline", "mime", "mozilla", "mrsp")
_IRG_LITERALS = ("incident", "irg")  # _IRG_DOC: "incident reporting guidelines" or "IRG"
_GATES: list = []


def _doc_gate():
    """The gates of the document names (_DOC_RE) and of the IRG (_IRG_DOC), built on first use."""
    if not _GATES:
        from incident_kit.text.gate import Gate

        _GATES[:] = [Gate(rf"(?:{_DOC_RE})", re.IGNORECASE, lits=_DOC_LITERALS), Gate(_IRG_DOC.pattern, _IRG_DOC.flags, lits=_IRG_LITERALS)]
    return _GATES[0]


def _irg_gate():
    _doc_gate()
    return _GATES[1]


def find_citations(text: str, extra_docs: Optional[dict[str, str]] = None) -> list[Citation]:
    """Every policy citation in ``text``, in order, with canonical ids. ``extra_docs`` maps the id
    prefixes of user-defined clauses to their document names."""
    found: dict[tuple[int, int], Citation] = {}
    for c in _extra_citations(text, extra_docs or {}):
        found[(c.start, c.end)] = c
    # (gate.scan: the same matches as finditer, tried only where a match can start; these
    # patterns open with a word boundary or a choice of names, which gives re no prefix to skip to)
    if _irg_gate().may_match(text) and occurs(_IRG_DOC, text):  # the IRG names its sections by title, not number
        for rx, cid in _IRG_SECTIONS:
            for m in scan(rx, text):
                found[(m.start(), m.end())] = Citation(cid, m.group(0), m.start(), m.end())
    for rx in (_FORWARD, _BACKWARD) if _doc_gate().may_match(text) else ():
        for m in scan(rx, text):
            num = m.groupdict().get("num") or m.group("num2")
            prefix = _doc_prefix(m)
            found[(m.start(), m.end())] = Citation(f"{prefix} {num}", m.group(0), m.start(), m.end())
            if rx is _FORWARD:  # "sections 4.9.1.1 and 7.1.4.2", "§§ 6.1, 6.1.3"
                pos = m.end()
                while (more := _MORE.match(text, pos)) is not None:
                    found[(more.start(1), more.end())] = Citation(
                        f"{prefix} {more.group(1)}", more.group(1), more.start(1), more.end()
                    )
                    pos = more.end()
    # Drop matches contained in a longer one.
    spans = sorted(found.values(), key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Citation] = []
    for c in spans:
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


# ---------------------------------------------------------------------------------------------
# Loading.
# ---------------------------------------------------------------------------------------------


def _load_file(path: Path) -> list["Clause"]:
    from pydantic import ValidationError
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from incident_kit.policy.model import ClauseFile, pattern_problems

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read policy file: {exc.__class__.__name__}", str(path)) from None
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            str(path),
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    try:
        clauses = list(ClauseFile.model_validate(data).clauses)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise InputError(f"{loc}: {err['msg']}", str(path)) from None
    for clause in clauses:
        problems = pattern_problems(clause)
        if problems:
            raise InputError(problems[0], str(path))
    return clauses


def _load_bundle() -> list["Clause"]:
    """The shipped clauses, from the JSON bundle generated from clauses/*.yaml (validated when it
    was built; tests check that validation agrees and that this pydantic-free view dumps the same)."""
    import json

    from incident_kit.policy.kb import clauses_from_bundle

    return clauses_from_bundle(json.loads(_BUNDLE.read_text(encoding="utf-8")))


def _policy_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml")))
        else:
            files.append(p)
    return files


@dataclass
class Concern:
    """A clause a report concerns, and how that was established."""

    clause: "Clause"
    how: str  # "relevant-policies", "cited", "whiteboard", "inferred", "title"
    line: Optional[int] = None
    evidence: str = ""

    @property
    def inferred(self) -> bool:
        return self.how in ("inferred", "title")


@dataclass
class PolicyBase:
    clauses: dict[str, "Clause"] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # clause id -> file name

    def get(self, clause_id: str) -> Optional["Clause"]:
        return self.clauses.get(clause_id)

    def find(self, clause_id: str, on: Optional[date] = None) -> Optional["Clause"]:
        """The clause with this id, or the nearest enclosing one that has an entry: a citation of
        ``BR 3.2.2.4.7`` concerns ``BR 3.2.2.4``. Stops at two levels (``MRSP 6.2`` is not ``MRSP 6``).

        A number can name two clauses in different versions of a document (``CCADB Policy 5.1`` is
        the audit deadline in 1.x and the audit scope from 2.0). With ``on`` (the report's date), a
        number is read as it was meant then: an alias whose own window covers that day wins (``CCADB
        Policy 4`` was the subordinate-CA section before 2025-07-15), then a clause whose ``in_force``
        covers it, owner or alias; without ``on``, or when none covers the day, the owner of the id
        does. An alias marked ``reused`` does not lead to its clause outside its window; another old
        number still resolves (see :meth:`renumbered`)."""
        cid = clause_id
        while True:
            owner = self.clauses.get(cid)
            aliased = [(c, a) for c in self.clauses.values() for a in c.aliases if a.id == cid and c.id != cid]
            if on is not None:
                for clause, a in aliased:
                    if (a.since or a.until) and a.covers(on):
                        return clause
                for clause in ([owner] if owner else []) + [c for c, a in aliased if a.covers(on) or not a.reused]:
                    if clause.in_force.covers(on):
                        return clause
            if owner is not None:
                return owner
            for clause, a in aliased:
                if a.covers(on) or not a.reused:
                    return clause
            prefix, _, num = cid.rpartition(" ")
            if num.count(".") < 2 or "§" in cid:
                return None
            cid = f"{prefix} {num.rsplit('.', 1)[0]}"

    def renumbered(self, clause_id: str, on: "date", about: str = "") -> Optional[tuple["Clause", "Alias"]]:
        """When ``clause_id`` is an old number of a clause that was not current on ``on`` (the report
        cites ``BR 4.9.10`` in 2025 for what is BR 4.9.9 since 2024-11-14): the clause and the alias.

        A number another section took over (``reused``: CCADB Policy 4 is the subordinate-CA section
        before 2025-07-15 and the policy-documents section since) is an old number only after its
        window, and only when ``about`` (what the incident is about) points to the old clause and
        not to the section that now has the number: a 2026 report on a late subordinate-CA
        revocation disclosure that cites "CCADB Policy 4" means 3.2; one on a CPS upload means 4."""
        for clause in self.clauses.values():
            for a in clause.aliases:
                if a.id != clause_id or a.covers(on):
                    continue
                if not a.reused:
                    if clause_id not in self.clauses:
                        return clause, a
                    continue
                if a.until is None or on < a.until or not about:
                    continue
                owner = self.clauses.get(clause_id)
                if _about_clause(clause, about) and not (owner is not None and _about_clause(owner, about)):
                    return clause, a
        return None

    def lookup(self, query: str, on: Optional[date] = None) -> Optional["Clause"]:
        """Find a clause by id in any common spelling (``mrsp 5.3.2``, ``MRSP §5.3.2``), or by an
        older number; with ``on``, the number is read as it was meant that day (``CCADB Policy 4``
        before 2025-07-15 is the subordinate-CA section, now 3.2)."""
        q = " ".join(query.replace("§", " ").split()).lower()
        known = [cid for cid in self.clauses] + [a.id for c in self.clauses.values() for a in c.aliases]
        cid = next((k for k in known if " ".join(k.replace("§", " ").split()).lower() == q), None)
        if cid is None:
            cites = find_citations(query)
            cid = cites[0].clause_id if cites else None
        if cid is None:
            return None
        if on is None and cid in self.clauses:
            return self.clauses[cid]
        return self.find(cid, on)

    @property
    def extra_docs(self) -> dict[str, str]:
        """Id prefixes (and document names) of clauses from documents the citation finder does not
        know by itself, e.g. a CA's CPS added through ``policy-paths``."""
        docs: dict[str, str] = {}
        for cid, clause in self.clauses.items():
            prefix = cid.rsplit(" ", 1)[0]
            if prefix not in _STATIC_PREFIXES and "§" not in cid:
                docs.setdefault(prefix, clause.document)
        return docs

    def concerned(self, doc: "Document", on: Optional[date] = None) -> list[Concern]:
        """The clauses the report concerns, strongest evidence first, each clause once. ``on`` (else
        the report's posting date) decides which clause a number names when versions differ, and a
        clause that did not exist yet then is left out (MRSP 6.1.3 is not a 2019 report's clause).
        Worked out once per document and date: several rules ask."""
        memo = self.__dict__.setdefault("_concerned_memo", {})
        key = (id(doc), on)
        hit = memo.get(key)
        if hit is not None and hit[0] is doc:
            return list(hit[1])
        found = self._concerned(doc, on)
        if len(memo) > 8:
            memo.clear()
        memo[key] = (doc, found)
        return list(found)

    def _concerned(self, doc: "Document", on: Optional[date] = None) -> list[Concern]:
        from incident_kit.document import F_INCIDENT_DESCRIPTION, F_RELEVANT_POLICIES

        out: dict[str, Concern] = {}
        if on is None and doc.bug.posted is not None:
            on = doc.bug.posted.date()
        desc = doc.fields.get(F_INCIDENT_DESCRIPTION)
        about = desc.raw if desc is not None else _first_paragraphs(doc)
        about_line = desc.line if desc is not None else None

        kind_memo: list[Optional[str]] = []

        def certificates() -> Optional[str]:
            if not kind_memo:
                kind_memo.append(report_certificates(doc))
            return kind_memo[0]

        def add(cid: str, how: str, line: Optional[int], evidence: str) -> None:
            clause = self.find(cid, on)
            if how in ("relevant-policies", "cited") and on is not None:
                moved = self.renumbered(cid, on, about)
                if moved is not None:
                    clause = moved[0]  # a number cited after it moved, meaning the section it used to be
            if clause is not None and how not in ("relevant-policies", "cited") and clause.certificates is not None:
                if not clause_fits(clause, certificates()):
                    return  # a TLS twin on an S/MIME report (or the reverse) that the report does not cite
            old_number = clause is not None and any(a.id == cid and (a.since or a.until) and a.covers(on) for a in clause.aliases)
            if clause is not None and on is not None and clause.in_force.since and on < clause.in_force.since and not old_number:
                return  # not written yet (under an older number it was, and that number was cited)
            if clause is not None and clause.id not in out:
                out[clause.id] = Concern(clause, how, line, evidence)

        rp = doc.fields.get(F_RELEVANT_POLICIES)
        extra_docs = self.extra_docs
        if rp is not None and not rp.is_na:
            # The report's own declaration is authoritative where the template has the field.
            for c in find_citations(rp.raw, extra_docs):
                add(c.clause_id, "relevant-policies", rp.line, c.raw)
        else:
            for no, line in enumerate(doc.text.splitlines(), 1):
                if "§" in line or _has_digit(line):
                    for c in find_citations(line, extra_docs):
                        add(c.clause_id, "cited", no, c.raw)
        tags = [t.lower() for t in doc.bug.whiteboard]
        for tag in tags:
            by_tag = [c for c in self.clauses.values() if any(_tag_matches(w, tag) for w in c.whiteboard_tags)]
            for clause in by_tag:
                # A tag names a family ("disclosure-failure"); the description says which clause.
                if len(by_tag) == 1 or "revocation-delay" in tag or _keywords_match(clause, about):
                    add(clause.id, "whiteboard", None, tag)
        if not out:
            for cid, clause in self.clauses.items():
                m = _keywords_match(clause, about)
                if m:
                    add(cid, "inferred", about_line, m)
        if not out and doc.bug.title:
            # The report's own words say nothing; the bug title names the problem.
            for cid, clause in self.clauses.items():
                m = _keywords_match(clause, doc.bug.title)
                if m:
                    add(cid, "title", None, m)
        # Related clauses state the same rule: keep the first, drop its twins found only by inference.
        return list(out.values())


# What kind of certificates a report is about (the TLS BRs and the S/MIME BRs have twin sections).
_SMIME_WORDS = re.compile(
    r"\bs/?mime\b|\bsmime\b|\be-?mail (protection |signing |encryption )?certificates?\b|\bemailprotection\b"
    r"|\bsecure e-?mail\b|\bmailbox(es)? (validation|control|address)",
    re.IGNORECASE,
)
_TLS_WORDS = re.compile(
    r"\b(tls|ssl|server|web ?server|website)\b.{0,20}\bcertificates?\b|\bcertificates?\b.{0,20}\b(tls|ssl)\b"
    r"|\b(dv|ov|ev)\b(?:,| and| or| ?/)?(?: (dv|ov|ev))*\b (tls |ssl )?certificates?\b|\bdomain (control )?validation\b|\bprecertificates?\b",
    re.IGNORECASE,
)
_TLS_TAGS = ("dv-misissuance", "ov-misissuance", "ev-misissuance")


def report_certificates(doc: "Document") -> Optional[str]:
    """Whether the report is about S/MIME certificates (``"smime"``), TLS certificates (``"tls"``), or
    cannot tell (None, read as TLS: the rules' long-standing default). The evidence, strongest
    first: a whiteboard tag naming the kind (``smime-misissuance``; ``dv/ov/ev-misissuance``); the
    Baseline Requirements the report cites (the S/MIME BRs or MRSP 6.2 only, or the TLS BRs only);
    then the words of the title, the description and the certificate types (S/MIME, e-mail
    certificates, mailbox validation; TLS or server certificates, DV/OV/EV, domain validation). An
    S/MIME answer needs S/MIME evidence and no TLS evidence at the same level."""
    from incident_kit.document import F_CERT_TYPES, F_RELEVANT_POLICIES

    tags = [t.lower() for t in doc.bug.whiteboard]
    smime_tag = any("smime" in t for t in tags)
    tls_tag = any(t in _TLS_TAGS for t in tags)
    if smime_tag != tls_tag:
        return "smime" if smime_tag else "tls"
    rp = doc.fields.get(F_RELEVANT_POLICIES)
    cited_text = rp.raw if rp is not None and not rp.is_na else doc.text
    cites = [c.clause_id for c in find_citations(cited_text)]
    smime_cite = any(c.startswith("SMIME BR ") or c == "MRSP 6.2" for c in cites)
    tls_cite = any((c.startswith("BR ") and not c.startswith("BR 8.")) or c.startswith("EVG ") or c.startswith("MRSP 6.1") for c in cites)
    if smime_cite != tls_cite:
        return "smime" if smime_cite else "tls"
    words = [doc.bug.title or "", about_text(doc)]
    types = doc.fields.get(F_CERT_TYPES)
    if types is not None and not types.is_na:
        words.append(types.raw)
    text = "\n".join(words)
    smime_words, tls_words = occurs(_SMIME_WORDS, text), occurs(_TLS_WORDS, text)
    if smime_words != tls_words:
        return "smime" if smime_words else "tls"
    return None


def clause_fits(clause: "Clause", certificates: Optional[str]) -> bool:
    """Whether a clause applies to a report about ``certificates`` (see :func:`report_certificates`;
    None is read as TLS) when the report does not cite it."""
    return clause.certificates is None or clause.certificates == (certificates or "tls")


def _tag_matches(clause_tag: str, tag: str) -> bool:
    clause_tag = clause_tag.lower()
    return clause_tag == tag or ("revocation-delay" in clause_tag and clause_tag in tag)


def _about_clause(clause: "Clause", about: str) -> bool:
    """Whether the incident description points to the clause (one of its keywords matches)."""
    return bool(_keywords_match(clause, about))


def _keywords_match(clause: "Clause", text: str) -> str:
    for gate in _keyword_gates(tuple(clause.keywords)):
        m = gate.search(text)
        if m:
            return m.group(0)
    return ""


@lru_cache(maxsize=1024)
def _keyword_gates(keywords: tuple[str, ...]) -> tuple["Gate", ...]:
    """A clause's keyword phrases, expanded and gated, once (a report asks every clause)."""
    from incident_kit.text.concepts import phrase_gate, phrase_list

    return tuple(phrase_gate(kw) for kw in phrase_list(keywords))


_ASCII_DIGIT = re.compile(r"[0-9]")


def _has_digit(line: str) -> bool:
    """``any(ch.isdigit() for ch in line)``, without a Python loop over an ASCII line (where only
    0-9 are digits; other lines may hold superscripts and other scripts' digits)."""
    if line.isascii():
        return _ASCII_DIGIT.search(line) is not None
    return any(ch.isdigit() for ch in line)


def about_text(doc: "Document") -> str:
    """What the incident is about: the description field, or the opening answers of a report
    without one (legacy reports)."""
    from incident_kit.document import F_INCIDENT_DESCRIPTION

    desc = doc.fields.get(F_INCIDENT_DESCRIPTION)
    return desc.raw if desc is not None else _first_paragraphs(doc)


def concept_expected(concept: "Concept", doc: "Document", on: Optional["date"] = None) -> bool:
    """Whether the report's incident calls for this remediation concept (see ``applies_when``), and
    the concept was in force on ``on`` (the posting date)."""
    if on is not None and not concept.in_force.covers(on):
        return False
    if not concept.applies_when:
        return True
    from incident_kit.text.concepts import phrase_gate

    about = about_text(doc)
    return any(phrase_gate(p).search(about) for p in concept.applies_when)


def expressed_in(norm: str, concept: "Concept") -> bool:
    """Whether a text, given as ``normalise(text)`` (a rule asks many concepts about the same
    remedies, and normalises each once), affirms the remediation concept: one of its phrases, not
    negated, in a sentence that is not what ``not_concept`` names ("monitor the mailbox more
    closely" names monitoring, but the ``reminder`` lexicon says it is a reminder, not a control)."""
    from incident_kit.text.concepts import lexicon, mentioned, phrases_in

    for m in phrases_in(norm, concept.phrases):
        if m.negated:
            continue
        if concept.not_concept and mentioned(m.sentence, lexicon(concept.not_concept)):
            continue
        return True
    return False


def insufficient_sentence_in(text: str, norm: str, remedy: "InsufficientRemedy") -> Optional[str]:
    """The sentence of ``text`` that offers the known-insufficient ``remedy`` (by its phrases, looked
    for in ``norm``, the text's ``normalise(text)``, or by its lexicon), or None."""
    from incident_kit.text.concepts import first_mention, lexicon, phrases_in

    found = phrases_in(norm, remedy.phrases, check_negation=False)
    if found:
        return found[0].sentence
    if remedy.concept:
        hit = first_mention(text, lexicon(remedy.concept), negated=None)
        if hit is not None:
            return hit.sentence
    return None


def _first_paragraphs(doc: "Document") -> str:
    """Text to infer clauses from when no description field exists (legacy reports)."""
    parts = []
    for key in ("topic1", "topic6", "summary"):
        s = doc.section(key)
        if s is not None:
            parts.append(s.text)
    return "\n".join(parts) or doc.text[:4000]


_CACHE: dict[tuple[str, ...], PolicyBase] = {}


def load_policy(extra_paths: Iterable[str | Path] = ()) -> PolicyBase:
    """The shipped clauses plus user files (later files may override a shipped clause by id)."""
    extras = tuple(str(Path(p)) for p in extra_paths)
    if extras in _CACHE:
        return _CACHE[extras]
    base = PolicyBase()
    for clause in _load_bundle():
        base.clauses[clause.id] = clause
        base.sources[clause.id] = "shipped"
    for p in extras:
        if not Path(p).exists():
            raise InputError("policy file or folder does not exist", str(p))
    for path in _policy_files(Path(p) for p in extras):
        for clause in _load_file(path):
            base.clauses[clause.id] = clause
            base.sources[clause.id] = path.name
    _CACHE[extras] = base
    return base


def policy_for(ctx: Any) -> PolicyBase:
    """The knowledge base a lint run uses: the shipped clauses plus the ``policy-paths`` of its
    configuration, loaded once and kept on the rule context."""
    if ctx.policy is None:
        ctx.policy = load_policy(ctx.config.get("policy-paths", ()) or ())
    return ctx.policy
