"""Safe, mechanical fixes for some findings (``incident-kit lint --fix`` / ``--diff``).

A fix is one edit of whole lines: lines ``start_line``..``end_line`` (1-based, inclusive) of the
input are replaced by ``replacement`` (``end_line == start_line - 1`` inserts before
``start_line``). Only edits that cannot change what the report says are offered:

* IK602 / IK603: an action item's Kind or Status written as a variant of one allowed word
  (``Preventive`` -> ``Prevent``, ``Done`` -> ``Complete``, ``Cancelled`` -> ``Canceled``); a
  word that could mean two values (``Corrective``) is left for the author.
* IK601: an Action Items header whose template columns are all there, only renamed with a known
  synonym (``Type`` for ``Kind``) or reordered: the header is restored and every row's cells are
  moved with their column, so no value changes column.
* IK104: sections out of template order are moved, each with everything under it.
* IK313: a timeline time given with a zone name is rewritten ``YYYY-MM-DD HH:MM UTC`` when the
  name has one meaning and the date one reading (``2025-10-02 13:20 CEST`` -> ``2025-10-02 11:20
  UTC``); the rest of the line is kept.
* IK102: a template field whose label is written in quotation marks (``„Root cause“:``) gets
  its plain label back, its value untouched; a field that is really missing is added as a
  ``<...>`` prompt (which IK105 then reports until it is answered, or written N/A).
* IK004 (YAML drafts): an action item's ``kind`` or ``status`` spelled as a variant of an allowed
  value, as for IK602 / IK603.

Fixes are computed after the rules ran (the rules stay free of editing concerns) and are applied
repeatedly until none is left, so applying them twice changes nothing the second time.

Standard library only at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.lint.rule import Finding

# What each fixable rule's fix does, for docs/rules.md and ``rules explain``.
FIX_DOCS: dict[str, str] = {
    "IK004": "`lint --fix` respells an action item's `kind` or `status` written as a variant of one allowed value "
    "(Preventive → Prevent, Done → Complete, Cancelled → Canceled). Other draft problems are left to the author.",
    "IK102": "`lint --fix` writes a field whose label is in quotation marks (`„Root cause“:`, `“**Root cause:**”`) "
    "with the plain label, keeping its value; otherwise it adds the missing field as a `<...>` prompt in template "
    "order, and IK105 then reports the prompt until it is answered (or written N/A). Timeline summary sub-fields are "
    "not added.",
    "IK104": "`lint --fix` moves the sections into template order, each with everything under it.",
    "IK313": "`lint --fix` rewrites a time given with a zone name as `YYYY-MM-DD HH:MM UTC` (seconds kept when "
    "given) when that cannot change its meaning: not for names with several meanings (CST, IST, AST), US zone names "
    "without standard/daylight on a day the clocks change, dates that could be read day-first or month-first, dates "
    "without a year, or time ranges.",
    "IK601": "`lint --fix` restores a header whose template columns are only renamed with a known synonym or reordered, "
    "and moves every row's cells with their column. A missing column is left to the author.",
    "IK602": "`lint --fix` respells a Kind that is a variant of one allowed word (Preventive, Prevention → Prevent; "
    "Detection → Detect; Mitigation → Mitigate). Words that could mean two kinds are left to the author.",
    "IK603": "`lint --fix` respells a Status that is a variant of one allowed word (Done, Completed → Complete; "
    "In progress → Ongoing; Cancelled → Canceled).",
}

# Variants that mean exactly one allowed value (compared lower-case, spaces collapsed).
KIND_VARIANTS: dict[str, str] = {
    **{w: "Prevent" for w in ("preventive", "preventative", "prevention", "preventing", "prevents")},
    **{w: "Mitigate" for w in ("mitigation", "mitigating", "mitigative", "mitigates")},
    **{w: "Detect" for w in ("detection", "detective", "detecting", "detects")},
}
STATUS_VARIANTS: dict[str, str] = {
    **{w: "Complete" for w in ("done", "completed", "finished")},
    **{w: "Ongoing" for w in ("in progress", "in-progress", "on-going", "on going")},
    "cancelled": "Canceled",
}


@dataclass(frozen=True)
class Fix:
    """One edit of whole lines; see the module docstring."""

    description: str
    start_line: int
    end_line: int
    replacement: str  # the new lines, each ending in "\n" (empty: delete the lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "replacement": self.replacement,
        }

    @property
    def is_insertion(self) -> bool:
        return self.end_line < self.start_line

    def overlaps(self, other: "Fix") -> bool:
        """Whether the two edits touch the same lines (two insertions: the same place)."""
        if self.is_insertion and other.is_insertion:
            return self.start_line == other.start_line
        if self.is_insertion:
            return other.start_line < self.start_line <= other.end_line
        if other.is_insertion:
            return self.start_line < other.start_line <= self.end_line
        return not (self.end_line < other.start_line or other.end_line < self.start_line)


Fixer = Callable[["Finding", Any, list[str]], Optional[Fix]]

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, numbered as the readers number them (CRLF, CR and LF each end a
    line; other Unicode breaks do not)."""
    out: list[str] = []
    pos = 0
    for m in _LINE_BREAK_RE.finditer(text):
        out.append(text[pos : m.end()])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _ending(line: str) -> str:
    return line[len(_body(line)) :] or "\n"


# --------------------------------------------------------------------------------------------
# Attaching fixes to findings.
# --------------------------------------------------------------------------------------------


def attach_fixes(doc: Optional["Document"], findings: Iterable["Finding"], text: Optional[str] = None) -> None:
    """Set ``finding.fix`` on every finding a fixer can repair (suppressed ones included, so that
    the JSON output shows the fix; :func:`fixes_to_apply` skips them). ``doc`` is None for a
    draft that did not validate; ``text`` is then its source."""
    lines: Optional[list[str]] = None
    for f in findings:
        fixer = FIXERS.get(f.code)
        if fixer is None or f.line is None or (doc is None and f.code != "IK004"):
            continue
        if lines is None:
            lines = split_lines(text if text is not None else doc.text if doc is not None else "")
        try:
            f.fix = fixer(f, doc, lines)
        except Exception:  # noqa: BLE001 - a fixer that cannot work out an edit offers none
            f.fix = None


def fixes_to_apply(findings: Iterable["Finding"]) -> list[Fix]:
    """The fixes of the unsuppressed findings, without duplicates or overlaps (the first one in
    line order wins; the next pass picks up the rest)."""
    chosen: list[Fix] = []
    for fx in sorted({f.fix for f in findings if f.fix is not None and not f.suppressed}, key=lambda x: (x.start_line, x.end_line)):
        if any(fx.overlaps(c) for c in chosen):
            continue
        chosen.append(fx)
    return chosen


def apply(text: str, fixes: Iterable[Fix]) -> str:
    """``text`` with the (non-overlapping) fixes applied. Inserted lines take the line ending of
    the text they land in."""
    lines = split_lines(text)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    for fx in sorted(fixes, key=lambda x: (x.start_line, x.end_line), reverse=True):
        start = fx.start_line - 1
        end = max(fx.end_line, fx.start_line - 1)
        if start > len(lines):
            continue
        new = split_lines(fx.replacement)
        new = [_body(n) + newline for n in new]
        unterminated = bool(lines) and not lines[-1].endswith(("\n", "\r"))
        if unterminated and new and start == len(lines):  # appending after a last line without newline
            lines[-1] += newline
            new[-1] = _body(new[-1])
        elif unterminated and new and end >= len(lines):  # replacing that last line: keep it unterminated
            new[-1] = _body(new[-1])
        lines[start:end] = new
    return "".join(lines)


# --------------------------------------------------------------------------------------------
# IK602 / IK603 / IK004: enum spellings.
# --------------------------------------------------------------------------------------------

_WORDS_RE = re.compile(r"[A-Za-z][A-Za-z -]*[A-Za-z]|[A-Za-z]")


def _canonical(value: str, table: dict[str, str]) -> Optional[str]:
    return table.get(" ".join(value.lower().split()))


def _respell_cell(line: str, column: Optional[int], table: dict[str, str]) -> Optional[tuple[str, str, str]]:
    """The line with the cell starting at ``column`` respelt, the old word and the new one."""
    if column is None or column < 1:
        return None
    start = column - 1
    m_end = re.compile(r"(?<!\\)\|").search(line, start)
    end = m_end.start() if m_end else len(line)
    cell = line[start:end]
    m = _WORDS_RE.search(cell)
    if m is None or cell[: m.start()].strip("*_ ") or cell[m.end() :].strip("*_. "):
        return None  # more than one word group, or text around it: not a plain variant
    new = _canonical(m.group(0), table)
    if new is None or new == m.group(0):
        return None
    return line[: start + m.start()] + new + line[start + m.end() :], m.group(0), new


def _enum_fixer(table: dict[str, str], what: str) -> Fixer:
    def fixer(f: "Finding", doc: "Document", lines: list[str]) -> Optional[Fix]:
        if f.line is None or f.line > len(lines) or doc.origin == "yaml":
            return None
        line = lines[f.line - 1]
        done = _respell_cell(_body(line), f.column, table)
        if done is None:
            return None
        new_line, old, new = done
        return Fix(f"{what} {old} -> {new}", f.line, f.line, new_line + _ending(line))

    return fixer


_DRAFT_ENUM_RE = re.compile(r"^(?:[\w.\[\]]*\.)?(?P<field>kind|status): '(?P<value>[^'\n]*)' is not an allowed value")
# A scalar after "key: ", quoted or plain, and what follows it (blanks, a comment). A plain value
# ends at its last non-blank character: the lazy ``[^"'#\n]*?`` this replaces retried the blanks
# after every character (quadratic on a long run of spaces).
# (``body`` is one line: its blanks are ``[^\S\n]``, so no search runs on across line ends.)
_YAML_QUOTED_RE = re.compile(r"""(?P<q>["'])(?P<v>[^"'#\n]*)(?P=q)(?P<rest>[^\S\n]*(?:#.*)?)$""")
_YAML_PLAIN_RE = re.compile(r"""(?P<q>)(?P<v>(?:[^"'#\n]*[^"'#\s])?)(?P<rest>[^\S\n]*(?:#.*)?)$""")


def _yaml_scalar(body: str, pos: int) -> Optional[re.Match[str]]:
    return (_YAML_QUOTED_RE if body.startswith(("'", '"'), pos) else _YAML_PLAIN_RE).match(body, pos)


def _draft_enum(f: "Finding", doc: Optional["Document"], lines: list[str]) -> Optional[Fix]:
    """IK004 on a YAML draft: ``kind: Preventive`` -> ``kind: Prevent``."""
    m = _DRAFT_ENUM_RE.match(f.message)
    if m is None or (doc is not None and doc.origin != "yaml") or f.line is None or f.line > len(lines):
        return None
    table = KIND_VARIANTS if m.group("field") == "kind" else STATUS_VARIANTS
    new = _canonical(m.group("value"), table)
    if new is None:
        return None
    line = lines[f.line - 1]
    body = _body(line)
    key = re.match(rf"^(?P<lead>\s*(?:-\s+)?{m.group('field')}\s*:\s*)", body)
    if key is None:
        return None
    value = _yaml_scalar(body, key.end())
    if value is None or _canonical(value.group("v"), table) != new:
        return None
    q = value.group("q")
    return Fix(
        f"{m.group('field')} {value.group('v')} -> {new}",
        f.line,
        f.line,
        body[: key.end()] + q + new + q + value.group("rest") + _ending(line),
    )


# --------------------------------------------------------------------------------------------
# IK601: the Action Items header.
# --------------------------------------------------------------------------------------------

_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
# Column names people use for a template column (compared after header_key()).
_COLUMN_SYNONYMS = {
    "type": "kind",
    "action kind": "kind",
    "root cause": "corresponding root causes",
    "root causes": "corresponding root causes",
    "corresponding root cause": "corresponding root causes",
    "due": "due date",
    "evaluation": "evaluation criteria",
    "action": "action item",
    "action items": "action item",
    "item": "action item",
}


def _pipe_cells(line: str) -> Optional[list[str]]:
    s = _body(line).strip()
    if not s.startswith("|"):
        return None
    inner = s[1:-1] if s.endswith("|") and not s.endswith("\\|") else s[1:]
    return [c.strip() for c in _CELL_SPLIT_RE.split(inner)]


def _action_header(f: "Finding", doc: "Document", lines: list[str]) -> Optional[Fix]:
    from incident_kit import document as d
    from incident_kit.rules.ik6_actions import IRG2_ACTION_COLUMNS, IRG3_ACTION_COLUMNS, header_key

    if doc.action_header is None or doc.action_header_line is None or f.line != doc.action_header_line:
        return None
    expected = IRG3_ACTION_COLUMNS if doc.kind == d.KIND_FULL else IRG2_ACTION_COLUMNS
    start = doc.action_header_line
    header = _pipe_cells(lines[start - 1]) if start <= len(lines) else None
    if not header or start + 1 > len(lines):
        return None
    sep = _pipe_cells(lines[start])
    if sep is None or len(sep) != len(header) or not all(re.fullmatch(r":?-+:?", c) for c in sep):
        return None
    keys = [header_key(h) for h in header]
    keys = [_COLUMN_SYNONYMS.get(k, k) for k in keys]
    want = [header_key(e) for e in expected]
    if len(set(keys)) != len(keys) or any(w not in keys for w in want):
        return None  # a column is missing (or named twice): not mechanical
    order = [keys.index(w) for w in want] + [i for i, k in enumerate(keys) if k not in want]
    end = start + 1
    rows: list[list[str]] = []
    while end < len(lines):
        cells = _pipe_cells(lines[end])
        if cells is None:
            break
        if len(cells) != len(header):
            return None  # rows that do not line up with the header cannot be moved safely
        rows.append(cells)
        end += 1
    names = list(expected) + [header[i] for i in order[len(expected) :]]
    out = ["| " + " | ".join(names) + " |", "|" + "|".join(sep[i] for i in order) + "|"]
    out += ["| " + " | ".join(r[i] for i in order) + " |" for r in rows]
    return Fix("restore the Action Items header and move the cells with their columns", start, end, "\n".join(out) + "\n")


# --------------------------------------------------------------------------------------------
# IK104: section order.
# --------------------------------------------------------------------------------------------

_SUPPRESSION_LINE_RE = re.compile(r"^\s*<!--\s*incident-kit:", re.IGNORECASE)


def _section_order(f: "Finding", doc: "Document", lines: list[str]) -> Optional[Fix]:
    from incident_kit.irg.templates import TEMPLATE_SECTIONS

    order = TEMPLATE_SECTIONS.get(doc.kind)
    if not order or doc.origin == "yaml":
        return None
    sections = sorted((s for s in doc.sections if s.key in order), key=lambda s: s.line)
    if len(sections) < 2:
        return None
    levels = {s.level for s in sections}
    if len(levels) != 1:
        return None
    # Each chunk runs from its heading (or a suppression comment right above it) to the next.
    starts = []
    for s in sections:
        at = s.line
        while at > 1 and (_SUPPRESSION_LINE_RE.match(lines[at - 2]) or (not lines[at - 2].strip() and at - 2 > 0 and _SUPPRESSION_LINE_RE.match(lines[at - 3]))):
            at -= 1
        starts.append(at)
    region_end = max(s.end_line for s in doc.sections if s.line >= sections[0].line)
    region_end = min(max(region_end, sections[-1].end_line), len(lines))
    chunks = []
    for i, s in enumerate(sections):
        stop = starts[i + 1] - 1 if i + 1 < len(sections) else region_end
        chunks.append((order.index(s.key), i, lines[starts[i] - 1 : stop]))
    ranked = sorted(chunks, key=lambda c: (c[0], c[1]))
    if [c[1] for c in ranked] == list(range(len(chunks))):
        return None
    out: list[str] = []
    for n, (_, _, chunk) in enumerate(ranked):
        body = [_body(x) for x in chunk]
        while body and not body[-1].strip():
            body.pop()
        out += body
        if n + 1 < len(ranked):
            out.append("")
    # Keep the blank lines that followed the region's last chunk.
    last = [_body(x) for x in chunks[-1][2]]
    trailing = len(last) - len([*_rstrip_blank(last)])
    out += [""] * trailing
    return Fix("move the sections into template order", starts[0], region_end, "".join(x + "\n" for x in out))


def _rstrip_blank(body: list[str]) -> list[str]:
    body = list(body)
    while body and not body[-1].strip():
        body.pop()
    return body


# --------------------------------------------------------------------------------------------
# IK102: a missing field.
# --------------------------------------------------------------------------------------------

_MISSING_RE = re.compile(r'^the "(?P<label>[^"]+)" field is missing from the ')
_BULLET_LABEL_RE = re.compile(r"^(?P<lead>\s*(?:[-*+]\s+)?)\*\*")
PROMPT = "<the answer, or N/A if it does not apply>"


def _missing_field(f: "Finding", doc: "Document", lines: list[str]) -> Optional[Fix]:
    from incident_kit.irg.templates import FIELD_LABELS, TEMPLATE_FIELDS, TIMELINE_SUBFIELDS

    m = _MISSING_RE.match(f.message)
    if m is None or doc.origin != "markdown":
        return None
    key = next((k for k, v in FIELD_LABELS.items() if v == m.group("label")), None)
    if key is None or key in TIMELINE_SUBFIELDS or key in doc.fields:
        return None
    section = next((s for s in doc.sections if s.line == f.line), None)
    keys = next((ks for sk, ks in TEMPLATE_FIELDS.get(doc.kind, ()) if section is not None and sk == section.key), None)
    if section is None or keys is None or key not in keys:
        return None
    inside = lambda k: k in doc.fields and doc.fields[k].line is not None and section.line < doc.fields[k].line <= section.end_line  # noqa: E731
    later = [k for k in keys[keys.index(key) + 1 :] if inside(k) and k not in TIMELINE_SUBFIELDS]
    earlier = [k for k in keys[: keys.index(key)] if inside(k) and k not in TIMELINE_SUBFIELDS]
    label = m.group("label")
    quoted = _quoted_label(lines, section, label)
    if quoted is not None:
        return quoted
    if later:
        at = min(doc.fields[k].line for k in later)
        style = _BULLET_LABEL_RE.match(lines[at - 1])
        if style is None:
            return None
        return Fix(f"add the {label} field", at, at - 1, f"{style.group('lead')}**{label}:** {PROMPT}\n")
    # After the section's last non-blank line.
    last = section.end_line
    while last > section.line and not lines[last - 1].strip():
        last -= 1
    ref = lines[doc.fields[earlier[-1]].line - 1] if earlier else None
    style = _BULLET_LABEL_RE.match(ref) if ref is not None else None
    lead = style.group("lead") if style else "- "
    text = f"{lead}**{label}:** {PROMPT}\n"
    if last == section.line:
        text = "\n" + text
    return Fix(f"add the {label} field", last + 1, last, text)


# A labelled line whose label is wrapped in quotation marks the reader does not take for a label
# ("- „Incident description“: ...", "- “**Root cause:**” ..."): the field is there, only quoted.
_QUOTES = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"
_QUOTED_LABEL_RE = re.compile(
    # possessive runs and a label that ends on a visible character: no two parts can trade the same
    # spaces, so a long line of blanks or marks fails in linear time (tests/test_redos.py)
    rf"^(?P<lead>[ \t]*+(?:[-*+][ \t]++)?)(?P<open>[{_QUOTES}*_ ]++)(?P<label>[^{_QUOTES}*_:\n]*?[^{_QUOTES}*_:\s])"
    rf"(?P<close>[{_QUOTES}*_ ]*:[{_QUOTES}*_ ]*|[{_QUOTES}*_ ]+:)(?P<rest>(?:[ \t].*)?)$"
)
_APOSTROPHES_RE = re.compile("[\u2018\u2019\u00b4`\u2032]")


def _label_key(text: str) -> str:
    return " ".join(_APOSTROPHES_RE.sub("'", text).casefold().split())


def _quoted_label(lines: list[str], section: Any, label: str) -> Optional[Fix]:
    """IK102 when the missing field is in the section with its label in quotation marks: the label
    is written plainly (``- **Label:** value``), the value is kept as it is."""
    for number in range(section.line + 1, min(section.end_line, len(lines)) + 1):
        body = _body(lines[number - 1])
        m = _QUOTED_LABEL_RE.match(body)
        if m is None or _label_key(m.group("label")) != _label_key(label):
            continue
        if not any(q in m.group("open") + m.group("close") for q in _QUOTES):
            continue  # only emphasis around it: the reader's business, not a quotation
        return Fix(
            f"write the {label} label without quotation marks",
            number,
            number,
            f"{m.group('lead')}**{label}:**{m.group('rest')}{_ending(lines[number - 1])}",
        )
    return None


# --------------------------------------------------------------------------------------------
# IK313: times given with a zone name.
# --------------------------------------------------------------------------------------------


def _zone_to_utc(f: "Finding", doc: "Document", lines: list[str]) -> Optional[Fix]:
    """Rewrite the time of the entry at the finding's line (or, for the one finding that lists
    many entries, of every listed entry) as ``YYYY-MM-DD HH:MM UTC`` where that cannot change its
    meaning; the rest of each line is kept."""
    from incident_kit.rules.ik3_timeline import MAX_FINDINGS_PER_RULE, named_zone_entries, utc_form

    if doc.origin != "markdown":
        return None
    entries = named_zone_entries(doc)
    if len(entries) <= MAX_FINDINGS_PER_RULE:
        entries = [e for e in entries if e.line == f.line]
    edits: dict[int, str] = {}
    for entry in entries:
        new = utc_form(entry)
        if new is None or entry.line > len(lines) or entry.line in edits:
            continue
        line = lines[entry.line - 1]
        body = _body(line)
        if body.count(entry.when.raw) != 1:
            continue
        edits[entry.line] = body.replace(entry.when.raw, new) + _ending(line)
    if not edits:
        return None
    start, end = min(edits), max(edits)
    what = "the time" if len(edits) == 1 else f"{len(edits)} times"
    return Fix(
        f"write {what} in UTC", start, end, "".join(edits.get(n, lines[n - 1]) for n in range(start, end + 1))
    )


FIXERS: dict[str, Fixer] = {
    "IK004": _draft_enum,
    "IK102": _missing_field,
    "IK104": _section_order,
    "IK313": _zone_to_utc,
    "IK601": _action_header,
    "IK602": _enum_fixer(KIND_VARIANTS, "Kind"),
    "IK603": _enum_fixer(STATUS_VARIANTS, "Status"),
}
