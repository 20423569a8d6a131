"""Batch review: many bugs linted at once, one row per bug and a summary per CA Owner.

Formats: ``text`` (an aligned table), ``csv``, ``json`` (valid against
``schemas/review.schema.json``), ``markdown`` (GFM tables that can be posted on Bugzilla as they
are). Standard library only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional, Sequence

from incident_kit import __version__, jsonout
from incident_kit.lint.rule import FAMILIES
from incident_kit.lint.bugs import BugResult

FORMATS = ("text", "json", "csv", "markdown")
SCHEMA_ID = "https://incident-kit.invalid/schemas/review.schema.json"
FAMILY_KEYS = tuple(sorted(FAMILIES))


@dataclass
class Row:
    bug: int
    url: str
    ca_owner: Optional[str]
    title: str
    status: str
    latest_report: Optional[str]  # preliminary | full | closure | None
    latest_report_comment: Optional[int]
    findings: dict[str, int]  # by family, unsuppressed
    errors: int
    warnings: int
    notices: int
    overdue: list[str] = field(default_factory=list)  # messages of overdue bug-level findings
    days_since_ca_comment: Optional[int] = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "bug": self.bug,
            "url": self.url,
            "ca_owner": self.ca_owner,
            "title": self.title,
            "status": self.status,
            "latest_report": self.latest_report,
            "latest_report_comment": self.latest_report_comment,
            "findings_by_family": dict(self.findings),
            "errors": self.errors,
            "warnings": self.warnings,
            "notices": self.notices,
            "overdue": list(self.overdue),
            "days_since_ca_comment": self.days_since_ca_comment,
        }


def row_for(br: BugResult) -> Row:
    view = br.view
    record = view.record
    visible = br.result.visible
    by_family = {k: 0 for k in FAMILY_KEYS}
    for f in visible:
        by_family[f.code[:3]] = by_family.get(f.code[:3], 0) + 1
    latest = view.latest_report
    last_ca = view.last_ca_comment
    return Row(
        bug=record.id,
        url=record.url(),
        ca_owner=record.ca_owner,
        title=record.title,
        status=(record.status + (f" {record.resolution}" if record.resolution else "")).strip(),
        latest_report=latest.kind if latest is not None else None,
        latest_report_comment=latest.number if latest is not None else None,
        findings=by_family,
        errors=sum(f.severity.value == "error" for f in visible),
        warnings=sum(f.severity.value == "warning" for f in visible),
        notices=sum(f.severity.value == "notice" for f in visible),
        overdue=[f"{f.code}: {f.message}" for f in visible if f.ref and f.ref.get("overdue")],
        days_since_ca_comment=(view.now.date() - last_ca.time.date()).days if last_ca is not None else None,
    )


def owner_summary(rows: Sequence[Row]) -> list[dict[str, Any]]:
    owners: dict[str, dict[str, Any]] = {}
    for r in rows:
        name = r.ca_owner or "(no CA Owner in the title)"
        s = owners.setdefault(name, {"ca_owner": name, "bugs": 0, "open": 0, "errors": 0, "warnings": 0, "notices": 0,
                                     "overdue": 0, "most_days_since_ca_comment": None})
        s["bugs"] += 1
        s["open"] += int(not r.status.startswith(("RESOLVED", "VERIFIED", "CLOSED")))
        s["errors"] += r.errors
        s["warnings"] += r.warnings
        s["notices"] += r.notices
        s["overdue"] += len(r.overdue)
        if r.days_since_ca_comment is not None and r.status and not r.status.startswith(("RESOLVED", "VERIFIED", "CLOSED")):
            current = s["most_days_since_ca_comment"]
            s["most_days_since_ca_comment"] = max(current or 0, r.days_since_ca_comment)
    return sorted(owners.values(), key=lambda s: (-s["errors"], -s["overdue"], s["ca_owner"].lower()))


def review_document(results: Sequence[BugResult], *, as_of: datetime, query: dict[str, Any]) -> dict[str, Any]:
    rows = [row_for(r) for r in results]
    return {
        "$schema": SCHEMA_ID,
        "tool": "incident-kit",
        "version": __version__,
        "as_of": as_of.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "query": query,
        "bugs": [r.to_dict() for r in rows],
        "owners": owner_summary(rows),
        "findings": {str(r.view.record.id): [f.to_dict() for f in r.result.visible] for r in results},
    }


def render(doc: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return jsonout.dumps(doc) + "\n"
    if fmt == "csv":
        return _csv(doc)
    if fmt == "markdown":
        return _markdown(doc)
    if fmt == "text":
        return _text(doc)
    raise ValueError(f"unknown review format {fmt!r}; expected one of {', '.join(FORMATS)}")


_COLUMNS = ("bug", "ca_owner", "title", "status", "latest_report", "errors", "warnings", "notices", "overdue", "days_since_ca_comment")


def _cells(b: dict[str, Any]) -> list[str]:
    return [
        str(b["bug"]),
        b["ca_owner"] or "",
        b["title"],
        b["status"],
        (f"{b['latest_report']} (c{b['latest_report_comment']})" if b["latest_report"] else "none"),
        str(b["errors"]),
        str(b["warnings"]),
        str(b["notices"]),
        str(len(b["overdue"])),
        "" if b["days_since_ca_comment"] is None else str(b["days_since_ca_comment"]),
    ]


def _families(b: dict[str, Any]) -> str:
    return " ".join(f"{k}:{n}" for k, n in b["findings_by_family"].items() if n)


def _csv(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*_COLUMNS, *FAMILY_KEYS, "url"])
    for b in doc["bugs"]:
        cells = _cells(b)
        cells[4] = b["latest_report"] or ""
        writer.writerow([*cells, *(b["findings_by_family"].get(k, 0) for k in FAMILY_KEYS), b["url"]])
    return out.getvalue()


def _text(doc: dict[str, Any]) -> str:
    header = ["bug", "CA Owner", "title", "status", "latest report", "E", "W", "N", "overdue", "days silent", "by family"]
    rows = [[*_cells(b), _families(b)] for b in doc["bugs"]]
    for r in rows:
        r[2] = r[2] if len(r[2]) <= 48 else r[2][:47] + "…"
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) if rows else len(header[i]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append("")
    lines.append(f"As of {doc['as_of']}: {len(doc['bugs'])} bugs, "
                 f"{sum(b['errors'] for b in doc['bugs'])} errors, {sum(len(b['overdue']) for b in doc['bugs'])} overdue items.")
    lines.append("")
    lines.append("By CA Owner:")
    for s in doc["owners"]:
        silent = s["most_days_since_ca_comment"]
        lines.append(f"  {s['ca_owner']}: {s['bugs']} bugs ({s['open']} open), {s['errors']} errors, "
                     f"{s['warnings']} warnings, {s['overdue']} overdue" + (f", longest silence {silent} days" if silent is not None else ""))
    overdue = [(b["bug"], o) for b in doc["bugs"] for o in b["overdue"]]
    if overdue:
        lines.append("")
        lines.append("Overdue:")
        lines += [f"  bug {bug}: {o}" for bug, o in overdue]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    """A table cell that cannot break the table: pipes escaped, line breaks and leading '#' defused."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;") or " "


def _markdown(doc: dict[str, Any]) -> str:
    lines = [f"### Incident review as of {doc['as_of']}", ""]
    lines.append("| Bug | CA Owner | Title | Latest report | Errors | Warnings | Overdue | Days since CA comment |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for b in doc["bugs"]:
        c = _cells(b)
        lines.append(f"| bug {b['bug']} | {_md_cell(c[1])} | {_md_cell(c[2])} | {_md_cell(c[4])} | {c[5]} | {c[6]} | {c[8]} | {c[9] or '-'} |")
    lines += ["", "#### By CA Owner", "", "| CA Owner | Bugs | Open | Errors | Warnings | Overdue |", "| --- | --- | --- | --- | --- | --- |"]
    for s in doc["owners"]:
        lines.append(f"| {_md_cell(s['ca_owner'])} | {s['bugs']} | {s['open']} | {s['errors']} | {s['warnings']} | {s['overdue']} |")
    return "\n".join(lines) + "\n"
