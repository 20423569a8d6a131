"""The IRG vocabulary (incident_kit/irg/): one ReportKind, the template tables, the citation
catalogue, the RFC 2119 severity mapping and the reporting clocks, and that the rest of the project
reads them instead of keeping copies."""

from __future__ import annotations

import typing
from datetime import date

import pytest

from incident_kit.irg import citations, clocks, kinds, severity, templates
from incident_kit.text.normalise import label_key

# --- kinds and versions --------------------------------------------------------------------------


def test_every_group_is_made_of_report_kinds() -> None:
    groups = [kinds.DRAFT_KINDS, kinds.READ_ONLY_KINDS, kinds.IRG3, kinds.IRG2_TEMPLATES, kinds.IRG2_ERA, kinds.FULL_LIKE,
              kinds.WITH_TIMELINE, kinds.WITH_REMEDIES, kinds.WITH_ACTION_TABLE, kinds.WITH_ACTION_ROWS]
    for group in groups:
        assert set(group) <= set(kinds.REPORT_KINDS), group
        assert len(set(group)) == len(group), group
    assert set(kinds.ANY_INPUT) == {k.value for k in kinds.ReportKind}
    assert kinds.ReportKind("irg2-audit").drafted and not kinds.ReportKind.FREEFORM.drafted


def test_the_drafting_model_and_the_commands_use_the_one_report_kind() -> None:
    from incident_kit import model, schema
    from incident_kit.commands.drafting import ScaffoldKind, SchemaName
    from incident_kit.commands.reading import ReadKind

    assert model.ReportKind is kinds.ReportKind
    assert set(model.REPORT_MODELS) == set(kinds.DRAFT_KINDS)
    # each drafting model's discriminator is the kind it is filed under
    assert all(typing.get_args(cls.model_fields["kind"].annotation) == (key,) for key, cls in model.REPORT_MODELS.items())
    assert tuple(schema.KINDS) == kinds.DRAFT_KINDS
    assert [k.value for k in ScaffoldKind] == list(kinds.DRAFT_KINDS)
    assert [k.value for k in ReadKind] == list(kinds.DRAFT_KINDS)
    assert [k.value for k in SchemaName] == ["draft", *kinds.DRAFT_KINDS]
    assert ScaffoldKind.IRG2_AUDIT.value == "irg2-audit"
    # the drafting model's table enums keep their docstrings (the JSON Schemas show them) and the IRG's values
    assert [k.value for k in model.ActionKind] == list(templates.ACTION_KINDS)
    assert [k.value for k in model.ActionStatus] == list(templates.ACTION_STATUSES)
    assert [k.value for k in model.Source] == list(templates.SOURCE_VALUES)
    assert model.APPENDIX_COLUMNS is templates.APPENDIX_COLUMNS


def test_versions_are_in_order_and_name_the_version_in_force() -> None:
    days = [v.effective for v in kinds.IRG_VERSIONS]
    assert days == sorted(days)
    assert kinds.effective("2.0") == date(2023, 10, 17) and kinds.effective("3.0") == date(2025, 3, 1)
    assert kinds.version_on(date(2023, 1, 31)) is None  # the legacy topics
    assert kinds.version_on(date(2023, 10, 16)).name == "1.0"
    assert kinds.version_on(date(2025, 7, 15)).name == "3.1"
    assert kinds.version_on(date(2026, 12, 1)) is kinds.CURRENT
    assert [v for _, v in kinds.IRG3_VERSIONS] == ["3.2", "3.1", "3.0"]
    for _what, by, since in kinds.SUPERSEDED.values():
        assert kinds.effective(by.removeprefix("IRG ")) == since


def test_the_reader_names_the_version_from_the_same_dates() -> None:
    from incident_kit.sources.markdown.kinds import irg_version

    assert irg_version("full", kinds.effective("3.1")) == "3.1"
    assert irg_version("full", date(2025, 7, 14)) == "3.0"
    assert irg_version("legacy", kinds.IRG1_START) == "1.0"
    assert irg_version("legacy", date(2022, 5, 1)) == "legacy"
    assert irg_version("irg2-preliminary", None) == "2.0"


# --- templates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", templates.FIELDS + templates.FACTORS + templates.SECTIONS[:-1], ids=lambda s: s.key)
def test_the_reader_recognises_each_template_label_it_writes(spec: templates.Field | templates.Section) -> None:
    written = spec.label if isinstance(spec, templates.Field) else spec.title
    assert label_key(written) in spec.aliases
    for alias in spec.aliases:
        assert label_key(alias) == alias, f"alias {alias!r} is not in the reader's comparison form"


def test_an_alias_names_one_thing() -> None:
    for table in (templates.FIELDS, templates.FACTORS, templates.LESSONS, templates.SECTIONS):
        aliases = [a for spec in table for a in spec.aliases]
        assert len(aliases) == len(set(aliases))


def test_the_reader_reads_a_label_from_the_vocabulary() -> None:
    from incident_kit.sources.markdown import read_text

    text = (
        "## Full Incident Report\n\n### Summary\n\n"
        + "\n".join(f"- **{templates.FIELD_LABELS[k]}:** x" for k in templates.TEMPLATE_FIELDS["full"][0][1])
        + "\n"
    )
    doc = read_text(text, "r.md")
    assert doc.kind == "full"
    assert set(templates.TEMPLATE_FIELDS["full"][0][1]) <= set(doc.fields)


def test_template_tables_are_consistent() -> None:
    for kind, sections in templates.TEMPLATE_SECTIONS.items():
        assert kind in kinds.TEMPLATE_KINDS
        assert all(s in templates.SECTION_TITLES for s in sections)
    for kind, blocks in templates.TEMPLATE_FIELDS.items():
        for section, keys in blocks:
            assert section in templates.TEMPLATE_SECTIONS[kind]
            assert all(templates.FIELD_HOME[k] == section or section == templates.SEC_CLOSURE for k in keys)
    assert len(templates.LEGACY) == 7 and [t.key for t in templates.LEGACY] == [f"topic{n}" for n in range(1, 8)]
    assert set(templates.TITLES) == set(kinds.DRAFT_KINDS)


# --- citations ------------------------------------------------------------------------------------


def test_the_catalogue_is_well_formed() -> None:
    cat = citations.catalogue()
    names = [c.name for c in cat.values()]
    assert len(names) == len(set(names))
    for c in cat.values():
        assert citations.ID_SHAPE.match(c.id), c.id
    # one id per section: two spellings of one section would print two citations for one text
    sections = [(c.document, c.version, c.section) for c in cat.values() if c.section]
    assert len(sections) == len(set(sections))
    assert citations.IRG3_TIMELINE == "IRG 3.2 §Timeline"
    with pytest.raises(AttributeError):
        citations.NO_SUCH_SECTION  # noqa: B018


def test_every_rule_cites_catalogue_ids() -> None:
    from incident_kit.lint.rule import all_rules

    for r in all_rules().values():
        assert all(citations.known(c) for c in r.citations), r.code


def test_a_rule_citing_an_unknown_id_fails_at_registration() -> None:
    from incident_kit.lint.rule import ERROR, _REGISTRY, rule

    def check(doc, ctx):  # pragma: no cover - never runs
        """A rule that cites a section the catalogue does not have."""
        return iter(())

    with pytest.raises(citations.UnknownCitation, match=r"rule IK099: citation 'IRG 3.2 §Report field defs'"):
        rule(code="IK099", name="cites-a-drifted-id", severity=ERROR, summary="x",
             citations=("IRG 3.2 §Report field defs",))(check)
    assert "IK099" not in _REGISTRY
    # the same rule with a catalogue id registers (and is taken out again)
    rule(code="IK099", name="cites-a-drifted-id", severity=ERROR, summary="x", citations=(citations.IRG3_FIELDS,))(check)
    assert _REGISTRY.pop("IK099").citations == ("IRG 3.2 §Report field definitions and expectations",)
    # the short spelling that once named the same section is gone: citing it fails like any drift
    with pytest.raises(citations.UnknownCitation):
        rule(code="IK099", name="cites-a-drifted-id", severity=ERROR, summary="x",
             citations=("IRG 3.2 §Report field definitions",))(check)
    assert "IK099" not in _REGISTRY


# --- severity -------------------------------------------------------------------------------------


def test_rfc2119_words_map_to_severities() -> None:
    assert severity.for_word("MUST") is severity.ERROR
    assert severity.for_word("must  not") is severity.ERROR
    assert severity.for_word("SHOULD NOT") is severity.WARNING
    assert severity.for_word("MAY") is severity.NOTICE
    assert severity.for_word("WILL") is None
    assert [severity.Severity(n).word for n in severity.NAMES] == ["MUST", "SHOULD", "MAY"]
    assert severity.parse(" Warning ") is severity.WARNING and severity.parse("fatal") is None


def test_lint_and_config_use_the_one_severity() -> None:
    from incident_kit import config
    from incident_kit.lint import rule

    assert rule.Severity is severity.Severity
    assert config.parse_severity("notice") is severity.NOTICE
    with pytest.raises(config.UsageError, match="not one of error, warning, notice"):
        config.parse_severity("fatal")


# --- clocks ---------------------------------------------------------------------------------------


def test_the_policy_clause_names_the_same_reporting_clocks() -> None:
    from incident_kit.policy import load_policy

    clause = load_policy().clauses[citations.IRG3_EXPECTED]
    by_id = {d.id: d for d in clause.deadlines}
    for clock in (clocks.INITIAL_REPORT, clocks.FULL_REPORT):
        d = by_id[clock.id]
        assert (d.hours, d.days) == (clock.hours, clock.days), clock.id
        assert clock.cite == clause.id


def test_ik702_takes_the_clock_from_irg(monkeypatch: pytest.MonkeyPatch) -> None:
    """Change the 72 hours in irg/clocks.py and the IK702 clock follows."""
    from dataclasses import replace

    from datetime import datetime, timezone

    from incident_kit.deadlines import clocks as lint_clocks
    from incident_kit.document import Document, TimelineEntry, TimeValue

    def entry(text: str, day: int, tags: list[str]) -> TimelineEntry:
        when = TimeValue(f"2026-05-{day:02d} 10:00 UTC", datetime(2026, 5, day, 10, tzinfo=timezone.utc), has_time=True,
                         has_zone=True, precision="minute")
        return TimelineEntry(raw=text, when=when, text=text, line=day, tags=tags)

    doc = Document(path="r.md", text="", kind="full")
    doc.timeline = [entry("We became aware of the problem.", 1, ["aware"]), entry("Preliminary report posted.", 5, ["report_posted"])]
    first = lint_clocks.initial_report_clock(doc, None)
    assert first is not None and first.hours == 72 and first.overrun is not None
    monkeypatch.setattr(clocks, "INITIAL_REPORT", replace(clocks.INITIAL_REPORT, hours=120))
    longer = lint_clocks.initial_report_clock(doc, None)
    assert longer is not None and longer.hours == 120 and longer.overrun is None


def test_the_deadlines_table_takes_the_clock_from_irg(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from conftest import REPO
    from incident_kit.deadlines.clock import today
    from incident_kit.deadlines.table import lifecycle_deadlines
    from incident_kit.sources.yaml import load
    from incident_kit.sources.yaml.to_document import document_from

    path = next(p for p in sorted((REPO / "examples").glob("*-full.yaml")))
    loaded = load(str(path))
    now = today(None, loaded.model, str(path))

    def due(name: str) -> str:
        rows = {r.id: r for r in lifecycle_deadlines(loaded, document_from(loaded), now).rows}
        return rows[name].as_json()["due"]

    before = due("full-report-14d")
    monkeypatch.setattr(clocks, "FULL_REPORT", replace(clocks.FULL_REPORT, days=15))
    after = due("full-report-14d")
    assert before != after and before[:10] < after[:10]


@pytest.mark.parametrize("kind", kinds.IRG3)
def test_the_renderer_writes_the_labels_and_titles_the_vocabulary_holds(kind: str) -> None:
    """The jinja templates spell their labels; they must spell them as irg/templates.py does, so
    that what incident-kit writes, it reads back."""
    from conftest import REPO
    from incident_kit.sources.yaml import load_draft
    from incident_kit.drafting.render import render

    path = next(p for p in sorted((REPO / "examples").glob("*.yaml")) if load_draft(p).kind == kind)
    text = render(load_draft(path))
    assert f"## {templates.TITLES[kind]}" in text
    for section, keys in templates.TEMPLATE_FIELDS[kind]:
        if section != templates.SEC_CLOSURE:
            assert f"### {templates.SECTION_TITLES[section]}\n" in text
        for key in keys:
            label = templates.FIELD_LABELS[key]
            assert f"**{label}:**" in text or f"**{label}**" in text, label
    for section in templates.TEMPLATE_SECTIONS[kind]:
        assert templates.SECTION_TITLES[section] in text
