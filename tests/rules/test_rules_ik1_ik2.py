"""Unit tests of the IK1 (structure) and IK2 (summary and impact) rules on hand-built Documents,
plus a precision check over the shared sample reports when they are available."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Optional

import pytest
from conftest import SHARED_MISSING, shared_dir

from incident_kit import document as d
from incident_kit.document import BugMeta, ContributingFactorBlock, Document, Located, Section
from incident_kit.lint.engine import lint_document
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Finding, all_rules
from incident_kit.text.normalise import is_na, starts_with_na
from incident_kit.rules.ik2_summary._common import parse_count, policy_gaps

FULL_SECTIONS = ("summary", "impact", "timeline", "related_incidents", "root_cause_analysis",
                 "lessons_learned", "action_items", "appendix")


def make_doc(
    kind: str,
    sections: tuple[str, ...] = (),
    fields: Optional[dict[str, str]] = None,
    *,
    text: str = "",
    bug: Optional[BugMeta] = None,
    **extra: object,
) -> Document:
    """A Document as a reader would build it: one heading line per section, fields on the lines
    after their section's heading, in the order given."""
    secs = [Section(key=k, title=k.replace("_", " ").title(), line=10 * (i + 1), end_line=10 * (i + 1) + 9)
            for i, k in enumerate(sections)]
    located = {k: Located(v, 100 + i, 5) for i, (k, v) in enumerate((fields or {}).items())}
    return Document(path="t.md", text=text, kind=kind, sections=secs, fields=located,
                    bug=bug or BugMeta(), **extra)  # type: ignore[arg-type]


def run(code: str, doc: Document, ctx: Optional[Context] = None):
    """The rule's findings through the real engine; None when not applicable, "NE" when not
    effective. A crash of the rule (IK009) fails the test."""
    result = lint_document(doc, ctx or Context(), select=[code])
    assert not [f for f in result.findings if f.code == "IK009"], result.findings
    if code in result.not_applicable:
        return None
    if code in result.not_effective:
        return "NE"
    return [f for f in result.findings if f.code == code]


def severities(code: str, hits: list[Finding]) -> list[str]:
    return [h.severity.value for h in hits]


FULL_FIELDS = {
    d.F_CCADB_ID: "A000123",
    d.F_INCIDENT_DESCRIPTION: "Certificates were issued with a wrong OU.",
    d.F_TIMELINE_SUMMARY: "",
    d.F_NC_START: "2025-05-01 10:00 UTC",
    d.F_NC_IDENTIFIED: "2025-05-03 09:00 UTC",
    d.F_NC_END: "2025-05-03 12:00 UTC",
    d.F_RELEVANT_POLICIES: "TLS Baseline Requirements v2.1.4, section 7.1.4.2",
    d.F_SOURCE: "Self Reported",
    d.F_TOTAL_CERTS: "12",
    d.F_REMAINING_VALID: "0",
    d.F_CERT_TYPES: "OV",
    d.F_HEURISTIC: "All affected certificates are listed in the Appendix.",
    d.F_ISSUANCE_STOPPED: "Yes. The profile was disabled at 09:30 UTC until it was fixed.",
    d.F_ANALYSIS: "N/A",
    d.F_ADDITIONAL: "N/A",
}


def full_doc(**changes: Optional[str]) -> Document:
    fields = dict(FULL_FIELDS)
    for k, v in changes.items():
        if v is None:
            fields.pop(k, None)
        else:
            fields[k] = v
    return make_doc("full", FULL_SECTIONS, fields)


def test_every_rule_has_metadata_and_docs():
    rules = {c: r for c, r in all_rules().items() if c.startswith(("IK1", "IK2"))}
    assert sorted(rules) == [f"IK1{n:02d}" for n in range(1, 13)] + [f"IK2{n:02d}" for n in range(1, 10)]
    for r in rules.values():
        assert "Fires:" in r.doc and "Stays quiet:" in r.doc, r.code


# ------------------------------------------------------------------------------------------ IK1


def test_ik101_names_each_missing_section_where_it_belongs():
    doc = make_doc("full", tuple(s for s in FULL_SECTIONS if s not in ("related_incidents", "appendix")))
    hits = run("IK101", doc)
    assert [h.message.split('"')[1] for h in hits] == ["Related Incidents", "Appendix"]
    rca = doc.section("root_cause_analysis")
    assert hits[0].line == rca.line  # insert before Root Cause Analysis


@pytest.mark.parametrize(
    "kind,sections",
    [
        ("full", FULL_SECTIONS),
        ("preliminary", ("summary",)),
        ("closure", ("closure_summary",)),
        ("irg2", tuple(s for s in FULL_SECTIONS if s != "related_incidents")),
        ("irg2-audit", ("finding1", "finding1.root_cause_analysis", "finding1.action_items",
                        "finding2", "finding2.root_cause_analysis", "finding2.action_items")),
    ],
)
def test_ik101_quiet_on_complete_templates(kind, sections):
    assert run("IK101", make_doc(kind, sections)) == []


def test_ik101_fields_without_their_section_heading_are_the_section():
    fields = {d.F_INCIDENT_DESCRIPTION: "Two OV certificates carried a wrong locality.",
              d.F_RELEVANT_POLICIES: "TLS BRs v2.1.4, section 7.1.4.2", d.F_SOURCE: "Self Reported"}
    assert run("IK101", make_doc("preliminary", (), fields)) == []
    # one stray label is not the section
    hits = run("IK101", make_doc("preliminary", (), {d.F_SOURCE: "Self Reported"}))
    assert [h.message.split(";")[0] for h in hits] == ['the "Summary" section is missing']


def test_ik101_audit_finding_without_its_blocks():
    doc = make_doc("irg2-audit", ("finding1", "finding1.root_cause_analysis", "finding1.action_items",
                                  "finding2", "finding2.action_items"))
    hits = run("IK101", doc)
    assert len(hits) == 1 and "Root Cause Analysis" in hits[0].message
    assert hits[0].line == doc.section("finding2").line
    assert len(run("IK101", make_doc("irg2-audit", ("summary",)))) == 1  # no finding at all


def test_ik101_irg2_does_not_require_related_incidents_but_full_does():
    irg2 = tuple(s for s in FULL_SECTIONS if s != "related_incidents")
    assert run("IK101", make_doc("irg2", irg2)) == []
    assert len(run("IK101", make_doc("full", irg2))) == 1


def test_ik102_missing_field_is_error_for_a_full_report():
    hits = run("IK102", full_doc(analysis=None, source=None))
    assert sorted(h.message.split('"')[1] for h in hits) == ["Analysis", "Source of incident disclosure"]
    assert severities("IK102", hits) == ["error", "error"]


def test_ik102_starred_field_of_a_preliminary_report_is_a_warning_that_says_why():
    doc = make_doc("preliminary", ("summary",), {d.F_INCIDENT_DESCRIPTION: "x", d.F_RELEVANT_POLICIES: "MRSP v3.0 §2.4"})
    hits = run("IK102", doc)
    assert len(hits) == 1 and severities("IK102", hits) == ["warning"]
    assert "third-party" in hits[0].message


def test_ik102_description_missing_from_a_preliminary_report_is_an_error():
    doc = make_doc("preliminary", ("summary",), {d.F_RELEVANT_POLICIES: "MRSP v3.0 §2.4", d.F_SOURCE: "Self Reported"})
    assert severities("IK102", run("IK102", doc)) == ["error"]


def test_ik102_leaves_analysis_to_ik207_on_a_revocation_delay_bug():
    doc = full_doc(analysis=None)
    doc.bug = BugMeta(whiteboard=["ca-compliance", "leaf-revocation-delay"])
    assert run("IK102", doc) == []
    assert len(run("IK207", doc)) == 1


def test_ik102_free_text_timeline_summary_gives_one_finding():
    doc = full_doc(non_compliance_start=None, non_compliance_identified=None, non_compliance_end=None,
                   timeline_summary="Started 2025-05-01, found 2025-05-03, ended the same day.")
    hits = run("IK102", doc)
    assert len(hits) == 1 and "sub-fields" in hits[0].message


def test_ik102_skips_fields_of_a_missing_section():
    doc = make_doc("full", tuple(s for s in FULL_SECTIONS if s != "impact"),
                   {k: v for k, v in FULL_FIELDS.items() if k in (d.F_CCADB_ID, d.F_INCIDENT_DESCRIPTION, d.F_TIMELINE_SUMMARY,
                                                                   d.F_NC_START, d.F_NC_IDENTIFIED, d.F_NC_END,
                                                                   d.F_RELEVANT_POLICIES, d.F_SOURCE)})
    assert run("IK102", doc) == []


def test_ik102_closure_fields():
    doc = make_doc("closure", ("closure_summary",), {d.F_INCIDENT_DESCRIPTION: "x", d.F_CLOSURE_ROOT_CAUSES: "y",
                                                      d.F_CLOSURE_COMMITMENTS: "N/A"})
    hits = run("IK102", doc)
    assert len(hits) == 1 and "Remediation description" in hits[0].message


def test_ik103_empty_field_error_and_optional_field_warning():
    hits = run("IK103", full_doc(heuristic="", additional_considerations="  "))
    by_label = {h.message.split('"')[1]: s for h, s in zip(hits, severities("IK103", hits))}
    assert by_label == {"Incident heuristic": "error", "Additional considerations": "warning"}
    assert all(h.suggestion == "N/A" and h.line for h in hits)


def test_ik103_quiet_on_na_text_and_the_timeline_summary_parent_label():
    assert run("IK103", full_doc()) == []  # timeline_summary is "" but has its sub-fields


def test_ik103_empty_factor_fields():
    doc = full_doc()
    doc.factors = [ContributingFactorBlock(1, "Stale list", 50, {
        "description": Located("The list was stale.", 51), "detection": Located("", 53, 17),
        "methodology": Located("", 55, 40)})]
    hits = run("IK103", doc)
    assert [(h.line, s) for h, s in zip(hits, severities("IK103", hits))] == [(53, "error"), (55, "warning")]
    assert "Contributing Factor #1" in hits[0].message


def test_ik104_reports_only_the_displaced_section():
    order = ("summary", "impact", "timeline", "root_cause_analysis", "related_incidents",
             "lessons_learned", "action_items", "appendix")
    hits = run("IK104", make_doc("full", order))
    assert len(hits) == 1
    assert "Related Incidents" in hits[0].message or "Root Cause Analysis" in hits[0].message
    assert run("IK104", make_doc("full", FULL_SECTIONS)) == []
    assert run("IK104", make_doc("full", ("summary", "timeline", "appendix"))) == []  # gaps are IK101's


PLACEHOLDER_TEXT = """\
### Related Incidents
| Bug | Date | Description |
|---|---|---|
| [Related Bug ID](Related Bug URL)  | Date Related Bug was opened | A description of how the subject Bug is related to the Bug referenced. |
**Contributing Factor #: title**
| Example     | Prevent | Root Cause # 1              | Criteria            | 2025-01-19 | Value  |
| Example | Prevent | 2038-01-19 |
YYYY-MM-DD:
- HH:MM Example
- **Detection:** <describe how the problem avoided detection>
"""


def test_ik105_finds_every_template_leftover():
    doc = make_doc("full", text=PLACEHOLDER_TEXT)
    lines = sorted({h.line for h in run("IK105", doc)})
    assert lines == [4, 5, 6, 7, 8, 9, 10]


def test_ik105_quiet_on_real_content_code_html_and_links():
    text = """\
| Example records were copied from the old profile | Prevent | Root Cause # 1 | Lint passes | 2025-01-19 | Complete |
Contact us at <compliance@example.com> or <https://example.com/cps>; a line<br>break.
```
<log entry from the issuing system>
YYYY-MM-DD: HH:MM
```
<!-- incident-kit: ignore IK301 -- <reason given here> -->
- 2025-01-19 10:00 UTC Example CA revoked the certificates.
The value x < 5 and y > 3 in the test, and the type `List<String>` in the code.
Subdomains of the form “<customer name>” or ‘<branch>’ were requested.
"""
    assert run("IK105", make_doc("full", text=text)) == []
    # the same prompt unquoted is a prompt
    assert len(run("IK105", make_doc("full", text="Subdomains of the form <customer name> were requested.\n"))) == 1


def test_ik105_reads_yaml_drafts_without_their_comments():
    text = """\
# Replace every <...> prompt; preview with: incident-kit render <this file>
bug:
  title: "<CA Owner name>: <brief title of the incident type>"
  ccadb_id: A000123  # "A" and six digits
  relevant_policies: "TLS BRs v2.1.7 #4.9.1.1"
"""
    hits = run("IK105", make_doc("full", text=text, origin="yaml"))
    assert [(h.line, h.column) for h in hits] == [(3, 11), (3, 28)]


def test_ik106_one_warning_per_missing_topic_naming_it():
    doc = make_doc("legacy", ("topic1", "topic2", "topic4", "topic5", "topic6"))
    hits = run("IK106", doc)
    assert [h.message.split(",")[0] for h in hits] == ["legacy topic 3", "legacy topic 7"]
    assert severities("IK106", hits) == ["warning", "warning"]
    assert hits[0].line == doc.section("topic4").line
    assert run("IK106", make_doc("legacy", tuple(f"topic{n}" for n in range(1, 8)))) == []


def phrase_ik107_fires_on_bad_titles(title):
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK107/phrases.toml.
    doc = make_doc("full", bug=BugMeta(title=title))
    assert len(run("IK107", doc)) == 1


def phrase_ik107_quiet_on_good_titles(title):
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK107/phrases.toml.
    assert run("IK107", make_doc("full", bug=BugMeta(title=title))) == []


@pytest.mark.parametrize("posted,severity", [(date(2019, 5, 2), None), (date(2024, 5, 2), "warning"),
                                             (date(2025, 5, 2), "error"), (None, "error")])
def test_ik107_follows_the_title_rule_in_force(posted, severity):
    # no title convention before IRG 2.0; a "should" under IRG 2.0; a MUST from IRG 3.0 on
    doc = make_doc("full", bug=BugMeta(title="Late revocation of three certificates"))
    hits = run("IK107", doc, Context(as_of=posted))
    assert [h.severity.value for h in hits] == ([severity] if severity else [])
    if severity == "warning":
        assert hits[0].citations == ["IRG 2.0 §How to submit a report"]


def test_ik107_not_applicable_without_a_title():
    assert run("IK107", make_doc("full")) is None


def test_ik108_owner_must_match_the_ccadb_name():
    doc = make_doc("full", bug=BugMeta(ca_owner="Example Trust Services", title="ExampleSSL: Late revocation"))
    hits = run("IK108", doc)
    assert len(hits) == 1 and hits[0].suggestion == "Example Trust Services: Late revocation"
    doc.bug.title = "Example Trust Services: Late revocation"
    assert run("IK108", doc) == []
    assert run("IK108", make_doc("full", bug=BugMeta(title="X: y"))) is None


def test_ik108_takes_the_owner_from_the_configuration():
    doc = make_doc("full", bug=BugMeta(title="Example Trust: Late revocation"))
    assert len(run("IK108", doc, Context(config={"ca-owner": "Example Trust Services"}))) == 1
    assert run("IK108", doc, Context(config={"ca-owner": "Example Trust"})) == []


@pytest.mark.parametrize(
    "kind,posted,fires",
    [
        ("irg2", date(2025, 3, 31), False),  # exactly 30 days after 2025-03-01
        ("irg2", date(2025, 4, 1), True),
        ("irg2", date(2024, 7, 19), False),
        ("irg2-audit", date(2025, 6, 1), True),
        ("legacy", date(2023, 11, 16), False),
        ("legacy", date(2023, 11, 17), True),
        ("legacy", date(2019, 9, 4), False),
    ],
)
def test_ik109_superseded_template_after_thirty_days(kind, posted, fires):
    hits = run("IK109", make_doc(kind), Context(as_of=posted))
    assert (hits not in (None, "NE") and len(hits) > 0) is fires  # before 2023-10-17: not effective


def test_ik109_uses_the_drafts_posted_time_and_is_not_effective_without_a_date():
    doc = make_doc("irg2", bug=BugMeta(posted=datetime(2025, 5, 1, 12, tzinfo=timezone.utc)))
    assert len(run("IK109", doc)) == 1
    assert run("IK109", make_doc("irg2")) == "NE"


CLOSING = "All Action Items disclosed in this report have been completed as described, and we request its closure."


@pytest.mark.parametrize("sentence", [CLOSING, CLOSING.upper(), "**" + CLOSING.rstrip(".") + "**"])
def test_ik110_quiet_on_the_template_sentence(sentence):
    doc = make_doc("closure", ("closure_summary",), closing_sentence=Located(sentence, 9))
    assert run("IK110", doc) == []
    doc = make_doc("closure", ("closure_summary",), text=f"### Report Closure Summary\n\n{sentence}\n")
    assert run("IK110", doc) == []


def test_ik110_quiet_when_more_text_follows_the_sentence():
    doc = make_doc("closure", ("closure_summary",),
                   closing_sentence=Located(CLOSING + " We have also asked the CCADB to review it.", 9))
    assert run("IK110", doc) == []


def test_ik110_fires_on_a_reworded_or_missing_sentence():
    doc = make_doc("closure", ("closure_summary",),
                   closing_sentence=Located("We believe the work is done and the bug can be closed.", 9))
    hits = run("IK110", doc)
    assert len(hits) == 1 and hits[0].line == 9 and "reworded" in hits[0].message
    assert len(run("IK110", make_doc("closure", ("closure_summary",), text="### Report Closure Summary\n"))) == 1


# ------------------------------------------------------------------------------------------ IK2


@pytest.mark.parametrize("value,suggestion", [("CA-0042", None), ("A12345", "A012345"), ("A-000123", "A000123"),
                                              ("Example CA", None), ("N/A", None), ("a000123", "A000123")])
def test_ik201_fires(value, suggestion):
    hits = run("IK201", full_doc(ccadb_id=value))
    assert len(hits) == 1 and hits[0].suggestion == suggestion


def phrase_ik201_quiet(value):
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK201/phrases.toml.
    assert run("IK201", full_doc(ccadb_id=value)) == []


def test_ik201_na_allowed_in_a_preliminary_report():
    doc = make_doc("preliminary", ("summary",), {d.F_CCADB_ID: "N/A"})
    assert run("IK201", doc) == []


@pytest.mark.parametrize("value,suggestion", [("Auditor", "Audit"), ("Community", "Third Party Reported"),
                                              ("Internal review", "Self Reported"), ("Customer", None),
                                              ("Both a third party and an audit", "Audit"),
                                              ("Audit finding reported by a third party", "Audit")])
def test_ik202_error_on_other_values(value, suggestion):
    hits = run("IK202", full_doc(source=value))
    assert len(hits) == 1 and hits[0].severity is ERROR and hits[0].suggestion == suggestion


def phrase_ik202_notice_on_spelling_differences(value):
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK202/phrases.toml.
    hits = run("IK202", full_doc(source=value))
    assert len(hits) == 1 and hits[0].severity is NOTICE


def phrase_ik202_quiet(value):
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK202/phrases.toml.
    assert run("IK202", full_doc(source=value)) == []


def test_ik202_na_only_in_a_preliminary_report():
    assert run("IK202", make_doc("preliminary", ("summary",), {d.F_SOURCE: "N/A"})) == []
    assert len(run("IK202", full_doc(source="N/A"))) == 1


def phrase_ik203_quiet(text):
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK203/phrases.toml.
    assert policy_gaps(text) == []
    assert run("IK203", full_doc(relevant_policies=text)) == []


@pytest.mark.parametrize(
    "text,missing",
    [
        ("BR 4.9.1.1", [["a version"]]),
        ("MRSP", [["a version", "a section"]]),
        ("RFC 5280", [["a section"]]),
        ("Baseline Requirements, commonName requirements", [["a version", "a section"]]),
        ("Mozilla Root Store Policy v3.1 §5.3.2 and BR 4.9.1.1", [["a version"]]),
        ("the rules on commonName", [["a document", "a version", "a section"]]),
        ("MRSP §2.4", [["a version"]]),
        ("Our CPS, section 4.9.1.1", [["a version"]]),
        ("TLS BRs v2.1.7 §4.9.1.1, Mozilla Root Store Policy section 6.1", [["a version"]]),
    ],
)
def test_ik203_fires(text, missing):
    assert [m for _, m in policy_gaps(text)] == missing
    hits = run("IK203", full_doc(relevant_policies=text))
    assert len(hits) == len(missing)


def test_ik203_a_section_after_a_version_belongs_to_that_document():
    # "<doc> vX, Section N together with <doc2>, Section M": Section N is the first document's
    gaps = policy_gaps("TLS BRs v2.2.2 (effective 2026-01-12), Section 2.2 together with the Chrome Root Program Policy, Section 4.1.2")
    assert len(gaps) == 1 and gaps[0][1] == ["a version"]
    assert "Chrome" in gaps[0][0] and "TLS" not in gaps[0][0]
    # "section N of <doc2>" still goes with the document after it
    assert [m for _, m in policy_gaps("TLS BRs v2.2.2, section 4.9.1.1 and section 3.3 of RFC 5280")] == []
    assert [m for _, m in policy_gaps("TLS BRs v2.2.2 §4.9.1.1, and section 6.1 of MRSP")] == [["a version"]]


def test_ik203_a_lone_citation_that_uses_a_requirement_word_is_still_judged():
    # SHOULD in capitals marks quoted requirement text only after a citation, not the citation itself
    assert [m for _, m in policy_gaps("Adding it is a SHOULD in section 7.1.2.10.3 of the TLS BRs")] == [["a version"]]
    assert policy_gaps('TLS BRs v2.1.4, section 7.1.2.10.3\nThe CA SHOULD include the caIssuers address') == []


def test_ik203_na_fires():
    assert len(run("IK203", full_doc(relevant_policies="N/A"))) == 1


@pytest.mark.parametrize("text,expected", [("1,204", 1204), ("0", 0), ("4 (two pairs of duplicates)", 4),
                                           ("1 204", 1204), ("None", 0), ("N/A", None), ("**12**", 12)])
def test_parse_count_accepts(text, expected):
    kind, n = parse_count(text)
    assert kind in ("number", "na") and n == expected


@pytest.mark.parametrize("text", ["several", "approximately 1,200", "~300", "2.5k", "TBD", "1200+", "12,34",
                                  "about 40", "Unknown at this time"])
def test_parse_count_refuses(text):
    assert parse_count(text) == ("invalid", None)


def test_ik204_fires_on_words_and_on_remaining_above_total():
    assert len(run("IK204", full_doc(total_certificates="several"))) == 1
    hits = run("IK204", full_doc(total_certificates="1,204", remaining_valid="1,300"))
    assert len(hits) == 1 and "exceeds" in hits[0].message
    assert len(run("IK204", full_doc(total_certificates="N/A", remaining_valid="3"))) == 1


def test_ik204_quiet():
    assert run("IK204", full_doc(total_certificates="1,204", remaining_valid="1,204")) == []
    assert run("IK204", full_doc(total_certificates="N/A", remaining_valid="N/A")) == []
    assert run("IK204", full_doc(total_certificates="0", remaining_valid="0")) == []


def test_ik205_na_heuristic_only_matters_when_certificates_are_affected():
    assert len(run("IK205", full_doc(heuristic="N/A"))) == 1  # 12 certificates
    assert len(run("IK205", full_doc(heuristic="N/A - see below"))) == 1
    assert run("IK205", full_doc(heuristic="N/A", total_certificates="0", remaining_valid="0")) == []
    assert run("IK205", full_doc(heuristic="N/A", total_certificates="N/A", remaining_valid="N/A")) == []
    assert run("IK205", full_doc()) == []


def phrase_ik206_fires(answer):
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK206/phrases.toml.
    assert len(run("IK206", full_doc(issuance_stopped=answer))) == 1


def phrase_ik206_quiet(answer):
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK206/phrases.toml.
    assert run("IK206", full_doc(issuance_stopped=answer)) == []


def test_ik206_na_allowed_when_no_certificates_are_affected():
    doc = full_doc(issuance_stopped="N/A", total_certificates="N/A", remaining_valid="N/A")
    assert run("IK206", doc) == []


def test_ik206_legacy_topic_three():
    def legacy(body: str) -> Document:
        doc = make_doc("legacy", tuple(f"topic{n}" for n in range(1, 8)))
        doc.section("topic3").text = body
        return doc

    assert run("IK206", legacy("Yes, we stopped issuance on 2021-06-14.")) == []
    assert run("IK206", legacy("Issuance was not stopped, because the corrected check was deployed at once.")) == []
    assert len(run("IK206", legacy("No, not at this time."))) == 1
    hits = run("IK206", legacy("No."))
    assert len(hits) == 1 and hits[0].severity is WARNING
    assert len(run("IK206", legacy("We will look into it."))) == 1


@pytest.mark.parametrize("analysis", [None, "", "N/A", "N/A."])
def test_ik207_fires_when_revocation_delay_analysis_is_missing(analysis):
    doc = full_doc(analysis=analysis)
    doc.bug = BugMeta(whiteboard=["leaf-revocation-delay"])
    assert len(run("IK207", doc)) == 1


def test_ik207_leaves_a_drafting_prompt_to_ik105():
    doc = full_doc(analysis="<explain why revocation was delayed>")
    doc.bug = BugMeta(whiteboard=["leaf-revocation-delay"])
    assert run("IK207", doc) == []


def test_ik207_quiet_and_not_applicable():
    doc = full_doc(analysis="Revocation of the 61 certificates would stop the hospital's patient portal ...")
    doc.bug = BugMeta(whiteboard=["ca-revocation-delay"])
    assert run("IK207", doc) == []
    assert run("IK207", full_doc()) is None  # no revocation-delay on the whiteboard


# ------------------------------------------------------------------------------------------ helpers


@pytest.mark.parametrize("text", ["N/A", "n/a.", "NA", "Not applicable", "**N/A**", "N.A."])
def test_is_na(text):
    assert is_na(text) and starts_with_na(text)


@pytest.mark.parametrize("text", ["Nation-wide", "NAB", "None", "N/A-ish thing"])
def test_is_not_na(text):
    assert not is_na(text)


# ------------------------------------------------------------------------------------------ samples

SHARED = shared_dir()
POSTED = {  # posting dates given in the samples' README
    "01": date(2019, 9, 4), "02": date(2021, 6, 18), "03": date(2022, 4, 8), "04": date(2024, 7, 19),
    "05": date(2025, 10, 3), "06": date(2026, 2, 20), "07": date(2025, 11, 26), "08": date(2025, 7, 2),
    "09": date(2025, 7, 10), "10": date(2026, 5, 19), "11": date(2026, 4, 14), "12": date(2025, 6, 6),
}


def lint_sample(prefix: str, whiteboard: Optional[str] = None) -> list[Finding]:
    from incident_kit.lint.engine import lint_text

    if SHARED is None:
        pytest.skip(SHARED_MISSING)
    path = next((SHARED / "samples").glob(f"{prefix}_*.md"))
    result = lint_text(path.read_text(encoding="utf-8"), path.name, as_of=POSTED[prefix],
                       whiteboard=whiteboard, select=["IK1", "IK2"])
    return [f for f in result.findings if not f.suppressed]


@pytest.mark.parametrize("prefix", ["04", "05", "06", "10", "02", "03"])
def test_good_samples_get_no_error_from_ik1_ik2(prefix):
    errors = [f"{f.code} {f.line} {f.message}" for f in lint_sample(prefix) if f.severity is ERROR]
    assert errors == []


@pytest.mark.parametrize(
    "prefix,expected",
    [
        ("01", {("IK106", "topic 3")}),
        ("09", {("IK201", "CA-0042"), ("IK202", "Auditor"), ("IK102", "Analysis")}),
        ("11", {("IK102", "Source of incident disclosure"), ("IK203", "no version and no section")}),
        ("12", {("IK103", "Remediation description"), ("IK110", "reworded")}),
    ],
)
def test_flawed_samples_show_the_documented_flaws(prefix, expected):
    findings = lint_sample(prefix)
    for code, words in expected:
        assert any(f.code == code and words in f.message for f in findings), (code, words, findings)


def test_delayed_revocation_sample_has_an_analysis():
    # 07's Analysis is weak (customer convenience) but present; judging it is not IK207's job.
    assert not [f for f in lint_sample("07", "[ca-compliance] [leaf-revocation-delay]") if f.code == "IK207"]


def _prelim(description: str) -> str:
    return (
        "## Preliminary Incident Report\n\n### Summary\n"
        f"- **Incident description:** {description}\n"
        "- **Relevant policies:** TLS Baseline Requirements v2.2.6, section 7.1.4.2.2\n"
        "- **Source of incident disclosure:** Self Reported\n"
    )


def phrase_ik208_quiet_on_varied_phrasings(description):
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK208/phrases.toml.
    from incident_kit.lint.engine import lint_text

    assert [f for f in lint_text(_prelim(description), "p.md", select=["IK208"]).visible] == []


@pytest.mark.parametrize(
    ("description", "missing"),
    [
        ("Certificates were issued with a wrong policy OID. Issuance was paused at 10:05 UTC.", "impact"),
        ("1,204 DV certificates were issued with the wrong policy OID.", "contained"),
    ],
)
def test_ik208_names_what_is_missing(description, missing):
    from incident_kit.lint.engine import lint_text

    (finding,) = lint_text(_prelim(description), "p.md", select=["IK208"]).visible
    assert missing in finding.message and finding.line == 4


@pytest.mark.parametrize(
    ("description", "severity"),
    [
        ("We revoked 3 certificates after a reporter showed their keys were weak; issuance continues.", "error"),
        ("Our validation system accepted an expired DNS record for 5 certificates; it is contained.", "error"),
        ("Example CA issued 5 certificates with an expired DNS validation; the incident seems ongoing.", "warning"),
    ],
)
def test_ik102_source_missing_is_an_error_when_the_ca_speaks(description, severity):
    from incident_kit.lint.engine import lint_text

    text = (
        "## Preliminary Incident Report\n\n### Summary\n"
        f"- **Incident description:** {description}\n"
        "- **Relevant policies:** TLS Baseline Requirements v2.2.6, section 3.2.2.4.7\n"
    )
    (finding,) = lint_text(text, "p.md", select=["IK102"]).visible
    assert finding.severity.value == severity
