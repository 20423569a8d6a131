"""Every rule's test cases, and the meta-test that every rule is documented and has cases.

Cases live in ``tests/rules/IKnnn/{fire,quiet}-<slug>.{md,txt,yaml}`` (see docs/architecture.md). A
case may start with a header giving the lint context and the lines where findings must appear::

    <!-- case: kind=full as-of=2026-05-01 whiteboard="[leaf-revocation-delay]" title="Example CA: Late revocation" lines=7,12 -->

(``# case: ...`` in a YAML draft). Bug-level rules (family IKB) take a whole bug instead: their cases
are ``.json`` files in the form ``incident-kit fetch`` writes (``bug.json``: the bug object, its
comments, and ``fetched_at``, the moment the bug is judged at). A fire case must give at least one unsuppressed finding of its code
(on exactly the listed lines when ``lines=`` is given); a quiet case none. In both, the rule must not
crash (IK009).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

import pytest

from conftest import REPO
from incident_kit.document import ALL_KINDS, KIND_UNKNOWN, READ_ONLY_KINDS
from incident_kit.lint.docs import REGENERATE, rules_markdown
from incident_kit.lint.engine import CRASH_CODE, lint_paths
from incident_kit.irg.citations import known as known_citation
from incident_kit.lint.rule import CODE_RE, NAME_RE, Rule, Severity, all_rules

CASES = REPO / "tests" / "rules"
CASE_NAME_RE = re.compile(r"^(fire|quiet)-[a-z0-9][a-z0-9-]*\.(md|txt|yaml|json)$")
HEADER_RE = re.compile(r"^\s*(?:<!--\s*case:(?P<html>.*?)-->|#\s*case:(?P<yaml>.*))\s*$")
PLACEHOLDER_RE = re.compile(r"\b(TODO|FIXME|XXX|TBD|lorem ipsum)\b", re.IGNORECASE)
CODE_SPAN_RE = re.compile(r"``.*?``|`[^`\n]*`", re.DOTALL)

# The sections every rule's docstring has, each opening a paragraph (ruff's "Why is this bad?" style):
# why the rule exists (the requirement), what it fires on, and what it must stay quiet on.
DOC_SECTIONS = ("Why:", "Fires:", "Stays quiet:")

# Rules whose findings cannot come from a case file, and the test that covers them instead.
NO_FILE_CASES = {CRASH_CODE: "tests/test_engine.py::test_crashing_rule_becomes_finding_and_others_still_run"}


@dataclass(frozen=True)
class CaseHeader:
    kind: Optional[str] = None
    as_of: Optional[date] = None
    whiteboard: Optional[str] = None
    title: Optional[str] = None
    lines: Optional[frozenset[int]] = None
    also: tuple[str, ...] = ()  # other codes to run with the rule (IK007 needs the rule it suppresses)


def parse_header(first_line: str, where: str) -> CaseHeader:
    """The case header on the first line, or defaults when there is none. Raises ValueError naming
    ``where`` for a malformed header."""
    m = HEADER_RE.match(first_line)
    if m is None:
        return CaseHeader()
    values: dict[str, object] = {}
    for token in shlex.split(m.group("html") if m.group("html") is not None else m.group("yaml")):
        key, sep, value = token.partition("=")
        if not sep:
            raise ValueError(f"{where}: case header item {token!r} is not key=value")
        values[key.replace("-", "_")] = _header_value(key, value, where)
    return CaseHeader(**values)  # type: ignore[arg-type]


def _header_value(key: str, value: str, where: str) -> object:
    if key == "kind":
        if value not in ALL_KINDS + READ_ONLY_KINDS + (KIND_UNKNOWN,):
            raise ValueError(f"{where}: unknown kind {value!r}")
        return value
    if key == "as-of":
        return date.fromisoformat(value)
    if key in ("whiteboard", "title"):
        return value
    if key == "lines":
        return frozenset(int(n) for n in value.split(",") if n.strip())
    if key == "also":
        return tuple(c.strip() for c in value.split(",") if c.strip())
    raise ValueError(f"{where}: unknown case header key {key!r} (kind, as-of, whiteboard, title, lines, also)")


def case_files() -> list[Path]:
    if not CASES.is_dir():
        return []
    return sorted(
        p
        for p in CASES.glob("IK*/*")
        if p.is_file() and CASE_NAME_RE.match(p.name) and CODE_RE.match(p.parent.name)
        and (p.suffix == ".json") == p.parent.name.startswith("IKB")
    )


def _first_line(path: Path) -> str:
    with path.open("rb") as fh:
        return fh.readline().decode("utf-8", errors="replace")


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# -- the cases -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", case_files(), ids=_case_id)
def test_case(path: Path) -> None:
    code = path.parent.name
    if code not in all_rules():
        pytest.fail(f"{_case_id(path)}: no rule {code} is registered")
    if path.suffix == ".json":
        result = _lint_bug_case(path, code)
        header = CaseHeader()
    else:
        header = parse_header(_first_line(path), _case_id(path))
        (result,) = lint_paths(
            [path],
            kind=header.kind,
            as_of=header.as_of,
            whiteboard=header.whiteboard,
            title=header.title,
            select=[code, *header.also],
            use_config=False,
        )
    crashes = [f.message for f in result.findings if f.code == CRASH_CODE and code != CRASH_CODE]
    assert not crashes, f"{_case_id(path)}: {crashes[0]}"
    hits = [f for f in result.findings if f.code == code and not f.suppressed]
    state = (
        "not applicable" if code in result.not_applicable else "not effective" if code in result.not_effective else "run"
    )
    if path.name.startswith("quiet-"):
        assert not hits, f"{_case_id(path)}: expected no {code}, got: " + "; ".join(
            f"line {f.line}: {f.message}" for f in hits
        )
        return
    assert hits, f"{_case_id(path)}: expected {code} to fire (rule state: {state}, kind read: {result.kind})"
    if header.lines is not None:
        got = sorted({f.line for f in hits if f.line is not None})
        assert got == sorted(header.lines), f"{_case_id(path)}: {code} fired on lines {got}, expected {sorted(header.lines)}"


def _lint_bug_case(path: Path, code: str):  # type: ignore[no-untyped-def]
    from incident_kit.config import Selection
    from incident_kit.lint.bugs import BugLintOptions, lint_bug
    from incident_kit.sources.bugzilla.record import read_bug_path

    return lint_bug(read_bug_path(path), BugLintOptions(selection=Selection(select=(code,)))).result


def test_case_header_parsing() -> None:
    header = parse_header(
        '<!-- case: kind=full as-of=2026-05-01 whiteboard="[leaf-revocation-delay]" '
        'title="Example CA: Late revocation" lines=7,12 -->\n',
        "x",
    )
    assert header == CaseHeader(
        kind="full",
        as_of=date(2026, 5, 1),
        whiteboard="[leaf-revocation-delay]",
        title="Example CA: Late revocation",
        lines=frozenset({7, 12}),
    )
    assert parse_header("# case: as-of=2025-01-31\n", "x") == CaseHeader(as_of=date(2025, 1, 31))
    assert parse_header("## Full Incident Report\n", "x") == CaseHeader()
    for bad in ("<!-- case: colour=red -->", "<!-- case: kind=huge -->", "<!-- case: lines -->"):
        with pytest.raises(ValueError, match="x: "):
            parse_header(bad, "x")


def test_every_case_file_is_named_and_placed_as_a_case() -> None:
    """A file under tests/rules that the runner would skip is a mistake (wrong name or folder)."""
    if not CASES.is_dir():
        pytest.skip("no tests/rules yet")
    runnable = set(case_files())
    stray = sorted(
        p.relative_to(CASES).as_posix()
        for p in CASES.rglob("*")
        if p.is_file() and p not in runnable and len(p.relative_to(CASES).parts) > 1
        and p.name not in ("README.md", "phrases.toml") and "__pycache__" not in p.parts
    )
    assert not stray, "not run as cases (expected IKnnn/fire-<slug>.md|txt|yaml or quiet-...): " + ", ".join(stray)


def test_every_case_header_is_valid() -> None:
    problems = []
    for path in case_files():
        try:
            parse_header(_first_line(path), _case_id(path))
        except ValueError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


# -- the meta-test -------------------------------------------------------------------------------


def _metadata_problems(r: Rule) -> list[str]:
    problems = []
    if not NAME_RE.match(r.name):
        problems.append("name is not kebab-case")
    if not isinstance(r.severity, Severity):
        problems.append("severity is not a Severity")
    if not r.summary.strip():
        problems.append("no summary")
    if not r.doc.strip() or len(r.doc.split()) < 12:
        problems.append("docstring missing or too short to document the rule")
    problems += [f"docstring has no paragraph opening with {s!r}" for s in DOC_SECTIONS if not re.search(rf"^{s}", r.doc, re.M)]
    if PLACEHOLDER_RE.search(_prose(r.doc)) or PLACEHOLDER_RE.search(_prose(r.summary)):
        problems.append("placeholder text (TODO/FIXME/XXX/TBD) in its documentation")
    if not r.citations or not all(known_citation(c) for c in r.citations):
        problems.append("needs at least one citation, each in the catalogue (incident_kit/irg/citations.toml)")
    if not r.kinds or not set(r.kinds) <= set(ALL_KINDS + READ_ONLY_KINDS) | {KIND_UNKNOWN}:
        problems.append(f"kinds {r.kinds} are not report kinds")
    if r.effective_from and r.effective_until and r.effective_from >= r.effective_until:
        problems.append("effective_from is not before effective_until")
    return problems


def _prose(text: str) -> str:
    """Text without code spans: a docstring may quote ``TBD`` as a value the rule fires on."""
    return CODE_SPAN_RE.sub("", text)


def _case_problems(code: str, files: dict[str, list[str]]) -> list[str]:
    if code in NO_FILE_CASES:
        return []
    names = files.get(code, [])
    return [f"no {kind} case" for kind in ("fire", "quiet") if not any(n.startswith(kind + "-") for n in names)]


def test_every_rule_is_documented_cited_and_has_fire_and_quiet_cases() -> None:
    rules = all_rules()
    files: dict[str, list[str]] = {}
    for path in case_files():
        files.setdefault(path.parent.name, []).append(path.name)
    problems = [
        f"{code} {r.name}: {p}"
        for code, r in rules.items()
        for p in _metadata_problems(r) + _case_problems(code, files)
    ]
    names = [r.name for r in rules.values()]
    problems += [f"rule name {n} is used twice" for n in sorted({n for n in names if names.count(n) > 1})]
    problems += [f"tests/rules/{code}/ has cases but no rule {code} is registered" for code in sorted(set(files) - set(rules))]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_docstring_sections_are_enforced() -> None:
    """A rule whose docstring loses a section is reported by name (the check can fail)."""
    from dataclasses import replace

    r = all_rules()["IK301"]
    assert _metadata_problems(r) == []
    for section in DOC_SECTIONS:
        broken = replace(r, docstring=re.sub(rf"^{section}", "Note:", r.doc, flags=re.M))
        assert f"docstring has no paragraph opening with {section!r}" in _metadata_problems(broken)
    inline = replace(r, docstring=r.doc.replace("\nStays quiet:", " Stays quiet:"))  # mid-paragraph does not count
    assert "docstring has no paragraph opening with 'Stays quiet:'" in _metadata_problems(inline)


def test_engine_rules_without_case_files_name_their_test() -> None:
    rules = all_rules()
    for code, test in NO_FILE_CASES.items():
        assert rules[code].engine, f"{code} is not an engine rule; give it case files"
        file, _, name = test.partition("::")
        assert f"def {name}(" in (REPO / file).read_text(encoding="utf-8"), f"{test} does not exist"


# -- generated documentation ---------------------------------------------------------------------


def test_rules_doc_is_up_to_date() -> None:
    current = REPO / "docs" / "rules.md"
    text = current.read_text(encoding="utf-8") if current.is_file() else ""
    assert text == rules_markdown(), f"docs/rules.md is stale; regenerate it with: {REGENERATE}"


def test_rules_doc_lists_every_rule_with_its_facts() -> None:
    text = rules_markdown()
    for code, r in all_rules().items():
        assert f"### {code} {r.name}" in text
        assert all(c in text for c in r.citations)
