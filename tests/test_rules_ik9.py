"""IK9 (wording and candour): many phrasings each rule must flag and, above all, must not flag,
run through the real reader and engine; the data-driven wording file; and a precision check over
the shared sample reports when they are available."""

from __future__ import annotations

from pathlib import Path
import pytest
from conftest import REPO, SHARED_MISSING, shared_dir

from incident_kit.text.negation import in_quotes
from incident_kit.lint.engine import lint_document, lint_text
from incident_kit.lint.rule import Context, Finding
from incident_kit.sources.markdown import read_text
from incident_kit.rules import ik9_wording as ik9

TEMPLATE = """## Full Incident Report

### Summary

- **CA Owner CCADB unique ID:** A004711
- **Incident description:** {summary}
- **Relevant policies:** TLS Baseline Requirements v2.1.6, section 7.1.4.2.2
- **Source of incident disclosure:** {source}

### Impact

- **Total number of certificates:** 37
- **Additional considerations:** {impact}

### Timeline

All times are UTC.

- 2025-08-04 13:10 UTC – {timeline}

### Root Cause Analysis

**Contributing Factor #1: Lookup removed from the profile**
- **Description:** {rca}
- **Detection:** Found by a weekly profile comparison.
"""
DEFAULTS = {
    "summary": "Quillfeather Trust issued 37 OV certificates with an abbreviated province name.",
    "source": "Self Reported",
    "impact": "N/A",
    "timeline": "A profile update removed the lookup of full province names.",
    "rca": "A profile update removed the lookup of full province names and no test compared the output.",
}


def report(**parts: str) -> str:
    return TEMPLATE.format(**{**DEFAULTS, **parts})


def findings(code: str, text: str, **kw: object) -> list[Finding]:
    result = lint_text(text, kind="full", select=[code], **kw)  # type: ignore[arg-type]
    assert not [f for f in result.findings if f.code == "IK009"], result.findings
    return [f for f in result.findings if f.code == code]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# ------------------------------------------------------------------------------------------ IK901

IK901_FIRES = [
    "There is no security impact.",
    "This poses no risk to relying parties.",
    "We believe there was no security impact from this issue.",
    "The misissued certificates pose no security risk.",
    "This incident had no impact on the security of the Web PKI.",
    "The incorrect value does not pose any security risk.",
    "The error did not affect relying parties.",
    "This is not a security issue.",
    "The encoding error could not be exploited.",
    "There is no real security impact, and we consider the matter closed.",
    "There is no security impact due to this issue.",
]
IK901_GENERAL = [
    "There is no security impact, as browsers ignore the commonName.",
    "There is no security impact because relying parties do not check this extension.",
    "No risk to relying parties since the field is deprecated.",
    "This poses no risk to relying parties, because it is only a compliance issue.",
    "There is no security impact. This is because no browser uses the OU field.",
]
IK901_QUIET = [
    "There is no security impact because the certificates were never delivered to the subscriber.",
    "No risk to relying parties: all 37 domains were validated correctly and only the province spelling was wrong.",
    "There is no security impact. We reviewed the CT logs and none of the certificates was served by a public host.",
    "All affected keys stayed in our HSM. Therefore, there is no security impact.",
    "The certificates were revoked before the subscriber installed them, so there is no security impact.",
    "We do not claim there was no security impact.",
    "We cannot say that there is no security impact.",
    "It would be wrong to say there was no security impact.",
    "We are assessing whether there is no security impact on relying parties.",
    "Is there no security impact?",
    "Our earlier statement that there was no security impact was wrong.",
    "We initially assumed there was no security impact; that was premature.",
    'A reviewer asked about the sentence "there is no security impact" in our first post.',
    "No security impact assessment had been made before the change.",
    "The certificates may have been used by relying parties and we cannot rule out an impact.",
    "The outage had no impact on issuance.",
    "Since the subject information was validated and correct, there was no security impact.",
    "There is no security impact because 36 of the 37 certificates were issued to our own test domains.",
]


@pytest.mark.parametrize("sentence", IK901_FIRES)
def test_ik901_fires_on_unsupported_claims(sentence: str) -> None:
    text = report(impact=sentence)
    hits = findings("IK901", text)
    assert [h.line for h in hits] == [line_of(text, "Additional considerations")], sentence
    assert "without a reason" in hits[0].message
    assert hits[0].severity.value == "warning"


@pytest.mark.parametrize("sentence", IK901_GENERAL)
def test_ik901_fires_on_claims_resting_on_a_general_remark(sentence: str) -> None:
    hits = findings("IK901", report(impact=sentence))
    assert len(hits) == 1, sentence
    assert "general remark" in hits[0].message


@pytest.mark.parametrize("sentence", IK901_QUIET)
def test_ik901_quiet(sentence: str) -> None:
    assert findings("IK901", report(impact=sentence)) == [], sentence


def test_ik901_next_sub_bullet_supports_the_claim() -> None:
    text = report(impact="There is no security impact.\n  - All 37 certificates were replaced before the subscriber deployed them.")
    assert findings("IK901", text) == []


def test_ik901_claim_in_a_block_quote_or_code_is_not_read() -> None:
    text = report() + "\n> There is no security impact.\n\n```\nThere is no security impact.\n```\n"
    assert findings("IK901", text) == []


# ------------------------------------------------------------------------------------------ IK902

IK902_NAMES = [
    "The problem was reported by Jane Doe on 2025-08-06.",
    "We thank Jane Doe for reporting the problem.",
    "Thanks to Jane Doe for bringing this to our attention.",
    "We received a certificate problem report from Jane Doe.",
    "Jane Doe, an independent researcher, notified us by e-mail.",
    "Jane Doe reported the certificates to our problem reporting address.",
    "The issue was reported to us by security researcher Jane Doe.",
    "The reporter, Jane Doe, confirmed the fix.",
    "The problem was reported by Jane van der Berg.",
]
IK902_QUIET = [
    "We received a report from a community member.",
    "The problem was reported by a security researcher.",
    "The issue was reported by an external party through our problem reporting mechanism.",
    "The problem was reported by Example Bank, one of our subscribers.",
    "The finding was reported by our auditor, Grant Thornton.",
    "The issue was reported by Google's Chrome Root Program.",
    "The problem was reported by Quillfeather Trust operations staff.",
    "Certificate problem reports can be sent to revoke@quillfeather.example.",
    "We notified incident-reporting@ccadb.org.",
    "The problem was reported by Jane Doe, who asked to be credited.",
    "With their permission, we thank Jane Doe for reporting this.",
    "Source: Third Party Reported.",
    "The report was found by Monday morning monitoring.",
    "The discrepancy was reported by Acme Widgets.",
    "Daily Scan reported two certificates with wrong values.",
    'The reporter wrote "thanks to Jane Doe for the idea" in the message.',
]


@pytest.mark.parametrize("sentence", IK902_NAMES)
def test_ik902_names_are_notices(sentence: str) -> None:
    hits = findings("IK902", report(summary=sentence, source="Third Party Reported"))
    assert len(hits) == 1, sentence
    assert hits[0].severity.value == "notice"
    assert "Jane" in hits[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "We received a problem report from jdoe@mailbox.example.",
        "Jane Doe (jane.doe@mailbox.example) reported the misissuance.",
        "The problem was reported by jdoe@mailbox.example on 2025-08-06.",
    ],
)
def test_ik902_reporter_address_is_a_warning(sentence: str) -> None:
    hits = findings("IK902", report(summary=sentence))
    assert "warning" in [h.severity.value for h in hits], sentence
    assert any("mailbox.example" in h.message for h in hits)


@pytest.mark.parametrize("sentence", IK902_QUIET)
def test_ik902_quiet(sentence: str) -> None:
    assert findings("IK902", report(summary=sentence)) == [], sentence


def test_ik902_ca_owner_from_the_title_is_not_a_person() -> None:
    text = report(summary="The mismatch was reported by Victor Harbor during a routine review.")
    assert findings("IK902", text, title="Victor Harbor: Abbreviated province names") == []
    assert len(findings("IK902", text)) == 1


# ------------------------------------------------------------------------------------------ IK903

IK903_ERRORS = [
    "See comment 12.",
    "Details in the attached PDF.",
    "See bug 1234567 for details.",
    "Please refer to our preliminary report.",
    "The root cause analysis is in comment 7.",
    "Same as in our previous report.",
    "The analysis can be found in the attached document.",
]
IK903_WARNINGS = [
    "As discussed above, we are still investigating.",
    "As mentioned in our previous report, this is resolved.",
    "The certificates were revoked within five days; see comment 7 for the details of each revocation.",
    "The profile was corrected on 2025-08-06 and the full timeline is given in comment 9.",
]
IK903_QUIET = [
    "Another CA had the same problem (see bug 1234567).",
    "The misissuance itself is covered in bug 1234567, where 41 certificates with an abbreviated province name were revoked.",
    "As mentioned in our previous report, the 37 certificates were issued between 2025-08-04 and 2025-08-06 because the lookup was removed.",
    "As described above, the lookup was removed by a profile update.",
    "The full list of affected certificates is in the attached CSV file.",
    "The auditor's attestation letter is attached.",
    "We answered the question about revocation times in this report's Timeline section.",
    "This delayed-revocation report concerns the certificates of bug 1234567, which were not revoked within 5 days.",
    "We read bug 1234567 from another CA and adopted its pre-issuance check.",
]


@pytest.mark.parametrize("sentence", IK903_ERRORS)
def test_ik903_pointer_only_is_an_error(sentence: str) -> None:
    hits = findings("IK903", report(rca=sentence))
    assert [h.severity.value for h in hits] == ["error"], sentence


@pytest.mark.parametrize("sentence", IK903_WARNINGS)
def test_ik903_partial_reliance_is_a_warning(sentence: str) -> None:
    hits = findings("IK903", report(rca=sentence))
    assert [h.severity.value for h in hits] == ["warning"], sentence


@pytest.mark.parametrize("sentence", IK903_QUIET)
def test_ik903_quiet(sentence: str) -> None:
    assert findings("IK903", report(rca=sentence)) == [], sentence


def test_ik903_related_incidents_and_timeline_are_not_read() -> None:
    text = report(timeline="Answer to the question posted in comment 4; see comment 4.") + (
        "\n### Related Incidents\n\n| Bug | Date | Description |\n|---|---|---|\n"
        "| [1234567](https://bugzilla.mozilla.org/show_bug.cgi?id=1234567) | 2024-01-02 | See bug 1234567 for details. |\n"
    )
    assert findings("IK903", text) == []


def test_ik903_attachment_in_appendix_is_fine() -> None:
    text = report() + "\n### Appendix\n\nSee the attached file for details.\n"
    assert findings("IK903", text) == []


# ------------------------------------------------------------------------------------------ IK904

IK904_WARNINGS = [
    "The incident was the auditor's fault.",
    "The misissuance happened due to the subscriber's negligence.",
    "The root cause was the vendor's bug in the encoding library.",
    "The fault lies entirely with the vendor.",
    "The customer is solely responsible for the wrong values.",
    "This was not our fault.",
]
IK904_NOTICES = [
    "The customer failed to provide the correct province name.",
    "The vendor should have announced the change in its release notes.",
    "The delay was caused by circumstances beyond our control.",
]
IK904_QUIET = [
    "The vendor's library changed the default encoding, and our tests did not cover the encoding of this field.",
    "The customer failed to reply; we should have required an automated replacement path in our agreement.",
    "This was not the customer's fault: our form accepted free text.",
    "We do not blame the subscriber for the delay.",
    "The subscriber did not reply to our first notice.",
    "The subscriber's responsibility to cooperate with revocation is now in our agreement.",
    "We take full responsibility for the misissuance, even though the vendor's bug started it.",
    "Our validation process relied on the vendor's release notes, which did not mention the change.",
    'A commenter wrote that it was "the vendor\'s fault"; we disagree.',
    "The client library encoded the name as UTF8String.",
]


@pytest.mark.parametrize("sentence", IK904_WARNINGS)
def test_ik904_blame_is_a_warning(sentence: str) -> None:
    hits = findings("IK904", report(rca=sentence))
    assert [h.severity.value for h in hits] == ["warning"], sentence


@pytest.mark.parametrize("sentence", IK904_NOTICES)
def test_ik904_weaker_wording_is_a_notice(sentence: str) -> None:
    hits = findings("IK904", report(rca=sentence))
    assert [h.severity.value for h in hits] == ["notice"], sentence


@pytest.mark.parametrize("sentence", IK904_QUIET)
def test_ik904_quiet(sentence: str) -> None:
    assert findings("IK904", report(rca=sentence)) == [], sentence


def test_ik904_timeline_entries_record_events() -> None:
    text = report(timeline="The customer failed to answer our second notice.")
    assert findings("IK904", text) == []


def test_ik904_responsibility_elsewhere_in_the_section_counts() -> None:
    rca = "The vendor's bug changed the encoding.\n- **Interaction with other factors:** Our test suite did not check encodings."
    assert findings("IK904", report(rca=rca)) == []


# ------------------------------------------------------------------------------------------ IK905

IK905_FIRES = [
    "This was only a minor issue.",
    "The deviation is merely cosmetic.",
    "The wrong province name is a mere technicality.",
    "The error is harmless.",
    "The misissuance carries negligible risk.",
    "The discussion has been blown out of proportion.",
    "It was just a small formatting error.",
]
IK905_QUIET = [
    "This is not a minor issue.",
    "We do not consider the error cosmetic.",
    "The audit reported a minor non-conformity.",
    "Only 3 certificates were affected.",
    'A reviewer called it "merely cosmetic"; we disagree.',
    "The minor version of the linter was updated.",
]


@pytest.mark.parametrize("sentence", IK905_FIRES)
def test_ik905_downplaying_is_a_notice(sentence: str) -> None:
    hits = findings("IK905", report(impact=sentence))
    assert [h.severity.value for h in hits] == ["notice"], sentence
    assert "[downplaying-severity]" in hits[0].message


@pytest.mark.parametrize("sentence", IK905_QUIET)
def test_ik905_quiet(sentence: str) -> None:
    assert findings("IK905", report(impact=sentence)) == [], sentence


def test_shipped_wording_file_is_valid() -> None:
    checks, problems = ik9.load_wording(ik9.WORDING_FILE)
    assert problems == []
    assert [c.id for c in checks] == ["downplaying-severity"]
    assert all(c.level.value in ("notice", "warning") for c in checks)


def test_team_wording_file_adds_checks(tmp_path: Path) -> None:
    extra = tmp_path / "team-wording.toml"
    extra.write_text(
        '[[check]]\nid = "vague-timing"\nlevel = "warning"\nmessage = "gives no date"\n'
        'patterns = ["as soon as possible", "in due course"]\n'
        'citations = ["IRG 3.2 §Action Items"]\n',
        encoding="utf-8",
    )
    doc = read_text(report(impact="We will fix the profile in due course."), "r.md")
    ctx = Context(config={"wording-paths": [str(extra)]})
    result = lint_document(doc, ctx, select=["IK905"])
    hits = [f for f in result.findings if f.code == "IK905"]
    assert [(h.severity.value, h.line) for h in hits] == [("warning", 13)]
    assert "[vague-timing]" in hits[0].message
    assert "IRG 3.2 §Action Items" in hits[0].citations


@pytest.mark.parametrize(
    "body, problem",
    [
        ('[[check]]\nid = "x"\nlevel = "error"\nmessage = "m"\npatterns = ["a"]\n', "level"),
        ('[[check]]\nid = "Bad Id"\nmessage = "m"\npatterns = ["a"]\n', "kebab-case"),
        ('[[check]]\nid = "x"\nmessage = "m"\npatterns = ["(unclosed"]\n', "regular expression"),
        ('[[check]]\nid = "x"\nmessage = "m"\npatterns = []\n', "patterns is missing"),
        ('[[check]]\nid = "x"\nmessage = "m"\npatterns = ["a"]\ncitations = ["somewhere"]\n', "canonical"),
        ('[[check]]\nid = "x"\nmessage = "m"\npatterns = ["a"]\ncolour = "red"\n', "unknown key"),
        ("not toml = = =", "not a readable TOML"),
    ],
)
def test_broken_team_wording_entry_is_reported_and_skipped(tmp_path: Path, body: str, problem: str) -> None:
    extra = tmp_path / "w.toml"
    extra.write_text(body, encoding="utf-8")
    doc = read_text(report(impact="This was only a minor issue."), "r.md")
    result = lint_document(doc, Context(config={"wording-paths": [str(extra)]}), select=["IK905"])
    messages = [f.message for f in result.findings if f.code == "IK905"]
    assert any(problem in m and m.startswith("wording check skipped") for m in messages), messages
    assert any("[downplaying-severity]" in m for m in messages)  # the shipped checks still run


def test_missing_team_wording_file_is_reported(tmp_path: Path) -> None:
    doc = read_text(report(), "r.md")
    result = lint_document(doc, Context(config={"wording-paths": [str(tmp_path / "nope.toml")]}), select=["IK905"])
    assert any("cannot read" in f.message for f in result.findings if f.code == "IK905")


# ------------------------------------------------------------------------------------------ units


def test_units_keep_document_lines_and_blank_markup() -> None:
    text = report(impact="**There** is no\nsecurity impact.")
    doc = read_text(text, "r.md")
    unit = next(u for u in ik9.prose_units(doc) if "security impact" in u.text)
    assert unit.section == "impact"
    assert unit.line_at(unit.text.index("security")) == line_of(text, "security impact.")
    assert "**" not in unit.text


@pytest.mark.parametrize(
    "text, start, expected",
    [('he said "no impact" today', 10, True), ("he said no impact", 8, False), ("\u201cno impact\u201d was said", 1, True),
     ("the \u201cX\u201d field has no impact", 18, False)],
)
def test_in_quotes(text: str, start: int, expected: bool) -> None:
    assert in_quotes(text, start) is expected


# ------------------------------------------------------------------------------------------ samples

SHARED = shared_dir()
needs_samples = pytest.mark.skipif(SHARED is None, reason=SHARED_MISSING)
IK9_CODES = ["IK901", "IK902", "IK903", "IK904", "IK905"]


def _sample(prefix: str) -> Path:
    assert SHARED is not None
    return next((SHARED / "samples").glob(f"{prefix}_*.md"))


def _sample_findings(prefix: str) -> list[Finding]:
    path = _sample(prefix)
    result = lint_text(path.read_text(encoding="utf-8"), str(path), select=IK9_CODES)
    assert not [f for f in result.findings if f.code == "IK009"], result.findings
    return [f for f in result.findings if f.code.startswith("IK9")]


@needs_samples
@pytest.mark.parametrize("prefix", ["04", "05", "06", "10"])
def test_good_samples_get_nothing_above_notice_from_ik9(prefix: str) -> None:
    above = [f"{f.code} line {f.line}: {f.message}" for f in _sample_findings(prefix) if f.severity.rank > 1]
    assert above == []


@needs_samples
def test_sample_11_claims_no_security_impact_on_a_general_remark() -> None:
    hits = [f for f in _sample_findings("11") if f.code == "IK901"]
    assert len(hits) == 1
    assert "general remark" in hits[0].message


@needs_samples
@pytest.mark.parametrize("prefix", ["01", "02", "03", "07", "08", "09", "12"])
def test_other_samples_get_no_ik9_error(prefix: str) -> None:
    assert [f for f in _sample_findings(prefix) if f.severity.value == "error"] == []


def test_cases_exist_for_every_ik9_rule() -> None:
    for code in IK9_CODES:
        names = [p.name for p in (REPO / "tests" / "cases" / code).iterdir()]
        assert any(n.startswith("fire-") for n in names) and any(n.startswith("quiet-") for n in names), code


# Audit row 29: "MUST be free-standing" is IRG 3.x; IRG 2.0 (and the legacy guidance) said a report
# *should* be a summary of previous findings, so a pointer-only sentence there is a warning.
IRG2_REPORT = """## Incident Report

### Summary

Quillfeather Trust issued 37 OV certificates with an abbreviated province name.

### Root Cause Analysis

{rca}
"""


@pytest.mark.parametrize("kind", ["irg2", "legacy"])
def test_ik903_before_irg3_is_a_warning(kind: str) -> None:
    result = lint_text(IRG2_REPORT.format(rca="See comment 12."), kind=kind, select=["IK903"])
    hits = [f for f in result.findings if f.code == "IK903"]
    assert [h.severity.value for h in hits] == ["warning"]
    assert "should summarise" in hits[0].message
    full = findings("IK903", report(rca="See comment 12."))
    assert [h.severity.value for h in full] == ["error"] and "must be free-standing" in full[0].message
