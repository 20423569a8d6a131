"""The scoring of benchmarks/corpus_eval.py on synthetic labels and findings (no corpus needed)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus_eval.py"
_spec = importlib.util.spec_from_file_location("corpus_eval", _PATH)
ce = importlib.util.module_from_spec(_spec)
sys.modules["corpus_eval"] = ce
_spec.loader.exec_module(ce)


def labels(files: dict) -> dict:
    return ce.parse_labels({"version": 1, "files": files}, "test.yaml")


def hit(code: str, line, severity: str = "error", message: str = "something is wrong", file: str = "a.md"):
    return ce.Hit(file, code, severity, line, message)


def test_defect_within_two_lines_is_a_true_positive_and_three_lines_off_is_false():
    lab = labels({"a.md": {"defects": [{"rule": "IK106", "line": 10}]}})
    near = ce.score([hit("IK106", 12)], lab, {}, ["a.md"])
    far = ce.score([hit("IK106", 13)], lab, {}, ["a.md"])
    assert (near.tp["error"], near.fp["error"], near.found) == (1, 0, 1)
    assert (far.tp["error"], far.fp["error"], far.found) == (0, 1, 0)
    assert far.unjudged == [hit("IK106", 13)]
    assert far.rules["IK106"].misses == 1


def test_family_prefix_and_line_range_and_lineless_labels():
    lab = labels(
        {
            "a.md": {
                "defects": [{"rule": "IK3", "lines": [5, 8]}, {"rule": "IK402"}],
                "neutral": [{"rule": "IK101"}],
                "must_not": [{"rule": "IK002"}],
            }
        }
    )
    hits = [
        hit("IK301", 5), hit("IK305", 9, "warning"), hit("IK402", None, "warning"),
        hit("IK101", 1), hit("IK002", None), hit("IK900", 3, "notice"),
    ]
    s = ce.score(hits, lab, {}, ["a.md"])
    assert s.tp == {"error": 1, "warning": 1}
    assert s.fp == {"error": 1, "warning": 1}  # IK002 (judged must_not) and IK305 outside the range
    assert s.neutral == 1
    assert [h.code for h in s.unjudged] == ["IK305"]  # IK002 is judged, so not listed as unjudged
    assert s.precision("error") == 0.5 and s.precision("warning") == 0.5
    assert (s.found, s.defects) == (2, 2)
    assert "IK900" not in s.rules  # notices are not scored


def test_absence_after_the_cut_is_neutral_but_a_defect_after_the_cut_is_not_counted():
    lab = labels({"a.md": {"defects": [{"rule": "IK106", "line": 40}, {"rule": "IK301", "line": 3}]}})
    hits = [
        hit("IK101", 30, message="section Lessons Learned is missing"),
        hit("IK101", None, message="section Timeline is missing"),
        hit("IK205", 30, message="the value is not a date"),
    ]
    s = ce.score(hits, lab, {"a.md": 30}, ["a.md"])
    assert s.neutral == 2
    assert [h.code for h in s.unjudged] == ["IK205"]
    assert (s.found, s.defects) == (0, 1)  # the line-40 defect lies after the cut
    uncut = ce.score(hits, lab, {"a.md": None}, ["a.md"])
    assert uncut.neutral == 0 and uncut.fp["error"] == 3


def test_label_cut_at_overrides_the_derived_cut():
    lab = labels({"a.md": {"cut_at": 5}})
    s = ce.score([hit("IK101", 6, message="topic 6 is missing")], lab, {"a.md": 50}, ["a.md"])
    assert s.neutral == 1 and s.fp["error"] == 0


def test_not_a_report_makes_ik002_right_and_counts_it_for_recall():
    lab = labels({"a.md": {"report": False}})
    assert ce.score([hit("IK002", None)], lab, {}, ["a.md"]).tp["error"] == 1
    missed = ce.score([], lab, {}, ["a.md"])
    assert (missed.found, missed.defects) == (0, 1)


def test_recall_honours_the_label_severity_floor():
    lab = labels({"a.md": {"defects": [{"rule": "IK701", "severity": "error"}]}})
    weak = ce.score([hit("IK701", 4, "warning")], lab, {}, ["a.md"])
    strong = ce.score([hit("IK701", 4, "error")], lab, {}, ["a.md"])
    assert weak.found == 0 and weak.tp["warning"] == 1
    assert strong.found == 1


def test_unlabelled_files_are_counted_not_scored():
    s = ce.score([hit("IK101", 1, file="b.md")], labels({"a.md": {}}), {}, ["a.md", "b.md"])
    assert s.unlabelled_files == ["b.md"]
    assert s.fp["error"] == 0 and s.precision("error") is None


@pytest.mark.parametrize(
    "files, fragment",
    [
        ({"a.md": {"defects": [{"line": 3}]}}, "needs 'rule'"),
        ({"a.md": {"defects": [{"rule": "IK1", "line": 0}]}}, "'line' must be"),
        ({"a.md": {"defects": [{"rule": "IK1", "lines": [9, 2]}]}}, "'lines' must be"),
        ({"a.md": {"kind": "weird"}}, "kind must be"),
        ({"a.md": {"as_of": "soon"}}, "not a date"),
        ({"a.md": {"defect": []}}, "unknown key 'defect'"),
    ],
)
def test_bad_labels_give_one_line_errors_naming_the_place(files, fragment):
    with pytest.raises(ce.LabelError) as err:
        labels(files)
    message = str(err.value)
    assert message.startswith("test.yaml: files.a.md") and fragment in message and "\n" not in message


def test_a_file_labelled_in_two_label_files_is_refused(tmp_path):
    (tmp_path / "corpus_labels.yaml").write_text("version: 1\nfiles:\n  a.md: {}\n", encoding="utf-8")
    (tmp_path / "corpus_labels_x.yaml").write_text("version: 1\nfiles:\n  a.md: {}\n", encoding="utf-8")
    with pytest.raises(ce.LabelError, match="already labelled in corpus_labels.yaml"):
        ce.load_labels(tmp_path)


def test_bug_dates_are_monotone_and_interpolated():
    bugs = ce.BugDates([(100, date(2020, 1, 1)), (200, date(2020, 1, 11)), (150, date(2019, 6, 1)), (300, date(2021, 1, 11))])
    assert bugs.estimate(100) == date(2020, 1, 1)
    assert bugs.estimate(150) == date(2020, 1, 1)  # an earlier date after a later one is lifted
    assert bugs.estimate(175) == date(2020, 1, 6)
    assert bugs.estimate(250) > bugs.estimate(200)
    assert bugs.estimate(400) > date(2021, 1, 11)  # beyond the last point, the slope continues
    assert bugs.estimate(50) < date(2020, 1, 1)


def test_missing_corpus_is_one_line_and_exit_zero(tmp_path, capsys):
    assert ce.main(["--corpus", str(tmp_path / "nowhere")]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "no corpus" in out


def test_the_nearest_label_judges_a_finding_between_two_labels():
    lab = labels(
        {
            "a.md": {
                "defects": [{"rule": "IK613", "line": 21}, {"rule": "IK4"}],
                "must_not": [{"rule": "IK613", "line": 23}, {"rule": "IK402", "line": 9}],
            }
        }
    )
    s = ce.score([hit("IK613", 23, "warning"), hit("IK613", 22, "warning"), hit("IK402", 9, "warning")], lab, {}, ["a.md"])
    assert s.tp["warning"] == 1 and s.fp["warning"] == 2  # 22 is nearer the defect (tie -> defect)
    assert s.unjudged == []


def test_says_separates_two_findings_of_one_rule_on_one_line():
    lab = labels(
        {
            "a.md": {
                "defects": [{"rule": "IK306", "line": 8, "says": "began"}],
                "must_not": [{"rule": "IK306", "line": 8, "says": "became aware"}],
            }
        }
    )
    hits = [
        hit("IK306", 8, "warning", "no entry shows when the incident began"),
        hit("IK306", 8, "warning", "no entry shows when the CA became aware of it"),
        hit("IK306", 8, "warning", "no entry shows when the incident ended"),
    ]
    s = ce.score(hits, lab, {}, ["a.md"])
    assert (s.tp["warning"], s.fp["warning"], len(s.unjudged)) == (1, 2, 1)
    assert s.unjudged[0].message.endswith("ended")


def test_a_full_code_label_beats_a_family_label_on_the_same_line():
    lab = labels({"a.md": {"defects": [{"rule": "IK1", "lines": [1, 9]}], "must_not": [{"rule": "IK104", "line": 7}]}})
    s = ce.score([hit("IK104", 7, "warning"), hit("IK101", 7)], lab, {}, ["a.md"])
    assert s.fp["warning"] == 1 and s.tp["error"] == 1


def test_too_few_dated_bugs_give_no_estimate():
    assert ce.BugDates([(100, date(2020, 1, 1))]).estimate(150) is None
