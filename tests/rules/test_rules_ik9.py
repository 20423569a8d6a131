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
from incident_kit.rules.ik9_wording import _common as ik9

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

def phrase_ik901_fires_on_unsupported_claims(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK901/phrases.toml.
    text = report(impact=sentence)
    hits = findings("IK901", text)
    assert [h.line for h in hits] == [line_of(text, "Additional considerations")], sentence
    assert "without a reason" in hits[0].message
    assert hits[0].severity.value == "warning"


def phrase_ik901_fires_on_claims_resting_on_a_general_remark(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK901/phrases.toml.
    hits = findings("IK901", report(impact=sentence))
    assert len(hits) == 1, sentence
    assert "general remark" in hits[0].message


def phrase_ik901_quiet(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK901/phrases.toml.
    assert findings("IK901", report(impact=sentence)) == [], sentence


def test_ik901_next_sub_bullet_supports_the_claim() -> None:
    text = report(impact="There is no security impact.\n  - All 37 certificates were replaced before the subscriber deployed them.")
    assert findings("IK901", text) == []


def test_ik901_claim_in_a_block_quote_or_code_is_not_read() -> None:
    text = report() + "\n> There is no security impact.\n\n```\nThere is no security impact.\n```\n"
    assert findings("IK901", text) == []


# ------------------------------------------------------------------------------------------ IK902

def phrase_ik902_names_are_notices(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK902/phrases.toml.
    hits = findings("IK902", report(summary=sentence, source="Third Party Reported"))
    assert len(hits) == 1, sentence
    assert hits[0].severity.value == "notice"
    assert "Jane" in hits[0].message


def phrase_ik902_reporter_address_is_a_warning(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK902/phrases.toml.
    hits = findings("IK902", report(summary=sentence))
    assert "warning" in [h.severity.value for h in hits], sentence
    assert any("mailbox.example" in h.message for h in hits)


def phrase_ik902_quiet(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK902/phrases.toml.
    assert findings("IK902", report(summary=sentence)) == [], sentence


def test_ik902_ca_owner_from_the_title_is_not_a_person() -> None:
    text = report(summary="The mismatch was reported by Victor Harbor during a routine review.")
    assert findings("IK902", text, title="Victor Harbor: Abbreviated province names") == []
    assert len(findings("IK902", text)) == 1


# ------------------------------------------------------------------------------------------ IK903

def phrase_ik903_pointer_only_is_an_error(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK903/phrases.toml.
    hits = findings("IK903", report(rca=sentence))
    assert [h.severity.value for h in hits] == ["error"], sentence


def phrase_ik903_partial_reliance_is_a_warning(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK903/phrases.toml.
    hits = findings("IK903", report(rca=sentence))
    assert [h.severity.value for h in hits] == ["warning"], sentence


def phrase_ik903_quiet(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK903/phrases.toml.
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

def phrase_ik904_blame_is_a_warning(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK904/phrases.toml.
    hits = findings("IK904", report(rca=sentence))
    assert [h.severity.value for h in hits] == ["warning"], sentence


def phrase_ik904_weaker_wording_is_a_notice(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK904/phrases.toml.
    hits = findings("IK904", report(rca=sentence))
    assert [h.severity.value for h in hits] == ["notice"], sentence


def phrase_ik904_quiet(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK904/phrases.toml.
    assert findings("IK904", report(rca=sentence)) == [], sentence


def test_ik904_timeline_entries_record_events() -> None:
    text = report(timeline="The customer failed to answer our second notice.")
    assert findings("IK904", text) == []


def test_ik904_responsibility_elsewhere_in_the_section_counts() -> None:
    rca = "The vendor's bug changed the encoding.\n- **Interaction with other factors:** Our test suite did not check encodings."
    assert findings("IK904", report(rca=rca)) == []


# ------------------------------------------------------------------------------------------ IK905

def phrase_ik905_downplaying_is_a_notice(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK905/phrases.toml.
    hits = findings("IK905", report(impact=sentence))
    assert [h.severity.value for h in hits] == ["notice"], sentence
    assert "[downplaying-severity]" in hits[0].message


def phrase_ik905_quiet(sentence: str) -> None:
    # Run by tests/rules/test_phrases.py over the quiet phrases of tests/rules/IK905/phrases.toml.
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
    unit = next(u for u in doc.prose.units if "security impact" in u.text)
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
        names = [p.name for p in (REPO / "tests" / "rules" / code).iterdir()]
        assert any(n.startswith("fire-") for n in names) and any(n.startswith("quiet-") for n in names), code


# Audit row 29: "MUST be free-standing" is IRG 3.x; IRG 2.0 (and the legacy guidance) said a report
# *should* be a summary of previous findings, so a pointer-only sentence there is a warning.
IRG2_REPORT = """## Incident Report

### Summary

Quillfeather Trust issued 37 OV certificates with an abbreviated province name.

### Root Cause Analysis

{rca}
"""


def phrase_ik903_before_irg3_is_a_warning(kind: str) -> None:
    # Run by tests/rules/test_phrases.py over the fire phrases of tests/rules/IK903/phrases.toml.
    result = lint_text(IRG2_REPORT.format(rca="See comment 12."), kind=kind, select=["IK903"])
    hits = [f for f in result.findings if f.code == "IK903"]
    assert [h.severity.value for h in hits] == ["warning"]
    assert "should summarise" in hits[0].message
    full = findings("IK903", report(rca="See comment 12."))
    assert [h.severity.value for h in full] == ["error"] and "must be free-standing" in full[0].message
