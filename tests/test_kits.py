"""Incident-type starter kits: shipped kits, `kits`, `new --kit`, organisation kits, and the
filled-in example of every kit (tests/fixtures/kits/<name>.yaml, or examples/<name>-full.yaml for
the kits whose example is also the good report of its incident class) rendering and linting clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_kit.cli import app
from incident_kit.sources.yaml import load_draft
from incident_kit.drafting.kits import KitError, discover, find_kit, instantiate, load_kit_draft, read_kit
from incident_kit.lint.engine import lint_paths
from incident_kit.policy import find_citations, load_policy
from incident_kit.text.concepts import affirms

FIXTURES = Path(__file__).parent / "fixtures" / "kits"
EXAMPLES = Path(__file__).parent.parent / "examples"


def filled_example(name: str) -> Path:
    """The filled-in example of a kit: in the fixtures, or the example of its incident class."""
    fixture = FIXTURES / f"{name}.yaml"
    return fixture if fixture.is_file() else EXAMPLES / f"{name}-full.yaml"
REQUIRED = {
    "late-intermediate-disclosure",
    "late-audit-statement",
    "revocation-delay",
    "profile-misissuance",
    "crl-ocsp-failure",
    "problem-report-response",
    "domain-validation-failure",
    "ccadb-disclosure-error",
    "late-incident-report",
    "audit-finding",
    "cp-cps-discrepancy",
    "caa-mpic-validation-failure",
    "ca-certificate-misissuance",
    "smime-misissuance",
}
SHIPPED = [k.name for k in discover()]
PROMPT_RE = re.compile(r"<[^<>\n]+>")


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def prompt_lines(text: str) -> set[int]:
    """Lines holding a <...> prompt outside YAML comments."""
    return {n for n, line in enumerate(text.splitlines(), 1) if PROMPT_RE.search(line.split(" #")[0]) and not line.lstrip().startswith("#")}


# --------------------------------------------------------------------------------------------
# Shipped kits.
# --------------------------------------------------------------------------------------------


def test_every_required_incident_type_has_a_kit():
    assert REQUIRED <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_kit_metadata_and_draft_agree_with_the_policy_base(name):
    kit = find_kit(name)
    model = load_kit_draft(kit).model
    policy = load_policy()
    assert model.kind == "full"
    # A citation counts for the clause it resolves to (BR 7.1.2.6 is one of the CA profiles of BR 7.1.2.1).
    cites = [c.clause_id for c in find_citations(model.summary.relevant_policies)]
    cited = set(cites) | {found.id for found in map(policy.find, cites) if found is not None}
    for cid in kit.clauses:
        assert policy.get(cid) is not None, cid
        assert cid in cited or cid.startswith("IRG"), f"{cid} not cited in Relevant policies"
    assert "ca-compliance" in model.bug.whiteboard
    tags = {t for e in model.timeline for t in e.tags}
    assert {"start", "aware", "end"} <= {t.value for t in tags}


@pytest.mark.parametrize("name", SHIPPED)
def test_kit_suggests_action_items_of_each_kind_that_meet_ik5(name):
    kit = find_kit(name)
    model = load_kit_draft(kit).model
    assert {a.kind.value for a in model.action_items} == {"Prevent", "Mitigate", "Detect"}
    texts = [PROMPT_RE.sub("", a.description) for a in model.action_items]
    policy = load_policy()
    about = PROMPT_RE.sub("", model.summary.incident_description)
    for cid in kit.clauses:
        clause = policy.get(cid)
        # A concept for another kind of failure (serial entropy, identity data) is not this kit's.
        wanted = [c for c in clause.must_address if not c.applies_when or affirms(about, c.applies_when)]
        met = [c.id for c in wanted if any(affirms(t, c.phrases) for t in texts)]
        if clause.any_of:
            assert met, f"{cid}: no suggestion addresses any of {[c.id for c in wanted]}"
        else:
            assert set(met) == {c.id for c in wanted}, f"{cid}: only {met}"


@pytest.mark.parametrize("name", SHIPPED)
def test_new_kit_writes_a_draft_that_fails_lint_on_every_prompt(tmp_path, name):
    out = tmp_path / "draft.yaml"
    result = run("new", "--kit", name, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert f"kit {name!r}" in text.splitlines()[1]
    kit = find_kit(name)
    policy = load_policy()
    for cid in kit.clauses:
        for d in policy.get(cid).deadlines:
            if d.start.event != d.end.event:
                assert d.summary.rstrip(".") in text
    assert "within 72 hours of becoming aware" in text
    assert load_draft(out).kind == "full"
    (res,) = lint_paths([out], use_config=False)
    assert res.failed
    flagged = {f.line for f in res.visible if f.code == "IK105"}
    assert flagged and flagged == prompt_lines(text)


@pytest.mark.parametrize("name", SHIPPED)
def test_filled_example_of_each_kit_renders_and_lints_without_error(tmp_path, name):
    fixture = filled_example(name)
    assert fixture.is_file(), f"no filled-in example for kit {name}"
    model = load_draft(fixture)
    kit_model = load_kit_draft(find_kit(name)).model
    assert set(kit_model.bug.whiteboard) <= set(model.bug.whiteboard)
    cited = {c.clause_id for c in find_citations(model.summary.relevant_policies)}
    assert cited & set(find_kit(name).clauses)
    out = tmp_path / "report.md"
    assert run("render", str(fixture), "-o", str(out)).exit_code == 0
    assert "## Full Incident Report" in out.read_text(encoding="utf-8")
    (res,) = lint_paths([fixture], use_config=False)
    errors = [f"{f.line}: {f.code} {f.message}" for f in res.visible if f.severity.value == "error"]
    assert not errors and not res.failed
    assert not PROMPT_RE.search("\n".join(line for line in fixture.read_text().splitlines() if not line.lstrip().startswith("#")))


def test_revocation_delay_kit_lists_the_delay_update_clock():
    kit = find_kit("revocation-delay")
    kind, text = instantiate(kit)
    assert kind == "full"
    assert "revocation-delay, update at least every 7 days" in text
    _, other = instantiate(find_kit("late-audit-statement"))
    assert "revocation-delay, update" not in other


# --------------------------------------------------------------------------------------------
# The kits command.
# --------------------------------------------------------------------------------------------


def test_kits_lists_every_kit_and_shows_one():
    listed = run("kits")
    assert listed.exit_code == 0
    assert {line.split()[0] for line in listed.stdout.splitlines()} == set(SHIPPED)
    shown = run("kits", "late-intermediate-disclosure")
    assert shown.exit_code == 0
    assert "MRSP 5.3.2" in shown.stdout and "Deadlines:" in shown.stdout and "Prevent:" in shown.stdout
    data = json.loads(run("kits", "revocation-delay", "--format", "json").stdout)
    assert data["name"] == "revocation-delay"
    assert any(d["clause"] == "BR 4.9.1.1" for d in data["deadlines"])
    assert {"revocation_expected"} <= {t for m in data["milestones"] for t in m["tags"]}


def test_unknown_kit_is_one_line_and_exit_2(tmp_path):
    result = run("new", "--kit", "no-such-kit", "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "no kit 'no-such-kit'" in result.stderr
    assert not (tmp_path / "x.yaml").exists()
    assert run("kits", "no-such-kit").exit_code == 2


def test_new_kit_never_overwrites(tmp_path):
    out = tmp_path / "draft.yaml"
    out.write_text("mine\n")
    result = run("new", "--kit", "revocation-delay", "-o", str(out))
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text() == "mine\n"


# --------------------------------------------------------------------------------------------
# Organisation kits.
# --------------------------------------------------------------------------------------------


def _org(tmp_path: Path, kit_yaml: str, draft: str | None = None, name: str = "our-kit") -> Path:
    (tmp_path / ".incident-kit.toml").write_text('template-paths = ["org"]\n')
    folder = tmp_path / "org" / "kits" / name
    folder.mkdir(parents=True)
    (folder / "kit.yaml").write_text(kit_yaml)
    source = find_kit("late-audit-statement").draft_path.read_text(encoding="utf-8")
    (folder / "draft.yaml").write_text(draft if draft is not None else source.replace("<CA Owner name>", "Example CA"))
    return folder


GOOD_META = "title: Our audit kit\nsummary: Our own wording.\nclauses: [CCADB Policy 5.2]\n"


def test_organisation_kit_is_listed_and_used(tmp_path, monkeypatch):
    _org(tmp_path, GOOD_META)
    monkeypatch.chdir(tmp_path)
    listed = run("kits")
    assert "our-kit" in listed.stdout and "[" in listed.stdout
    out = tmp_path / "d.yaml"
    assert run("new", "--kit", "our-kit", "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert "Example CA" in text and "CCADB Policy 5.2: Upload the audit statement" in text


def test_organisation_kit_replaces_a_shipped_kit_of_the_same_name(tmp_path):
    _org(tmp_path, GOOD_META, name="late-audit-statement")
    kit = find_kit("late-audit-statement", [tmp_path / "org"])
    assert kit.title == "Our audit kit" and kit.origin == str(tmp_path / "org")


@pytest.mark.parametrize(
    "meta, expected",
    [
        ("title: [x]\nsummary: s\nclauses: [MRSP 5.3.2]\n", "kit.yaml:1:8: title: expected text"),
        ("title: t\nsummary: s\nclauses: [MRSP 5.3.2]\ncolour: red\n", "kit.yaml:4:9: colour: unknown key"),
        ("title: t\nsummary: s\n", "missing or empty: clauses"),
        ("title: t\nsummary: s\nclauses: [XYZ 9.9]\n", "'XYZ 9.9' is not in the policy knowledge base"),
        ("title: t\n  bad: [\n", "YAML syntax error"),
    ],
)
def test_broken_organisation_kit_is_one_clean_line(tmp_path, meta, expected):
    _org(tmp_path, meta)
    result = run("new", "--kit", "our-kit", "-o", str(tmp_path / "d.yaml"))
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "d.yaml").exists()


def test_organisation_kit_whose_draft_does_not_validate(tmp_path):
    _org(tmp_path, GOOD_META, draft="kind: full\nbug: {}\n")
    result = run("new", "--kit", "our-kit", "-o", str(tmp_path / "d.yaml"))
    assert result.exit_code == 2
    assert re.search(r"draft\.yaml:\d+:\d+: ", result.stderr)
    assert not (tmp_path / "d.yaml").exists()


def test_kit_folder_without_draft_is_refused(tmp_path):
    folder = tmp_path / "kits" / "half"
    folder.mkdir(parents=True)
    (folder / "kit.yaml").write_text(GOOD_META)
    with pytest.raises(KitError, match="has no draft.yaml"):
        read_kit(folder, "org")


@pytest.mark.parametrize(
    "config, expected",
    [
        ("template-paths = 3\n", "template-paths: expected a list of paths"),
        ('template-paths = ["missing"]\n', "missing' does not exist"),
    ],
)
def test_bad_template_paths_config_is_one_line(tmp_path, monkeypatch, config, expected):
    (tmp_path / ".incident-kit.toml").write_text(config)
    monkeypatch.chdir(tmp_path)
    result = run("kits")
    assert result.exit_code == 2 and expected in result.stderr
    assert ".incident-kit.toml" in result.stderr


def test_template_paths_is_a_known_config_key(tmp_path):
    from incident_kit.config import load_config_file

    path = tmp_path / ".incident-kit.toml"
    path.write_text('template-paths = ["org"]\n')
    cfg = load_config_file(path)
    assert [Path(p) for p in cfg.extra["template-paths"]] == [(tmp_path / "org").resolve()] and not cfg.warnings


def test_cli_start_up_does_not_import_kits_sandbox_or_jinja2():
    code = (
        "import sys, incident_kit.cli; "
        "print(sorted(m for m in ('jinja2', 'ruamel.yaml', 'incident_kit.drafting.kits', 'incident_kit.drafting.sandbox') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _delay_fixture(tmp_path: Path, tagged: bool) -> Path:
    """The revocation-delay example with the delay decided in neutral words (no lexicon would read
    them as the decision) and the bug filed 94 hours after awareness of the reason to revoke, 46
    hours after the decision, before the deadline."""
    text = (FIXTURES / "revocation-delay.yaml").read_text(encoding="utf-8")
    old = text[text.index("      The cooperative and its appliance vendor confirm"): text.index("  - at: 2026-05-06 14:00 UTC")]
    new = "      Meeting with the cooperative and its appliance vendor about the four gateways.\n"
    text = text.replace(old, new + ("    tags: [delay_decided]\n" if tagged else ""))
    text = text.replace("  - at: 2026-05-06 16:00 UTC\n    text: >-\n      This bug is filed", "  - at: 2026-05-08 08:30 UTC\n    text: >-\n      This bug is filed")
    assert "2026-05-08 08:30 UTC" in text and ("delay_decided" in text) == tagged
    out = tmp_path / "delay.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def test_revocation_delay_kit_tags_the_decision_that_starts_the_72_hour_clock(tmp_path):
    """Audit rows 20 and 34: the delay is the incident, known when the CA knew the deadline would
    not be met; the kit tags that entry, and the 72-hour clock of the report runs from it."""
    _, draft = instantiate(find_kit("revocation-delay"))
    decided = [line for line in draft.splitlines() if "delay_decided" in line]
    assert decided, "the kit has no delay_decided entry"
    (tagged,) = lint_paths([_delay_fixture(tmp_path, True)], use_config=False, select=("IK702",))
    assert not [f for f in tagged.visible if f.code == "IK702"]
    (untagged,) = lint_paths([_delay_fixture(tmp_path, False)], use_config=False, select=("IK702",))
    assert [f for f in untagged.visible if f.code == "IK702"]
