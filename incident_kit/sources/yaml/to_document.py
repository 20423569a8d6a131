"""A loaded YAML draft -> the linter's :class:`~incident_kit.document.Document`.

Each value is placed as the rendered report shows it (enum values, ISO dates, ``YYYY-MM-DD HH:MM
UTC``, Appendix CSV times), at the line of its key in the draft, so that rules read drafts and
posted reports alike.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterator, Optional, Union

from incident_kit.irg.kinds import KIND_CLOSURE, KIND_FULL, KIND_IRG2_AUDIT, KIND_LEGACY
from incident_kit.irg.templates import APPENDIX_FIELDS, IRG2_ACTION_COLUMNS, IRG3_ACTION_COLUMNS, LEGACY, SEC_FINDING, finding_title
from incident_kit.irg.templates import SECTION_TITLES as _SECTION_TITLES
from incident_kit.irg.templates import TITLES as _TITLES

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.sources.yaml import LoadedDraft

def raw_value(value: Any) -> str:
    """A draft value as the report shows it: enum values, ISO dates, ``YYYY-MM-DD HH:MM UTC``."""
    from incident_kit.model import format_utc

    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


CSV_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
"""How the rendered Appendix CSV writes times (see :mod:`incident_kit.drafting.render`)."""


def _csv_value(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime(CSV_TIME_FORMAT)
    return raw_value(value)


def _time_value(value: datetime) -> Any:
    from incident_kit.document import TimeValue

    utc = value.astimezone(timezone.utc)
    precision = "second" if utc.second or utc.microsecond else "minute"
    return TimeValue(raw=raw_value(value), value=utc, has_time=True, has_zone=True, precision=precision)


def _date_value(value: date) -> Any:
    from incident_kit.document import TimeValue

    midnight = datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return TimeValue(raw=value.isoformat(), value=midnight, has_time=False, has_zone=False, precision="day")


# Draft key -> canonical section key, per kind family.
_SECTION_KEYS_IRG = {
    "summary": "summary",
    "impact": "impact",
    "timeline": "timeline",
    "related_incidents": "related_incidents",
    "root_causes": "root_cause_analysis",
    "root_cause_analysis": "root_cause_analysis",
    "lessons_learned": "lessons_learned",
    "action_items": "action_items",
    "appendix": "appendix",
}
_LEGACY_TOPICS = {t.draft_key: (t.key, t.title) for t in LEGACY}
"""Draft key of a legacy topic -> (section key, title)."""

def _strings(value: Any) -> Iterator[str]:
    """Every piece of user text inside a draft value, in order."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


class _DocumentBuilder:
    """Fills a :class:`Document` from a validated draft and its source map."""

    def __init__(self, loaded: LoadedDraft) -> None:
        from incident_kit.document import Document

        self.d = loaded
        self.m = loaded.model
        self.smap = loaded.smap
        self.doc = Document(path=loaded.path, text=loaded.text, origin="yaml")

    def loc(self, value: Any, *path: Union[str, int]) -> Any:
        from incident_kit.document import Located

        line, column = self.smap.locate(path)
        return Located(raw_value(value), line, column)

    def csv_loc(self, value: Any, *path: Union[str, int]) -> Any:
        """Like :meth:`loc`, with the value as the Appendix CSV writes it."""
        from incident_kit.document import Located

        line, column = self.smap.locate(path)
        return Located(_csv_value(value), line, column)

    def keyloc(self, value: Any, *path: Union[str, int]) -> Any:
        """Like :meth:`loc`, at the key (for a value that spans several lines)."""
        from incident_kit.document import Located

        line, column = self.smap.key(path) or self.smap.locate(path)
        return Located(raw_value(value), line, column)

    def line(self, *path: Union[str, int]) -> int:
        return self.smap.line(path)

    def build(self) -> "Document":
        from incident_kit.document import BugMeta, Located

        m, doc = self.m, self.doc
        kind = m.kind
        doc.kind = kind
        doc.irg_version = m.irg_version
        doc.kind_reason = f"kind: {kind} in the draft"
        doc.draft = m
        line, column = self.smap.locate(("kind",))
        doc.title = Located(_TITLES[kind], line, column)
        b = m.bug
        doc.bug = BugMeta(
            ca_owner=b.ca_owner,
            title=b.title,
            bug_id=b.bug_id,
            whiteboard=list(b.whiteboard),
            next_update=b.whiteboard_next_update,
            posted=b.posted,
        )
        self.sections()
        getattr(self, "_" + kind.replace("-", "_"))()
        return doc

    # --- sections --------------------------------------------------------------------------

    def sections(self) -> None:
        from incident_kit.document import Section

        kind = self.m.kind
        order = sorted((pos[0], key) for (key, *rest), pos in self.smap.keys.items() if not rest)
        for i, (line, key) in enumerate(order):
            canon = self._section_key(kind, key)
            if canon is None:
                continue
            end = (order[i + 1][0] - 1) if i + 1 < len(order) else len(self.d.text.splitlines())
            end = self._trim_end(line, end)
            body = "\n".join(_strings(self.d.data.get(key)))
            self.doc.sections.append(Section(canon[0], canon[1], line, end, body, None))

    def _section_key(self, kind: str, key: str) -> Optional[tuple[str, str]]:
        if kind == KIND_LEGACY:
            return _LEGACY_TOPICS.get(key)
        if kind == KIND_CLOSURE and key == "summary":
            return "closure_summary", _SECTION_TITLES["closure_summary"]
        if kind == KIND_IRG2_AUDIT:
            return None  # findings are added one by one
        canon = _SECTION_KEYS_IRG.get(key)
        return (canon, _SECTION_TITLES[canon]) if canon else None

    def _trim_end(self, start: int, end: int) -> int:
        lines = self.d.text.splitlines()
        def blank(n: int) -> bool:
            return n > len(lines) or not lines[n - 1].strip() or lines[n - 1].lstrip().startswith("#")

        while end > start and blank(end):
            end -= 1
        return end

    # --- per kind ----------------------------------------------------------------------------

    def _fields(self, base: tuple[str, ...], obj: Any, mapping: dict[str, str]) -> None:
        for attr, key in mapping.items():
            self.doc.fields[key] = self.loc(getattr(obj, attr), *base, attr)

    def _preliminary(self) -> None:
        from incident_kit import document as D

        self._fields(
            ("summary",),
            self.m.summary,
            {
                "incident_description": D.F_INCIDENT_DESCRIPTION,
                "relevant_policies": D.F_RELEVANT_POLICIES,
                "source": D.F_SOURCE,
            },
        )

    def _full(self) -> None:
        from incident_kit import document as D

        m = self.m
        self._fields(
            ("summary",),
            m.summary,
            {
                "ccadb_id": D.F_CCADB_ID,
                "incident_description": D.F_INCIDENT_DESCRIPTION,
                "relevant_policies": D.F_RELEVANT_POLICIES,
                "source": D.F_SOURCE,
            },
        )
        ts = m.summary.timeline_summary
        self.doc.fields[D.F_TIMELINE_SUMMARY] = self.keyloc("", "summary", "timeline_summary")
        self._fields(
            ("summary", "timeline_summary"),
            ts,
            {"start": D.F_NC_START, "identified": D.F_NC_IDENTIFIED, "end": D.F_NC_END},
        )
        self._fields(
            ("impact",),
            m.impact,
            {
                "total_certificates": D.F_TOTAL_CERTS,
                "remaining_valid": D.F_REMAINING_VALID,
                "certificate_types": D.F_CERT_TYPES,
                "heuristic": D.F_HEURISTIC,
                "issuance_stopped": D.F_ISSUANCE_STOPPED,
                "analysis": D.F_ANALYSIS,
                "additional_considerations": D.F_ADDITIONAL,
            },
        )
        for attr, key in (("total_certificates", D.F_TOTAL_CERTS), ("remaining_valid", D.F_REMAINING_VALID)):
            note = getattr(m.impact, f"{attr}_note")
            if note:  # the count and its note, as the rendered report writes them
                at = self.doc.fields[key]
                self.doc.fields[key] = type(at)(f"{at.raw} ({note})", at.line, at.column)
        self._timeline(m.timeline)
        self._related(m.related_incidents)
        self._factors(m.root_causes)
        self._lessons(m.lessons_learned, with_items=True)
        self._action_items(m.action_items, ("action_items",))
        self._appendix(m.appendix)

    def _closure(self) -> None:
        from incident_kit import document as D
        from incident_kit.irg import CLOSURE_SENTENCE

        self._fields(
            ("summary",),
            self.m.summary,
            {
                "incident_description": D.F_INCIDENT_DESCRIPTION,
                "root_causes": D.F_CLOSURE_ROOT_CAUSES,
                "remediation": D.F_CLOSURE_REMEDIATION,
                "commitments": D.F_CLOSURE_COMMITMENTS,
            },
        )
        self.doc.closing_sentence = D.Located(CLOSURE_SENTENCE, None, None)
        self._action_items(self.m.action_items, ("action_items",))

    def _irg2(self) -> None:
        m = self.m
        self._timeline(m.timeline)
        self._lessons(m.lessons_learned, with_items=False)
        self._action_items(m.action_items, ("action_items",))

    def _irg2_audit(self) -> None:
        from incident_kit.document import Section

        findings = self.m.findings
        for i, finding in enumerate(findings):
            line = self.line("findings", i)
            end = self.line("findings", i + 1) - 1 if i + 1 < len(findings) else len(self.d.text.splitlines())
            body = "\n".join(_strings(self.d.data["findings"][i]))
            end = self._trim_end(line, end)
            self.doc.sections.append(Section(f"{SEC_FINDING}{i + 1}", finding_title(i + 1), line, end, body))
            self._action_items(finding.action_items, ("findings", i, "action_items"))

    def _legacy(self) -> None:
        from incident_kit.document import TimelineEntry

        self._timeline(self.m.timeline)
        for i, step in enumerate(self.m.remediation):
            line, column = self.smap.locate(("remediation", i))
            due = step.due_date
            parts = [step.description] + ([step.status] if step.status else []) + [raw_value(due)]
            when = _date_value(due) if isinstance(due, date) else None
            self.doc.legacy_remediation.append(
                TimelineEntry(" – ".join(parts), line, column, when, step.description, [])
            )

    # --- shared pieces -----------------------------------------------------------------------

    def _timeline(self, events: list[Any]) -> None:
        from incident_kit.document import TimelineEntry

        for i, ev in enumerate(events):
            line, column = self.smap.locate(("timeline", i))
            when = _time_value(ev.at)
            entry = TimelineEntry(f"{when.raw} – {ev.text}", line, column, when, ev.text, [t.value for t in ev.tags])
            self.doc.timeline.append(entry)

    def _related(self, rows: Any) -> None:
        from incident_kit.document import Located, RelatedIncidentRow

        if not isinstance(rows, list):
            return
        for i, r in enumerate(rows):
            line, column = self.smap.locate(("related_incidents", i))
            self.doc.related.append(
                RelatedIncidentRow(
                    line=line,
                    bug=Located(f"[{r.bug_id}]({r.link})", *self.smap.locate(("related_incidents", i, "bug_id"))),
                    date=self.loc(r.opened, "related_incidents", i, "opened"),
                    description=self.loc(r.description, "related_incidents", i, "description"),
                    bug_id=r.bug_id,
                    url=r.link,
                )
            )

    def _factors(self, factors: list[Any]) -> None:
        from incident_kit.document import FACTOR_FIELDS, ContributingFactorBlock

        for i, f in enumerate(factors):
            block = ContributingFactorBlock(f.id, f.title, self.line("root_causes", i))
            for name in FACTOR_FIELDS:
                block.fields[name] = self.loc(getattr(f, name), "root_causes", i, name)
            block.text = "\n".join(_strings(self.d.data["root_causes"][i]))
            self.doc.factors.append(block)

    def _lessons(self, lessons: Any, with_items: bool) -> None:
        from incident_kit.document import LESSON_CATEGORIES, LessonEntry
        from incident_kit.model import NA
        from incident_kit.sources.markdown.vocab import lesson_refs

        for category in LESSON_CATEGORIES:
            items = getattr(lessons, category, None)
            if items is None:
                continue
            if items == NA:
                self.doc.lessons.append(LessonEntry(category, NA, self.line("lessons_learned", category)))
                continue
            for j, item in enumerate(items):
                line = self.line("lessons_learned", category, j)
                text, listed = (item.text, item.action_items) if with_items else (item, ())
                self.doc.lessons.append(LessonEntry(category, text, line, lesson_refs(text, listed)))

    def _action_items(self, items: list[Any], base: tuple[Union[str, int], ...]) -> None:
        from incident_kit.document import ActionItemRow, Located

        irg3 = self.m.kind in (KIND_FULL, KIND_CLOSURE)
        if self.doc.action_header is None and base in self.smap.keys:
            header_line, column = self.smap.keys[base]
            columns = IRG3_ACTION_COLUMNS if irg3 else IRG2_ACTION_COLUMNS
            self.doc.action_header = [Located(c, header_line, column) for c in columns]
            self.doc.action_header_line = header_line
        for i, a in enumerate(items):
            p = base + (i,)
            row = ActionItemRow(
                line=self.smap.line(p),
                description=self.loc(a.description, *p, "description"),
                kind=self.loc(a.kind, *p, "kind"),
                due_date=self.loc(a.due_date, *p, "due_date"),
                due=a.due_date,
            )
            if irg3:
                refs = ", ".join(f"Root Cause # {n}" for n in a.root_causes)
                row.root_causes = Located(refs, *self.smap.locate(p + ("root_causes",)))
                row.root_cause_ids = list(a.root_causes)
                row.evaluation_criteria = self.loc(a.evaluation_criteria, *p, "evaluation_criteria")
                row.status = self.loc(a.status, *p, "status")
            self.doc.action_items.append(row)

    def _appendix(self, appendix: Any) -> None:
        from incident_kit.document import Located, TableRow
        from incident_kit.irg import APPENDIX_COLUMNS

        certs = appendix.certificates
        if not certs:
            return
        extra: list[str] = []
        for c in certs:
            extra.extend(k for k in c.extra if k not in extra)
        line, column = self.smap.key(("appendix", "certificates")) or self.smap.locate(("appendix",))
        self.doc.appendix_header = [Located(c, line, column) for c in (*APPENDIX_COLUMNS, *extra)]
        for i, c in enumerate(certs):
            p = ("appendix", "certificates", i)
            cells = [self.csv_loc(_cell(c, name), *p, name) for name in APPENDIX_FIELDS]
            cells += [self.csv_loc(c.extra.get(k, ""), *p, "extra", k) for k in extra]
            self.doc.appendix_rows.append(TableRow(cells, self.smap.line(p)))


"""The AffectedCertificate fields behind the IRG Appendix columns, in column order."""


def _cell(certificate: Any, name: str) -> Any:
    value = getattr(certificate, name)
    return " ".join(value) if name == "dns_names" else value


def document_from(loaded: LoadedDraft) -> "Document":
    """The linter's :class:`Document` for a loaded draft."""
    return _DocumentBuilder(loaded).build()
