"""IK6: lessons learned and action items.

The Action Items table is where a report promises what will change. The IRG fixes its columns and
the values of Kind and Status, wants a date for every item, and requires every contributing factor
and every "What didn't go well" / "Other" lesson to be answered by at least one item ("Where we
got lucky" items should be). A Closure report asserts that every item was completed as described.

Not here: whether the remedies fit the clause that was broken, whether they only repair this
instance or are training only (IK5). In particular the IRG requirement that a delayed-revocation
report's action items include steps reasonably calculated to prevent or reduce future revocation
delays is checked by IK501 against MRSP 6.1.3 in the policy knowledge base (the clause a
``revocation-delay`` whiteboard tag brings in); IK6 does not repeat it.

How a lesson is judged mapped (IK606, IK607):

* an explicit reference ("(Action Item 2)", "AI #1, #3", "see action items 1-3") to an item that
  exists maps it;
* a lesson with no reference at all is mapped when it shares at least two content words, and at
  least 30% of its own, with one action item that does more than repair this instance. The IRG
  template gives lessons no column for references, so a report may leave the correspondence to the
  reader; sharing the subject is then the best evidence a tool has. Items that only revoke,
  re-upload or correct a record do not count for this implicit mapping, because they cannot answer
  what went wrong (the lesson would otherwise be "mapped" by repeating the incident's nouns);
* a reference to an item that exists but only repairs this instance is still a mapping; IK608
  adds a notice, since whether an item addresses a lesson is a judgment.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterator, Optional, Sequence

from incident_kit.irg import IRG2_ACTION_COLUMNS, IRG3_ACTION_COLUMNS
from incident_kit import document as d
from incident_kit.document import ActionItemRow, Document, LessonEntry, Located
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.text.concepts import first_mention, mentioned, lexicon
from incident_kit.text.sentences import content_words, overlap, sentences
from incident_kit.rules._text import header_layout
from incident_kit.text.normalise import clean_value, is_na, starts_with_na
from incident_kit.irg import citations as cites
from incident_kit.irg.templates import ACTION_KINDS, ACTION_STATUSES
from incident_kit.irg.kinds import IRG2_TEMPLATES, WITH_ACTION_ROWS, WITH_ACTION_TABLE


KINDS = ACTION_KINDS
STATUSES = ACTION_STATUSES

_TABLE_KINDS = WITH_ACTION_TABLE
_ROW_KINDS = WITH_ACTION_ROWS
_IRG2_KINDS = IRG2_TEMPLATES

_ACTIONS_CITE = cites.IRG3_ACTIONS
_ACTIONS2_CITE = cites.IRG2_ACTIONS
_LESSONS_CITE = cites.IRG3_LESSONS
_LESSONS2_CITE = cites.IRG2_LESSONS

MAX_HITS_PER_COLUMN = 20
"""A table with the same mistake in every row gets this many findings, then one summary."""


# --------------------------------------------------------------------------------------------
# Helpers.
# --------------------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """A column name for comparison: case, spacing, emphasis and "(s)" do not matter
    ("corresponding root cause(s)" == "Corresponding Root Causes")."""
    s = clean_value(text).lower().replace("(s)", "s")
    s = re.sub(r"[^a-z0-9#]+", " ", s)
    return " ".join(s.split())


def _value(cell: Optional[Located]) -> str:
    return clean_value(cell.raw) if cell is not None else ""


def _struck_out(text: str) -> str:
    """The text without ``~~struck-through~~`` parts (an old due date replaced by a new one)."""
    return re.sub(r"~~.*?~~", " ", text).strip()


def _pos(cell: Optional[Located], row: ActionItemRow) -> dict[str, Optional[int]]:
    if cell is not None and cell.line is not None:
        return {"line": cell.line, "column": cell.column}
    return {"line": row.line, "column": None}


def _label(row: ActionItemRow, index: int) -> str:
    """How a message names an action item: its number and the start of its description."""
    desc = re.sub(r"^\s*\d{1,3}[.)]\s*", "", clean_value(row.description.raw))
    if len(desc) > 60:
        desc = desc[:59].rstrip() + "\u2026"
    return f"Action Item {index} (\u201c{desc}\u201d)" if desc else f"Action Item {index}"


def _capped(hits: list[Hit], what: str) -> Iterator[Hit]:
    yield from hits[:MAX_HITS_PER_COLUMN]
    rest = len(hits) - MAX_HITS_PER_COLUMN
    if rest > 0:
        # As severe as the worst of the hits it stands for (an IRG 2.0 report's are warnings).
        levels = [h.severity for h in hits[MAX_HITS_PER_COLUMN:]]
        worst = None if None in levels else WARNING if WARNING in levels else NOTICE
        yield Hit(f"{rest} more action items have the same problem with {what}", line=hits[MAX_HITS_PER_COLUMN].line, severity=worst)


def _allowed(value: str, allowed: Sequence[str]) -> Optional[str]:
    """The allowed value ``value`` spells (case-insensitive, a final full stop ignored), or None."""
    v = value.strip().rstrip(".").strip().lower()
    for a in allowed:
        if v == a.lower():
            return a
    return None


def _leading_allowed(value: str, allowed: Sequence[str]) -> Optional[str]:
    """The allowed value a cell starts with when it is followed only by a remark in brackets or
    after a dash or colon ("Complete (deployed 2025-04-02)", "Canceled - replaced by item 3")."""
    for a in allowed:
        m = re.match(rf"^{re.escape(a)}(?![A-Za-z])\s*(?P<rest>.*)$", value.strip(), re.IGNORECASE)
        if m and (not m.group("rest") or m.group("rest")[0] in "([,;:-\u2013\u2014"):
            return a
    return None


_KIND_HINTS: tuple[tuple[str, str], ...] = (
    (r"^prevent", "Prevent"),
    (r"^(?:mitigat|reduc|contain|limit)", "Mitigate"),
    (r"^(?:detect|monitor|alert|discover|identif)", "Detect"),
    (r"^(?:correct|remed|fix|repair|resolv)", "Prevent or Mitigate"),
)

_STATUS_HINTS: tuple[tuple[str, str], ...] = (
    (r"^(?:done|complet|finish|closed|implement|deployed|resolved|fixed|deliver|in place|live|released|achieved)", "Complete"),
    (r"^(?:in[ -]?progress|open|ongoing|on[ -]?going|planned|pending|started|not[ -]started|wip|working|scheduled|active|underway|under way|to ?do|new|in[ -]?work|continu)", "Ongoing"),
    (r"^(?:delay|late|overdue|postpon|behind|slipp|deferred|blocked|on[ -]?hold)", "Delayed"),
    (r"^(?:cancel|withdrawn|dropped|abandon|rejected|descoped|de-scoped|not planned|won.?t do|superseded|obsolete)", "Canceled"),
)


def suggest(value: str, allowed: Sequence[str], hints: tuple[tuple[str, str], ...]) -> Optional[str]:
    """The allowed value closest in meaning (``Preventive`` → Prevent, ``Done`` → Complete,
    ``In progress`` → Ongoing), or in spelling; None when nothing is close."""
    v = value.strip().lower()
    for pattern, target in hints:
        if re.match(pattern, v):
            return target
    close = difflib.get_close_matches(v, [a.lower() for a in allowed], n=1, cutoff=0.6)
    if close:
        return next(a for a in allowed if a.lower() == close[0])
    return None


def normalized_kind(row: ActionItemRow) -> Optional[str]:
    """The Kind an item has, read leniently (a misspelt ``Preventive`` counts as Prevent), or None."""
    value = _value(row.kind)
    if not value:
        return None
    exact = _allowed(value, KINDS) or _leading_allowed(value, KINDS)
    if exact:
        return exact
    s = suggest(value, KINDS, _KIND_HINTS)
    return s if s in KINDS else None


def normalized_status(row: ActionItemRow) -> Optional[str]:
    """The Status an item has, read leniently (``Done`` counts as Complete), or None."""
    value = _value(row.status)
    if not value:
        return None
    exact = _allowed(value, STATUSES) or _leading_allowed(value, STATUSES)
    if exact:
        return exact
    if value.lower().startswith("cancelled"):
        return "Canceled"
    s = suggest(value, STATUSES, _STATUS_HINTS)
    return s if s in STATUSES else None


def _description(row: ActionItemRow) -> str:
    return re.sub(r"^\s*\d{1,3}[.)]\s*", "", clean_value(row.description.raw))


def _has_column(doc: Document, attr: str) -> bool:
    return any(getattr(r, attr) is not None for r in doc.action_items)


# --------------------------------------------------------------------------------------------
# IK601 table header.
# --------------------------------------------------------------------------------------------


def header_problems(header: Sequence[str], expected: Sequence[str]) -> list[str]:
    """What is wrong with an Action Items header, as sentences (empty when it is right). Extra
    columns after the template's columns are tolerated; missing, renamed or reordered ones are
    not."""
    missing, out_of_order, extra = header_layout([header_key(h) for h in header], [header_key(e) for e in expected])
    problems: list[str] = []
    if missing:
        names = [expected[i] for i in missing]
        problems.append("missing column" + ("s " if len(names) > 1 else " ") + ", ".join(f"\u201c{m}\u201d" for m in names))
    if out_of_order:
        problems.append("the columns are out of order")
    elif extra:
        problems.append(
            "extra column" + ("s " if len(extra) > 1 else " ") + ", ".join(f"\u201c{clean_value(header[i])}\u201d" for i in extra)
            + " between the template's columns; put added columns after the last one"
        )
    return problems


@rule(
    code="IK601",
    name="action-items-table-header",
    severity=ERROR,
    summary="The Action Items table has the template's columns, in the template's order.",
    citations=(_ACTIONS_CITE, _ACTIONS2_CITE),
    kinds=_TABLE_KINDS,
)
def action_items_table_header(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The Action Items table keeps the template's header.

    Why: the IRG 3.x template's table is ``Action Item | Kind | Corresponding Root Cause(s) |
    Evaluation Criteria | Due Date | Status``; IRG 2.0 and its Audit variant use ``Action Item |
    Kind | Due Date``. Every column is a required field, and reviewers (and tools) read the columns
    by position.

    Fires (error) when a template column is missing or renamed (``Type`` for ``Kind``, ``Root
    cause`` for ``Corresponding Root Cause(s)``), when the columns are reordered, or when an IRG 3.x
    report has an Action Items section but no table in it (a bullet list has no Kind, Due Date or
    Status to read). An IRG 3.x report using the three IRG 2.0 columns is missing three columns.

    In IRG 2.0 reports the finding is a warning: IRG 2.0 said each action item *should* state its
    kind and date (item 6 of "Creating an Incident Report"), so the columns carrying them are a
    SHOULD there.

    Stays quiet on differences of case, spacing, emphasis and ``(s)`` versus ``s``; on extra
    columns to the right of the template's; on an IRG 2.0 report that uses the fuller IRG 3.x
    header; and on reports without an Action Items section (IK101 reports that).
    """
    expected = IRG3_ACTION_COLUMNS if doc.kind == d.KIND_FULL else IRG2_ACTION_COLUMNS
    if doc.action_header is None:
        section = doc.section(d.SEC_ACTIONS)
        if doc.kind == d.KIND_FULL and section is not None and section.text.strip():
            yield Hit(
                "the Action Items section has no table; the template asks for a table with the columns "
                + " | ".join(expected),
                line=section.line,
                suggestion="| " + " | ".join(expected) + " |",
            )
        return
    header = [c.raw for c in doc.action_header]
    if doc.kind in _IRG2_KINDS and [header_key(h) for h in header[:6]] == [header_key(c) for c in IRG3_ACTION_COLUMNS]:
        return
    problems = header_problems(header, expected)
    if problems:
        yield Hit(
            "Action Items table header: " + "; ".join(problems) + f" (found: {' | '.join(clean_value(h) for h in header)})",
            line=doc.action_header_line,
            suggestion="| " + " | ".join(expected) + " |",
            severity=WARNING if doc.kind in _IRG2_KINDS else None,
        )


# --------------------------------------------------------------------------------------------
# IK602 Kind, IK603 Status.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK602",
    name="action-kind-invalid",
    severity=ERROR,
    summary="Each action item's Kind is Prevent, Mitigate or Detect.",
    citations=(_ACTIONS_CITE, _ACTIONS2_CITE),
    kinds=_ROW_KINDS,
    applies=lambda doc, ctx: _has_column(doc, "kind"),
)
def action_kind_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Kind is one of the three values the IRG defines.

    Why: the IRG classifies each action by whether it helps Prevent future incidents, Mitigate
    their impact or Detect them, and the field definitions name exactly these three words.

    Fires (error) on an empty Kind and on any other word: ``Preventive``, ``Prevention``,
    ``Corrective``, ``Correct``, ``Monitoring``... The suggestion names the closest allowed value
    (``Preventive`` → Prevent, ``Monitoring`` → Detect; ``Correct`` could be Prevent or Mitigate
    and the message says so). Two allowed values in one cell (``Prevent, Detect``) draw only a
    notice: the meaning is clear, but one Kind per item is what the template expects.

    In IRG 2.0 reports every finding here is a warning: IRG 2.0 said each action item *should*
    state its classification (item 6 of "Creating an Incident Report").

    Stays quiet on the three words in any case, with emphasis or a final full stop, and on an
    allowed word followed by a remark in brackets.
    """
    should = WARNING if doc.kind in _IRG2_KINDS else None
    hits: list[Hit] = []
    for row in doc.action_items:
        if row.kind is None:
            continue
        value = _value(row.kind)
        if not value:
            hits.append(Hit("action item has no Kind; use Prevent, Mitigate or Detect", severity=should, **_pos(row.kind, row)))
            continue
        if _allowed(value, KINDS):
            continue
        parts = [p for p in re.split(r"(?:(?<!\s)\s+)?(?:[,/&+;]|\band\b|\bor\b)\s*", value) if p]
        several = len(parts) > 1 and all(_allowed(p, KINDS) for p in parts)
        if not several and _leading_allowed(value, KINDS):
            continue
        if several:
            hits.append(
                Hit(
                    f"Kind \u201c{value}\u201d names several kinds; the template expects one per item",
                    severity=NOTICE,
                    suggestion="Split the item, or give the Kind that describes its main effect.",
                    **_pos(row.kind, row),
                )
            )
            continue
        s = suggest(value, KINDS, _KIND_HINTS)
        hint = f"; did you mean {s}?" if s else ""
        hits.append(
            Hit(
                f"Kind \u201c{value}\u201d is not one of Prevent, Mitigate, Detect{hint}",
                suggestion=f"Write {s}." if s in KINDS else "Write Prevent, Mitigate or Detect.",
                severity=should,
                **_pos(row.kind, row),
            )
        )
    yield from _capped(hits, "Kind")


@rule(
    code="IK603",
    name="action-status-invalid",
    severity=ERROR,
    summary="Each action item's Status is Ongoing, Complete, Delayed or Canceled.",
    citations=(_ACTIONS_CITE,),
    kinds=(d.KIND_FULL, d.KIND_CLOSURE),
    applies=lambda doc, ctx: _has_column(doc, "status"),
)
def action_status_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Status is one of the four values the IRG 3.x defines.

    Why: the field definitions ask for the status "using either" Ongoing, Complete, Delayed or
    Canceled, so that readers and tools can tell at a glance what is still open.

    Fires (error) on an empty Status and on other words: ``Done``, ``Completed``, ``In progress``,
    ``Open``, ``Planned``, ``Postponed``... with the allowed value of the same meaning suggested
    (``Done`` → Complete, ``In progress`` → Ongoing). The British spelling ``Cancelled`` draws
    only a notice (same word; the IRG spells it Canceled).

    Stays quiet on the four words in any case, and on an allowed word followed by a remark in
    brackets or after a dash ("Complete (deployed 2025-04-02)", "Canceled - replaced by item 3").
    """
    hits: list[Hit] = []
    for row in doc.action_items:
        if row.status is None:
            continue
        value = _value(row.status)
        if not value:
            hits.append(Hit("action item has no Status; use Ongoing, Complete, Delayed or Canceled", **_pos(row.status, row)))
            continue
        if _allowed(value, STATUSES) or _leading_allowed(value, STATUSES):
            continue
        if re.match(r"^cancelled(?![A-Za-z])", value, re.IGNORECASE):
            hits.append(
                Hit(
                    f"Status \u201c{value}\u201d: the IRG spells the value Canceled",
                    severity=NOTICE,
                    suggestion="Write Canceled.",
                    **_pos(row.status, row),
                )
            )
            continue
        s = suggest(value, STATUSES, _STATUS_HINTS)
        hint = f"; did you mean {s}?" if s else ""
        hits.append(
            Hit(
                f"Status \u201c{value}\u201d is not one of Ongoing, Complete, Delayed, Canceled{hint}",
                suggestion=f"Write {s}." if s else "Write Ongoing, Complete, Delayed or Canceled.",
                **_pos(row.status, row),
            )
        )
    yield from _capped(hits, "Status")


# --------------------------------------------------------------------------------------------
# IK604 due dates.
# --------------------------------------------------------------------------------------------

_ISO_START_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?![\d])")


def due_date_problem(raw: str, status: Optional[str] = None) -> Optional[tuple[str, bool]]:
    """What is wrong with a Due Date cell: ``(message, is_a_date_in_another_format)``, or None
    when the cell starts with a real ``YYYY-MM-DD`` date (struck-through old dates are ignored)."""
    from datetime import date

    value = clean_value(_struck_out(raw))
    if not value:
        return "has no due date", False
    m = _ISO_START_RE.match(value)
    if m:
        try:
            date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return f"due date \u201c{value}\u201d is not a real calendar date", False
        return None
    if is_na(value) or starts_with_na(value):
        if status == "Canceled":
            return None
        return f"due date is \u201c{value}\u201d; every item that is not canceled needs the date it will be (or was) complete", False
    from incident_kit.text.timestamps import parse_time

    tv = parse_time(value)
    if tv is not None and tv.precision in ("day", "minute", "second", "hour") and tv.has_year and not tv.ambiguous:
        return f"due date \u201c{value}\u201d is a date, but not written YYYY-MM-DD as the template writes it", True
    if tv is not None and tv.precision == "month":
        return f"due date \u201c{value}\u201d is a month, not a date", False
    return f"due date \u201c{value}\u201d is not a date (ASAP, TBD, a quarter or a period are not dates)", False


@rule(
    code="IK604",
    name="action-due-date-invalid",
    severity=ERROR,
    summary="Each action item has a due date written YYYY-MM-DD.",
    citations=(_ACTIONS_CITE, _ACTIONS2_CITE),
    kinds=_ROW_KINDS,
    applies=lambda doc, ctx: _has_column(doc, "due_date"),
)
def action_due_date_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Every action item says by which date it will be complete.

    Why: IRG 3.x makes the Due Date a required field, "a date by which the action item will be
    complete", and the template writes it ``YYYY-MM-DD``. A date is what lets readers, the
    whiteboard's Next update and the 3-day update rule hold the CA to the plan; ``ASAP``, ``TBD`` or
    ``Q1 2026`` commit to nothing.

    Fires (error) on an empty cell, on words or periods (``ASAP``, ``TBD``, ``Q3``, ``Q1 2026``,
    ``end of year``), on a month without a day, on an impossible date (2026-02-30), and on N/A for an item
    that is not Canceled. A full date in another format ("31 March 2026") is a warning: it is a
    date, but not in the template's form. In IRG 2.0 reports every finding here is a warning,
    because IRG 2.0 said each action item *should* state its date.

    Stays quiet on a cell that starts with a real ``YYYY-MM-DD`` date, even with a remark after it
    ("2026-03-31 (moved from 2026-02-28)"), on struck-through old dates (``~~2026-02-28~~
    2026-03-31``), and on N/A for a Canceled item.
    """
    irg2 = doc.kind in _IRG2_KINDS
    hits: list[Hit] = []
    for row in doc.action_items:
        if row.due_date is None:
            continue
        found = due_date_problem(row.due_date.raw, normalized_status(row))
        if found is None:
            continue
        message, other_format = found
        severity = WARNING if (irg2 or other_format) else None
        hits.append(
            Hit(
                f"{message} (action item on line {row.line})" if row.due_date.line != row.line else message,
                suggestion="Give the date by which the item will be complete, as YYYY-MM-DD.",
                severity=severity,
                **_pos(row.due_date, row),
            )
        )
    yield from _capped(hits, "the due date")


# --------------------------------------------------------------------------------------------
# IK605 contributing factors mapped to action items.
# --------------------------------------------------------------------------------------------

# A range never starts inside a run of blanks (it starts at "#" or at the first blank): restarting
# the search from every blank of a long run was quadratic.
_RANGE_RE = re.compile(r"(?:#|(?<!\s))\s*(\d{1,3})\s*(?:-|\u2013|\bto\b|through)\s*#?\s*(\d{1,3})(?!\d)", re.IGNORECASE)
_ALL_RE = re.compile(r"^\s*(?:all|every|each)\b(?:\s+(?:the\s+)?(?:contributing\s+factors?|root\s+causes?|factors?|of\s+them))?\s*\.?$", re.IGNORECASE)


def factor_refs(row: ActionItemRow, factor_numbers: Sequence[int]) -> set[int]:
    """The contributing factors an action item's Corresponding Root Cause(s) cell names: numbers
    (``Root Cause # 1``, ``Contributing Factors #1, #2``), ranges (``#1-#3``) and "All"."""
    if row.root_causes is None:
        return set()
    raw = clean_value(row.root_causes.raw)
    if _ALL_RE.match(raw):
        return set(factor_numbers)
    out = set(row.root_cause_ids)
    for m in _RANGE_RE.finditer(raw):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= hi <= lo + 50:
            out.update(range(lo, hi + 1))
    return out


def _factor_number(doc: Document, index: int) -> int:
    f = doc.factors[index]
    return f.number if f.number is not None else index + 1


@rule(
    code="IK605",
    name="factor-without-action-item",
    severity=ERROR,
    summary="Every contributing factor is answered by at least one action item.",
    citations=(_ACTIONS_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: bool(doc.factors) and _has_column(doc, "root_causes"),
)
def factor_without_action_item(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each contributing factor has an action item that lists it.

    Why: the IRG's Corresponding Root Cause(s) column exists so that "each problem/issue identified
    in the Root Cause Analysis ... MUST be mapped to at least one specific action item". A factor
    no item answers is a cause left in place.

    Fires (error) on each Contributing Factor #N that no action item names in its Corresponding
    Root Cause(s) cell, by number (``Root Cause # 2``, ``Contributing Factors #1, #2``, ``#1-#3``)
    or, when the cell has no number, by repeating the factor's title.

    Stays quiet when every factor is named; a cell reading "All" (or "All contributing factors")
    names every factor. Not effective when the table has no Corresponding Root Cause(s) column
    (IK601 reports the header) or the report has no numbered factors.
    """
    numbers = [_factor_number(doc, i) for i in range(len(doc.factors))]
    mapped: set[int] = set()
    titled: list[str] = []
    for row in doc.action_items:
        refs = factor_refs(row, numbers)
        mapped |= refs
        if not refs and row.root_causes is not None and row.root_causes.raw.strip():
            titled.append(clean_value(row.root_causes.raw))
    for i, factor in enumerate(doc.factors):
        n = numbers[i]
        if n in mapped:
            continue
        if factor.title and any(
            overlap(factor.title, cell) >= 0.6 and len(content_words(factor.title) & content_words(cell)) >= 2
            for cell in titled
        ):
            continue
        title = f" ({clean_value(factor.title)})" if factor.title else ""
        yield Hit(
            f"Contributing Factor #{n}{title} is not listed under Corresponding Root Cause(s) by any action item",
            line=factor.line,
            suggestion=f"Add or extend an action item that removes this factor and write \u201cContributing Factor #{n}\u201d in its Corresponding Root Cause(s) cell.",
        )


# --------------------------------------------------------------------------------------------
# IK606-IK608 lessons mapped to action items.
# --------------------------------------------------------------------------------------------

MIN_SHARED_WORDS = 2
MIN_OVERLAP = 0.3

_CATEGORY_NAMES = {
    "went_well": "What went well",
    "didnt_go_well": "What didn\u2019t go well",
    "got_lucky": "Where we got lucky",
    "additional": "Other (Additional)",
}


def implicit_match(lesson: str, items: Sequence[ActionItemRow]) -> Optional[int]:
    """The 1-based number of the first action item that shares the lesson's subject (see the
    module docstring), or None. Items that only repair this instance do not count."""
    words = content_words(lesson)
    if not words:
        return None
    for i, row in enumerate(items, 1):
        text = _description(row)
        if causes.repairs_instance_only(text):
            continue
        shared = words & content_words(text)
        if len(shared) >= MIN_SHARED_WORDS and len(shared) / len(words) >= MIN_OVERLAP:
            return i
    return None


def _lessons(doc: Document, categories: tuple[str, ...]) -> Iterator[LessonEntry]:
    for lesson in doc.lessons:
        if lesson.category in categories and lesson.text.strip() and not starts_with_na(lesson.text):
            yield lesson


def uses_references(doc: Document) -> bool:
    """Whether any lesson of the report refers to action items by number."""
    return any(lesson.action_items for lesson in doc.lessons)


def _unmapped(doc: Document, lesson: LessonEntry) -> Optional[tuple[str, bool]]:
    """Why the lesson is not mapped to any action item, and whether that is certain (an explicit
    reference to a missing item, or no reference where the report references elsewhere); None
    when it is mapped."""
    n = len(doc.action_items)
    refs = lesson.action_items
    if refs:
        if any(1 <= r <= n for r in refs):
            return None
        listed = ", ".join(str(r) for r in refs)
        return f"it refers to action item {listed}, but the table has {n} item{'s' if n != 1 else ''}", True
    if implicit_match(lesson.text, doc.action_items) is not None:
        return None
    if uses_references(doc):
        return "unlike other lessons it names no action item, and no action item deals with its subject", True
    return "the report names no action items after its lessons, and no action item shares this one's subject", False


def _clip(text: str, n: int = 80) -> str:
    text = clean_value(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _has_actions(doc: Document, ctx: Context) -> bool:
    return bool(doc.action_items)


@rule(
    code="IK606",
    name="lesson-without-action-item",
    severity=ERROR,
    summary="Every \u201cWhat didn\u2019t go well\u201d and \u201cOther\u201d lesson has a corresponding action item.",
    citations=(_LESSONS_CITE, _ACTIONS_CITE, _LESSONS2_CITE),
    kinds=(d.KIND_FULL, d.KIND_IRG2),
    applies=_has_actions,
)
def lesson_without_action_item(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each "What didn't go well" and "Other" lesson is answered by an action item.

    Why: the IRG says each "What didn't go well" item MUST have at least one corresponding Action
    Item, and so must each "Other" item (the template's "Additional"); IRG 2.0 said the same of
    "What didn't go well". A weakness named in the lessons but answered nowhere is a known gap
    left open.

    Fires (error) on a lesson whose only references point past the end of the table ("Action Item
    7" when there are 4), and on a lesson with no reference when other lessons of the report do
    give references and no action item shares its subject (see the module docstring: at least two
    content words and 30% of the lesson's, with an item that does more than repair this instance).
    When the report gives no references at all, the same unmatched lesson is a warning: the
    correspondence may be there in other words ("a single calendar reminder was the only control"
    answered by "track review dates in the ticket system with two owners"), which word overlap
    cannot see, so the tool asks for the reference rather than asserting the MUST is broken.

    Stays quiet on a lesson with an explicit reference ("(Action Item 2)", "AI #1, #3", "see action
    items 1-3"), on a lesson without references whose subject an action item plainly shares, on
    N/A, and when the report has no action items at all (IK101 reports the missing section).
    """
    for lesson in _lessons(doc, ("didnt_go_well", "additional")):
        found = _unmapped(doc, lesson)
        if found is not None:
            why, certain = found
            yield Hit(
                f"{_CATEGORY_NAMES[lesson.category]} item \u201c{_clip(lesson.text)}\u201d has no corresponding action item: {why}",
                line=lesson.line,
                severity=None if certain else WARNING,
                suggestion="Add an action item that addresses it, and write its number after the lesson, e.g. \u201c(Action Item 2)\u201d.",
            )


@rule(
    code="IK607",
    name="lucky-without-action-item",
    severity=WARNING,
    summary="Every \u201cWhere we got lucky\u201d item has a corresponding action item.",
    citations=(_LESSONS_CITE, _LESSONS2_CITE),
    kinds=(d.KIND_FULL, d.KIND_IRG2),
    applies=_has_actions,
)
def lucky_without_action_item(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each "Where we got lucky" item should be answered by an action item.

    Why: the IRG says these items SHOULD generally also have corresponding Action Items, so that
    the CA Owner does not rely on luck next time (same in IRG 2.0).

    Fires (warning) on a "Where we got lucky" item that is not mapped to an action item, judged as
    in IK606.

    Stays quiet on mapped items, on N/A, and when the report has no action items at all.
    """
    for lesson in _lessons(doc, ("got_lucky",)):
        found = _unmapped(doc, lesson)
        if found is not None:
            why = found[0]
            yield Hit(
                f"Where we got lucky item \u201c{_clip(lesson.text)}\u201d has no corresponding action item: {why}",
                line=lesson.line,
                suggestion="Add an action item so that the outcome no longer depends on luck, and reference it after the lesson.",
            )


@rule(
    code="IK608",
    name="lesson-mapped-to-instance-fix",
    severity=NOTICE,
    summary="A lesson is not answered only by action items that repair this incident.",
    citations=(_LESSONS_CITE, _ACTIONS_CITE),
    kinds=(d.KIND_FULL, d.KIND_IRG2),
    applies=_has_actions,
)
def lesson_mapped_to_instance_fix(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A lesson whose only action items repair this incident is mapped on paper only.

    Why: a lesson says what went wrong or what cannot be relied on; the IRG wants action items
    that create protections against the next incident. An item that only revokes these
    certificates, re-uploads the corrected statement or fixes the record ends this incident and
    leaves the lesson's weakness in place. Whether an item addresses a lesson is a judgment, so this
    is advice.

    Fires (notice) on a "What didn't go well", "Where we got lucky" or "Other" lesson that refers
    explicitly to existing action items when every one of them only repairs this instance.

    Stays quiet when at least one referenced item changes a system, process or control, or aims at
    future occurrences, and on lessons without references (IK606/IK607 judge those).
    """
    n = len(doc.action_items)
    for lesson in _lessons(doc, ("didnt_go_well", "got_lucky", "additional")):
        refs = [r for r in lesson.action_items if 1 <= r <= n]
        if not refs:
            continue
        rows = [doc.action_items[r - 1] for r in refs]
        if all(causes.repairs_instance_only(_description(r)) for r in rows):
            names = ", ".join(_label(doc.action_items[r - 1], r) for r in refs)
            yield Hit(
                f"\u201c{_clip(lesson.text, 70)}\u201d is mapped to {names}, which only repairs this incident "
                "and does not change what the lesson says went wrong",
                line=lesson.line,
                suggestion="Map the lesson to an item that removes the weakness it names (or add one).",
            )


# --------------------------------------------------------------------------------------------
# IK609 kinds of action items.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK609",
    name="no-prevent-action-item",
    severity=NOTICE,
    summary="The action items include Prevent items (and Mitigate items), as the IRG encourages.",
    citations=(_ACTIONS_CITE, _ACTIONS2_CITE),
    kinds=_TABLE_KINDS,
    applies=lambda doc, ctx: _has_column(doc, "kind"),
)
def no_prevent_action_item(doc: Document, ctx: Context) -> Iterator[Hit]:
    """No action item is of Kind Prevent.

    Why: the IRG *encourages* action items in all three kinds "with an emphasis on Prevent and
    Mitigate". "Encouraged" is advice, not an RFC 2119 SHOULD, so this is a notice. A plan with no
    Prevent item leaves the next occurrence to be caught or contained rather than stopped.

    Fires (notice) when no item is Prevent; the message says so more strongly when no item is
    Mitigate either (only Detect, or nothing readable). Kinds are read leniently here
    (``Preventive`` counts as Prevent; IK602 reports the spelling).

    Stays quiet when at least one item is Prevent. Not effective without a Kind column.
    """
    kinds = {normalized_kind(r) for r in doc.action_items} - {None}
    if not doc.action_items or "Prevent" in kinds:
        return
    first = doc.action_items[0].line
    if "Mitigate" in kinds:
        yield Hit(
            "no action item is of Kind Prevent; the IRG encourages all three kinds with an emphasis on Prevent and Mitigate",
            line=first,
            suggestion="Consider an item that stops the cause from recurring (Prevent).",
        )
    else:
        yield Hit(
            "no action item is of Kind Prevent or Mitigate; the IRG puts the emphasis on those two kinds",
            line=first,
            suggestion="Add items that stop a recurrence (Prevent) or limit its impact (Mitigate).",
        )


# --------------------------------------------------------------------------------------------
# IK610, IK611 evaluation criteria.
# --------------------------------------------------------------------------------------------

_PLACEHOLDER_CRITERIA_RE = re.compile(r"^(?:-+|\u2013|\u2014|tbd|tbc|to be (?:defined|determined|decided)|none|n\.?a\.?|\?+)\.?$", re.IGNORECASE)


@rule(
    code="IK610",
    name="evaluation-criteria-missing",
    severity=ERROR,
    summary="Each action item says how its effectiveness will be evaluated.",
    citations=(_ACTIONS_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: _has_column(doc, "evaluation_criteria"),
)
def evaluation_criteria_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Evaluation Criteria is filled in for every action item.

    Why: the IRG 3.x Evaluation Criteria column is a required field: how the CA Owner will measure
    the item's effectiveness against the root cause, and how the public can, where possible. N/A
    is not an answer for an action that is going to be taken.

    Fires (error) on an empty cell, N/A, ``TBD``, ``-`` or ``none`` for an item that is not Canceled.

    Stays quiet on any other text (IK611 judges vague wording), and on N/A for a Canceled item.
    """
    hits: list[Hit] = []
    for row in doc.action_items:
        if row.evaluation_criteria is None and row.kind is None:
            continue
        value = _value(row.evaluation_criteria)
        if value and not is_na(value) and not _PLACEHOLDER_CRITERIA_RE.match(value):
            continue
        if normalized_status(row) == "Canceled":
            continue
        shown = f" (\u201c{value}\u201d)" if value else ""
        hits.append(
            Hit(
                f"action item has no evaluation criteria{shown}",
                suggestion="Say what will show the item works: a measurement, a test result, public evidence (CT logs, audit statements, the CPS), or a qualitative assessment and how it will be monitored.",
                **_pos(row.evaluation_criteria, row),
            )
        )
    yield from _capped(hits, "the evaluation criteria")


VAGUE_CRITERIA = lexicon("vague_criteria")

EVIDENCE = lexicon("criterion_evidence")


@rule(
    code="IK611",
    name="evaluation-criteria-vague",
    severity=NOTICE,
    summary="Evaluation criteria name something that can be observed or measured.",
    citations=(_ACTIONS_CITE,),
    kinds=(d.KIND_FULL,),
    applies=lambda doc, ctx: _has_column(doc, "evaluation_criteria"),
)
def evaluation_criteria_vague(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Evaluation criteria that promise to watch effectiveness but say nothing about how.

    Why: the IRG says CA Owners SHOULD prioritize objective and publicly measurable evidence (CT
    log data, audit statements, policy documents, public communications), and otherwise SHOULD
    give a qualitative assessment and explain how they will monitor the item's impact. "The
    effectiveness will be monitored" does neither. Telling vague wording from a terse but concrete
    criterion is a judgment, so this is a notice, not a warning.

    Fires (notice) when the criteria use vague wording ("effectiveness will be monitored", "ongoing
    review", "improved compliance", "management review", or only "Implemented"/"Done") and name
    no evidence: no number or date, no report, log, alert, test, drill, lint, scan, audit, CT log,
    published document, frequency or record.

    Stays quiet on criteria that name any such evidence ("effectiveness will be monitored through
    the weekly lint report", "zero findings in the monthly scan", "alert fired in a drill"), on
    terse concrete outcomes ("Reminder sent", "Single repository in use"), and on missing or N/A
    criteria (IK610).
    """
    for row in doc.action_items:
        value = _value(row.evaluation_criteria)
        if not value or is_na(value) or _PLACEHOLDER_CRITERIA_RE.match(value):
            continue
        vague = first_mention(value, VAGUE_CRITERIA, negated=None)
        if vague is None or mentioned(value, EVIDENCE, negated=None):
            continue
        yield Hit(
            f"evaluation criteria \u201c{_clip(value, 90)}\u201d name nothing that can be observed or measured",
            suggestion="Name the evidence: a metric and its target, a test or drill result, a report or log, or public evidence such as CT data, an audit statement or the CPS.",
            **_pos(row.evaluation_criteria, row),
        )


# --------------------------------------------------------------------------------------------
# IK612 closure with open items.
# --------------------------------------------------------------------------------------------

REASON = lexicon("reason")
CANCEL = lexicon("cancel")


def _table_lines(doc: Document) -> set[int]:
    lines = {r.line for r in doc.action_items}
    if doc.action_header_line is not None:
        lines.add(doc.action_header_line)
        lines.add(doc.action_header_line + 1)
    return lines


def canceled_explained(doc: Document, row: ActionItemRow, index: int) -> bool:
    """Whether the report gives a reason for canceling this item: in its own row (a reason in the
    description, criteria or status remark) or in a sentence of the report that speaks of
    canceling this item or canceling in general, with a reason."""
    own = " ".join(_value(c) for c in (row.description, row.evaluation_criteria, row.status, row.root_causes))
    if mentioned(own, REASON, negated=None):
        return True
    skip = _table_lines(doc)
    prose = "\n".join(line for no, line in enumerate(doc.text.splitlines(), 1) if no not in skip)
    for sentence in sentences(prose):
        if mentioned(sentence.text, CANCEL, negated=None) and mentioned(sentence.text, REASON, negated=None):
            return True
    return False


@rule(
    code="IK612",
    name="closure-with-open-action-items",
    severity=ERROR,
    summary="A Closure report lists no action item as Ongoing or Delayed, and explains cancelations.",
    citations=(cites.IRG3_CLOSURE, _ACTIONS_CITE),
    kinds=(d.KIND_CLOSURE,),
    applies=lambda doc, ctx: _has_column(doc, "status"),
)
def closure_with_open_action_items(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Closure report whose action items are not all done.

    Why: CA Owners request closure "when all Action Items are complete", and the Closure template
    ends by asserting that all Action Items "have been completed as described". An item still
    Ongoing or Delayed contradicts that sentence. A Canceled item is not completed as described
    either; reviewers accept it only with a reason (replaced by another item, no longer needed).

    Fires (error) on each item whose Status is Ongoing or Delayed (read leniently: "In progress"
    counts as Ongoing); fires (warning) on a Canceled item when neither its row nor any sentence
    of the report about the cancelation gives a reason.

    Stays quiet when every item is Complete, and on a Canceled item explained in its row
    ("Canceled - replaced by item 2") or in the text ("Item 3 was canceled because the hourly
    probe already covers it").
    """
    for i, row in enumerate(doc.action_items, 1):
        status = normalized_status(row)
        if status in ("Ongoing", "Delayed"):
            yield Hit(
                f"{_label(row, i)} is {status}, but a Closure report asserts that all action items have been completed",
                suggestion="Post the closure request once the item is Complete, or keep the report open with an update on it.",
                **_pos(row.status, row),
            )
        elif status == "Canceled" and not canceled_explained(doc, row, i):
            yield Hit(
                f"{_label(row, i)} is Canceled with no explanation; the closure asserts the items were completed as described",
                severity=WARNING,
                suggestion="Say why the item was canceled and what, if anything, replaces it.",
                **_pos(row.status, row),
            )


# --------------------------------------------------------------------------------------------
# IK613 legacy remediation steps without dates.
# --------------------------------------------------------------------------------------------


@rule(
    code="IK613",
    name="legacy-remediation-step-undated",
    severity=WARNING,
    summary="Each remediation step of a legacy report gives the date it will be (or was) completed.",
    citations=(cites.IRG1, cites.IRG_LEGACY),
    kinds=(d.KIND_LEGACY,),
    applies=lambda doc, ctx: bool(doc.legacy_remediation),
)
def legacy_remediation_step_undated(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A legacy topic-7 remediation step without a date.

    Why: the seventh legacy topic asks for the steps the CA is taking, "accompanied with a binding
    timeline" (wiki and CCADB text until December 2022); from then and in IRG 1.0 the steps should
    include the status of each action and the date each will be completed. Both texts frame the
    topics as what a report should include, so a missing date is a warning, not an error.

    Fires (warning) on each step (list item, table row or paragraph of topic 7) in which no date
    can be read.

    Stays quiet on steps with a date in any common form (2022-04-29, 29/04/2022, "April 29,
    2022"), on steps that follow an introductory line carrying a date for all of them ("By
    2019-10-01 we will:"), and on the introductory line itself.
    """
    shared_date = False
    for entry in doc.legacy_remediation:
        text = entry.text.strip() or entry.raw.strip()
        intro = text.rstrip("*_ ").endswith(":")
        if intro:
            shared_date = entry.when is not None
            continue
        if entry.when is not None or shared_date:
            continue
        yield Hit(
            f"remediation step \u201c{_clip(text, 80)}\u201d gives no date by which it will be (or was) completed",
            line=entry.line,
            column=entry.column,
            suggestion="Add the completion date (YYYY-MM-DD) and the step's status.",
        )
