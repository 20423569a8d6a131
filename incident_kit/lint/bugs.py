"""Lint a whole bug: its latest report, judged with the bug's own metadata, plus the IKB rules.

The latest report comment is linted exactly as ``incident-kit lint report.md --as-of <its day>
--title <bug title> --whiteboard <bug whiteboard>`` would lint the same text: same reader, same
rules, same findings (a test checks it). The bug-level rules (IKB) then see every comment. The
result's path is the report comment's link, and every finding carries a ``comment`` reference.
A bug without any report is linted through its first comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional, Sequence

from incident_kit.config import Selection
from incident_kit.lint.engine import FileResult, LintOptions, lint_document
from incident_kit.lint.rule import ERROR, Context, Severity
from incident_kit.sources.bugzilla.classify import BugView, ClassifiedComment, classify
from incident_kit.sources.bugzilla.record import BugRecord


@dataclass(frozen=True)
class BugLintOptions:
    selection: Selection = Selection()
    as_of: Optional[date] = None  # judge the bug as of the end of this day (default: when fetched)
    fail_on: Severity = ERROR
    ca_domains: tuple[str, ...] = ()
    ca_addresses: tuple[str, ...] = ()
    config: Optional[dict] = None


@dataclass
class BugResult:
    """A bug's lint result and the classified bug it came from (for ``review``)."""

    result: FileResult
    view: BugView
    target: Optional[ClassifiedComment]


def judged_at(record: BugRecord, as_of: Optional[date]) -> datetime:
    """The moment the bug is judged at: the end of the ``as_of`` day, else when it was fetched."""
    if as_of is None:
        return record.fetched_at
    return datetime.combine(as_of, time(0), timezone.utc) + timedelta(days=1) - timedelta(seconds=1)


def report_options(view: BugView, target: Optional[ClassifiedComment], options: BugLintOptions) -> LintOptions:
    """What ``lint <report file>`` needs to judge the report as this bug shows it."""
    record = view.record
    return LintOptions(
        selection=options.selection,
        as_of=target.time.date() if target is not None else None,
        whiteboard=record.whiteboard or None,
        title=record.title or None,
        fail_on=options.fail_on,
        config=dict(options.config or {}),
    )


def lint_bug(record: BugRecord, options: BugLintOptions = BugLintOptions()) -> BugResult:
    view = classify(
        record, now=judged_at(record, options.as_of), ca_domains=options.ca_domains, ca_addresses=options.ca_addresses
    )
    target = view.latest_report or (view.comments[0] if view.comments else None)
    lint_opts = report_options(view, target, options)
    ctx: Context = lint_opts.context()
    ctx.bug = view
    if target is not None and target.doc is not None:
        doc = target.doc
    else:
        from incident_kit.sources import read_text

        doc = read_text(target.comment.raw_text if target else "", record.url(target.number if target else None),
                        as_of=lint_opts.as_of, draft=False)
    result = lint_document(doc, ctx, selection=options.selection)
    result.fail_on = options.fail_on
    if target is not None:
        for f in result.findings:
            if f.ref is None:
                f.ref = target.ref(record.id)
    result.path = target.url if target is not None else record.url()
    return BugResult(result=result, view=view, target=target)


def lint_bugs(records: Sequence[BugRecord], options: BugLintOptions = BugLintOptions()) -> list[BugResult]:
    return [lint_bug(r, options) for r in records]
