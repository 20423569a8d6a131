"""A bug as fetched: Bugzilla's bug object, its comments, and when it was fetched.

The record keeps the API's JSON as it came (so a re-read never loses a field) and offers the few
values the linter needs as typed attributes. :func:`record_from_json` checks the shapes and turns a
malformed answer into one clear line.

``incident-kit fetch`` writes a record as a folder (:func:`write_bug_dir`)::

    bug-1999999/
      bug.json                    {"bug": {...}, "comments": [...], "fetched_at": ..., "base_url": ...}
      comment-000-2026-08-01T0912Z.md   one file per CA comment: its raw_text as posted
      report.md                   the latest report (raw_text), ready for ``lint`` and ``parse``

and ``lint --bug bug-1999999`` (or ``--bug bug-1999999/bug.json``) reads it back.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Optional

from incident_kit.document import parse_whiteboard, whiteboard_next_update
from incident_kit.sources.bugzilla.api import DEFAULT_BASE_URL, BugzillaError, web_base

BUG_FILE = "bug.json"
REPORT_FILE = "report.md"


def parse_time(value: Any, where: str) -> datetime:
    """Bugzilla's ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) as an aware datetime."""
    if not isinstance(value, str):
        raise BugzillaError(f"{where}: expected a time like 2026-08-01T09:12:44Z, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BugzillaError(f"{where}: {value!r} is not a time like 2026-08-01T09:12:44Z") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def format_time(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Comment:
    number: int  # "count": 0 is the bug's description
    id: int
    author: str
    time: datetime
    raw_text: str  # what the author typed: the text the linter reads
    is_private: bool = False
    attachment_id: Optional[int] = None

    @property
    def label(self) -> str:
        return f"comment {self.number} ({self.time.strftime('%Y-%m-%d %H:%M UTC')})"


@dataclass
class BugRecord:
    """One bug with its comments. ``fetched_at`` is the moment the data was known to be current:
    lifecycle rules judge the bug as of then unless ``--as-of`` says otherwise."""

    bug: dict[str, Any]
    comments: list[Comment]
    fetched_at: datetime
    base_url: str = DEFAULT_BASE_URL
    raw_comments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.bug["id"])

    @property
    def title(self) -> str:
        return str(self.bug.get("summary") or "")

    @property
    def whiteboard(self) -> str:
        return str(self.bug.get("whiteboard") or "")

    @property
    def whiteboard_tags(self) -> list[str]:
        return parse_whiteboard(self.whiteboard)

    @property
    def next_update(self) -> Optional[date]:
        return whiteboard_next_update(self.whiteboard_tags)

    @property
    def revocation_delay(self) -> bool:
        return any("revocation-delay" in t.lower() for t in self.whiteboard_tags)

    @property
    def creation_time(self) -> datetime:
        return parse_time(self.bug.get("creation_time"), f"bug {self.id}: creation_time")

    @property
    def last_change_time(self) -> str:
        return str(self.bug.get("last_change_time") or "")

    @property
    def status(self) -> str:
        return str(self.bug.get("status") or "")

    @property
    def resolution(self) -> str:
        return str(self.bug.get("resolution") or "")

    @property
    def is_open(self) -> bool:
        value = self.bug.get("is_open")
        if isinstance(value, bool):
            return value
        return not self.resolution

    @property
    def creator(self) -> str:
        return _login(self.bug.get("creator"))

    @property
    def assignee(self) -> str:
        return _login(self.bug.get("assigned_to"))

    @property
    def ca_owner(self) -> Optional[str]:
        """The CA Owner named in the title (``<CA Owner>: <brief title>``), if it has that form."""
        head, sep, _ = self.title.partition(":")
        return head.strip() or None if sep else None

    def url(self, comment: Optional[int] = None) -> str:
        link = f"{web_base(self.base_url)}show_bug.cgi?id={self.id}"
        return link if comment is None else f"{link}#c{comment}"

    def to_json(self) -> dict[str, Any]:
        """The stored form (``bug.json`` and the cache): the API's own objects plus our two facts."""
        return {
            "bug": self.bug,
            "comments": self.raw_comments,
            "fetched_at": format_time(self.fetched_at),
            "base_url": self.base_url,
        }


def _login(value: Any) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


def record_from_json(data: Any, where: str) -> BugRecord:
    """A record from its stored form; raises :class:`BugzillaError` naming ``where``."""
    if not isinstance(data, dict) or not isinstance(data.get("bug"), dict):
        raise BugzillaError(f"{where}: not a stored bug (expected an object with 'bug' and 'comments')")
    return make_record(
        data["bug"],
        data.get("comments"),
        parse_time(data.get("fetched_at"), f"{where}: fetched_at"),
        str(data.get("base_url") or DEFAULT_BASE_URL),
        where,
    )


def make_record(bug: dict[str, Any], comments: Any, fetched_at: datetime, base_url: str, where: str) -> BugRecord:
    """Check the shapes of a bug object and its comment list and build the record."""
    if not isinstance(bug.get("id"), int):
        raise BugzillaError(f"{where}: the bug has no numeric id")
    label = f"{where}: bug {bug['id']}"
    for key in ("summary", "creation_time"):
        if key not in bug:
            raise BugzillaError(f"{label}: the bug object has no {key!r}")
    parse_time(bug["creation_time"], f"{label}: creation_time")
    if not isinstance(comments, list):
        raise BugzillaError(f"{label}: comments are not a list")
    parsed = [_comment(c, i, label) for i, c in enumerate(comments)]
    parsed.sort(key=lambda c: (c.number, c.time))
    return BugRecord(bug=bug, comments=parsed, fetched_at=fetched_at, base_url=base_url, raw_comments=list(comments))


def _comment(c: Any, index: int, label: str) -> Comment:
    where = f"{label}: comment #{index}"
    if not isinstance(c, dict):
        raise BugzillaError(f"{where} is not an object")
    number = c.get("count")
    if not isinstance(number, int):
        raise BugzillaError(f"{where} has no numeric 'count'")
    where = f"{label}: comment {number}"
    raw = c.get("raw_text")
    if not isinstance(raw, str):
        # "text" adds generated lines ("Created attachment N", duplicate markers): never linted.
        raise BugzillaError(f"{where} has no raw_text (only 'text', which Bugzilla pads with generated lines)")
    author = c.get("creator") or c.get("author")
    when = c.get("creation_time") or c.get("time")
    attachment = c.get("attachment_id")
    return Comment(
        number=number,
        id=c.get("id") if isinstance(c.get("id"), int) else 0,
        author=_login(author),
        time=parse_time(when, f"{where}: creation_time"),
        raw_text=raw,
        is_private=bool(c.get("is_private")),
        attachment_id=attachment if isinstance(attachment, int) else None,
    )


# ---------------------------------------------------------------------------------------------
# The bug-N/ folder.
# ---------------------------------------------------------------------------------------------


def comment_filename(c: Comment) -> str:
    return f"comment-{c.number:03d}-{c.time.strftime('%Y-%m-%dT%H%MZ')}.md"


def write_bug_dir(record: BugRecord, out: Path, ca_comments: list[Comment], report: Optional[Comment], *, force: bool) -> list[Path]:
    """Write ``out/bug-N/`` (see the module docstring). Refuses to overwrite an existing folder
    unless ``force``. Returns the files written."""
    folder = out / f"bug-{record.id}"
    if folder.exists() and not force:
        raise BugzillaError(f"{folder}: exists; use --force to replace it")
    folder.mkdir(parents=True, exist_ok=True)
    if force:
        for old in folder.glob("comment-*.md"):
            old.unlink()
    written = [_write(folder / BUG_FILE, json.dumps(record.to_json(), indent=2, ensure_ascii=False) + "\n")]
    for c in ca_comments:
        written.append(_write(folder / comment_filename(c), _as_file_text(c.raw_text)))
    report_path = folder / REPORT_FILE
    if report is not None:
        written.append(_write(report_path, _as_file_text(report.raw_text)))
    elif report_path.exists():
        report_path.unlink()
    return written


def _as_file_text(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _write(path: Path, text: str) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_bug_path(path: Path) -> BugRecord:
    """A record from a ``bug-N`` folder or its ``bug.json``."""
    file = path / BUG_FILE if path.is_dir() else path
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BugzillaError(f"{file}: no such file (expected a folder written by 'incident-kit fetch')") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BugzillaError(f"{file}: cannot be read ({type(exc).__name__})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BugzillaError(f"{file}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    return record_from_json(data, str(file))
