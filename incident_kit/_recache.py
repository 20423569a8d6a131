"""Compiled regular-expression programs kept between command-line runs.

**This relies on CPython internals.** Python's ``re`` parses and compiles a pattern in Python
(``re._parser``, ``re._compiler``) and hands the resulting program, a list of integers, to the C
function ``_sre.compile``, which takes microseconds. A one-file lint compiles a few hundred
patterns, most of its start-up time; this module stores each program and rebuilds the pattern with
``_sre.compile`` on the next run. It also stores the literal sets of :mod:`incident_kit.text.gate`
(derived from the pattern's parse tree), so a warm run parses no pattern at all.

Safety rules, all enforced here:

* installed only by the command-line entry point (:func:`incident_kit.cli.main`), never when the
  library is imported;
* the cache file is keyed on the interpreter (``sys.implementation``, ``sys.hexversion``) and on
  ``_sre.MAGIC`` and ``_sre.CODESIZE``; another key, an unreadable or malformed file, or any error
  while loading or rebuilding falls back to ordinary compilation;
* a program is stored only for ``str`` patterns without ``re.DEBUG``; a pattern rebuilt from the
  cache has the same ``pattern``, ``flags``, ``groups`` and ``groupindex`` (tested);
* written at exit, only when the patterns and literal sets this run had to build anew took at
  least :data:`MIN_SAVING` seconds of CPU (a rewrite costs more than a few cheap compiles would save: a
  library that builds a pattern from a ``set``, as markdown-it does, gives it another spelling in
  every process, and rewriting a large file for it on every run cost a one-file lint about 30 ms),
  to a temporary file then renamed (atomic), bounded to :data:`MAX_ENTRIES` entries and
  :data:`MAX_BYTES` (the entries this run used are kept first);
* only the file's index is read at start-up, and a program when its pattern is compiled, so a file
  filled by a run over a whole corpus does not slow a one-file lint down;
* ``INCIDENT_KIT_NO_RE_CACHE=1`` turns it off. The file lives in ``$XDG_CACHE_HOME/incident-kit/``
  (default ``~/.cache/incident-kit/``); ``INCIDENT_KIT_CACHE_DIR`` overrides the folder.

Results never depend on it: a cached program is the program ``re`` would build.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
import time
import zlib
from array import array
from pathlib import Path
from typing import Any, Optional

MAX_ENTRIES = 3000
MAX_BYTES = 16 * 1024 * 1024  # programs kept in the file (a big lexicon program is ~40 KB)
MIN_SAVING = 0.005  # CPU seconds of compiling a rewrite must save the next run, else no rewrite
_FORMAT = 2
_MAGIC = b"IK-RE-PROGRAMS\x02"

_state: dict[str, Any] = {}


def _key() -> tuple:
    import _sre  # type: ignore[import-not-found]

    return (_FORMAT, sys.implementation.name, sys.hexversion, _sre.MAGIC, _sre.CODESIZE)


def _slot(pattern: str, flags: int) -> tuple[int, int, int]:
    """The index key of a pattern: a checksum, not the pattern, so that the index stays small and
    loads in about a millisecond. The entry itself stores the pattern and is checked on every hit,
    so two patterns with one checksum only cost a compile."""
    return (zlib.crc32(pattern.encode("utf-8", "surrogatepass")), len(pattern), flags)


def cache_file() -> Path:
    folder = os.environ.get("INCIDENT_KIT_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "incident-kit")
    return Path(folder) / f"re-programs-{sys.implementation.name}-{sys.hexversion:x}.marshal"


# File layout: _MAGIC, the header's length (8 bytes, little-endian), the header
# ``marshal((key, index, literal sets))`` with ``index = {slot: (offset, length)}``, then the entries,
# each ``marshal((pattern, flags, program flags, program bytes, groups, groupindex, indexgroup))``.
# Only the header is read at start-up; an entry is read (through mmap) when its pattern is compiled,
# so a file that holds every pattern of a corpus run costs a one-file lint nothing extra.


def _load(path: Path, key: tuple) -> tuple[dict, dict, Any]:
    """(index, literal sets, entry bytes) from the file, or empty ones when it is missing, foreign
    or malformed."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(_MAGIC)) != _MAGIC:
                return {}, {}, b""
            size = int.from_bytes(fh.read(8), "little")
            header = marshal.loads(fh.read(size))
            start = len(_MAGIC) + 8 + size
            if not isinstance(header, tuple) or len(header) != 3 or header[0] != key:
                return {}, {}, b""
            index, lits = header[1], header[2]
            if not isinstance(index, dict) or not isinstance(lits, dict):
                return {}, {}, b""
            import mmap

            end = os.fstat(fh.fileno()).st_size
            if end <= start:
                return index, lits, b""
            data = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))[start:]
        return index, lits, data
    except Exception:  # noqa: BLE001 - any problem: no cache
        return {}, {}, b""


def write_file(path: Path, key: tuple, entries: list[bytes], lits: dict) -> None:
    """Write ``entries`` (marshalled entry tuples) and the literal sets as a cache file, atomically
    (a temporary file, then a rename). Used by :func:`save` and by tests."""
    index: dict = {}
    offset = 0
    for raw in entries:
        entry = marshal.loads(raw)
        index[_slot(entry[0], entry[1])] = (offset, len(raw))
        offset += len(raw)
    header = marshal.dumps((key, index, lits))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(_MAGIC + len(header).to_bytes(8, "little") + header)
            for raw in entries:
                fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def entries_of(path: Path) -> list[tuple]:
    """The entries stored in a cache file, as tuples (tests and diagnostics)."""
    index, _, data = _load(path, _key())
    return [marshal.loads(bytes(data[off : off + n])) for off, n in sorted(index.values())]


def install(path: Optional[Path] = None) -> bool:
    """Wrap ``re``'s compiler with the cache (once per process). False when it is turned off or
    this interpreter is not one the cache knows how to serve."""
    if _state or os.environ.get("INCIDENT_KIT_NO_RE_CACHE") == "1" or sys.implementation.name != "cpython":
        return False
    try:
        import _sre  # type: ignore[import-not-found]
        from re import _compiler, _parser  # type: ignore[attr-defined]

        key = _key()
        original = _compiler.compile
        rebuild = _sre.compile
        parse, code_of = _parser.parse, _compiler._code
        debug_flag = _compiler.SRE_FLAG_DEBUG
    except Exception:  # noqa: BLE001 - an interpreter whose internals differ: no cache
        return False
    path = path or cache_file()
    index, lits, data = _load(path, key)
    used: dict = {}  # (pattern, flags) -> marshalled entry, in the order this run compiled them
    new_lits: dict = {}
    _state.update(path=path, key=key, index=index, data=data, lits=lits, used=used, new_lits=new_lits, original=original, dirty=False, pending=0.0)

    def compile(p: Any, flags: int = 0) -> Any:
        if not isinstance(p, str) or flags & debug_flag:
            return original(p, flags)
        k = (p, int(flags))
        loc = index.get(_slot(p, k[1])) if index else None
        if loc is not None:
            try:
                raw = bytes(data[loc[0] : loc[0] + loc[1]])
                stored, stored_flags, out_flags, code, groups, groupindex, indexgroup = marshal.loads(raw)
                if stored == p and stored_flags == k[1]:
                    rx = rebuild(p, out_flags, array("I", code).tolist(), groups, dict(groupindex), tuple(indexgroup))
                    used[k] = raw
                    return rx
            except Exception:  # noqa: BLE001 - a bad entry: compile it again
                pass
        started = time.process_time()
        try:
            tree = parse(p, flags)
            code = code_of(tree, flags)
            groupindex = dict(tree.state.groupdict)
            indexgroup = [None] * tree.state.groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            out_flags, groups = flags | tree.state.flags, tree.state.groups - 1
            rx = rebuild(p, out_flags, code, groups, groupindex, tuple(indexgroup))
        except Exception:  # noqa: BLE001 - let re raise its own error (or compile it its way)
            return original(p, flags)
        used[k] = marshal.dumps((p, k[1], out_flags, array("I", code).tobytes(), groups, groupindex, tuple(indexgroup)))
        _state["dirty"] = True
        _state["pending"] += time.process_time() - started
        return rx

    _compiler.compile = compile
    from incident_kit.text import gate

    gate.LITERAL_CACHE = _LiteralCache(lits, new_lits)
    atexit.register(save)
    return True


class _LiteralCache:
    """The gate's literal sets by (pattern, flags); None is a valid stored value (no gate)."""

    def __init__(self, old: dict, new: dict) -> None:
        self.old, self.new = old, new

    def get(self, key: tuple, default: Any = None) -> Any:
        if key in self.new:
            return self.new[key]
        if key in self.old:
            value = self.old[key]
            self.new[key] = value
            return value
        return default

    def put(self, key: tuple, value: Optional[tuple], cost: float = 0.0) -> None:
        """Store a literal set that took ``cost`` seconds to derive."""
        self.new[key] = value
        _state["dirty"] = True
        _state["pending"] = _state.get("pending", 0.0) + cost


def save() -> None:
    """Write the cache if this run compiled something new: this run's entries first, then older
    ones, up to MAX_ENTRIES entries and MAX_BYTES bytes; atomically (temporary file, then rename)."""
    if not _state.get("dirty") or _state.get("pending", 0.0) < MIN_SAVING:
        return
    try:
        entries: list[bytes] = []
        seen: set = set()
        total = 0
        for k, raw in _state["used"].items():
            if len(entries) >= MAX_ENTRIES or total + len(raw) > MAX_BYTES:
                break
            entries.append(raw)
            seen.add(_slot(*k))
            total += len(raw)
        data = _state["data"]
        for slot, (off, n) in _state["index"].items():
            if len(entries) >= MAX_ENTRIES or total + n > MAX_BYTES:
                break
            if slot not in seen:
                entries.append(bytes(data[off : off + n]))
                seen.add(slot)
                total += n
        lits = dict(list(_state["new_lits"].items())[:MAX_ENTRIES])
        for k, v in _state["lits"].items():
            if len(lits) >= MAX_ENTRIES:
                break
            lits.setdefault(k, v)
        write_file(_state["path"], _state["key"], entries, lits)
        _state["dirty"] = False
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache, not an error
        pass


def uninstall() -> None:
    """Put ``re``'s own compiler back (tests)."""
    if not _state:
        return
    from re import _compiler  # type: ignore[attr-defined]

    from incident_kit.text import gate

    _compiler.compile = _state["original"]
    gate.LITERAL_CACHE = None
    try:
        atexit.unregister(save)
    except Exception:  # noqa: BLE001
        pass
    _state.clear()
