"""A posted report (a :class:`~incident_kit.document.Document`) back to a draft: a plain dict in the
shape of the drafting model (:mod:`incident_kit.model`), for ``incident-kit parse``.

Values are taken as the reader found them, with the Markdown escapes the renderer adds removed
(:func:`incident_kit.drafting.render.unescape_inline`). A value that cannot be turned into what the model
expects (``Q1 2026`` as a due date, ``Preventive`` as a Kind, a time without a zone) is kept as text
and reported as a :class:`Problem`, so the user sees it and the draft validator points at it.

Things the report text does not hold are not invented: the bug metadata (CA Owner, bug title) is
left empty with a problem; timeline tags are not rendered, so they come back empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from incident_kit.irg.templates import ACTION_KINDS, ACTION_STATUSES, APPENDIX_FIELDS, SOURCE_VALUES
from incident_kit import document as d

NA = "N/A"
BUG_NOTE = "not part of the report text: fill in the CA Owner and the bug title"
DEFAULT_BUG_URL = "https://bugzilla.mozilla.org/show_bug.cgi?id={}"

_SOURCES = SOURCE_VALUES
_KINDS = ACTION_KINDS
_STATUSES = ACTION_STATUSES
_REVOKED = ("Yes", "Planned", "Delayed", "N/A")
_TRAILING_REFS_RE = re.compile(
    r"(?<!\s)\s*(?:\((?:see\s+)?action\s+items?\s+(?P<a>[#\d ,;&and]+)\)|(?:→|->)\s*(?:AIs?|action\s+items?)\s*(?P<b>[#\d ,;&and]+))\s*\.?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """A value kept as text: where it is in the report and in the draft, and why."""

    path: str  # dotted draft path, e.g. action_items[2].due_date
    line: Optional[int]
    message: str

    def render(self, file: str) -> str:
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {self.path}: {self.message}"


_COUNT_NOTE_RE = re.compile(r"^(?P<count>\d{1,3}(?:,\d{3})+|\d{1,12})\s*\((?P<note>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*\.?$")
PARSE_PROMPT_RE = re.compile(r"<not in the posted report: [^<>\n]*>")
"""The prompts ``parse`` writes for what a posted report lacks; ``render`` refuses a draft holding one."""
MISSING_PROMPT = "<not in the posted report: answer it, or write N/A with the reason it does not apply>"
"""What stands in for a required value the posted report lacks (lint IK105 asks for it)."""

class _Builder:
    """Collects problems while converting values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, line: Optional[int], message: str) -> None:
        self.problems.append(Problem(path, line, message))

    # -- text --------------------------------------------------------------------------------

    def text(self, loc: Optional[d.Located], path: str, *, required: bool = True) -> str:
        """Unescaped text. A missing or empty required value becomes a drafting prompt, with a
        problem: writing N/A would claim the field does not apply, and lint would not ask for it."""
        if loc is None:
            if not required:
                return NA
            self.problem(path, None, "missing from the report; a prompt stands in its place")
            return MISSING_PROMPT
        value = unescape(loc.raw)
        if not value.strip():
            if not required:
                return NA
            self.problem(path, loc.line, "empty in the report; a prompt stands in its place")
            return MISSING_PROMPT
        return value

    def choice(self, loc: Optional[d.Located], path: str, allowed: tuple[str, ...]) -> str:
        value = self.text(loc, path)
        for option in allowed:
            if value.strip().casefold() == option.casefold():
                return option
        if value != NA or NA not in allowed:
            self.problem(path, loc.line if loc else None, f"could not parse: {value!r} is not one of {', '.join(allowed)}")
        return value

    def count(self, loc: Optional[d.Located], path: str) -> Any:
        value = self.text(loc, path)
        digits = value.strip().replace(",", "")
        if value.strip().upper() == NA:
            return NA
        if re.fullmatch(r"\d{1,12}", digits):
            return int(digits)
        self.problem(path, loc.line if loc else None, f"could not parse: {value!r} is not a number or N/A")
        return value

    def count_with_note(self, loc: Optional[d.Located], path: str) -> dict[str, Any]:
        """``{field: count}``, plus ``{field_note: note}`` for a count followed by a note in
        parentheses ("0 (the only affected object is the CA certificate)"): both kept, and the
        renderer writes them back the same way."""
        field = path.rsplit(".", 1)[-1]
        m = _COUNT_NOTE_RE.match(loc.raw.strip()) if loc is not None else None
        if m:
            note = unescape(m.group("note")).strip()
            return {field: int(m.group("count").replace(",", "")), f"{field}_note": note}
        return {field: self.count(loc, path)}

    def day(self, loc: Optional[d.Located], parsed: Any, path: str) -> str:
        if parsed is not None:
            return parsed.isoformat()
        value = self.text(loc, path)
        self.problem(path, loc.line if loc else None, f"could not parse: {value!r} is not a date (YYYY-MM-DD)")
        return value

    def moment(self, when: Optional[d.TimeValue], raw: str, path: str, line: Optional[int]) -> str:
        """A timeline timestamp as the draft writes it (``YYYY-MM-DD HH:MM UTC``)."""
        if when is not None and when.value is not None and when.has_time and when.has_zone:
            return _format_utc(when)
        reason = "no timestamp" if when is None else _missing(when)
        self.problem(path, line, f"could not parse: {reason}")
        return when.raw.strip() if when is not None else raw


def _missing(when: d.TimeValue) -> str:
    if when.value is None:
        return f"{when.raw.strip()!r} has no year"
    if not when.has_time:
        return f"{when.raw.strip()!r} has no time of day"
    return f"{when.raw.strip()!r} has no time zone"


def _format_utc(when: d.TimeValue) -> str:
    from datetime import timezone

    v = when.value.astimezone(timezone.utc)  # type: ignore[union-attr]
    fmt = "%Y-%m-%d %H:%M:%S UTC" if v.second else "%Y-%m-%d %H:%M UTC"
    return v.strftime(fmt)


def unescape(raw: str) -> str:
    """Report text → draft text: Markdown backslash escapes removed, line by line."""
    from incident_kit.drafting.render import unescape_inline

    return "\n".join(unescape_inline(line) for line in raw.split("\n")).strip()


# --------------------------------------------------------------------------------------------
# Entry point.
# --------------------------------------------------------------------------------------------


def document_to_draft(doc: d.Document) -> tuple[dict[str, Any], list[Problem]]:
    """The draft dict for ``doc`` and the problems met (values kept as text). A file that holds
    several reports (a preliminary report, then the full report) gives the draft of the last one;
    each earlier report is named as unplaced text with its lines, never dropped silently."""
    builder = _Builder()
    if doc.parts:
        last = doc.parts[-1]
        at = "lines {}-{}".format(*last.line_range) if last.line_range else "the end"
        for part in doc.parts[:-1]:
            first, end = part.line_range or (1, 1)
            builder.problem(UNPLACED, first, f"lines {first}-{end} hold an earlier {part.kind} report; the draft is the last report ({at})")
        doc = last
    convert = _CONVERTERS.get(doc.kind)
    if convert is None:
        raise ValueError(f"{doc.path}: not an incident report ({doc.kind_reason})")
    body = convert(doc, builder)
    draft: dict[str, Any] = {"kind": doc.kind}
    if doc.irg_version in ("3.0", "3.1", "3.2", "1.0"):
        draft["irg_version"] = doc.irg_version
    draft["bug"] = {"ca_owner": "", "title": ""}  # not part of the report text (see BUG_NOTE)
    draft.update(body)
    for line, text in unplaced_text(doc):
        builder.problem(UNPLACED, line, f"no draft field holds this text, kept as a comment at the end: {text!r}")
    return draft, builder.problems


UNPLACED = "(unplaced)"
"""The path of a :class:`Problem` about report text that no draft field holds."""

_LIST_MARK_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_LABEL_RE = re.compile(r"^(?:\*\*|__)(?P<label>[^*_]{1,120}?)(?:\*\*|__)\s*:?\s*|^(?:\*\*|__)(?P<label2>[^*_]{1,120}?:)(?:\*\*|__)\s*")
_NONE_RE = re.compile(r"^(?:n/?a|none|no related incidents?)\b[ .]*$")
_NORM_DROP_RE = re.compile(r"[\\*_`~>#|\[\]()]+")


def _norm(text: str) -> str:
    return " ".join(_NORM_DROP_RE.sub(" ", text).casefold().split())


def _known_text(doc: d.Document) -> str:
    """Everything the reader placed somewhere, normalised, as one string to search in."""
    parts: list[str] = [s.title for s in doc.sections]
    parts += [loc.raw for loc in doc.fields.values()]
    parts += [e.raw for e in doc.timeline] + [e.raw for e in doc.legacy_remediation]
    parts += [f.title for f in doc.factors] + [loc.raw for f in doc.factors for loc in f.fields.values()]
    parts += [e.text for e in doc.lessons]
    for row in doc.action_items:
        parts += [c.raw for c in (row.description, row.kind, row.root_causes, row.evaluation_criteria, row.due_date, row.status) if c is not None]
    for r in doc.related:
        parts += [c.raw for c in (r.bug, r.date, r.description) if c is not None]
    parts += [c.raw for row in doc.appendix_rows for c in row.cells]
    appendix = doc.section(d.SEC_APPENDIX)
    if appendix is not None:
        parts.append(appendix.text)
    related = doc.section(d.SEC_RELATED)
    if related is not None and not doc.related and _NONE_RE.match(_norm(related.text)):
        parts.append(related.text)  # "N/A" / "None": the draft's related_incidents says the same
    for loc in (doc.title, doc.timeline_zone, doc.closing_sentence):
        if loc is not None:
            parts.append(loc.raw)
    return "\n".join(_norm(p) for p in parts)


def unplaced_text(doc: d.Document) -> list[tuple[int, str]]:
    """Lines of the report's IRG 3.x sections that the reader did not place in any value: a free
    paragraph, or a field whose label the template does not have. ``parse`` keeps them as
    comments instead of dropping them. Headings, table lines and HTML comments are structure."""
    if doc.kind not in d.IRG3_KINDS or doc.origin != "markdown":
        return []
    known = _known_text(doc)
    headings = {f.line for f in doc.factors}  # contributing-factor headings carry the title
    lines = doc.text.split("\n")
    out: list[tuple[int, str]] = []
    fenced = False
    for s in doc.sections:
        for number in range(s.line + 1, min(s.end_line, len(lines)) + 1):
            raw = lines[number - 1]
            stripped = raw.strip()
            if stripped.startswith(("```", "~~~")):
                fenced = not fenced
                continue
            if fenced or number in headings or not stripped or stripped.startswith(("#", "|", "<!--")) or set(stripped) <= set("-=*_ "):
                continue
            core = _LIST_MARK_RE.sub("", stripped)
            label = _LABEL_RE.match(core)
            rest = core[label.end() :] if label else core
            if label and not rest.strip():
                continue  # a label alone (its value follows on the next lines)
            if not _norm(rest) or _norm(rest) in known or d.Located(rest).is_na:
                continue  # placed, nothing but punctuation, or a section's N/A
            if label and _norm(core) in known:
                continue
            out.append((number, stripped))
    return out


def _section_text(doc: d.Document, key: str, b: _Builder, path: str) -> str:
    s = doc.section(key)
    if s is None:
        b.problem(path, None, "section missing from the report; a prompt stands in its place")
        return MISSING_PROMPT
    return b.text(d.Located(_paragraphs(s.text), s.line), path)


def _paragraphs(text: str) -> str:
    """Section body → text: surrounding blank lines dropped, blank-line runs collapsed."""
    return re.sub(r"\n\s*\n+", "\n\n", text.strip())


# --- IRG 3.x ----------------------------------------------------------------------------------


def _preliminary(doc: d.Document, b: _Builder) -> dict[str, Any]:
    f = doc.fields
    return {
        "summary": {
            "incident_description": b.text(f.get(d.F_INCIDENT_DESCRIPTION), "summary.incident_description"),
            "relevant_policies": b.text(f.get(d.F_RELEVANT_POLICIES), "summary.relevant_policies"),
            "source": b.choice(f.get(d.F_SOURCE), "summary.source", _SOURCES + (NA,)),
        }
    }


def _full(doc: d.Document, b: _Builder) -> dict[str, Any]:
    f = doc.fields
    return {
        "summary": {
            "ccadb_id": b.text(f.get(d.F_CCADB_ID), "summary.ccadb_id"),
            "incident_description": b.text(f.get(d.F_INCIDENT_DESCRIPTION), "summary.incident_description"),
            "timeline_summary": {
                "start": b.text(f.get(d.F_NC_START), "summary.timeline_summary.start"),
                "identified": b.text(f.get(d.F_NC_IDENTIFIED), "summary.timeline_summary.identified"),
                "end": b.text(f.get(d.F_NC_END), "summary.timeline_summary.end"),
            },
            "relevant_policies": b.text(f.get(d.F_RELEVANT_POLICIES), "summary.relevant_policies"),
            "source": b.choice(f.get(d.F_SOURCE), "summary.source", _SOURCES),
        },
        "impact": {
            **b.count_with_note(f.get(d.F_TOTAL_CERTS), "impact.total_certificates"),
            **b.count_with_note(f.get(d.F_REMAINING_VALID), "impact.remaining_valid"),
            "certificate_types": b.text(f.get(d.F_CERT_TYPES), "impact.certificate_types"),
            "heuristic": b.text(f.get(d.F_HEURISTIC), "impact.heuristic"),
            "issuance_stopped": b.text(f.get(d.F_ISSUANCE_STOPPED), "impact.issuance_stopped"),
            "analysis": b.text(f.get(d.F_ANALYSIS), "impact.analysis"),
            "additional_considerations": b.text(f.get(d.F_ADDITIONAL), "impact.additional_considerations"),
        },
        "timeline": _timeline(doc.timeline, b, "timeline"),
        "related_incidents": _related(doc, b),
        "root_causes": [_factor(f, i, b) for i, f in enumerate(doc.factors, 1)],
        "lessons_learned": {cat: _lessons(doc, cat, b, True) for cat in d.LESSON_CATEGORIES},
        "action_items": [_action(a, i, b) for i, a in enumerate(doc.action_items, 1)],
        "appendix": _appendix(doc, b),
    }


def _closure(doc: d.Document, b: _Builder) -> dict[str, Any]:
    f = doc.fields
    out: dict[str, Any] = {
        "summary": {
            "incident_description": b.text(f.get(d.F_INCIDENT_DESCRIPTION), "summary.incident_description"),
            "root_causes": b.text(f.get(d.F_CLOSURE_ROOT_CAUSES), "summary.root_causes"),
            "remediation": b.text(f.get(d.F_CLOSURE_REMEDIATION), "summary.remediation"),
            "commitments": b.text(f.get(d.F_CLOSURE_COMMITMENTS), "summary.commitments"),
        }
    }
    if doc.action_items:
        out["action_items"] = [_action(a, i, b) for i, a in enumerate(doc.action_items, 1)]
    return out


MISSING_MOMENT_PROMPT = "<not in the posted report: the date and time of the event, with its zone>"


def _timeline(entries: list[d.TimelineEntry], b: _Builder, path: str) -> list[dict[str, Any]]:
    if not entries:  # a prompt entry, not an empty list: the gap stays visible and render refuses it
        b.problem(f"{path}[1].at", None, "no timeline entry found in the report; a prompt stands in its place")
        return [{"at": MISSING_MOMENT_PROMPT, "text": MISSING_PROMPT}]
    out = []
    for i, e in enumerate(entries, 1):
        at = b.moment(e.when, e.raw, f"{path}[{i}].at", e.line)
        out.append({"at": at, "text": b.text(d.Located(e.text, e.line), f"{path}[{i}].text")})
    return out


def _related(doc: d.Document, b: _Builder) -> Any:
    if not doc.related:
        return NA
    out = []
    for i, r in enumerate(doc.related, 1):
        path = f"related_incidents[{i}]"
        bug_id: Any = r.bug_id
        if bug_id is None:
            b.problem(f"{path}.bug_id", r.line, f"could not parse: no bug number in {r.bug.raw!r}")
            bug_id = unescape(r.bug.raw)
        url = r.url or ""
        if bug_id is not None and url == DEFAULT_BUG_URL.format(bug_id):
            url = ""
        opened = _iso(r.date)
        out.append(
            {
                "bug_id": bug_id,
                "url": url,
                "opened": b.day(r.date, opened, f"{path}.opened"),
                "description": b.text(r.description, f"{path}.description"),
            }
        )
    return out


def _iso(loc: Optional[d.Located]) -> Any:
    from incident_kit.sources.markdown.vocab import iso_date

    return iso_date(loc.raw) if loc is not None else None


def _factor(f: d.ContributingFactorBlock, i: int, b: _Builder) -> dict[str, Any]:
    path = f"root_causes[{i}]"
    if f.number is None:
        b.problem(f"{path}.id", f.line, f"the contributing factor has no number; numbered {i}")
    out: dict[str, Any] = {"id": f.number if f.number is not None else i, "title": b.text(d.Located(f.title, f.line), f"{path}.title")}
    for key in d.FACTOR_FIELDS:
        out[key] = b.text(f.fields.get(key), f"{path}.{key}")
    return out


def _lessons(doc: d.Document, category: str, b: _Builder, with_refs: bool) -> Any:
    from incident_kit.sources.markdown.vocab import LESSON_FIELD_PREFIX

    entries = [e for e in doc.lessons if e.category == category]
    label = doc.fields.get(LESSON_FIELD_PREFIX + category)
    if not entries:
        if label is None:  # not N/A: that would claim the lesson does not apply, and lint would not ask
            b.problem(f"lessons_learned.{category}", None, "missing from the report; a prompt stands in its place")
            return [{"text": MISSING_PROMPT, "action_items": []} if with_refs else MISSING_PROMPT]
        return NA
    out: list[Any] = []
    for e in entries:
        text, refs = split_refs(e.text, e.action_items)
        value = unescape(text)
        if d.Located(value).is_na:
            continue
        out.append({"text": value, "action_items": refs} if with_refs else value)
    return out or NA


def split_refs(text: str, found: list[int]) -> tuple[str, list[int]]:
    """A lesson's text without its trailing action-item reference, and the numbers it refers to:
    the trailing ``(Action Items 1, 3)`` / ``→ AI #2`` when there is one, else every reference
    the reader found in the text (which is then kept whole)."""
    m = _TRAILING_REFS_RE.search(text)
    if m:
        numbers = [int(n) for n in re.findall(r"\d+", m.group("a") or m.group("b"))]
        return text[: m.start()].rstrip(), numbers
    return text, list(found)


def _action(a: d.ActionItemRow, i: int, b: _Builder) -> dict[str, Any]:
    path = f"action_items[{i}]"
    out: dict[str, Any] = {
        "description": b.text(a.description, f"{path}.description"),
        "kind": b.choice(a.kind, f"{path}.kind", _KINDS),
    }
    if a.root_causes is not None or a.evaluation_criteria is not None or a.status is not None:
        if not a.root_cause_ids:
            b.problem(f"{path}.root_causes", a.line, f"could not parse: no root cause number in {a.root_causes.raw if a.root_causes else ''!r}")
        out["root_causes"] = list(a.root_cause_ids)
        out["evaluation_criteria"] = b.text(a.evaluation_criteria, f"{path}.evaluation_criteria")
    out["due_date"] = b.day(a.due_date, a.due, f"{path}.due_date")
    if a.status is not None or "root_causes" in out:
        out["status"] = b.choice(a.status, f"{path}.status", _STATUSES)
    return out


def _appendix(doc: d.Document, b: _Builder) -> dict[str, Any]:
    s = doc.section(d.SEC_APPENDIX)
    text = _without_fences(_without_certificate_lines(doc, s)) if s is not None else ""
    certificates = [_certificate(doc, row, i, b) for i, row in enumerate(doc.appendix_rows, 1)]
    value = unescape(_paragraphs(text)) if text.strip() else NA
    if s is None:
        b.problem("appendix", None, "section missing from the report; written as N/A")
    return {"text": value, "certificates": certificates}


def _without_certificate_lines(doc: d.Document, s: d.Section) -> str:
    """The Appendix text without the lines the reader took as the certificates table (its header,
    delimiter row and rows, and the fence around them when it was a code block): those rows become
    ``certificates``, which the renderer writes again, so leaving them in the text would show every
    certificate twice. Whatever else the section says stays as written."""
    lines = s.text.split("\n")
    header = doc.appendix_header
    if not header or header[0].line is None:
        return s.text
    first = header[0].line
    last = max([first] + [row.line for row in doc.appendix_rows])
    at = {s.text_line(i): i for i in range(len(lines))}
    if first not in at or last not in at:
        return s.text
    start, end = at[first], at[last]
    opener = re.match(r"^\s{0,3}(`{3,}|~{3,})", lines[start - 1]) if start > 0 else None
    if opener and end + 1 < len(lines):
        closer = re.match(r"^\s{0,3}(`{3,}|~{3,})\s*$", lines[end + 1])
        if closer and closer.group(1)[0] == opener.group(1)[0] and len(closer.group(1)) >= len(opener.group(1)):
            start, end = start - 1, end + 1
    return "\n".join(lines[:start] + lines[end + 1 :])


def _without_fences(text: str) -> str:
    """The Appendix text without the certificates CSV block the renderer writes (those rows become
    ``certificates``); every other fenced block, the user's own code, is kept as written."""
    out: list[str] = []
    block: Optional[list[str]] = None
    fence = ""
    for line in text.split("\n"):
        m = re.match(r"^\s{0,3}(`{3,}|~{3,})", line)
        if block is None:
            if m:
                fence, block = m.group(1), [line]
            else:
                out.append(line)
            continue
        block.append(line)
        if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip(" `~"):
            if not _rendered_certificates(block):
                out.extend(block)
            block = None
    if block is not None and not _rendered_certificates(block):
        out.extend(block)  # an unclosed fence runs to the end of the section
    return "\n".join(out)


def _rendered_certificates(block: list[str]) -> bool:
    """A fenced block in the exact form of the renderer's certificates CSV: a backtick fence with
    the info string ``csv`` whose first line is the Appendix header (extra columns may follow)."""
    import csv
    import io

    from incident_kit.irg.templates import APPENDIX_COLUMNS

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(APPENDIX_COLUMNS)
    header = buffer.getvalue()
    opening = block[0].strip()
    if not opening.startswith("```") or opening.lstrip("`") != "csv" or len(block) < 2:
        return False
    first = block[1]
    return first == header or first.startswith(header + ",")


def _certificate(doc: d.Document, row: d.TableRow, i: int, b: _Builder) -> dict[str, Any]:
    from incident_kit.model import APPENDIX_COLUMNS

    header = [c.raw for c in doc.appendix_header or []]
    cert: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for idx, cell in enumerate(row.cells):
        name = header[idx] if idx < len(header) else f"column {idx + 1}"
        key = _appendix_key(name, idx, APPENDIX_COLUMNS)
        if key is None:
            extra[name] = cell.raw
        elif key == "dns_names":
            cert[key] = cell.raw.split()
        elif key in ("not_before", "not_after", "revocation_date"):
            cert[key] = cell.raw
        elif key == "is_revoked":
            cert[key] = b.choice(cell, f"appendix.certificates[{i}].is_revoked", _REVOKED)
        else:
            cert[key] = cell.raw
    if extra:
        cert["extra"] = extra
    return cert


def _appendix_key(name: str, idx: int, columns: tuple[str, ...]) -> Optional[str]:
    """The certificate field of a CSV column: by its IRG name, or by position when the header
    starts with the same word as the IRG column there (``Serial #`` for ``Serial # (hex)``)."""
    if name in columns:
        return APPENDIX_FIELDS[columns.index(name)]
    if idx < len(columns) and name.split(" ")[:1] == columns[idx].split(" ")[:1]:
        return APPENDIX_FIELDS[idx]
    return None


# --- IRG 2.0 and legacy -----------------------------------------------------------------------


def _irg2(doc: d.Document, b: _Builder) -> dict[str, Any]:
    return {
        "summary": _section_text(doc, d.SEC_SUMMARY, b, "summary"),
        "impact": _section_text(doc, d.SEC_IMPACT, b, "impact"),
        "timeline": _timeline(doc.timeline, b, "timeline"),
        "root_cause_analysis": _section_text(doc, d.SEC_RCA, b, "root_cause_analysis"),
        "lessons_learned": {cat: _lessons(doc, cat, b, False) for cat in d.LESSON_CATEGORIES[:3]},
        "action_items": [_action(a, i, b) for i, a in enumerate(doc.action_items, 1)],
        "appendix": _appendix_text(doc, b),
    }


def _appendix_text(doc: d.Document, b: _Builder) -> str:
    s = doc.section(d.SEC_APPENDIX)
    if s is None:
        b.problem("appendix", None, "section missing from the report; written as N/A")
        return NA
    body = re.sub(r"^#{1,6}\s*Details of affected certificates\s*$", "", s.text, flags=re.MULTILINE | re.IGNORECASE)
    return unescape(_paragraphs(body)) or NA


def _audit(doc: d.Document, b: _Builder) -> dict[str, Any]:
    findings = []
    numbers = [s.key for s in doc.sections if s.key.startswith("finding") and "." not in s.key]
    for i, key in enumerate(numbers, 1):
        path = f"findings[{i}]"
        actions_sec = doc.section(f"{key}.{d.SEC_ACTIONS}")
        rows = [a for a in doc.action_items if actions_sec and actions_sec.line <= a.line <= actions_sec.end_line]
        findings.append(
            {
                "description": _section_text(doc, key, b, f"{path}.description"),
                "root_cause_analysis": _section_text(doc, f"{key}.{d.SEC_RCA}", b, f"{path}.root_cause_analysis"),
                "action_items": [_action(a, j, b) for j, a in enumerate(rows, 1)],
            }
        )
    return {"findings": findings}


def _legacy(doc: d.Document, b: _Builder) -> dict[str, Any]:
    def topic(n: int, path: str) -> str:
        return _section_text(doc, f"topic{n}", b, path)

    steps = []
    for i, e in enumerate(doc.legacy_remediation, 1):
        cells = [c.strip() for c in e.text.split(" | ")]
        day = e.when.value.date().isoformat() if e.when and e.when.value and e.when.has_year else None
        if day is None:
            b.problem(f"remediation[{i}].due_date", e.line, "could not parse: no date; written as N/A")
        steps.append(
            {
                "description": unescape(cells[0]),
                "status": unescape(cells[1]) if len(cells) > 2 else "",
                "due_date": day or NA,
            }
        )
    if not steps:  # the topic's text as one step, or a prompt: never an empty list that drops it
        text = topic(7, "remediation[1].description")
        if text != MISSING_PROMPT:
            b.problem("remediation[1].due_date", None, "the remediation is prose, not dated steps; kept as one step, due date N/A")
        steps.append({"description": text, "status": "", "due_date": NA})
    return {
        "how_aware": topic(1, "how_aware"),
        "timeline": _timeline(doc.timeline, b, "timeline"),
        "issuance_stopped": topic(3, "issuance_stopped"),
        "problematic_certificates": topic(4, "problematic_certificates"),
        "certificate_data": topic(5, "certificate_data"),
        "root_cause": topic(6, "root_cause"),
        "remediation": steps,
    }


_CONVERTERS: dict[str, Callable[[d.Document, _Builder], dict[str, Any]]] = {
    d.KIND_PRELIMINARY: _preliminary,
    d.KIND_FULL: _full,
    d.KIND_CLOSURE: _closure,
    d.KIND_IRG2: _irg2,
    d.KIND_IRG2_AUDIT: _audit,
    d.KIND_LEGACY: _legacy,
}
