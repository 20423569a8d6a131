"""Section renumbering as data (issue 13 item 2): an old section number resolves to the clause it
named, and IK505 says so (a notice) when the report was posted after the number moved.

One case per alias of the knowledge base, each checked three ways: cited before the change (quiet,
the clause), cited after it (notice, the same clause), and, for a number another section took over,
cited after the change about that other section (quiet, the other section). The dates are those of
the documents' own histories: BR 2.1.0 (SC-076, 2024-11-14), CCADB Policy 2.0 (2025-07-15, change
history of the CCADB Policy), MRSP 2.5 (published and in force 2017-06-23)."""

from __future__ import annotations

from datetime import date

import pytest
from policy_reports import full_report, render_report

from incident_kit.lint.engine import lint_text
from incident_kit.policy import load_policy
from incident_kit.sources.markdown import read_text


def _report(description: str, policies: str, posted: str) -> str:
    fx = {
        "title": "History probe",
        "posted": f"{posted} 09:00 UTC",
        "description": description,
        "start": f"{posted} 08:00 UTC",
        "identified": f"{posted} 08:00 UTC",
        "end": f"{posted} 08:30 UTC",
        "relevant_policies": policies,
        "root_cause_title": "A manual step",
        "root_cause": "The step depended on one person.",
        "detection": "Nothing checked the step.",
        "didnt_go_well": "The step was manual.",
        "timeline": [[f"{posted} 08:00 UTC", "We became aware of the problem."]],
    }
    return render_report(full_report(fx, [["Prevent", "A nightly job reconciles the records and alerts the on-call engineer on any mismatch."]]))


def _judge(description: str, policies: str, posted: str):
    md = _report(description, policies, posted)
    day = date.fromisoformat(posted)
    notices = [f for f in lint_text(md, "history.md", as_of=day, select=["IK505"]).visible if f.code == "IK505"]
    concerned = [c.clause.id for c in load_policy().concerned(read_text(md, "history.md"), day) if not c.inferred]
    return notices, concerned


# (old number as cited, the clause it names, description, before the change, after the change)
CASES = [
    pytest.param(
        "TLS Baseline Requirements v2.0.2, section 4.9.10", "BR 4.9.9",
        "Our OCSP responses were stale: they were not updated for five days after a signer outage.",
        "2024-06-03", "2025-06-02", id="BR 4.9.10 -> 4.9.9 (2024-11-14)",
    ),
    pytest.param(
        "CCADB Policy v1.3.1, section 4", "CCADB Policy 3.2",
        "The revocation of an intermediate CA certificate was not recorded in the CCADB until 12 days later.",
        "2024-06-03", "2026-02-02", id="CCADB Policy 4 -> 3.2 (2025-07-15)",
    ),
    pytest.param(
        "CCADB Policy v1.3, section 5.1", "CCADB Policy 5.2",
        "Our annual audit statements were uploaded late, 97 days after the end of the audit period.",
        "2024-06-03", "2026-02-02", id="CCADB Policy 5.1 -> 5.2 (2025-07-15)",
    ),
    pytest.param(
        "Mozilla Root Store Policy section 3.1.3", "MRSP 3.1.4",
        "Our audit statement did not list the SHA-256 fingerprints of two intermediate CA certificates.",
        "2017-05-02", "2019-05-02", id="MRSP 3.1.3 -> 3.1.4 (2017-06-23)",
    ),
]


@pytest.mark.parametrize("cited, clause, description, before, after", CASES)
def test_old_number_before_the_change_is_quiet_and_names_the_clause(cited, clause, description, before, after):
    notices, concerned = _judge(description, cited, before)
    assert notices == []
    assert concerned == [clause]


@pytest.mark.parametrize("cited, clause, description, before, after", CASES)
def test_old_number_after_the_change_is_a_notice_and_names_the_same_clause(cited, clause, description, before, after):
    notices, concerned = _judge(description, cited, after)
    assert concerned == [clause]
    (notice,) = notices
    assert notice.severity.value == "notice" and clause in notice.citations
    assert f"on {after} the section is {clause}" in notice.message


# A number another section took over, cited after the change about that other section.
TAKEN_OVER = [
    ("CCADB Policy v2.1, section 4", "CCADB Policy 4",
     "Our updated CPS was not uploaded to the CCADB within 14 days of its effective date.", "2026-02-02"),
    ("CCADB Policy v2.1, section 5.1", "CCADB Policy 5.1",
     "Two intermediate CA certificates were missing from the scope of our audit statement.", "2026-02-02"),
    ("Mozilla Root Store Policy section 3.1.3", "MRSP 3.1.3",
     "There was a gap of three weeks between two of our audit periods.", "2019-05-02"),
]


@pytest.mark.parametrize("cited, clause, description, posted", TAKEN_OVER)
def test_a_number_another_section_took_over_is_that_section_today(cited, clause, description, posted):
    notices, concerned = _judge(description, cited, posted)
    assert notices == []
    assert concerned == [clause]


def test_every_dated_alias_has_a_history_case():
    """A new dated alias in the knowledge base needs its own case above."""
    dated = {a.id for c in load_policy().clauses.values() for a in c.aliases if a.since or a.until}
    cased = {p.values[1] for p in CASES}
    owners = {a.id: c.id for c in load_policy().clauses.values() for a in c.aliases}
    assert {owners[a] for a in dated} == cased
