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

:func:`heads` derives, the same way, the strings every match *starts* with, and :func:`scan` gives
``finditer``'s matches trying only the positions where one of them stands: a pattern that opens
with ``\b`` or a choice of names gives ``re`` no prefix to skip to, so it tries every position of a
long text (about 70 ns a character for the citation patterns).

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
MAX_SETS = 3  # most literal sets a gate tests (every match holds a literal of each)
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
    if text.isascii() or not any(ch in text for ch in CASE_EXTRA):
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
    sets = literal_sets(pattern, flags)
    return sets[0] if sets is not None else None


def literal_sets(pattern: str, flags: int = 0) -> Optional[tuple[frozenset[str], ...]]:
    """Sets of lower-cased ASCII strings such that every match of ``pattern`` contains one string
    of EACH set, best first (the first is :func:`literals`), or None when there is no first set.
    ``\\brevok\\w*.{0,30}\\b(?:all|every)\\b`` -> ({revok}, {all, every}): a text must hold a
    literal of both before the pattern can match. At most :data:`MAX_SETS` sets; a later set is
    left out when the ones before it already imply it (each of their literals contains one of its)."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern, flags)
        exact, required = _sequence(list(tree), _opcodes())
        candidates = ([exact] if exact is not None else []) + required
    except Exception:  # noqa: BLE001 - any surprise: no gate, the regex always runs
        return None
    chosen: list[frozenset[str]] = []
    for i, cand in enumerate(candidates):
        lits = _usable(cand)
        if lits is None:
            if i == 0:
                return None  # the best set is not usable: no gate at all
            continue
        if any(all(any(e in s for e in lits) for s in prev) for prev in chosen):
            continue  # implied: whenever an earlier set holds, this one does
        chosen.append(lits)
        if len(chosen) == MAX_SETS:
            break
    return tuple(chosen) if chosen else None


def _usable(cand: Optional[set[str]]) -> Optional[frozenset[str]]:
    """The set lower-cased and minimised, or None when it is empty, too big, has a literal shorter
    than :data:`MIN_LITERAL` or a non-ASCII literal."""
    if not cand:
        return None
    lits = frozenset(s.lower() for s in cand)
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


def _rank(candidates: list[set[str]]) -> list[set[str]]:
    """Necessary sets, best first (the longest shortest literal, then the fewest literals; the
    earlier of two equals first)."""
    return sorted((c for c in candidates if c), key=_score, reverse=True)


def _sequence(items: list, c) -> tuple[Optional[set[str]], list[set[str]]]:
    """(exact, required) for a concatenation: ``exact`` is the finite set of strings the whole
    sequence matches (None when it is not small and finite); ``required`` the necessary sets, best
    first (every match holds a string of each)."""
    run: Optional[set[str]] = {""}
    found: list[set[str]] = []
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
            # The item starts right after the run: when every match of it opens with one of a few
            # strings, the run joined with them is needed ("mrsp\\w*|msrp", which the parser reads
            # as "m" then (?:rsp\\w*|srp), needs "mrsp" or "msrp", not only "rsp" or "srp").
            heads = _heads(op, av, c)
            joined = {a + b for a in run for b in heads} if heads else run
            found.append(joined if len(joined) <= _MAX_RUN else run)
        found.extend(item_required)
        run = set(item_exact) if item_exact is not None else None
    if run is not None and run != {""}:
        found.append(run)
    exact = run if all_exact and run is not None else None
    return exact, _rank(found)


def _heads(op, av, c, optional: bool = False) -> Optional[set[str]]:
    """A small set of strings one of which every match of the item starts with (the exact strings
    it opens with, as far as they go), or None when that is not known (``optional``: see
    :func:`_sequence_heads`)."""
    if op is c.SUBPATTERN:
        return _sequence_heads(list(av[3]), c, optional)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence_heads(list(av), c, optional)
    if op is c.BRANCH:
        union: set[str] = set()
        for alt in av[1]:
            h = _sequence_heads(list(alt), c, optional)
            if not h:
                return None
            union |= h
        return union if len(union) <= _MAX_RUN else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        lo, _hi, sub = av
        return _sequence_heads(list(sub), c, optional) if lo >= 1 else None
    e, _ = _item(op, av, c)
    return e


def _sequence_heads(items: list, c, optional: bool = False) -> Optional[set[str]]:
    """:func:`_heads` of a concatenation: its leading exact items joined, then the heads of the
    first item that is not exact. With ``optional``, an optional item (a repeat of at least zero)
    reads as "this item, or what follows it": the union of both heads (:func:`heads`)."""
    run: set[str] = {""}
    for i, (op, av) in enumerate(items):
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        e: Optional[set[str]] = None
        if optional and op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] == 0:
            body, rest = _sequence_heads(list(av[2]), c, True), _sequence_heads(items[i + 1 :], c, True)
            part = body | rest if body and rest else None
        else:
            e, _ = _item(op, av, c)
            part = e if e is not None else _heads(op, av, c, optional)
        if not part:
            break
        joined = {a + b for a in run for b in part}
        if len(joined) > _MAX_RUN:
            break
        run = joined
        if e is None:
            break  # the strings the item opens with: what follows them is not known
    return run if run != {""} else None


def _needs(e: Optional[set[str]], r: list[set[str]]) -> list[set[str]]:
    """The necessary sets of something whose exact set is ``e`` and required sets ``r``."""
    return _rank([e] + r) if e is not None and "" not in e else r


def _item(op, av, c) -> tuple[Optional[set[str]], list[set[str]]]:
    """(exact, required) for one parse-tree item."""
    if op is c.LITERAL:
        s = {chr(av)}
        return s, []
    if op is c.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is c.LITERAL:
                chars.add(chr(iav))
            else:
                return None, []  # ranges, categories, negation
        return (chars, []) if 0 < len(chars) <= 4 else (None, [])
    if op is c.SUBPATTERN:
        _group, _add, _del, sub = av
        return _sequence(list(sub), c)
    if op is c.BRANCH:
        _, alternatives = av
        exacts: Optional[set[str]] = set()
        needs: list[list[set[str]]] = []
        for alt in alternatives:
            e, r = _sequence(list(alt), c)
            if e is not None and exacts is not None:
                exacts |= e
            else:
                exacts = None
            needs.append(_needs(e, r))
        # Set k of the branch: the union of each alternative's k-th usable set (its best when it
        # has fewer); a match is a match of one alternative, which holds a string of each of its
        # sets. Set 0 is the union of the alternatives' best sets.
        required: list[set[str]] = []
        if all(needs):
            usable = [[n for n in alt if _usable(n) is not None] or alt[:1] for alt in needs]
            for k in range(min(MAX_SETS, max(len(u) for u in usable))):
                union: set[str] = set()
                for alt, u in zip(needs, usable):
                    union |= alt[0] if k == 0 else u[min(k, len(u) - 1)]
                required.append(union)
        if exacts is not None and len(exacts) <= _MAX_RUN:
            return exacts, required
        return None, required
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        if lo < 1:
            return None, []
        e, r = _sequence(list(sub), c)
        if lo == hi == 1:
            return e, r
        return None, _needs(e, r)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(list(av), c)
    return None, []  # ANY, CATEGORY, NOT_LITERAL, GROUPREF, ...


_UNSET = object()


class Gate:
    """A pattern behind its literal gate, with the search methods of ``re.Pattern`` (``search``,
    ``match``, ``fullmatch``, ``finditer``, ``findall``, same arguments). The literal set is
    derived and the pattern compiled on first use, so a module may define many at import time.

    :attr:`lits` is the first literal set (:func:`literals`); :attr:`also` the further sets of
    :func:`literal_sets`, each of which a match holds a literal of too. A gate given its literals
    (``lits=``) has only the sets it is given (``also=``)."""

    __slots__ = ("pattern", "flags", "_lits", "_also", "_rx")

    def __init__(self, pattern: str, flags: int = 0, lits: object = _UNSET, also: Iterable[Iterable[str]] = ()) -> None:
        self.pattern = pattern
        self.flags = flags
        self._lits = tuple(sorted(lits)) if lits is not _UNSET and lits is not None else lits  # type: ignore[arg-type]
        self._also: tuple[tuple[str, ...], ...] = tuple(tuple(sorted(a)) for a in also)
        self._rx: Optional[re.Pattern[str]] = None

    @classmethod
    def derive(cls, pattern: str, flags: int = 0) -> "Gate":
        """The gate of ``pattern`` (its literals are derived on first use)."""
        return cls(pattern, flags)

    @property
    def lits(self) -> Optional[tuple[str, ...]]:
        if self._lits is _UNSET:
            self._derive()
        return self._lits  # type: ignore[return-value]

    @property
    def also(self) -> tuple[tuple[str, ...], ...]:
        if self._lits is _UNSET:
            self._derive()
        return self._also

    def _derive(self) -> None:
        # Kept in the literal cache as all the sets under the key (pattern, flags, "sets"); the
        # first set alone stays under (pattern, flags), as it always was.
        cache = LITERAL_CACHE
        key = (self.pattern, int(self.flags), "sets")
        value = cache.get(key, _UNSET) if cache is not None else _UNSET
        if value is _UNSET:
            started = time.process_time()
            found = literal_sets(self.pattern, self.flags)
            value = tuple(tuple(sorted(x)) for x in found) if found is not None else None
            if cache is not None:
                cache.put(key, value, time.process_time() - started)
        if value is None:
            self._lits, self._also = None, ()
        else:
            self._lits, self._also = value[0], tuple(value[1:])

    @property
    def regex(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self.pattern, self.flags)
        return self._rx

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match anywhere in ``text`` (nor in a slice of it)."""
        lits = self._lits
        if _holds_one(self.lits if lits is _UNSET else lits, text):  # type: ignore[arg-type]
            also = self._also
            if not also:
                return True
            low = fold(text)
            for more in also:
                if not any(lit in low for lit in more):
                    break
            else:
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
        also = [[lit for lit in more if lit in low] for more in self._also]
        if not all(also):
            held = []  # a set the text holds none of: no piece can match
        gate = Gate(self.pattern, self.flags, held, also if held else ())
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


# --------------------------------------------------------------------------------------------
# Heads: where a match can start.
# --------------------------------------------------------------------------------------------


def heads(pattern: str, flags: int = 0) -> Optional[frozenset[str]]:
    """Lower-cased ASCII strings one of which the fold of every match of ``pattern`` starts with
    (``\\b(?:(?:cab|tls)\\s+)?brs?`` -> {cab, tls, br}), or None when that is not known. Derived from
    the parse tree like :func:`literals`, with optional parts read as "this, or what follows": a
    run of exact items joined, a branch the union of its alternatives, an optional item the union of
    its own heads and those of the rest. A head that another one starts is dropped (finding the
    shorter finds it). Zero-width items are transparent; anything else unknown gives None."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        found = _sequence_heads(list(_parser.parse(pattern, flags)), _opcodes(), optional=True)
    except Exception:  # noqa: BLE001 - any surprise: no heads, the pattern is searched as usual
        return None
    # A character with a case must be ASCII (the fold gives IGNORECASE's ASCII letter for every
    # character it matches); a caseless one ("\u00a7") matches only itself.
    if not found or "" in found or not all(ch.isascii() or ch.lower() == ch == ch.upper() for h in found for ch in h):
        return None
    keep: list[str] = []
    for h in sorted({h.lower() for h in found}, key=len):
        if not any(h.startswith(k) for k in keep):
            keep.append(h)
    return frozenset(keep)


def finditer_at(rx: re.Pattern[str], starts: Iterable[str], text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, trying only the positions where the fold of ``text`` holds one of
    ``starts`` (the :func:`heads` of ``rx``): the same matches, in the same order, since a match can
    start nowhere else (the fold keeps every character's offset). A pattern with no literal
    prefix makes ``re`` try every position of a long text; the heads are found by ``str.find``."""
    low = fold(text)
    positions: set[int] = set()
    for h in starts:
        at = low.find(h)
        while at != -1:
            positions.add(at)
            at = low.find(h, at + 1)
    end = 0
    for p in sorted(positions):
        if p < end:
            continue  # inside the last match: finditer goes on from its end
        m = rx.match(text, p)
        if m is not None:
            if VERIFY:
                first = rx.search(text, end)
                assert first is not None and first.span() == m.span(), f"heads missed a match of {rx.pattern[:60]!r}"
            yield m
            end = m.end()
    if VERIFY:
        assert rx.search(text, end) is None, f"heads missed a match of {rx.pattern[:60]!r}"


@lru_cache(maxsize=256)
def pattern_heads(pattern: str, flags: int = 0) -> Optional[frozenset[str]]:
    """:func:`heads`, worked out once per process and kept in the literal cache between command-line
    runs (under the key ``(pattern, flags, "heads")``), so a warm run parses no pattern for it."""
    cache = LITERAL_CACHE
    key = (pattern, int(flags), "heads")
    value = cache.get(key, _UNSET) if cache is not None else _UNSET
    if value is _UNSET:
        started = time.process_time()
        found = heads(pattern, flags)
        value = tuple(sorted(found)) if found is not None else None
        if cache is not None:
            cache.put(key, value, time.process_time() - started)
    return frozenset(value) if value is not None else None


def scan(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``: through :func:`finditer_at` when the heads of ``rx`` are known."""
    starts = pattern_heads(rx.pattern, rx.flags)
    return rx.finditer(text) if starts is None else finditer_at(rx, starts, text)


def occurs(rx: re.Pattern[str], text: str) -> bool:
    """``rx.search(text) is not None``, through :func:`scan` (its first match is search's)."""
    return next(scan(rx, text), None) is not None
