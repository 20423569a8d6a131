"""Helpers, constants and patterns the ik6_actions rules share (or other modules use)."""

from __future__ import annotations

import re
from typing import Iterator, Optional, Sequence

from incident_kit.document import ActionItemRow, Document, LessonEntry, Located
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import IRG2_TEMPLATES, WITH_ACTION_ROWS, WITH_ACTION_TABLE
from incident_kit.irg.templates import ACTION_KINDS, ACTION_STATUSES
from incident_kit.lint.rule import NOTICE, WARNING, Context, Hit
from incident_kit.rules import _causes as causes
from incident_kit.rules._text import table_header_problems
from incident_kit.text.normalise import clean_value, is_na, starts_with_na
from incident_kit.text.sentences import content_words


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
    import difflib  # only for a value that is not one of the allowed ones

    close = difflib.get_close_matches(v, [a.lower() for a in allowed], n=1, cutoff=0.6)
    if close:
        return next(a for a in allowed if a.lower() == close[0])
    return None


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


def header_problems(header: Sequence[str], expected: Sequence[str]) -> list[str]:
    """What is wrong with an Action Items header, as sentences (empty when it is right). Extra
    columns after the template's columns are tolerated; missing, renamed or reordered ones are
    not."""
    return table_header_problems(
        header, [header_key(h) for h in header], [header_key(e) for e in expected], expected,
        out_of_order="the columns are out of order", extra_noun="extra column",
        extra_where=" between the template's columns; put added columns after the last one",
    )


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


MIN_SHARED_WORDS = 2
MIN_OVERLAP = 0.3


def _item_subjects(items: Sequence[ActionItemRow]) -> list[Optional[set[str]]]:
    """Each item's content words, None for an item that only repairs this instance."""
    out: list[Optional[set[str]]] = []
    for row in items:
        text = _description(row)
        out.append(None if causes.repairs_instance_only(text) else content_words(text))
    return out


def _first_sharing(lesson: str, subjects: Sequence[Optional[set[str]]]) -> Optional[int]:
    """The 1-based number of the first action item that shares the lesson's subject (see the
    module docstring), or None, given the items' :func:`_item_subjects`. Items that only repair
    this instance do not count."""
    words = content_words(lesson)
    if not words:
        return None
    for i, item_words in enumerate(subjects, 1):
        if item_words is None:
            continue
        shared = words & item_words
        if len(shared) >= MIN_SHARED_WORDS and len(shared) / len(words) >= MIN_OVERLAP:
            return i
    return None


def _doc_item_subjects(doc: Document) -> list[Optional[set[str]]]:
    """:func:`_item_subjects` of the report's action items, once per document (IK606 and IK607
    compare every lesson with every item)."""
    from incident_kit.docmemo import memo

    slot = memo(doc, "ik6.subjects")
    hit = slot.get("items")
    if hit is None or hit[0] is not doc.action_items or hit[1] != len(doc.action_items):
        hit = slot["items"] = (doc.action_items, len(doc.action_items), _item_subjects(doc.action_items))
    return hit[2]


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
    if _first_sharing(lesson.text, _doc_item_subjects(doc)) is not None:
        return None
    if uses_references(doc):
        return "unlike other lessons it names no action item, and no action item deals with its subject", True
    return "the report names no action items after its lessons, and no action item shares this one's subject", False


def _clip(text: str, n: int = 80) -> str:
    text = clean_value(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _has_actions(doc: Document, ctx: Context) -> bool:
    return bool(doc.action_items)


_PLACEHOLDER_CRITERIA_RE = re.compile(r"^(?:-+|\u2013|\u2014|tbd|tbc|to be (?:defined|determined|decided)|none|n\.?a\.?|\?+)\.?$", re.IGNORECASE)
