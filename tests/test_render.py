"""Rendering drafts to Bugzilla Markdown (incident_kit.drafting.render).

Golden files: ``tests/golden/render/<kind>.json`` is a draft, ``tests/golden/render/<kind>.md`` the Markdown it
must render to, byte for byte. After a deliberate change of the output, regenerate them with

    INCIDENT_KIT_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py

and review the diff before committing.
"""

from __future__ import annotations

import copy
import html as _html
import re
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from incident_kit.model import APPENDIX_COLUMNS, CLOSURE_SENTENCE, REPORT_MODELS
from incident_kit.drafting.render import RenderError, md_cell, md_inline, normalize_text, render, unescape_inline

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
KINDS = tuple(REPORT_MODELS)


def _draft(kind: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{kind}.json").read_text(encoding="utf-8"))


def _render(data: dict[str, Any]) -> str:
    return render(REPORT_MODELS[data["kind"]].model_validate(data))


def _md() -> MarkdownIt:
    """A CommonMark parser with the GFM extensions Bugzilla enables (tables, strikethrough)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


# --------------------------------------------------------------------------------------------
# Golden files.
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_golden(kind: str) -> None:
    out = _render(_draft(kind))
    expected_path = GOLDEN / f"{kind}.md"
    if os.environ.get("INCIDENT_KIT_UPDATE_GOLDEN"):
        expected_path.write_bytes(out.encode("utf-8"))
    expected = expected_path.read_bytes().decode("utf-8")
    assert out == expected, f"{kind}: rendering differs from {expected_path.name}; see the module docstring to regenerate"


# --------------------------------------------------------------------------------------------
# The IRG 3.2 template, heading by heading and label by label.
# --------------------------------------------------------------------------------------------

PRELIMINARY_LINES = [
    "## Preliminary Incident Report",
    "### Summary",
    "- **Incident description:**",
    "- **Relevant policies:**",
    "- **Source of incident disclosure:**",
]

FULL_LINES = [
    "## Full Incident Report",
    "### Summary",
    "- **CA Owner CCADB unique ID:**",
    "- **Incident description:**",
    "- **Timeline summary:**",
    "   - **Non-compliance start date:**",
    "   - **Non-compliance identified date:**",
    "   - **Non-compliance end date:**",
    "- **Relevant policies:**",
    "- **Source of incident disclosure:**",
    "### Impact",
    "- **Total number of certificates:**",
    '- **Total number of "remaining valid" certificates:**',
    "- **Affected certificate types:**",
    "- **Incident heuristic:**",
    "- **Was issuance stopped in response to this incident, and why or why not?:**",
    "- **Analysis:**",
    "- **Additional considerations:**",
    "### Timeline",
    "### Related Incidents",
    "| Bug | Date | Description |",
    "### Root Cause Analysis",
    "**Contributing Factor 1: ",
    "- **Description:**",
    "- **Timeline:**",
    "- **Detection:**",
    "- **Interaction with other factors:**",
    "- **Root Cause Analysis methodology used:**",
    "### Lessons Learned",
    "- **What went well:**",
    "- **What didn\u2019t go well:**",
    "- **Where we got lucky:**",
    "- **Additional:**",
    "### Action Items",
    "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |",
    "### Appendix",
]

CLOSURE_LINES = [
    "### Report Closure Summary",
    "- **Incident description:**",
    "- **Incident Root Cause(s):**",
    "- **Remediation description:**",
    "- **Commitment summary:**",
    CLOSURE_SENTENCE,
]


def _assert_lines_in_order(text: str, expected: list[str]) -> None:
    lines = text.split("\n")
    pos = 0
    for want in expected:
        for i in range(pos, len(lines)):
            if lines[i].startswith(want):
                pos = i + 1
                break
        else:
            raise AssertionError(f"{want!r} missing or out of order after line {pos}")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("preliminary", PRELIMINARY_LINES), ("full", FULL_LINES), ("closure", CLOSURE_LINES)],
)
def test_irg3_template_headings_and_labels_in_order(kind: str, expected: list[str]) -> None:
    out = _render(_draft(kind))
    _assert_lines_in_order(out, expected)
    assert out.split("\n", 1)[0] == expected[0]


def test_preliminary_has_no_blank_line_after_summary_heading() -> None:
    out = _render(_draft("preliminary"))
    assert "### Summary\n- **Incident description:** " in out


def test_closure_ends_with_the_fixed_sentence() -> None:
    out = _render(_draft("closure"))
    assert out.endswith("\n\n" + CLOSURE_SENTENCE + "\n")
    assert out.startswith("### Report Closure Summary\n\n")


def test_contributing_factor_blocks_and_action_item_refs() -> None:
    out = _render(_draft("full"))
    assert "**Contributing Factor 2: No external check that published CRLs can be downloaded**\n- **Description:**" in out
    assert "| Root Cause # 1, Root Cause # 2 |" in out
    assert "   - We learned of the outage from a third party, not from our own monitoring. (Action Items 2, 3)\n" in out
    assert "   - A deployment default turned a missing volume into silent 404 responses. (Action Item 1)\n" in out
    assert "| [1900129](https://bugzilla.mozilla.org/show_bug.cgi?id=1900129) | 2024-05-27 | " in out


def test_irg2_and_audit_follow_the_2_0_templates() -> None:
    irg2 = _render(_draft("irg2"))
    _assert_lines_in_order(
        irg2,
        [
            "## Incident Report",
            "### Summary",
            "### Impact",
            "### Timeline",
            "All times are UTC.",
            "### Root Cause Analysis",
            "### Lessons Learned",
            "#### What went well",
            "#### What didn't go well",
            "#### Where we got lucky",
            "### Action Items",
            "| Action Item | Kind | Due Date |",
            "### Appendix",
            "#### Details of affected certificates",
        ],
    )
    audit = _render(_draft("irg2-audit"))
    _assert_lines_in_order(
        audit,
        ["## Audit Incident Report"]
        + ["### Finding #1", "### Root Cause Analysis", "### Action Items", "| Action Item | Kind | Due Date |"]
        + ["### Finding #2", "### Root Cause Analysis", "### Action Items", "| Action Item | Kind | Due Date |"],
    )


def test_legacy_has_seven_numbered_bold_questions() -> None:
    out = _render(_draft("legacy"))
    questions = [line for line in out.split("\n") if line.startswith("**") and line.endswith("**")]
    assert [q[2:4] for q in questions] == [f"{n}." for n in range(1, 8)]
    assert "| Remediation step | Status | Date |" in out


def _irg_words_written() -> set[str]:
    """Every heading, bold question and table header the IRG vocabulary (irg/templates.py) spells."""
    from incident_kit.irg import templates as t

    words = {*t.SECTION_TITLES.values(), *t.TITLES.values(), *t.IRG2_LESSON_HEADINGS.values(),
             t.IRG2_APPENDIX_HEADING, *(t.finding_title(n) for n in range(1, 10))}
    words |= {f"{n}. {topic.question}" for n, topic in enumerate(t.LEGACY, 1)}
    for columns in (t.IRG3_ACTION_COLUMNS, t.IRG2_ACTION_COLUMNS, t.RELATED_COLUMNS, t.LEGACY_REMEDIATION_COLUMNS):
        words.add("| " + " | ".join(columns) + " |")
    return words


@pytest.mark.parametrize("kind", KINDS)
def test_every_title_and_table_header_comes_from_the_irg_vocabulary(kind: str) -> None:
    """The renderer and the reader share one table of titles: a heading, a legacy bold question or a
    table header the renderer writes and irg/templates.py does not know is a drift between them."""
    words = _irg_words_written()
    out = _render(_draft(kind))
    lines = out.split("\n")
    written = [line.lstrip("#").strip() for line in lines if line.startswith("#")]
    written += [line.strip("*") for line in lines
                if re.fullmatch(r"\*\*\d\. .+\*\*", line)]  # the legacy topics
    written += [line for i, line in enumerate(lines)
                if line.startswith("| ") and i + 1 < len(lines) and re.fullmatch(r"\|(?: -+ \|)+", lines[i + 1])]
    assert written, kind
    assert [w for w in written if w not in words] == []


# --------------------------------------------------------------------------------------------
# Timestamps and N/A.
# --------------------------------------------------------------------------------------------


def test_timeline_is_converted_to_utc_with_en_dash() -> None:
    data = _draft("full")
    data["timeline"] = [{"at": "2026-04-03T01:30+09:00", "text": "Something happened."}]
    out = _render(data)
    assert "\n- 2026-04-02 16:30 UTC \u2013 Something happened.\n" in out


def test_irg2_timeline_groups_by_utc_day() -> None:
    data = _draft("irg2")
    data["timeline"] = [
        {"at": "2024-03-06 23:30-02:00", "text": "Late evening west of UTC."},
        {"at": "2024-03-07 02:00 UTC", "text": "Next entry."},
    ]
    out = _render(data)
    assert "All times are UTC.\n\n2024-03-07:\n- 01:30 Late evening west of UTC.\n- 02:00 Next entry.\n" in out


def test_na_and_empty_lists_render_na() -> None:
    data = _draft("full")
    data["related_incidents"] = "N/A"
    for name in ("went_well", "got_lucky"):
        data["lessons_learned"][name] = "N/A"
    data["lessons_learned"]["additional"] = []
    data["appendix"] = {"text": "N/A", "certificates": []}
    out = _render(data)
    assert "### Related Incidents\n\nN/A\n\n### Root Cause Analysis" in out
    assert "- **What went well:** N/A\n" in out
    assert "- **Where we got lucky:** N/A\n" in out
    assert "- **Additional:** N/A\n" in out
    assert out.endswith("### Appendix\n\nN/A\n")


def test_appendix_with_only_certificates_has_no_na_paragraph() -> None:
    data = _draft("full")
    data["appendix"]["text"] = "N/A"
    out = _render(data)
    assert "### Appendix\n\n```csv\n" in out


# --------------------------------------------------------------------------------------------
# The Appendix CSV.
# --------------------------------------------------------------------------------------------


def _csv_block(out: str) -> list[list[str]]:
    body = out.split("```csv\n", 1)[1].split("\n```", 1)[0]
    return list(csv.reader(io.StringIO(body, newline="")))


def test_appendix_csv_columns_order_quoting_and_extras() -> None:
    rows = _csv_block(_render(_draft("full")))
    header = rows[0]
    assert tuple(header[: len(APPENDIX_COLUMNS)]) == APPENDIX_COLUMNS
    assert header[len(APPENDIX_COLUMNS) :] == ["First on CRL", "Note"]
    second = dict(zip(header, rows[2]))
    assert second["Subject"] == 'CN="mail, internal" gateway'
    assert second["Issuer"] == "CN=Northwind TLS ECC CA 2024, O=Northwind Trust, C=NL"
    assert second["Precertificate SHA-256 hash"] == ""
    assert second["Note"] == "reissued, see comment 4"
    first = dict(zip(header, rows[1]))
    assert first["Not after"] == "2026-07-11T08:00:00Z"  # +02:00 converted to UTC
    assert first["dNSNames"] == "shop.example.net www.shop.example.net"
    assert first["Note"] == ""
    assert all(len(r) == len(header) for r in rows)


def test_extra_column_named_like_an_irg_column_is_refused() -> None:
    data = _draft("full")
    data["appendix"]["certificates"][0]["extra"] = {"Subject": "x"}
    with pytest.raises(RenderError, match=r"appendix\.certificates\[1\]\.extra: column 'Subject'"):
        _render(data)


def test_csv_fence_cannot_be_closed_by_a_value() -> None:
    data = _draft("full")
    data["appendix"]["certificates"][0]["subject"] = "CN=x\n```\n# not a heading"
    out = _render(data)
    tokens = _md().parse(out)
    fences = [t for t in tokens if t.type == "fence"]
    assert fences[-1].info == "csv" and "# not a heading" in fences[-1].content
    assert not any(t.type == "heading_open" and t.tag == "h1" for t in tokens)


# --------------------------------------------------------------------------------------------
# Links.
# --------------------------------------------------------------------------------------------


def test_related_incident_url_must_be_http() -> None:
    data = _draft("full")
    data["related_incidents"][1]["url"] = "javascript:alert(1)"
    with pytest.raises(RenderError, match=r"^related_incidents\[2\]\.url: "):
        _render(data)


def test_related_incident_url_cannot_break_the_link_or_table() -> None:
    data = _draft("full")
    data["related_incidents"][0]["url"] = "https://bugzilla.example/x?a=1|b) [c] <d>"
    out = _render(data)
    row = next(line for line in out.split("\n") if line.startswith("| [1900129]"))
    assert row.startswith("| [1900129](https://bugzilla.example/x?a=1%7Cb%29%20%5Bc%5D%20%3Cd%3E) |")
    table = [t for t in _md().parse(out) if t.type == "tr_open"]
    assert len(table) == 1 + 2 + 1 + 3  # related incidents (header + 2) and action items (header + 3)


# --------------------------------------------------------------------------------------------
# Escaping: hostile values must not change the structure.
# --------------------------------------------------------------------------------------------

HOSTILE = [
    "a | b | c",
    "first line\nsecond line",
    "# Heading",
    "## Full Incident Report",
    "---",
    "***",
    "___",
    "> quoted",
    "<script>alert(1)</script>",
    "<b>bold</b> and <!-- comment -->",
    "<!-- an unclosed comment",
    "<div\nclass=x>",
    "<script",
    "<https://autolink.example> <mailto:a@example.org>",
    "**Label:** breakout **",
    "- list item",
    "+ plus item",
    "* star item",
    "1. numbered",
    "7) numbered",
    "`code` and ``` fence",
    "```\ncode block?\n```",
    "~~~\ntilde\n~~~",
    "[x](https://evil.example)",
    "![img](https://evil.example/i.png)",
    "[ref]: https://evil.example",
    "&lt;b&gt; entity &#60; &amp;",
    "back\\slash \\*x\\* trailing\\",
    "_emph_ and snake_case_name and __strong__",
    "~~strike~~ ~one~",
    "line\n===",
    "line\n---",
    "    indented code",
    "| Bug | Date |\n|---|---|\n| 1 | 2 |",
    "text\r\nwith CRLF\rand CR",
    "tab\tand\x00nul\x1bescape",
    "https://example.com/a_b_(c)|d and www.example.org/*x*",
    "trailing spaces   ",
]

_TEXT_FIELDS_FULL = [
    ("summary", "incident_description"),
    ("summary", "relevant_policies"),
    ("impact", "heuristic"),
    ("impact", "analysis"),
]


def _set_hostile(data: dict[str, Any], value: str) -> dict[str, Any]:
    """Put ``value`` into every free-text field a Full report renders in a list, table or block."""
    data = copy.deepcopy(data)
    for section, name in _TEXT_FIELDS_FULL:
        data[section][name] = value
    for k in ("start", "identified", "end"):
        data["summary"]["timeline_summary"][k] = value
    for event in data["timeline"]:
        event["text"] = value
    for incident in data["related_incidents"]:
        incident["description"] = value
    for factor in data["root_causes"]:
        for k in ("title", "description", "timeline", "detection", "interaction", "methodology"):
            factor[k] = value
    for name in ("went_well", "didnt_go_well", "got_lucky"):
        for lesson in data["lessons_learned"][name]:
            lesson["text"] = value
    for item in data["action_items"]:
        item["description"] = value
        item["evaluation_criteria"] = value
    data["appendix"]["text"] = value
    return data


def _shape(markdown: str) -> list[tuple[str, ...]]:
    """The block structure a reader relies on: headings with their text, list items and their
    depth, table rows with their cell count, fences; paragraphs, emphasis and text are left out."""
    shape: list[tuple[str, ...]] = []
    depth = 0
    tokens = _md().parse(markdown)
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        if tok.type == "heading_open":
            shape.append(("h", tok.tag, tokens[i + 1].content))
        elif tok.type in ("list_item_open", "ordered_list_open"):
            shape.append((tok.type, str(depth)))
        elif tok.type == "tr_open":
            cells = 0
            for t in tokens[i + 1 :]:
                if t.type == "tr_close":
                    break
                cells += t.type in ("td_open", "th_open")
            shape.append(("tr", str(cells)))
        elif tok.type in ("hr", "blockquote_open", "html_block", "code_block", "fence"):
            shape.append((tok.type,))
    return shape


def _html_tokens(markdown: str) -> list[str]:
    """Markup that would come from a value, as Bugzilla renders the comment (``<`` shown literally,
    see incident_kit.web.bugzilla): HTML elements other than those of a report's own structure and
    the links Bugzilla adds to addresses and "bug N". For a CommonMark reader (incident-kit's own,
    which works on the source lines), no line may turn into an HTML block."""
    from incident_kit.web.bugzilla import render_comment

    structure = {"h1", "h2", "h3", "h4", "h5", "h6", "ol", "p", "ul", "li", "strong", "table", "thead", "tbody", "tr", "th", "td", "br", "a", "pre", "code"}
    found = [t.content for t in _md().parse(markdown) if t.type == "html_block"]
    html = render_comment(markdown)
    found += sorted(set(re.findall(r"<([a-z][a-z0-9]*)", html)) - structure)
    # code only as the fenced blocks the renderer writes itself, never inline from a value
    found += re.findall(r"<(?!pre)[a-z]+[^>]*><code>", html)
    return found


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_value_keeps_the_full_report_structure(value: str) -> None:
    baseline = _render(_set_hostile(_draft("full"), "plain words"))
    out = _render(_set_hostile(_draft("full"), value))
    shape, expected = _shape(out), _shape(baseline)
    if "```\n" in value or "~~~\n" in value:
        # A fenced block written by the user is kept as a code block of its own: one more fence
        # per paragraph-level field, never a change of headings, lists or tables.
        shape = [s for s in shape if s != ("fence",)]
        expected = [s for s in expected if s != ("fence",)]
    assert shape == expected
    assert _html_tokens(out) == []


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_value_reads_back_as_the_same_text(value: str) -> None:
    """Inside a list item, the text Bugzilla shows is the value (line breaks joined) - nothing was
    interpreted as Markdown, nothing was lost and no escaping backslash shows."""
    if "```\n" in value or "~~~\n" in value:
        pytest.skip("fenced blocks are kept as code, not inline text")
    from incident_kit.web.bugzilla import render_comment

    line = "- **Label:** " + md_inline(value)
    html = render_comment(line + "\n")
    assert html.startswith("<ul>\n<li><strong>Label:</strong> ") and html.endswith("</li>\n</ul>\n"), html
    text = _html.unescape(re.sub(r"<[^>]+>", "", html)).strip()
    expected = " ".join(normalize_text(value).split("\n\n"))
    assert text == "Label: " + expected


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_value_keeps_the_structure_of_every_kind(value: str) -> None:
    for kind in ("preliminary", "closure", "irg2", "irg2-audit", "legacy"):
        data = _draft(kind)
        baseline = _render(_with_value(kind, data, "plain words"))
        out = _render(_with_value(kind, data, value))
        shape = [s for s in _shape(out) if s != ("fence",)]
        assert shape == [s for s in _shape(baseline) if s != ("fence",)], kind
        assert _html_tokens(out) == [], kind


def _with_value(kind: str, data: dict[str, Any], value: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    if kind in ("preliminary", "closure"):
        for k in data["summary"]:
            if k != "source":
                data["summary"][k] = value
    elif kind == "irg2":
        for k in ("summary", "impact", "root_cause_analysis", "appendix"):
            data[k] = value
        data["lessons_learned"]["went_well"] = [value]
        data["action_items"][0]["description"] = value
        data["timeline"][0]["text"] = value
    elif kind == "irg2-audit":
        for finding in data["findings"]:
            finding["description"] = value
            finding["root_cause_analysis"] = value
            finding["action_items"][0]["description"] = value
    else:
        for k in ("how_aware", "issuance_stopped", "problematic_certificates", "certificate_data", "root_cause"):
            data[k] = value
        data["remediation"][0]["description"] = value
        data["remediation"][0]["status"] = value
        data["timeline"][0]["text"] = value
    return data


# --------------------------------------------------------------------------------------------
# Line breaks: Bugzilla turns every newline into <br>.
# --------------------------------------------------------------------------------------------


def test_single_newlines_are_joined_and_paragraphs_stay_in_their_list_item() -> None:
    data = _draft("full")
    data["summary"]["incident_description"] = "One\nsentence, wrapped.\n\n# Second paragraph\n- not a list"
    out = _render(data)
    assert "- **Incident description:** One sentence, wrapped.\n\n  \\# Second paragraph - not a list\n" in out
    tokens = _md().parse(out)
    # the second paragraph belongs to the same list item: the Summary list still has 5 items
    # (5 top-level + 3 nested for the timeline summary)
    summary = out.split("### Impact")[0]
    items = [t for t in _md().parse(summary) if t.type == "list_item_open"]
    assert len(items) == 5 + 3
    assert not any(t.type == "heading_open" and t.tag == "h1" for t in tokens)


def test_multi_paragraph_lesson_keeps_refs_and_nesting() -> None:
    data = _draft("full")
    data["lessons_learned"]["didnt_go_well"][0]["text"] = "First.\n\nSecond."
    out = _render(data)
    assert "   - First.\n\n     Second. (Action Item 1)\n" in out


def test_table_cells_join_lines_and_escape_pipes() -> None:
    assert md_cell("a | b\nc\n\nd") == "a \\| b c d"
    assert md_cell("x\r\ny\u2028z\u2029w") == "x y z w"


def test_code_block_in_appendix_is_kept_verbatim() -> None:
    out = _render(_draft("full"))
    assert "\n```\n2026-04-02T22:15Z tls-rsa-2024.crl 404\n2026-04-02T22:15Z tls-ecc-2024.crl 404\n" in out


def test_unescape_inverts_inline_escaping() -> None:
    for value in ["a | b", "**x**", "<tag>", "[x](y)", "back\\slash", "_e_", "1. one", "# h", "&lt;"]:
        assert unescape_inline(md_inline(value)) == value


# --------------------------------------------------------------------------------------------
# Determinism and output hygiene.
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_output_hygiene(kind: str) -> None:
    out = _render(_set_hostile(_draft(kind), "x  \ny  ") if kind == "full" else _draft(kind))
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "\r" not in out
    assert not any(line != line.rstrip() for line in out.split("\n"))
    assert "\n\n\n" not in out
    assert _render(_draft(kind)) == _render(_draft(kind))


def test_same_bytes_under_another_zone_and_locale(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from incident_kit.model import REPORT_MODELS\n"
        "from incident_kit.drafting.render import render\n"
        "golden = sys.argv[1]\n"
        "for kind in sys.argv[2:]:\n"
        "    with open(f'{golden}/{kind}.json', encoding='utf-8') as fh:\n"
        "        data = json.load(fh)\n"
        "    sys.stdout.buffer.write(render(REPORT_MODELS[kind].model_validate(data)).encode('utf-8'))\n"
    )
    env = {**os.environ, "TZ": "Asia/Tokyo", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(GOLDEN), *KINDS], env=env, capture_output=True, check=True
    )
    expected = b"".join(_render(_draft(kind)).encode("utf-8") for kind in KINDS)
    assert result.stdout == expected


def test_render_refuses_non_models() -> None:
    with pytest.raises(TypeError, match="report model"):
        render(_draft("full"))  # type: ignore[arg-type]


def test_importing_render_does_not_import_jinja2() -> None:
    code = "import sys, incident_kit.drafting.render; print('jinja2' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_code_block_as_a_lesson_stays_inside_its_item() -> None:
    data = _draft("full")
    data["lessons_learned"]["went_well"][0]["text"] = "```\nlog line 1\n\n\nlog line 4\n```"
    out = _render(data)
    assert "   - ````\n" not in out and "   - ```\n     log line 1\n\n\n     log line 4\n     ```\n" in out
    lessons = out.split("### Lessons Learned")[1].split("### Action Items")[0]
    tokens = _md().parse(lessons)
    assert not any(t.type == "heading_open" for t in tokens)
    fence = next(t for t in tokens if t.type == "fence")
    assert fence.content == "log line 1\n\n\nlog line 4\n"
