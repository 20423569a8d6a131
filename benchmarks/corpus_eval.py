"""Evaluate the linter on the real-report corpus against hand-made labels (not a test).

    python benchmarks/corpus_eval.py [--corpus DIR] [--only FOLDER_OR_FILE] [--rule CODE]
                                     [--unjudged] [--json]

Lints every report of the corpus (``../shared/corpus`` beside the repository root unless
``--corpus`` says otherwise; when it is absent the script says so in one line and exits 0) in this
process through the library API, with ``--as-of``, ``--title`` and ``--whiteboard`` taken from the
corpus ``index.yaml`` where known, and scores the findings against the labels in
``benchmarks/corpus_labels.yaml`` and every ``benchmarks/corpus_labels_*.yaml`` beside it.
The label format and the matching rules are those of the labelling brief, restated here:

* A finding matches a label when its code starts with the label's ``rule`` and, when the label has
  ``line`` (or ``lines: [a, b]``), the finding's line is within 2 lines of it (or inside the range).
  A label without a line matches anywhere in the file. When labels of different groups match one
  finding, the nearest wins (on its line or inside its range, then 1 or 2 lines off, then a label
  without a line); on a tie, the more specific (a code over a family prefix), then defects
  before neutral before must_not. A label may add
  ``says: TEXT``: then only findings whose message contains TEXT (any case) match it, which tells
  apart two findings of one rule on one line (an extension of the shared format).
* Only error and warning findings are scored. Each is a true positive when it matches a
  ``defects`` label, neutral when it matches a ``neutral`` label or is an absence-type finding at or
  after the capture cut, else a false positive (a finding no label judges counts as false, and is
  listed by ``--unjudged`` so that the labels can be completed).
* Recall: a defect counts as found when a finding of any severity matches it (of the label's
  ``severity`` or worse when the label gives one). Defects at or after the cut are not counted.

Posting date (``--as-of``) of each file, first that applies:

1. ``posted`` in the index (the date the text itself states, or the first comment's date);
2. ``as_of`` in the file's label (an estimate the labeller made from the text);
3. an estimate from the bug number: Bugzilla numbers bugs in filing order, so the filing date is a
   monotone function of the number. The map is fitted on the index entries of ``posted/`` (first
   comments, so ``posted`` is the bug's filing date; 185 points from 2018 to 2026): sorted by bug
   number, made monotone (a running maximum), and interpolated linearly between neighbouring
   points; outside the fitted range it extends the slope of the outermost year of points. A
   report is posted on or after its bug's filing date, usually within days, so the estimate is a
   lower bound that is close in most cases. Entries outside ``posted/`` are not fitted: their
   ``posted`` is the date of a later comment, not of the bug.

Output is deterministic: files, rules and findings are sorted, and nothing depends on today's date
or the machine's time zone. Figures are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
LABELS_DIR = Path(__file__).resolve().parent
SCORED = ("error", "warning")
NEAR = 2  # a finding within this many lines of a label's line matches it
CUT_MARK = "[capture truncated]"
KINDS = ("legacy", "irg2", "preliminary", "full", "closure", "update", "freeform")

# A finding that says something is not there (a section, a field, a date, an explanation).
_ABSENCE_RE = re.compile(
    r"\b(?:missing|absent|lacks?|not (?:given|found|stated|answered|named|listed|said|present)"
    r"|does not (?:say|give|state|name|list|include|explain|answer)|no \w+|without)\b",
    re.IGNORECASE,
)


class LabelError(Exception):
    """A labels file that cannot be used; the message is one line, naming the file."""


# --------------------------------------------------------------------------------------------
# Labels.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """One judgement: a rule code or family prefix, optionally a line or a line range."""

    rule: str
    line: Optional[int] = None
    lines: Optional[tuple[int, int]] = None
    note: str = ""
    severity: Optional[str] = None
    says: Optional[str] = None  # optional: the finding's message must contain this (any case)

    def distance(self, code: str, line: Optional[int], message: str = "") -> Optional[int]:
        """How far a finding is from this label (0: on its line or inside its range; a label
        without a line is farther than any line); None when it does not match."""
        if not code.startswith(self.rule):
            return None
        if self.says is not None and self.says.casefold() not in message.casefold():
            return None
        if self.lines is not None:
            return 0 if line is not None and self.lines[0] <= line <= self.lines[1] else None
        if self.line is not None:
            gap = abs(line - self.line) if line is not None else None
            return gap if gap is not None and gap <= NEAR else None
        return NEAR + 1

    def matches(self, code: str, line: Optional[int], message: str = "") -> bool:
        return self.distance(code, line, message) is not None

    @property
    def first_line(self) -> Optional[int]:
        return self.lines[0] if self.lines is not None else self.line

    def describe(self) -> str:
        where = f"{self.lines[0]}-{self.lines[1]}" if self.lines else (str(self.line) if self.line else "-")
        return f"{self.rule}@{where}"


@dataclass
class FileLabels:
    """Everything the labels say about one corpus file."""

    path: str
    source: str  # the labels file it came from
    report: bool = True
    kind: Optional[str] = None
    as_of: Optional[date] = None
    cut_at: Optional[int] = None
    defects: list[Label] = field(default_factory=list)
    must_not: list[Label] = field(default_factory=list)
    neutral: list[Label] = field(default_factory=list)


def _label(raw: Any, where: str) -> Label:
    if not isinstance(raw, dict) or not isinstance(raw.get("rule"), str) or not raw["rule"].strip():
        raise LabelError(f"{where}: a label needs 'rule' (a code such as IK106 or a family such as IK3)")
    unknown = set(raw) - {"rule", "line", "lines", "note", "severity", "says"}
    if unknown:
        raise LabelError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    line = raw.get("line")
    if line is not None and (not isinstance(line, int) or isinstance(line, bool) or line < 1):
        raise LabelError(f"{where}: 'line' must be a positive whole number, got {line!r}")
    lines = raw.get("lines")
    if lines is not None:
        if (
            not isinstance(lines, list)
            or len(lines) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in lines)
            or lines[0] > lines[1]
        ):
            raise LabelError(f"{where}: 'lines' must be [first, last] with first <= last, got {lines!r}")
        lines = (lines[0], lines[1])
    severity = raw.get("severity")
    if severity is not None and severity not in ("error", "warning", "notice"):
        raise LabelError(f"{where}: 'severity' must be error, warning or notice, got {severity!r}")
    says = raw.get("says")
    if says is not None and (not isinstance(says, str) or not says.strip()):
        raise LabelError(f"{where}: 'says' must be a non-empty text, got {says!r}")
    return Label(
        rule=raw["rule"].strip(), line=line, lines=lines, note=str(raw.get("note") or ""), severity=severity, says=says
    )


def _as_date(value: Any, where: str) -> Optional[date]:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise LabelError(f"{where}: not a date (YYYY-MM-DD): {value!r}") from None


def parse_labels(data: Any, source: str) -> dict[str, FileLabels]:
    """The labels of one parsed YAML document; ``source`` names it in error messages."""
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("files"), dict):
        raise LabelError(f"{source}: expected 'version: 1' and a 'files' mapping")
    out: dict[str, FileLabels] = {}
    for path, raw in data["files"].items():
        where = f"{source}: files.{path}"
        if not isinstance(raw, dict):
            raise LabelError(f"{where}: expected a mapping")
        unknown = set(raw) - {"report", "kind", "as_of", "cut_at", "defects", "must_not", "neutral"}
        if unknown:
            raise LabelError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        kind = raw.get("kind")
        if kind is not None and kind not in KINDS:
            raise LabelError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
        cut_at = raw.get("cut_at")
        if cut_at is not None and (not isinstance(cut_at, int) or isinstance(cut_at, bool) or cut_at < 1):
            raise LabelError(f"{where}: 'cut_at' must be a positive whole number, got {cut_at!r}")
        groups = {}
        for key in ("defects", "must_not", "neutral"):
            items = raw.get(key) or []
            if not isinstance(items, list):
                raise LabelError(f"{where}.{key}: expected a list")
            groups[key] = [_label(item, f"{where}.{key}[{i}]") for i, item in enumerate(items)]
        out[str(path)] = FileLabels(
            path=str(path),
            source=source,
            report=bool(raw.get("report", True)),
            kind=kind,
            as_of=_as_date(raw.get("as_of"), f"{where}.as_of"),
            cut_at=cut_at,
            **groups,
        )
    return out


def _load_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def load_labels(folder: Path) -> dict[str, FileLabels]:
    """``corpus_labels.yaml`` and every ``corpus_labels_*.yaml`` in ``folder``; a file labelled
    twice is an error."""
    files = sorted(folder.glob("corpus_labels_*.yaml"))
    main = folder / "corpus_labels.yaml"
    if main.is_file():
        files.insert(0, main)
    out: dict[str, FileLabels] = {}
    for file in files:
        try:
            data = _load_yaml(file)
        except YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise LabelError(f"{file.name}{line}: not valid YAML ({getattr(err, 'problem', None) or err})") from None
        for path, labels in parse_labels(data, file.name).items():
            if path in out:
                raise LabelError(f"{file.name}: files.{path} is already labelled in {out[path].source}")
            out[path] = labels
    return out


# --------------------------------------------------------------------------------------------
# Scoring (pure: no files, no linter).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One finding as scored: where, which rule, how severe, what it said."""

    file: str
    code: str
    severity: str
    line: Optional[int]
    message: str


@dataclass
class RuleTally:
    tp: int = 0
    fp: int = 0
    neutral: int = 0
    unjudged: int = 0  # part of fp: no label judges the finding at all
    misses: int = 0  # labelled defects of this rule that no finding matched


@dataclass
class Score:
    rules: dict[str, RuleTally] = field(default_factory=dict)
    tp: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SCORED})
    fp: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SCORED})
    neutral: int = 0
    defects: int = 0
    found: int = 0
    unlabelled_files: list[str] = field(default_factory=list)
    unjudged: list[Hit] = field(default_factory=list)
    false: list[tuple[Hit, str]] = field(default_factory=list)  # (finding, 'must_not' | 'unjudged')
    missed: list[tuple[str, Label]] = field(default_factory=list)

    def precision(self, severity: str) -> Optional[float]:
        total = self.tp[severity] + self.fp[severity]
        return self.tp[severity] / total if total else None

    @property
    def recall(self) -> Optional[float]:
        return self.found / self.defects if self.defects else None

    def tally(self, code: str) -> RuleTally:
        return self.rules.setdefault(code, RuleTally())


_RANK = {"notice": 0, "warning": 1, "error": 2}


def is_absence(hit: Hit) -> bool:
    """A finding that says something is not in the text."""
    return bool(_ABSENCE_RE.search(hit.message))


def after_cut(hit: Hit, cut_at: Optional[int]) -> bool:
    """An absence-type finding that the capture cut can explain: at or after the cut line, or
    (having no line) about the whole text of a cut file."""
    if cut_at is None or not is_absence(hit):
        return False
    return hit.line is None or hit.line >= cut_at


def judge(hit: Hit, defects: Sequence[Label], neutral: Sequence[Label], must_not: Sequence[Label]) -> Optional[str]:
    """Which label group judges ``hit``: the group of the nearest matching label (so a
    ``must_not`` on a finding's own line wins over a defect two lines away); on equal distance the
    more specific label (a full code over a family prefix, one with ``says`` over one without),
    then defects, neutral, must_not. None when no label matches."""
    best: Optional[tuple[int, int, int, str]] = None
    for rank, (group, labs) in enumerate((("defect", defects), ("neutral", neutral), ("must_not", must_not))):
        for lab in labs:
            gap = lab.distance(hit.code, hit.line, hit.message)
            if gap is None:
                continue
            key = (gap, -len(lab.rule) - (1 if lab.says else 0), rank, group)
            if best is None or key < best:
                best = key
    return best[3] if best else None


def score(hits: Iterable[Hit], labels: dict[str, FileLabels], cuts: dict[str, Optional[int]], files: Sequence[str]) -> Score:
    """Score ``hits`` for ``files`` against ``labels``. ``cuts`` gives each file's first line lost to
    the capture cut, unless its label sets ``cut_at``. Files without labels are counted, their
    findings are not scored."""
    result = Score()
    by_file: dict[str, list[Hit]] = {f: [] for f in files}
    for hit in hits:
        by_file.setdefault(hit.file, []).append(hit)
    for file in sorted(by_file):
        fl = labels.get(file)
        if fl is None:
            result.unlabelled_files.append(file)
            continue
        cut = fl.cut_at if fl.cut_at is not None else cuts.get(file)
        defects = list(fl.defects)
        if not fl.report:
            defects.append(Label(rule="IK002", note="not an incident report"))
        file_hits = sorted(by_file[file], key=_hit_order)
        for hit in file_hits:
            if hit.severity not in SCORED:
                continue
            tally = result.tally(hit.code)
            verdict = judge(hit, defects, fl.neutral, fl.must_not)
            if verdict == "defect":
                tally.tp += 1
                result.tp[hit.severity] += 1
            elif verdict == "neutral" or (verdict is None and after_cut(hit, cut)):
                tally.neutral += 1
                result.neutral += 1
            else:
                tally.fp += 1
                result.fp[hit.severity] += 1
                judged = verdict == "must_not"
                if not judged:
                    tally.unjudged += 1
                    result.unjudged.append(hit)
                result.false.append((hit, "must_not" if judged else "unjudged"))
        for lab in defects:
            first = lab.first_line
            if cut is not None and first is not None and first >= cut:
                continue
            result.defects += 1
            floor = _RANK[lab.severity] if lab.severity else 0
            if any(_RANK.get(h.severity, 0) >= floor and lab.matches(h.code, h.line, h.message) for h in file_hits):
                result.found += 1
            else:
                result.tally(lab.rule).misses += 1
                result.missed.append((file, lab))
    return result


def _hit_order(hit: Hit) -> tuple[int, str, str]:
    return (hit.line or 0, hit.code, hit.message)


# --------------------------------------------------------------------------------------------
# Posting dates.
# --------------------------------------------------------------------------------------------


class BugDates:
    """A monotone piecewise-linear map from bug number to filing date (see the module doc)."""

    def __init__(self, points: Iterable[tuple[int, date]]):
        best: dict[int, date] = {}
        for bug, day in points:
            best[bug] = min(day, best.get(bug, day))
        pts: list[tuple[int, int]] = []
        for bug in sorted(best):
            ordinal = best[bug].toordinal()
            if pts and ordinal < pts[-1][1]:
                ordinal = pts[-1][1]  # monotone: never earlier than a lower-numbered bug
            pts.append((bug, ordinal))
        self.points = pts
        if len(pts) < 2:  # too few dated bugs to estimate anything
            self.low_slope = self.high_slope = 0.0
            return
        self.low_slope = self._slope(pts, pts[0], +1)
        self.high_slope = self._slope(pts, pts[-1], -1)

    @staticmethod
    def _slope(pts: list[tuple[int, int]], edge: tuple[int, int], direction: int) -> float:
        """Days per bug over the outermost year of points (at least the two outermost points)."""
        ordered = pts if direction > 0 else pts[::-1]
        other = ordered[1]
        for p in ordered[1:]:
            other = p
            if abs(p[1] - edge[1]) >= 365:
                break
        return (other[1] - edge[1]) / (other[0] - edge[0]) if other[0] != edge[0] else 0.0

    def estimate(self, bug: int) -> Optional[date]:
        pts = self.points
        if len(pts) < 2:
            return None
        if bug <= pts[0][0]:
            return date.fromordinal(round(pts[0][1] + (bug - pts[0][0]) * self.low_slope))
        if bug >= pts[-1][0]:
            return date.fromordinal(round(pts[-1][1] + (bug - pts[-1][0]) * self.high_slope))
        i = bisect_left(pts, (bug, -1))
        (b0, d0), (b1, d1) = pts[i - 1], pts[i]
        if b1 == bug:
            return date.fromordinal(d1)
        return date.fromordinal(round(d0 + (d1 - d0) * (bug - b0) / (b1 - b0)))


def as_of_for(entry: dict[str, Any], labels: Optional[FileLabels], bugs: BugDates) -> tuple[Optional[date], str]:
    """The posting date for one index entry and where it came from."""
    if entry.get("posted"):
        return date.fromisoformat(str(entry["posted"])), "index"
    if labels is not None and labels.as_of is not None:
        return labels.as_of, "label"
    if isinstance(entry.get("bug"), int) and bugs.estimate(entry["bug"]) is not None:
        return bugs.estimate(entry["bug"]), "bug-number"
    return None, "none"


# --------------------------------------------------------------------------------------------
# Corpus.
# --------------------------------------------------------------------------------------------


def load_index(corpus: Path) -> list[dict[str, Any]]:
    data = _load_yaml(corpus / "index.yaml")
    return sorted(data["entries"], key=lambda e: e["file"])


def cut_line(text: str, entry: dict[str, Any]) -> Optional[int]:
    """The first line lost to the capture cut: the "[capture truncated]" line, else the last line
    of a file the index marks truncated (its last line is incomplete), else None."""
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if line.strip() == CUT_MARK:
            return number
    if entry.get("truncated"):
        return max(len(lines), 1)
    return None


def fit_dates(entries: Sequence[dict[str, Any]]) -> BugDates:
    return BugDates(
        (e["bug"], date.fromisoformat(str(e["posted"])))
        for e in entries
        if e["file"].startswith("posted/") and isinstance(e.get("bug"), int) and e.get("posted")
    )


def selected(entries: Sequence[dict[str, Any]], only: Optional[str]) -> list[dict[str, Any]]:
    if not only:
        return list(entries)
    want = only.strip("/")
    return [e for e in entries if e["file"] == want or e["file"].startswith(want + "/")]


def lint_corpus(corpus: Path, entries: Sequence[dict[str, Any]], labels: dict[str, FileLabels], bugs: BugDates):
    """Lint each entry in-process. Returns (hits, cuts, dates)."""
    from incident_kit.lint.engine import lint_text

    hits: list[Hit] = []
    cuts: dict[str, Optional[int]] = {}
    dates: dict[str, tuple[Optional[date], str]] = {}
    for entry in entries:
        name = entry["file"]
        text = (corpus / name).read_text(encoding="utf-8")
        cuts[name] = cut_line(text, entry)
        as_of, how = as_of_for(entry, labels.get(name), bugs)
        dates[name] = (as_of, how)
        result = lint_text(text, name, as_of=as_of, title=entry.get("title"), whiteboard=entry.get("whiteboard"))
        for f in result.visible:
            hits.append(Hit(name, f.code, f.severity.value, f.line, f.message))
    return hits, cuts, dates


# --------------------------------------------------------------------------------------------
# Output.
# --------------------------------------------------------------------------------------------


def _pct(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _ratio(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 4)


def _where(hit: Hit) -> str:
    return f"{hit.file}:{hit.line if hit.line is not None else '-'}"


def as_json(result: Score, files: int, hits: Sequence[Hit], dates: dict[str, tuple[Optional[date], str]]) -> dict[str, Any]:
    return {
        "files": files,
        "labelled_files": files - len(result.unlabelled_files),
        "unlabelled_files": result.unlabelled_files,
        "findings": len(hits),
        "error_precision": _ratio(result.precision("error")),
        "warning_precision": _ratio(result.precision("warning")),
        "recall": _ratio(result.recall),
        "true_positives": result.tp,
        "false_positives": result.fp,
        "neutral": result.neutral,
        "defects": result.defects,
        "defects_found": result.found,
        "rules": {
            code: {"tp": t.tp, "fp": t.fp, "neutral": t.neutral, "unjudged": t.unjudged, "misses": t.misses}
            for code, t in sorted(result.rules.items())
        },
        "unjudged": [
            {"file": h.file, "line": h.line, "code": h.code, "severity": h.severity, "message": h.message}
            for h in result.unjudged
        ],
        "missed": [{"file": f, "rule": lab.rule, "line": lab.first_line, "note": lab.note} for f, lab in result.missed],
        "as_of": {name: {"date": d.isoformat() if d else None, "from": how} for name, (d, how) in sorted(dates.items())},
    }


def as_text(result: Score, files: int, hits: Sequence[Hit], *, unjudged: bool, rule: Optional[str]) -> str:
    out = [f"{files} files, {files - len(result.unlabelled_files)} labelled, {len(hits)} findings", ""]
    out.append(f"{'rule':<8} {'TP':>4} {'FP':>4} {'neutral':>7} {'unjudged':>8} {'misses':>6}")
    for code, t in sorted(result.rules.items()):
        out.append(f"{code:<8} {t.tp:>4} {t.fp:>4} {t.neutral:>7} {t.unjudged:>8} {t.misses:>6}")
    out.append("")
    for sev in SCORED:
        out.append(
            f"{sev} precision: {_pct(result.precision(sev))} "
            f"({result.tp[sev]} TP, {result.fp[sev]} FP)"
        )
    out.append(f"recall: {_pct(result.recall)} ({result.found} of {result.defects} labelled defects found)")
    out.append(f"neutral findings: {result.neutral}")
    out.append(f"unlabelled files: {len(result.unlabelled_files)}")
    out.append(f"unjudged findings: {len(result.unjudged)} (counted as false positives)")
    if unjudged and result.unjudged:
        out.append("")
        out.append("Unjudged findings:")
        for h in result.unjudged:
            out.append(f"  {_where(h)}: {h.code} [{h.severity}] {h.message}")
    if rule:
        out.append("")
        out.append(f"Rule {rule}:")
        for h, why in result.false:
            if h.code.startswith(rule):
                out.append(f"  FP ({why}) {_where(h)}: {h.code} [{h.severity}] {h.message}")
        for f, lab in result.missed:
            if lab.rule.startswith(rule) or rule.startswith(lab.rule):
                out.append(f"  miss {f}:{lab.first_line or '-'}: {lab.rule} {lab.note}")
    return "\n".join(out)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the corpus folder (default: ../shared/corpus beside the repository)")
    parser.add_argument("--labels", type=Path, default=LABELS_DIR, help="the folder holding corpus_labels*.yaml")
    parser.add_argument("--only", help="a folder (legacy, posted, ...) or one file, relative to the corpus")
    parser.add_argument("--rule", help="list the false positives and misses of this rule code or family")
    parser.add_argument("--unjudged", action="store_true", help="list the findings no label judges")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)

    if not (args.corpus / "index.yaml").is_file():
        print(f"corpus_eval: no corpus at {args.corpus} (index.yaml not found); nothing to evaluate")
        return 0
    try:
        labels = load_labels(args.labels)
    except LabelError as err:
        print(f"corpus_eval: {err}", file=sys.stderr)
        return 2
    try:
        entries = load_index(args.corpus)
    except (YAMLError, KeyError, TypeError) as err:
        print(f"corpus_eval: {args.corpus / 'index.yaml'}: not a corpus index ({err.__class__.__name__})", file=sys.stderr)
        return 2
    bugs = fit_dates(entries)
    chosen = selected(entries, args.only)
    if not chosen:
        print(f"corpus_eval: --only {args.only}: no such folder or file in the corpus index", file=sys.stderr)
        return 2
    stray = sorted(set(labels) - {e["file"] for e in entries})
    if stray:
        print(f"corpus_eval: {labels[stray[0]].source}: files.{stray[0]} is not in the corpus index", file=sys.stderr)
        return 2
    try:
        hits, cuts, dates = lint_corpus(args.corpus, chosen, labels, bugs)
    except (OSError, UnicodeDecodeError) as err:
        print(f"corpus_eval: {getattr(err, 'filename', None) or args.corpus}: cannot read ({err.__class__.__name__})", file=sys.stderr)
        return 2
    names = [e["file"] for e in chosen]
    result = score(hits, labels, cuts, names)
    if args.json:
        print(json.dumps(as_json(result, len(names), hits, dates), indent=2, sort_keys=True))
    else:
        print(as_text(result, len(names), hits, unjudged=args.unjudged, rule=args.rule))
    return 0


if __name__ == "__main__":
    sys.exit(main())
