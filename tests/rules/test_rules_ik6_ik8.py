"""IK6 (lessons learned and action items) and IK8 (appendix and certificate data): the helpers,
the rules through the real reader and engine on phrasings they must and must not flag, drafts,
and a comparison with the shared sample reports when they are available."""

from __future__ import annotations

from datetime import date
from typing import Optional

import pytest

from conftest import SHARED_MISSING, shared_dir
from incident_kit.lint.engine import lint_text
from incident_kit.rules.ik6_actions import _common as ik6
from incident_kit.irg import IRG2_ACTION_COLUMNS, IRG3_ACTION_COLUMNS
from incident_kit.rules.ik8_appendix import _common as ik8
from incident_kit.irg import APPENDIX_COLUMNS as ik8_APPENDIX_COLUMNS

IRG3_HEADER = "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n|---|---|---|---|---|---|\n"


def findings(text: str, code: str, *, kind: str = "full", as_of: Optional[date] = None):
    result = lint_text(text, "t.md", kind=kind, as_of=as_of, select=[code])
    assert not [f for f in result.findings if f.code == "IK009"], result.findings
    return [f for f in result.findings if f.code == code]


def actions(*rows: str, header: str = IRG3_HEADER, before: str = "") -> str:
    return "## Full Incident Report\n\n" + before + "### Action Items\n\n" + header + "\n".join(rows) + "\n"


def row(desc: str = "Refuse profile activation when a CRL URL does not answer", kind: str = "Prevent",
        rc: str = "Contributing Factor #1", crit: str = "Activation refused in a staging test",
        due: str = "2025-05-09", status: str = "Ongoing") -> str:
    return f"| {desc} | {kind} | {rc} | {crit} | {due} | {status} |"


# --------------------------------------------------------------------------------------------
# Value helpers.
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [("Preventive", "Prevent"), ("Prevention", "Prevent"), ("mitigation", "Mitigate"), ("Monitoring", "Detect"),
     ("Detection", "Detect"), ("Correct", "Prevent or Mitigate"), ("Corrective", "Prevent or Mitigate"),
     ("Prevnet", "Prevent"), ("Banana", None)],
)
def test_kind_suggestions(value: str, expected: Optional[str]) -> None:
    assert ik6.suggest(value, ik6.KINDS, ik6._KIND_HINTS) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("Done", "Complete"), ("Completed", "Complete"), ("In progress", "Ongoing"), ("Open", "Ongoing"),
     ("Planned", "Ongoing"), ("Postponed", "Delayed"), ("Overdue", "Delayed"), ("Dropped", "Canceled"),
     ("Withdrawn", "Canceled")],
)
def test_status_suggestions(value: str, expected: str) -> None:
    assert ik6.suggest(value, ik6.STATUSES, ik6._STATUS_HINTS) == expected


def test_header_problems_tolerate_case_spacing_and_plural_but_not_missing_or_reordered() -> None:
    ok = ["action item", " KIND ", "Corresponding Root Causes", "**Evaluation criteria**", "due  date", "Status", "Ticket"]
    assert ik6.header_problems(ok, IRG3_ACTION_COLUMNS) == []
    missing = ik6.header_problems(["Action Item", "Kind", "Due Date"], IRG3_ACTION_COLUMNS)
    assert len(missing) == 1 and "Corresponding Root Cause(s)" in missing[0] and "Status" in missing[0]
    swapped = ["Action Item", "Kind", "Corresponding Root Cause(s)", "Due Date", "Evaluation Criteria", "Status"]
    assert ik6.header_problems(swapped, IRG3_ACTION_COLUMNS) == ["the columns are out of order"]
    wedged = ["Action Item", "Owner", "Kind", "Due Date"]
    assert "extra column" in ik6.header_problems(wedged, IRG2_ACTION_COLUMNS)[0]


@pytest.mark.parametrize("value", ["ASAP", "TBD", "Q3", "Q1 2026", "end of year", "next sprint", "Ongoing"])
def test_due_dates_that_are_not_dates(value: str) -> None:
    found = ik6.due_date_problem(value)
    assert found is not None and found[1] is False


def test_due_date_variants() -> None:
    assert ik6.due_date_problem("2026-03-31") is None
    assert ik6.due_date_problem("**2026-03-31**") is None
    assert ik6.due_date_problem("2026-03-31 (moved from 2026-02-27)") is None
    assert ik6.due_date_problem("~~2026-02-27~~ 2026-03-31") is None
    assert "not a real calendar date" in ik6.due_date_problem("2026-02-30")[0]
    assert "a month" in ik6.due_date_problem("March 2026")[0]
    assert ik6.due_date_problem("31 March 2026") == (
        "due date \u201c31 March 2026\u201d is a date, but not written YYYY-MM-DD as the template writes it", True)
    assert ik6.due_date_problem("", None)[0] == "has no due date"
    assert ik6.due_date_problem("N/A", "Canceled") is None
    assert ik6.due_date_problem("N/A", "Complete") is not None


# --------------------------------------------------------------------------------------------
# Action item rules through the reader and engine.
# --------------------------------------------------------------------------------------------


def test_kind_and_status_findings_name_the_closest_value() -> None:
    text = actions(row(kind="Preventive", status="Done"), row(kind="Prevent, Detect", status="Cancelled"))
    kinds = findings(text, "IK602")
    assert [(f.severity.value, f.line) for f in kinds] == [("error", 7), ("notice", 8)]
    assert "did you mean Prevent?" in kinds[0].message
    statuses = findings(text, "IK603")
    assert [(f.severity.value, f.line) for f in statuses] == [("error", 7), ("notice", 8)]
    assert "did you mean Complete?" in statuses[0].message


def test_due_date_severity_by_generation() -> None:
    full = findings(actions(row(due="Q1 2026"), row(due="31 March 2026")), "IK604")
    assert [f.severity.value for f in full] == ["error", "warning"]
    irg2 = "## Incident Report\n\n### Action Items\n\n| Action Item | Kind | Due Date |\n|---|---|---|\n| Alert on stale review dates | Detect | ASAP |\n"
    assert [f.severity.value for f in findings(irg2, "IK604", kind="irg2")] == ["warning"]


def test_header_rule_on_section_without_table() -> None:
    text = "## Full Incident Report\n\n### Action Items\n\n- We will lint every CA certificate before signing.\n"
    (hit,) = findings(text, "IK601")
    assert "no table" in hit.message and hit.line == 3


def test_irg2_report_may_use_the_fuller_header() -> None:
    text = "## Incident Report\n\n### Action Items\n\n" + IRG3_HEADER + row() + "\n"
    assert findings(text, "IK601", kind="irg2") == []


FACTORS = (
    "### Root Cause Analysis\n\n"
    "**Contributing Factor #1: CRL partition referenced before publication**\n\n"
    "- **Description:** The profile named a CRL partition that the publisher had not yet created.\n\n"
    "**Contributing Factor #2: Releases not ordered**\n\n"
    "- **Description:** Profile and publisher changes shipped in separate releases with no ordering.\n\n"
)


@pytest.mark.parametrize(
    "cell, fires",
    [("Contributing Factor #1", True), ("Contributing Factors #1, #2", False), ("Root Cause # 1, 2", False),
     ("#1-#2", False), ("All", False), ("Releases not ordered; CRL partition referenced before publication", False),
     ("N/A", True)],
)
def test_factor_mapping(cell: str, fires: bool) -> None:
    hits = findings(actions(row(rc=cell), before=FACTORS), "IK605")
    assert bool(hits) is fires, hits
    if fires:
        assert any("Contributing Factor #2" in h.message for h in hits)


def lessons(*items: str, rows: tuple[str, ...]) -> str:
    body = "### Lessons Learned\n\n" + "\n".join(items) + "\n\n"
    return actions(*rows, before=body)


CONTROL_ROW = row(desc="Route all CA Program bug mail to the compliance team's shared queue with a 7-day ticket timer",
                  crit="Test bug mail opens a ticket in the shared queue")


def phrase_lesson_mappings_that_count(lesson: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK606/phrases.toml.
    assert findings(lessons(lesson, rows=(CONTROL_ROW, row())), "IK606") == []


def test_lesson_mapping_failures_and_their_certainty() -> None:
    unmatched = "- **What didn\u2019t go well:** Nobody noticed the questions during the holiday."
    # No references anywhere in the report: the correspondence may be paraphrased, so a warning.
    (hit,) = findings(lessons(unmatched, rows=(CONTROL_ROW,)), "IK606")
    assert hit.severity.value == "warning"
    # References elsewhere: the missing one is an omission.
    text = lessons(unmatched, "- **Additional:** Bug mail reached one person only (Action Item 1).", rows=(CONTROL_ROW,))
    (hit,) = findings(text, "IK606")
    assert hit.severity.value == "error"
    # A reference past the end of the table.
    (hit,) = findings(lessons("- **Other:** Bug mail reached one person only (Action Item 3).", rows=(CONTROL_ROW,)), "IK606")
    assert hit.severity.value == "error" and "the table has 1 item" in hit.message


def test_instance_repair_does_not_map_a_lesson_implicitly_and_draws_a_notice_when_referenced() -> None:
    repair = row(desc="Revoke the 61 affected certificates", kind="Mitigate")
    lesson = "- **What didn\u2019t go well:** We could not revoke the certificates within 5 days."
    assert findings(lessons(lesson, rows=(repair,)), "IK606")
    referenced = lesson[:-1] + " (Action Item 1)."
    assert findings(lessons(referenced, rows=(repair,)), "IK606") == []
    (notice,) = findings(lessons(referenced, rows=(repair,)), "IK608")
    assert notice.severity.value == "notice"
    both = lesson[:-1] + " (Action Items 1 and 2)."
    assert findings(lessons(both, rows=(repair, CONTROL_ROW)), "IK608") == []


def test_lucky_items_warn_and_na_is_quiet() -> None:
    text = lessons("- **Where we got lucky:** A researcher noticed before any issuance.", rows=(CONTROL_ROW,))
    assert [f.severity.value for f in findings(text, "IK607")] == ["warning"]
    text = lessons("- **Where we got lucky:** N/A", rows=(CONTROL_ROW,))
    assert findings(text, "IK607") == []


def test_kinds_notice() -> None:
    assert "nor" not in findings(actions(row(kind="Mitigate"), row(kind="Detect")), "IK609")[0].message
    assert "Prevent or Mitigate" in findings(actions(row(kind="Detect")), "IK609")[0].message
    assert findings(actions(row(kind="Preventive"), row(kind="Detect")), "IK609") == []


def phrase_vague_criteria(criteria: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK611/phrases.toml.
    (hit,) = findings(actions(row(crit=criteria)), "IK611")
    assert hit.severity.value == "notice"


def phrase_concrete_criteria_are_not_vague(criteria: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK611/phrases.toml.
    assert findings(actions(row(crit=criteria)), "IK611") == []


@pytest.mark.parametrize("criteria, fires", [("N/A", True), ("", True), ("-", True), ("TBD", True), ("Probe dashboard", False)])
def test_missing_criteria(criteria: str, fires: bool) -> None:
    assert bool(findings(actions(row(crit=criteria)), "IK610")) is fires
    assert findings(actions(row(crit=criteria, status="Canceled")), "IK610") == []


CLOSURE = (
    "### Report Closure Summary\n\n"
    "- **Incident description:** A CRL URL returned 404 for eight days.\n"
    "- **Incident Root Cause(s):** The profile referenced a partition before it was published.\n"
    "- **Remediation description:** {remediation}\n"
    "- **Commitment summary:** N/A\n\n"
    "{table}\n"
    "All Action Items disclosed in this report have been completed as described, and we request its closure.\n"
)


def closure(*rows: str, remediation: str = "Activation now requires every CRL URL to answer.") -> str:
    return CLOSURE.format(remediation=remediation, table=IRG3_HEADER + "\n".join(rows) + "\n")


def test_closure_open_and_canceled_items() -> None:
    hits = findings(closure(row(status="Complete"), row(status="In progress"), row(status="Delayed")), "IK612", kind="closure")
    assert [h.severity.value for h in hits] == ["error", "error"]
    assert "is Ongoing" in hits[0].message and "is Delayed" in hits[1].message
    (hit,) = findings(closure(row(status="Complete"), row(status="Canceled")), "IK612", kind="closure")
    assert hit.severity.value == "warning"
    assert findings(closure(row(status="Complete"), row(status="Canceled (superseded by item 1)")), "IK612", kind="closure") == []
    explained = "Activation now requires every CRL URL to answer. Item 2 was canceled because item 1 already covers it."
    assert findings(closure(row(status="Complete"), row(status="Canceled"), remediation=explained), "IK612", kind="closure") == []


LEGACY = (
    "**1. How your CA first became aware of the problem**\n\nOn 2020-03-10 at 14:05 UTC a subscriber reported it.\n\n"
    "**2. Timeline**\n\n- 2020-03-10 14:05 UTC – Report received.\n\n"
    "**3. Whether your CA has stopped issuing**\n\nYes, on 2020-03-10.\n\n"
    "**4. Summary of the problematic certificates**\n\n3 certificates.\n\n"
    "**5. Certificate data**\n\nAttached as list.txt.\n\n"
    "**6. How and why the mistakes were made**\n\nThe lookup table was replaced by an old copy.\n\n"
    "**7. Steps taken to resolve the situation**\n\n{steps}\n"
)


def test_legacy_steps() -> None:
    steps = "- Compare tables after every migration (done 2020-03-12).\n- Lint the locality field before signing."
    (hit,) = findings(LEGACY.format(steps=steps), "IK613", kind="legacy")
    assert hit.severity.value == "warning" and "Lint the locality" in hit.message
    steps = "By 2020-04-30 we will:\n\n- Compare tables after every migration.\n- Lint the locality field before signing."
    assert findings(LEGACY.format(steps=steps), "IK613", kind="legacy") == []


# --------------------------------------------------------------------------------------------
# IK8.
# --------------------------------------------------------------------------------------------


def test_appendix_columns_match_the_model() -> None:
    from incident_kit.model import APPENDIX_COLUMNS

    assert ik8_APPENDIX_COLUMNS == APPENDIX_COLUMNS
    assert [ik8.column_key(c) for c in APPENDIX_COLUMNS] == list(ik8.COLUMN_KEYS)


@pytest.mark.parametrize(
    "name, key",
    [("Serial #", "serial"), ("Serial number (hex)", "serial"), ("serial no.", "serial"),
     ("Certificate SHA256 fingerprint", "certificatesha256hash"), ("Pre-certificate SHA-256 hash", "precertificatesha256hash"),
     ("DNS names", "dnsnames"), ("dNSName", "dnsnames"), ("Is revoked", "isrevoked"), ("Revoked?", "isrevoked"),
     ("NotBefore", "notbefore"), ("Not after (UTC)", "notafter"), ("Order ID", "orderid")],
)
def test_column_key(name: str, key: str) -> None:
    assert ik8.column_key(name) == key


def test_column_problems() -> None:
    cols = list(ik8_APPENDIX_COLUMNS)
    assert ik8.column_problems(cols + ["Order ID"]) == []
    assert "missing column \u201cdNSNames\u201d" in ik8.column_problems([c for c in cols if c != "dNSNames"])[0]
    assert ik8.column_problems([cols[1], cols[0]] + cols[2:]) == ["the standard columns are out of order"]
    assert "custom column" in ik8.column_problems(["Order ID"] + cols)[0]


def test_hash_problem() -> None:
    good = "ab" * 32
    assert ik8.hash_problem(good) is None and ik8.hash_problem(good.upper()) is None
    assert ik8.hash_problem("") is None and ik8.hash_problem("N/A") is None
    assert ik8.hash_problem(":".join(good[i:i + 2] for i in range(0, 64, 2)))[1] is True
    assert ik8.hash_problem(f"https://crt.sh/?sha256={good}")[1] is True
    assert "SHA-1" in ik8.hash_problem("c" * 40)[0]
    assert ik8.hash_problem("g" * 64)[1] is False


HDR = ",".join(ik8_APPENDIX_COLUMNS)


def cert(i: int, revoked: str, not_after: str = "2026-12-01T00:00:00Z") -> str:
    return f"{i:064x},{i + 100:064x},CN=h{i}.example,CN=Example CA,2025-12-01T00:00:00Z,{not_after},0{i:X},h{i}.example,{revoked},N/A,N/A"


def full(total: str, remaining: str, appendix: str, heuristic: str = "All are listed in the Appendix.") -> str:
    return (
        "## Full Incident Report\n\n### Impact\n\n"
        f"- **Total number of certificates:** {total}\n"
        f"- **Total number of \"remaining valid\" certificates:** {remaining}\n"
        f"- **Incident heuristic:** {heuristic}\n\n"
        f"### Appendix\n\n{appendix}\n"
    )


def csv(*rows: str) -> str:
    return "```csv\n" + HDR + "\n" + "\n".join(rows) + "\n```"


def test_remaining_valid_against_a_complete_listing() -> None:
    listing = csv(cert(1, "Yes"), cert(2, "Planned"), cert(3, "Delayed"))
    (hit,) = findings(full("3", "0", listing), "IK804")
    assert "2 of them" in hit.message
    assert findings(full("3", "2", listing), "IK804") == []
    # A partial listing is a lower bound only.
    assert findings(full("30", "5", listing), "IK804") == []
    assert findings(full("30", "1", listing), "IK804")


def test_remaining_valid_uses_expiry_only_with_a_date() -> None:
    listing = csv(cert(1, "Yes"), cert(2, "N/A", not_after="2025-06-01T00:00:00Z"), cert(3, "Planned", not_after="2025-06-01T00:00:00Z"))
    # Without a posting date N/A may be expired or a certificate that needs no revocation.
    assert findings(full("3", "1", listing), "IK804") == []
    assert findings(full("3", "2", listing), "IK804") == []
    # Posted after both expired: nothing remains valid.
    assert findings(full("3", "0", listing), "IK804", as_of=date(2026, 1, 5)) == []
    assert findings(full("3", "1", listing), "IK804", as_of=date(2026, 1, 5))
    # An unknown "Is revoked?" value makes the count untrustworthy: quiet (IK803 reports it).
    assert findings(full("2", "0", csv(cert(1, "Yes"), cert(2, "No"))), "IK804") == []


def test_revoked_values() -> None:
    text = full("4", "0", csv(cert(1, "Revoked"), cert(2, "Expired"), cert(3, "no"), cert(4, "")))
    hits = findings(text, "IK803")
    assert len(hits) == 4
    assert "did you mean Yes?" in hits[0].message and "did you mean N/A?" in hits[1].message
    assert "Planned or Delayed" in hits[2].message and "empty" in hits[3].message
    assert findings(full("3", "1", csv(cert(1, "yes"), cert(2, "PLANNED"), cert(3, "n/a"))), "IK803") == []


@pytest.mark.parametrize(
    "appendix, heuristic, severity",
    [
        ("N/A", "Every DV certificate from the CA in June.", "error"),
        ("The certificates are listed in the heuristic above.", "Every DV certificate from the CA in June.", "error"),
        ("The list will be attached once the revocation is complete.", "Every DV certificate from the CA in June.", "warning"),
        ("Attached: affected.csv", "x", None),
        ("See attachment.", "x", None),
        ("N/A", "All 12 are in the CSV attached to this bug.", None),
        ("https://crt.sh/?sha256=" + "ab" * 32, "x", None),
        ("N/A", "Only precertificates were signed; no certificates were issued.", None),
    ],
)
def test_listing_missing(appendix: str, heuristic: str, severity: Optional[str]) -> None:
    hits = findings(full("12", "0", appendix, heuristic), "IK805")
    assert [h.severity.value for h in hits] == ([severity] if severity else [])


def test_listing_missing_counts() -> None:
    assert findings(full("0", "0", "N/A"), "IK805") == []
    assert findings(full("N/A", "N/A", "N/A"), "IK805") == []
    (hit,) = findings(full("25,000", "0", "N/A"), "IK805")
    assert "crt.sh" in hit.suggestion


def test_hash_rule_accepts_missing_objects_but_not_rows_without_any_hash() -> None:
    ca_row = f",{'cd' * 32},CN=Issuing CA,CN=Root,2025-01-01T00:00:00Z,2030-01-01T00:00:00Z,0A,,Yes,2025-02-01T00:00:00Z,superseded"
    precert_only = f"{'ef' * 32},,CN=a.example,CN=Example CA,2025-01-01T00:00:00Z,2025-07-01T00:00:00Z,0B,a.example,N/A,N/A,N/A"
    assert findings(full("2", "0", csv(ca_row, precert_only)), "IK802") == []
    neither = ",,CN=b.example,CN=Example CA,2025-01-01T00:00:00Z,2025-07-01T00:00:00Z,0C,b.example,N/A,N/A,N/A"
    (hit,) = findings(full("1", "0", csv(neither)), "IK802")
    assert "neither" in hit.message


def test_non_listing_table_in_appendix_is_not_judged() -> None:
    table = "| Date | Alerts |\n|---|---|\n| 2025-06-01 | 4 |\n"
    assert findings(full("0", "0", table), "IK801") == []


# --------------------------------------------------------------------------------------------
# Drafts go through the same rules.
# --------------------------------------------------------------------------------------------


def test_draft_fixtures_get_no_ik6_ik8_error(repo) -> None:
    from incident_kit.lint.engine import lint_paths

    drafts = sorted((repo / "tests" / "fixtures" / "drafts").glob("*.yaml"))
    results = lint_paths([p for p in drafts if "invalid" not in p.name], select=["IK6", "IK8"], use_config=False)
    errors = [(r.path, f.code, f.message) for r in results for f in r.findings if f.severity.value == "error"]
    assert errors == []


# --------------------------------------------------------------------------------------------
# The shared samples (skipped when ../shared is absent).
# --------------------------------------------------------------------------------------------

SAMPLE_EXPECTED = {
    # file prefix: set of (code, severity) that must appear
    "07": {("IK602", "error"), ("IK604", "error"), ("IK606", "warning")},
    "08": {("IK606", "warning")},
    "09": {("IK608", "notice"), ("IK609", "notice")},
    "12": {("IK612", "warning")},
    "02": {("IK613", "warning")},
}
GOOD = ("04", "05", "06", "10")


def _sample_findings():
    base = shared_dir()
    if base is None:
        pytest.skip(SHARED_MISSING)
    out = {}
    for path in sorted((base / "samples").glob("[0-9][0-9]_*.md")):
        result = lint_text(path.read_text(encoding="utf-8"), path.name, select=["IK6", "IK8"])
        out[path.name[:2]] = result.findings
    return out


def test_samples_against_their_readme() -> None:
    found = _sample_findings()
    for prefix, expected in SAMPLE_EXPECTED.items():
        got = {(f.code, f.severity.value) for f in found[prefix]}
        assert expected <= got, f"sample {prefix}: expected {expected - got}, got {got}"
    # 07: both "Q1 2026" due dates, and the Kind "Preventive".
    assert len([f for f in found["07"] if f.code == "IK604"]) == 2
    assert any("Preventive" in f.message for f in found["07"] if f.code == "IK602")
    # 12: only the canceled item, not the completed ones.
    assert len([f for f in found["12"] if f.code == "IK612"]) == 1


def test_good_samples_get_no_error_or_warning() -> None:
    found = _sample_findings()
    for prefix in GOOD:
        assert [(f.code, f.message) for f in found[prefix] if f.severity.value != "notice"] == []
    # 05 (empty precertificate column of a CA certificate) and 06 (duplicate serials) draw nothing.
    assert found["05"] == [] and found["06"] == []


# Audit row 28: IRG 2.0 said each action item *should* state its classification and date (item 6),
# so a Kind or column outside the template is a warning there, as IK604 already was.
IRG2_ACTIONS = "## Incident Report\n\n### Action Items\n\n"


def test_irg2_kind_outside_the_template_is_a_warning() -> None:
    text = IRG2_ACTIONS + "| Action Item | Kind | Due Date |\n|---|---|---|\n| Alert on stale review dates | Corrective | 2024-05-01 |\n"
    assert [f.severity.value for f in findings(text, "IK602", kind="irg2")] == ["warning"]
    assert [f.severity.value for f in findings(text, "IK602", kind="irg2-audit")] == ["warning"]
    full = actions(row(kind="Corrective"))
    assert [f.severity.value for f in findings(full, "IK602")] == ["error"]


def test_irg2_header_outside_the_template_is_a_warning() -> None:
    text = IRG2_ACTIONS + "| Action Item | Type | Due Date |\n|---|---|---|\n| Alert on stale review dates | Detect | 2024-05-01 |\n"
    (hit,) = findings(text, "IK601", kind="irg2")
    assert hit.severity.value == "warning" and "Kind" in hit.message
    full = "## Full Incident Report\n\n### Action Items\n\n| Action Item | Type | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n|---|---|---|---|---|---|\n"
    assert [f.severity.value for f in findings(full, "IK601")] == ["error"]


def test_overflow_line_keeps_the_irg2_severity() -> None:
    rows = "".join(f"| Item {i} | Corrective | 2024-05-01 |\n" for i in range(ik6.MAX_HITS_PER_COLUMN + 3))
    text = IRG2_ACTIONS + "| Action Item | Kind | Due Date |\n|---|---|---|\n" + rows
    found = findings(text, "IK602", kind="irg2")
    assert len(found) == ik6.MAX_HITS_PER_COLUMN + 1 and {f.severity.value for f in found} == {"warning"}
    assert "3 more action items" in found[-1].message
