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
* written at exit, only when something new was compiled, to a temporary file then renamed
  (atomic), bounded to :data:`MAX_ENTRIES` (the entries this run used are kept first);
* ``INCIDENT_KIT_NO_RE_CACHE=1`` turns it off. The file lives in ``$XDG_CACHE_HOME/incident-kit/``
  (default ``~/.cache/incident-kit/``); ``INCIDENT_KIT_CACHE_DIR`` overrides the folder.

Results never depend on it: a cached program is the program ``re`` would build.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
from array import array
from pathlib import Path
from typing import Any, Optional

MAX_ENTRIES = 3000
_FORMAT = 1

_state: dict[str, Any] = {}


def _key() -> tuple:
    import _sre  # type: ignore[import-not-found]

    return (_FORMAT, sys.implementation.name, sys.hexversion, _sre.MAGIC, _sre.CODESIZE)


def cache_file() -> Path:
    folder = os.environ.get("INCIDENT_KIT_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "incident-kit")
    return Path(folder) / f"re-programs-{sys.implementation.name}-{sys.hexversion:x}.marshal"


def _load(path: Path, key: tuple) -> tuple[dict, dict]:
    """(programs, literal sets) from the file, or empty ones when it is missing, foreign or bad."""
    try:
        with open(path, "rb") as fh:
            data = marshal.load(fh)
        if not isinstance(data, tuple) or len(data) != 3 or data[0] != key:
            return {}, {}
        programs, lits = data[1], data[2]
        if not isinstance(programs, dict) or not isinstance(lits, dict):
            return {}, {}
        return programs, lits
    except Exception:  # noqa: BLE001 - any problem: no cache
        return {}, {}


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
    programs, lits = _load(path, key)
    used: dict = {}
    new_lits: dict = {}
    _state.update(path=path, key=key, programs=programs, lits=lits, used=used, new_lits=new_lits, original=original, dirty=False)

    def compile(p: Any, flags: int = 0) -> Any:
        if not isinstance(p, str) or flags & debug_flag:
            return original(p, flags)
        k = (p, int(flags))
        hit = programs.get(k)
        if hit is not None:
            try:
                out_flags, code, groups, groupindex, indexgroup = hit
                rx = rebuild(p, out_flags, array("I", code).tolist(), groups, dict(groupindex), tuple(indexgroup))
                used[k] = hit
                return rx
            except Exception:  # noqa: BLE001 - a bad entry: compile it again
                pass
        try:
            tree = parse(p, flags)
            code = code_of(tree, flags)
            groupindex = dict(tree.state.groupdict)
            indexgroup = [None] * tree.state.groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            entry = (flags | tree.state.flags, array("I", code).tobytes(), tree.state.groups - 1, groupindex, tuple(indexgroup))
            rx = rebuild(p, entry[0], code, entry[2], groupindex, entry[4])
        except Exception:  # noqa: BLE001 - let re raise its own error (or compile it its way)
            return original(p, flags)
        used[k] = entry
        _state["dirty"] = True
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

    def put(self, key: tuple, value: Optional[tuple]) -> None:
        self.new[key] = value
        _state["dirty"] = True


def save() -> None:
    """Write the cache if this run compiled something new: this run's entries first, then older
    ones, up to MAX_ENTRIES each; atomically (temporary file, then rename)."""
    if not _state.get("dirty"):
        return
    try:
        programs = dict(list(_state["used"].items())[:MAX_ENTRIES])
        for k, v in _state["programs"].items():
            if len(programs) >= MAX_ENTRIES:
                break
            programs.setdefault(k, v)
        lits = dict(list(_state["new_lits"].items())[:MAX_ENTRIES])
        for k, v in _state["lits"].items():
            if len(lits) >= MAX_ENTRIES:
                break
            lits.setdefault(k, v)
        path: Path = _state["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            marshal.dump((_state["key"], programs, lits), fh)
        os.replace(tmp, path)
        _state["dirty"] = False
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache, not an error
        try:
            tmp.unlink()  # type: ignore[possibly-undefined]
        except Exception:  # noqa: BLE001
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
