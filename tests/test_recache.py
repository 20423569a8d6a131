"""The compiled-pattern cache of the command line (incident_kit._recache): same patterns, same
results, safe with a broken or foreign file, off on request, never installed by the library."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from incident_kit import _recache

REPO = Path(__file__).resolve().parent.parent
SAMPLES = [
    (r"(?<![\w-])(?:(?:no|not)[\s\-]+(?:impact|affected))(?![\w])", re.IGNORECASE),
    (r"(?P<day>\d{4}-\d{2}-\d{2})(?:[ T](?P<hh>\d{2}):(?P<mm>\d{2}))?", 0),
    (r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE),
    (r"(?x) four [- ] eyes  # a comment", re.IGNORECASE),
    (r"[^\W\d_]+ſ", re.IGNORECASE),
]
TEXTS = ["no impact here", "2025-03-04 10:20 UTC", "  - item\n1) x", "FOUR-EYES review", "Straße ſ", ""]


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.delenv("INCIDENT_KIT_NO_RE_CACHE", raising=False)
    monkeypatch.setattr(_recache, "MIN_SAVING", 0.0)  # these tests compile a few cheap patterns
    _recache.uninstall()
    yield tmp_path / "re.marshal"
    _recache.uninstall()


def _fresh(pattern: str, flags: int) -> re.Pattern[str]:
    re.purge()
    return re.compile(pattern, flags)


def test_patterns_rebuilt_from_the_cache_equal_plain_compilation(cache) -> None:
    plain = [_fresh(p, f) for p, f in SAMPLES]
    assert _recache.install(cache)
    first = [_fresh(p, f) for p, f in SAMPLES]
    _recache.save()
    _recache.uninstall()
    assert cache.is_file()
    assert _recache.install(cache)
    assert all(_recache._slot(p, int(f)) in _recache._state["index"] for p, f in SAMPLES)
    rebuilt = [_fresh(p, f) for p, f in SAMPLES]
    for a, b, c in zip(plain, first, rebuilt):
        assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
        assert (a.pattern, a.flags, a.groups, a.groupindex) == (c.pattern, c.flags, c.groups, c.groupindex)
        for t in TEXTS:
            got = [(m.span(), m.groups()) for m in c.finditer(t)]
            assert got == [(m.span(), m.groups()) for m in a.finditer(t)]


def _header(header: object, magic: bytes = _recache._MAGIC) -> bytes:
    raw = marshal.dumps(header)
    return magic + len(raw).to_bytes(8, "little") + raw


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal",
        marshal.dumps((_recache._key(), {}, {})),  # the first format: no magic
        _header(("other-key", {}, {})),
        _header([1, 2, 3]),
        _header((_recache._key(), {}, {}), magic=b"IK-RE-PROGRAMS\x01"),
        _recache._MAGIC + (10**9).to_bytes(8, "little") + b"short",
    ],
)
def test_a_broken_or_foreign_file_is_ignored(cache, content: bytes) -> None:
    cache.write_bytes(content)
    assert _recache.install(cache)
    assert _recache._state["index"] == {}
    assert _fresh(r"abc(\d+)", 0).match("abc12").group(1) == "12"


@pytest.mark.parametrize(
    "entry",
    [
        (r"abc(\d+)", 0, 0, b"\x00\x01", 7, {}, ()),  # a program _sre refuses
        (r"abc(\d+)", 0, 0, b"\x00\x01", 7),  # a short tuple
        (r"other(\d+)", 0, 0, b"", 1, {}, (None, None)),  # another pattern under this one's slot
    ],
)
def test_a_bad_entry_falls_back_to_compiling(cache, entry: tuple) -> None:
    raw = marshal.dumps(entry)
    header = marshal.dumps((_recache._key(), {_recache._slot(r"abc(\d+)", 0): (0, len(raw))}, {}))
    cache.write_bytes(_recache._MAGIC + len(header).to_bytes(8, "little") + header + raw)
    assert _recache.install(cache)
    assert _fresh(r"abc(\d+)", 0).match("abc12").group(1) == "12"


def test_an_index_pointing_past_the_file_falls_back_to_compiling(cache) -> None:
    header = marshal.dumps((_recache._key(), {_recache._slot(r"abc(\d+)", 0): (10**6, 50)}, {}))
    cache.write_bytes(_recache._MAGIC + len(header).to_bytes(8, "little") + header + b"x")
    assert _recache.install(cache)
    assert _fresh(r"abc(\d+)", 0).match("abc12").group(1) == "12"


def test_a_full_file_keeps_the_entries_this_run_used_and_reads_only_those(cache, monkeypatch) -> None:
    assert _recache.install(cache)
    for i in range(40):
        _fresh(rf"older{i}\w+", 0)
    _recache.save()
    _recache.uninstall()
    monkeypatch.setattr(_recache, "MAX_ENTRIES", 40)
    assert _recache.install(cache)
    assert len(_recache._state["index"]) == 40
    _fresh(r"older3\w+", 0)
    _fresh(r"newer\d+", 0)
    assert list(_recache._state["used"]) == [(r"older3\w+", 0), (r"newer\d+", 0)]  # one read, one compiled
    _recache.save()
    kept = [e[0] for e in _recache.entries_of(cache)]
    assert kept[:2] == [r"older3\w+", r"newer\d+"] and len(kept) == 40
    assert r"older39\w+" not in kept  # the oldest unused entry made room


def test_size_is_bounded(cache, monkeypatch) -> None:
    monkeypatch.setattr(_recache, "MAX_ENTRIES", 5)
    assert _recache.install(cache)
    for i in range(20):
        _fresh(rf"word{i}\w+", 0)
    _recache.save()
    assert len(_recache.entries_of(cache)) == 5


def test_size_is_bounded_in_bytes(cache, monkeypatch) -> None:
    assert _recache.install(cache)
    for i in range(20):
        _fresh(rf"word{i}\w+", 0)
    one = len(next(iter(_recache._state["used"].values())))
    monkeypatch.setattr(_recache, "MAX_BYTES", 3 * one + 1)
    _recache.save()
    assert len(_recache.entries_of(cache)) == 3


def test_a_run_that_only_rebuilt_a_cheap_pattern_leaves_the_file_alone(cache, monkeypatch) -> None:
    assert _recache.install(cache)
    for p, f in SAMPLES:
        _fresh(p, f)
    _recache.save()
    _recache.uninstall()
    before = (cache.read_bytes(), cache.stat().st_mtime_ns)
    monkeypatch.setattr(_recache, "MIN_SAVING", 0.005)
    assert _recache.install(cache)
    _fresh("[%s]" % re.escape("".join({"*", "_", "~", "`"})), 0)  # a class spelled from a set: new each process
    assert _recache._state["dirty"]
    _recache.save()
    assert (cache.read_bytes(), cache.stat().st_mtime_ns) == before


def test_a_run_that_built_many_patterns_writes_them(cache, monkeypatch) -> None:
    monkeypatch.setattr(_recache, "MIN_SAVING", 0.005)
    assert _recache.install(cache)
    for i in range(1000):  # far more than 5 ms of compiling on any machine
        _fresh(rf"(?:alpha{i}|beta|gamma)\s+(?P<n>\d+)[a-z]*", re.IGNORECASE)
    _recache.save()
    assert len(_recache.entries_of(cache)) == 1000


def test_turned_off_by_the_environment(cache, monkeypatch) -> None:
    monkeypatch.setenv("INCIDENT_KIT_NO_RE_CACHE", "1")
    assert not _recache.install(cache)


def _run(code: str, env: dict) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=120, check=True).stdout


def test_library_import_never_installs_it_and_the_cli_run_is_identical(tmp_path) -> None:
    env = {**os.environ, "INCIDENT_KIT_CACHE_DIR": str(tmp_path)}
    env.pop("INCIDENT_KIT_NO_RE_CACHE", None)
    lib = "import re._compiler as c, incident_kit.lint.engine as e; e.lint_paths(['examples/delayed-revocation-full.md']); print(c.compile.__module__)"
    assert _run(lib, env).strip() == "re._compiler"
    assert list(tmp_path.iterdir()) == []
    cli = "import sys; sys.argv = ['incident-kit', 'lint', '--format', 'json', 'examples/delayed-revocation-full.md']; from incident_kit.cli import main; main()"
    cold = subprocess.run([sys.executable, "-c", cli], capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert [p.suffix for p in tmp_path.iterdir()] == [".marshal"]
    warm = subprocess.run([sys.executable, "-c", cli], capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    off = subprocess.run([sys.executable, "-c", cli], capture_output=True, text=True, cwd=REPO, env={**env, "INCIDENT_KIT_NO_RE_CACHE": "1"}, timeout=120)
    assert cold.stdout == warm.stdout == off.stdout and json.loads(cold.stdout)["files"]
    assert (cold.returncode, warm.returncode) == (off.returncode, off.returncode)


def test_a_second_cli_run_on_the_same_file_does_not_rewrite_the_cache(tmp_path) -> None:
    # markdown-it spells one pattern from a frozenset, so each process compiles a new spelling of
    # it; that alone must not make every run rewrite the whole file.
    # Fixed seeds, each giving that pattern another spelling, so the runs compile the same others.
    env = {**os.environ, "INCIDENT_KIT_CACHE_DIR": str(tmp_path)}
    env.pop("INCIDENT_KIT_NO_RE_CACHE", None)
    cli = "import sys; sys.argv = ['incident-kit', 'lint', 'examples/delayed-revocation-full.md']; from incident_kit.cli import main; main()"
    subprocess.run([sys.executable, "-c", cli], capture_output=True, cwd=REPO, env={**env, "PYTHONHASHSEED": "1"}, timeout=120)
    (file,) = tmp_path.iterdir()
    before = (file.read_bytes(), file.stat().st_mtime_ns)
    for seed in ("2", "4"):
        subprocess.run([sys.executable, "-c", cli], capture_output=True, cwd=REPO, env={**env, "PYTHONHASHSEED": seed}, timeout=120)
    assert (file.read_bytes(), file.stat().st_mtime_ns) == before
