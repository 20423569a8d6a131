"""Lifecycle commands on the example drafts (copied to tmp_path and changed): promote, update,
close and deadlines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from typer.testing import CliRunner

from incident_kit.cli import app
from incident_kit.sources.yaml import load, load_draft, read_draft
from incident_kit.lint.engine import lint_document
from incident_kit.drafting.render import render

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
FIXTURES = Path(__file__).parent / "fixtures" / "lifecycle"


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def copy_example(tmp_path: Path, name: str, *edits: tuple[str, str], as_name: str | None = None) -> Path:
    """The example draft ``name`` in tmp_path with each (old, new) text replaced exactly once."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    out = tmp_path / (as_name or name)
    out.write_text(text, encoding="utf-8")
    return out


def line_of(path: Path, needle: str, after: int = 0) -> int:
    """The first line number (1-based) after line ``after`` that contains ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if number > after and needle in line:
            return number
    raise AssertionError(needle)


# --------------------------------------------------------------------------------------------
# promote
# --------------------------------------------------------------------------------------------


def test_promote_keeps_values_and_comments_and_adds_prompts(tmp_path):
    prelim = copy_example(tmp_path, "profile-misissuance-preliminary.yaml")
    out = tmp_path / "full.yaml"
    result = run("promote", str(prelim), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    before = load_draft(prelim)
    full = load_draft(out)
    assert full.kind == "full" and full.irg_version == "3.2"
    assert full.summary.incident_description == before.summary.incident_description
    assert full.summary.relevant_policies == before.summary.relevant_policies
    assert full.summary.source == before.summary.source
    assert full.bug.model_dump(exclude={"posted"}) == before.bug.model_dump(exclude={"posted"})
    assert full.bug.posted is None
    disclosure = [e for e in full.timeline if "report_posted" in {t.value for t in e.tags}]
    assert [(e.at.isoformat(), e.text, [t.value for t in e.tags]) for e in disclosure] == [
        ("2026-04-08T10:30:00+00:00", "Preliminary Incident Report posted in this bug.", ["report_posted", "scope_disclosed"])
    ]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Promoted from the Preliminary report draft profile-misissuance-preliminary.yaml")
    assert "# The first report of the profile misissuance" in text  # the draft's own comments
    assert "bug_id: 2031105                  # illustrative" in text
    assert "# One block per contributing factor; action items refer to them by id." in text  # scaffold guidance
    assert "  incident_description: >-\n    On 2026-04-08 at 02:40 UTC our nightly" in text  # folded style kept
    findings = lint_document(read_draft(out)).findings
    prompts = {f.message.split("'")[1] for f in findings if f.code == "IK105"}
    assert "<when it was detected>" in prompts and "<describe one specific, detailed action>" in prompts
    assert not any("On 2026-04-08" in p for p in prompts)


def test_promote_third_party_source_and_schema_line(tmp_path):
    src = tmp_path / "prelim.yaml"
    src.write_text((FIXTURES / "third-party-preliminary.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("promote", str(src))
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "# yaml-language-server: $schema=../../../schemas/full.schema.json" in text
    assert "# Written by the reporter; the CA will take it over in the Full report." in text
    full = load_draft(text, path="promoted.yaml")
    assert full.summary.source.value == "Third Party Reported"
    assert full.irg_version == "3.1" and full.bug.whiteboard == ["ca-compliance", "dv-misissuance"]
    assert re.search(r"source: Third Party Reported +# was N/A in the preliminary report", text)


def test_promote_refuses_other_kinds_and_overwrites(tmp_path):
    full = copy_example(tmp_path, "profile-misissuance-full.yaml")
    result = run("promote", str(full))
    assert result.exit_code == 2
    assert result.stderr == f"{full}: expected a Preliminary, legacy or IRG 2.0 report draft, not kind: full\n"
    prelim = copy_example(tmp_path, "profile-misissuance-preliminary.yaml")
    out = tmp_path / "exists.yaml"
    out.write_text("keep\n", encoding="utf-8")
    result = run("promote", str(prelim), "-o", str(out))
    assert result.exit_code == 2 and out.read_text(encoding="utf-8") == "keep\n"
    result = run("promote", str(prelim), "-o", str(prelim))
    assert result.exit_code == 2 and "is the draft itself" in result.stderr


def test_promote_invalid_draft_reports_its_line(tmp_path):
    bad = copy_example(tmp_path, "profile-misissuance-preliminary.yaml", ('source: "Self Reported"', "source: Self-reported"))
    result = run("promote", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:{line_of(bad, 'source: Self-reported')}:")


# --------------------------------------------------------------------------------------------
# update
# --------------------------------------------------------------------------------------------

AI3_DONE = ('    due_date: "2026-04-24"\n    status: Ongoing', '    due_date: "2026-04-24"\n    status: Complete')
AI4_DELAYED = (
    '    due_date: "2026-05-08"\n    status: Ongoing\n  - description: >-\n      When',
    '    due_date: "2026-05-22"\n    status: Delayed\n  - description: >-\n      When',
)


def test_update_lists_completed_delayed_added_and_next_update(tmp_path):
    old = copy_example(tmp_path, "profile-misissuance-full.yaml", as_name="old.yaml")
    added = (
        "\nappendix:\n",
        "  - description: Publish the *exception list* | monthly.\n    kind: Detect\n    root_causes: [1]\n"
        "    evaluation_criteria: The list is on our repository.\n    due_date: \"2026-06-01\"\n    status: Ongoing\n"
        "\nappendix:\n",
    )
    new = copy_example(
        tmp_path, "profile-misissuance-full.yaml", AI3_DONE, AI4_DELAYED, added,
        ('posted: "2026-04-17 09:00 UTC"', 'posted: "2026-04-25 09:00 UTC"'), as_name="new.yaml",
    )
    result = run("update", str(new), "--since", str(old))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "**Action Item changes since the report of 2026-04-17 09:00 UTC:**",
        "",
        "- **Action Item 3 completed:** Add key-type items (Key Usage, signature algorithm, key size or curve), each "
        "with its Baseline Requirements section, to the profile review checklist. (Status Ongoing → Complete)",
        "- **Action Item 4 delayed:** Lint every certificate within 15 minutes of issuance, using our Certificate "
        "Transparency submissions, instead of nightly. (Due Date 2026-05-08 → 2026-05-22; Status Ongoing → Delayed)",
        "- **Action Item 6 added:** Publish the \\*exception list\\* \\| monthly. (Detect, due 2026-06-01, Ongoing)",
        "",
    ]
    assert "| Publish the \\*exception list\\* \\| monthly. | Detect | Root Cause # 1 | The list is on our repository. | 2026-06-01 | Ongoing |" in lines
    assert lines[-1] == "**Next update:** by 2026-05-11 (3 days after Action Item 5 falls due on 2026-05-08)."
    assert "Revocation status" not in result.stdout


def test_update_without_changes_and_whiteboard_date(tmp_path):
    draft = copy_example(tmp_path, "profile-misissuance-full.yaml", ('irg_version: "3.2"', 'irg_version: "3.0"'))
    result = run("update", str(draft), "--since", str(draft), "--as-of", "2026-04-20")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("**Action Item changes since the report of 2026-04-17 09:00 UTC:** none.\n")
    # IRG 3.0: no 3-day rule after an action item, so the whiteboard date stands
    assert result.stdout.endswith("**Next update:** by 2026-05-15 (the whiteboard's Next update date).\n")


def test_update_from_preliminary_lists_every_item_as_added(tmp_path):
    prelim = copy_example(tmp_path, "profile-misissuance-preliminary.yaml")
    full = copy_example(tmp_path, "profile-misissuance-full.yaml")
    result = run("update", str(full), "--since", str(prelim))
    assert result.exit_code == 0, result.stderr
    assert re.findall(r"Action Item (\d) added", result.stdout) == ["1", "2", "3", "4", "5"]
    assert "since the report of 2026-04-08 10:30 UTC" in result.stdout


def _pending_delay(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    """The delayed-revocation example as it stood mid-delay: three certificates not yet revoked."""
    text = (EXAMPLES / "delayed-revocation-full.yaml").read_text(encoding="utf-8")
    text = text.replace('is_revoked: "Yes"', 'is_revoked: "Delayed"')
    text = text.replace('revocation_date: "2026-04-24 15:10 UTC"', 'revocation_date: "2026-04-24 18:00 UTC"', 2)
    text = text.replace('revocation_date: "2026-04-24 15:10 UTC"', 'revocation_date: "2026-04-24 17:00 UTC"')
    for old, new in extra:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    out = tmp_path / "delay.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def test_update_revocation_delay_counts_and_cadence(tmp_path):
    draft = _pending_delay(tmp_path, ('    not_after: "2027-01-11 10:05:59 UTC"', '    not_after: "2026-04-21 10:05:59 UTC"'))
    result = run("update", str(draft), "--since", str(draft), "--as-of", "2026-04-22 09:00 UTC")
    assert result.exit_code == 0, result.stderr
    block = result.stdout.split("**Revocation status")[1]
    assert block.splitlines()[:6] == [
        " as of 2026-04-22 09:00 UTC:**",
        "",
        "- Revoked: 0",
        "- Not yet revoked: 2",
        "- Expired before revocation: 1",
        "- Estimated completion of the remaining revocations: 2026-04-24 18:00 UTC",
    ]
    assert result.stdout.endswith(
        "**Next update:** by 2026-04-25 09:00 UTC (revocation delay: every 3 days recommended), "
        "and at the latest by 2026-04-29 09:00 UTC (revocation delay: at least every 7 days).\n"
    )


def test_update_revocation_delay_needs_an_estimate(tmp_path):
    draft = _pending_delay(tmp_path, ("    tags: [revocation_expected]\n", ""))
    text = draft.read_text(encoding="utf-8")
    draft.write_text(re.sub(r'revocation_date: "2026-04-24 1\d:00 UTC"', 'revocation_date: "N/A"', text), encoding="utf-8")
    result = run("update", str(draft), "--since", str(draft), "--as-of", "2026-04-22")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{draft}:{line_of(draft, '  certificates:')}: 3 certificate(s) are not yet revoked but nothing gives the "
        "estimated completion; set their planned Revocation date in appendix.certificates, tag a timeline entry "
        "revocation_expected, or pass --completion\n"
    )
    result = run("update", str(draft), "--since", str(draft), "--as-of", "2026-04-22", "--completion", "2026-04-26T12:00+02:00")
    assert result.exit_code == 0, result.stderr
    assert "- Estimated completion of the remaining revocations: 2026-04-26 10:00 UTC" in result.stdout


def test_update_revocation_delay_falls_back_to_the_timeline_estimate(tmp_path):
    draft = _pending_delay(tmp_path)
    text = re.sub(r'revocation_date: "2026-04-24 1\d:00 UTC"', 'revocation_date: "N/A"', draft.read_text(encoding="utf-8"))
    draft.write_text(text, encoding="utf-8")
    result = run("update", str(draft), "--since", str(draft), "--as-of", "2026-04-22")
    assert "- Estimated completion of the remaining revocations: 2026-04-24 18:00 UTC" in result.stdout


def test_update_needs_a_date_and_a_full_draft(tmp_path):
    draft = copy_example(tmp_path, "profile-misissuance-full.yaml", ('  posted: "2026-04-17 09:00 UTC"\n', ""))
    result = run("update", str(draft), "--since", str(draft))
    assert result.exit_code == 2
    assert result.stderr == f"{draft}: needs a date: give --as-of YYYY-MM-DD, or set bug.posted in the draft\n"
    result = run("update", str(draft), "--since", str(draft), "--as-of", "2026-02-30")
    assert result.exit_code == 2 and result.stderr == f"{draft}: --as-of: '2026-02-30' is not a real calendar date\n"
    prelim = copy_example(tmp_path, "profile-misissuance-preliminary.yaml")
    result = run("update", str(prelim), "--since", str(draft))
    assert result.exit_code == 2 and "expected a Full report draft (kind: full), not kind: preliminary" in result.stderr


# --------------------------------------------------------------------------------------------
# close
# --------------------------------------------------------------------------------------------


def test_close_refuses_while_items_are_open(tmp_path):
    draft = copy_example(tmp_path, "profile-misissuance-full.yaml", AI4_DELAYED)
    result = run("close", str(draft))
    assert result.exit_code == 1
    assert result.stdout == ""
    status_lines = [n for n, l in enumerate(draft.read_text().splitlines(), 1) if l.strip().startswith("status: ")]
    assert result.stderr.splitlines() == [
        f"{draft}:{status_lines[1]}:13: action_items[2].status: Action Item 2 is Ongoing (due 2026-05-15); a Closure "
        "Report needs every action item Complete (or Canceled)",
        f"{draft}:{status_lines[2]}:13: action_items[3].status: Action Item 3 is Ongoing (due 2026-04-24); a Closure "
        "Report needs every action item Complete (or Canceled)",
        f"{draft}:{status_lines[3]}:13: action_items[4].status: Action Item 4 is Delayed (due 2026-05-22); a Closure "
        "Report needs every action item Complete (or Canceled)",
        f"{draft}:{status_lines[4]}:13: action_items[5].status: Action Item 5 is Ongoing (due 2026-05-08); a Closure "
        "Report needs every action item Complete (or Canceled)",
    ]


def _all_done(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = (EXAMPLES / "profile-misissuance-full.yaml").read_text(encoding="utf-8").replace("status: Ongoing", "status: Complete")
    for old, new in edits:
        text = text.replace(old, new)
    out = tmp_path / "done.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def test_close_renders_the_closure_template(tmp_path):
    draft = _all_done(tmp_path)
    result = run("close", str(draft), "--commitments", "We post efficacy updates 3 and 6 months after closure.")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "### Report Closure Summary"
    assert lines[2].startswith("- **Incident description:** From 2026-04-07 08:14 UTC to 21:52 UTC our new OV profile")
    assert lines[3] == (
        "- **Incident Root Cause(s):** New profiles ran in a non-blocking observe mode of the pre-issuance linter. "
        "The ECDSA profile was copied from the RSA profile without a review per key type. Post-issuance linting ran "
        "only once a day."
    )
    assert lines[4].startswith(
        "- **Remediation description:** Action Item 1 (Prevent): Remove observe mode: any lint error, on any "
        "profile, new or old, blocks signing. Action Item 2 (Prevent): Generate the Key Usage"
    )
    assert lines[4].endswith(
        "Action Item 5 (Mitigate): When post-issuance linting finds an error, suspend the profile automatically and "
        "page the on-call compliance engineer."
    )
    assert lines[5] == "- **Commitment summary:** We post efficacy updates 3 and 6 months after closure."
    assert lines[-1] == (
        "All Action Items disclosed in this report have been completed as described, and we request its closure."
    )
    assert result.stderr == (
        'note: after posting the closure report, set "Request information from" (needinfo) to '
        "incident-reporting@ccadb.org (IRG 3.1 and later)\n"
    )


def test_close_yaml_draft_loads_and_renders_the_same(tmp_path):
    draft = _all_done(tmp_path, ('irg_version: "3.2"', 'irg_version: "3.0"'))
    out = tmp_path / "closure.yaml"
    result = run("close", str(draft), "-o", str(out), "--root-causes", "Observe mode let | errors through.")
    assert result.exit_code == 0, result.stderr
    assert "needinfo" not in result.stderr  # IRG 3.0 had no needinfo step
    assert "note: the commitment summary is still a <...> prompt" in result.stderr
    loaded = load(out)
    closure = loaded.model
    assert closure.kind == "closure" and closure.irg_version == "3.0"
    assert closure.summary.root_causes == "Observe mode let | errors through."
    assert [a.status.value for a in closure.action_items] == ["Complete"] * 5
    markdown = run("close", str(draft), "--root-causes", "Observe mode let | errors through.").stdout
    assert render(closure) == markdown
    assert "- **Incident Root Cause(s):** Observe mode let \\| errors through." in markdown
    ik105 = [f for f in lint_document(read_draft(out)).findings if f.code == "IK105"]
    assert len(ik105) == 1 and "<ongoing commitments beyond the action items" in ik105[0].message


def test_close_notes_canceled_items_and_refuses_other_kinds(tmp_path):
    draft = _all_done(tmp_path)
    text = draft.read_text(encoding="utf-8").replace('due_date: "2026-05-15"\n    status: Complete', 'due_date: "2026-05-15"\n    status: Canceled')
    draft.write_text(text, encoding="utf-8")
    result = run("close", str(draft), "--commitments", "N/A")
    assert result.exit_code == 0
    assert "Action Item 2 (Prevent, canceled): Generate the Key Usage" in result.stdout
    assert "note: canceled action items are listed as such" in result.stderr
    closure = copy_example(tmp_path, "profile-misissuance-closure.yaml")
    result = run("close", str(closure))
    assert result.exit_code == 2 and "expected a Full report draft (kind: full), not kind: closure" in result.stderr


# --------------------------------------------------------------------------------------------
# deadlines
# --------------------------------------------------------------------------------------------


def _rows(stdout: str) -> dict[str, tuple[str, str]]:
    data = json.loads(stdout)
    return {r["id"]: (r["due"], r["status"]) for r in data["deadlines"]}


def test_deadlines_full_report(tmp_path):
    draft = copy_example(tmp_path, "profile-misissuance-full.yaml")
    result = run("deadlines", str(draft), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert _rows(result.stdout) == {
        "initial-report-72h": ("2026-04-11 02:40 UTC", "met"),
        "full-report-14d": ("2026-04-22 10:30 UTC", "met"),
        "next-update": ("2026-05-15", "open"),
        "action-item-2-3d": ("2026-05-18", "open"),
        "action-item-3-3d": ("2026-04-27", "open"),
        "action-item-4-3d": ("2026-05-11", "open"),
        "action-item-5-3d": ("2026-05-11", "open"),
        "revoke-5d": ("2026-04-13 02:40 UTC", "met"),  # BR 4.9.1.1 is among the cited sections
    }
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-04-17 09:00 UTC"
    first = data["deadlines"][0]
    aware_line = line_of(draft, '"2026-04-08 02:40 UTC"', line_of(draft, "timeline:"))
    posted_line = line_of(draft, 'at: "2026-04-08 10:30 UTC"')
    assert first["basis"] == (
        f"aware 2026-04-08 02:40 UTC (line {aware_line}); first report 2026-04-08 10:30 UTC (line {posted_line})"
    )
    late = run("deadlines", str(draft), "--as-of", "2026-04-28")
    assert late.exit_code == 1
    out = late.stdout.splitlines()
    at = next(i for i, l in enumerate(out) if "update after Action Item 3" in l)
    assert re.fullmatch(r"overdue\s+2026-04-27\s+update after Action Item 3 \(3 days after its due date\)", out[at])
    below = " ".join(l.strip() for l in out[at + 1 : at + 3] if l.startswith(" "))
    assert below == "IRG 3.2 §When are reports updated?: Action Item 3 Ongoing, due 2026-04-24"


def test_deadlines_revocation_delay(tmp_path):
    draft = copy_example(tmp_path, "delayed-revocation-full.yaml")
    early = run("deadlines", str(draft), "--as-of", "2026-04-18", "--format", "json")
    assert early.exit_code == 0, early.stderr
    rows = _rows(early.stdout)
    assert rows["revoke-5d"] == ("2026-04-19 08:20 UTC", "open")
    assert rows["revocation-delay-update-3d"] == ("2026-04-19 09:30 UTC", "open")
    assert rows["revocation-delay-update-7d"] == ("2026-04-23 09:30 UTC", "open")
    assert rows["full-report-14d"] == ("2026-04-30 09:30 UTC", "open")
    later = run("deadlines", str(draft), "--format", "json")  # as of bug.posted, 2026-04-28
    assert later.exit_code == 1
    rows = _rows(later.stdout)
    assert rows["revoke-5d"] == ("2026-04-19 08:20 UTC", "overdue")
    assert "revocation-delay-update-3d" not in rows  # the revocations were complete by then
    assert any(n.startswith("revocation-delay cadence: revocation completed 2026-04-24 15:10 UTC") for n in json.loads(later.stdout)["notes"])


def test_deadlines_preliminary_and_missing_date(tmp_path):
    prelim = copy_example(tmp_path, "profile-misissuance-preliminary.yaml")
    result = run("deadlines", str(prelim))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{prelim}: lifecycle deadlines as of 2026-04-08 10:30 UTC"
    # no timeline yet: the 72-hour clock starts at the dated awareness in the Incident description
    assert _rows(run("deadlines", str(prelim), "--format", "json").stdout)["initial-report-72h"] == ("2026-04-11 02:40 UTC", "met")
    undated_awareness = copy_example(
        tmp_path, "profile-misissuance-preliminary.yaml", ("On 2026-04-08 at 02:40 UTC our nightly", "Our nightly"), as_name="a.yaml"
    )
    result = run("deadlines", str(undated_awareness))
    assert "note: initial report (72 hours after awareness): no timeline entry tagged aware" in result.stdout
    overdue = run("deadlines", str(prelim), "--as-of", "2026-04-23", "--format", "json")
    assert overdue.exit_code == 1
    assert _rows(overdue.stdout)["full-report-14d"] == ("2026-04-22 10:30 UTC", "overdue")
    undated = copy_example(tmp_path, "profile-misissuance-preliminary.yaml", ('  posted: "2026-04-08 10:30 UTC"\n', ""), as_name="u.yaml")
    result = run("deadlines", str(undated))
    assert result.exit_code == 2 and result.stderr.endswith("needs a date: give --as-of YYYY-MM-DD, or set bug.posted in the draft\n")
    result = run("deadlines", str(prelim), "--as-of", "soon")
    assert result.exit_code == 2 and result.stderr.startswith(f"{prelim}: --as-of: ")


def test_update_reports_changed_fields_reopened_and_removed_items(tmp_path):
    old = copy_example(tmp_path, "profile-misissuance-full.yaml", as_name="old.yaml")
    text = old.read_text(encoding="utf-8")
    start = text.index("  - description: >-\n      When post-issuance")
    end = text.index("\nappendix:")
    new_text = text[:start].rstrip("\n") + "\n" + text[end:]  # item 5 removed
    new_text = new_text.replace(
        "    evaluation_criteria: Checklist version approved and used for every profile change after the due date.",
        "    evaluation_criteria: Checklist version 4 approved and used for every profile change.",
    )
    new_text = new_text.replace('    due_date: "2026-04-09"\n    status: Complete', '    due_date: "2026-04-30"\n    status: Ongoing')
    new = tmp_path / "new.yaml"
    for refs, kept in (("[1, 5]", "[1]"), ("[4, 5]", "[4]")):  # lessons may not cite the removed item
        new_text = new_text.replace(f"action_items: {refs}", f"action_items: {kept}")
    new.write_text(new_text, encoding="utf-8")
    result = run("update", str(new), "--since", str(old), "--as-of", "2026-04-20")
    assert result.exit_code == 0, result.stderr
    changes = [l for l in result.stdout.splitlines() if l.startswith("- **Action Item")]
    assert changes == [
        "- **Action Item 1 reopened:** Remove observe mode: any lint error, on any profile, new or old, blocks "
        "signing. (Due Date 2026-04-09 → 2026-04-30; Status Complete → Ongoing)",
        "- **Action Item 3 changed:** Add key-type items (Key Usage, signature algorithm, key size or curve), each "
        "with its Baseline Requirements section, to the profile review checklist. (Evaluation Criteria reworded)",
        "- **Action Item 5 removed:** When post-issuance linting finds an error, suspend the profile automatically "
        "and page the on-call compliance engineer. (was row 5 of the previous report)",
    ]


def test_deadlines_stale_whiteboard_date_falls_back_to_seven_days(tmp_path):
    draft = copy_example(tmp_path, "profile-misissuance-full.yaml", ('next_update: "2026-05-15"', 'next_update: "2026-04-10"'))
    rows = _rows(run("deadlines", str(draft), "--format", "json").stdout)
    assert "next-update" not in rows
    assert rows["update-7d"] == ("2026-04-24 09:00 UTC", "open")


@pytest.mark.parametrize("name", ["legacy.yaml", "irg2.yaml"])
def test_promote_reposts_an_older_generation_in_the_full_template(tmp_path, name):
    from incident_kit.sources.yaml import load_draft
    from incident_kit.lint.engine import lint_paths

    source = REPO / "tests" / "fixtures" / "drafts" / name
    old = load_draft(source)
    out = tmp_path / "full.yaml"
    result = run("promote", str(source), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    full = load_draft(out)
    assert full.kind == "full"
    # what the old report said is kept where the Full report asks the same thing
    assert [e.text for e in full.timeline] == [e.text for e in old.timeline]
    assert [e.at for e in full.timeline] == [e.at for e in old.timeline]
    if old.kind == "legacy":
        assert full.root_causes[0].description == old.root_cause
        assert full.impact.issuance_stopped == old.issuance_stopped
        assert [a.description for a in full.action_items] == [r.description for r in old.remediation]
    else:
        assert full.summary.incident_description == old.summary
        assert [(a.description, a.kind, a.due_date) for a in full.action_items] == [
            (a.description, a.kind, a.due_date) for a in old.action_items
        ]
    text = out.read_text(encoding="utf-8")
    assert "stand-in" in text  # Kind/Status the old format lacked are marked, not silently chosen
    # and it is not ready to post: lint reports the prompts
    codes = {f.code for r in lint_paths([out], use_config=False) for f in r.visible}
    assert "IK105" in codes
