"""A small client for Bugzilla's REST API (standard library only).

What BMO does and why the client behaves as it does (see the project's notes on the API):

* Anonymous callers may make 75 requests per minute per endpoint (bug, comments, attachments).
  Going over blocks the IP for an hour, and every request made while blocked answers HTTP 429 with
  an HTML page *and re-arms the block*. So anonymous calls go through a :class:`Throttle` set well
  under the limit, and a 429 (or any body that is not JSON: 414 from the front end, HTML pages)
  stops the run at once: :class:`StopFetching`, never retried.
* Network errors, timeouts and 5xx answers are retried a bounded number of times with a growing
  pause (:attr:`Client.retries`, :attr:`Client.backoff`).
* Bugzilla's JSON errors (``{"error": true, "code": 101, "message": ...}``) become one-line
  :class:`BugzillaError` messages.
* The API key (``BUGZILLA_API_KEY``) is sent only in the ``X-BUGZILLA-API-KEY`` header. It never
  appears in a URL, a message or a stored file; messages name URLs, which never carry it.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

from incident_kit import __version__

DEFAULT_BASE_URL = "https://bugzilla.mozilla.org/rest/"
API_KEY_ENV = "BUGZILLA_API_KEY"
API_KEY_HEADER = "X-BUGZILLA-API-KEY"
ANONYMOUS_LIMIT_PER_MINUTE = 75  # BMO's default per endpoint and IP (Bugzilla/Config/Admin.pm)
THROTTLE_PER_MINUTE = 30  # what this client allows itself, anonymously: well under the limit
DEFAULT_TIMEOUT = 30.0  # seconds, for every request
SEARCH_PAGE = 500

# Bugzilla error codes worth a message of their own (WebService/Constants.pm).
_ERROR_TEXT = {
    100: "is not a valid bug alias",
    101: "does not exist",
    102: "is not accessible to you (access denied; a private or security bug needs an API key with access)",
    110: "has a private comment you may not see",
    306: "the API key was refused (invalid or revoked); check BUGZILLA_API_KEY",
    1001: "the search timed out on the server; narrow it (--since, --status)",
}


class BugzillaError(Exception):
    """A problem the user must see as one line. ``exit_code`` 2 (input or usage)."""

    exit_code = 2

    def __init__(self, message: str, code: Optional[int] = None):
        self.message = message
        self.code = code
        super().__init__(message)


class StopFetching(BugzillaError):
    """An answer after which no further request may be sent (HTTP 429, a non-JSON body)."""


class Throttle:
    """At most ``per_minute`` requests per endpoint in any 60-second window.

    ``clock`` and ``sleep`` are injectable so that tests measure the waits instead of sleeping."""

    def __init__(
        self,
        per_minute: int = THROTTLE_PER_MINUTE,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.clock = clock
        self.sleep = sleep
        self._sent: dict[str, deque[float]] = {}

    def wait(self, endpoint: str) -> float:
        """Block until a request to ``endpoint`` may go; returns the seconds waited."""
        sent = self._sent.setdefault(endpoint, deque())
        now = self.clock()
        while sent and now - sent[0] >= 60.0:
            sent.popleft()
        waited = 0.0
        if len(sent) >= self.per_minute:
            waited = 60.0 - (now - sent[0])
            self.sleep(waited)
            now = self.clock()
            sent.popleft()
        sent.append(now)
        return waited


class NoThrottle(Throttle):
    """For callers with an API key: BMO's rate rule applies only to anonymous requests."""

    def __init__(self) -> None:
        super().__init__()

    def wait(self, endpoint: str) -> float:
        return 0.0


@dataclass
class Client:
    """``Client(base_url)``; ``api_key`` None means anonymous (and throttled)."""

    base_url: str = DEFAULT_BASE_URL
    api_key: Optional[str] = None
    timeout: float = DEFAULT_TIMEOUT
    retries: int = 2  # further attempts after a network error or 5xx
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    throttle: Optional[Throttle] = None
    sleep: Callable[[float], None] = time.sleep
    requests_sent: int = 0
    log: list[str] = field(default_factory=list)  # "GET url -> status", for --verbose and tests

    def __post_init__(self) -> None:
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        scheme = urllib.parse.urlsplit(self.base_url).scheme
        if scheme not in ("http", "https"):
            raise BugzillaError(f"--base-url {self.base_url!r} is not an http(s) URL")
        if self.throttle is None:
            self.throttle = NoThrottle() if self.api_key else Throttle()

    # -- endpoints --------------------------------------------------------------------------------

    def get_bug(self, bug_id: int) -> dict[str, Any]:
        """The bug object (``GET bug/{id}``)."""
        data = self._get(f"bug/{bug_id}", {}, "bug", subject=f"bug {bug_id}")
        bugs = data.get("bugs")
        if not isinstance(bugs, list) or not bugs or not isinstance(bugs[0], dict):
            faults = data.get("faults") or []
            if faults and isinstance(faults[0], dict):
                raise BugzillaError(f"bug {bug_id}: {faults[0].get('faultString', 'not returned')}")
            raise BugzillaError(f"bug {bug_id}: the answer has no bug in it ({self._url(f'bug/{bug_id}', {})})")
        return bugs[0]

    def get_comments(self, bug_id: int) -> list[dict[str, Any]]:
        """The bug's comments, oldest first (``GET bug/{id}/comment``)."""
        data = self._get(f"bug/{bug_id}/comment", {}, "comment", subject=f"bug {bug_id}")
        try:
            comments = data["bugs"][str(bug_id)]["comments"]
        except (KeyError, TypeError):
            raise BugzillaError(f"bug {bug_id}: the comment answer has no comments for this bug") from None
        if not isinstance(comments, list):
            raise BugzillaError(f"bug {bug_id}: the comment answer's comments are not a list")
        return comments

    def list_attachments(self, bug_id: int) -> list[dict[str, Any]]:
        """The bug's attachments without their data (``exclude_fields=data``)."""
        data = self._get(f"bug/{bug_id}/attachment", {"exclude_fields": "data"}, "attachment", subject=f"bug {bug_id}")
        try:
            items = data["bugs"][str(bug_id)]
        except (KeyError, TypeError):
            raise BugzillaError(f"bug {bug_id}: the attachment answer has no list for this bug") from None
        return list(items) if isinstance(items, list) else []

    def get_attachment(self, attachment_id: int) -> dict[str, Any]:
        """One attachment with its base64 ``data`` (only when asked for)."""
        data = self._get(f"bug/attachment/{attachment_id}", {}, "attachment", subject=f"attachment {attachment_id}")
        try:
            return data["attachments"][str(attachment_id)]
        except (KeyError, TypeError):
            raise BugzillaError(f"attachment {attachment_id}: not in the answer") from None

    def search(self, params: dict[str, Any], *, page: int = SEARCH_PAGE) -> Iterator[dict[str, Any]]:
        """Every bug a search finds, paged by key (``order=bug_id``, ``bug_id > last``), never by
        offset: offsets shift when bugs enter or leave the result between pages."""
        last = 0
        while True:
            query = dict(params)
            query.update({"order": "bug_id", "f1": "bug_id", "o1": "greaterthan", "v1": str(last), "limit": str(page)})
            data = self._get("bug", query, "search", subject="search")
            bugs = data.get("bugs")
            if not isinstance(bugs, list):
                raise BugzillaError("search: the answer has no list of bugs")
            ids = []
            for b in bugs:
                if not isinstance(b, dict) or not isinstance(b.get("id"), int):
                    raise BugzillaError("search: a bug in the answer has no numeric id")
                ids.append(b["id"])
                yield b
            if len(bugs) < page:
                return
            if max(ids) <= last:  # a server that ignores the key filter would loop forever
                raise BugzillaError("search: the server ignored the bug_id paging filter; stopping")
            last = max(ids)

    # -- transport ----------------------------------------------------------------------------------

    def _url(self, path: str, query: dict[str, Any]) -> str:
        url = urllib.parse.urljoin(self.base_url, path)
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        return url

    def _get(self, path: str, query: dict[str, Any], endpoint: str, *, subject: str) -> dict[str, Any]:
        url = self._url(path, query)
        headers = {"Accept": "application/json", "User-Agent": f"incident-kit/{__version__}"}
        if self.api_key:
            headers[API_KEY_HEADER] = self.api_key
        delay = self.backoff
        attempt = 0
        while True:
            assert self.throttle is not None
            self.throttle.wait(endpoint)
            self.requests_sent += 1
            try:
                status, content_type, body = self._send(url, headers)
            except _Retryable as exc:
                self.log.append(f"GET {url} -> {exc}")
                if attempt >= self.retries:
                    raise BugzillaError(f"{subject}: {exc} after {attempt + 1} attempts ({url})") from None
                attempt += 1
                self.sleep(delay)
                delay *= 2
                continue
            self.log.append(f"GET {url} -> {status}")
            return _decode(status, content_type, body, url, subject)

    def _send(self, url: str, headers: dict[str, str]) -> tuple[int, str, bytes]:
        """One request: (status, content type, body). Network errors, timeouts and 5xx raise
        :class:`_Retryable`; every other answer is returned, error or not."""
        request = urllib.request.Request(url, headers=headers, method="GET")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:  # noqa: S310 - http(s) only
                return resp.status, resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as err:
            body = _read_quietly(err)
            if 500 <= err.code < 600:
                raise _Retryable(f"HTTP {err.code}") from None
            return err.code, err.headers.get("Content-Type", "") if err.headers else "", body
        except (socket.timeout, TimeoutError):
            raise _Retryable(f"no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise _Retryable(f"no answer within {self.timeout:g} s") from None
            raise _Retryable(f"network error: {reason}") from None
        except (ConnectionError, OSError) as err:
            raise _Retryable(f"network error: {type(err).__name__}") from None


class _Retryable(Exception):
    pass


def _read_quietly(err: urllib.error.HTTPError) -> bytes:
    try:
        return err.read()
    except Exception:  # noqa: BLE001 - the body of an error answer is a bonus
        return b""


def _decode(status: int, content_type: str, body: bytes, url: str, subject: str) -> dict[str, Any]:
    """The JSON object of an answer, or the one-line error it stands for."""
    if status == 429:
        raise StopFetching(
            f"{subject}: HTTP 429 Too Many Requests from {_host(url)}: Bugzilla has blocked this address "
            "for an hour and every further request extends the block. Stopped without retrying; wait an "
            f"hour, or set {API_KEY_ENV} (keyed requests are not rate-limited)."
        )
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        kind = (content_type.split(";")[0].strip() or "no content type")
        raise StopFetching(
            f"{subject}: HTTP {status} with a body that is not JSON ({kind}) from {url}; stopped without "
            "retrying (a front end answered, not the API: check --base-url and the request size)"
        ) from None
    if not isinstance(data, dict):
        raise StopFetching(f"{subject}: HTTP {status}: the JSON answer is not an object ({url}); stopped")
    if data.get("error"):
        code = data.get("code")
        raise BugzillaError(_error_message(subject, code, data.get("message")), code if isinstance(code, int) else None)
    if status >= 400:
        raise BugzillaError(f"{subject}: HTTP {status} from {url}")
    return data


def _error_message(subject: str, code: Any, message: Any) -> str:
    text = _ERROR_TEXT.get(code) if isinstance(code, int) else None
    said = " ".join(str(message).split())[:200] if message else ""
    if text and code == 306:
        return f"{subject}: {text} (Bugzilla error 306)"
    if text:
        return f"{subject} {text} (Bugzilla error {code}{': ' + said if said else ''})"
    return f"{subject}: Bugzilla error {code}: {said or 'no message'}"


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc


def web_base(base_url: str) -> str:
    """``https://bugzilla.mozilla.org/rest/`` -> ``https://bugzilla.mozilla.org/``: where
    ``show_bug.cgi`` lives."""
    base = base_url.rstrip("/")
    for tail in ("/rest", "/rest.cgi"):
        if base.endswith(tail):
            base = base[: -len(tail)]
            break
    return base + "/"
