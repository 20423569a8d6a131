"""The policy knowledge base and the IK5 / IK7 rules built on it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from policy_reports import full_report, load_fixtures, render_report
from typer.testing import CliRunner

from incident_kit.cli import app
from incident_kit.errors import InputError
from incident_kit.lint.engine import lint_text
from incident_kit.policy import find_citations, load_policy
from incident_kit.text.concepts import affirms, matches
from incident_kit.policy.model import CLAUSE_ID_RE

FIXTURES = load_fixtures()
IK5_IK7 = ("IK5", "IK7")


def _codes(result, severity=None):
    return sorted(
        {f.code for f in result.visible if severity is None or f.severity.value == severity}
    )


# --- the knowledge base ---------------------------------------------------------------------


def test_shipped_clauses_cover_the_required_topics():
    kb = load_policy()
    for cid in (
        "MRSP 5.3.2",
        "CCADB Policy 3.2",
        "CCADB Policy 5.2",
        "BR 4.9.1.1",
        "BR 4.9.1.2",
        "BR 4.9.5",
        "MRSP 6",
        "BR 4.9.7",
        "CCADB Policy 6.2",
        "MRSP 5.2",
        "BR 7.1",
        "BR 3.2.2.4",
        "IRG 3.2 §When are reports expected?",
        "IRG 3.2 §When are reports updated?",
    ):
        assert kb.get(cid) is not None, cid
    for clause in kb.clauses.values():
        assert CLAUSE_ID_RE.match(clause.id)
        assert clause.requirement.strip()


def test_deadlines_are_data():
    kb = load_policy()
    d = kb.get("MRSP 5.3.2").deadlines[0]
    assert (d.start.event, d.end.event, d.days) == ("ca-created", "ccadb-disclosed", 7)
    assert kb.get("CCADB Policy 5.2").deadlines[0].days == 92
    hours = {d.id: d.limit_hours for d in kb.get("BR 4.9.1.1").deadlines}
    assert hours == {"revoke-24h": 24, "revoke-5d": 120}
    lifecycle = {d.id: d.limit_hours for c in kb.clauses.values() if c.id.startswith("IRG") for d in c.deadlines}
    assert lifecycle["initial-report-72h"] == 72 and lifecycle["full-report-14d"] == 14 * 24
    assert lifecycle["action-item-change-3d"] == 72 and lifecycle["respond-7d"] == 168


def test_user_policy_file_is_loaded_and_validated(tmp_path):
    own = tmp_path / "cps.yaml"
    own.write_text(
        "clauses:\n"
        "  - id: CPS 4.9.3\n"
        "    document: Fixture CA Certification Practice Statement\n"
        "    title: Problem reports answered within 12 hours\n"
        "    requirement: We acknowledge every problem report within 12 hours.\n"
        "    deadlines:\n"
        "      - id: cps-cpr-12h\n"
        "        summary: Acknowledge a problem report within 12 hours.\n"
        "        start: {event: cpr-received, tags: [cpr_received]}\n"
        "        end: {event: preliminary-report-sent, tags: [prelim_to_reporter]}\n"
        "        hours: 12\n",
        encoding="utf-8",
    )
    kb = load_policy([own])
    assert kb.get("CPS 4.9.3").deadlines[0].hours == 12
    assert kb.get("MRSP 5.3.2") is not None  # shipped clauses stay

    bad = tmp_path / "bad.yaml"
    bad.write_text("clauses:\n  - id: nonsense\n    document: x\n    title: y\n    requirement: z\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_policy([bad])
    assert "bad.yaml" in str(exc.value) and "clauses.0.id" in str(exc.value)

    broken = tmp_path / "broken.yaml"
    broken.write_text("clauses: [\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_policy([broken])
    assert "broken.yaml:" in str(exc.value)


def test_schema_of_policy_format_is_committed_and_fresh(repo):
    from incident_kit.policy.model import policy_json_schema

    committed = json.loads((repo / "schemas" / "policy-clause.schema.json").read_text(encoding="utf-8"))
    assert committed == policy_json_schema(), "regenerate with: python -m incident_kit.policy.model > schemas/policy-clause.schema.json"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("section 5.3.2 of the Mozilla Root Store Policy", "MRSP 5.3.2"),
        ("MRSP §5.3.2", "MRSP 5.3.2"),
        ("Mozilla policy section 5.3.2", "MRSP 5.3.2"),
        ("Mozilla Root Store Policy v2.5, section 5.3.2", "MRSP 5.3.2"),
        ("BR 4.9.1.1", "BR 4.9.1.1"),
        ("Baseline Requirements section 4.9.5", "BR 4.9.5"),
        ("TLS BRs v2.1.7, §4.9.5", "BR 4.9.5"),
        ("§4.9.1.1 of the BRs", "BR 4.9.1.1"),
        ("CCADB Policy v2.1 §5.2", "CCADB Policy 5.2"),
        ("S/MIME Baseline Requirements section 4.9.1.1", "SMIME BR 4.9.1.1"),
        ("TLS BRs v2.2.2, sections 4.9.1.1 and 7.1.4.2", "BR 4.9.1.1, BR 7.1.4.2"),
        ("Mozilla Root Store Policy v3.0, §§ 6.1, 6.1.3", "MRSP 6.1, MRSP 6.1.3"),
        ("TLS BR v2.2.6, sections 7.1.2.7.11 (key usage), 4.3.1.2 (linting) and 4.9.1.1", "BR 7.1.2.7.11, BR 4.3.1.2, BR 4.9.1.1"),
    ],
)
def test_citations_in_any_common_spelling(text, expected):
    assert ", ".join(c.clause_id for c in find_citations(text)) == expected


@pytest.mark.parametrize("text", ["RFC 5280 section 4.2.1.6", "our CPS v3 was updated", "version 2.0 of the BRs", "BR compliance team"])
def test_text_that_is_not_a_clause_citation(text):
    assert find_citations(text) == []


def test_policy_commands():
    runner = CliRunner()
    out = runner.invoke(app, ["policy", "list"])
    assert out.exit_code == 0 and "MRSP 5.3.2" in out.output and "[7 days]" in out.output
    out = runner.invoke(app, ["policy", "show", "mrsp §5.3.2"])
    assert out.exit_code == 0
    assert "creation" in out.output and "delivery" in out.output
    out = runner.invoke(app, ["policy", "show", "BR 4.9.1.1", "--format", "json"])
    assert json.loads(out.output)["id"] == "BR 4.9.1.1"
    out = runner.invoke(app, ["policy", "show", "XYZ 1.2"])
    assert out.exit_code == 2


# --- phrasing: each concept recognised in several wordings, negations refused -----------------

CONCEPT_PHRASINGS = {
    ("MRSP 5.3.2", "disclosure-tied-to-creation"): [
        "The ceremony checklist now ends with a step that creates the CCADB record for the new CA.",
        "Issuance from a new CA is blocked until its CCADB disclosure is complete.",
        "A new intermediate cannot be activated until it has been disclosed in the CCADB.",
        "CCADB disclosure becomes part of the key ceremony itself, done on the same day as signing.",
    ],
    ("MRSP 5.3.2", "detect-undisclosed-ca-certificates"): [
        "A daily job reconciles CA certificates found in CT logs against the CCADB and alerts on day 2.",
        "CA certificates in our inventory are automatically compared with CCADB records every night.",
        "We are alerted when a CA certificate is not yet disclosed two days after its creation.",
    ],
    ("MRSP 5.2", "pre-issuance-linting"): [
        "Every to-be-signed certificate is linted before signing.",
        "Issuance is blocked when zlint reports an error.",
        "We added pkilint as a pre-issuance check in the signing pipeline.",
        "Certificates are checked by a linter prior to issuance and rejected on failure.",
    ],
    ("BR 4.9.5", "cpr-tracking-with-deadline"): [
        "Problem reports now open a ticket with a 24-hour timer that pages the on-call engineer.",
        "Every CPR is tracked in a queue with escalation before the 24 hours run out.",
    ],
    ("MRSP 6", "status-freshness-monitoring"): [
        "We monitor the nextUpdate of every CRL and alert 3 days before it.",
        "A synthetic probe checks OCSP responses for revoked test certificates every 10 minutes.",
        "CRL availability is watched from three regions with alerts on HTTP errors.",
    ],
    ("MRSP 6.1.3", "subscriber-automation"): [
        "The affected subscribers move to ACME with ARI.",
        "We offer automated certificate replacement to all enterprise customers.",
    ],
    ("MRSP 6.1.3", "mass-revocation-plan"): [
        "Our mass revocation plan is tested twice a year.",
        "We run a yearly drill of the mass-revocation playbook without revoking live certificates.",
    ],
    ("CCADB Policy 5.2", "audit-deadline-tracking"): [
        "Our compliance calendar tracks the 92-day audit deadline with escalation at day 60.",
        "A ticket is raised automatically when an audit period ends, due on day 75.",
    ],
    ("BR 3.2.2.4", "validation-method-tests"): [
        "Integration tests cover each domain validation method, including negative cases.",
        "We added regression tests for the DNS change validation before every release.",
    ],
}

NEGATED = {
    ("MRSP 5.3.2", "detect-undisclosed-ca-certificates"): [
        "We did not automate the reconciliation of CT logs against the CCADB.",
        "There is no daily comparison of our CA inventory with the CCADB.",
    ],
    ("MRSP 5.2", "pre-issuance-linting"): [
        "No linter checked the to-be-signed certificates before signing.",
        "We never linted certificates before issuance.",
    ],
}


def _concept(cid, concept_id):
    clause = load_policy().get(cid)
    return next(c for c in clause.must_address if c.id == concept_id)


@pytest.mark.parametrize("key, text", [(k, t) for k, ts in CONCEPT_PHRASINGS.items() for t in ts])
def test_concept_recognised_in_varied_phrasing(key, text):
    assert affirms(text, _concept(*key).phrases), text


@pytest.mark.parametrize("key, text", [(k, t) for k, ts in NEGATED.items() for t in ts])
def test_negated_concept_does_not_count(key, text):
    assert affirms(text, _concept(*key).phrases) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "We will not deliver the intermediate CA certificate until it is disclosed in the CCADB.",
        "Intermediate certificates are only handed over to customers after their CCADB disclosure.",
        "Delivery of a new CA certificate is held until it has been disclosed.",
    ],
)
def test_withhold_delivery_recognised(text):
    clause = load_policy().get("MRSP 5.3.2")
    bad = next(r for r in clause.insufficient if r.id == "withhold-delivery-until-disclosed")
    assert matches(text, bad.phrases)


# --- whole reports: good ones pass, flawed variants get the findings --------------------------


def _lint(md, fx, as_of=None):
    as_of = as_of or date.fromisoformat(fx["posted"][:10])
    return lint_text(md, f"{fx['_file']}.md", as_of=as_of, whiteboard=fx.get("whiteboard"), select=list(IK5_IK7))


@pytest.mark.parametrize("fx", FIXTURES, ids=[f["_file"] for f in FIXTURES])
def test_good_report_has_no_ik5_or_ik7_error(fx):
    md = render_report(full_report(fx, fx["good"]))
    result = _lint(md, fx)
    assert _codes(result, "error") == [], [f.message for f in result.visible]


@pytest.mark.parametrize(
    "fx, variant",
    [(fx, name) for fx in FIXTURES for name in fx.get("flawed", {})],
    ids=[f"{fx['_file']}-{name}" for fx in FIXTURES for name in fx.get("flawed", {})],
)
def test_flawed_variant_gets_the_findings(fx, variant):
    spec = fx["flawed"][variant]
    md = render_report(full_report(fx, spec["remedies"]))
    result = _lint(md, fx)
    found = _codes(result)
    for code in spec["expect"]:
        assert code in found, (code, [(f.code, f.message) for f in result.visible])
    cited = [f for f in result.visible if f.code in ("IK501", "IK502") and fx["clause"] in f.citations]
    assert cited, "no IK501/IK502 finding names the fixture's clause"
    if "IK502" in spec["expect"]:  # one error per insufficient remedy, not a second one for the clause
        assert "IK501" not in found or any(f.severity.value == "warning" for f in result.visible if f.code == "IK501")


@pytest.mark.parametrize("fx", [f for f in FIXTURES if "late" in f], ids=lambda f: f["_file"])
def test_unacknowledged_missed_deadline_is_an_error_with_figures(fx):
    late = dict(fx)
    late["description"] = fx["late"]["description"]
    md = render_report(full_report(late, fx["good"], timeline=fx["late"]["timeline"]))
    result = _lint(md, fx)
    hits = [f for f in result.visible if f.code == fx["late"]["expect"] and fx["late"]["message"] in f.message]
    assert hits, [(f.code, f.message) for f in result.visible]
    assert hits[0].severity.value == "error"
    assert fx["late"]["message"] in hits[0].message
    assert fx["clause"] in hits[0].citations


# --- the shared samples (skipped when ../shared is absent) --------------------------------------

SAMPLE_EXPECTATIONS = {
    # file prefix: (as-of, whiteboard, codes that must appear, clause that a finding must cite).
    # Where IK502 names the insufficient remedies, IK501 steps aside (one error per remedy).
    "01_": ("2019-09-04", None, {"IK503", "IK701"}, "BR 4.9.1.1"),
    "02_": ("2021-06-18", None, {"IK701"}, "BR 4.9.1.1"),
    "07_": ("2025-11-26", "[ca-compliance] [leaf-revocation-delay]", {"IK501", "IK702"}, "MRSP 6.1.3"),
    "08_": ("2025-07-02", None, {"IK502", "IK503"}, "IRG 3.0 §When are reports updated?"),
    "09_": ("2025-07-10", None, {"IK502", "IK504", "IK701"}, "MRSP 3.1.4"),
}
GOOD_SAMPLES = {"04_": "2024-07-19", "05_": "2025-10-03", "06_": "2026-02-20", "10_": "2026-05-19"}


def _sample(prefix):
    from conftest import SHARED_MISSING, shared_dir

    shared = shared_dir()
    if shared is None:
        pytest.skip(SHARED_MISSING)
    return next((shared / "samples").glob(f"{prefix}*.md"))


@pytest.mark.parametrize("prefix", sorted(SAMPLE_EXPECTATIONS))
def test_samples_remediation_and_deadline_problems_are_found(prefix):
    path = _sample(prefix)
    as_of, whiteboard, codes, clause = SAMPLE_EXPECTATIONS[prefix]
    result = lint_text(
        path.read_text(encoding="utf-8"), path.name, as_of=date.fromisoformat(as_of), whiteboard=whiteboard, select=list(IK5_IK7)
    )
    found = {f.code for f in result.visible}
    assert codes <= found, (codes - found, [(f.code, f.message) for f in result.visible])
    assert any(clause in f.citations for f in result.visible)


@pytest.mark.parametrize("prefix", sorted(GOOD_SAMPLES))
def test_good_samples_get_no_ik5_or_ik7_error(prefix):
    path = _sample(prefix)
    result = lint_text(
        path.read_text(encoding="utf-8"), path.name, as_of=date.fromisoformat(GOOD_SAMPLES[prefix]), select=list(IK5_IK7)
    )
    assert _codes(result, "error") == [], [(f.code, f.message) for f in result.visible]


def test_seed_legacy_example_gets_the_clause_findings(repo):
    path = repo / "examples" / "seed-legacy-intermediate-disclosure.md"
    result = lint_text(path.read_text(encoding="utf-8"), path.name, as_of=date(2018, 8, 1), select=list(IK5_IK7))
    by_code = {}
    for f in result.visible:
        by_code.setdefault(f.code, []).append(f)
    ik502 = " ".join(f.message for f in by_code.get("IK502", []))
    assert "created" in ik502 and "delivery" in ik502, ik502
    assert all("MRSP 5.3.2" in f.citations for f in by_code["IK502"])
    # IK502 names each insufficient remedy with what the clause needs; IK501 does not repeat it.
    assert "IK501" not in by_code
    ik701 = by_code["IK701"][0]
    assert "MRSP 5.3.2" in ik701.citations
    assert "32 days after, 25 days past the 7-day limit" in ik701.message


def test_shipped_bundle_is_fresh_and_patterns_compile():
    from pathlib import Path

    import incident_kit.policy as pol
    from incident_kit.policy.model import build_bundle, pattern_problems

    here = Path(pol.__file__).resolve().parent
    fresh = build_bundle(sorted((here / "clauses").glob("*.yaml")))
    assert (here / "bundle.json").read_text(encoding="utf-8") == fresh, (
        "regenerate with: python -m incident_kit.policy.model --bundle"
    )
    for clause in load_policy().clauses.values():
        assert pattern_problems(clause) == []


def test_user_policy_file_with_a_broken_pattern_is_refused(tmp_path):
    bad = tmp_path / "own.yaml"
    bad.write_text(
        "clauses:\n  - id: CPS 4.9.3\n    document: d\n    title: t\n    requirement: r\n    keywords: ['(unclosed']\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        load_policy([bad])
    assert "own.yaml" in str(exc.value) and "keywords[0]" in str(exc.value)


def test_policy_paths_from_the_config_add_a_cps_commitment(tmp_path):
    """A CA's own CP/CPS commitment, named in .incident-kit.toml, is checked like a shipped clause."""
    from typer.testing import CliRunner

    from incident_kit.cli import app

    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "cps.yaml").write_text(
        "clauses:\n"
        "  - id: CPS 4.9.5\n"
        "    document: Fixture CA Certification Practice Statement\n"
        "    title: Problem reports acknowledged within 8 hours\n"
        "    requirement: We acknowledge every certificate problem report to its reporter within 8 hours.\n"
        "    deadlines:\n"
        "      - id: cps-cpr-8h\n"
        "        summary: Acknowledge a problem report within 8 hours.\n"
        "        start: {event: cpr-received, phrases: ['problem report was received']}\n"
        "        end: {event: acknowledged, phrases: ['acknowledg\\w* (the |this )?report']}\n"
        "        hours: 8\n",
        encoding="utf-8",
    )
    (tmp_path / ".incident-kit.toml").write_text('policy-paths = ["policy"]\n', encoding="utf-8")
    report = tmp_path / "report.md"
    report.write_text(
        "## Full Incident Report\n\n### Summary\n\n"
        "- **Incident description:** A problem report about a misissued certificate was acknowledged late.\n"
        "- **Relevant policies:** our CPS v4.2, section 4.9.5\n\n"
        "### Timeline\n\n"
        "- 2026-04-01 02:00 UTC – A certificate problem report was received by e-mail.\n"
        "- 2026-04-01 13:30 UTC – We acknowledged the report to the reporter.\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(app, ["lint", "--select", "IK701", "--format", "json", str(report)])
    findings = json.loads(out.output)["files"][0]["findings"]
    assert [f["code"] for f in findings] == ["IK701"], out.output
    assert "CPS 4.9.5" in findings[0]["citations"]
    assert "11 h 30 min after" in findings[0]["message"]


def test_constructed_bundle_equals_validated_bundle():
    """The lint path builds the shipped clauses without validation; it must give the same objects."""
    from pathlib import Path

    import incident_kit.policy as pol
    from incident_kit.policy.model import ClauseFile, construct_clauses

    data = json.loads((Path(pol.__file__).resolve().parent / "bundle.json").read_text(encoding="utf-8"))
    assert construct_clauses(data) == list(ClauseFile.model_validate(data).clauses)
