"""YAML drafts: safe loading, source positions, validation messages, and the draft's Document."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from incident_kit.document import (
    F_CCADB_ID,
    F_CLOSURE_COMMITMENTS,
    F_ISSUANCE_STOPPED,
    F_NC_START,
    F_SOURCE,
    F_TOTAL_CERTS,
)
from incident_kit.sources.yaml.loader import format_path, load_yaml, parse_path
from incident_kit.sources.yaml import load_draft, read_draft
from incident_kit.errors import DraftError, InputError
from incident_kit.model import (
    ActionKind,
    ActionStatus,
    ClosureReport,
    FullReport,
    Irg2AuditReport,
    Irg2Report,
    IsRevoked,
    LegacyReport,
    PreliminaryReport,
    Source,
    TimelineTag,
)

FIXTURES = Path(__file__).parent / "fixtures" / "drafts"
FULL = (FIXTURES / "full.yaml").read_text(encoding="utf-8")


def problems(text: str, path: str = "d.yaml") -> list[str]:
    """The DraftError lines for a draft text (fails the test if it loads)."""
    with pytest.raises(DraftError) as exc:
        load_draft(text, path=path)
    return exc.value.problems


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str, top: bool = False) -> int:
    """1-based line of the only line containing ``needle`` (``top``: the line starting with it)."""
    lines = text.splitlines()
    hits = [i for i, line in enumerate(lines, 1) if (line.startswith(needle) if top else needle in line)]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


# --------------------------------------------------------------------------------------------
# YAML values: 1.2 core resolution, dates stay text.
# --------------------------------------------------------------------------------------------


def test_plain_scalars_follow_yaml_1_2_and_dates_stay_text():
    data, _ = load_yaml(
        "a: NO\nb: yes\nc: on\nd: true\ne: False\nf: ~\ng: null\nh:\ni: 42\nj: 0x1F\nk: 0o17\n"
        "l: 2018-06-29\nm: 2018-06-29 10:27:17\nn: 3.2\no: 3.10\np: '7'\nq: \"true\"\n",
        "t.yaml",
    )
    assert data == {
        "a": "NO",
        "b": "yes",
        "c": "on",
        "d": True,
        "e": False,
        "f": None,
        "g": None,
        "h": None,
        "i": 42,
        "j": 31,
        "k": 15,
        "l": "2018-06-29",
        "m": "2018-06-29 10:27:17",
        "n": "3.2",
        "o": "3.10",
        "p": "7",
        "q": "true",
    }
    assert isinstance(data["d"], bool)


def test_standard_explicit_tags_are_accepted():
    data, _ = load_yaml("a: !!str 12\nb: !!int '7'\nc: !!bool 'true'\nd: !!null ''\ne: !!map {x: 1}\nf: !!seq [1]\n")
    assert data == {"a": "12", "b": 7, "c": True, "d": None, "e": {"x": 1}, "f": [1]}


def test_source_map_gives_key_and_value_positions():
    _, smap = load_yaml(FULL, "full.yaml")
    assert smap.key(("summary", "ccadb_id")) == (line_of(FULL, "ccadb_id:"), 3)
    assert smap.value(("summary", "ccadb_id")) == (line_of(FULL, "ccadb_id:"), 13)
    third = line_of(FULL, "2025-03-03T14:05+02:00")
    assert smap.value(("timeline", 2)) == (third, 5)  # the item starts after "- "
    assert smap.value(("timeline", 2, "at")) == (third, 9)
    assert smap.key(("timeline", 2, "at")) == (third, 5)


def test_empty_value_is_located_on_its_key_line():
    _, smap = load_yaml("a:\n  b:\n  c: 1\n")
    assert smap.value(("a", "b"))[0] == 2


def test_paths_are_shown_with_list_positions_counted_from_one():
    assert format_path(("timeline", 2, "at")) == "timeline[3].at"
    assert parse_path("timeline[3].at") == ("timeline", 2, "at")
    assert format_path(()) == "report"


# --------------------------------------------------------------------------------------------
# Refused YAML.
# --------------------------------------------------------------------------------------------


def test_duplicate_keys_name_both_lines():
    with pytest.raises(DraftError) as exc:
        load_yaml("kind: full\nsummary:\n  source: Audit\n  ccadb_id: A000001\n  source: Self Reported\n", "d.yaml")
    assert exc.value.problems == [
        "d.yaml:5:3: summary.source: duplicate key; 'source' is already defined at line 3 (keep one of them)"
    ]


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"kind: full\nx: !!python/object/apply:os.system ['touch {marker}']\n"
    assert problems(text) == [
        "d.yaml:2:4: x: the YAML tag !!python/object/apply:os.system is not allowed in drafts; "
        "remove it (plain values only)"
    ]
    assert not marker.exists()


@pytest.mark.parametrize(
    "value, shown",
    [
        ("!!timestamp 2018-06-29", "!!timestamp"),
        ("!!float 1.5", "!!float"),
        ("!!binary aGk=", "!!binary"),
        ("!!set {a: null}", "!!set"),
        ("!custom x", "!custom"),
        ("!!seq {a: 1}", "!!seq"),
    ],
)
def test_other_tags_are_refused(value, shown):
    with pytest.raises(DraftError) as exc:
        load_yaml(f"a: {value}\n", "d.yaml")
    assert exc.value.problems == [f"d.yaml:1:4: a: the YAML tag {shown} is not allowed in drafts; remove it (plain values only)"]


def test_anchors_and_aliases_are_refused():
    with pytest.raises(DraftError) as exc:
        load_yaml("a: &x [1, 2]\nb: *x\n", "d.yaml")
    assert exc.value.problems == [
        "d.yaml:1:4: a: anchor &x is not supported in drafts; write the value out",
        "d.yaml:2:4: b: alias *x is not supported in drafts; write the value out",
    ]


def test_tab_indentation_is_a_clear_input_error():
    with pytest.raises(InputError) as exc:
        load_draft("kind: full\nbug:\n\tca_owner: X\n", path="d.yaml")
    assert str(exc.value) == "d.yaml:3:1: YAML syntax error: a tab character is used for indentation; indent with spaces"


def test_tab_inside_a_value_needs_quotes():
    with pytest.raises(InputError) as exc:
        load_yaml("a: one\ttwo\n", "d.yaml")
    assert str(exc.value) == "d.yaml:1:7: YAML syntax error: a tab character in an unquoted value; use spaces, or put the value in quotes"
    data, _ = load_yaml('a: "one\ttwo"\n')
    assert data == {"a": "one\ttwo"}


def test_syntax_error_gives_yaml_line_and_column():
    with pytest.raises(InputError) as exc:
        load_draft("kind: full\nsummary: [one, two\nimpact: x\n", path="d.yaml")
    assert str(exc.value).startswith("d.yaml:3:7: YAML syntax error: ")
    assert "line 2" in str(exc.value)


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + FULL.encode("utf-8"))
    assert isinstance(load_draft(path), FullReport)
    _, smap = load_yaml("\ufeffa: 1\n")
    assert smap.key(("a",)) == (1, 1)


def test_non_utf8_bytes_are_located(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("kind: full\nbug:\n  ca_owner: Caf\xe9 CA\n".encode("latin-1"))
    with pytest.raises(InputError) as exc:
        load_draft(path)
    assert str(exc.value) == f"{path}:3:16: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "d.yaml: the draft is empty; it should start with a line such as 'kind: full'"),
        ("# only a comment\n", "d.yaml: the draft is empty; it should start with a line such as 'kind: full'"),
        ("- kind: full\n", "d.yaml:1:1: the draft must be a mapping of fields ('kind: full', 'bug: ...'), not a list"),
        ("just text\n", "d.yaml:1:1: the draft must be a mapping of fields ('kind: full', 'bug: ...'), not the text 'just text'"),
        ("kind: full\n---\nkind: closure\n", "d.yaml:2:1: the file holds more than one YAML document (a second '---'); a draft is one document"),
    ],
)
def test_unusable_documents(text, message):
    with pytest.raises(InputError) as exc:
        load_draft(text, path="d.yaml")
    assert str(exc.value) == message


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(InputError, match=r"nothere\.yaml: no such file$"):
        load_draft(tmp_path / "nothere.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_draft(tmp_path)


def test_deep_nesting_is_refused_not_a_crash():
    with pytest.raises(InputError, match="nested more than"):
        load_yaml("a: " + "[" * 500 + "]" * 500 + "\n", "d.yaml")


# --------------------------------------------------------------------------------------------
# Drafts of every kind.
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, cls",
    [
        ("full", FullReport),
        ("preliminary", PreliminaryReport),
        ("closure", ClosureReport),
        ("irg2", Irg2Report),
        ("irg2-audit", Irg2AuditReport),
        ("legacy", LegacyReport),
    ],
)
def test_fixture_drafts_load_as_their_kind(name, cls):
    model = load_draft(FIXTURES / f"{name}.yaml")
    assert type(model) is cls
    assert model.kind == name


def test_load_draft_takes_text_with_a_path_for_messages():
    model = load_draft(FULL, path="in-memory.yaml")
    assert model.summary.ccadb_id == "A001234"
    assert model.timeline[2].at.astimezone(timezone.utc) == datetime(2025, 3, 3, 12, 5, tzinfo=timezone.utc)


def test_yaml_traps_reach_the_model_as_text():
    text = replace_once(FULL, "  issuance_stopped: Yes, OV", "  issuance_stopped: NO\n  x_old: Yes, OV")
    text = replace_once(text, "  x_old: Yes, OV issuance paused from 12:10 to 16:05 UTC on 2025-03-03 while the template was fixed.\n", "")
    text = replace_once(text, "    start: 2025-02-20 08:15 UTC", "    start: 2025-02-20")
    model = load_draft(text, path="d.yaml")
    assert model.impact.issuance_stopped == "NO"
    assert model.summary.timeline_summary.start == "2025-02-20"


# --------------------------------------------------------------------------------------------
# Validation messages: file:line:col: path: message.
# --------------------------------------------------------------------------------------------


def test_missing_kind_and_unknown_kind():
    assert problems("# draft\nbug: {}\n") == [
        "d.yaml:2:1: kind: is missing; expected one of: preliminary, full, closure, irg2, irg2-audit, legacy"
    ]
    assert problems("kind: fulll\n") == [
        "d.yaml:1:7: kind: 'fulll' is not an allowed value; expected one of: preliminary, full, closure, irg2, "
        "irg2-audit, legacy"
    ]


def test_missing_field_points_at_its_parent_mapping():
    text = replace_once(FULL, "    end: 2025-03-03 16:05 UTC\n", "")
    line = line_of(text, "timeline_summary:")
    assert problems(text) == [f"d.yaml:{line}:3: summary.timeline_summary.end: is missing; write N/A if it does not apply"]


def test_missing_non_text_field_says_what_is_expected():
    text = replace_once(FULL, "  ccadb_id: A001234\n", "")
    line = line_of(text, "summary:", top=True)
    assert problems(text) == [
        f'd.yaml:{line}:1: summary.ccadb_id: is missing; expected: CA Owner CCADB unique ID: "A" followed by six '
        "digits, e.g. A000123"
    ]


def test_unknown_field_suggests_the_close_name():
    text = replace_once(FULL, "  source: Self Reported", "  sorce: Self Reported")
    line = line_of(text, "sorce:")
    assert problems(text) == [
        f"d.yaml:{line_of(text, 'summary:', top=True)}:1: summary.source: is missing; expected: Self Reported, Third Party "
        "Reported or Audit",
        f"d.yaml:{line}:3: summary.sorce: is not a field of summary (did you mean source?)",
    ]
    top = replace_once(FULL, "timeline:\n", "timline:\n")
    assert f"d.yaml:{line_of(top, 'timline:', top=True)}:1: timline: is not a field of a full report (did you mean timeline?)" in problems(top)


def test_unknown_field_without_a_close_name_lists_the_fields():
    text = replace_once(FULL, "  analysis: N/A\n", "  analysis: N/A\n  colour: blue\n")
    assert problems(text) == [
        f"d.yaml:{line_of(text, 'colour:')}:3: impact.colour: is not a field of impact (expected one of: "
        "total_certificates, remaining_valid, total_certificates_note, remaining_valid_note, certificate_types, "
        "heuristic, issuance_stopped, analysis, "
        "additional_considerations)"
    ]


def test_wrong_values_point_at_the_value():
    text = replace_once(FULL, "  ccadb_id: A001234", "  ccadb_id: B12")
    text = replace_once(text, "  total_certificates: 12", "  total_certificates: twelve")
    text = replace_once(text, "    due_date: 2025-04-01", "    due_date: ASAP")
    text = replace_once(text, "  - at: 2025-02-20 08:15 UTC", "  - at: 2025-02-20 08:15")
    text = replace_once(text, "related_incidents:\n  - bug_id: 1800002\n    opened: 2024-06-01\n    description: Another CA's country-code encoding incident.\n", "related_incidents: none\n")
    assert problems(text) == [
        f"d.yaml:{line_of(text, 'ccadb_id')}:13: summary.ccadb_id: 'B12' is not valid; expected: CA Owner CCADB "
        'unique ID: "A" followed by six digits, e.g. A000123',
        f"d.yaml:{line_of(text, 'total_certificates')}:23: impact.total_certificates: expected a whole number or "
        "N/A, found the text 'twelve'",
        f"d.yaml:{line_of(text, '- at: 2025-02-20 08:15')}:9: timeline[1].at: '2025-02-20 08:15' has no zone; times MUST "
        "be in UTC or carry an offset: write a date and time with a zone, e.g. 2024-05-01 14:30 UTC or "
        "2024-05-01T16:30+02:00",
        f"d.yaml:{line_of(text, 'related_incidents', top=True)}:20: related_incidents: expected a list (one '- ' line per "
        "item) or N/A, found the text 'none'",
        f"d.yaml:{line_of(text, 'ASAP')}:15: action_items[1].due_date: 'ASAP' is not a date; write YYYY-MM-DD (a "
        "real date, not ASAP, TBD or a quarter)",
    ]


def test_empty_text_and_empty_lists():
    text = replace_once(FULL, "  analysis: N/A", "  analysis:")
    text = replace_once(text, "  certificate_types: OV", '  certificate_types: "  "')
    assert problems(text) == [
        f"d.yaml:{line_of(text, 'certificate_types')}:22: impact.certificate_types: is empty; write the answer, "
        "or N/A if the field does not apply",
        f"d.yaml:{line_of(text, 'analysis:')}:12: impact.analysis: is empty; write the answer, or N/A if the field "
        "does not apply",
    ]
    start = FULL.index("root_causes:\n  - id: 1")
    end = FULL.index("lessons_learned:")
    no_factors = FULL[:start] + "root_causes: []\n" + FULL[end:]
    assert f"d.yaml:{line_of(no_factors, 'root_causes: []', top=True)}:14: root_causes: is empty; at least one entry is required" in problems(no_factors)


def test_a_number_where_text_is_expected_says_to_quote_it():
    text = replace_once(FULL, "      serial: 0A1B2C", "      serial: 1234")
    assert problems(text) == [
        f"d.yaml:{line_of(text, 'serial:')}:15: appendix.certificates[1].serial: expected text, but YAML reads a "
        "number here; put the value in quotes"
    ]
    assert load_draft(replace_once(FULL, "      serial: 0A1B2C", '      serial: "1234"'), path="d.yaml")


def test_wrong_case_enum_suggests_the_irg_spelling():
    text = replace_once(FULL, "  source: Self Reported", "  source: self-reported")
    assert problems(text) == [
        f"d.yaml:{line_of(text, 'source:')}:11: summary.source: 'self-reported' is not an allowed value; expected "
        "one of: Self Reported, Third Party Reported, Audit"
    ]
    text = replace_once(FULL, "  source: Self Reported", "  source: self reported")
    assert problems(text) == [
        f"d.yaml:{line_of(text, 'source:')}:11: summary.source: 'self reported' is not spelled as the IRG spells it; "
        "write 'Self Reported' (allowed: Self Reported, Third Party Reported, Audit)"
    ]


def test_nested_union_list_errors_point_inside_the_list():
    text = replace_once(FULL, "    - text: Nightly linting found the problem within two weeks.", "    - txt: Nightly linting found it.")
    line = line_of(text, "txt:")
    assert problems(text) == [
        f"d.yaml:{line}:7: lessons_learned.went_well[1].text: is missing; write N/A if it does not apply",
        f"d.yaml:{line}:7: lessons_learned.went_well[1].txt: is not a field of lessons_learned.went_well[1] (did you "
        "mean text?)",
    ]


def test_cross_reference_errors_are_reported_at_the_report():
    text = replace_once(FULL, "    root_causes: [1]", "    root_causes: [2]")
    assert problems(text) == [
        "d.yaml:2:1: report: action item 1 refers to root cause(s) [2] that are not contributing factors ([1])"
    ]


def test_bug_metadata_errors_point_at_the_bug_block():
    text = replace_once(FULL, '  title: "Sample Trust Services: OV', '  title: "Other CA: OV')
    assert problems(text) == [
        f"d.yaml:{line_of(text, 'bug:', top=True)}:1: bug: the title must begin with the CA Owner name 'Sample Trust "
        "Services', followed by a colon (found 'Other CA')"
    ]


def test_every_problem_is_one_line_and_all_are_reported():
    bad = (FIXTURES.parent / "drafts" / "invalid-full.yaml").read_text(encoding="utf-8")
    found = problems(bad, "invalid-full.yaml")
    assert len(found) >= 8
    assert all("\n" not in p and p.startswith("invalid-full.yaml:") for p in found)


# --------------------------------------------------------------------------------------------
# Every enum value is accepted; a wrong one lists the allowed values.
# --------------------------------------------------------------------------------------------

ENUM_SLOTS = [
    (Source, "  source: Self Reported", "  source: {}", "summary.source"),
    (ActionKind, "    kind: Prevent", "    kind: {}", "action_items[1].kind"),
    (ActionStatus, "    status: Ongoing", "    status: {}", "action_items[1].status"),
    (IsRevoked, '      is_revoked: "Yes"', '      is_revoked: "{}"', "appendix.certificates[1].is_revoked"),
    (TimelineTag, "    tags: [aware]", "    tags: [{}]", "timeline[2].tags[1]"),
]


@pytest.mark.parametrize(
    "enum, old, new, value",
    [(e, old, new, member.value) for e, old, new, _ in ENUM_SLOTS for member in e],
)
def test_every_enum_value_is_accepted(enum, old, new, value):
    model = load_draft(replace_once(FULL, old, new.format(value)), path="d.yaml")
    assert model is not None


@pytest.mark.parametrize("enum, old, new, path", ENUM_SLOTS)
def test_a_wrong_enum_value_lists_the_allowed_ones(enum, old, new, path):
    text = replace_once(FULL, old, new.format("Sometimes"))
    found = problems(text)
    allowed = ", ".join(m.value for m in enum)
    assert len(found) == 1
    assert found[0].endswith(f": {path}: 'Sometimes' is not an allowed value; expected one of: {allowed}")
    assert found[0].startswith(f"d.yaml:{line_of(text, 'Sometimes')}:")


def test_preliminary_source_also_allows_na():
    text = (FIXTURES / "preliminary.yaml").read_text(encoding="utf-8")
    assert load_draft(replace_once(text, "  source: Third Party Reported", "  source: N/A"), path="p.yaml")
    bad = replace_once(text, "  source: Third Party Reported", "  source: Reporter")
    assert problems(bad, "p.yaml") == [
        f"p.yaml:{line_of(bad, 'Reporter')}:11: summary.source: 'Reporter' is not an allowed value; expected one "
        "of: Self Reported, Third Party Reported, Audit, N/A"
    ]


# --------------------------------------------------------------------------------------------
# Draft -> Document.
# --------------------------------------------------------------------------------------------


def test_document_of_a_full_draft():
    doc = read_draft(FIXTURES / "full.yaml")
    assert (doc.kind, doc.irg_version, doc.origin) == ("full", "3.2", "yaml")
    assert isinstance(doc.draft, FullReport)
    assert doc.bug.ca_owner == "Sample Trust Services"
    assert doc.bug.bug_id == 1900001
    assert doc.bug.whiteboard == ["ca-compliance", "ov-misissuance"]
    assert [s.key for s in doc.sections] == [
        "summary",
        "impact",
        "timeline",
        "related_incidents",
        "root_cause_analysis",
        "lessons_learned",
        "action_items",
        "appendix",
    ]
    impact = doc.section("impact")
    assert impact.line == line_of(FULL, "impact:", top=True)
    assert impact.end_line == line_of(FULL, "additional_considerations:")
    assert "OV issuance paused" in impact.text
    assert doc.fields[F_CCADB_ID].raw == "A001234"
    assert doc.fields[F_CCADB_ID].line == line_of(FULL, "ccadb_id:")
    assert doc.fields[F_SOURCE].raw == "Self Reported"
    assert doc.fields[F_TOTAL_CERTS].raw == "12"
    assert doc.fields[F_NC_START].raw == "2025-02-20 08:15 UTC"
    assert doc.fields[F_ISSUANCE_STOPPED].raw.startswith("Yes, OV issuance paused")


def test_document_timeline_is_utc_with_precision_and_tags():
    doc = read_draft(FIXTURES / "full.yaml")
    first, second, third = doc.timeline[:3]
    assert first.when.raw == "2025-02-20 08:15 UTC"
    assert (first.when.has_time, first.when.has_zone, first.when.precision) == (True, True, "minute")
    assert first.tags == ["change", "start"]
    assert first.line == line_of(FULL, "- at: 2025-02-20 08:15 UTC")
    assert second.when.precision == "second"
    assert third.when.raw == "2025-03-03 12:05 UTC"  # +02:00 converted
    assert third.raw == "2025-03-03 12:05 UTC – OV issuance paused."
    assert third.text == "OV issuance paused."


def test_document_timeline_does_not_depend_on_the_machine_zone(monkeypatch):
    before = [e.raw for e in read_draft(FIXTURES / "full.yaml").timeline]
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        after = [e.raw for e in read_draft(FIXTURES / "full.yaml").timeline]
    finally:
        monkeypatch.undo()
        time.tzset()
    assert before == after


def test_document_factors_lessons_actions_related_appendix():
    doc = read_draft(FIXTURES / "full.yaml")
    (factor,) = doc.factors
    assert factor.number == 1 and factor.title.startswith("Template change")
    assert factor.fields["methodology"].raw == "5-Whys"
    assert factor.fields["detection"].line == line_of(FULL, "detection:")
    lessons = {(e.category, e.text): e.action_items for e in doc.lessons}
    assert lessons[("didnt_go_well", "Template releases skipped the linter.")] == [1]
    assert lessons[("got_lucky", "N/A")] == []
    (row,) = doc.action_items
    assert row.kind.raw == "Prevent" and row.status.raw == "Ongoing"
    assert row.root_causes.raw == "Root Cause # 1" and row.root_cause_ids == [1]
    assert row.due == date(2025, 4, 1) and row.due_date.raw == "2025-04-01"
    assert row.due_date.line == line_of(FULL, "due_date:")
    assert [c.raw for c in doc.action_header] == [
        "Action Item",
        "Kind",
        "Corresponding Root Cause(s)",
        "Evaluation Criteria",
        "Due Date",
        "Status",
    ]
    (rel,) = doc.related
    assert rel.bug_id == 1800002
    assert rel.bug.raw == "[1800002](https://bugzilla.mozilla.org/show_bug.cgi?id=1800002)"
    assert rel.date.raw == "2024-06-01"
    header = [c.raw for c in doc.appendix_header]
    assert header[:2] == ["Precertificate SHA-256 hash", "Certificate SHA-256 hash"] and len(header) == 11
    (cert,) = doc.appendix_rows
    cells = dict(zip(header, (c.raw for c in cert.cells)))
    assert cells["Is revoked?"] == "Yes"
    assert cells["Not before"] == "2025-02-21T10:00:00Z"
    assert cells["dNSNames"] == "shop.example www.shop.example"


def test_document_of_a_closure_draft_has_its_fields_and_closing_sentence():
    doc = read_draft(FIXTURES / "closure.yaml")
    assert doc.kind == "closure" and doc.irg_version == "3.1"
    assert [s.key for s in doc.sections] == ["closure_summary", "action_items"]
    assert doc.fields[F_CLOSURE_COMMITMENTS].raw == "N/A"
    assert doc.closing_sentence.raw.startswith("All Action Items disclosed in this report have been completed")
    assert doc.action_items[0].status.raw == "Complete"


def test_document_of_a_legacy_draft_has_seven_topics_and_remediation_steps():
    doc = read_draft(FIXTURES / "legacy.yaml")
    assert [s.key for s in doc.sections] == [f"topic{i}" for i in range(1, 8)]
    assert len(doc.timeline) == 2
    first, second = doc.legacy_remediation
    assert first.when.date == date(2019, 3, 20) and first.when.precision == "day"
    assert second.when is None  # due N/A


def test_document_of_irg2_drafts():
    doc = read_draft(FIXTURES / "irg2.yaml")
    assert doc.section("root_cause_analysis") is not None
    assert [c.raw for c in doc.action_header] == ["Action Item", "Kind", "Due Date"]
    assert doc.action_items[0].status is None
    audit = read_draft(FIXTURES / "irg2-audit.yaml")
    assert [s.key for s in audit.sections] == ["finding1", "finding2"]
    assert [a.kind.raw for a in audit.action_items] == ["Prevent", "Detect"]


def test_read_draft_raises_the_same_errors_as_load_draft():
    with pytest.raises(DraftError):
        read_draft("kind: nope\n", path="d.yaml")


@pytest.mark.parametrize("name", ["full", "preliminary", "legacy", "irg2-audit"])
def test_document_raw_values_are_what_the_rendered_report_shows(name):
    render = pytest.importorskip("incident_kit.drafting.render")
    doc = read_draft(FIXTURES / f"{name}.yaml")
    shown = render.unescape_inline(render.render(doc.draft))
    raws = [v.raw for v in doc.fields.values() if v.raw]
    raws += [e.raw for e in doc.timeline] + [e.text for e in doc.lessons]
    raws += [c.raw for row in doc.action_items for c in (row.description, row.kind, row.due_date) if c]
    raws += [c.raw for row in doc.appendix_rows for c in row.cells] + [r.bug.raw for r in doc.related]
    assert raws
    assert [r for r in raws if r not in shown] == []
