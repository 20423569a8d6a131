"""``incident-kit lint --fix`` / ``--diff``: safe fixes, generically over every fire case.

For every fire case whose findings carry a fix: applying the fixes removes those findings, edits
only the lines the fixes name, adds no finding other than the IK105 prompt a added field carries,
and a second run changes nothing.
"""

from __future__ import annotations

import difflib
import json
import os
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from incident_kit.lint.engine import LintOptions, fix_file, lint_source
from incident_kit.config import Selection
from incident_kit.lint.fixes import FIX_DOCS, Fix, apply, fixes_to_apply, split_lines
from test_rule_cases import _case_id, _first_line, case_files, parse_header

FIRE_CASES = [p for p in case_files() if p.name.startswith("fire-") and p.parent.name != "IK001"]  # IK001: unreadable input
PROMPT_CODE = "IK105"


def _options(path: Path, *, only_code: bool) -> tuple[LintOptions, str | None]:
    header = parse_header(_first_line(path), _case_id(path))
    selection = Selection(select=(path.parent.name, *header.also)) if only_code else Selection()
    return LintOptions(selection=selection, as_of=header.as_of, whiteboard=header.whiteboard, title=header.title), header.kind


def _changed_lines(before: str, after: str) -> set[int]:
    """1-based lines of ``before`` that were replaced or deleted, and the insertion points."""
    out: set[int] = set()
    matcher = difflib.SequenceMatcher(a=split_lines(before), b=split_lines(after), autojunk=False)
    for op, a0, a1, _b0, _b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        out.update(range(a0 + 1, a1 + 1) if a1 > a0 else {a0 + 1})
    return out


def _allowed_lines(fixes: list[Fix]) -> set[int]:
    out: set[int] = set()
    for fx in fixes:
        out.update(range(fx.start_line, fx.end_line + 1) if not fx.is_insertion else {fx.start_line, fx.start_line - 1})
    return out


@pytest.mark.parametrize("path", FIRE_CASES, ids=_case_id)
def test_fix_removes_the_finding_and_changes_nothing_else(path: Path, tmp_path: Path) -> None:
    code = path.parent.name
    options, kind = _options(path, only_code=True)
    text = path.read_text(encoding="utf-8")
    target = tmp_path / path.name
    result = lint_source(text, target, options, kind=kind)
    fixed = [f for f in result.findings if f.code == code and f.fix is not None and not f.suppressed]
    if not fixed:
        return  # nothing mechanical to do in this case (the meta-test below checks coverage)
    # Pass by pass, each edit stays inside the lines its fix names.
    current = text
    for _ in range(10):
        fixes = fixes_to_apply(result.findings)
        if not fixes:
            break
        new = apply(current, fixes)
        stray = _changed_lines(current, new) - _allowed_lines(fixes)
        assert not stray, f"{_case_id(path)}: lines {sorted(stray)} changed outside the fixes"
        current = new
        result = lint_source(current, target, options, kind=kind)
    left = {(f.code, f.message) for f in result.findings if f.code == code}
    assert not left & {(f.code, f.message) for f in fixed}, f"{_case_id(path)}: fixed findings still there"
    assert not any(f.fix is not None for f in result.findings), f"{_case_id(path)}: a fix is still offered"

    # The whole file through fix_file gives the same text, and a second run changes nothing.
    target.write_text(text, encoding="utf-8")
    outcome = fix_file(target, options, kind=kind)
    assert outcome.after == current
    target.write_text(outcome.after, encoding="utf-8")
    again = fix_file(target, options, kind=kind)
    assert again.after == again.before, f"{_case_id(path)}: a second --fix changed the file"

    # With every rule: only the fixed code goes away, only the prompt of an added field comes.
    full, _ = _options(path, only_code=False)
    before = Counter(f.code for f in lint_source(text, target, full, kind=kind).visible)
    after = Counter(f.code for f in lint_source(current, target, full, kind=kind).visible)
    assert set((before - after).keys()) <= {code}, f"{_case_id(path)}: other findings went away: {before - after}"
    assert set((after - before).keys()) <= {PROMPT_CODE}, f"{_case_id(path)}: new findings: {after - before}"


def test_every_fixable_rule_has_a_fire_case_that_its_fix_repairs() -> None:
    repaired = set()
    for path in FIRE_CASES:
        options, kind = _options(path, only_code=True)
        result = lint_source(path.read_text(encoding="utf-8"), path, options, kind=kind)
        if any(f.fix is not None for f in result.findings if f.code == path.parent.name):
            repaired.add(path.parent.name)
    assert set(FIX_DOCS) <= repaired, f"fixable rules without a repaired fire case: {sorted(set(FIX_DOCS) - repaired)}"


def test_quiet_cases_offer_no_fix() -> None:
    for path in (p for p in case_files() if p.name.startswith("quiet-")):
        options, kind = _options(path, only_code=True)
        result = lint_source(path.read_text(encoding="utf-8"), path, options, kind=kind)
        assert not [f for f in result.findings if f.fix is not None], _case_id(path)


def test_ambiguous_kind_is_not_fixed() -> None:
    text = Path("tests/rules/IK602/fire-preventive-and-corrective.md").read_text(encoding="utf-8")
    result = lint_source(text, Path("x.md"), LintOptions(selection=Selection(select=("IK602",))), kind="full")
    by_value = {("Corrective" in f.message): f.fix for f in result.findings}
    assert by_value[False] is not None and by_value[True] is None


def test_crlf_and_missing_final_newline_are_kept() -> None:
    text = "a\r\nb\r\nc"
    assert apply(text, [Fix("x", 2, 2, "B\n")]) == "a\r\nB\r\nc"
    assert apply(text, [Fix("x", 3, 3, "C\n")]) == "a\r\nb\r\nC"
    assert apply(text, [Fix("x", 4, 3, "d\n")]) == "a\r\nb\r\nc\r\nd"


# -- the command line ------------------------------------------------------------------------


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "incident_kit", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def test_cli_diff_shows_without_writing_and_fix_writes_keeping_the_mode(tmp_path: Path, repo: Path) -> None:
    src = repo / "tests/rules/IK603/fire-done-and-in-progress.md"
    report = tmp_path / "report.md"
    report.write_bytes(src.read_bytes())
    os.chmod(report, 0o640)
    before = report.read_bytes()

    shown = _cli("lint", "report.md", "--diff", cwd=tmp_path)
    assert shown.returncode == 1, shown.stderr
    assert "-| Block signing" in shown.stdout and "| Complete |" in shown.stdout
    assert report.read_bytes() == before

    done = _cli("lint", "report.md", "--fix", "--select", "IK603", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "fixed 2 findings in 1 file" in done.stderr
    assert "| Done |" not in report.read_text(encoding="utf-8")
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    nothing = _cli("lint", "report.md", "--diff", cwd=tmp_path)
    assert nothing.returncode == 0 and nothing.stdout == ""


def test_json_output_carries_the_fix(tmp_path: Path, repo: Path) -> None:
    src = repo / "tests/rules/IK602/fire-preventive-and-corrective.md"
    out = _cli("lint", str(src), "--select", "IK602", "-f", "json", cwd=tmp_path)
    findings = json.loads(out.stdout)["files"][0]["findings"]
    fixes = [f["fix"] for f in findings if f["fix"]]
    assert len(fixes) == 1 and fixes[0]["start_line"] == fixes[0]["end_line"] == 8
    assert "| Prevent |" in fixes[0]["replacement"]


def test_fix_refuses_stdin(tmp_path: Path) -> None:
    out = _cli("lint", "-", "--fix", cwd=tmp_path)
    assert out.returncode == 2 and "standard input" in out.stderr


# -- IK313: times with a zone name, rewritten in UTC only when that keeps their meaning ------------

_TIMELINE_HEAD = "## Full Incident Report\n\n### Timeline\n\n"


def _ik313(entries: str) -> tuple[str, list]:
    text = _TIMELINE_HEAD + entries
    result = lint_source(text, Path("t.md"), LintOptions(selection=Selection(select=("IK313",))), kind="full")
    return apply(text, fixes_to_apply(result.findings)), result.findings


@pytest.mark.parametrize(
    "entry, rewritten",
    [
        ("- 2025-07-01 13:20 CEST – Deployed.\n", "- 2025-07-01 11:20 UTC – Deployed.\n"),
        ("- 2025-07-01 00:30 CEST – Deployed.\n", "- 2025-06-30 22:30 UTC – Deployed.\n"),  # the date moves with the time
        ("- July 1, 2025 at 2:17 PM PDT: Deployed.\n", "- 2025-07-01 21:17 UTC: Deployed.\n"),
        ("- **2025-01-15 09:05:30 Eastern Time** – Deployed.\n", "- **2025-01-15 14:05:30 UTC** – Deployed.\n"),
        ("- 2025-07-15 10:00 Pacific Time – Deployed.\n", "- 2025-07-15 17:00 UTC – Deployed.\n"),
    ],
)
def test_zone_name_is_rewritten_in_utc(entry: str, rewritten: str) -> None:
    fixed, findings = _ik313(entry)
    assert [f.code for f in findings] == ["IK313"]
    assert fixed == _TIMELINE_HEAD + rewritten


@pytest.mark.parametrize(
    "entry",
    [
        "- 2025-07-01 10:00 CST – Deployed.\n",  # US Central or China Standard Time
        "- 2025-07-01 10:00 IST – Deployed.\n",  # India, Ireland or Israel
        "- 2025-11-02 01:30 Pacific Time – Deployed.\n",  # the clocks go back that night
        "- 2025-03-09 10:00 Eastern Time – Deployed.\n",  # ... and forward on this day
        "- 2025-07-01 10:00-11:30 CEST – Maintenance window.\n",  # a range: its end would be lost
    ],
)
def test_zone_name_is_left_when_the_rewrite_could_change_the_meaning(entry: str) -> None:
    fixed, findings = _ik313(entry)
    assert [f.code for f in findings] == ["IK313"] and findings[0].fix is None
    assert fixed == _TIMELINE_HEAD + entry


def test_ambiguous_day_and_month_are_not_rewritten() -> None:
    fixed, findings = _ik313("- 05/03/2025 10:00 CET – Deployed.\n- 06/03/2025 09:00 UTC – Checked.\n")
    assert findings and all(f.fix is None for f in findings if f.code == "IK313")
    assert "05/03/2025 10:00 CET" in fixed


def test_many_zone_names_are_rewritten_by_the_one_listing_finding() -> None:
    entries = "".join(f"- 2025-07-0{d} 1{d}:00 CEST – Step {d}.\n" for d in range(1, 6))
    fixed, findings = _ik313(entries + "- 2025-07-06 10:00 CST – Step 6.\n")
    assert len(findings) == 1 and findings[0].fix is not None and "6 of 6" in findings[0].message
    assert fixed == _TIMELINE_HEAD + "".join(f"- 2025-07-0{d} {8 + d:02d}:00 UTC – Step {d}.\n" for d in range(1, 6)) + (
        "- 2025-07-06 10:00 CST – Step 6.\n"
    )
    again, left = _ik313(fixed[len(_TIMELINE_HEAD) :])
    assert again == fixed and [f.fix for f in left] == [None]


# -- IK102: a label in quotation marks ---------------------------------------------------------


def test_quoted_label_gets_its_plain_form_and_keeps_its_value() -> None:
    text = (
        "## Preliminary Incident Report\n\n### Summary\n"
        "- «Incident description»: Six “test” certificates were issued; issuance stopped, contained.\n"
        "- **Relevant policies:** TLS Baseline Requirements v2.2.2, section 7.1.2.7.6\n"
        "- **Source of incident disclosure:** Self Reported\n"
    )
    options = LintOptions(selection=Selection(select=("IK102",)))
    result = lint_source(text, Path("p.md"), options, kind="preliminary")
    fixed = apply(text, fixes_to_apply(result.findings))
    assert fixed == text.replace("«Incident description»:", "**Incident description:**")
    assert not lint_source(fixed, Path("p.md"), options, kind="preliminary").findings


def test_value_in_quotation_marks_is_not_a_quoted_label() -> None:
    text = (
        "## Preliminary Incident Report\n\n### Summary\n"
        "- **Incident description:** “Relevant policies”: our profile text said so; issuance stopped, contained.\n"
        "- **Source of incident disclosure:** Self Reported\n"
    )
    result = lint_source(text, Path("p.md"), LintOptions(selection=Selection(select=("IK102",))), kind="preliminary")
    [missing] = [f for f in result.findings if "Relevant policies" in f.message]
    assert missing.fix is not None and missing.fix.is_insertion  # a prompt is added; the description is kept
