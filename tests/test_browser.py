"""The preview and the editing page in a real browser (Debian's chromium, headless, via Playwright).

Every example's preview is loaded offline: its tables keep their rows, every finding links to a
line that exists, the timeline has the clocks the report runs, and the page requests nothing
beyond itself. A hostile report cannot run script. ``serve``: typing a change makes a finding
appear or go away, and Save writes the file. Screenshots go to tests/artifacts/ (not committed).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Iterator

import pytest
from browser import ARTIFACTS, chromium_path, why_not
from typer.testing import CliRunner

from incident_kit.cli import app

_reason = why_not()
if _reason:
    pytest.skip(_reason, allow_module_level=True)

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if p.suffix in (".md", ".yaml") and p.name != "README.md")
SEED = REPO / "examples" / "seed-legacy-intermediate-disclosure.md"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _preview(path: Path, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(app, ["preview", str(path), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def _open(browser, url: str):  # type: ignore[no-untyped-def]
    """A page that records every request and blocks all but the page's own URL."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(120_000)  # a loaded CI machine, not a speed check
    page = context.new_page()
    requests: list[str] = []

    def route(r):  # type: ignore[no-untyped-def]
        requests.append(r.request.url)
        if r.request.url == url:
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    page.goto(url)
    return page, requests


def _labels_do_not_overlap(page) -> None:  # type: ignore[no-untyped-def]
    """No two text elements of the timeline picture overlap, as the browser lays them out."""
    boxes = page.eval_on_selector_all("#timeline svg text", "ts => ts.map(t => { const b = t.getBBox(); return [b.x, b.y, b.width, b.height, t.textContent]; })")
    for i, (x1, y1, w1, h1, t1) in enumerate(boxes):
        for x2, y2, w2, h2, t2 in boxes[i + 1:]:
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1, (t1, t2)


def _table_rows(markdown: str) -> list[int]:
    """Body rows of each pipe table in the Markdown: a table is a run of lines starting with '|'
    whose second line is the delimiter row."""
    counts: list[int] = []
    run: list[str] = []
    for line in markdown.splitlines() + [""]:
        if line.lstrip().startswith("|"):
            run.append(line)
            continue
        if len(run) >= 2 and re.match(r"^\s*\|?\s*:?-{3,}", run[1]):
            counts.append(len(run) - 2)
        run = []
    return counts


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_preview_offline(browser, path: Path, tmp_path: Path) -> None:
    out = _preview(path, tmp_path / "preview.html", *(["--as-of", "2018-08-01"] if path == SEED else []))
    url = out.as_uri()
    page, requests = _open(browser, url)
    try:
        # The page asks for nothing but itself: no fonts, images, scripts or styles from anywhere.
        assert requests == [url]
        # Tables keep their rows.
        markdown = path.read_text(encoding="utf-8") if path.suffix == ".md" else path.with_suffix(".md").read_text(encoding="utf-8")
        shown = page.eval_on_selector_all("#comment table", "ts => ts.map(t => t.querySelectorAll('tbody tr').length)")
        assert shown == _table_rows(markdown)
        # Every finding links to a line (or the whole-report row) that exists on the page.
        targets = page.eval_on_selector_all("#comment .finding a[href^='#'], #summary ~ details a[href^='#']", "as => as.map(a => a.getAttribute('href'))")
        for t in set(targets):
            assert page.locator(t).count() == 1, t
        # The counts in the summary bar are those of the findings beside the blocks.
        for sev in ("error", "warning", "notice"):
            bar = int(page.inner_text(f".count.{sev}").split()[0])
            assert bar == page.locator(f"#comment .finding.{sev}").count()
        assert page.locator("#timeline svg").count() == 1
        _labels_do_not_overlap(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"preview-{path.name}.png"), full_page=True)
    finally:
        page.context.close()


def test_seed_preview_shows_each_late_disclosure_clock_and_scrolls_to_a_finding(browser, tmp_path: Path) -> None:
    out = _preview(SEED, tmp_path / "preview.html", "--as-of", "2018-08-01")
    page, _ = _open(browser, out.as_uri())
    try:
        late = page.eval_on_selector_all("#timeline .clock-late .clock-label", "ls => ls.map(l => l.textContent)")
        assert sorted(late) == ["LATE +21 d", "LATE +25 d"]
        assert page.locator("#timeline .clock-met").count() == 0
        _labels_do_not_overlap(page)
        # The comment as Bugzilla shows it: each timeline line is a hard break.
        assert page.locator("#comment p:has-text('2018-07-03') br").count() >= 3
        # Clicking the IK701 finding moves to its line's block and highlights it (CSS :target, no script).
        page.click("#comment .finding[data-code='IK701'] a >> nth=0")
        assert page.evaluate("location.hash") == "#line-12"
        highlighted = page.eval_on_selector("#line-12", "a => getComputedStyle(a.parentElement).backgroundColor")
        assert highlighted == "rgb(255, 248, 214)"
        assert page.eval_on_selector("#line-12", "a => { const r = a.parentElement.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }")
        page.screenshot(path=str(ARTIFACTS / "preview-seed-clicked.png"))
    finally:
        page.context.close()


def test_met_clocks_are_green(browser, tmp_path: Path) -> None:
    out = _preview(REPO / "examples" / "profile-misissuance-full.yaml", tmp_path / "p.html")
    page, _ = _open(browser, out.as_uri())
    try:
        assert page.locator("#timeline .clock-met").count() >= 1
        fill = page.eval_on_selector("#timeline .clock-met rect.met", "r => r.getAttribute('fill')")
        assert fill == "#41ab5d"
    finally:
        page.context.close()


HOSTILE = """## Full Incident Report

### Summary

- **Incident description:** <script>window.__owned = 1</script> and <img src="x" onerror="window.__owned = 2">
- **Link:** [click](javascript:window.__owned=3) and <iframe src="https://example.com"></iframe>

| Field | Value |
|---|---|
| a | <svg onload="window.__owned = 4"></svg> |
| b | ![x](https://example.com/track.png) |
"""


def test_hostile_report_text_never_runs(browser, tmp_path: Path) -> None:
    src = tmp_path / "hostile.md"
    src.write_text(HOSTILE, encoding="utf-8")
    out = _preview(src, tmp_path / "hostile.html")
    page, requests = _open(browser, out.as_uri())
    try:
        assert page.evaluate("typeof window.__owned") == "undefined"
        assert page.locator("script, iframe, img, #comment svg").count() == 0
        assert "<script>window.__owned = 1</script>" in page.inner_text("#comment")
        page.click("#comment a:has-text('click')") if page.locator("#comment a:has-text('click')").count() else None
        assert page.evaluate("typeof window.__owned") == "undefined"
        assert set(requests) == {out.as_uri()}  # the neutralised link points at the page itself
        page.screenshot(path=str(ARTIFACTS / "preview-hostile.png"), full_page=True)
    finally:
        page.context.close()


def test_hostile_draft_field_never_runs(browser, tmp_path: Path) -> None:
    text = (REPO / "examples" / "profile-misissuance-full.yaml").read_text(encoding="utf-8")
    marker = "    From 2026-04-07 08:14 UTC"
    assert marker in text
    src = tmp_path / "draft.yaml"
    src.write_text(text.replace(marker, "    <script>window.__owned=1</script><img src=x onerror=\"window.__owned=2\">" + marker.strip(), 1), encoding="utf-8")
    out = _preview(src, tmp_path / "d.html")
    page, _ = _open(browser, out.as_uri())
    try:
        assert page.evaluate("typeof window.__owned") == "undefined"
        assert page.locator("script, img").count() == 0
        assert "script>window.__owned=1" in page.inner_text("#comment")  # shown as text
    finally:
        page.context.close()


# ---------------------------------------------------------------------------------------------
# serve
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    from datetime import date

    from incident_kit.web.serve import Editor, make_server, url_of

    file = tmp_path / "report.md"
    file.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    editor = Editor(file, as_of=date(2018, 8, 1))
    srv = make_server(editor)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield url_of(srv, editor), file
    srv.shutdown()
    srv.server_close()


def test_serve_lints_as_you_type_and_saves(browser, server) -> None:  # type: ignore[no-untyped-def]
    url, file = server
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(120_000)
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(url) else None)
    try:
        page.goto(url)
        page.wait_for_selector("#comment .finding[data-code='IK701'] >> nth=0")
        assert page.locator("#comment .finding[data-code='IK701']").count() == 2  # one per certificate
        original = page.input_value("#source")
        # Take the disclosure out of the timeline: the late-disclosure finding goes away ...
        page.fill("#source", original.replace("2018-07-31: Both certificates were disclosed in the CCADB.\n", ""))
        page.locator("#comment .finding[data-code='IK701'] >> nth=0").wait_for(state="detached")
        assert page.locator("#timeline .clock-open[data-clock='subca-disclosure-7d']").count() == 2
        # ... and comes back when it is typed again.
        page.fill("#source", original)
        page.wait_for_selector("#comment .finding[data-code='IK701'] >> nth=0")
        assert page.locator("#timeline .clock-late[data-clock='subca-disclosure-7d']").count() == 2
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "serve.png"))
        # Save writes the given file.
        page.fill("#source", original + "\nAn added line.\n")
        page.click("#save")
        from playwright.sync_api import expect

        expect(page.locator("#status")).to_have_text(re.compile(r"^saved to "))
        assert file.read_text(encoding="utf-8").endswith("An added line.\n")
        assert foreign == []
    finally:
        context.close()


def test_serve_refuses_another_origin_in_the_browser(browser, server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A page from elsewhere (here a local file) that knows the URL still cannot lint or save."""
    url, file = server
    before = file.read_text(encoding="utf-8")
    evil = tmp_path / "evil.html"
    evil.write_text("<!DOCTYPE html><title>evil</title>", encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(evil.as_uri())
        status = page.evaluate(
            """async (u) => { try { const r = await fetch(u + 'save', {method: 'POST', mode: 'no-cors',
                 headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({text: 'pwned'})}); return r.type; }
               catch (e) { return 'blocked'; } }""",
            url,
        )
        assert status in ("opaque", "blocked")
        assert file.read_text(encoding="utf-8") == before
    finally:
        context.close()
