"""What the commands share: turning options into a client, a cache and a loader, and resolving the
``--bug`` arguments (a bug number, or a ``bug-N`` folder written by ``fetch``)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional, Sequence

from incident_kit.sources.bugzilla.api import API_KEY_ENV, DEFAULT_BASE_URL, BugzillaError, Client, Throttle
from incident_kit.sources.bugzilla.cache import Cache, Loader
from incident_kit.sources.bugzilla.record import BugRecord, read_bug_path

_BUG_ID = re.compile(r"^#?(\d{1,9})$|^https?://\S+?[?&]id=(\d{1,9})(?:[#&]\S*)?$")


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def default_throttle() -> Throttle:
    """The throttle anonymous commands use (tests replace this function to count waits instead)."""
    return Throttle()


@dataclass
class Session:
    """Options of one command run."""

    base_url: Optional[str] = None  # --base-url, else config ``bugzilla-url``, else BMO
    offline: bool = False
    refresh: bool = False
    use_cache: bool = True
    timeout: Optional[float] = None
    throttle: Optional[Throttle] = None  # tests inject one that does not sleep
    clock: Optional[Callable[[], datetime]] = None  # default utc_now (looked up at call time)
    config: dict = field(default_factory=dict)
    _loader: Optional[Loader] = None

    def loader(self) -> Loader:
        if self._loader is None:
            base = self.base_url or self.config.get("bugzilla-url") or DEFAULT_BASE_URL
            if not isinstance(base, str):
                raise BugzillaError("config bugzilla-url: expected a URL string")
            key = os.environ.get(API_KEY_ENV, "").strip() or None
            throttle = self.throttle or (None if key else default_throttle())
            client = Client(base_url=base, api_key=key, throttle=throttle)
            if self.timeout is not None:
                client.timeout = self.timeout
            cache = Cache() if self.use_cache or self.offline else None
            self._loader = Loader(client=client, cache=cache, now=self.now, offline=self.offline, refresh=self.refresh)
        return self._loader

    def now(self) -> datetime:
        return (self.clock or utc_now)()

    def close(self) -> None:
        if self._loader is not None and self._loader.cache is not None:
            self._loader.cache.close()


def parse_bug_id(text: str) -> Optional[int]:
    """``1455147``, ``#1455147`` or a ``show_bug.cgi?id=1455147`` link -> 1455147; else None."""
    m = _BUG_ID.match(text.strip())
    if m is None:
        return None
    return int(m.group(1) or m.group(2))


def resolve(arg: str, session: Session) -> BugRecord:
    """A ``--bug`` argument: a folder or ``bug.json`` written by ``fetch``, else a bug number."""
    path = Path(arg)
    if path.exists():
        return read_bug_path(path)
    bug_id = parse_bug_id(arg)
    if bug_id is None:
        raise BugzillaError(f"--bug {arg!r}: not a bug number, a show_bug.cgi link, or a folder written by 'incident-kit fetch'")
    return session.loader().load(bug_id)


def ca_domains(config: dict, given: Sequence[str]) -> tuple[str, ...]:
    values = list(given)
    extra = config.get("ca-domains")
    if isinstance(extra, str):
        values.append(extra)
    elif isinstance(extra, list):
        values.extend(str(v) for v in extra)
    return tuple(v.strip().lower() for v in values if v.strip())
