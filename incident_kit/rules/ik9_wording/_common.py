"""Helpers, constants and patterns the ik9_wording rules share (or other modules use)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from incident_kit.irg import citations as cites
from incident_kit.lint.rule import CITATION_RE, Context, Severity
from incident_kit.text.concepts import Concept, lexicon, lexicon_names, search
from incident_kit.text.gate import VERIFY, Gate
from incident_kit.text.negation import in_quotes
from incident_kit.text.prose import Prose, Sentence


C_PRACTICES = cites.IRG3_PRACTICES

WORDING_FILE = Path(__file__).resolve().parent.parent / "wording.toml"


class Cues:
    """A group of gated patterns that a rule tries on every sentence, narrowed once per document.

    The literals of all members (:attr:`Gate.lits`) are looked for once in the whole prose (its
    distinct words, ``doc.prose.words``, for a literal of letters and digits; its fold,
    ``doc.prose.folded``, for the others); a sentence is then tested only for the literals the
    document holds, and a member is tried only where one of its own literals stands in the sentence's fold.
    That is exactly the members' own gate test (a sentence's fold is a piece of the document's),
    made once per literal instead of once per member and sentence, so it never changes a result.

    ``parts`` may name, for a member, sub-patterns that every match of it contains (a pointer's
    target, "comment 12", inside "see comment 12 for details"); each part's own literals
    (:func:`incident_kit.text.gate.literals`, derived from the part itself) must then stand in
    the sentence as well. A member or part without literals is never a reason to leave a
    sentence out. Under ``INCIDENT_KIT_GATE_VERIFY=1`` every member left out is searched anyway
    and must find nothing."""

    __slots__ = ("members", "parts", "_union", "_masks", "_lit_bits")

    def __init__(self, members: Iterable[Gate], parts: Optional[Sequence[Sequence[str]]] = None) -> None:
        self.members = tuple(members)
        self.parts = tuple(tuple(p) for p in parts) if parts is not None else ((),) * len(self.members)
        self._union: Optional[tuple[tuple[str, ...], tuple[str, ...]]] = None
        self._masks: tuple[int, ...] = ()
        self._lit_bits: dict[str, int] = {}

    def _index(self) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], tuple[int, ...], dict[str, int]]:
        """All literals (those of letters and digits, and the others); per member, a bit for each
        literal set of which a match holds one; per literal, the bits of the sets it belongs to.
        A member may match where the bits of the literals found cover its own."""
        if self._union is None:
            bit_of: dict[frozenset[str], int] = {}
            masks = []
            for g, parts in zip(self.members, self.parts):
                mask = 0
                # Gate(...).lits: through the literal cache, so a warm command-line run parses no pattern.
                # (each of a member's literal sets, Gate.also included, is needed by its matches)
                for x in [Gate.derive(p, re.IGNORECASE).lits for p in parts] + [g.lits, *(g.also if g.lits else ())]:
                    if x:
                        mask |= bit_of.setdefault(frozenset(x), 1 << len(bit_of))
                masks.append(mask)
            lit_bits: dict[str, int] = {}
            for lits, bit in bit_of.items():
                for lit in lits:
                    lit_bits[lit] = lit_bits.get(lit, 0) | bit
            self._lit_bits = lit_bits
            self._masks = tuple(masks)
            ordered = sorted(lit_bits)
            self._union = (
                tuple(lit for lit in ordered if lit.isascii() and lit.isalnum()),
                tuple(lit for lit in ordered if not (lit.isascii() and lit.isalnum())),
            )
        return self._union, self._masks, self._lit_bits

    def sentences(self, prose: Prose, within: Iterable[Sentence]) -> Iterator[tuple[Sentence, tuple[int, ...]]]:
        """Each sentence of ``within`` (sentences of ``prose``) where a member may match, with
        the indexes of those members, in order."""
        union, masks, lit_bits = self._index()
        # One scan per literal: of the document's distinct words for a literal of letters and
        # digits (it can only stand inside a word), of the whole fold for the others.
        word_lits, other_lits = union
        words = prose.words
        present = {lit for lit in word_lits if lit in words}
        if other_lits:
            folded = prose.folded
            present.update(lit for lit in other_lits if lit in folded)
        found = 0
        for lit in present:
            found |= lit_bits[lit]
        possible = [(i, m) for i, m in enumerate(masks) if not m & ~found]
        if not possible:
            if VERIFY:
                for s in within:
                    self._verify(s, ())
            return
        always = tuple(i for i, m in possible if not m)
        needed = 0
        for _, m in possible:
            needed |= m
        wanted = [(lit, lit_bits[lit]) for lit in present if lit_bits[lit] & needed]
        chosen_for: dict[int, tuple[int, ...]] = {0: always}  # the members a set of literal bits allows
        for s in within:
            low = s.folded
            here = 0
            for lit, bits in wanted:
                if lit in low:
                    here |= bits
            chosen = chosen_for.get(here)
            if chosen is None:
                chosen = chosen_for[here] = tuple(i for i, m in possible if not m & ~here)
            if VERIFY:
                self._verify(s, chosen)
            if chosen:
                yield s, chosen

    def _verify(self, s: Sentence, chosen: tuple[int, ...]) -> None:
        for i, g in enumerate(self.members):
            if i not in chosen:
                assert g.regex.search(s.text) is None, f"cues left out a match of {g.pattern!r} in {s.text[:80]!r}"


def alternatives(name: str) -> str:
    """The patterns of lexicon ``name`` as one group, ``(?:a|b|...)``, written into a rule's own
    pattern where that pattern names the concept's phrases ("<a blamed party>'s <fault>"): the
    phrases are data with their examples, the sentence shape around them stays in the rule."""
    return "(?:" + "|".join(lexicon(name).patterns) + ")"


@lru_cache(maxsize=None)
def _i(pattern: str) -> Gate:
    """A case-insensitive pattern behind its necessary-literal gate (compiled on first need)."""
    return Gate(pattern, re.IGNORECASE)


NO_IMPACT_CLAIM = lexicon("no_impact_claim")

@lru_cache(maxsize=None)
def _openers() -> tuple[Gate, Gate, Gate, Gate, Gate]:
    """Where a claim's reason or conclusion stands, in this order: a cause within a few words
    after the claim (or a colon, dash or bracket right after it); a conclusion word at most three
    words before it; a reason, a conclusion or an explanation opening a sentence. The positions
    (anchors, word windows) are structure, here; the words are lexicons. Built on first use."""
    return (
        _i(
            r"^\s*(?:[\w'\u2019-]+\s+){0,6}?(?:[,;:\u2013\u2014(-]\s*)*" + alternatives("cause_link") + r"\b"
            r"|^\s*[:\u2013\u2014(]|^\s+-\s"
        ),
        _i(r"(?:\b" + alternatives("conclusion_link") + r"\b[\s,]*(?:\w+\s+){0,3}$)"),
        _i(r"^\s*" + alternatives("reason_opener") + r"\b"),
        _i(r"^\s*" + alternatives("conclusion_opener") + r"\b"),
        _i(r"^\s*" + alternatives("explaining_opener")),  # an opener, not a whole word: "e.g." ends in a dot
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
    cause_after, conclusion_before, reason_opening, conclusion_opening, explaining_opening = _openers()
    text = s.text
    before, after = text[:start], text[end:]
    reasons: list[str] = []
    if cause_after.match(after):
        reasons.append(after)
    if reason_opening.match(before) or conclusion_before.search(before):
        reasons.append(before)
    if s.next and (explaining_opening.match(s.next) or search(s.next, EVIDENCE)):
        reasons.append(s.next)
    if s.previous and (conclusion_opening.match(before) or (len(before.split()) <= 3 and search(s.previous, EVIDENCE))):
        reasons.append(s.previous)  # "Therefore, ...", or a claim opening right after the facts it rests on
    rest = before + " " + after
    evidence = any(search(r, EVIDENCE) for r in reasons) or bool(search(rest, EVIDENCE)) or bool(s.next and search(s.next, EVIDENCE))
    return Support(tuple(reasons), evidence)


_T_COMMENT = r"comment\s*#?\s*\d+(?:\s+(?:above|below))?"
_T_BUG = r"(?:bug|bugzilla\s+bug|ticket)\s*#?\s*\d{4,8}(?:\s*(?:comment|c)\s*#?\s*\d+)?|https?://bugzilla\.mozilla\.org/show_bug\.cgi\?id=\d+(?:#c\d+)?"


@lru_cache(maxsize=None)
def _targets() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Where a pointer points, by target: a comment or a bug (their forms, here), an earlier
    report ("<our|the> <earlier> [incident] <posting>") or an attached document (lexicons); and
    what every pointer to each target contains: the target itself (whole, in each pattern of
    :func:`pointers`), and for an earlier report both its adjective and its noun. Built on first use."""
    which, what, attached = alternatives("earlier"), alternatives("posting"), alternatives("attached_document")
    targets = {
        "comment": _T_COMMENT,
        "bug": _T_BUG,
        "previous": rf"(?:our|the|my|an?)\s+{which}\s+(?:incident\s+)?{what}",
        "attachment": attached,
    }
    parts = {
        "comment": (_T_COMMENT,),
        "bug": (_T_BUG,),
        "previous": (which, what),
        "attachment": (attached,),
    }
    return targets, parts


_DETAIL_QUALIFIERS = r"(?:(?:more|further|full|additional|complete|all|the)\s+){0,4}"


@dataclass(frozen=True, slots=True)
class Pointer:
    kind: str  # "deferral" (content is elsewhere) or "reference" (relies on earlier discussion)
    target: str  # comment, bug, previous, attachment, above
    detail: bool  # names report content ("for details", "the root cause is in ...")
    match: re.Match[str]


@lru_cache(maxsize=None)
def pointers() -> tuple[tuple[str, str, bool, Gate], ...]:
    """The pointers to content outside the report: (kind, target, names report content, pattern).
    What report content is named is a lexicon (``report_content``); built on first use."""
    detail = _DETAIL_QUALIFIERS + alternatives("report_content")
    out: list[tuple[str, str, bool, Gate]] = []
    for target, t in _targets()[0].items():
        out += [
            (
                "deferral",
                target,
                True,
                _i(
                    rf"\b{detail}\s+(?:is|are|was|were|can\s+be|may\s+be|have\s+been|has\s+been)\s+(?:(?:also\s+)?(?:found|available|given|provided|described|explained|detailed|documented|outlined|included|contained|listed)\s+)?"
                    rf"(?:in|at|within)\s+(?:{t})"
                ),
            ),
            (
                "deferral",
                target,
                True,
                _i(rf"^\W*(?:(?:the|more|further|full|additional|complete|all)\s+)*(?:details|information)\b(?:\s+[\w-]+){{0,3}}?\s+(?:in|at|within)\s+(?:{t})"),
            ),
            ("deferral", target, True, _i(rf"\b(?:see|refer\s+to|consult|check|read)\s+(?:also\s+)?(?:{t})\s*,?\s+(?:for|regarding|about|on)\s+{detail}")),
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
    return tuple(out)


@lru_cache(maxsize=None)
def pointer_cues() -> Cues:
    """The cues of :func:`pointers`, each also needing its target's literals (made once)."""
    found = pointers()
    parts = _targets()[1]
    return Cues((p for *_, p in found), parts=[parts.get(target, ()) for _, target, _, _ in found])

_DATA_ATTACHMENT = lexicon("data_attachment")

_RESTATED = lexicon("restated")
"""A sentence that leans on earlier discussion with fewer words of its own than this restates
nothing of it."""


def find_pointer(s: Sentence, tried: Iterable[int]) -> Optional[Pointer]:
    """The first pointer of the sentence to content outside the report, if any, among the
    :func:`pointers` at the indexes ``tried`` (those :func:`pointer_cues` left in)."""
    best: Optional[Pointer] = None
    found = pointers()
    for i in tried:
        kind, target, detail, pattern = found[i]
        m = pattern.regex.search(s.text)
        if m is None or in_quotes(s.text, m.start()):
            continue
        if target == "attachment" and search(s.text, _DATA_ATTACHMENT):
            continue
        if search(s.text, _RESTATED):
            continue
        if best is None or m.start() < best.match.start() or (m.start() == best.match.start() and kind == "deferral" and detail):
            best = Pointer(kind, target, detail, m)
    return best


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


__all__ = [
    "NO_IMPACT_CLAIM",
    "EVIDENCE",
    "GENERAL_REMARK",
    "claim_support",
    "find_pointer",
    "load_wording",
    "wording_checks",
]
