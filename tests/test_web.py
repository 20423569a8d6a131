"""preview / timeline / serve without a browser: the commands' errors, the timeline picture's
data and layout, and the editing server's refusals (token, Host, Origin, size) and its save."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_kit.cli import app

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed-legacy-intermediate-disclosure.md"


def _texts(svg: str, cls: str) -> list[str]:
    return re.findall(rf"<g class='clock clock-{cls}'[^>]*>.*?<text class='clock-label'[^>]*>([^<]*)</text>", svg)


def test_timeline_of_the_seed_has_one_red_disclosure_clock_per_certificate(tmp_path: Path) -> None:
    out = tmp_path / "t.svg"
    result = CliRunner().invoke(app, ["timeline", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert sorted(_texts(svg, "late")) == ["LATE +21 d", "LATE +25 d"]
    assert _texts(svg, "met") == []
    assert "2018-06-29 ca-created" in svg and "2018-07-31 ccadb-disclosed" in svg
    assert "(all times UTC)" in svg


def test_timeline_is_the_clocks_of_the_findings() -> None:
    """The picture draws the clocks IK701 judges: the late ones are exactly the findings' figures."""
    from incident_kit.lint.engine import lint_paths

    (result,) = lint_paths([SEED], as_of=date(2018, 8, 1), use_config=False)
    messages = " ".join(f.message for f in result.findings if f.code == "IK701")
    assert "25 days past the 7-day limit" in messages and "21 days past the 7-day limit" in messages


def test_timeline_compresses_long_gaps_and_is_deterministic(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text(
        "## Full Incident Report\n\n### Timeline\n\nAll times are UTC.\n\n"
        "- 2019-03-04 10:00 UTC: A change to the certificate profile code is deployed.\n"
        "- 2024-05-06 09:00 UTC: We became aware of the problem through a certificate problem report.\n"
        "- 2024-05-06 12:00 UTC: Issuance stopped.\n"
        "- 2024-05-14 09:30 UTC: Revocation of all affected certificates completed.\n",
        encoding="utf-8",
    )
    runs = [CliRunner().invoke(app, ["timeline", str(report), "--as-of", "2024-05-20"]) for _ in range(2)]
    assert runs[0].exit_code == 0, runs[0].output
    assert runs[0].output == runs[1].output
    svg = runs[0].output
    assert "<g class='gap'>" in svg and "5 years not to scale" in svg


def test_timeline_without_dates_says_so(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text("## Full Incident Report\n\n### Summary\n\nNothing dated here.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["timeline", str(report)])
    assert result.exit_code == 0
    assert "No dated timeline entries" in result.output


def test_event_labels_do_not_overlap() -> None:
    """Label boxes (estimated from the character count, as the layout does) never intersect."""
    from incident_kit.lint.rule import Context
    from incident_kit.sources.markdown import read_report
    from incident_kit.rules.ik7_deadlines import report_clocks
    from incident_kit.web.timeline import CHAR_W, timeline_svg

    text = "## Full Incident Report\n\n### Timeline\n\nAll times are UTC.\n\n" + "".join(
        f"- 2024-05-06 {h:02d}:00 UTC: Step {h} of the response was taken by the operations team.\n" for h in range(1, 12)
    )
    from incident_kit.sources.markdown import read_text

    doc = read_text(text, "r.md")
    svg = timeline_svg(doc, report_clocks(doc, Context()))
    boxes = [(float(x), float(y), len(t)) for x, y, t in re.findall(r"<g class='event'[^>]*>.*?<text x='([\d.]+)' y='([\d.]+)'[^>]*>([^<]*)</text>", svg)]
    assert len(boxes) == 11
    for i, (x1, y1, n1) in enumerate(boxes):
        for x2, y2, n2 in boxes[i + 1:]:
            if y1 == y2:
                assert x1 + n1 * CHAR_W <= x2 or x2 + n2 * CHAR_W <= x1
    del read_report


def test_report_text_in_the_timeline_is_escaped(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text("## Full Incident Report\n\n### Timeline\n\n- 2024-05-06 10:00 UTC: <script>x</script> & more\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["timeline", str(report)])
    assert "<script>" not in result.output and "&lt;script&gt;" in result.output


def test_preview_refuses_to_overwrite_and_reports_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    out.write_text("keep", encoding="utf-8")
    r = CliRunner().invoke(app, ["preview", str(SEED), "-o", str(out)])
    assert r.exit_code == 2 and "already exists" in r.output and out.read_text() == "keep"
    r = CliRunner().invoke(app, ["preview", str(tmp_path / "missing.md")])
    assert r.exit_code == 2 and "missing.md" in r.output and "Traceback" not in r.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: full\nbug: [\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["preview", str(bad)])
    assert r.exit_code == 2 and f"{bad}:" in r.output and len(r.output.strip().splitlines()) == 1
    r = CliRunner().invoke(app, ["preview", str(SEED), "--as-of", "2018-13-01"])
    assert r.exit_code == 2 and "--as-of" in r.output


def test_preview_is_deterministic_and_self_contained() -> None:
    a = CliRunner().invoke(app, ["preview", str(SEED), "--as-of", "2018-08-01"])
    b = CliRunner().invoke(app, ["preview", str(SEED), "--as-of", "2018-08-01"])
    assert a.exit_code == 0 and a.output == b.output
    page = a.output
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.split("<main>")[0])  # nothing loaded from elsewhere
    assert "script-src 'none'" in page


def test_preview_without_cmarkgfm_is_one_line(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['cmarkgfm'] = None\n"
        "from incident_kit.cli import main; sys.argv = ['incident-kit', 'preview', sys.argv[1]]; main()\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.strip() == "incident-kit: the Bugzilla preview needs cmarkgfm: pip install 'incident-kit[web]'"
    # the timeline needs no cmarkgfm
    code = code.replace("'preview'", "'timeline'")
    r = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True)
    assert r.returncode == 0 and "<svg" in r.stdout


def test_help_imports_neither_cmarkgfm_nor_http_server() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom incident_kit.cli import app\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "print(sorted(m for m in ('cmarkgfm', 'http.server', 'incident_kit.web.page', 'playwright') if m in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "[]", r.stderr


# ---------------------------------------------------------------------------------------------
# serve
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def running(tmp_path: Path):  # type: ignore[no-untyped-def]
    from incident_kit.web.serve import Editor, make_server

    file = tmp_path / "report.md"
    file.write_text("## Full Incident Report\n", encoding="utf-8")
    editor = Editor(file, as_of=date(2024, 6, 1))
    srv = make_server(editor)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1], editor, file
    srv.shutdown()
    srv.server_close()


def _request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _post(port: int, editor, what: str, text: str, **over: str) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    headers = {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"}
    headers.update(over)
    return _request(port, "POST", f"/{editor.token}/{what}", json.dumps({"text": text}).encode(), headers)


def test_serve_binds_to_loopback_only(running) -> None:  # type: ignore[no-untyped-def]
    from incident_kit.web.serve import make_server, Editor

    srv = make_server(Editor(None))
    try:
        assert srv.server_address[0] == "127.0.0.1"
    finally:
        srv.server_close()


def test_serve_refuses_requests_without_the_token(running) -> None:  # type: ignore[no-untyped-def]
    port, editor, file = running
    assert _request(port, "GET", "/")[0] == 403
    wrong = editor.token[:-1] + ("y" if editor.token.endswith("x") else "x")  # never the token itself
    assert _request(port, "GET", f"/{wrong}/")[0] == 403
    assert _request(port, "GET", f"/?token={editor.token}")[0] == 403
    status, body = _request(port, "POST", "/lint", json.dumps({"text": "x"}).encode(),
                            {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"})
    assert status == 403 and editor.token.encode() not in body
    assert _request(port, "GET", f"/{editor.token}/")[0] == 200


def test_serve_refuses_other_origins_and_hosts(running) -> None:  # type: ignore[no-untyped-def]
    port, editor, file = running
    assert _post(port, editor, "save", "pwned", Origin="http://evil.example")[0] == 403
    assert _post(port, editor, "save", "pwned", Origin="null")[0] == 403
    assert _post(port, editor, "save", "pwned", **{"Sec-Fetch-Site": "cross-site"})[0] == 403
    headers = {"Content-Type": "application/json"}
    assert _request(port, "POST", f"/{editor.token}/save", b'{"text": "pwned"}', headers)[0] == 403  # no Origin
    assert _request(port, "GET", f"/{editor.token}/", headers={"Host": f"evil.example:{port}"})[0] == 403  # DNS rebinding
    assert file.read_text(encoding="utf-8") == "## Full Incident Report\n"


def test_serve_limits_request_size(running) -> None:  # type: ignore[no-untyped-def]
    from incident_kit.web.serve import MAX_BODY

    port, editor, file = running
    # refused on the declared size, before a byte of the body is read
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("POST", f"/{editor.token}/lint")
    for k, v in {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json", "Content-Length": str(MAX_BODY + 1)}.items():
        conn.putheader(k, v)
    conn.endheaders()
    resp = conn.getresponse()
    assert resp.status == 413 and b"larger than" in resp.read()
    conn.close()
    assert _request(port, "POST", f"/{editor.token}/lint", b"", {"Origin": f"http://127.0.0.1:{port}"})[0] in (411, 415)
    assert _post(port, editor, "lint", "not json", **{"Content-Type": "text/plain"})[0] == 415


def test_serve_lints_and_saves_only_the_given_file(running, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    port, editor, file = running
    status, body = _post(port, editor, "lint", "## Full Incident Report\n\nSee bug 123.\n")
    data = json.loads(body)
    assert status == 200 and 'href="https://bugzilla.mozilla.org/show_bug.cgi?id=123"' in data["comment"]
    assert data["markdown"].startswith("## Full Incident Report")
    others = set(tmp_path.iterdir())
    status, body = _post(port, editor, "save", "new text\n")
    assert status == 200 and json.loads(body)["saved"] == str(file)
    assert file.read_text(encoding="utf-8") == "new text\n"
    assert set(tmp_path.iterdir()) == others  # no temporary file left, nothing else written
    # the path is the server's, never the request's
    status, _ = _request(port, "POST", f"/{editor.token}/save?path=/tmp/x", json.dumps({"text": "y", "path": "/tmp/x"}).encode(),
                         {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"})
    assert status == 200 and file.read_text(encoding="utf-8") == "y"


def test_serve_without_a_file_does_not_save(tmp_path: Path) -> None:
    from incident_kit.web.serve import Editor, make_server

    editor = Editor(None)
    srv = make_server(editor)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        status, body = _post(srv.server_address[1], editor, "save", "x")
        assert status == 409 and "no FILE" in json.loads(body)["error"]
    finally:
        srv.shutdown()
        srv.server_close()


def test_serve_draft_that_does_not_validate_shows_its_problems(running) -> None:  # type: ignore[no-untyped-def]
    port, editor, file = running
    editor.name = "draft.yaml"
    status, body = _post(port, editor, "lint", "kind: full\nbug: 3\n")
    data = json.loads(body)
    assert status == 200 and "IK004" in data["comment"] and data["counts"]["error"] >= 1


def test_readme_timeline_picture_is_current() -> None:
    result = CliRunner().invoke(app, ["timeline", str(SEED)])
    assert result.exit_code == 0
    current = (REPO / "docs" / "timeline.svg").read_text(encoding="utf-8")
    assert current == result.output, "docs/timeline.svg is stale: see the README for the command that makes it"
