"""Necessary-literal gates: a cheap test that says when a regular expression cannot match.

For a pattern, :func:`literals` derives from the pattern itself a set of strings one of which every
match must contain (``(?:due|owing)\\s+to`` -> {due, owing}; ``four[- ]eyes`` -> {four-eyes,
four eyes}). :class:`Gate` tests ``any(lit in folded_text)``, a few microseconds, before the regex
runs; when no literal occurs the regex cannot match and is not run (nor, for a lazily compiled
pattern, compiled). A gate is only ever a necessary condition, so it never changes a result.

The set is computed on the pattern's parse tree (``re._parser``, the parser ``re.compile`` itself
uses): runs of literal characters are joined across exact sub-groups and small character classes
(``[- ]``), alternatives contribute the union of their sets (each alternative must give one),
repeats with a minimum of one contribute their body's set, zero-width items (anchors, lookarounds)
are transparent, everything else (``\\w``, ``.``, optional parts) ends a run. Any error, a parser
that changed shape, or a set whose shortest literal is under three characters (or with non-ASCII
literals) gives no gate (``None``): the pattern then always runs.

Folding: the text is lower-cased once, with the three characters whose ``re.IGNORECASE`` match
differs from :meth:`str.lower` mapped to their ASCII letter first (dotless i, long s, dotted
capital I; a test recomputes this list from ``re``). Literals are ASCII and lower-cased, so the test is a superset of what the
pattern accepts, case-sensitive or not.

``INCIDENT_KIT_GATE_VERIFY=1`` runs every search a gate rejected and raises AssertionError if it
would have matched (in a lint, a rule that raises becomes an IK009 finding, so a diff shows it).
"""

from __future__ import annotations

import os
import re
import time
from functools import lru_cache
from typing import Iterable, Iterator, Optional

MIN_LITERAL = 3  # a shorter required literal occurs almost everywhere: no gain
MAX_LITERALS = 256
_MAX_RUN = 64  # most exact strings kept while joining a run

# Non-ASCII characters that re.IGNORECASE matches with an ASCII letter that str.lower() does not
# give as itself: dotless i, long s, and the dotted capital I (whose lower case is two characters,
# "i" and a combining dot, which would split a literal). Mapped before lower-casing.
CASE_EXTRA = {"\u0131": "i", "\u017f": "s", "\u0130": "i"}
_FOLD = str.maketrans(CASE_EXTRA)

VERIFY = os.environ.get("INCIDENT_KIT_GATE_VERIFY") == "1"

# Literal sets kept between command-line runs (set by incident_kit._recache, which the CLI installs;
# None in library use): .get((pattern, flags), default) and .put((pattern, flags), literals).
LITERAL_CACHE = None


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The text the literals are looked for in (memoised: many patterns test the same clause)."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD).lower()


def _holds_one(lits: Optional[tuple[str, ...]], text: str) -> bool:
    """Whether the folded text holds one of the literals (always, when there is no gate)."""
    if lits is None:
        return True
    low = fold(text)
    for lit in lits:
        if lit in low:
            return True
    return False


def _opcodes():  # the names re._parser uses, looked up once
    from re import _constants as c  # type: ignore[attr-defined]

    return c


def literals(pattern: str, flags: int = 0) -> Optional[frozenset[str]]:
    """Lower-cased ASCII strings one of which every match of ``pattern`` contains, or None."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern, flags)
        exact, required = _sequence(list(tree), _opcodes())
        best = exact if exact is not None else required
    except Exception:  # noqa: BLE001 - any surprise: no gate, the regex always runs
        return None
    if not best:
        return None
    lits = frozenset(s.lower() for s in best)
    if len(lits) > MAX_LITERALS or min(len(s) for s in lits) < MIN_LITERAL or not all(s.isascii() for s in lits):
        return None
    return _minimise(lits)


def _minimise(lits: frozenset[str]) -> frozenset[str]:
    """Drop literals that contain another one ("impacts" when "impact" is there)."""
    ordered = sorted(lits, key=len)
    keep: list[str] = []
    for s in ordered:
        if not any(k in s for k in keep):
            keep.append(s)
    return frozenset(keep)


def _score(s: Optional[set[str]]) -> tuple[int, int]:
    if not s:
        return (-1, 0)
    return (min(len(x) for x in s), -len(s))


def _better(a: Optional[set[str]], b: Optional[set[str]]) -> Optional[set[str]]:
    return a if _score(a) >= _score(b) else b


def _sequence(items: list, c) -> tuple[Optional[set[str]], Optional[set[str]]]:
    """(exact, required) for a concatenation: ``exact`` is the finite set of strings the whole
    sequence matches (None when it is not small and finite); ``required`` the best necessary set."""
    run: Optional[set[str]] = {""}
    best: Optional[set[str]] = None
    all_exact = True
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the characters around it are still adjacent in a match
        item_exact, item_required = _item(op, av, c)
        if item_exact is not None and run is not None:
            joined = {a + b for a in run for b in item_exact}
            if len(joined) <= _MAX_RUN:
                run = joined
                continue
        # The run ends here (the item is not exact, or joining grew too big): the sequence is no
        # longer one small exact set; the run is a candidate, and so is what the item requires.
        all_exact = False
        if run is not None and run != {""}:
            best = _better(best, run)
        best = _better(best, item_required)
        run = set(item_exact) if item_exact is not None else None
    if run is not None and run != {""}:
        best = _better(best, run)
    exact = run if all_exact and run is not None else None
    return exact, best


def _item(op, av, c) -> tuple[Optional[set[str]], Optional[set[str]]]:
    """(exact, required) for one parse-tree item."""
    if op is c.LITERAL:
        s = {chr(av)}
        return s, None
    if op is c.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is c.LITERAL:
                chars.add(chr(iav))
            else:
                return None, None  # ranges, categories, negation
        return (chars, None) if 0 < len(chars) <= 4 else (None, None)
    if op is c.SUBPATTERN:
        _group, _add, _del, sub = av
        return _sequence(list(sub), c)
    if op is c.BRANCH:
        _, alternatives = av
        exacts: Optional[set[str]] = set()
        required: Optional[set[str]] = set()
        for alt in alternatives:
            e, r = _sequence(list(alt), c)
            if e is not None and exacts is not None:
                exacts |= e
            else:
                exacts = None
            need = _better(e, r) if e is not None and "" not in e else r
            if not need or required is None:
                required = None
            else:
                required |= need
        if exacts is not None and len(exacts) <= _MAX_RUN:
            return exacts, required
        return None, required
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        if lo < 1:
            return None, None
        e, r = _sequence(list(sub), c)
        if lo == hi == 1:
            return e, r
        need = _better(e, r) if e is not None and "" not in e else r
        return None, need
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(list(av), c)
    return None, None  # ANY, CATEGORY, NOT_LITERAL, GROUPREF, ...


_UNSET = object()


class Gate:
    """A pattern behind its literal gate, with the search methods of ``re.Pattern`` (``search``,
    ``match``, ``fullmatch``, ``finditer``, ``findall``, same arguments). The literal set is
    derived and the pattern compiled on first use, so a module may define many at import time."""

    __slots__ = ("pattern", "flags", "_lits", "_rx")

    def __init__(self, pattern: str, flags: int = 0, lits: object = _UNSET) -> None:
        self.pattern = pattern
        self.flags = flags
        self._lits = tuple(sorted(lits)) if lits is not _UNSET and lits is not None else lits  # type: ignore[arg-type]
        self._rx: Optional[re.Pattern[str]] = None

    @classmethod
    def derive(cls, pattern: str, flags: int = 0) -> "Gate":
        """The gate of ``pattern`` (its literals are derived on first use)."""
        return cls(pattern, flags)

    @property
    def lits(self) -> Optional[tuple[str, ...]]:
        if self._lits is _UNSET:
            cache = LITERAL_CACHE
            key = (self.pattern, int(self.flags))
            value = cache.get(key, _UNSET) if cache is not None else _UNSET
            if value is _UNSET:
                started = time.process_time()
                found = literals(self.pattern, self.flags)
                value = tuple(sorted(found)) if found is not None else None
                if cache is not None:
                    cache.put(key, value, time.process_time() - started)
            self._lits = value
        return self._lits  # type: ignore[return-value]

    @property
    def regex(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self.pattern, self.flags)
        return self._rx

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match anywhere in ``text`` (nor in a slice of it)."""
        lits = self._lits
        if _holds_one(self.lits if lits is _UNSET else lits, text):  # type: ignore[arg-type]
            return True
        if VERIFY:
            assert self.regex.search(text) is None, f"gate rejected a match of {self.pattern!r} in {text[:80]!r}"
        return False

    def narrowed(self, text: str) -> "Gate":
        """This gate for the pieces of ``text`` (its sentences and clauses): a literal that occurs
        in a piece occurs in the whole text (folding is character by character, and literals are
        ASCII), so only the literals ``text`` holds need testing piece by piece. Same pattern, same
        compiled expression; itself when there is no gate."""
        lits = self.lits
        if lits is None:
            return self
        low = fold(text)
        held = [lit for lit in lits if lit in low]
        gate = Gate(self.pattern, self.flags, held)
        if held:
            gate._rx = self.regex
        return gate

    def search(self, text: str, *args: int) -> Optional[re.Match[str]]:
        return self.regex.search(text, *args) if self.may_match(text) else None

    def match(self, text: str, *args: int) -> Optional[re.Match[str]]:
        return self.regex.match(text, *args) if self.may_match(text) else None

    def fullmatch(self, text: str, *args: int) -> Optional[re.Match[str]]:
        return self.regex.fullmatch(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, *args) if self.may_match(text) else iter(())

    def findall(self, text: str, *args: int) -> list:
        return self.regex.findall(text, *args) if self.may_match(text) else []

    def __repr__(self) -> str:
        return f"Gate({self.pattern!r}, {self.flags})"


class GateGroup:
    """One test for a group of gated patterns tried on the same text: the union of their literal
    sets. When it fails, no member can match; when any member has no gate, it always passes."""

    __slots__ = ("members", "_lits")

    def __init__(self, members: Iterable[Gate]) -> None:
        self.members = tuple(members)
        self._lits: object = _UNSET

    @property
    def lits(self) -> Optional[tuple[str, ...]]:
        if self._lits is _UNSET:
            union: set[str] = set()
            for g in self.members:
                if g.lits is None:
                    union = set()
                    self._lits = None
                    return None
                union.update(g.lits)
            self._lits = tuple(sorted(_minimise(frozenset(union))))
        return self._lits  # type: ignore[return-value]

    def may_match(self, text: str) -> bool:
        lits = self._lits
        if _holds_one(self.lits if lits is _UNSET else lits, text):  # type: ignore[arg-type]
            return True
        if VERIFY:
            for g in self.members:
                assert g.regex.search(text) is None, f"group gate rejected a match of {g.pattern!r} in {text[:80]!r}"
        return False
