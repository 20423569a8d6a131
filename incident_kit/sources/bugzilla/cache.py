"""A local cache of fetched bugs: SQLite in the user cache directory.

``$XDG_CACHE_HOME/incident-kit/bugzilla.sqlite`` (``~/.cache/...`` when XDG_CACHE_HOME is unset).
One row per (Bugzilla base URL, bug id), holding the bug object, its comments, the bug's
``last_change_time`` and when it was fetched. A bug whose ``last_change_time`` has not moved is not
fetched again, so a batch re-run fetches only what changed. Nothing secret is stored: the API key
is a request header and never reaches this module.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from incident_kit.sources.bugzilla.api import BugzillaError, Client
from incident_kit.sources.bugzilla.record import BugRecord, format_time, make_record, record_from_json

CACHE_FILE = "bugzilla.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS bugs (
    base_url TEXT NOT NULL,
    bug_id INTEGER NOT NULL,
    last_change_time TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (base_url, bug_id)
)
"""


def cache_dir() -> Path:
    """The user cache directory for incident-kit (XDG_CACHE_HOME respected)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "incident-kit"


class Cache:
    """``Cache()`` opens (creating) the default file; ``Cache(path)`` another one."""

    def __init__(self, path: Optional[Path] = None):
        self.path = path or cache_dir() / CACHE_FILE
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path))
            # A cache, not a ledger: write-ahead log and no fsync per bug (a batch of 50 bugs spent
            # most of its time in commits). A crash loses at most the last rows, refetched next run.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise BugzillaError(f"{self.path}: the cache cannot be opened ({exc})") from None

    def close(self) -> None:
        self._db.close()

    def get(self, base_url: str, bug_id: int) -> Optional[BugRecord]:
        row = self._db.execute(
            "SELECT record FROM bugs WHERE base_url = ? AND bug_id = ?", (base_url, bug_id)
        ).fetchone()
        if row is None:
            return None
        try:
            return record_from_json(json.loads(row[0]), f"{self.path} (bug {bug_id})")
        except (json.JSONDecodeError, BugzillaError):
            return None  # a damaged row is a miss, refetched and replaced

    def put(self, record: BugRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO bugs (base_url, bug_id, last_change_time, fetched_at, record) VALUES (?, ?, ?, ?, ?)",
            (
                record.base_url,
                record.id,
                record.last_change_time,
                format_time(record.fetched_at),
                json.dumps(record.to_json(), ensure_ascii=False),
            ),
        )
        self._db.commit()


@dataclass
class Loader:
    """Gets bugs from the cache or the API.

    ``offline``: the cache only (a bug not in it is an error). ``refresh``: ignore what is cached.
    Otherwise the bug object is fetched (or taken from a search answer) and the comments are
    fetched only when the bug's ``last_change_time`` differs from the cached one."""

    client: Optional[Client]
    cache: Optional[Cache]
    now: Callable[[], datetime]
    offline: bool = False
    refresh: bool = False
    fetched: int = 0  # bugs whose comments were fetched
    reused: int = 0  # bugs served from the cache

    @property
    def base_url(self) -> str:
        return self.client.base_url if self.client is not None else ""

    def load(self, bug_id: int, bug: Optional[dict] = None) -> BugRecord:
        """The record of ``bug_id``; ``bug`` is its object when a search already returned it."""
        cached = None if self.refresh or self.cache is None else self.cache.get(self.base_url, bug_id)
        if self.offline:
            if cached is None:
                raise BugzillaError(f"bug {bug_id} is not in the cache ({self._where()}); run without --offline first")
            self.reused += 1
            return cached
        if self.client is None:
            raise BugzillaError("no Bugzilla client to fetch with")
        if bug is None:
            bug = self.client.get_bug(bug_id)
        if cached is not None and bug.get("last_change_time") and cached.last_change_time == bug.get("last_change_time"):
            record = make_record(bug, cached.raw_comments, self.now(), self.base_url, f"bug {bug_id}")
            self.reused += 1
        else:
            comments = self.client.get_comments(bug_id)
            record = make_record(bug, comments, self.now(), self.base_url, f"bug {bug_id}")
            self.fetched += 1
        if self.cache is not None:
            self.cache.put(record)
        return record

    def _where(self) -> str:
        return str(self.cache.path) if self.cache is not None else "no cache"
