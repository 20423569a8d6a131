"""The lint engine on hand-built Documents: selection, NA/NE, crashes, suppressions, overrides."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Callable, Iterator

import pytest

from incident_kit.document import BugMeta, Document, Suppression
from incident_kit.errors import DraftError, InputError
from incident_kit.config import Selection, UsageError, parse_codes
from incident_kit.lint.engine import (
    FileResult,
    exit_code,
    invalid_draft_result,
    lint_document,
    unreadable_result,
    with_bug_overrides,
)
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Finding, Hit


def doc(kind: str = "full", **kw: object) -> Document:
    return Document(path="r.md", text="x\n" * 30, kind=kind, irg_version="3.x", **kw)  # type: ignore[arg-type]


def run(d: Document, *codes: str, ctx: Context | None = None) -> FileResult:
    return lint_document(d, ctx or Context(), select=list(codes))


# -- selection -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("select", "ignore", "code", "on"),
    [
        (("IK",), (), "IK301", True),
        (("IK3",), (), "IK301", True),
        (("IK3",), (), "IK401", False),
        (("IK30",), (), "IK310", False),
        (("IK3",), ("IK301",), "IK301", False),
        (("IK3",), ("IK301",), "IK302", True),
        (("IK301",), ("IK3",), "IK301", True),  # the more specific prefix wins
        (("IK301",), ("IK3",), "IK302", False),
        (("IK3",), ("IK3",), "IK301", False),  # tie: ignore wins
        ((), (), "IK301", False),
    ],
)
def test_selection_prefixes(select: tuple, ignore: tuple, code: str, on: bool) -> None:
    assert Selection(select, ignore).enabled(code) is on


def test_parse_codes_accepts_families_and_rejects_garbage() -> None:
    assert parse_codes("ik3, IK401 IK") == ("IK3", "IK401", "IK")
    assert parse_codes(["IK1", "IK1"]) == ("IK1",)
    for bad in ("IK3x", "IK1234", "E501", "3"):
        with pytest.raises(UsageError, match="--select"):
            parse_codes(bad)


def test_only_selected_rules_run(make_rule: Callable[..., str]) -> None:
    a = make_rule(lambda d, c: iter([Hit("a", line=2)]))
    b = make_rule(lambda d, c: iter([Hit("b", line=3)]))
    assert [f.code for f in run(doc(), a).findings] == [a]
    assert {f.code for f in lint_document(doc(), Context(), select=[a, b], ignore=[b]).findings} == {a}


# -- not applicable / not effective --------------------------------------------------------------


def test_kind_outside_rule_kinds_is_not_applicable(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter([Hit("x")]), kinds=("closure",))
    result = run(doc("full"), code)
    assert result.findings == [] and result.not_applicable == [code]
    assert [f.code for f in run(doc("closure"), code).findings] == [code]


def test_applies_false_is_not_applicable(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter([Hit("x")]), applies=lambda d, c: d.bug.revocation_delay)
    assert run(doc(), code).not_applicable == [code]
    delayed = doc(bug=BugMeta(whiteboard=["leaf-revocation-delay"]))
    assert [f.code for f in run(delayed, code).findings] == [code]


def test_effective_window_uses_as_of_then_posted_date(make_rule: Callable[..., str]) -> None:
    code = make_rule(
        lambda d, c: iter([Hit("x")]), effective_from=date(2025, 7, 15), effective_until=date(2026, 3, 20)
    )
    before = run(doc(), code, ctx=Context(as_of=date(2025, 7, 14)))
    assert before.not_effective == [code] and not before.findings
    assert run(doc(), code, ctx=Context(as_of=date(2025, 7, 15))).findings
    assert run(doc(), code, ctx=Context(as_of=date(2026, 3, 20))).not_effective == [code]  # until is exclusive
    # No --as-of: the draft's posted date decides; with neither the rule is not effective.
    posted = doc(bug=BugMeta(posted=datetime(2025, 12, 1, 10, 0, tzinfo=timezone.utc)))
    assert run(posted, code).findings
    assert run(doc(), code).not_effective == [code]


def test_rule_without_window_runs_without_a_date(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter([Hit("x")]))
    assert run(doc(), code).findings


# -- findings ------------------------------------------------------------------------------------


def test_hit_may_lower_but_not_raise_severity_and_adds_citations(make_rule: Callable[..., str]) -> None:
    code = make_rule(
        lambda d, c: iter(
            [
                Hit("lower", line=1, severity=NOTICE, citations=("BR 4.9.1.1",)),
                Hit("higher", line=2, severity=ERROR),
            ]
        ),
        severity=WARNING,
    )
    low, high = run(doc(), code).findings
    assert low.severity is NOTICE and low.citations == ["IRG 3.2 §Timeline", "BR 4.9.1.1"]
    assert high.severity is WARNING


def test_findings_sorted_by_position_and_bad_positions_become_null(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter([Hit("b", line=9, column=0), Hit("a", line=3, column=4), Hit("c", line=-1)]))
    findings = run(doc(), code).findings
    assert [(f.line, f.column) for f in findings] == [(None, None), (3, 4), (9, None)]


def test_crashing_rule_becomes_finding_and_others_still_run(make_rule: Callable[..., str]) -> None:
    def boom(d: Document, c: Context) -> Iterator[Hit]:
        yield Hit("before the crash", line=1)
        raise KeyError("impact")

    bad = make_rule(boom)
    good = make_rule(lambda d, c: iter([Hit("fine", line=2)]))
    findings = run(doc(), bad, good).findings
    crash = [f for f in findings if f.code == "IK009"]
    assert len(crash) == 1 and crash[0].severity is ERROR
    assert bad in crash[0].message and "KeyError" in crash[0].message
    assert {f.message for f in findings} >= {"before the crash", "fine"}


def test_rule_yielding_non_hit_is_a_crash(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter(["a plain string"]))
    (f,) = run(doc(), code).findings
    assert f.code == "IK009" and "TypeError" in f.message


def test_crashing_applies_is_a_crash(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter([]), applies=lambda d, c: 1 / 0)
    (f,) = run(doc(), code).findings
    assert f.code == "IK009" and "ZeroDivisionError" in f.message


# -- suppressions --------------------------------------------------------------------------------


def test_suppression_marks_findings_in_its_block_only(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter([Hit("in", line=5), Hit("out", line=9), Hit("nowhere")]))
    other = make_rule(lambda d, c: iter([Hit("other code", line=5)]))
    sup = Suppression(codes=[code], reason="dates were logged by day only", line=3, first_line=4, last_line=6)
    by_msg = {f.message: f for f in run(doc(suppressions=[sup]), code, other).findings}
    assert by_msg["in"].suppressed and by_msg["in"].suppression_reason == "dates were logged by day only"
    assert not by_msg["out"].suppressed and not by_msg["nowhere"].suppressed
    assert not by_msg["other code"].suppressed


def test_suppression_by_family_prefix(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter([Hit("in", line=5)]))
    sup = Suppression(codes=["IK0"], reason="why", line=3, first_line=4, last_line=6)
    (f,) = run(doc(suppressions=[sup]), code).findings
    assert f.suppressed


def test_result_visible_and_failed_ignore_suppressed() -> None:
    f = Finding("IK301", "x", ERROR, "m", 1, None, [], suppressed=True)
    r = FileResult(path="a.md", findings=[f])
    assert r.visible == [] and not r.failed


# -- bug metadata overrides ----------------------------------------------------------------------


def test_whiteboard_and_title_override_without_changing_the_document() -> None:
    original = doc(bug=BugMeta(whiteboard=["ca-compliance"], title="Old: title"))
    ctx = Context(whiteboard="[ca-compliance] [leaf-revocation-delay] Next update 2026-05-01", title=" Example CA: Late revocation ")
    changed = with_bug_overrides(original, ctx)
    assert changed.bug.whiteboard == ["ca-compliance", "leaf-revocation-delay", "Next update 2026-05-01"]
    assert changed.bug.revocation_delay and changed.bug.next_update == date(2026, 5, 1)
    assert changed.bug.title == "Example CA: Late revocation"
    assert original.bug.whiteboard == ["ca-compliance"] and original.bug.title == "Old: title"


def test_rules_see_the_overridden_whiteboard(make_rule: Callable[..., str]) -> None:
    code = make_rule(lambda d, c: iter([Hit("delay")]), applies=lambda d, c: d.bug.revocation_delay)
    assert run(doc(), code, ctx=Context(whiteboard="[leaf-revocation-delay]")).findings


# -- exit codes and input problems ---------------------------------------------------------------


def _result(severity: object, suppressed: bool = False, fail_on: object = ERROR) -> FileResult:
    f = Finding("IK301", "x", severity, "m", 1, None, [], suppressed=suppressed)  # type: ignore[arg-type]
    return FileResult(path="a.md", findings=[f], fail_on=fail_on)  # type: ignore[arg-type]


def test_exit_code_follows_fail_on() -> None:
    assert exit_code([]) == 0
    assert exit_code([_result(WARNING)]) == 0
    assert exit_code([_result(ERROR)]) == 1
    assert exit_code([_result(ERROR, suppressed=True)]) == 0
    assert exit_code([_result(WARNING, fail_on=WARNING)]) == 1
    assert exit_code([_result(NOTICE, fail_on=WARNING)]) == 0
    assert exit_code([_result(NOTICE, fail_on=NOTICE)]) == 1


def test_unreadable_input_is_ik001_and_exit_2() -> None:
    r = unreadable_result(InputError("not UTF-8 text", "bad.md", 3, 7), "bad.md")
    (f,) = r.findings
    assert (f.code, f.severity, f.line, f.column) == ("IK001", ERROR, 3, 7)
    assert exit_code([_result(NOTICE), r]) == 2


def test_draft_problems_become_ik004_findings_with_positions() -> None:
    err = DraftError(
        [
            "d.yaml:12:5: impact.total_certificates: expected a whole number, got 'many'",
            "d.yaml:3: bug.title: must be \"CA Owner name: brief title\"",
            "d.yaml: kind: missing",
        ]
    )
    findings = invalid_draft_result(err, "d.yaml").findings
    assert [(f.code, f.line, f.column) for f in findings] == [("IK004", None, None), ("IK004", 3, None), ("IK004", 12, 5)]
    assert findings[2].message == "impact.total_certificates: expected a whole number, got 'many'"
    assert findings[0].message == "kind: missing"


def test_ik0_rules_run_on_unknown_documents() -> None:
    unknown = Document(path="notes.md", text="just notes\n", kind="unknown", kind_reason="no report headings")
    result = lint_document(unknown, Context(), select=["IK0"])
    (f,) = result.findings
    assert f.code == "IK002" and "no report headings" in f.message


def test_kind_guessed_notice() -> None:
    guessed = doc(kind_guessed=True, kind_reason="sections Summary, Impact and Timeline but no title")
    (f,) = lint_document(guessed, Context(), select=["IK003"]).findings
    assert f.severity is NOTICE and "full" in f.message and "no title" in f.message
    assert not lint_document(doc(), Context(), select=["IK003"]).findings


def test_suppression_rules() -> None:
    sups = [
        Suppression(codes=["IK301"], reason="", line=2, first_line=3, last_line=3),
        Suppression(codes=["IK301"], reason="explained", line=5, first_line=6, last_line=6),
        Suppression(codes=["IK0"], reason="family", line=7, first_line=8, last_line=8),
        Suppression(codes=["IK777"], reason="typo", line=9, first_line=10, last_line=10),
        Suppression(codes=[], reason="no code", line=11, first_line=12, last_line=12),
    ]
    findings = lint_document(doc(suppressions=sups), Context(), select=["IK005", "IK006"]).findings
    assert [(f.code, f.line) for f in findings] == [("IK005", 2), ("IK006", 9), ("IK006", 11)]


def test_lint_text_library_api() -> None:
    from incident_kit.lint.engine import lint_text

    result = lint_text("Notes from the weekly meeting.\n\nNothing about certificates.\n", select=["IK0"])
    assert result.path == "<text>" and result.kind == "unknown"
    assert [f.code for f in result.findings] == ["IK002"]
    titled = "## Preliminary Incident Report\n\n### Summary\n- **Incident description:** x\n"
    assert lint_text(titled, "p.md", select=["IK002"]).findings == []
    forced = lint_text("Some text.\n", "p.md", kind="full", select=["IK002"])
    assert forced.kind == "full" and forced.not_applicable == ["IK002"]


def test_folder_walk_skips_readme_but_an_explicit_readme_is_linted(tmp_path):
    from incident_kit.lint.engine import iter_inputs

    (tmp_path / "README.md").write_text("# Reports\n", encoding="utf-8")
    (tmp_path / "bug-1.md").write_text("## Full Incident Report\n", encoding="utf-8")
    assert [p.name for p in iter_inputs([tmp_path])] == ["bug-1.md"]
    assert [p.name for p in iter_inputs([tmp_path / "README.md"])] == ["README.md"]


def test_worker_pool_keeps_order_results_and_per_file_configs(tmp_path, monkeypatch) -> None:
    """Many files in several processes give the same results, in input order, as one process;
    each file's configuration (resolved in the parent) still applies to it."""
    from pathlib import Path

    from incident_kit.lint.engine import PARALLEL_MIN_FILES, lint_paths

    repo = Path(__file__).resolve().parent.parent
    sources = sorted((repo / "tests" / "rules").rglob("*.md"))[: PARALLEL_MIN_FILES * 2]
    quiet = tmp_path / "b-quiet"
    quiet.mkdir()
    (quiet / ".incident-kit.toml").write_text('ignore = ["IK"]\n', encoding="utf-8")
    paths = []
    for i, src in enumerate(sources):
        folder = quiet if i % 3 == 0 else tmp_path / "a-plain"
        folder.mkdir(exist_ok=True)
        dest = folder / f"{i:03d}-{src.name}"
        dest.write_bytes(src.read_bytes())
        paths.append(str(dest))
    monkeypatch.chdir(tmp_path)
    one = [r.to_dict() for r in lint_paths(paths, jobs=1)]
    many = [r.to_dict() for r in lint_paths(paths, jobs=2)]
    assert many == one and [r["path"] for r in many] == paths
    ruled = [[f for f in r["findings"] if not f["code"].startswith("IK00")] for r in many]  # engine findings always show
    assert not any(found for found, r in zip(ruled, many) if "b-quiet" in r["path"])
    assert any(found for found, r in zip(ruled, many) if "a-plain" in r["path"])
