"""An in-process Bugzilla REST server for tests: stdlib ``http.server`` on 127.0.0.1 only.

It answers in the shapes of BMO's API (``GET /rest/bug/{id}``, ``/rest/bug/{id}/comment``,
``/rest/bug/{id}/attachment``, ``/rest/bug`` search with key paging) from invented bugs, and can be
told to misbehave for one path: HTTP 429 with an HTML body, 414 plain text, 5xx, malformed JSON,
a slow answer. Every request is recorded (path, query, whether an API key header came) so tests
can count them. Nothing here ever listens on another address.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional

HTML_429 = b"<!DOCTYPE html><html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>"
OPEN_STATUSES = ("UNCONFIRMED", "NEW", "ASSIGNED", "REOPENED")


@dataclass
class Canned:
    status: int
    body: bytes
    content_type: str = "application/json"
    delay: float = 0.0
    times: Optional[int] = None  # None: every time


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    had_key: bool


@dataclass
class FakeBugzilla:
    bugs: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    attachments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    canned: dict[str, list[Canned]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    valid_keys: set[str] = field(default_factory=set)
    private: set[int] = field(default_factory=set)
    url: str = ""

    def add(self, bug: dict[str, Any], comments: list[dict[str, Any]]) -> None:
        self.bugs[bug["id"]] = bug
        self.comments[bug["id"]] = comments

    def misbehave(self, path: str, status: int, body: bytes, content_type: str = "application/json", *,
                  delay: float = 0.0, times: Optional[int] = None) -> None:
        self.canned.setdefault(path, []).append(Canned(status, body, content_type, delay, times))

    def requests_to(self, prefix: str) -> list[Seen]:
        return [s for s in self.seen if s.path.startswith(prefix)]

    # -- answers ---------------------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, list[str]], key: Optional[str]) -> tuple[int, str, bytes, float]:
        for c in self.canned.get(path, []):
            if c.times is None or c.times > 0:
                if c.times is not None:
                    c.times -= 1
                return c.status, c.content_type, c.body, c.delay
        if key is not None and key not in self.valid_keys:
            return _error(401, 306, "The API key you specified is invalid.")
        parts = [p for p in path.split("/") if p]
        if parts[:1] != ["rest"]:
            return 404, "text/html", b"<html>not found</html>", 0.0
        parts = parts[1:]
        if parts == ["bug"]:
            return self._search(query)
        if len(parts) >= 2 and parts[0] == "bug" and parts[1].isdigit():
            bug_id = int(parts[1])
            if bug_id not in self.bugs:
                return _error(404, 101, f"Bug #{bug_id} does not exist.")
            if bug_id in self.private and key is None:
                return _error(401, 102, f"You are not authorized to access bug #{bug_id}.")
            if len(parts) == 2:
                return _ok({"bugs": [self.bugs[bug_id]], "faults": []})
            if parts[2] == "comment":
                return _ok({"bugs": {str(bug_id): {"comments": self.comments.get(bug_id, [])}}, "comments": {}})
            if parts[2] == "attachment":
                items = self.attachments.get(bug_id, [])
                if query.get("exclude_fields") == ["data"]:
                    items = [{k: v for k, v in a.items() if k != "data"} for a in items]
                return _ok({"bugs": {str(bug_id): items}, "attachments": {}})
        return _error(400, 32000, "unknown resource")

    def _search(self, query: dict[str, list[str]]) -> tuple[int, str, bytes, float]:
        bugs = sorted(self.bugs.values(), key=lambda b: b["id"])
        if query.get("f1") == ["bug_id"] and query.get("o1") == ["greaterthan"]:
            last = int(query.get("v1", ["0"])[0])
            bugs = [b for b in bugs if b["id"] > last]
        elif "offset" in query:
            return _error(400, 32000, "this fake only pages by key")
        for name in ("product", "component"):
            if name in query:
                bugs = [b for b in bugs if b.get(name) in query[name]]
        if "status" in query:
            bugs = [b for b in bugs if b.get("status") in query["status"]]
        if "creation_time" in query:
            since = query["creation_time"][0]
            bugs = [b for b in bugs if b["creation_time"] >= since]
        if "id" in query:
            wanted = {int(x) for v in query["id"] for x in v.split(",")}
            bugs = [b for b in bugs if b["id"] in wanted]
        limit = int(query.get("limit", ["10000"])[0]) or 10000
        return _ok({"bugs": bugs[:limit]})


def _ok(data: Any) -> tuple[int, str, bytes, float]:
    return 200, "application/json; charset=UTF-8", json.dumps(data).encode("utf-8"), 0.0


def _error(status: int, code: int, message: str) -> tuple[int, str, bytes, float]:
    body = {"error": True, "code": code, "message": message, "documentation": "https://bmo.readthedocs.io/en/latest/api/"}
    return status, "application/json; charset=UTF-8", json.dumps(body).encode("utf-8"), 0.0


class _Handler(BaseHTTPRequestHandler):
    fake: FakeBugzilla

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        split = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(split.query)
        key = self.headers.get("X-BUGZILLA-API-KEY")
        self.fake.seen.append(Seen(split.path, query, key is not None))
        status, ctype, body, delay = self.fake.answer(split.path, query, key)
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        return


def serve(fake: FakeBugzilla) -> tuple[ThreadingHTTPServer, threading.Thread]:
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/rest/"
    return server, thread
