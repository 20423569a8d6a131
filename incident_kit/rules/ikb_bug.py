"""IKB: the life of a whole Bugzilla bug, read from its comments.

A report file cannot show whether the CA answered a question within 7 days or kept the Next-update
date; the bug's comments can. These rules run only when a bug is linted (``incident-kit lint --bug``,
``incident-kit review``): the engine gives them the classified bug (``ctx.bug``, see
:mod:`incident_kit.sources.bugzilla.classify`) and skips them for a file.

Every finding points at a comment: its number and time in the message, and a ``comment`` object
(bug, comment number, time, ``show_bug.cgi?id=N#cM`` link) in the JSON output. "Now" is the moment
the bug was fetched, or the end of the ``--as-of`` day; comment times are exact UTC times from
Bugzilla, so every figure is computed, never guessed. A deadline still running is not a finding;
one that passed with nothing posted is, marked *overdue*.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, Iterator, Optional

from incident_kit.deadlines.clock import Moment, _days, lateness, moment_at, show
from incident_kit.deadlines.events import acknowledged, aware_moment
from incident_kit.lint.rule import ANY_INPUT, ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.irg.kinds import IRG2_START as IRG2_EFFECTIVE
from incident_kit.irg.kinds import IRG3_START as IRG3_EFFECTIVE
from incident_kit.sources.markdown.kinds import IRG3_VERSIONS
from incident_kit.text.concepts import lexicon, mentioned, mentions
from incident_kit.irg import citations as cites

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import ActionItemRow, Document

# The classified bug (``ctx.bug``) comes from sources/bugzilla/classify.py (BugView, ClassifiedComment);
# rules sit above sources/ and know it only by the attributes they read.
BugView = Any
ClassifiedComment = Any

IRG31_EFFECTIVE = dict((v, d) for d, v in IRG3_VERSIONS)["3.1"]  # updates within 3 days of an action item's change
EXPECTED = cites.IRG3_EXPECTED
UPDATED = cites.IRG3_UPDATED
CLOSED = cites.IRG3_CLOSURE


def _bug(doc: "Document", ctx: Context) -> bool:
    return ctx.bug is not None


def _view(ctx: Context) -> "BugView":
    return ctx.bug


def _at(when: datetime, label: str = "") -> Moment:
    m = moment_at(when)
    return Moment(m.day, m.at, None, label) if label else m


def _elapsed_days(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 86400


def _hit(view: "BugView", c: "ClassifiedComment", message: str, *, overdue: bool = False, **kw: Any) -> Hit:
    return Hit(f"{c.label}: {message}", ref=c.ref(view.id, overdue=overdue), **kw)


def _now_label(view: "BugView") -> str:
    return show(view.now.date(), view.now)


# ---------------------------------------------------------------------------------------------
# IKB01 / IKB02: the first report, the full report.
# ---------------------------------------------------------------------------------------------


@rule(
    code="IKB01",
    name="bug-first-report-late",
    severity=ERROR,
    summary="The bug's first report came within 72 hours of awareness (or of a third party filing the bug).",
    citations=(EXPECTED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def bug_first_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Within 72 hours of becoming aware, the CA Owner MUST post a Preliminary or Full report, or
    respond to a third party's Preliminary report.

    The clock starts at the awareness the first report states (its "Incident identified" field or
    the awareness entry of its timeline); when the report states none and someone else filed the
    bug, at the bug's creation. It stops at the CA's first report comment (or its first comment on a
    bug carrying a third party's Preliminary report). Bugs filed before IRG 2.0 (2023-10-17) are
    not judged; under IRG 2.0 the 72 hours were a "should" (warning).

    Fires when that comment came more than 72 hours after the start (notice when the report
    acknowledges the late report), or when no report came and 72 hours have passed (overdue). Stays
    quiet when the start is unknown, or the report came in time.
    """
    view = _view(ctx)
    created = view.record.creation_time
    if created.date() < IRG2_EFFECTIVE:
        return
    third_party_prelim = view.first("preliminary", by_ca=False)
    if third_party_prelim is not None and third_party_prelim.number == 0:
        first = next((c for c in view.ca_comments if c.time >= third_party_prelim.time), None)
    else:
        first = view.first("preliminary", "full", by_ca=True)
    start: Optional[Moment] = None
    basis = ""
    if first is not None and first.doc is not None:
        start = aware_moment(first.doc)
        basis = "awareness stated in the report"
    if start is None and view.filed_by_third_party:
        start = _at(created)
        basis = "the bug's creation by someone other than the CA"
    if start is None:
        return
    severity = WARNING if created.date() < IRG3_EFFECTIVE else None
    if first is None:
        now = _at(view.now)
        late = lateness(start, now, hours=72, days=None)
        if late and view.comments:
            anchor = view.comments[0]
            yield _hit(view, anchor, f"no report from the CA as of {_now_label(view)}; start {start.label} ({basis}): {late}.",
                       overdue=True, severity=severity)
        return
    late = lateness(start, _at(first.time), hours=72, days=None)
    if late is None:
        return
    if first.doc is not None and acknowledged(first.doc, "report-posted", 72):
        severity = NOTICE
    yield _hit(view, first, f"first report; start {start.label} ({basis}): {late}.", severity=severity)


@rule(
    code="IKB02",
    name="bug-full-report-late",
    severity=ERROR,
    summary="The Full report came within 14 days of the bug's initial disclosure.",
    citations=(EXPECTED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def bug_full_report_late(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The Full report MUST be posted within 14 days of the incident's initial disclosure: the bug's
    creation (the bug is the disclosure).

    Fires when the CA's first Full report came more than 14 calendar days after the bug was created
    (notice when the report acknowledges it), or when none came and 14 days have passed while the
    bug is open (overdue). Stays quiet for bugs filed before IRG 3.0 (2025-03-01), when a Full
    report came in time, and when a Closure report ended the incident without one.
    """
    view = _view(ctx)
    created = view.record.creation_time
    if created.date() < IRG3_EFFECTIVE:
        return
    start = _at(created, show(created.date(), created) + " (bug created)")
    full = view.first("full", by_ca=True)
    if full is None:
        if not view.record.is_open or view.first("closure") is not None or not view.comments:
            return
        late = lateness(start, _at(view.now), hours=None, days=14)
        if late:
            anchor = view.latest_report or view.comments[0]
            yield _hit(view, anchor, f"no Full report as of {_now_label(view)}; initial disclosure {start.label}: {late}.",
                       overdue=True)
        return
    late = lateness(start, _at(full.time), hours=None, days=14)
    if late is None:
        return
    ack = full.doc is not None and acknowledged(full.doc, "this-report-posted", 14 * 24)
    yield _hit(view, full, f"first Full report; initial disclosure {start.label}: {late}.", severity=NOTICE if ack else None)


# ---------------------------------------------------------------------------------------------
# IKB03: questions answered within 7 days.
# ---------------------------------------------------------------------------------------------


@rule(
    code="IKB03",
    name="question-not-answered",
    severity=ERROR,
    summary="Every question to the CA got a response within 7 days (an acknowledgment with a date counts).",
    citations=(UPDATED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def question_not_answered(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The CA Owner MUST respond to questions and comments within 7 days, even if only to
    acknowledge them and say when the answer will come.

    A question is another person's comment that asks the CA something (a sentence ending in ``?``,
    or "please provide", "could you", ...; quoted lines and invitations to the community such as
    "any further questions?" do not count). The response is the CA's next comment, unless that
    comment only acknowledges without any date ("we are looking into it"), which does not count.

    Fires when the response came more than 7 days after the question, or when none came and 7
    days have passed (overdue). Stays quiet when the CA responded in time, and on comments that
    ask nothing.
    """
    view = _view(ctx)
    for q in view.comments:
        if q.kind != "question":
            continue
        response = next((c for c in view.ca_after(q.time) if not c.ack_only), None)
        if response is not None:
            late = lateness(_at(q.time), _at(response.time), hours=None, days=7)
            if late:
                yield _hit(view, q, f"question answered in {response.label}: {late}.")
            continue
        late = lateness(_at(q.time), _at(view.now), hours=None, days=7)
        if late:
            acks = [c for c in view.ca_after(q.time) if c.ack_only]
            extra = f"; {acks[0].label} only acknowledged it, without a date" if acks else ""
            yield _hit(view, q, f"question without a response from the CA as of {_now_label(view)}: {late}{extra}.",
                       overdue=True)


# ---------------------------------------------------------------------------------------------
# IKB04: the whiteboard's Next-update date.
# ---------------------------------------------------------------------------------------------

NEXT_UPDATE_GRACE = timedelta(days=7)  # a CA comment this close before the date is the update


@rule(
    code="IKB04",
    name="next-update-missed",
    severity=ERROR,
    summary="The CA posted an update by the whiteboard's Next-update date.",
    citations=(UPDATED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def next_update_missed(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """An open report MUST be updated on or before the whiteboard's "Next update" date.

    The whiteboard holds only the current date, not when it was set, so a CA comment posted in the
    7 days before the date, or any time after it, counts as the update.

    Fires when the date has passed, the bug is open, no Closure report was posted, and the CA has
    not commented since 7 days before the date: the message names the date and the days since.
    Stays quiet before the date, on closed bugs, and when a CA comment is in that window.
    """
    view = _view(ctx)
    due = view.record.next_update
    if due is None or not view.record.is_open or view.first("closure") is not None:
        return
    today = view.now.date()
    if today <= due:
        return
    window = datetime(due.year, due.month, due.day, tzinfo=timezone.utc) - NEXT_UPDATE_GRACE
    if view.ca_after(window):
        return
    last = view.last_ca_comment
    since = (today - due).days
    text = (f"the whiteboard's Next update {due.isoformat()} passed {_days(since)} ago "
            f"(as of {today.isoformat()}) without a CA comment")
    if last is not None:
        yield _hit(view, last, text + f"; this is the CA's last comment, {_days((today - last.time.date()).days)} ago.",
                   overdue=True)
    elif view.comments:
        yield _hit(view, view.comments[0], text + "; the CA has not commented on the bug.", overdue=True)


# ---------------------------------------------------------------------------------------------
# IKB05: updates while revocation is delayed.
# ---------------------------------------------------------------------------------------------

REVOCATION_DONE = lexicon("revocation_done")
_NOT_YET = re.compile(r"\bnot\b|n't\b|\bnever\b|\byet\b", re.IGNORECASE)  # inside the match: "have not been revoked"
_FUTURE = re.compile(r"\b(?:will|shall|going to|plan(?:s|ned)?|expect(?:s|ed)?|scheduled|estimated?)\b", re.IGNORECASE)


def _revocations_finished(text: str) -> bool:
    """The comment says the revocations are done (not that they will be: "all 7 certificates will
    be revoked by ..." is a plan)."""
    return any(
        not m.negated and not _FUTURE.search(m.sentence) and not _NOT_YET.search(m.text)
        for m in mentions(text, REVOCATION_DONE)
    )


@rule(
    code="IKB05",
    name="revocation-delay-update-gap",
    severity=ERROR,
    summary="While revocation is delayed, updates come at least every 7 days (every 3 days recommended).",
    citations=(UPDATED,),
    kinds=ANY_INPUT,
    applies=lambda doc, ctx: ctx.bug is not None and ctx.bug.record.revocation_delay,
    scope="bug",
)
def revocation_delay_update_gap(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """With ``revocation-delay`` on the whiteboard, updates SHOULD come every 3 days and MUST come at
    least every 7 days, until the revocations are complete.

    The updates are the CA's comments from its first one on. The period ends at the first CA comment
    saying that all (or the remaining) certificates are revoked, at a Closure report, or, for the
    last stretch, at the bug's resolution; an open bug is measured up to now.

    Fires (error) when two consecutive CA comments are more than 7 days apart, or when more than 7
    days have passed since the last one (overdue); a warning for more than 3 days. Stays quiet when
    updates came every 3 days or less, and after the revocations were reported complete.
    """
    view = _view(ctx)
    cas = view.ca_comments
    if not cas:
        return
    posts: list["ClassifiedComment"] = []
    finished = False
    for c in cas:
        posts.append(c)
        if c.kind == "closure" or _revocations_finished(c.comment.raw_text):
            finished = True
            break
    for a, b in zip(posts, posts[1:]):
        yield from _gap(view, a, b.time, b.label, b)
    if not finished and view.record.is_open:
        yield from _gap(view, posts[-1], view.now, f"now ({_now_label(view)})", posts[-1], overdue=True)


def _gap(view: "BugView", a: "ClassifiedComment", end: datetime, end_label: str, anchor: "ClassifiedComment",
         overdue: bool = False) -> Iterator[Hit]:
    days = _elapsed_days(a.time, end)
    if days > 7:
        yield _hit(view, anchor, f"{days:.1f} days between {a.label} and {end_label} while revocation is delayed; "
                   "updates MUST come at least every 7 days.", overdue=overdue)
    elif days > 3:
        yield _hit(view, anchor, f"{days:.1f} days between {a.label} and {end_label} while revocation is delayed; "
                   "updates SHOULD come every 3 days.", severity=WARNING, overdue=overdue)


# ---------------------------------------------------------------------------------------------
# IKB06 / IKB07: action items.
# ---------------------------------------------------------------------------------------------

DONE = ("Complete", "Canceled")


def _status(row: "ActionItemRow") -> Optional[str]:
    from incident_kit.rules.ik6_actions import normalized_status

    return normalized_status(row)


def _item_key(row: "ActionItemRow") -> str:
    return " ".join(row.description.raw.lower().split())[:80]


def _tables(view: "BugView") -> list[tuple["ClassifiedComment", list["ActionItemRow"]]]:
    """The action item tables the CA posted, oldest first."""
    return [(c, c.doc.action_items) for c in view.ca_comments if c.doc is not None and c.doc.action_items]


@rule(
    code="IKB06",
    name="action-item-change-not-reported",
    severity=ERROR,
    summary="An update came within 3 days of an action item's due date (completed, changed or delayed).",
    citations=(UPDATED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def action_item_change_not_reported(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Since IRG 3.1 an open report MUST be updated within 3 days of an action item being changed,
    completed or delayed.

    On its due date an open action item is completed or delayed, so a CA comment is due within 3
    days of it. For every action item the CA listed as not yet done, with a due date from
    2025-07-15 on: the update counts when a CA comment was posted from the day before the due date
    to 3 days after it, or when an earlier CA comment already showed the item done or moved.

    Fires when 3 days after the due date passed with no such comment (overdue when none came at
    all). Stays quiet for items shown done before their date, for dates still ahead, and after a
    Closure report posted before the date.
    """
    view = _view(ctx)
    tables = _tables(view)
    closure = view.first("closure")
    seen: set[str] = set()
    for posted, rows in tables:
        for row in rows:
            key = _item_key(row)
            if key in seen or row.due is None or row.due < IRG31_EFFECTIVE or _status(row) in DONE:
                continue
            due = datetime(row.due.year, row.due.month, row.due.day, tzinfo=timezone.utc)
            if due <= posted.time or (closure is not None and closure.time < due):
                continue
            deadline = due + timedelta(days=4)  # end of the third day after the due date
            if view.now < deadline:
                continue
            seen.add(key)
            if _reported(view, key, posted, due, deadline):
                continue
            later = view.ca_after(due)
            what = f"action item {row.description.raw.strip()[:60]!r} (due {row.due.isoformat()})"
            if later:
                yield _hit(view, later[0], f"{what}: the CA's first comment after its due date, "
                           f"{_days((later[0].time.date() - row.due).days)} later; updates are due within 3 days.")
            else:
                yield _hit(view, posted, f"{what}: no CA comment since its due date as of {_now_label(view)}; "
                           "an update was due within 3 days.", overdue=True)


def _reported(view: "BugView", key: str, posted: "ClassifiedComment", due: datetime, deadline: datetime) -> bool:
    for c in view.ca_after(posted.time):
        if due - timedelta(days=1) <= c.time < deadline:
            return True
        if c.time >= due or c.doc is None:
            continue
        for row in c.doc.action_items:
            if _item_key(row) == key and (_status(row) in DONE or (row.due is not None and row.due != due.date())):
                return True
    return False


@rule(
    code="IKB07",
    name="closure-before-action-items-done",
    severity=ERROR,
    summary="A Closure report comes only when every action item the CA listed earlier is Complete or Canceled.",
    citations=(CLOSED,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def closure_before_action_items_done(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """The Closure report states that every action item was completed; the CA posts it only when
    that is so.

    The Closure template carries no action items table, so a file lint cannot see this (IK612
    checks a Closure report that does include one). On a bug, the action items are those of the
    last table the CA posted before the Closure report (the Full report or a later update).

    Fires on the Closure report when an item of that table is still Ongoing, Delayed or has
    another status than Complete or Canceled. Stays quiet when every item is done, and when no
    table was posted.
    """
    view = _view(ctx)
    for closure in (c for c in view.comments if c.kind == "closure"):
        if closure.doc is not None and closure.doc.action_items:
            continue  # IK612 judges the closure's own table
        before = [(c, rows) for c, rows in _tables(view) if c.time < closure.time and c.kind != "closure"]
        if not before:
            continue
        posted, rows = before[-1]
        open_items = [r for r in rows if _status(r) not in DONE]
        if open_items:
            names = "; ".join(f"{r.description.raw.strip()[:50]!r} ({(r.status.raw.strip() if r.status else 'no status')})"
                              for r in open_items[:3])
            more = f" and {len(open_items) - 3} more" if len(open_items) > 3 else ""
            yield _hit(view, closure, f"Closure report while {posted.label} lists {len(open_items)} action "
                       f"item(s) not Complete or Canceled: {names}{more}.")


# ---------------------------------------------------------------------------------------------
# IKB08: a newer report that rewrites the timeline of an earlier one.
# ---------------------------------------------------------------------------------------------

TIMELINE_CORRECTED = lexicon("timeline_corrected")
_TIMESTAMP_WORDS = re.compile(r"[\d:/\-.,]+|\b(?:utc|gmt|am|pm)\b", re.IGNORECASE)


def _entry_words(text: str) -> str:
    return " ".join(_TIMESTAMP_WORDS.sub(" ", text.lower()).split())


@rule(
    code="IKB08",
    name="report-rewrites-timeline",
    severity=WARNING,
    summary="A newer report does not silently change the time of an event an earlier report gave.",
    citations=(cites.IRG3_TIMELINE,),
    kinds=ANY_INPUT,
    applies=_bug,
    scope="bug",
)
def report_rewrites_timeline(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """A report is a record: when a later report gives the same event at another time, readers
    should be told that (and why) the timeline was corrected.

    Compares each CA report's timeline with the CA's previous report: an entry whose words are
    the same (at least 90 % alike once the timestamps are removed) but whose time differs, at the
    precision both give, is a rewrite.

    Fires on the newer report for each such entry, unless the newer comment says it corrects the
    timeline ("corrected", "previously stated", "revised", ...). Stays quiet when the times agree,
    when the entries differ in substance, and when the change is explained.
    """
    view = _view(ctx)
    reports = [c for c in view.reports if c.by_ca and c.doc is not None and c.doc.timeline]
    for old, new in zip(reports, reports[1:]):
        if mentioned(new.comment.raw_text, TIMELINE_CORRECTED, negated=None):
            continue
        for entry in old.doc.timeline:  # type: ignore[union-attr]
            before = Moment.from_entry(entry)
            words = _entry_words(entry.text or entry.raw)
            if before is None or len(words) < 12:
                continue
            for other in new.doc.timeline:  # type: ignore[union-attr]
                after = Moment.from_entry(other)
                if after is None or SequenceMatcher(None, words, _entry_words(other.text or other.raw)).ratio() < 0.9:
                    continue
                changed = (before.at != after.at) if (before.at and after.at) else before.day != after.day
                if changed:
                    yield _hit(view, new, f"timeline entry (line {other.line}) gives {after.label} for an event "
                               f"{old.label} gave as {before.label} (line {entry.line}), without saying it was corrected.",
                               line=other.line if new is view.latest_report else None)
                break
