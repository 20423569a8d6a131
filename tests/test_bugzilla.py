"""incident-kit and Bugzilla's REST API, against an in-process server on 127.0.0.1 (never the network).

The server (tests/bugzilla_server.py) answers in BMO's shapes from invented bugs
(tests/bugzilla_bugs.py) and misbehaves on request: 429 with HTML, 414 plain text, 5xx, malformed
JSON, slow answers. The cache lives in a temporary XDG_CACHE_HOME.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bugzilla_bugs as bb
from bugzilla_server import HTML_429, FakeBugzilla, serve
from incident_kit.cli import app
from incident_kit.sources.bugzilla import api
from incident_kit.sources.bugzilla.cache import Cache, Loader, cache_dir
from incident_kit.sources.bugzilla.classify import acknowledgment_without_date, asks_the_ca, classify
from incident_kit.sources.bugzilla.record import make_record, read_bug_path

SECRET = "k3y-Zq9xVt2-never-print-me-71f0"
FETCHED = datetime(2026, 6, 10, tzinfo=timezone.utc)


class FakeClock:
    """A clock whose sleep advances it: tests measure waits instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The commands' anonymous throttle, on a fake clock: waits are counted, never slept."""
    from incident_kit.sources.bugzilla import session

    fake = FakeClock()
    monkeypatch.setattr(session, "default_throttle", lambda: api.Throttle(clock=fake, sleep=fake.sleep))
    return fake


@pytest.fixture
def bmo(tmp_path, monkeypatch, clock):  # type: ignore[no-untyped-def]
    """A served Bugzilla with the healthy invented bug 1900001; the cache in tmp; no API key."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("BUGZILLA_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    fake = FakeBugzilla()
    fake.add(*bb.healthy())
    server, thread = serve(fake)
    assert fake.url.startswith("http://127.0.0.1:")
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def client(fake: FakeBugzilla, **kw) -> api.Client:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    kw.setdefault("throttle", api.Throttle(clock=clock, sleep=clock.sleep))
    return api.Client(base_url=fake.url, sleep=clock.sleep, **kw)


# -- the client ----------------------------------------------------------------------------------


def test_bug_and_comments_in_the_api_shapes(bmo):
    c = client(bmo)
    bug = c.get_bug(1900001)
    comments = c.get_comments(1900001)
    assert bug["summary"] == bb.TITLE
    assert [x["count"] for x in comments] == list(range(8))
    assert [s.path for s in bmo.seen] == ["/rest/bug/1900001", "/rest/bug/1900001/comment"]


def test_attachments_are_listed_without_their_data(bmo):
    bmo.attachments[1900001] = [{"id": 9400001, "bug_id": 1900001, "file_name": "affected.csv", "data": "c2hhMjU2Cg==",
                                 "is_private": 0, "is_obsolete": 0, "is_patch": 0}]
    items = client(bmo).list_attachments(1900001)
    assert items and "data" not in items[0]
    assert bmo.seen[-1].query["exclude_fields"] == ["data"]


@pytest.mark.parametrize(
    "bug_id, private, expected",
    [(999999, False, "bug 999999 does not exist (Bugzilla error 101"), (1900001, True, "bug 1900001 is not accessible to you")],
)
def test_bugzilla_errors_are_one_line(bmo, bug_id, private, expected):
    if private:
        bmo.private.add(bug_id)
    with pytest.raises(api.BugzillaError) as err:
        client(bmo).get_bug(bug_id)
    assert expected in err.value.message and "\n" not in err.value.message


def test_invalid_key_is_error_306_and_the_key_is_not_in_the_message(bmo):
    with pytest.raises(api.BugzillaError) as err:
        client(bmo, api_key=SECRET).get_bug(1900001)
    assert err.value.code == 306 and "API key was refused" in err.value.message
    assert SECRET not in err.value.message


def test_429_stops_at_once_without_retry(bmo):
    bmo.misbehave("/rest/bug/1900001", 429, HTML_429, "text/html")
    c = client(bmo)
    with pytest.raises(api.StopFetching) as err:
        c.get_bug(1900001)
    assert "429" in err.value.message and "hour" in err.value.message
    assert c.requests_sent == 1 and len(bmo.seen) == 1


@pytest.mark.parametrize(
    "status, body, ctype",
    [(414, b"URI Too Long", "text/plain"), (200, b'{"bugs": [', "application/json"), (200, b"<html>maintenance</html>", "text/html")],
)
def test_a_body_that_is_not_json_stops_without_retry(bmo, status, body, ctype):
    bmo.misbehave("/rest/bug/1900001", status, body, ctype)
    c = client(bmo)
    with pytest.raises(api.StopFetching) as err:
        c.get_bug(1900001)
    assert "not JSON" in err.value.message
    assert len(bmo.seen) == 1


def test_5xx_is_retried_with_growing_backoff_then_succeeds(bmo):
    bmo.misbehave("/rest/bug/1900001", 503, b"<html>busy</html>", "text/html", times=2)
    clock = FakeClock()
    c = api.Client(base_url=bmo.url, throttle=api.Throttle(clock=clock, sleep=clock.sleep), sleep=clock.sleep, backoff=2.0)
    assert c.get_bug(1900001)["id"] == 1900001
    assert len(bmo.seen) == 3 and clock.slept == [2.0, 4.0]


def test_retries_are_bounded(bmo):
    bmo.misbehave("/rest/bug/1900001", 502, b"bad gateway", "text/plain")
    c = client(bmo, retries=2)
    with pytest.raises(api.BugzillaError, match="HTTP 502 after 3 attempts"):
        c.get_bug(1900001)
    assert len(bmo.seen) == 3


def test_every_request_has_a_timeout(bmo):
    bmo.misbehave("/rest/bug/1900001", 200, b"{}", delay=0.6)
    c = client(bmo, timeout=0.2, retries=1)
    with pytest.raises(api.BugzillaError, match=r"no answer within 0.2 s after 2 attempts"):
        c.get_bug(1900001)


def test_throttle_keeps_each_endpoint_under_its_limit_without_sleeping():
    clock = FakeClock()
    throttle = api.Throttle(per_minute=30, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(70):
        throttle.wait("comment")
        times.append(clock.now)
        throttle.wait("bug")  # another endpoint has its own budget
    for i, start in enumerate(times):
        assert sum(1 for t in times[i:] if t - start < 60) <= 30
    assert clock.slept and times[-1] - times[0] >= 120


def test_anonymous_default_throttle_is_well_under_bmo_limit_and_keyed_calls_are_not_throttled():
    assert api.Client().throttle.per_minute <= api.ANONYMOUS_LIMIT_PER_MINUTE // 2
    assert isinstance(api.Client(api_key=SECRET).throttle, api.NoThrottle)


def test_search_pages_by_key_never_by_offset(bmo):
    for i in range(45):
        b, cs = bb.healthy(1800000 + i)
        bmo.add(b, cs)
    found = list(client(bmo).search({"component": "CA Certificate Compliance"}, page=20))
    assert len(found) == 46
    searches = bmo.requests_to("/rest/bug")
    assert [s.query["v1"][0] for s in searches] == ["0", "1800019", "1800039"]
    assert all("offset" not in s.query and s.query["order"] == ["bug_id"] for s in searches)


# -- classification --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Why did the linter not block the certificate?", "Please provide the list of serial numbers.",
     "> quoted\n\nCould you confirm the revocation time."],
)
def test_questions_to_the_ca(text):
    assert asks_the_ca(text)


@pytest.mark.parametrize(
    "text",
    ["Thanks for the update.", "Are there any further questions from the community?",
     "> Why did the linter not block it?\n\nThat answers it, thank you.", "```\nwhy?\n```\nNoted."],
)
def test_not_questions_to_the_ca(text):
    assert not asks_the_ca(text)


def test_acknowledgment_counts_only_with_a_date():
    assert acknowledgment_without_date("Thanks for the question, we are looking into it.")
    assert not acknowledgment_without_date("Thanks for the question, we will respond by 2026-04-20.")
    assert not acknowledgment_without_date("We will provide an answer within 3 days.")
    assert not acknowledgment_without_date(bb.ANSWER)


def test_comment_kinds_of_a_bug_and_who_speaks_for_the_ca():
    b, cs = bb.healthy()
    cs.append(bb.comment(1900001, 8, "2026-06-06 09:00", bb.CA_COLLEAGUE, "Adding our operations contact."))
    cs.append(bb.comment(1900001, 9, "2026-06-07 09:00", bb.RESEARCHER, bb.QUESTION))
    view = classify(make_record(b, cs, FETCHED, "https://bugzilla.mozilla.org/rest/", "t"))
    kinds = [(c.kind, c.by_ca) for c in view.comments]
    assert kinds == [("preliminary", True), ("question", False), ("answer", True), ("full", True), ("update", True),
                     ("update", True), ("update", True), ("closure", True), ("update", True), ("question", False)]


def test_third_party_bug_creator_is_not_the_ca():
    b = bb.bug(1, creator=bb.RESEARCHER)
    cs = bb.thread(1, [("2026-04-07 20:00", bb.RESEARCHER, "I found misissued certificates, see crt.sh."),
                       ("2026-04-08 10:30", bb.CA, bb.prelim_text())])
    view = classify(make_record(b, cs, FETCHED, "x", "t"))
    assert [(c.kind, c.by_ca) for c in view.comments] == [("other", False), ("preliminary", True)]
    assert view.filed_by_third_party


# -- lint --bug ----------------------------------------------------------------------------------------


def _open_bug(fake: FakeBugzilla, bug_id: int, whiteboard: str, items: list[tuple[str, str, str]], changed: str) -> None:
    cs = bb.thread(bug_id, items)
    fake.add(bb.bug(bug_id, changed=changed, whiteboard=whiteboard, comment_count=len(cs)), cs)


def test_lint_bug_equals_linting_the_report_file_plus_bug_findings(bmo, tmp_path):
    """Acceptance: same findings as `lint report.md --as-of --title --whiteboard`, plus IKB ones."""
    wb = "[ca-compliance] [ov-misissuance] Next update 2026-05-01"
    flawed = bb.full_text().replace("- **Source of incident disclosure:** Self Reported\n", "")
    _open_bug(bmo, 1900002, wb, [("2026-04-08 10:30", bb.CA, bb.prelim_text()), ("2026-04-17 09:00", bb.CA, flawed)], "2026-04-17 09:00")
    bug_run = run("lint", "--bug", "1900002", "--base-url", bmo.url, "--as-of", "2026-05-10", "-f", "json")
    assert bug_run.exit_code == 1, bug_run.output
    fetched = run("fetch", "1900002", "--base-url", bmo.url, "--out", str(tmp_path / "out"))
    assert fetched.exit_code == 0, fetched.output
    report = tmp_path / "out" / "bug-1900002" / "report.md"
    file_run = run("lint", str(report), "--as-of", "2026-04-17", "--title", bb.TITLE, "--whiteboard", wb, "-f", "json")
    bug_findings = json.loads(bug_run.stdout)["files"][0]["findings"]
    file_findings = json.loads(file_run.stdout)["files"][0]["findings"]

    def key(f):  # type: ignore[no-untyped-def]
        return (f["code"], f["severity"], f["line"], f["message"])

    assert file_findings, "the flawed report must give report-level findings"
    assert [key(f) for f in bug_findings if not f["code"].startswith("IKB")] == [key(f) for f in file_findings]
    ikb = [f for f in bug_findings if f["code"].startswith("IKB")]
    assert {f["code"] for f in ikb} >= {"IKB04", "IKB06"}
    for f in bug_findings:
        ref = f["comment"]
        assert ref["url"].endswith(f"/show_bug.cgi?id=1900002#c{ref['comment']}") and ref["time"].endswith("Z")
        assert f["code"].startswith("IKB") or ref["comment"] == 1


def test_next_update_passed_is_an_error_naming_the_date_and_days(bmo):
    wb = "[ca-compliance] Next update 2026-05-01"
    _open_bug(bmo, 1900003, wb, [("2026-04-08 10:30", bb.CA, bb.prelim_text()), ("2026-04-17 09:00", bb.CA, bb.full_text())], "2026-04-17 09:00")
    out = run("lint", "--bug", "1900003", "--base-url", bmo.url, "--as-of", "2026-05-10", "--select", "IKB04")
    assert out.exit_code == 1
    assert "IKB04 [error]" in out.stdout and "Next update 2026-05-01 passed 9 days ago" in out.stdout
    assert "show_bug.cgi?id=1900003#c1" in out.stdout


@pytest.mark.parametrize("gap_days, severity", [(9, "error"), (4, "warning"), (2, None)])
def test_revocation_delay_update_cadence(bmo, gap_days, severity):
    start = "2026-04-08 10:30"
    second = bb.at(start, days=gap_days)
    items = [(start, bb.CA, bb.prelim_text()), (second, bb.CA, "Revocation update: 5 of 7 certificates revoked."),
             (bb.at(second, days=1), bb.CA, "All remaining certificates have been revoked.")]
    _open_bug(bmo, 1900004, "[ca-compliance] [leaf-revocation-delay]", items, bb.at(second, days=1))
    out = run("lint", "--bug", "1900004", "--base-url", bmo.url, "--as-of", bb.at(second, days=2)[:10], "--select", "IKB05", "-f", "json")
    found = json.loads(out.stdout)["files"][0]["findings"]
    if severity is None:
        assert found == []
    else:
        assert [f["severity"] for f in found] == [severity]
        assert f"{gap_days:.1f} days between comment 0" in found[0]["message"]


def test_file_lint_output_does_not_change_when_bug_rules_exist(tmp_path):
    report = tmp_path / "r.md"
    report.write_text(bb.full_text(), encoding="utf-8")
    out = run("lint", str(report), "-f", "json")
    data = json.loads(out.stdout)["files"][0]
    assert not any(c.startswith("IKB") for c in data["not_applicable"] + data["not_effective"])
    assert all("comment" not in f for f in data["findings"])


# -- cache, --offline, --refresh ------------------------------------------------------------------


def test_cache_refetches_only_what_changed_and_offline_reads_only_the_cache(bmo):
    first = run("lint", "--bug", "1900001", "--base-url", bmo.url)
    assert first.exit_code == 0, first.output
    assert len(bmo.requests_to("/rest/bug/1900001/comment")) == 1
    assert (cache_dir() / "bugzilla.sqlite").is_file() and str(cache_dir()).startswith(str(Path.cwd()))
    again = run("lint", "--bug", "1900001", "--base-url", bmo.url)
    assert again.stdout == first.stdout
    assert len(bmo.requests_to("/rest/bug/1900001/comment")) == 1  # last_change_time unchanged
    bmo.bugs[1900001]["last_change_time"] = "2026-06-20T00:00:00Z"
    run("lint", "--bug", "1900001", "--base-url", bmo.url)
    assert len(bmo.requests_to("/rest/bug/1900001/comment")) == 2
    run("lint", "--bug", "1900001", "--base-url", bmo.url, "--refresh")
    assert len(bmo.requests_to("/rest/bug/1900001/comment")) == 3
    before = len(bmo.seen)
    offline = run("lint", "--bug", "1900001", "--base-url", bmo.url, "--offline")
    assert offline.exit_code == 0 and len(bmo.seen) == before
    missing = run("lint", "--bug", "1234567", "--base-url", bmo.url, "--offline")
    assert missing.exit_code == 2 and "not in the cache" in missing.stderr and len(bmo.seen) == before


def test_a_damaged_cache_row_is_a_miss(bmo, tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    loader = Loader(client=client(bmo), cache=cache, now=lambda: FETCHED)
    loader.load(1900001)
    cache._db.execute("UPDATE bugs SET record = '{broken'")
    cache._db.commit()
    assert cache.get(bmo.url, 1900001) is None
    assert loader.load(1900001).id == 1900001 and loader.fetched == 2


# -- the API key ---------------------------------------------------------------------------------------


def test_api_key_goes_only_in_the_header_and_appears_in_no_output_log_or_file(bmo, tmp_path, monkeypatch):
    monkeypatch.setenv("BUGZILLA_API_KEY", SECRET)
    bmo.valid_keys.add(SECRET)
    outputs = [
        run("lint", "--bug", "1900001", "--base-url", bmo.url, "-f", "json"),
        run("fetch", "1900001", "--base-url", bmo.url, "--out", str(tmp_path / "out"), "--attachments"),
        run("review", "1900001", "--base-url", bmo.url, "-f", "csv", "-o", str(tmp_path / "review.csv")),
        run("lint", "--bug", "999999", "--base-url", bmo.url),
    ]
    bmo.misbehave("/rest/bug/1900001", 429, HTML_429, "text/html")
    outputs.append(run("lint", "--bug", "1900001", "--base-url", bmo.url, "--refresh"))
    assert outputs[-1].exit_code == 2 and outputs[-2].exit_code == 2
    for o in outputs:
        assert SECRET not in o.stdout + o.stderr
    c = api.Client(base_url=bmo.url, api_key=SECRET)
    with pytest.raises(api.BugzillaError):
        c.get_bug(1900001)
    assert not any(SECRET in line for line in c.log)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite" for p in files) and any(p.name == "bug.json" for p in files)
    for p in files:
        assert SECRET.encode() not in p.read_bytes(), p
    assert all(s.had_key for s in bmo.seen)
    assert not any(SECRET in json.dumps(s.query) or SECRET in s.path for s in bmo.seen)


def test_a_429_stops_a_multi_bug_run_within_one_request(bmo):
    bmo.add(*bb.healthy(1900009))
    bmo.misbehave("/rest/bug/1900001", 429, HTML_429, "text/html")
    out = run("lint", "--bug", "1900001", "--bug", "1900009", "--base-url", bmo.url)
    assert out.exit_code == 2
    assert "HTTP 429" in out.stderr and "Traceback" not in out.output
    assert len(bmo.seen) == 1


# -- fetch --------------------------------------------------------------------------------------------


def test_fetch_writes_bug_json_ca_comments_and_the_latest_report(bmo, tmp_path):
    out = run("fetch", "https://bugzilla.mozilla.org/show_bug.cgi?id=1900001", "--base-url", bmo.url, "--out", str(tmp_path))
    assert out.exit_code == 0, out.output
    folder = tmp_path / "bug-1900001"
    names = sorted(p.name for p in folder.iterdir())
    assert names[0] == "bug.json" and "report.md" in names
    assert "comment-000-2026-04-08T1030Z.md" in names and not any(n.startswith("comment-001") for n in names)  # a question
    assert (folder / "report.md").read_text(encoding="utf-8") == bb.closure_text()
    again = run("fetch", "1900001", "--base-url", bmo.url, "--out", str(tmp_path))
    assert again.exit_code == 2 and "--force" in again.stderr
    # lint and parse take the files; lint --bug takes the folder without the network
    assert run("lint", str(folder / "report.md")).exit_code == 0
    assert run("parse", str(folder / "report.md"), "-o", str(tmp_path / "draft.yaml")).exit_code in (0, 1)
    bmo.misbehave("/rest/bug/1900001", 500, b"down", "text/plain")
    before = len(bmo.seen)
    assert run("lint", "--bug", str(folder), "--as-of", "2026-06-10").exit_code == 0
    assert len(bmo.seen) == before and read_bug_path(folder / "bug.json").id == 1900001


def test_bad_bug_arguments_are_usage_errors(bmo, tmp_path):
    out = run("lint", "--bug", "not-a-bug")
    assert out.exit_code == 2 and "not a bug number" in out.stderr
    (tmp_path / "bug.json").write_text("{oops", encoding="utf-8")
    out = run("lint", "--bug", str(tmp_path / "bug.json"))
    assert out.exit_code == 2 and "bug.json:1:2: not valid JSON" in out.stderr
    out = run("lint", "--bug", "1900001", "--title", "x")
    assert out.exit_code == 2 and "come from the bug" in out.stderr
    assert run("lint").exit_code == 2


# -- review ---------------------------------------------------------------------------------------------


def _fifty(fake: FakeBugzilla) -> None:
    """50 invented bugs of 5 invented CA Owners in various states."""
    for i in range(50):
        bug_id = 1700000 + i
        owner = f"Example CA {i % 5}"
        day = f"2026-03-{1 + i % 28:02d} 09:00"
        prelim, full = (day, bb.CA, bb.prelim_text()), (bb.at(day, days=9), bb.CA, bb.full_text())
        items = [prelim, full] if i % 3 else [prelim]
        if i % 4 == 0:
            items.append((bb.at(day, days=10), bb.ROOT_PROGRAM, bb.QUESTION))
        cs = bb.thread(bug_id, items)
        wb = "[ca-compliance] [leaf-revocation-delay]" if i % 7 == 0 else f"[ca-compliance] Next update 2026-04-{1 + i % 20:02d}"
        b = bb.bug(bug_id, created=day, changed=items[-1][0], title=f"{owner}: invented incident {i} | with a pipe",
                   whiteboard=wb, status="RESOLVED" if i % 10 == 9 else "ASSIGNED", comment_count=len(cs))
        fake.add(b, cs)


def test_review_of_a_served_component_of_fifty_bugs(bmo, tmp_path, clock):
    """Acceptance: a table, a CSV and a JSON valid against schemas/review.schema.json."""
    jsonschema = pytest.importorskip("jsonschema")
    del bmo.bugs[1900001]
    _fifty(bmo)
    args = ["review", "--component", "CA Certificate Compliance", "--since", "2026-03-01", "--base-url", bmo.url, "--as-of", "2026-05-01"]
    table = run(*args, "--select", "IK1,IKB")  # report rules are the file lint's business (tested above)
    assert table.exit_code == 1, table.output  # the invented bugs have errors
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["bug", "CA", "Owner"] and sum(1 for ln in lines if ln.startswith("17000")) == 50
    assert "By CA Owner:" in table.stdout and "Example CA 3:" in table.stdout
    comment_requests = len(bmo.requests_to("/rest/bug/17"))
    assert comment_requests == 50  # bug objects came from the search: only comments fetched
    assert sum(clock.slept) >= 60  # 50 anonymous comment requests: the throttle held back the 31st on

    args += ["--select", "IKB"]
    csv_out = run(*args, "-f", "csv", "-o", str(tmp_path / "r.csv"))
    assert csv_out.exit_code == 1 and "50 bugs fetched" not in csv_out.stderr  # second run: from the cache
    import csv

    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert len(rows) == 50 and rows[0]["ca_owner"] == "Example CA 0" and "IKB" in rows[0]
    assert len(bmo.requests_to("/rest/bug/17")) == comment_requests  # nothing changed: nothing refetched

    js = run(*args, "-f", "json")
    doc = json.loads(js.stdout)
    schema = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "review.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(doc, schema)
    assert len(doc["bugs"]) == 50 and len(doc["owners"]) == 5
    delayed = next(b for b in doc["bugs"] if b["bug"] == 1700007)
    assert delayed["overdue"] and delayed["findings_by_family"]["IKB"] >= 1

    md = run(*args, "-f", "markdown")
    assert "| bug 1700000 | Example CA 0 | Example CA 0: invented incident 0 \\| with a pipe |" in md.stdout


def test_review_stops_on_429_within_one_request(bmo):
    _fifty(bmo)
    bmo.misbehave("/rest/bug/1700000/comment", 429, HTML_429, "text/html")
    out = run("review", "--component", "CA Certificate Compliance", "--base-url", bmo.url)
    assert out.exit_code == 2 and "HTTP 429" in out.stderr
    assert [s.path for s in bmo.seen] == ["/rest/bug", "/rest/bug/1700000/comment"]


def test_review_takes_a_saved_search_and_bug_ids(bmo):
    _fifty(bmo)
    out = run("review", "--search", "https://bugzilla.mozilla.org/buglist.cgi?id=1700001,1700002&order=changeddate&limit=0",
              "1900001", "--base-url", bmo.url, "-f", "json", "--as-of", "2026-05-01")
    doc = json.loads(out.stdout)
    assert sorted(b["bug"] for b in doc["bugs"]) == [1700001, 1700002, 1900001]
    search = bmo.requests_to("/rest/bug")[0] if bmo.requests_to("/rest/bug")[0].path == "/rest/bug" else None
    assert search is not None and search.query["order"] == ["bug_id"] and search.query["limit"] == ["500"]


# -- the README -------------------------------------------------------------------------------------


def test_readme_shows_what_lint_bug_1455147_prints_for_the_served_copy(bmo, monkeypatch):
    from incident_kit.sources.bugzilla import session

    data = json.loads((Path(__file__).parent / "fixtures" / "bugzilla" / "bug-1455147" / "bug.json").read_text(encoding="utf-8"))
    bmo.add(data["bug"], data["comments"])
    monkeypatch.setattr(session, "utc_now", lambda: datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc))
    out = run("lint", "--bug", "1455147", "--base-url", bmo.url)
    shown = out.stdout.replace(bmo.url.removesuffix("rest/"), "https://bugzilla.mozilla.org/")
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ incident-kit lint --bug 1455147\n", 1)[1].split("```", 1)[0]
    assert out.exit_code == 1 and shown == block
    # the fixture is the stored form fetch writes, and linting it directly agrees
    offline = run("lint", "--bug", str(Path(__file__).parent / "fixtures" / "bugzilla" / "bug-1455147"))
    assert offline.stdout == block


def test_sarif_of_a_bug_lists_the_bug_rules_and_validates(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    out = run("lint", "--bug", str(Path(__file__).parent / "rules" / "IKB04" / "fire-next-update-date-passed.json"), "-f", "sarif")
    log = json.loads(out.stdout)
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert "IKB04" in ids and any(r["ruleId"] == "IKB04" for r in log["runs"][0]["results"])


def test_a_revocation_plan_does_not_end_the_revocation_delay_cadence():
    from incident_kit.rules.ikb_bug._common import _revocations_finished

    assert _revocations_finished("All remaining certificates have been revoked.")
    assert _revocations_finished("Revocation completed at 16:00 UTC.")
    assert not _revocations_finished("All 7 certificates will be revoked by 2026-04-12 12:00 UTC.")
    assert not _revocations_finished("The remaining certificates have not been revoked yet.")


def test_config_bugzilla_url_and_ca_domains_are_used(bmo, tmp_path):
    b, cs = bb.healthy(1900010)
    cs.append(bb.comment(1900010, 8, "2026-06-06 09:00", "ops@example-partner.test", bb.UPDATE))
    bmo.add(b, cs)
    (tmp_path / ".incident-kit.toml").write_text(f'bugzilla-url = "{bmo.url}"\nca-domains = ["example-partner.test"]\n', encoding="utf-8")
    out = run("fetch", "1900010", "--out", str(tmp_path / "o"))
    assert out.exit_code == 0, out.output
    assert any(p.name.startswith("comment-008") for p in (tmp_path / "o" / "bug-1900010").iterdir())


def test_malformed_answers_and_odd_bugs_give_one_line_or_a_result(bmo):
    bmo.comments[1900001] = [{"count": 0, "creator": bb.CA, "creation_time": "2026-04-08T10:30:00Z"}]  # no text at all
    out = run("lint", "--bug", "1900001", "--base-url", bmo.url)
    assert out.exit_code == 2 and "comment 0 has no raw_text" in out.stderr and "Traceback" not in out.output
    bmo.add(bb.bug(1900011), [])
    empty = run("lint", "--bug", "1900011", "--base-url", bmo.url, "-f", "json")
    assert empty.exit_code in (0, 1) and json.loads(empty.stdout)["files"][0]["path"].endswith("show_bug.cgi?id=1900011")


def test_progress_only_on_a_terminal():
    import io

    from incident_kit.commands.bugzilla import _Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain, tty = io.StringIO(), Tty()
    for stream in (plain, tty):
        p = _Progress(stream)
        p.show(3, 50, "1700002")
        p.clear()
    assert plain.getvalue() == "" and "[3/50] bug 1700002" in tty.getvalue()


def test_raw_text_is_linted_never_text(bmo):
    b, cs = bb.healthy(1900012)
    cs[4] = bb.comment(1900012, 4, "2026-04-24 15:00", bb.CA, cs[4]["raw_text"], attachment=9400001)
    assert cs[4]["text"].startswith("Created attachment 9400001")
    view = classify(make_record(b, cs, FETCHED, "x", "t"))
    assert view.comments[4].comment.raw_text == cs[4]["raw_text"] and view.comments[4].kind == "update"
    del cs[4]["raw_text"]
    with pytest.raises(api.BugzillaError, match="comment 4 has no raw_text"):
        make_record(b, cs, FETCHED, "x", "t")


def test_as_of_reads_the_bug_as_it_stood_that_day():
    from incident_kit.lint.bugs import BugLintOptions, lint_bug
    from incident_kit.sources.bugzilla.record import record_from_json

    b, cs = bb.healthy()
    record = record_from_json(bb.served(b, cs, "2026-06-10 00:00"), "t")
    early = lint_bug(record, BugLintOptions(as_of=datetime(2026, 4, 12).date()))
    assert [c.number for c in early.view.comments] == [0, 1, 2] and early.target.kind == "preliminary"
    assert early.result.path.endswith("#c0")
    assert lint_bug(record).target.kind == "closure"


def test_an_undated_acknowledgment_then_an_answer_within_seven_days_is_quiet():
    from incident_kit.lint.bugs import BugLintOptions, lint_bug
    from incident_kit.config import Selection
    from incident_kit.sources.bugzilla.record import record_from_json

    items = [("2026-04-08 10:30", bb.CA, bb.prelim_text()), ("2026-04-10 08:00", bb.ROOT_PROGRAM, bb.QUESTION),
             ("2026-04-10 09:00", bb.CA, "Thanks for the question, we are looking into it."),
             ("2026-04-15 09:00", bb.CA, bb.ANSWER)]
    record = record_from_json(bb.served(bb.bug(1900013), bb.thread(1900013, items), "2026-04-30 00:00"), "t")
    result = lint_bug(record, BugLintOptions(selection=Selection(select=("IKB03",)))).result
    assert [f.code for f in result.findings] == []
    assert [c.ack_only for c in lint_bug(record).view.comments] == [False, False, True, False]


# -- preview --bug -----------------------------------------------------------------------------------


def _finding_codes(page: str) -> list[tuple[str, str]]:
    """(code, message) of every finding listed beside the comment (data attributes + text)."""
    import html as html_

    found = re.findall(r'<li class="finding \w+" id="finding-\d+" data-code="([^"]+)"[^>]*>(.*?)</li>', page, re.S)
    return [(code, html_.unescape(re.sub(r"<[^>]+>", "", body))) for code, body in found]


def test_preview_bug_shows_the_latest_report_as_bugzilla_renders_it_with_bug_findings(bmo, tmp_path):
    pytest.importorskip("cmarkgfm")
    from incident_kit.web.bugzilla import render_blocks

    wb = "[ca-compliance] [ov-misissuance] Next update 2026-05-01"
    flawed = bb.full_text().replace("- **Source of incident disclosure:** Self Reported\n", "")
    _open_bug(bmo, 1900002, wb, [("2026-04-08 10:30", bb.CA, bb.prelim_text()), ("2026-04-17 09:00", bb.CA, flawed)], "2026-04-17 09:00")
    out = run("preview", "--bug", "1900002", "--base-url", bmo.url, "--as-of", "2026-05-10", "-o", str(tmp_path / "bug.html"))
    assert out.exit_code == 0, out.output
    page = (tmp_path / "bug.html").read_text(encoding="utf-8")
    # the latest report (comment 1), block by block as Bugzilla shows it on this bug
    blocks = render_blocks(flawed, bug_id=1900002)
    assert len(blocks) > 10 and all(b.html in page for b in blocks)
    assert "<h2>Full Incident Report</h2>" in page and "<h2>Preliminary Incident Report</h2>" not in page
    # the findings are those of lint --bug, the bug-level IKB ones included
    lint = json.loads(run("lint", "--bug", "1900002", "--base-url", bmo.url, "--as-of", "2026-05-10", "-f", "json").stdout)
    expected = sorted((f["code"], f["message"]) for f in lint["files"][0]["findings"])
    shown = _finding_codes(page)
    assert {"IKB04", "IKB06"} <= {c for c, _ in shown}
    assert len(shown) == len(expected)
    assert all(any(c == code and msg in m for c, m in shown) for code, msg in expected), (shown, expected)
    assert "show_bug.cgi?id=1900002" in page


def test_preview_bug_reads_a_fetched_folder_and_the_cache_offline(bmo, tmp_path):
    pytest.importorskip("cmarkgfm")
    fetched = run("fetch", "1900001", "--base-url", bmo.url, "--out", str(tmp_path / "out"))
    assert fetched.exit_code == 0, fetched.output
    folder = tmp_path / "out" / "bug-1900001"
    bmo.misbehave("/rest/bug/1900001", 500, b"down", "text/plain")
    before = len(bmo.seen)
    from_folder = run("preview", "--bug", str(folder), "--as-of", "2026-06-10")
    assert from_folder.exit_code == 0, from_folder.output
    assert len(bmo.seen) == before  # a fetched folder needs no network
    assert "Report Closure Summary" in from_folder.stdout
    missing = run("preview", "--bug", "1234567", "--base-url", bmo.url, "--offline")
    assert missing.exit_code == 2 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.output
    assert len(bmo.seen) == before


def test_preview_bug_usage_errors(bmo, tmp_path):
    out = run("preview", "--bug", "1900001", "--title", "x")
    assert out.exit_code == 2 and "come from the bug" in out.stderr
    (tmp_path / "r.md").write_text("text\n", encoding="utf-8")
    both = run("preview", str(tmp_path / "r.md"), "--bug", "1900001")
    assert both.exit_code == 2 and "not both" in both.stderr
    out = run("preview", "--bug", "not-a-bug")
    assert out.exit_code == 2 and "not a bug number" in out.stderr
