"""Coverage of the knowledge base (issue 13, items 3): version windows as data, renumbered
sections, calendar-month limits, and the clauses whose verdicts the generic fixture harness in
test_policy.py cannot isolate."""

from __future__ import annotations

from datetime import date

import pytest
from policy_reports import full_report, load_fixtures, render_report

from incident_kit.lint.engine import lint_text
from incident_kit.policy import load_policy
from incident_kit.text.concepts import affirms, matches

# Every clause issue 13 asks for, by id (the section-4 order of the domain audit).
COVERAGE = (
    "BR 3.2.2.1", "BR 7.1.4.2", "EVG 9.2", "EVG 11", "BR 6.3.2", "BR 7.1 §serialNumber", "BR 7.1.2.1",
    "MRSP 5.4", "BR 6.1.1.3",
    "IRG 3.2 §What is considered an audit finding?", "MRSP 2.4", "BR 8.6", "CCADB Policy 5.1",
    "CCADB Policy 6.4", "Chrome 1.4.1",
    "BR 3.2.2.8", "BR 3.2.2.9", "BR 4.2.1", "BR 5.4.3", "BR 5.5.2", "SMIME BR 3.2.2",
    "BR 4.9.9", "BR 4.9.7", "BR 4.10.2", "BR 7.2", "BR 7.3", "MRSP 6.1.1", "MRSP 6.1.2", "BR 7.1.2.8",
    "BR 4.9.3",
    "CCADB Policy 1", "CCADB Policy 3.2", "CCADB Policy 4", "MRSP 4.1",
    "MRSP 3.3", "BR 2.2",
    "SMIME BR 4.9.1.1", "SMIME BR 4.9.1.2", "MRSP 6.2",
    "Chrome 1.5.1", "Chrome 1.6",
)


def test_every_incident_class_of_the_audit_has_a_clause_with_a_window():
    kb = load_policy()
    for cid in COVERAGE:
        clause = kb.get(cid)
        assert clause is not None, cid
        assert clause.in_force.versions, f"{cid}: no versions in its window"
        if cid != "CCADB Policy 3.2":  # its window is audit row 4, fixed separately
            assert clause.in_force.note or clause.in_force.since, f"{cid}: window without a date or a note"
    ids = {d.id for d in kb.get("CCADB Policy 3.2").deadlines}
    assert "subca-revocation-disclosure-7d" in ids


def test_windows_are_well_formed():
    for clause in load_policy().clauses.values():
        w = clause.in_force
        if w.since and w.until:
            assert w.since < w.until, clause.id


@pytest.mark.parametrize(
    "cid, since, until",
    [
        ("BR 3.2.2.9", date(2025, 3, 15), None),
        ("BR 4.9.9", date(2024, 11, 14), None),
        ("BR 7.1.4.2", date(2023, 9, 15), None),
        ("BR 6.3.2", date(2020, 9, 1), None),
        ("MRSP 4.1", date(2022, 10, 1), date(2026, 7, 1)),
        ("IRG 3.2 §What is considered an audit finding?", date(2026, 3, 20), None),
        ("SMIME BR 4.9.1.1", date(2023, 9, 1), None),
        ("CCADB Policy 4", date(2025, 7, 15), None),
    ],
)
def test_window_dates_match_the_policy_history(cid, since, until):
    w = load_policy().get(cid).in_force
    assert (w.since, w.until) == (since, until)


def test_validity_limits_are_stated_for_each_issuance_date():
    """The 200-day limit from 2026-03-15 is in BR 2.2.6 section 6.3.2 (checked in the reference text)."""
    clause = load_policy().get("BR 6.3.2")
    for figure in ("398 days", "200 days from 2026-03-15", "100 days from 2027-03-15", "47 days from 2029-03-15"):
        assert figure in clause.in_force.note


# --- renumbered sections ------------------------------------------------------------------------


def test_renumbered_sections_resolve_to_their_clause():
    kb = load_policy()
    assert kb.find("BR 4.9.10").id == "BR 4.9.9"  # OCSP, before BR 2.1.0
    assert kb.find("BR 2.3").id == "BR 2.2"
    assert kb.find("BR 7.1.2.3.2").id == "BR 7.1.2.1"  # any CA-certificate profile subsection
    assert kb.find("BR 7.1.2.7.11").id == "BR 7.1"  # the subscriber profile is not a CA profile
    assert kb.find("BR 3.2.2.8.1").id == "BR 3.2.2.8"  # DNSSEC for CAA
    assert kb.find("EVG 11.2.2").id == "EVG 11"


@pytest.mark.parametrize(
    "text, cid",
    [
        ("EV Guidelines v1.8.0, section 9.2.4", "EVG 9.2"),
        ("section 11.2.2 of the EV Guidelines", "EVG 11"),
        ("S/MIME Baseline Requirements v1.0.10, section 3.2.2.2", "SMIME BR 3.2.2"),
        ("Chrome Root Program Policy v1.8, section 1.5.1", "Chrome 1.5.1"),
        ("TLS BRs v2.0.2, section 4.9.10", "BR 4.9.9"),
    ],
)
def test_citations_of_the_new_documents_resolve(text, cid):
    from incident_kit.policy import find_citations

    (c,) = find_citations(text)
    assert load_policy().find(c.clause_id).id == cid


def test_a_number_that_changed_meaning_resolves_by_the_report_date():
    kb = load_policy()
    # CCADB Policy 1.x section 5.1 was the audit deadline; 2.0 made it the audit scope.
    assert kb.find("CCADB Policy 5.1", date(2024, 6, 1)).id == "CCADB Policy 5.2"
    assert kb.find("CCADB Policy 5.1", date(2025, 9, 1)).id == "CCADB Policy 5.1"


# --- calendar months ------------------------------------------------------------------------------


def _br86(period_end: str, uploaded: str):
    fx = next(f for f in load_fixtures() if f["clause"] == "BR 8.6")
    timeline = [
        [f"{period_end} 23:59 UTC", "The audit period ended."],
        [f"{uploaded} 16:00 UTC", "The audit report was published and uploaded to the CCADB."],
    ]
    md = render_report(full_report(fx, fx["good"], timeline=timeline))
    result = lint_text(md, "br86.md", as_of=date.fromisoformat(uploaded), select=["IK701"])
    return [f.message for f in result.visible if "BR 8.6" in f.message]


def test_three_months_after_31_december_is_31_march():
    assert _br86("2024-12-31", "2025-03-31") == []
    (late,) = _br86("2024-12-31", "2025-04-01")
    assert "91 days after, 1 day past the 3-month limit (due 2025-03-31)" in late


def test_three_months_after_30_june_is_30_september_92_days():
    assert _br86("2025-06-30", "2025-09-30") == []
    (late,) = _br86("2025-06-30", "2025-10-01")
    assert "past the 3-month limit (due 2025-09-30)" in late


# --- remedies judged fairly ---------------------------------------------------------------------


def _concept(cid, concept_id):
    return next(c for c in load_policy().get(cid).must_address if c.id == concept_id)


def _insufficient(cid, remedy_id):
    return next(r for r in load_policy().get(cid).insufficient if r.id == remedy_id)


@pytest.mark.parametrize(
    "text",
    [
        "Serial numbers are now 20 octets taken from 159 bits of CSPRNG output, and a unit test checks one million serials for length, sign and uniqueness.",
        "We replaced the serial number generator; its test asserts at least 64 random bits in every serial.",
    ],
)
def test_a_fixed_and_tested_serial_generator_is_the_remedy(text):
    assert affirms(text, _concept("BR 7.1 §serialNumber", "serial-generator-fixed-and-tested").phrases)


def test_linting_serials_alone_is_named_insufficient_with_the_reason():
    bad = _insufficient("BR 7.1 §serialNumber", "lint-serials-only")
    assert matches("Add a zlint check of serial numbers to the post-issuance scan.", bad.phrases)
    assert "63 random bits" in bad.reason


@pytest.mark.parametrize(
    "cid",
    ["BR 3.2.2.1", "EVG 9.2", "EVG 11"],
)
def test_registry_sourced_fields_are_a_remedy_for_identity_data(cid):
    text = "jurisdictionCountryName and organizationName are filled from the business register API, and issuance is blocked on a mismatch."
    assert affirms(text, _concept(cid, "registry-sourced-subject-fields").phrases)


def test_removing_a_faulty_path_and_gating_issuance_is_a_caa_remedy():
    text = "We removed the legacy CAA path; issuance is now blocked unless a CAA check permits it within the record's TTL."
    assert affirms(text, _concept("BR 3.2.2.8", "caa-check-gates-issuance").phrases)


def test_phrases_that_must_not_count_as_remedies():
    # A negated control is not a control.
    assert not affirms(
        "We did not block issuance on a CAA lookup failure.", _concept("BR 3.2.2.8", "caa-check-gates-issuance").phrases
    )
    # "Review the ceremony script more carefully" is care, not a lint in the ceremony.
    assert not affirms(
        "Participants will review the ceremony script more carefully.",
        _concept("BR 7.1.2.1", "ca-certificate-lint-in-ceremony").phrases,
    )


def test_serial_entropy_report_quiet_for_the_generator_fix_and_flagged_for_lint_only():
    """A report inferred to concern serial entropy (it cites no section): the generator fix is
    accepted; a lint alone gets the known-insufficient finding with its reason."""
    fx = {
        "clause": "BR 7.1 §serialNumber",
        "title": "Serial numbers with 63 random bits",
        "posted": "2026-02-03 09:00 UTC",
        "description": "Our serial numbers carried only 63 bits of entropy because the generator cleared the sign bit after drawing 64 random bits.",
        "start": "2025-06-01 00:00 UTC",
        "identified": "2026-01-30 10:00 UTC",
        "end": "2026-01-31 09:00 UTC",
        "relevant_policies": "N/A",
        "root_cause_title": "The generator drew exactly 64 bits",
        "root_cause": "The generator drew 64 random bits and then forced a positive value.",
        "detection": "Tests checked the serial length, not the number of random bits.",
        "didnt_go_well": "The generator had no test of its output.",
        "timeline": [
            ["2025-06-01 00:00 UTC", "The generator version was deployed."],
            ["2026-01-30 10:00 UTC", "A code review identified the cleared bit."],
            ["2026-01-31 09:00 UTC", "The fixed generator was deployed."],
        ],
    }
    good = [["Prevent", "The serial number generator now draws 128 bits from the CSPRNG, and a unit test checks a million serials for length, sign and uniqueness before each release."]]
    bad = [["Detect", "We added a zlint check of serial numbers to our post-issuance scan."]]

    def findings(remedies):
        md = render_report(full_report(fx, remedies))
        result = lint_text(md, "serial.md", as_of=date(2026, 2, 3), select=["IK501", "IK502"])
        return [f for f in result.visible if "BR 7.1 §serialNumber" in f.citations]

    assert findings(good) == []
    codes = {f.code for f in findings(bad)}
    assert codes == {"IK502"}  # IK501 steps aside when IK502 names the insufficient remedy


def test_policy_list_shows_every_new_clause_with_its_window_and_aliases():
    from typer.testing import CliRunner

    from incident_kit.cli import app

    out = CliRunner().invoke(app, ["policy", "list"])
    assert out.exit_code == 0
    lines = {line.split("  ")[0].strip(): line for line in out.output.splitlines()}
    kb = load_policy()
    for cid in COVERAGE:
        window = kb.get(cid).in_force.label
        assert window and f"{{{window}}}" in lines[cid], cid
    assert "(also BR 4.9.10)" in lines["BR 4.9.9"]
    assert "until 2026-07-01" in lines["MRSP 4.1"]
    shown = CliRunner().invoke(app, ["policy", "show", "BR 4.9.9"]).output
    assert "Also cited as: BR 4.9.10" in shown and "2024-11-14" in shown
