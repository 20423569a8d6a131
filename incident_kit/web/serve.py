"""``incident-kit serve``: a local editing page that lints as you type.

Security model (the page edits a file on the user's disk, and other local users or web pages open
in the same browser must not be able to drive it):

* the server binds to 127.0.0.1 only;
* every URL carries a random token in its path (``/<token>/...``), compared in constant time;
  a request without it gets 403 and learns nothing else;
* the ``Host`` header must name this server (``127.0.0.1:<port>``), which defeats DNS rebinding;
* a POST must come from this page: its ``Origin`` must be this server's, and ``Sec-Fetch-Site``,
  when the browser sends it, must be ``same-origin``;
* a request body must be JSON with a ``Content-Length`` of at most :data:`MAX_BODY` bytes;
* "Save" writes only the file given on the command line, atomically (a temporary file in the same
  folder, then a rename); nothing is ever read from another path;
* the page's Content Security Policy allows only its own inline script (by hash) and requests to
  its own origin, so report text shown in the preview can never run.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
import threading
from datetime import date
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Optional

MAX_BODY = 1024 * 1024  # bytes; a Bugzilla comment is at most 65,535 characters
HOST = "127.0.0.1"


class ServeError(Exception):
    """The server cannot start (file unreadable, port in use)."""


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a temporary file in the same folder, flushed, then renamed
    over it, so a crash leaves the old file or the new one, never half of one."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class Editor:
    """What the server knows: the file, the token and the lint options."""

    def __init__(self, file: Optional[Path], *, as_of: Optional[date] = None, whiteboard: Optional[str] = None,
                 token: Optional[str] = None) -> None:
        self.file = file
        self.as_of = as_of
        self.whiteboard = whiteboard
        self.token = token or secrets.token_urlsafe(24)
        self.lock = threading.Lock()
        self.name = str(file) if file is not None else "draft.md"

    def initial_text(self) -> str:
        if self.file is None or not self.file.exists():
            return ""
        try:
            return self.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ServeError(f"{self.file}: cannot be read: {exc}") from None

    def analyse(self, text: str) -> dict[str, Any]:
        from incident_kit.web.page import build_preview, fragments

        from incident_kit.text.sentences import clear_caches

        with self.lock:
            try:
                return fragments(build_preview(text, self.name, as_of=self.as_of, whiteboard=self.whiteboard))
            finally:
                clear_caches()  # every edit is new text: caches keyed by text would only grow

    def save(self, text: str) -> str:
        if self.file is None:
            raise PermissionError("no FILE was given to incident-kit serve; nothing to save to")
        with self.lock:
            atomic_write(self.file, text)
        return str(self.file)


# ---------------------------------------------------------------------------------------------
# The page.
# ---------------------------------------------------------------------------------------------

SCRIPT = r"""
(function () {
  "use strict";
  var base = document.body.getAttribute("data-base");
  var src = document.getElementById("source");
  var status = document.getElementById("status");
  var markdown = "";
  var timer = null, seq = 0, shown = 0;
  function post(what, payload) {
    return fetch(base + what, {method: "POST", headers: {"Content-Type": "application/json"},
                               body: JSON.stringify(payload), credentials: "omit", cache: "no-store"});
  }
  function update() {
    var mine = ++seq;
    status.textContent = "linting\u2026";
    post("lint", {text: src.value}).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (data) {
      if (mine < shown) { return; }
      shown = mine;
      document.getElementById("summary-slot").innerHTML = data.summary;
      document.getElementById("comment").innerHTML = data.comment;
      document.getElementById("timeline").innerHTML = data.timeline;
      markdown = data.markdown;
      status.textContent = mine === seq ? "up to date" : "linting\u2026";
    }).catch(function (e) { status.textContent = "lint failed: " + e.message; });
  }
  src.addEventListener("input", function () {
    clearTimeout(timer);
    status.textContent = "editing\u2026";
    timer = setTimeout(update, 300);
  });
  document.getElementById("copy").addEventListener("click", function () {
    navigator.clipboard.writeText(markdown).then(function () { status.textContent = "Markdown copied"; },
      function () { status.textContent = "copy refused by the browser"; });
  });
  var save = document.getElementById("save");
  save.addEventListener("click", function () {
    post("save", {text: src.value}).then(function (r) { return r.json().then(function (d) { return [r, d]; }); })
      .then(function (rd) { status.textContent = rd[0].ok ? "saved to " + rd[1].saved : "not saved: " + rd[1].error; })
      .catch(function (e) { status.textContent = "not saved: " + e.message; });
  });
  update();
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{_SCRIPT_HASH}'; "
       "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")

EDITOR_CSS = """
.editor { display: grid; grid-template-columns: minmax(320px, 2fr) minmax(0, 3fr); gap: 12px; padding: 12px 20px; }
.editor textarea { width: 100%; min-height: 80vh; font: 13px/1.4 monospace; padding: 8px; border: 1px solid #bbb; }
.bar { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; }
.bar button { font: inherit; padding: 4px 12px; }
#status { color: #555; font-size: 12px; }
"""


def editor_page(editor: Editor, text: str) -> str:
    from incident_kit.web.page import CSS

    name = escape(editor.name)
    save_note = "" if editor.file is not None else " disabled title=\"start incident-kit serve with a FILE to save\""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>incident-kit serve: {name}</title>"
        f"<style>{CSS}{EDITOR_CSS}</style></head>"
        f"<body data-base=\"/{escape(editor.token)}/\"><header class=\"top\"><h1>incident-kit: {name}</h1>"
        "<div id=\"summary-slot\"></div></header><div class=\"editor\"><div>"
        f"<div class=\"bar\"><button id=\"save\" type=\"button\"{save_note}>Save</button>"
        "<button id=\"copy\" type=\"button\">Copy Markdown for Bugzilla</button><span id=\"status\"></span></div>"
        f"<textarea id=\"source\" spellcheck=\"false\" aria-label=\"draft or report\">{escape(text)}</textarea></div>"
        "<div><div class=\"rows\" id=\"comment\"></div><h2 class=\"part\">Timeline and policy clocks</h2>"
        "<div class=\"timeline-wrap\" id=\"timeline\"></div></div></div>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


# ---------------------------------------------------------------------------------------------
# The handler.
# ---------------------------------------------------------------------------------------------


def make_handler(editor: Editor, port_of: Callable[[], int]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "incident-kit"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the URL holds the token
            return

        # -- checks ----------------------------------------------------------------------
        def _origin(self) -> str:
            return f"http://{HOST}:{port_of()}"

        def _route(self) -> Optional[str]:
            """The path after the token, or None (after answering 403) when the request is refused."""
            host_ok = self.headers.get("Host", "") == f"{HOST}:{port_of()}"
            prefix = f"/{editor.token}/"
            path = self.path.split("?", 1)[0]
            token_ok = hmac.compare_digest(path[: len(prefix)].encode(), prefix.encode()) and len(path) >= len(prefix)
            if not (host_ok and token_ok):
                self._send(HTTPStatus.FORBIDDEN, b"forbidden\n", "text/plain; charset=utf-8")
                return None
            return path[len(prefix):]

        def _same_origin_post(self) -> bool:
            origin = self.headers.get("Origin")
            site = self.headers.get("Sec-Fetch-Site")
            return origin == self._origin() and (site is None or site == "same-origin")

        # -- responses -------------------------------------------------------------------
        def _send(self, status: HTTPStatus, body: bytes, ctype: str, extra: Optional[dict[str, str]] = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, status: HTTPStatus, data: dict[str, Any]) -> None:
            self._send(status, json.dumps(data).encode("utf-8"), "application/json")

        # -- methods ---------------------------------------------------------------------
        def do_GET(self) -> None:  # noqa: N802
            rest = self._route()
            if rest is None:
                return
            if rest != "":
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
                return
            try:
                text = editor.initial_text()
            except ServeError as exc:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"{exc}\n".encode(), "text/plain; charset=utf-8")
                return
            self._send(HTTPStatus.OK, editor_page(editor, text).encode("utf-8"), "text/html; charset=utf-8",
                       {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY"})

        def do_POST(self) -> None:  # noqa: N802
            rest = self._route()
            if rest is None:
                return
            if not self._same_origin_post():
                self._json(HTTPStatus.FORBIDDEN, {"error": "cross-origin request refused"})
                return
            if rest not in ("lint", "save"):
                self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
                return
            text = self._read_text()
            if text is None:
                return
            if rest == "lint":
                try:
                    self._json(HTTPStatus.OK, editor.analyse(text))
                except Exception as exc:  # noqa: BLE001 - the page shows it; the server keeps running
                    self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"{type(exc).__name__}: {exc}"})
                return
            try:
                saved = editor.save(text)
            except PermissionError as exc:
                self._json(HTTPStatus.CONFLICT, {"error": str(exc)})
            except OSError as exc:
                self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"cannot write {editor.file}: {exc.strerror or exc}"})
            else:
                self._json(HTTPStatus.OK, {"saved": saved})

        def _read_text(self) -> Optional[str]:
            length = self.headers.get("Content-Length")
            if length is None or not length.isdigit():
                self._json(HTTPStatus.LENGTH_REQUIRED, {"error": "Content-Length required"})
                return None
            if int(length) > MAX_BODY:
                self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"request larger than {MAX_BODY} bytes"})
                self.close_connection = True
                return None
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "JSON expected"})
                return None
            try:
                data = json.loads(self.rfile.read(int(length)).decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                self._json(HTTPStatus.BAD_REQUEST, {"error": "body is not JSON"})
                return None
            text = data.get("text") if isinstance(data, dict) else None
            if not isinstance(text, str):
                self._json(HTTPStatus.BAD_REQUEST, {"error": "expected {\"text\": \"...\"}"})
                return None
            return text

    return Handler


def make_server(editor: Editor, port: int = 0) -> ThreadingHTTPServer:
    holder: dict[str, int] = {}
    try:
        server = ThreadingHTTPServer((HOST, port), make_handler(editor, lambda: holder["port"]))
    except OSError as exc:
        raise ServeError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    holder["port"] = server.server_address[1]
    return server


def url_of(server: ThreadingHTTPServer, editor: Editor) -> str:
    return f"http://{HOST}:{server.server_address[1]}/{editor.token}/"


def serve(file: Optional[Path], *, port: int = 0, as_of: Optional[date] = None, whiteboard: Optional[str] = None,
          open_browser: bool = False) -> None:
    """Run until interrupted. Prints the page's URL (with its token) on standard output."""
    if file is not None and file.is_dir():
        raise ServeError(f"{file}: is a directory; give a file name")
    if file is not None and not (file.parent if str(file.parent) else Path(".")).is_dir():
        raise ServeError(f"{file}: the folder {file.parent} does not exist")
    editor = Editor(file, as_of=as_of, whiteboard=whiteboard)
    editor.initial_text()  # fail now, not on the first page load
    server = make_server(editor, port)
    url = url_of(server, editor)
    sys.stdout.write(f"incident-kit serve: {url}\n(only this URL works; Ctrl-C stops)\n")
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
