"""The kits against rows 32-40 of the domain audit: each test states what the row asked of the kit
and checks it in the shipped kit (its draft, its metadata and the policy data it points to)."""

from __future__ import annotations

from incident_kit.drafting.kits import find_kit, instantiate, load_kit_draft
from incident_kit.policy import load_policy


def _entries(name: str):
    return load_kit_draft(find_kit(name)).model.timeline


def _tags(entry) -> set[str]:
    return {t.value for t in entry.tags}


def test_row_32_a_delay_starts_when_the_deadline_passes_not_at_issuance():
    timeline = _entries("revocation-delay")
    (start,) = [e for e in timeline if "start" in _tags(e)]
    assert "deadline passed" in start.text
    issued = [e for e in timeline if "were issued" in e.text]
    assert issued and not any("start" in _tags(e) for e in issued)


def test_row_33_the_delay_cadence_holds_whatever_the_next_update_date():
    _, text = instantiate(find_kit("revocation-delay"))
    line = next(l for l in text.splitlines() if "next_update:" in l or "whatever this date says" in l)
    assert "every 3 days" in text and "whatever this date says" in text, line


def test_row_34_the_decision_to_delay_and_the_auditor_are_milestones():
    timeline = _entries("revocation-delay")
    assert [e for e in timeline if "delay_decided" in _tags(e) and "would not be met" in e.text]
    assert [e for e in timeline if "auditor" in e.text]


def test_row_35_ca_certificates_smime_and_chrome_are_named():
    draft = load_kit_draft(find_kit("revocation-delay")).model
    policies = draft.summary.relevant_policies
    for needed in ("4.9.1.2", "S/MIME BR", "6.2", "Chrome Root Program Policy v1.8, section 1.5.1"):
        assert needed in policies, needed
    assert "ca-revocation-delay" in find_kit("revocation-delay").draft_path.read_text(encoding="utf-8")


def test_row_36_one_entry_reaches_both_parties_and_awareness_is_its_own():
    timeline = _entries("problem-report-response")
    both = [e for e in timeline if {"prelim_to_reporter", "prelim_to_subscriber"} <= _tags(e)]
    assert len(both) == 1 and "automatic acknowledgment is not one" in both[0].text
    assert [e for e in timeline if "aware" in _tags(e)] and [e for e in timeline if "cpr_received" in _tags(e)]


def test_row_37_crl_and_ocsp_clocks_are_in_the_kit():
    kit = find_kit("crl-ocsp-failure")
    kb = load_policy()
    assert "BR 4.9.9" in kit.clauses and "4.9.10" in kit.summary
    limits = {d.limit_text for cid in kit.clauses for d in kb.get(cid).deadlines}
    assert {"7 days", "24 hours", "4 days", "15 minutes"} <= limits


def test_row_38_whiteboard_by_certificate_type():
    text = find_kit("profile-misissuance").draft_path.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.strip().startswith("whiteboard:"))
    assert all(t in line for t in ("dv-", "ov-", "ev-misissuance")) and "ca-certificate-misissuance" in line


def test_row_39_ccadb_records_name_their_sections_and_start_at_the_deadline():
    kit = find_kit("ccadb-disclosure-error")
    for section in ("(3.2)", "(4,", "(1)", "(CCADB Policy 6.2)"):
        assert section in kit.summary, section
    (start,) = [e for e in _entries("ccadb-disclosure-error") if "start" in _tags(e)]
    assert "deadline passed" in start.text


def test_row_40_caa_and_mpic_have_their_own_kit_and_clauses():
    assert "caa-mpic-validation-failure" in find_kit("domain-validation-failure").summary
    caa = find_kit("caa-mpic-validation-failure")
    assert {"BR 3.2.2.8", "BR 3.2.2.9"} <= set(caa.clauses)
    assert not any("caa" in k for k in load_policy().get("BR 3.2.2.4").keywords)
