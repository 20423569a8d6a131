"""Parse -> render on posted reports (issue 15, item 9), one test per class the corpus showed
(benchmarks/corpus_roundtrip.py measures it on the real corpus):

- a count followed by a note in parentheses is kept as count + note and renders back the same;
- a legacy report without a timeline, or with its remediation as prose, keeps the gap (a prompt)
  or the prose (one step): never an empty list that drops it or fails validation;
- what the posted report lacks stays a prompt, and ``render`` refuses with one
  ``file:line:column: field: ...`` line per prompt, exit 1, writing nothing;
- a draft without bug metadata renders (the title is only checked when given).

The reports here are written for these tests; they reproduce layouts, not any real report's text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

EXAMPLE_FULL_MD = REPO / "examples" / "profile-misissuance-full.md"


def ik(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "incident_kit", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=60)


def _with_counts(total: str, remaining: str) -> str:
    text = EXAMPLE_FULL_MD.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(- \*\*Total number of certificates:\*\*) .*$", lambda m: f"{m.group(1)} {total}", text)
    return re.sub(r'(?m)^(- \*\*Total number of "remaining valid" certificates:\*\*) .*$', lambda m: f"{m.group(1)} {remaining}", text)


def test_a_count_with_a_note_is_kept_and_renders_back_the_same(tmp_path: Path) -> None:
    report = _with_counts("7 (all issued from the one new profile)", "0 (every one was revoked within the 5 days)")
    (tmp_path / "r.md").write_text(report, encoding="utf-8")
    parsed = ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    draft = (tmp_path / "r.yaml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^  total_certificates: 7$", draft)
    assert re.search(r"(?m)^  remaining_valid_note: every one was revoked within the 5 days$", draft)
    rendered = ik("render", "r.yaml", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout == report
    lint = ik("lint", "r.yaml", "--as-of", "2026-04-20", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout


def test_a_count_that_is_not_a_count_is_still_reported(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(_with_counts("about seven (still counting)", "0"), encoding="utf-8")
    parsed = ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path)
    assert parsed.returncode == 1
    assert "impact.total_certificates: could not parse" in parsed.stderr


LEGACY_NO_TIMELINE = """\
1. How your CA first became aware of the problem
A customer wrote to our support address on 2019-03-04 at 09:12 UTC about a wrong country code.

3. Whether your CA has stopped issuing certificates with the problem
Yes, the profile was switched off the same day.

4. A summary of the problematic certificates
Two certificates, issued on 2019-02-27 and 2019-03-01.

5. The complete certificate data for the problematic certificates
Both are listed on crt.sh under the customer's name.

6. Explanation about how and why the mistakes were made or bugs introduced
An operator typed the country by hand; the form did not check it against the registry record.

7. List of steps your CA is taking to resolve the situation
The form now takes the country from the registry record and an operator can no longer edit it.
"""


def test_a_legacy_report_without_timeline_keeps_the_gap_and_render_refuses(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(LEGACY_NO_TIMELINE, encoding="utf-8")
    parsed = ik("parse", "r.md", "-o", "r.yaml", "--kind", "legacy", cwd=tmp_path)
    assert parsed.returncode == 1
    assert "timeline[1].at: no timeline entry found" in parsed.stderr
    draft = (tmp_path / "r.yaml").read_text(encoding="utf-8")
    # the prose remediation is one step, not an empty list
    assert "The form now takes the country from the registry record" in draft
    rendered = ik("render", "r.yaml", "-o", "out.md", cwd=tmp_path)
    assert rendered.returncode == 1
    lines = [ln for ln in rendered.stderr.splitlines() if ln.strip()]
    assert lines and all(re.match(r"^r\.yaml:\d+:\d+: timeline\[1\]\.(at|text): ", ln) for ln in lines), lines
    assert not (tmp_path / "out.md").exists()


def test_what_the_report_lacks_is_one_refusal_line_per_prompt(tmp_path: Path) -> None:
    text = EXAMPLE_FULL_MD.read_text(encoding="utf-8")
    start, end = text.index("### Lessons Learned"), text.index("### Action Items")
    (tmp_path / "r.md").write_text(text[:start] + text[end:], encoding="utf-8")
    assert ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path).returncode == 1
    rendered = ik("render", "r.yaml", "-o", "out.md", cwd=tmp_path)
    assert rendered.returncode == 1
    per_field = [ln for ln in rendered.stderr.splitlines() if re.match(r"^r\.yaml:\d+:\d+: lessons_learned\.", ln)]
    assert len(per_field) == 4, rendered.stderr
    assert {ln.split(": ")[1] for ln in per_field} == {
        "lessons_learned.went_well[1].text",
        "lessons_learned.didnt_go_well[1].text",
        "lessons_learned.got_lucky[1].text",
        "lessons_learned.additional[1].text",
    }
    assert not (tmp_path / "out.md").exists()


def test_a_complete_report_renders_without_bug_metadata(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(EXAMPLE_FULL_MD.read_text(encoding="utf-8"), encoding="utf-8")
    assert ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path).returncode == 0
    assert "title: ''" in (tmp_path / "r.yaml").read_text(encoding="utf-8")
    rendered = ik("render", "r.yaml", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout == EXAMPLE_FULL_MD.read_text(encoding="utf-8")


def test_a_malformed_title_is_still_an_error_when_given(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(EXAMPLE_FULL_MD.read_text(encoding="utf-8"), encoding="utf-8")
    assert ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path).returncode == 0
    draft = (tmp_path / "r.yaml").read_text(encoding="utf-8").replace("title: ''", "title: no owner here", 1)
    (tmp_path / "r.yaml").write_text(draft, encoding="utf-8")
    rendered = ik("render", "r.yaml", cwd=tmp_path)
    assert rendered.returncode == 1 and "bug.title" in rendered.stderr


PARAGRAPHS_UNDER_A_LABEL = """\
## Preliminary Incident Report

### Summary
- **Incident description:**

On 2026-03-02 at 08:15 UTC our monitoring showed that the CRL of one issuing CA returned an error to relying parties.

We found that a storage migration had left 3 issuing CAs without a published CRL, and we paused issuance from all 3 at 08:40 UTC.

The CRLs were published again at 11:05 UTC; the incident is contained.

- **Relevant policies:** TLS Baseline Requirements v2.2.2, section 4.10.2 (the CRL must be available).
- **Source of incident disclosure:** Self Reported
"""


def test_paragraphs_between_a_label_and_the_next_label_are_that_fields_value(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(PARAGRAPHS_UNDER_A_LABEL, encoding="utf-8")
    parsed = ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    assert "(unplaced)" not in parsed.stderr
    from incident_kit.sources.yaml import load_draft

    description = load_draft(str(tmp_path / "r.yaml")).summary.incident_description
    assert description.startswith("On 2026-03-02") and "paused issuance from all 3" in description
    assert description.endswith("the incident is contained.")
    rendered = ik("render", "r.yaml", "-o", "out.md", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    for name in ("r.md", "out.md"):  # the posted report and its round trip: no error either way
        lint = ik("lint", name, "--as-of", "2026-03-03", "--fail-on", "error", cwd=tmp_path)
        assert lint.returncode == 0, lint.stdout


def test_a_free_paragraph_after_the_last_field_is_kept_and_reported_with_its_line(tmp_path: Path) -> None:
    text = PARAGRAPHS_UNDER_A_LABEL + "\nWe will post the full report by 2026-03-16.\n"
    (tmp_path / "r.md").write_text(text, encoding="utf-8")
    parsed = ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path)
    line = text.splitlines().index("We will post the full report by 2026-03-16.") + 1
    assert re.search(rf"(?m)^r\.md:{line}: \(unplaced\): .*full report by 2026-03-16", parsed.stderr), parsed.stderr
    assert "full report by 2026-03-16" in (tmp_path / "r.yaml").read_text(encoding="utf-8")
    from incident_kit.sources.yaml import load_draft

    description = load_draft(str(tmp_path / "r.yaml")).summary.incident_description
    assert "full report by" not in description  # after the last label: not folded into a field


PRELIMINARY_THEN_FULL = """\
Preliminary Incident Report

Summary

  • Incident description: A certificate profile change on 2026-04-01 left the organisation name out of 7 OV certificates; issuance from that profile is paused.
  • Relevant policies: TLS Baseline Requirements v2.2.2, section 7.1.4.2
  • Source of incident disclosure: Self Reported

Assignee: nobody → someone
Status: UNCONFIRMED → ASSIGNED

"""


def test_a_file_with_a_preliminary_then_a_full_report_is_two_reports(tmp_path: Path) -> None:
    from incident_kit.sources.markdown import read_text

    full = EXAMPLE_FULL_MD.read_text(encoding="utf-8")
    text = PRELIMINARY_THEN_FULL + full
    doc = read_text(text, "r.md")
    second = PRELIMINARY_THEN_FULL.count("\n") + 1
    # the Bugzilla activity lines after the preliminary report belong to neither report
    prelim_end = 1 + next(i for i, s in enumerate(PRELIMINARY_THEN_FULL.splitlines()) if "Source of incident" in s)
    assert [(p.kind, p.line_range) for p in doc.parts] == [("preliminary", (1, prelim_end)), ("full", (second, text.count("\n")))]
    (tmp_path / "r.md").write_text(text, encoding="utf-8")
    parsed = ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path)
    assert parsed.returncode == 1  # the earlier report is not in the draft: said, not dropped
    assert re.search(rf"(?m)^r\.md:1: \(unplaced\): lines 1-{prelim_end} hold an earlier preliminary report; the draft is the last", parsed.stderr)
    rendered = ik("render", "r.yaml", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout == full


def test_a_title_in_a_sentence_or_twice_in_a_row_does_not_split_a_report() -> None:
    from incident_kit.sources.markdown import read_text

    full = EXAMPLE_FULL_MD.read_text(encoding="utf-8")
    assert read_text("Full Incident Report\n\n" + full, "r.md").parts == []
    mention = full + "\nThe Full Incident Report above replaces our first comment.\n"
    assert read_text(mention, "r.md").parts == []
    # titles alone (no Bugzilla activity lines, which split comments on their own)
    titled = PRELIMINARY_THEN_FULL.replace("Assignee: nobody → someone\nStatus: UNCONFIRMED → ASSIGNED\n\n", "")
    assert titled != PRELIMINARY_THEN_FULL
    assert len(read_text(titled * 3 + full, "r.md").parts) == 4
    assert read_text(titled * 4 + full, "r.md").parts == []  # five titles: not one incident's reports
