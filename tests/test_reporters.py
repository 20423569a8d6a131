"""Output formats: text, json, jsonl, sarif (validated against the official schema), github."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from incident_kit.lint import reporters
from incident_kit.lint.engine import FileResult
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Finding, all_rules

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def _finding(code: str = "IK301", severity=ERROR, line: int | None = 7, column: int | None = 3, **kw) -> Finding:
    rule = all_rules().get(code)
    return Finding(
        code=code,
        name=rule.name if rule else "test-rule",
        severity=severity,
        message=kw.pop("message", "timeline entry has no timestamp"),
        line=line,
        column=column,
        citations=kw.pop("citations", ["IRG 3.2 §Timeline"]),
        **kw,
    )


@pytest.fixture
def results() -> list[FileResult]:
    return [
        FileResult(
            path="reports/full report.md",
            kind="full",
            irg_version="3.2",
            findings=[
                _finding(suggestion="write 2025-06-05 14:30 UTC"),
                _finding("IK005", WARNING, line=2, column=None, message="suppression of IK304 gives no reason"),
                _finding("IK304", NOTICE, line=12, suppressed=True, suppression_reason="logged by day only"),
                _finding("IK002", ERROR, line=None, column=None, message="a, b: 100% not\nok"),
            ],
            not_applicable=["IK110"],
            not_effective=["IK109"],
        ),
        FileResult(path="clean.yaml", kind="closure", irg_version="3.2"),
    ]


# -- text ----------------------------------------------------------------------------------------


def test_text_lines_hide_suppressed_and_summarise(results: list[FileResult]) -> None:
    out = reporters.render(results, "text")
    assert "reports/full report.md:7:3: IK301 [error] timeline entry has no timestamp (IRG 3.2 §Timeline)" in out
    assert "reports/full report.md:2: IK005 [warning]" in out
    assert "reports/full report.md: IK002 [error]" in out
    assert "help: write 2025-06-05 14:30 UTC" in out
    assert "IK304 [notice]" not in out  # suppressed: hidden, but counted
    assert "100% not ok" in out  # a message stays on one line
    assert out.rstrip().endswith("Found 3 findings (2 errors, 1 warning) in 2 files. 1 suppressed.")
    assert "\x1b[" not in out


def test_text_clean_run() -> None:
    assert reporters.render([FileResult(path="a.md")], "text") == "No findings in 1 file.\n"


def test_text_colour_only_when_asked(results: list[FileResult]) -> None:
    assert "\x1b[1;31m[error]" in reporters.render(results, "text", colour=True)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_needs_a_terminal_and_no_NO_COLOR(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert reporters.use_colour(_Tty())
    assert not reporters.use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not reporters.use_colour(_Tty())


# -- json / jsonl --------------------------------------------------------------------------------


def test_json_contract(results: list[FileResult]) -> None:
    data = json.loads(reporters.render(results, "json"))
    assert data["tool"] == "incident-kit" and isinstance(data["version"], str)
    first, second = data["files"]
    assert (first["path"], first["kind"], first["irg_version"]) == ("reports/full report.md", "full", "3.2")
    assert first["not_applicable"] == ["IK110"] and first["not_effective"] == ["IK109"]
    f = first["findings"][0]
    assert set(f) >= {"code", "name", "severity", "message", "line", "column", "citations", "suggestion", "suppressed"}
    assert (f["code"], f["severity"], f["line"], f["column"]) == ("IK301", "error", 7, 3)
    suppressed = [x for x in first["findings"] if x["suppressed"]]
    assert [x["code"] for x in suppressed] == ["IK304"]
    assert suppressed[0]["suppression_reason"] == "logged by day only"
    assert first["findings"][3]["line"] is None
    assert second["findings"] == []
    assert data["summary"] == {"files": 2, "findings": 3, "error": 2, "warning": 1, "notice": 0, "suppressed": 1}


def _json_in_one_go(results: list[FileResult]) -> str:
    return json.dumps(reporters.to_json_document(results), indent=2, ensure_ascii=False) + "\n"


def test_json_put_together_from_entries_is_the_document_in_one_go(results: list[FileResult]) -> None:
    # The entries are rendered one by one (as a many-file lint gets them) and joined; the text
    # must be what rendering the whole document at once gives: with a line break, a non-ASCII
    # character and a line range in the values, with entries prepared, partly prepared or not.
    results = results + [FileResult(path="r\u00e9sum\u00e9.md", kind="full", lines=(3, 40))]
    whole = _json_in_one_go(results)
    assert reporters.render_json(results) == whole
    prepared = reporters.Prepared("json")
    prepared.add(results[:2])
    assert reporters.render(results, "json", prepared=prepared) == whole
    assert reporters.render_json([]) == _json_in_one_go([]) and '"files": [],' in reporters.render_json([])


def test_a_prepared_entry_stands_only_for_its_own_result(results: list[FileResult]) -> None:
    prepared = reporters.Prepared("json")
    prepared.add(results)
    other = FileResult(path="other.md")
    assert reporters.render([other], "json", prepared=prepared) == _json_in_one_go([other])
    assert reporters.Prepared("text").add(results) is None  # other formats render at the end


def test_json_of_a_real_many_file_lint_is_the_document_in_one_go(tmp_path: Path) -> None:
    from incident_kit.lint.engine import lint_paths

    examples = Path(__file__).resolve().parent.parent / "examples"
    prepared = reporters.Prepared("json")
    results = lint_paths([examples], jobs=2, on_results=prepared.add)
    assert len(results) > 1 and any(r.findings for r in results)
    assert reporters.render(results, "json", prepared=prepared) == _json_in_one_go(results)


def test_jsonl_one_finding_per_line_with_path(results: list[FileResult]) -> None:
    lines = reporters.render(results, "jsonl").splitlines()
    assert len(lines) == 4
    rows = [json.loads(line) for line in lines]
    assert {r["path"] for r in rows} == {"reports/full report.md"}
    assert [r["code"] for r in rows] == ["IK301", "IK005", "IK304", "IK002"]
    assert reporters.render([FileResult(path="a.md")], "jsonl") == ""


# -- sarif ---------------------------------------------------------------------------------------


def _validate_sarif(text: str) -> dict:
    log = json.loads(text)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    return log


def test_sarif_validates_against_the_official_schema(results: list[FileResult]) -> None:
    log = _validate_sarif(reporters.render(results, "sarif"))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    # a file lint lists the report rules; bug-level rules (IKB) only when a bug was linted
    assert [r["id"] for r in rules] == [c for c, r in all_rules().items() if r.scope != "bug"]
    by_id = {r["id"]: r for r in rules}
    ik301 = by_id.get("IK301") or by_id["IK005"]
    assert ik301["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert ik301["help"]["text"] and ik301["shortDescription"]["text"]
    assert by_id["IK003"]["defaultConfiguration"]["level"] == "note"
    res = run["results"]
    assert len(res) == 4
    first = res[0]
    assert first["ruleId"] == "IK301" and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reports/full%20report.md"
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 3}
    if "ruleIndex" in first:
        assert rules[first["ruleIndex"]]["id"] == "IK301"
    suppressed = [r for r in res if "suppressions" in r]
    assert len(suppressed) == 1 and suppressed[0]["suppressions"][0]["justification"] == "logged by day only"
    assert "region" not in res[3]["locations"][0]["physicalLocation"]


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The schema check is real: a result without a message is refused."""
    log = json.loads(reporters.render([], "sarif"))
    log["runs"][0]["results"] = [{"ruleId": "IK301"}]
    with pytest.raises(jsonschema.ValidationError):
        _validate_sarif(json.dumps(log))


def test_sarif_empty_run_is_valid() -> None:
    log = _validate_sarif(reporters.render([], "sarif"))
    assert log["runs"][0]["results"] == []


# -- github --------------------------------------------------------------------------------------


def test_github_annotations_escape_and_skip_suppressed(results: list[FileResult]) -> None:
    lines = reporters.render(results, "github").splitlines()
    name = results[0].findings[0].name
    assert lines[0] == (
        f"::error file=reports/full report.md,line=7,col=3,title=IK301 {name}"
        "::timeline entry has no timestamp (IRG 3.2 §Timeline)"
    )
    assert lines[1].startswith("::warning file=reports/full report.md,line=2,title=IK005 suppression-without-reason::")
    assert lines[2].startswith("::error file=reports/full report.md,title=IK002 not-an-incident-report::")
    assert lines[2].endswith("::a, b: 100%25 not%0Aok (IRG 3.2 §Timeline)")
    assert len(lines) == 3  # the suppressed IK304 is not annotated


def test_github_property_escaping() -> None:
    r = FileResult(path="a,b:c.md", findings=[_finding(severity=NOTICE)])
    out = reporters.render([r], "github")
    assert out.startswith("::notice file=a%2Cb%3Ac.md,line=7,col=3,")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        reporters.render([], "xml")
