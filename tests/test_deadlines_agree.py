"""``incident-kit deadlines`` and the IK7 rules read one timeline the same way.

Both take their events from :mod:`incident_kit.deadlines.events`. This test runs both on every
example draft and kit fixture and compares their verdicts: a clause deadline whose end event came
late is ``overdue`` in the table exactly when IK701 reports it, the 72-hour row is ``overdue``
exactly when IK702 reports a late first disclosure in the timeline, and a clause deadline the
table shows as ``met`` gets no IK701 finding. The newcomer review's cases (M6, M7, m11, m13) are
regression tests below.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO
from incident_kit.cli import app
from incident_kit.deadlines.clock import today
from incident_kit.deadlines.table import lifecycle_deadlines
from incident_kit.sources.yaml.to_document import document_from
from incident_kit.sources.yaml import load, load_draft
from incident_kit.lint.engine import lint_paths

DRAFTS = sorted(
    p
    for p in list((REPO / "examples").glob("*.yaml")) + list((REPO / "tests" / "fixtures" / "kits").glob("*.yaml"))
    if load_draft(p).kind in ("preliminary", "full", "closure")
)
runner = CliRunner()


def _verdicts(path: Path):
    loaded = load(str(path))
    now = today(None, loaded.model, str(path)) if loaded.model.bug.posted else None
    if now is None:
        pytest.skip("no posting date")
    table = lifecycle_deadlines(loaded, document_from(loaded), now)
    (result,) = lint_paths([path], use_config=False)
    return table, result


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_deadlines_and_ik7_agree(path):
    table, result = _verdicts(path)
    ik701 = {c for f in result.findings if f.code == "IK701" for c in f.citations if not c.startswith("IRG 3.2 §Timeline")}
    late_clauses = {
        r.clause for r in table.rows
        if not r.clause.startswith("IRG") and r.status == "overdue" and not re.search(r"\bno [\w-]+ yet\b", r.basis)
    }
    met_clauses = {r.clause for r in table.rows if not r.clause.startswith("IRG") and r.status == "met"}
    assert late_clauses <= ik701, (late_clauses, ik701, [r.as_json() for r in table.rows])
    assert not (met_clauses - late_clauses) & ik701, (met_clauses, ik701)
    first = next((r for r in table.rows if r.id == "initial-report-72h"), None)
    ik702 = [f for f in result.findings if f.code == "IK702"]
    if first is not None and "(line" in first.basis.split("first report", 1)[-1]:
        assert (first.status == "overdue") == bool(ik702), (first.as_json(), [f.message for f in ik702])


# --- newcomer-reliability regressions ------------------------------------------------------------


def _delayed(tmp_path, edit) -> Path:
    text = (REPO / "examples" / "delayed-revocation-full.yaml").read_text(encoding="utf-8")
    out = tmp_path / "dr.yaml"
    out.write_text(edit(text), encoding="utf-8")
    return out


def _rows(stdout: str) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads(stdout)["deadlines"]}


def test_m6_will_be_revoked_is_not_a_revocation(tmp_path):
    """M6: an entry saying certificates *would be revoked* does not end BR 4.9.1.1's clock, and the
    revocation-delay cadence stays."""
    def edit(text: str) -> str:
        text = text.replace(
            "All 27 subscribers are notified, offered immediate replacements, and told that revocation\n      is scheduled for 2026-04-17 12:00 UTC.",
            "We told all 27 subscribers that their certificates would be revoked by 2026-04-17 12:00 UTC.",
        )
        return re.sub(r"\n    tags: \[revocation_completed[^\]]*\]", "", text)

    draft = _delayed(tmp_path, edit)
    result = runner.invoke(app, ["deadlines", str(draft), "--as-of", "2026-04-20", "--format", "json"])
    rows = _rows(result.stdout)
    assert rows["revoke-5d"]["status"] == "overdue", rows["revoke-5d"]
    assert "revocation-delay-update-3d" in rows and "revocation-delay-update-7d" in rows


def test_m7_update_posted_entries_count_as_updates():
    """M7: "Update posted: ..." entries are postings for ``deadlines`` as for IK704."""
    result = runner.invoke(app, ["deadlines", "examples/delayed-revocation-full.yaml", "--as-of", "2026-04-23", "--format", "json"])
    rows = _rows(result.stdout)
    assert rows["revocation-delay-update-3d"]["status"] == "open"
    assert rows["revocation-delay-update-3d"]["due"] == "2026-04-25 09:00 UTC"
    assert [r["id"] for r in rows.values() if r["status"] == "overdue"] == ["revoke-5d"]  # the delay itself


def test_m11_rows_revoked_after_the_as_of_date_are_not_yet_revoked():
    result = runner.invoke(app, ["update", "examples/delayed-revocation-full.yaml", "--since",
                                 "examples/delayed-revocation-full.yaml", "--as-of", "2026-04-20"])
    assert "- Revoked: 0" in result.stdout and "- Not yet revoked: 3" in result.stdout


def test_m13_expected_completion_unchanged_is_not_an_expected_time(tmp_path):
    """m13: the example as it stood on 2026-04-20 (entries up to the first update). "Expected
    completion unchanged" in an update line does not make that line's time the expected completion
    (IK307); the expectation is the time the delay decision names."""
    def upto_first_update(text: str) -> str:
        return text[: text.index('  - at: "2026-04-22 09:00 UTC"')] + text[text.index("\nrelated_incidents:") + 1 :]

    draft = _delayed(tmp_path, upto_first_update)
    (early,) = lint_paths([draft], use_config=False, as_of=date(2026, 4, 20))
    assert not [f for f in early.findings if f.code == "IK307"], [f.message for f in early.findings if f.code == "IK307"]
    (late,) = lint_paths([draft], use_config=False, as_of=date(2026, 4, 26))
    assert [f for f in late.findings if f.code == "IK307" and "2026-04-24 18:00 UTC" in f.message]


def test_m10_revocation_delay_starting_at_the_deadline_does_not_contradict_old_not_before(tmp_path):
    """m10: a delayed-revocation draft whose [start] is the passing of the revocation deadline (as the
    kit's summary prompt says) does not make every certificate's notBefore an error; for another
    incident an early notBefore still contradicts the start."""
    from datetime import datetime, timezone

    from incident_kit.drafting.appendix import not_before_problems

    def start_at_deadline(text: str) -> str:
        text = text.replace("    tags: [start]\n", "", 1)
        return text.replace(
            "      The 5-day revocation deadline passes with the three certificates still valid; the delay\n      begins.\n",
            "      The 5-day revocation deadline passes with the three certificates still valid; the delay\n      begins.\n    tags: [start]\n",
        )

    draft = _delayed(tmp_path, start_at_deadline)
    loaded = load(str(draft))
    issued = datetime(2026, 1, 12, 9, 0, tzinfo=timezone.utc)
    assert not_before_problems(issued, document_from(loaded), None) == []
    other = load(str(REPO / "examples" / "profile-misissuance-full.yaml"))
    assert not_before_problems(datetime(2025, 1, 1, tzinfo=timezone.utc), document_from(other), None)
