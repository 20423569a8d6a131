"""Verdicts a root-store reviewer would sign: one probe report per row of the domain audit.

Each test builds a small IRG 3.2 Full report that isolates one judgement (a deadline, a remedy, a
version window), lints it, and checks what a reviewer would check: the finding, its severity and
what it cites, or its absence. The row of the audit each test answers is named in its docstring.
"""

from __future__ import annotations

from datetime import date

import pytest
from policy_reports import full_report, render_report

from incident_kit.lint.engine import lint_text
from incident_kit.policy import load_policy

GOOD_CA_REMEDIES = [
    ["Prevent", "Subscribers are moved to ACME with ARI so that replacement is automatic."],
]


def probe(
    *,
    description: str,
    timeline: list[list[str]],
    remedies: list[list[str]] | None = None,
    policies: str = "N/A",
    posted: str = "2026-06-01 09:00 UTC",
    whiteboard: str = "[ca-compliance]",
    cause: str = "The process had no automated control for this step.",
) -> dict:
    first, last = timeline[0][0], timeline[-1][0]
    return {
        "_file": "probe",
        "title": "Probe incident",
        "posted": posted,
        "description": description,
        "start": first,
        "identified": first,
        "end": last,
        "relevant_policies": policies,
        "whiteboard": whiteboard,
        "root_cause_title": "A missing control",
        "root_cause": cause,
        "detection": "Nothing checked this step automatically, so it went unnoticed until the report.",
        "didnt_go_well": "The step depended on people noticing.",
        "timeline": timeline,
        "_remedies": remedies or [["Prevent", "A nightly job reconciles the records and alerts the on-call engineer on any mismatch."]],
    }


def lint_probe(fx: dict, select=("IK5", "IK7"), as_of: str | None = None):
    md = render_report(full_report(fx, fx["_remedies"]))
    day = date.fromisoformat((as_of or fx["posted"])[:10])
    return lint_text(md, "probe.md", as_of=day, whiteboard=fx["whiteboard"], select=list(select))


def found(result, code: str, severity: str | None = None):
    return [f for f in result.visible if f.code == code and (severity is None or f.severity.value == severity)]


def show(result) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity.value, f.message) for f in result.visible]


# --- Row 1 / 26: the 24-hour list is a SHALL ------------------------------------------------------


def test_key_compromise_revoked_after_three_days_is_an_error():
    """Row 1, 26 (probe C): keys published on GitHub, revoked 3 days later, not acknowledged."""
    fx = probe(
        description="The private keys of two subscriber certificates were published in a public GitHub repository.",
        timeline=[
            ["2026-05-04 10:00 UTC", "A researcher told us that the private keys were published on GitHub; we became aware of the key compromise."],
            ["2026-05-07 10:00 UTC", "Both certificates were revoked."],
        ],
    )
    result = lint_probe(fx)
    hits = found(result, "IK701", "error")
    assert hits and "24-hour" in hits[0].message and "BR 4.9.1.1" in hits[0].citations, show(result)
    # Row 2: the CAA reading is no business of a key-compromise finding.
    assert "CAA" not in hits[0].message


# --- Row 2: the CAA caveat only before BR 2.2.6 ---------------------------------------------------

CAA_TIMELINE = [
    ["{d} 10:00 UTC", "An internal review found that CAA checking had failed for three domains; we became aware of the incident."],
    ["{e} 10:00 UTC", "The three certificates were revoked."],
]


def _caa(aware: str, revoked: str) -> dict:
    tl = [[at.format(d=aware, e=revoked), text] for at, text in CAA_TIMELINE]
    return probe(
        description="CAA checking failed for three domains because the resolver returned errors that were treated as permission.",
        timeline=tl,
        posted=f"{revoked} 12:00 UTC",
    )


def test_caa_failure_before_br_2_2_6_is_a_warning_that_states_the_reading():
    """Row 2: before 2026-03-31 CAs applied either limit to CAA failures: a warning with the caveat."""
    result = lint_probe(_caa("2026-02-02", "2026-02-05"))
    hits = found(result, "IK701")
    assert hits and hits[0].severity.value == "warning" and "CAA" in hits[0].message, show(result)


def test_caa_failure_after_br_2_2_6_is_a_plain_error():
    """Row 2: from BR 2.2.6 (2026-03-31) a CAA failure is reason 5 of the 24-hour list."""
    result = lint_probe(_caa("2026-04-06", "2026-04-09"))
    hits = found(result, "IK701", "error")
    assert hits and "Some CAs" not in hits[0].message, show(result)


# --- Row 3: the same misissuance in 2018 and in 2019 -----------------------------------------------

MISISSUANCE = "Eleven OV certificates carried a misspelled localityName copied from the application form."


def _misissued(aware: str, revoked: str) -> dict:
    return probe(
        description=MISISSUANCE,
        timeline=[
            [f"{aware} 09:00 UTC", "A customer pointed out the misspelled locality; we became aware of the misissuance."],
            [f"{revoked} 09:00 UTC", "All eleven certificates were revoked."],
        ],
        posted=f"{revoked} 12:00 UTC",
    )


def test_misissuance_revoked_after_three_days_in_2018_was_late_under_the_24_hour_rule():
    """Row 3: before BR 1.6.1 (2018-10-14) every reason had 24 hours."""
    result = lint_probe(_misissued("2018-06-01", "2018-06-04"))
    hits = found(result, "IK701", "error")
    assert hits, show(result)
    assert "before 2018-10-14" in hits[0].message and "24 hours for every reason" in hits[0].message


def test_misissuance_revoked_after_three_days_in_2019_was_on_time():
    """Row 3: from 2018-10-14 misissuance is in the 5-day list."""
    result = lint_probe(_misissued("2019-06-01", "2019-06-04"))
    assert not found(result, "IK701"), show(result)


def test_weak_key_was_a_five_day_reason_until_2020_10_19():
    """Row 3: SC35 moved computable keys to the 24-hour list on 2020-10-19."""
    desc = "Four certificates were issued for weak Debian keys that our blocklist did not cover."
    tl = [["{d} 09:00 UTC", "A researcher reported the weak keys; we became aware of the problem."],
          ["{e} 09:00 UTC", "The four certificates were revoked."]]

    def run(a, e):
        fx = probe(description=desc, timeline=[[at.format(d=a, e=e), t] for at, t in tl], posted=f"{e} 12:00 UTC")
        return lint_probe(fx)

    assert not found(run("2019-06-03", "2019-06-06"), "IK701")
    assert found(run("2021-06-01", "2021-06-04"), "IK701", "error")


# --- Row 4 and 15: CCADB Policy 3.2 exists from 2025-07-15 ----------------------------------------

def _late_subca(created: str, disclosed: str, policies: str) -> dict:
    return probe(
        description="This report covers the disclosure of a new issuing CA certificate in the CCADB.",
        timeline=[
            [f"{created} 10:00 UTC", "The issuing CA certificate was signed in the key ceremony."],
            [f"{disclosed} 10:00 UTC", "We disclosed the issuing CA certificate in the CCADB."],
        ],
        policies=policies,
        posted=f"{disclosed} 12:00 UTC",
    )


def test_ccadb_3_2_seven_days_not_applied_before_2025_07_15():
    """Row 4: in CCADB Policy 1.x the subordinate-CA section had no 7-day limit."""
    result = lint_probe(_late_subca("2024-05-06", "2024-05-16", "CCADB Policy section 3.2"))
    assert not [f for f in found(result, "IK701") if "CCADB Policy 3.2" in f.citations], show(result)


def test_ccadb_3_2_seven_days_applied_from_2025_07_15():
    """Row 4: from CCADB Policy 2.0 a subordinate CA certificate is disclosed within 7 days."""
    result = lint_probe(_late_subca("2025-09-01", "2025-09-11", "CCADB Policy section 3.2"))
    assert [f for f in found(result, "IK701", "error") if "CCADB Policy 3.2" in f.citations], show(result)


def test_old_ccadb_4_number_resolves_to_the_subordinate_ca_clause_in_its_window():
    """Row 4: 'CCADB Policy 4' in 1.x numbering is the subordinate CA section."""
    kb = load_policy()
    assert kb.find("CCADB Policy 4", on=date(2024, 5, 1)).id == "CCADB Policy 3.2"


# --- Row 5: three months before 2025-07-15, 92 days after ----------------------------------------

def _audit(period_end: str, uploaded: str) -> dict:
    return probe(
        description="This report covers the upload of the annual audit statement to the CCADB.",
        timeline=[
            [f"{period_end} 23:59 UTC", "The audit period ended."],
            [f"{uploaded} 10:00 UTC", "We uploaded the audit statement to the CCADB."],
        ],
        policies="CCADB Policy section 5.2",
        posted=f"{uploaded} 12:00 UTC",
    )


def test_audit_upload_on_day_91_in_2024_was_late_under_three_months():
    """Row 5 (acceptance): period end 2024-01-31, three months end 2024-04-30 (90 days); day 91 is late."""
    result = lint_probe(_audit("2024-01-31", "2024-05-01"))
    hits = found(result, "IK701", "error")
    assert hits and "3-month" in hits[0].message, show(result)


def test_audit_upload_on_day_91_in_2025_08_was_on_time():
    """Row 5 (acceptance): period end 2025-05-31, day 91 is 2025-08-30, within both limits."""
    result = lint_probe(_audit("2025-05-31", "2025-08-30"))
    assert not found(result, "IK701"), show(result)


def test_audit_upload_on_day_93_after_2025_07_15_is_late_by_92_days():
    result = lint_probe(_audit("2025-09-30", "2026-01-01"))
    hits = found(result, "IK701", "error")
    assert hits and "92" in hits[0].message, show(result)


def test_three_months_is_calendar_arithmetic():
    from incident_kit.deadlines.clock import Moment, add_limit

    assert add_limit(Moment.from_day(date(2024, 6, 30), None), months=3).day == date(2024, 9, 30)
    assert add_limit(Moment.from_day(date(2024, 12, 31), None), months=3).day == date(2025, 3, 31)


# --- Row 6: MRSP 3.1.3 carried the three-month deadline in 2.9 and 3.0 -----------------------------

def test_mrsp_3_1_3_alone_gives_the_audit_clock():
    fx = _audit("2025-03-31", "2025-07-10")
    fx["relevant_policies"] = "Mozilla Root Store Policy v3.0, section 3.1.3"
    result = lint_probe(fx)
    assert [f for f in found(result, "IK701", "error") if "MRSP 3.1.3" in f.citations], show(result)


# --- Row 7: CCADB Policy 5.1 is versioned ---------------------------------------------------------

def test_ccadb_5_1_means_audit_content_only_in_1_x():
    kb = load_policy()
    assert kb.find("CCADB Policy 5.1", on=date(2024, 5, 1)).id == "CCADB Policy 5.2"
    hit = kb.find("CCADB Policy 5.1", on=date(2026, 5, 1))
    assert hit is None or hit.id != "CCADB Policy 5.2"


# --- Row 8 / R5: a key-generation ceremony is not certificate creation -------------------------------

def test_key_generation_ceremony_does_not_start_the_disclosure_clock():
    """Row 8 (probe F): keygen 2026-01-10, intermediate signed 2026-03-01, disclosed 2026-03-04."""
    fx = probe(
        description="A new issuing CA was set up from a key pair generated earlier and kept parked.",
        timeline=[
            ["2026-01-10 10:00 UTC", "Key generation ceremony: we generated the key pair for the new issuing CA."],
            ["2026-03-01 10:00 UTC", "The root signed the issuing CA certificate."],
            ["2026-03-04 10:00 UTC", "We disclosed the issuing CA certificate in the CCADB."],
        ],
        policies="Mozilla Root Store Policy section 5.3.2",
        posted="2026-03-10 09:00 UTC",
    )
    result = lint_probe(fx)
    assert not found(result, "IK701"), show(result)


# --- Row 10 and 13: BR 4.3.1.2 wording and whiteboard tags --------------------------------------------

def test_linting_clause_says_shall_from_2025_03_15_and_tags_every_misissuance():
    kb = load_policy()
    lint = kb.get("BR 4.3.1.2")
    assert "should (from" not in lint.requirement.lower()
    assert "2025-03-15" in lint.requirement
    assert {"dv-misissuance", "ov-misissuance", "ev-misissuance"} <= set(lint.whiteboard_tags)
    assert "ca-misissuance" not in kb.get("BR 4.9.1.1").whiteboard_tags
    assert "ca-misissuance" in kb.get("BR 4.9.1.2").whiteboard_tags


# --- Row 15: concepts only in their window ----------------------------------------------------------

def test_mrsp_6_1_3_is_not_demanded_of_a_2019_delayed_revocation():
    fx = probe(
        description="Revocation of 30 misissued certificates was delayed because the hospital's systems could not be replaced in time.",
        timeline=[
            ["2019-03-04 09:00 UTC", "We became aware that the 30 certificates were misissued."],
            ["2019-03-20 09:00 UTC", "The last of the certificates were revoked."],
        ],
        policies="Mozilla Root Store Policy section 6.1.3; Baseline Requirements section 4.9.1.1",
        whiteboard="[ca-compliance] [leaf-revocation-delay]",
        remedies=[["Prevent", "A weekly reminder e-mail to the compliance team."]],
        posted="2019-03-25 09:00 UTC",
    )
    result = lint_probe(fx, select=("IK501", "IK502"))
    assert not [f for f in result.visible if "MRSP 6.1.3" in f.citations], show(result)


def test_mrsp_6_1_3_is_demanded_of_a_2026_delayed_revocation():
    fx = probe(
        description="Revocation of 30 misissued certificates was delayed because the hospital's systems could not be replaced in time.",
        timeline=[
            ["2026-03-04 09:00 UTC", "We became aware that the 30 certificates were misissued."],
            ["2026-03-20 09:00 UTC", "The last of the certificates were revoked."],
        ],
        policies="Mozilla Root Store Policy section 6.1.3; Baseline Requirements section 4.9.1.1",
        whiteboard="[ca-compliance] [leaf-revocation-delay]",
        remedies=[["Prevent", "A weekly reminder e-mail to the compliance team."]],
        posted="2026-03-25 09:00 UTC",
    )
    result = lint_probe(fx, select=("IK501",))
    assert [f for f in found(result, "IK501", "error") if "MRSP 6.1.3" in f.citations], show(result)


# --- Rows 16, 17: BR 4.9.5 preliminary report to both parties ----------------------------------------

def test_automatic_acknowledgement_is_not_the_preliminary_report():
    """Row 16 (probe A)."""
    fx = probe(
        description="This report covers the handling of a certificate problem report about a mis-encoded extension.",
        timeline=[
            ["2026-05-04 10:00 UTC", "We received a certificate problem report at our problem-report address."],
            ["2026-05-04 10:05 UTC", "Our ticket system sent an automatic acknowledgement to the reporter."],
            ["2026-05-06 12:00 UTC", "We sent our preliminary report on the findings to the reporter and the subscriber."],
        ],
    )
    result = lint_probe(fx)
    assert [f for f in found(result, "IK701") if "BR 4.9.5" in f.citations], show(result)


def test_preliminary_report_is_due_to_both_parties():
    """Row 17 (probe B): reporter at +10 h, subscriber at +50 h."""
    fx = probe(
        description="This report covers the handling of a certificate problem report about a mis-encoded extension.",
        timeline=[
            ["2026-05-04 10:00 UTC", "We received a certificate problem report at our problem-report address."],
            ["2026-05-04 20:00 UTC", "We sent the preliminary report on our findings to the reporter."],
            ["2026-05-06 12:00 UTC", "We sent the preliminary report on our findings to the subscriber."],
        ],
    )
    result = lint_probe(fx)
    assert [f for f in found(result, "IK701", "error") if "BR 4.9.5" in f.citations], show(result)


# --- Row 18: the last revocation ends the clock -----------------------------------------------------

def test_partial_revocation_does_not_stop_the_clock():
    """Row 18 (probe H)."""
    fx = probe(
        description=MISISSUANCE,
        timeline=[
            ["2026-05-04 09:00 UTC", "A customer pointed out the misspelled locality; we became aware of the misissuance."],
            ["2026-05-06 09:00 UTC", "2 certificates were revoked; 1 remains valid while the subscriber replaces it."],
            ["2026-05-23 09:00 UTC", "The remaining certificate was revoked."],
        ],
    )
    result = lint_probe(fx)
    hits = [f for f in found(result, "IK701", "error") if "BR 4.9.1.1" in f.citations]
    assert hits and "2026-05-23" in hits[0].message, show(result)


# --- Rows 19, 27: revocation-delay cadence holds with a Next-update date --------------------------------

def test_revocation_delay_cadence_ignores_the_next_update_date():
    """Row 19 (probe D)."""
    fx = probe(
        description="Revocation of 300 misissued certificates is delayed; some subscribers run medical devices.",
        timeline=[
            ["2026-05-01 09:00 UTC", "We became aware that the 300 certificates were misissued."],
            ["2026-05-02 09:00 UTC", "We posted the preliminary incident report on Bugzilla."],
            ["2026-05-16 09:00 UTC", "We posted an update: 120 revoked, 180 not yet revoked."],
            ["2026-05-27 09:00 UTC", "We posted an update: 250 revoked, 50 not yet revoked."],
        ],
        whiteboard="[ca-compliance] [leaf-revocation-delay] Next update 2026-07-01",
        posted="2026-05-28 09:00 UTC",
    )
    result = lint_probe(fx, select=("IK704",))
    assert len(found(result, "IK704", "error")) == 2, show(result)


# --- Row 20: the 72-hour clock of a delay starts when the CA knew it would miss the deadline -------------

def test_delay_report_clock_starts_at_the_decision_to_delay():
    fx = probe(
        description="Revocation of 300 misissued certificates is delayed; some subscribers run medical devices.",
        timeline=[
            ["2026-04-14 09:00 UTC", "We became aware of the reason to revoke the 300 certificates."],
            ["2026-04-16 15:00 UTC", "We decided to delay revocation; we knew the 5-day deadline would not be met."],
            ["2026-04-18 10:30 UTC", "We posted the preliminary incident report on Bugzilla."],
        ],
        whiteboard="[ca-compliance] [leaf-revocation-delay]",
        posted="2026-04-18 10:30 UTC",
    )
    result = lint_probe(fx, select=("IK702",))
    assert not found(result, "IK702"), show(result)


# --- Row 21: another CA's incident does not acknowledge this one -------------------------------------

def test_related_incident_of_another_ca_does_not_acknowledge_our_miss():
    fx = probe(
        description="This report covers the handling of a certificate problem report about a mis-encoded extension.",
        timeline=[
            ["2026-05-04 10:00 UTC", "We received a certificate problem report at our problem-report address."],
            ["2026-05-06 12:00 UTC", "We sent our preliminary report on the findings to the reporter and the subscriber."],
        ],
    )
    data = full_report(fx, fx["_remedies"])
    data["related_incidents"] = [{
        "bug_id": 1900001, "opened": "2024-02-01",
        "description": "Another CA did not answer a problem report within 24 hours, which was late.",
    }]
    md = render_report(data)
    result = lint_text(md, "probe.md", as_of=date(2026, 6, 1), select=["IK701"])
    assert [f for f in found(result, "IK701", "error") if "BR 4.9.5" in f.citations], show(result)


# --- Row 22: negation-aware routing between 24 hours and 5 days ---------------------------------------

def test_negated_key_compromise_does_not_route_to_24_hours():
    """Row 22 (probe G)."""
    fx = probe(
        description=MISISSUANCE + " No private key was compromised and domain validation was correct.",
        timeline=[
            ["2026-05-04 09:00 UTC", "A customer pointed out the misspelled locality; we became aware of the misissuance."],
            ["2026-05-07 09:00 UTC", "All eleven certificates were revoked."],
        ],
    )
    result = lint_probe(fx)
    assert not found(result, "IK701"), show(result)


def test_domain_control_not_relied_upon_routes_to_24_hours():
    """Row 22 (probe E3)."""
    fx = probe(
        description="HTTP domain validation followed redirects to other hosts, so domain control could not be relied upon for 12 certificates.",
        timeline=[
            ["2026-05-04 09:00 UTC", "A researcher reported the redirect behaviour; we became aware of the problem."],
            ["2026-05-07 09:00 UTC", "All 12 certificates were revoked."],
        ],
    )
    result = lint_probe(fx)
    hits = found(result, "IK701", "error")
    assert hits and "24-hour" in hits[0].message, show(result)


# --- Row 24: a formatting correction keeps the original upload -----------------------------------------

def test_formatting_correction_does_not_replace_a_timely_upload():
    fx = _audit("2025-09-30", "2025-12-15")
    fx["timeline"] = fx["timeline"] + [
        ["2026-01-20 10:00 UTC", "We uploaded a corrected audit statement that fixes a formatting error found by ALV; scope and period are unchanged."],
    ]
    fx["end"] = "2026-01-20 10:00 UTC"
    result = lint_probe(fx, as_of="2026-01-25")
    assert not found(result, "IK701"), show(result)


def test_correction_that_adds_ca_certificates_replaces_the_upload():
    fx = _audit("2025-09-30", "2025-12-15")
    fx["timeline"] = fx["timeline"] + [
        ["2026-01-20 10:00 UTC", "We uploaded a corrected audit statement that adds two CA certificates missing from its scope."],
    ]
    fx["end"] = "2026-01-20 10:00 UTC"
    result = lint_probe(fx, as_of="2026-01-25")
    assert found(result, "IK701", "error"), show(result)


# --- Row 25: IK109 cites what was in force ------------------------------------------------------------

def test_superseded_template_cites_mrsp_before_ccadb_6_1_existed():
    from incident_kit.lint.rule import all_rules

    legacy = "1. How your CA first became aware of the problem\n\nA report on 2024-03-01.\n"
    result = lint_text(legacy, "old.md", kind="legacy", as_of=date(2024, 6, 1), select=["IK109"])
    hits = found(result, "IK109")
    assert hits and all("CCADB Policy 6.1" not in c for c in hits[0].citations), show(result)
    assert any("MRSP" in c for c in hits[0].citations)
    later = lint_text(legacy, "old.md", kind="legacy", as_of=date(2025, 9, 1), select=["IK109"])
    assert any("CCADB Policy 6.1" in c for c in found(later, "IK109")[0].citations)
    assert all_rules()


# --- R1: "apply the corrected extension" is no exception request ------------------------------------------

def test_applying_an_extension_is_not_asking_for_an_exception():
    fx = probe(
        description="ECDSA certificates carried a keyUsage extension with keyEncipherment; they were revoked within five days.",
        timeline=[
            ["2026-05-04 09:00 UTC", "A researcher reported the keyUsage value; we became aware of the misissuance."],
            ["2026-05-06 09:00 UTC", "All affected certificates were revoked."],
        ],
        policies="Baseline Requirements section 4.9.1.1; section 7.1.2.7.11",
        remedies=[["Prevent", "Apply the corrected key usage extension to every ECDSA profile and lint every to-be-signed certificate with pkilint before signing, blocking issuance on errors."]],
    )
    result = lint_probe(fx, select=("IK502",))
    assert not found(result, "IK502"), show(result)


# --- R2-R4: good remedies that are not lints --------------------------------------------------------------

def _remedy_probe(description: str, remedy: str, policies: str = "Mozilla Root Store Policy section 5.2"):
    return probe(
        description=description,
        timeline=[
            ["2026-05-04 09:00 UTC", "A researcher reported the problem; we became aware of the misissuance."],
            ["2026-05-07 09:00 UTC", "All affected certificates were revoked."],
        ],
        policies=policies,
        remedies=[["Prevent", remedy]],
    )


def test_serial_generator_with_entropy_test_is_accepted():
    """R2 (probe E1)."""
    fx = _remedy_probe(
        "Serial numbers carried 63 bits of entropy instead of 64 because the top bit was cleared.",
        "Generate 20-octet serial numbers from 159 bits of CSPRNG output, with a unit test that measures the entropy of one million serials.",
    )
    result = lint_probe(fx, select=("IK501",))
    assert not found(result, "IK501", "error"), show(result)


def test_registry_sourced_identity_fields_are_accepted():
    """R3 (probe E2)."""
    fx = _remedy_probe(
        "EV certificates carried the wrong jurisdictionCountryName for companies registered abroad.",
        "Fill the jurisdiction fields from the business registry API and block issuance when the registry and the application disagree.",
    )
    result = lint_probe(fx, select=("IK501",))
    assert not found(result, "IK501", "error"), show(result)


def test_removing_the_faulty_validation_path_is_accepted():
    """R4 (probe E3)."""
    fx = _remedy_probe(
        "HTTP domain validation followed redirects to other hosts, so domain validation failed for 12 certificates.",
        "Replace the in-house HTTP validation code with a proven ACME http-01 implementation and remove the legacy validation path.",
        policies="Baseline Requirements section 3.2.2.4",
    )
    result = lint_probe(fx, select=("IK501",))
    assert not found(result, "IK501", "error"), show(result)


def test_a_lint_remedy_is_still_expected_for_an_encoding_error():
    fx = _remedy_probe(
        "Certificates carried a policy identifier extension encoded with the wrong string type.",
        "Staff will review the profile more carefully.",
    )
    result = lint_probe(fx, select=("IK501",))
    assert found(result, "IK501", "error"), show(result)


# --- R6, R7: a reminder is not a control -------------------------------------------------------------

def test_monitoring_the_mailbox_more_closely_is_a_reminder():
    """R6 (probe I)."""
    fx = probe(
        description="A certificate problem report was not answered within 24 hours.",
        timeline=[
            ["2026-05-04 10:00 UTC", "We received a certificate problem report at our problem-report address."],
            ["2026-05-04 20:00 UTC", "We sent our preliminary report on the findings to the reporter and the subscriber."],
        ],
        policies="Baseline Requirements section 4.9.5",
        remedies=[["Prevent", "Staff will monitor the problem report mailbox more closely."]],
    )
    result = lint_probe(fx, select=("IK501", "IK502", "IK503"))
    # One error for the one remedy: IK502 names the known-insufficient reminder (by the reminder
    # lexicon, the same test IK503 uses) and IK501 steps aside for that clause.
    assert found(result, "IK502", "error") and not found(result, "IK501"), show(result)
    assert found(result, "IK503"), show(result)


def _late_answer(remedy: str):
    fx = probe(
        description="A question on the incident bug was answered late, after 12 days.",
        timeline=[
            ["2026-05-04 10:00 UTC", "A root program asked a question on the bug."],
            ["2026-05-16 10:00 UTC", "We answered the question."],
        ],
        policies="CCADB Incident Reporting Guidelines, When are reports updated?",
        remedies=[["Prevent", remedy]],
    )
    return lint_probe(fx, select=("IK501", "IK502"))


@pytest.mark.parametrize(
    "remedy, accepted",
    [
        # R7 (probe J): an alias is what failed; the concept asks for computed due dates and alerts.
        ("Create a shared compliance mailbox for Bugzilla notifications.", False),
        ("Bugzilla comments now open tickets in our compliance tracker, which computes the 7-day due "
         "date and alerts the on-call officer two days before it.", True),
        ("A shared mailbox feeds the ticket queue, which alerts the on-call officer two days before "
         "each answer is due.", True),
    ],
)
def test_shared_mailbox_alone_is_not_a_tracker(remedy, accepted):
    result = _late_answer(remedy)
    refused = found(result, "IK501", "error") + found(result, "IK502", "error")
    assert len(refused) == (0 if accepted else 1), show(result)


# --- policy show --as-of: the text and limits in force that day ------------------------------------


def test_policy_show_as_of_prints_the_limits_in_force_that_day():
    from typer.testing import CliRunner

    from incident_kit.cli import app

    runner = CliRunner()
    old = runner.invoke(app, ["policy", "show", "BR 4.9.1.1", "--as-of", "2018-06-01"])
    assert old.exit_code == 0
    assert "24 hours for every reason" in old.stdout and "5 days for misissuance" not in old.stdout
    new = runner.invoke(app, ["policy", "show", "BR 4.9.1.1", "--as-of", "2019-06-01"])
    assert "5 days for misissuance" in new.stdout and "Revoke within 24 hours, whatever the reason" not in new.stdout
    audit = runner.invoke(app, ["policy", "show", "CCADB Policy 5.2", "--as-of", "2024-06-01"])
    assert "three months" in audit.stdout and "92 calendar days of" not in audit.stdout
    renumbered = runner.invoke(app, ["policy", "show", "CCADB Policy 4", "--as-of", "2024-06-01"])
    assert renumbered.stdout.startswith("CCADB Policy 3.2")
    bad = runner.invoke(app, ["policy", "show", "BR 4.9.1.1", "--as-of", "June"])
    assert bad.exit_code == 2 and "not a date" in bad.output and "Traceback" not in bad.output


def test_policy_list_shows_windows():
    from typer.testing import CliRunner

    from incident_kit.cli import app

    out = CliRunner().invoke(app, ["policy", "list"]).stdout
    line = next(l for l in out.splitlines() if l.startswith("CCADB Policy 3.2"))
    assert "since 2025-07-15" in line


# --- Row 23: the 3-day update after an action-item change is IRG 3.1 ---------------------------------


def _item_change(day_changed: str, day_update: str) -> dict:
    return probe(
        description="This report covers the updates posted while the action items were carried out.",
        timeline=[
            [f"{day_changed} 10:00 UTC", "Action item 2 was completed."],
            [f"{day_update} 10:00 UTC", "We posted an update on the bug."],
        ],
        policies="CCADB Incident Reporting Guidelines, When are reports updated?",
        posted=f"{day_update} 12:00 UTC",
    )


def test_action_item_update_within_3_days_only_from_irg_3_1():
    before = lint_probe(_item_change("2025-05-05", "2025-05-10"), select=("IK701",))
    assert not [f for f in found(before, "IK701") if "3 days" in f.message], show(before)
    after = lint_probe(_item_change("2025-09-01", "2025-09-06"), select=("IK701",))
    assert [f for f in found(after, "IK701") if "IRG 3.1+" in f.message], show(after)


def test_status_service_clauses_say_where_the_limits_live():
    """Rows 11 and 12: OCSP nextUpdate is bounded by the responder's or issuing CA's notAfter; BR
    4.9.7 sets frequency, the nextUpdate limits live in BR 7.2 and MRSP 6."""
    kb = load_policy()
    assert "certificate's notAfter" not in kb.get("MRSP 6").requirement
    assert "issuing CA certificate" in kb.get("MRSP 6").requirement
    assert "12" in kb.get("BR 4.9.7").requirement and "7.2" in kb.get("BR 4.9.7").requirement


def test_old_ocsp_number_resolves_in_its_window_and_after_it():
    """Renumbering is data: BR 4.9.10 names the OCSP clause before 2024-11-14 (and still leads to it
    later, with IK505's notice)."""
    kb = load_policy()
    assert kb.find("BR 4.9.10", on=date(2024, 6, 1)).id == "BR 4.9.9"
    assert kb.renumbered("BR 4.9.10", date(2024, 6, 1)) is None
    clause, alias = kb.renumbered("BR 4.9.10", date(2025, 6, 1))
    assert clause.id == "BR 4.9.9" and alias.until == date(2024, 11, 14)


# --- S/MIME reports are judged by the S/MIME BRs, not the TLS list (issue 13 item 3) ---------------

SMIME_DESCRIPTION = (
    "Forty S/MIME certificates were issued with a legacy profile that put an unvalidated organisation "
    "name in the subject; the S/MIME BRs do not allow it."
)
TLS_DESCRIPTION = (
    "Forty OV TLS certificates were issued with an organisation name that was not validated; the "
    "TLS BRs do not allow it."
)


def _revoked_after(description: str, days: int, whiteboard: str = "[ca-compliance]", policies: str = "N/A"):
    end = date(2026, 5, 4 + days).isoformat()
    return probe(
        description=description,
        timeline=[
            ["2026-05-04 10:00 UTC", "A certificate linter report made us aware of the forty certificates."],
            [f"{end} 10:00 UTC", "All forty certificates were revoked."],
        ],
        whiteboard=whiteboard,
        policies=policies,
    )


def _clocks(result) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.severity.value, tuple(f.citations)) for f in found(result, "IK701")]


def test_smime_misissuance_is_not_judged_by_the_tls_revocation_list():
    """An S/MIME report that cites nothing: its revocation clock is S/MIME BR 4.9.1.1 (5 days), and
    no finding cites the TLS BRs."""
    late = lint_probe(_revoked_after(SMIME_DESCRIPTION, 6), select=("IK5", "IK7"))
    assert not [f for f in late.visible if "BR 4.9.1.1" in f.citations], show(late)
    hits = [f for f in found(late, "IK701", "error") if "SMIME BR 4.9.1.1" in f.citations]
    assert hits and "5-day limit" in hits[0].message, show(late)
    assert not found(lint_probe(_revoked_after(SMIME_DESCRIPTION, 4)), "IK701")


def test_tls_misissuance_keeps_the_tls_revocation_list():
    late = lint_probe(_revoked_after(TLS_DESCRIPTION, 6))
    assert [f for f in found(late, "IK701", "error") if "BR 4.9.1.1" in f.citations], show(late)
    assert not [f for f in late.visible if any(c.startswith("SMIME") for c in f.citations)], show(late)


def test_smime_subordinate_ca_gets_the_smime_7_day_clock():
    fx = _revoked_after("An S/MIME subordinate CA certificate was created with the serverAuth key purpose.", 9)
    result = lint_probe(fx)
    cites = [c for _, cs in _clocks(result) for c in cs]
    assert "SMIME BR 4.9.1.2" in cites and "BR 4.9.1.2" not in cites, show(result)


@pytest.mark.parametrize(
    "description, whiteboard, policies, expected",
    [
        (SMIME_DESCRIPTION, "[ca-compliance]", "N/A", "smime"),
        (TLS_DESCRIPTION, "[ca-compliance]", "N/A", "tls"),
        # the whiteboard is the strongest evidence, then the documents cited, then the words
        ("Forty certificates had a wrong subject field.", "[ca-compliance] [smime-misissuance]", "N/A", "smime"),
        ("Forty certificates had a wrong subject field.", "[ca-compliance] [ov-misissuance]", "N/A", "tls"),
        ("Forty certificates had a wrong subject field.", "[ca-compliance]", "S/MIME Baseline Requirements v1.0.10, section 7.1", "smime"),
        (SMIME_DESCRIPTION, "[ca-compliance]", "TLS Baseline Requirements v2.2.6, section 7.1", "tls"),
        ("Forty certificates had a wrong subject field.", "[ca-compliance]", "N/A", None),
        ("Our S/MIME and TLS certificates both had a wrong subject field.", "[ca-compliance]", "N/A", None),
    ],
)
def test_which_certificates_a_report_is_about(description, whiteboard, policies, expected):
    from incident_kit.policy import report_certificates
    from incident_kit.sources.markdown import read_text

    fx = _revoked_after(description, 2, whiteboard=whiteboard, policies=policies)
    doc = read_text(render_report(full_report(fx, fx["_remedies"])), "probe.md")
    doc.bug.whiteboard = [t.strip("[]") for t in whiteboard.split()]
    assert report_certificates(doc) == expected


# --- Row 40: a CAA failure is BR 3.2.2.8, not BR 3.2.2.4 ---------------------------------------------

def test_caa_failure_that_cites_nothing_is_not_read_as_domain_validation():
    from incident_kit.sources.markdown import read_text

    fx = probe(
        description="Our CAA check was skipped for names with a trailing dot, so 12 certificates were issued although CAA did not permit it.",
        timeline=[["2026-05-04 10:00 UTC", "We became aware of the skipped CAA check."]],
    )
    doc = read_text(render_report(full_report(fx, fx["_remedies"])), "probe.md")
    inferred = [c.clause.id for c in load_policy().concerned(doc, date(2026, 6, 1))]
    assert "BR 3.2.2.8" in inferred and "BR 3.2.2.4" not in inferred


# --- Limits finer than an hour: BR 4.9.9's 15-minute authoritative OCSP response ----------------------

def _ocsp_probe(answered: str):
    return probe(
        description="After a responder change, new certificates got an OCSP status of unknown for longer than allowed.",
        timeline=[
            ["2026-02-03 10:00 UTC", "The certificate was issued and logged to CT."],
            [f"2026-02-03 {answered} UTC", "The OCSP responder returned a good status for the certificate."],
        ],
        policies="TLS Baseline Requirements v2.2.6, section 4.9.9",
        posted="2026-02-10 09:00 UTC",
    )


def test_ocsp_unknown_beyond_15_minutes_is_an_error_with_minutes():
    result = lint_probe(_ocsp_probe("10:42"), select=("IK701",))
    hits = [f for f in found(result, "IK701", "error") if "BR 4.9.9" in f.citations]
    assert hits, show(result)
    assert "42 min after, 27 min past the 15-minute limit" in hits[0].message
    assert "BR 2.1.0+ §4.9.9" in hits[0].message


def test_ocsp_authoritative_within_15_minutes_is_quiet():
    assert not found(lint_probe(_ocsp_probe("10:12"), select=("IK701",)), "IK701")


def test_15_minute_clock_did_not_exist_before_2025_01_15():
    fx = _ocsp_probe("10:42")
    fx["timeline"] = [["2024-12-03 10:00 UTC", fx["timeline"][0][1]], ["2024-12-03 10:42 UTC", fx["timeline"][1][1]]]
    fx["posted"] = "2024-12-10 09:00 UTC"
    assert not found(lint_probe(fx, select=("IK701",)), "IK701")


def test_smime_problem_report_clock_cites_the_smime_brs():
    def cpr(description):
        return probe(
            description=description,
            timeline=[
                ["2026-05-04 10:00 UTC", "We received a certificate problem report at our problem-report address."],
                ["2026-05-05 16:00 UTC", "We sent our preliminary report on the findings to the reporter and the subscriber."],
            ],
        )

    smime = lint_probe(cpr("A certificate problem report about one of our S/MIME certificates was answered late."), select=("IK701",))
    assert [c for f in found(smime, "IK701") for c in f.citations if c.endswith("4.9.5")] == ["SMIME BR 4.9.5"], show(smime)
    tls = lint_probe(cpr("A certificate problem report about one of our TLS server certificates was answered late."), select=("IK701",))
    assert [c for f in found(tls, "IK701") for c in f.citations if c.endswith("4.9.5")] == ["BR 4.9.5"], show(tls)


def test_no_smime_br_clock_before_the_smime_brs_existed():
    """The S/MIME BRs apply from 2023-09-01: a 2022 S/MIME revocation gets neither their clock nor
    the TLS list (which never governed S/MIME certificates)."""
    fx = _revoked_after(SMIME_DESCRIPTION, 6)
    fx["timeline"] = [["2022-05-04 10:00 UTC", fx["timeline"][0][1]], ["2022-05-10 10:00 UTC", fx["timeline"][1][1]]]
    fx["posted"] = "2022-05-20 09:00 UTC"
    result = lint_probe(fx, select=("IK701",))
    assert not found(result, "IK701"), show(result)
