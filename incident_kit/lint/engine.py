"""The lint engine: runs the registered rules over a Document and collects findings.

For each selected rule the engine decides, in this order (zlint's result states):

* **not applicable** when the document's kind is not in ``rule.kinds`` or ``rule.applies`` says no;
* **not effective** when the rule has ``effective_from`` / ``effective_until`` and the effective date
  (``--as-of``, else the configuration's ``as-of``, else the draft's posted date) is outside that
  window, or unknown;
* otherwise the rule runs, and each :class:`~incident_kit.lint.rule.Hit` becomes a
  :class:`~incident_kit.lint.rule.Finding`. A rule that raises becomes an IK009 finding.

Findings inside a ``<!-- incident-kit: ignore CODE -- reason -->`` block are kept but marked
suppressed. Input that cannot be read becomes an IK001 finding (and exit code 2); a draft that does
not validate becomes one IK004 finding per problem. These engine findings (IK001, IK004, IK009) are
reported whatever the selection says: without them a run could look clean when nothing was checked.

Standard library only: the readers (markdown-it, ruamel, pydantic) are imported when a file is read.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from incident_kit.irg.kinds import KIND_CLOSURE, KIND_FULL, KIND_PRELIMINARY
from incident_kit.document import KIND_UNKNOWN, Document, Suppression, parse_whiteboard, whiteboard_next_update
from incident_kit.errors import DraftError, InputError
from incident_kit.config import Config, ConfigFinder, Selection
from incident_kit.lint.rule import ERROR, Context, Finding, Hit, Rule, Severity, registered, report_rules
from incident_kit.sources import DRAFT_SUFFIXES, REPORT_SUFFIXES, read, read_text
from incident_kit.sources.files import STDIN_NAME

UNREADABLE_CODE = "IK001"
INVALID_DRAFT_CODE = "IK004"
CRASH_CODE = "IK009"
UNUSED_SUPPRESSION_CODE = "IK007"

LINTABLE_SUFFIXES = REPORT_SUFFIXES + DRAFT_SUFFIXES
STDIN = Path("-")

# "file:line:col: field.path: message" (line and column optional) from a DraftError.
_POSITION_RE = re.compile(r"^(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$")
_PROBLEM_RE = re.compile(r"^(?P<file>.*?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$")


@dataclass
class FileResult:
    """What linting one input gave."""

    path: str
    kind: str = KIND_UNKNOWN
    irg_version: Optional[str] = None
    findings: list[Finding] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)  # rule codes
    not_effective: list[str] = field(default_factory=list)  # rule codes
    input_error: bool = False  # the input could not be read at all (exit code 2)
    undated: bool = False  # no --as-of, configured as-of or posted date: date-bound rules did not run
    fail_on: Severity = ERROR  # the threshold that applies to this file (CLI, else its config)
    lines: Optional[tuple[int, int]] = None  # the report's line range, when the file holds several

    @property
    def visible(self) -> list[Finding]:
        """Findings that are not suppressed."""
        return [f for f in self.findings if not f.suppressed]

    @property
    def failed(self) -> bool:
        """True when an unsuppressed finding is at or above :attr:`fail_on`."""
        return any(f.severity.rank >= self.fail_on.rank for f in self.visible)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "irg_version": self.irg_version,
            **({"lines": list(self.lines)} if self.lines is not None else {}),
            "findings": [f.to_dict() for f in self.findings],
            "not_applicable": list(self.not_applicable),
            "not_effective": list(self.not_effective),
        }


@dataclass(frozen=True)
class LintOptions:
    """Everything that shapes one file's lint run, after CLI flags and configuration are merged."""

    selection: Selection = Selection()
    as_of: Optional[date] = None
    whiteboard: Optional[str] = None
    title: Optional[str] = None
    fail_on: Severity = ERROR
    config: dict[str, Any] = field(default_factory=dict)

    def context(self) -> Context:
        return Context(as_of=self.as_of, whiteboard=self.whiteboard, title=self.title, config=dict(self.config))


def exit_code(results: Iterable[FileResult]) -> int:
    """2 when an input could not be read, 1 when a file has a finding at or above its fail-on, else 0."""
    results = list(results)
    if any(r.input_error for r in results):
        return 2
    return 1 if any(r.failed for r in results) else 0


# --------------------------------------------------------------------------------------------
# Running rules over one Document.
# --------------------------------------------------------------------------------------------


def lint_document(
    doc: Document,
    ctx: Optional[Context] = None,
    *,
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
    selection: Optional[Selection] = None,
) -> FileResult:
    """Run every selected rule over ``doc``. ``ctx.whiteboard`` / ``ctx.title`` replace the
    document's bug metadata first (the document itself is not changed)."""
    ctx = ctx or Context()
    selection = selection or _selection(select, ignore)
    doc = with_bug_overrides(doc, ctx)
    when = ctx.effective_date(doc)
    result = FileResult(path=doc.path, kind=doc.kind, irg_version=doc.irg_version)
    # Bug rules judge a whole bug: a file lint neither runs nor imports them.
    for r in selected_rules(selection, bug=ctx.bug is not None):
        _run_rule(r, doc, ctx, when, result)
    result.undated = when is None and bool(result.not_effective)
    _cite_version_in_force(result.findings, _version_in_force(doc, when))
    used = _apply_suppressions(result.findings, doc.suppressions)
    if doc.suppressions and selection.enabled(UNUSED_SUPPRESSION_CODE):
        result.findings.extend(_unused_suppressions(doc.suppressions, used, result, selection))
    result.findings.sort(key=_finding_order)
    if doc.line_range is not None:
        result.lines = doc.line_range
        for i, f in enumerate(result.findings):
            if f.line is None:  # a finding about the whole report points at the report's first line
                result.findings[i] = dataclasses.replace(f, line=doc.line_range[0])
    from incident_kit.lint.fixes import attach_fixes

    attach_fixes(doc, result.findings)
    return result


_SELECTED: dict[tuple[Selection, bool], tuple[dict[str, Rule], tuple[Rule, ...]]] = {}


def selected_rules(selection: Selection, *, bug: bool = False) -> tuple[Rule, ...]:
    """The rules a lint with ``selection`` runs, in code order: the selected ones that are not
    engine rules, and the bug rules only when a whole bug is linted (``bug``). Worked out once
    per selection (and again when the registry changes), not rule by rule for every report."""
    rules = registered(bug=bug)
    key = (selection, bug)
    hit = _SELECTED.get(key)
    if hit is None or hit[0] is not rules:
        if len(_SELECTED) > 64:
            _SELECTED.clear()
        chosen = tuple(
            r for r in rules.values()
            if not r.engine and selection.enabled(r.code) and (bug or r.scope != "bug")  # a file lint never lists bug rules
        )
        hit = _SELECTED[key] = (rules, chosen)
    return hit[1]


def lint_reports(doc: Document, ctx: Context, selection: Selection) -> list[FileResult]:
    """One result per report the document holds: a file of several CA comments (a Preliminary
    report, then the Full report) is linted report by report, each with its line range."""
    if doc.parts:
        return [lint_document(part, ctx, selection=selection) for part in doc.parts]
    return [lint_document(doc, ctx, selection=selection)]


_IRG3_CITATION_RE = re.compile(r"^IRG 3\.2(?= §|$)")


def _version_in_force(doc: Document, when: Optional[date]) -> Optional[str]:
    """The IRG 3.x version in force on the judged date (the report's own when there is no date)."""
    if when is None or doc.kind not in (KIND_PRELIMINARY, KIND_FULL, KIND_CLOSURE):
        return doc.irg_version
    from incident_kit.sources.markdown.kinds import irg_version

    return irg_version(doc.kind, when)


def _cite_version_in_force(findings: list[Finding], irg_version: Optional[str]) -> None:
    """Rules cite the current IRG (3.2); a report judged under IRG 3.0 or 3.1 gets the version it
    was written against, which has the same sections."""
    if irg_version not in ("3.0", "3.1"):
        return
    for f in findings:
        f.citations = [_IRG3_CITATION_RE.sub(f"IRG {irg_version}", c) for c in f.citations]


def _unused_suppressions(
    suppressions: list[Suppression], used: set[int], result: FileResult, selection: Selection
) -> Iterator[Finding]:
    """IK007 for each suppression that suppressed nothing, when all its codes' rules ran."""
    rules = registered(bug=True)
    idle = set(result.not_applicable) | set(result.not_effective)
    for s in suppressions:
        if id(s) in used or not s.codes:
            continue
        covered = [r for code in s.codes for r in rules.values() if r.code.startswith(code.upper())]
        if not covered or len(covered) < len(s.codes):
            continue  # an unknown code: IK006's finding
        if any(r.code in idle or not selection.enabled(r.code) for r in covered):
            continue
        yield engine_finding(
            UNUSED_SUPPRESSION_CODE,
            f"suppression of {', '.join(c.upper() for c in s.codes)} suppresses no finding; remove it",
            line=s.line,
        )


def _selection(select: Optional[Sequence[str]], ignore: Optional[Sequence[str]]) -> Selection:
    from incident_kit.config import parse_codes

    return Selection(
        select=parse_codes(select, "select") if select is not None else ("IK",),
        ignore=parse_codes(ignore, "ignore") if ignore is not None else (),
    )


def with_bug_overrides(doc: Document, ctx: Context) -> Document:
    """A copy of ``doc`` whose bug metadata carries the command-line whiteboard and title."""
    if ctx.whiteboard is None and ctx.title is None:
        return doc
    bug = dataclasses.replace(doc.bug, whiteboard=list(doc.bug.whiteboard))
    if ctx.whiteboard is not None:
        bug.whiteboard = parse_whiteboard(ctx.whiteboard)
        bug.next_update = whiteboard_next_update(bug.whiteboard) or bug.next_update
    if ctx.title is not None:
        bug.title = ctx.title.strip()
    return dataclasses.replace(doc, bug=bug)


def _run_rule(r: Rule, doc: Document, ctx: Context, when: Optional[date], result: FileResult) -> None:
    """Decide NA / NE, else run the rule; a rule that raises becomes an IK009 finding."""
    try:
        if doc.kind not in r.kinds or (r.applies is not None and not r.applies(doc, ctx)):
            result.not_applicable.append(r.code)
            return
        if not in_force(r, when):
            result.not_effective.append(r.code)
            return
        for hit in r.run(doc, ctx):
            if not isinstance(hit, Hit):
                raise TypeError(f"yielded {type(hit).__name__}, not Hit")
            result.findings.append(finding_from_hit(r, hit))
    except Exception as exc:  # noqa: BLE001 - a rule's bug must not stop the run
        result.findings.append(crash_finding(r, exc))


def in_force(r: Rule, when: Optional[date]) -> bool:
    """True when ``r`` is in force at ``when``. A rule with a date window is not in force when the
    date is unknown (date-relative rules need ``--as-of`` or a posted date)."""
    if r.effective_from is None and r.effective_until is None:
        return True
    if when is None:
        return False
    if r.effective_from is not None and when < r.effective_from:
        return False
    return r.effective_until is None or when < r.effective_until


def finding_from_hit(r: Rule, hit: Hit) -> Finding:
    """A hit may lower (never raise) the rule's severity and add citations."""
    severity = r.severity
    if hit.severity is not None and hit.severity.rank < severity.rank:
        severity = hit.severity
    if hit.replaces_citations and hit.citations:
        citations = list(hit.citations)
    else:
        citations = list(r.citations) + [c for c in hit.citations if c not in r.citations]
    return Finding(
        code=r.code,
        name=r.name,
        severity=severity,
        message=hit.message,
        line=_position(hit.line),
        column=_position(hit.column),
        citations=citations,
        suggestion=hit.suggestion,
        ref=dict(hit.ref) if hit.ref is not None else None,
    )


def _position(value: Optional[int]) -> Optional[int]:
    """Lines and columns are 1-based; anything else is reported as unknown."""
    return value if isinstance(value, int) and value >= 1 else None


def engine_finding(
    code: str, message: str, line: Optional[int] = None, column: Optional[int] = None
) -> Finding:
    """A finding of an engine rule (IK001, IK004, IK009), with its registered metadata."""
    r = registered()[code]
    return Finding(
        code=r.code,
        name=r.name,
        severity=r.severity,
        message=message,
        line=_position(line),
        column=_position(column),
        citations=list(r.citations),
    )


def crash_finding(r: Rule, exc: BaseException) -> Finding:
    detail = str(exc).splitlines()[0] if str(exc) else ""
    text = f"rule {r.code} ({r.name}) crashed: {type(exc).__name__}" + (f": {detail}" if detail else "")
    return engine_finding(CRASH_CODE, text + "; its check was skipped, please report this bug")


def _apply_suppressions(findings: list[Finding], suppressions: list[Suppression]) -> set[int]:
    """Mark findings whose line lies in a suppression block that names their code (or prefix).
    Returns the ids of the suppressions that suppressed something."""
    used: set[int] = set()
    for f in findings:
        if f.line is None:
            continue
        for s in suppressions:
            if s.first_line <= f.line <= s.last_line and any(f.code.startswith(c.upper()) for c in s.codes):
                f.suppressed = True
                f.suppression_reason = s.reason.strip() or None
                used.add(id(s))
                break
    return used


def _finding_order(f: Finding) -> tuple[int, int, str]:
    return (f.line or 0, f.column or 0, f.code)


# --------------------------------------------------------------------------------------------
# Reading inputs.
# --------------------------------------------------------------------------------------------


def check_regular_file(path: Path) -> None:
    """Refuse a FIFO, socket or device given as a report: reading one can block forever. Folders
    and missing files are left to the readers, which say so."""
    import stat

    if path == STDIN:
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        what = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device or other special file"
        raise InputError(f"is {what}, not a regular file; lint reads report files (use - for standard input)", str(path))


def unreadable_result(err: InputError, path: str) -> FileResult:
    """The result for an input that could not be read: one IK001 finding, exit code 2."""
    finding = engine_finding(UNREADABLE_CODE, err.message, err.line, err.column)
    return FileResult(path=path, findings=[finding], input_error=True)


def invalid_draft_result(err: DraftError, path: str) -> FileResult:
    """One IK004 finding per problem line ``file:line:col: field.path: message``."""
    findings = [engine_finding(INVALID_DRAFT_CODE, *_parse_problem(p, path)) for p in err.problems]
    return FileResult(path=path, findings=sorted(findings, key=_finding_order))


def _parse_problem(problem: str, path: str) -> tuple[str, Optional[int], Optional[int]]:
    """``file:line:col: message`` -> (message, line, column); the file part may be missing."""
    rest = problem[len(path) + 1 :] if problem.startswith(path + ":") else None
    m = _POSITION_RE.match(rest) if rest is not None else None
    if m is None:
        m = _PROBLEM_RE.match(problem)
    if m is None:
        return (rest.strip() if rest is not None else problem.strip()), None, None
    col = m.group("col")
    return m.group("msg"), int(m.group("line")), int(col) if col else None


# --------------------------------------------------------------------------------------------
# Library API.
# --------------------------------------------------------------------------------------------


def lint_text(
    text: str,
    path: str = "<text>",
    *,
    kind: Optional[str] = None,
    as_of: Optional[date] = None,
    whiteboard: Optional[str] = None,
    title: Optional[str] = None,
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
) -> FileResult:
    """Lint a report given as text: a posted report (Markdown or plain text), or a YAML draft when
    ``path`` ends in ``.yaml`` / ``.yml`` or the text starts like one (``kind: ...``). No
    configuration file is read. Unreadable text gives an IK001 finding, an invalid draft IK004
    findings; this function does not raise for bad input."""
    options = LintOptions(selection=_selection(select, ignore), as_of=as_of, whiteboard=whiteboard, title=title)
    return lint_source(text, Path(path), options, kind=kind)


def lint_paths(
    paths: Sequence[str | Path],
    *,
    as_of: Optional[date] = None,
    whiteboard: Optional[str] = None,
    title: Optional[str] = None,
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
    fail_on: Optional[Severity] = None,
    kind: Optional[str] = None,
    use_config: bool = True,
    config_finder: Optional[ConfigFinder] = None,
    jobs: Optional[int] = None,
    on_file: Optional[Callable[[int, int, str], None]] = None,
    on_results: Optional[Callable[[list[FileResult]], None]] = None,
) -> list[FileResult]:
    """Lint files and folders (folders recursively: ``*.md``, ``*.txt``, ``*.yaml``, ``*.yml``);
    ``-`` reads a posted report from standard input.

    Arguments given here win over the configuration file found upward from each file (from the
    current folder for ``-``), unless ``use_config`` is false. ``on_file(done, total, path)`` is
    called after each file (a progress bar), and ``on_results(results)`` with each file's results
    as they come in, in input order (a reporter renders them while the workers go on). Raises
    ConfigError for a broken configuration file.

    ``jobs``: worker processes for many files (None: :func:`default_jobs`). Results come back in
    input order and are the same as with one process; configurations are resolved here, in the
    parent, so a broken one is reported before any work starts."""
    overrides = _Overrides(as_of, whiteboard, title, select, ignore, fail_on)
    work = list(_inputs_with_options(paths, overrides, use_config, config_finder, None))
    workers = _workers(jobs, work)
    if workers > 1:
        return _lint_parallel(work, kind, workers, on_file, on_results)
    results: list[FileResult] = []
    for n, (file, options) in enumerate(work, 1):
        found = lint_file(file, options, kind=kind)
        results.extend(found)
        if on_results is not None:
            on_results(found)
        if on_file is not None:
            on_file(n, len(work), str(file))
    return results


def _inputs_with_options(
    paths: Sequence[str | Path],
    overrides: "_Overrides",
    use_config: bool,
    config_finder: Optional[ConfigFinder],
    on_file: Optional[Callable[[int, int, str], None]],
) -> Iterator[tuple[Path, LintOptions]]:
    """Each input with its options (arguments over its configuration file); ``on_file`` is told
    after each one has been handled."""
    finder = (config_finder or ConfigFinder()) if use_config else None
    files = list(iter_inputs(paths))
    for n, file in enumerate(files, 1):
        config = None
        if finder is not None:
            config = finder.for_dir(Path.cwd()) if file == STDIN else finder.for_file(file)
        yield file, overrides.options(config, file)
        if on_file is not None:
            on_file(n, len(files), str(file))


# Below this many files a pool costs more than it saves (forking, sending results back).
PARALLEL_MIN_FILES = 16


def default_jobs() -> int:
    """Worker processes for a many-file run: ``INCIDENT_KIT_JOBS`` when set (1 turns the pool
    off), else the CPUs this process may run on."""
    import os

    env = os.environ.get("INCIDENT_KIT_JOBS", "").strip()
    if env.isdigit() and int(env) >= 1:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _workers(jobs: Optional[int], work: list[tuple[Path, LintOptions]]) -> int:
    """How many processes to use: one for few files, for standard input, or without ``fork``
    (spawned workers would pay the whole start-up again)."""
    if len(work) < PARALLEL_MIN_FILES or any(f == STDIN for f, _ in work):
        return 1  # decided before importing multiprocessing, which a one-file lint does not need
    n = default_jobs() if jobs is None else jobs
    if n <= 1:
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(n, len(work) // (PARALLEL_MIN_FILES // 2))


_KIND: Optional[str] = None  # the kind override, inherited by forked workers


def _lint_one(item: tuple[Path, LintOptions]) -> list[FileResult]:
    return lint_file(item[0], item[1], kind=_KIND)


# Allocations between two young collections in a worker (Python's default is 700). Measured on
# 1,352 reports with two workers: 700 -> 5,000 or 20,000 saved 2-4 % of the CPU, 100,000 no more.
WORKER_GC_GEN0 = 10_000


def _worker_start() -> None:
    """A forked worker's garbage collector: what it inherited is frozen, so that no collection walks
    (and copies, page by page) the parent's rules and compiled patterns, and young collections run
    less often, as the worker allocates many short-lived objects per report (Python's own advice
    for forked servers; mypy raises the threshold the same way). Neither changes a result."""
    import gc

    gc.freeze()
    gc.set_threshold(WORKER_GC_GEN0, 20, 20)


def _lint_parallel(
    work: list[tuple[Path, LintOptions]],
    kind: Optional[str],
    workers: int,
    on_file: Optional[Callable[[int, int, str], None]] = None,
    on_results: Optional[Callable[[list[FileResult]], None]] = None,
) -> list[FileResult]:
    """Lint ``work`` in a pool of forked workers, results in input order. The rules and the
    reader are loaded first, so every worker starts with them (and their compiled patterns)."""
    import multiprocessing

    import incident_kit.sources.markdown  # noqa: F401 - imported before forking, shared by the workers

    global _KIND
    report_rules()
    _KIND = kind
    chunk = max(1, len(work) // (workers * 8))
    out: list[FileResult] = []
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start) as pool:
        for n, results in enumerate(pool.imap(_lint_one, work, chunksize=chunk), 1):  # in input order
            out.extend(results)
            if on_results is not None:
                on_results(results)
            if on_file is not None:
                on_file(n, len(work), str(work[n - 1][0]))
    return out


def lint_file(path: Path, options: LintOptions, *, kind: Optional[str] = None) -> list[FileResult]:
    """Read and lint one file (``-``: standard input); unreadable input and invalid drafts become
    findings. One result per report the file holds (usually one)."""
    shown = STDIN_NAME if path == STDIN else str(path)
    try:
        check_regular_file(path)
        doc = read(path, kind=kind, as_of=options.as_of)
    except InputError as err:
        results = [unreadable_result(err, shown)]
    except (ValueError, RecursionError, MemoryError) as exc:  # a reader bug: one finding, not a crash of the run
        results = [unreadable_result(InputError(f"could not be read: internal error ({type(exc).__name__}: {exc}); please report it", shown), shown)]
    except DraftError as err:
        results = [invalid_draft_result(err, shown)]
        if path != STDIN:
            _attach_draft_fixes(path, results[0])
    else:
        results = lint_reports(doc, options.context(), options.selection)
    for result in results:
        result.fail_on = options.fail_on
    return results


def lint_source(
    text: str, path: Path, options: LintOptions, *, kind: Optional[str] = None, draft: Optional[bool] = None
) -> FileResult:
    """Lint ``text`` as the content of the file ``path`` (a YAML draft when ``draft`` is true, or
    when it is None and :func:`incident_kit.sources.is_draft` says so)."""
    from incident_kit.lint.fixes import attach_fixes

    shown = str(path)
    try:
        doc = read_text(text, shown, kind=kind, as_of=options.as_of, draft=draft)
    except InputError as err:
        result = unreadable_result(err, shown)
    except DraftError as err:
        result = invalid_draft_result(err, shown)
        attach_fixes(None, result.findings, text=text)
    else:
        parts = lint_reports(doc, options.context(), options.selection)
        result = parts[0]
        if len(parts) > 1:  # several reports in one file: their findings together (fixes use file lines)
            result = dataclasses.replace(parts[0], findings=[f for p in parts for f in p.findings], lines=None)
    result.fail_on = options.fail_on
    return result


@dataclass
class FixOutcome:
    """What ``lint --fix`` did to one file: its text before and after, and the findings left."""

    path: Path
    before: Optional[str]
    after: Optional[str]
    result: FileResult
    fixed: int = 0  # findings repaired

    @property
    def changed(self) -> bool:
        return self.before is not None and self.after is not None and self.before != self.after


MAX_FIX_PASSES = 10


def fix_file(path: Path, options: LintOptions, *, kind: Optional[str] = None) -> FixOutcome:
    """Apply every safe fix to ``path``'s text (in memory) until none is left. Unreadable input
    comes back unchanged with its IK001 finding."""
    from incident_kit.lint.fixes import apply, fixes_to_apply
    from incident_kit.sources import files

    shown = str(path)
    try:
        check_regular_file(path)
        data, _ = files.read_bytes(path)
        text = files.decode(data, shown)
    except InputError as err:
        result = unreadable_result(err, shown)
        result.fail_on = options.fail_on
        return FixOutcome(path, None, None, result)
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    current = text
    result = lint_source(current, path, options, kind=kind)
    fixed = 0
    for _ in range(MAX_FIX_PASSES):
        fixes = fixes_to_apply(result.findings)
        if not fixes:
            break
        new = apply(current, fixes)
        if new == current:
            break
        fixed += len(fixes)
        current = new
        result = lint_source(current, path, options, kind=kind)
    return FixOutcome(path, bom + text, bom + current, result, fixed)


def fix_paths(
    paths: Sequence[str | Path],
    *,
    as_of: Optional[date] = None,
    whiteboard: Optional[str] = None,
    title: Optional[str] = None,
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
    fail_on: Optional[Severity] = None,
    kind: Optional[str] = None,
    use_config: bool = True,
    config_finder: Optional[ConfigFinder] = None,
    on_file: Optional[Callable[[int, int, str], None]] = None,
) -> list[FixOutcome]:
    """:func:`fix_file` for each input of :func:`lint_paths` (same arguments); nothing is written."""
    overrides = _Overrides(as_of, whiteboard, title, select, ignore, fail_on)
    return [fix_file(file, options, kind=kind) for file, options in _inputs_with_options(paths, overrides, use_config, config_finder, on_file)]


def _attach_draft_fixes(path: Path, result: FileResult) -> None:
    """Fixes for the IK004 findings of a draft that did not validate (read from its source)."""
    from incident_kit.lint.fixes import attach_fixes

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return
    attach_fixes(None, result.findings, text=text)


@dataclass(frozen=True)
class _Overrides:
    """Command-line (or library) values, which win over the configuration file."""

    as_of: Optional[date] = None
    whiteboard: Optional[str] = None
    title: Optional[str] = None
    select: Optional[Sequence[str]] = None
    ignore: Optional[Sequence[str]] = None
    fail_on: Optional[Severity] = None

    def options(self, config: Optional[Config], file: Path) -> LintOptions:
        cfg = config or Config()
        base = _selection(
            self.select if self.select is not None else cfg.select,
            self.ignore if self.ignore is not None else cfg.ignore,
        )
        return LintOptions(
            selection=base.without(cfg.ignores_for(file)),
            as_of=self.as_of or cfg.as_of,
            whiteboard=self.whiteboard if self.whiteboard is not None else cfg.whiteboard,
            title=self.title,
            fail_on=self.fail_on or cfg.fail_on or ERROR,
            config=dict(cfg.extra),
        )


def iter_inputs(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files to lint, in a stable order: each argument in turn, a folder's lintable files sorted
    (folders and files whose name starts with a dot are skipped, and so are README, CHANGELOG,
    LICENSE and similar files found in a folder). A path that does not exist is
    yielded as is, so that reading it reports the problem."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


# A folder of reports usually carries a README or a changelog about them; those are not reports.
# Named on the command line, such a file is still linted.
_NOT_REPORTS = frozenset({"readme", "changelog", "changes", "license", "licence", "contributing", "notice", "authors"})


def _walk(folder: Path, root: Optional[Path] = None) -> Iterator[Path]:
    """The lintable files under ``folder``. Symbolic links to folders are not followed (a folder
    inside the tree is walked under its real name; one outside is not part of it, and a link to
    an ancestor would loop); a link to a file is followed only when the file is inside the tree.
    (``os.scandir``: the kind of each entry comes with the listing, not from a call per test.)"""
    import os

    root = root if root is not None else folder.resolve()
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if _entry_is(entry.is_symlink) and (_entry_is(entry.is_dir) or not _inside(path, root)):
            continue
        if _entry_is(entry.is_dir):
            yield from _walk(path, root)
        elif path.suffix.lower() in LINTABLE_SUFFIXES and _entry_is(entry.is_file) and path.stem.lower() not in _NOT_REPORTS:
            yield path


def _entry_is(test: Callable[[], bool]) -> bool:
    """A directory entry's kind test, False when the entry cannot be looked at (as pathlib's)."""
    try:
        return test()
    except OSError:
        return False


def _inside(link: Path, root: Path) -> bool:
    try:
        return link.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a dangling link or a loop
        return False
