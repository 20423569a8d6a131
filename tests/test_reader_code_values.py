"""A fenced code block inside a value keeps its own indentation when a posted report is read back
(issue 11, found by fuzzing): only the list / field indentation that holds the block is removed,
in every value position (summary and impact fields, timeline entries, root-cause factor fields,
lessons). Action items are pipe-table cells, which cannot hold a fenced block. The Appendix keeps
the user's own fenced blocks; the certificates CSV the renderer writes, and a certificates table in
any layout the reader takes rows from, are left out of its text (the rows become certificates).

The draft is the repository's full example with values replaced by text written for these tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO

EXAMPLE_FULL_MD = REPO / "examples" / "profile-misissuance-full.md"

CODE_VALUE = "The check we run:\n\n```python\nif key.is_ecc:\n  usages.discard('keyEncipherment')\n    # nested further\n```\n\nIt now runs before signing."
PROSE_VALUE = "First paragraph of the value.\n\nSecond paragraph, after a blank line."

POSITIONS = {
    "field": ("summary", "incident_description"),
    "impact field": ("impact", "additional_considerations"),
    "timeline entry": ("timeline", 0, "text"),
    "factor field": ("root_causes", 0, "description"),
    "lesson": ("lessons_learned", "went_well", 0, "text"),
}


def ik(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "incident_kit", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=60)


def _get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def _set(doc, path, value) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _round_trip(tmp_path: Path, values: dict) -> tuple[dict, str, str, dict]:
    """The example parsed to a draft, ``values`` (path -> value) put in, rendered, parsed back and
    rendered again: (draft, first rendering, second rendering, draft read back)."""
    yaml = YAML()
    (tmp_path / "r.md").write_text(EXAMPLE_FULL_MD.read_text(encoding="utf-8"), encoding="utf-8")
    assert ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path).returncode == 0
    draft = yaml.load((tmp_path / "r.yaml").read_text(encoding="utf-8"))
    for path, value in values.items():
        _set(draft, path, value)
    with (tmp_path / "d.yaml").open("w", encoding="utf-8") as f:
        yaml.dump(draft, f)
    first = ik("render", "d.yaml", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (tmp_path / "d.md").write_text(first.stdout, encoding="utf-8")
    parsed = ik("parse", "d.md", "-o", "e.yaml", cwd=tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    again = ik("render", "e.yaml", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    return draft, first.stdout, again.stdout, yaml.load((tmp_path / "e.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("value", [CODE_VALUE, PROSE_VALUE], ids=["indented code", "prose"])
def test_a_value_reads_back_as_written_in_every_position(tmp_path: Path, value: str) -> None:
    draft, first, again, back = _round_trip(tmp_path, {path: value for path in POSITIONS.values()})
    if value is CODE_VALUE:
        assert "\n    usages.discard" in first  # the renderer indents the block under its list item
    for name, path in POSITIONS.items():
        assert _get(back, path) == value, name
    assert again == first


def _parse_edited(tmp_path: Path, old: str, new: str) -> dict:
    """The example with ``old`` replaced by ``new``, parsed to a draft."""
    report = EXAMPLE_FULL_MD.read_text(encoding="utf-8")
    assert old in report
    (tmp_path / "r.md").write_text(report.replace(old, new, 1), encoding="utf-8")
    assert ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path).returncode == 0
    return YAML().load((tmp_path / "r.yaml").read_text(encoding="utf-8"))


def test_a_hand_written_fence_under_a_list_item_keeps_only_its_own_indentation(tmp_path: Path) -> None:
    back = _parse_edited(
        tmp_path,
        "- **Analysis:** N/A",
        "- **Analysis:** The query we ran:\n\n    ```sql\n    SELECT serial\n      FROM certs\n     WHERE profile = 'ov-ecdsa-p256';\n    ```",
    )
    assert back["impact"]["analysis"] == "The query we ran:\n\n```sql\nSELECT serial\n  FROM certs\n WHERE profile = 'ov-ecdsa-p256';\n```"


APPENDIX_WITH_CODE = "The affected certificates were found with:\n\n```sql\nSELECT serial\n  FROM certs\n WHERE profile = 'ov-ecdsa-p256';\n```\n\nThey are listed below."


def test_the_users_code_in_the_appendix_is_kept_and_only_the_rendered_csv_is_dropped(tmp_path: Path) -> None:
    draft, first, again, back = _round_trip(tmp_path, {("appendix", "text"): APPENDIX_WITH_CODE})
    assert len(draft["appendix"]["certificates"]) == 7
    assert "```csv\n" in first
    assert back["appendix"]["text"] == APPENDIX_WITH_CODE  # the CSV block is not in the text
    assert back["appendix"]["certificates"] == draft["appendix"]["certificates"]
    assert again == first  # the certificates are written once, not twice


def test_a_csv_block_the_renderer_did_not_write_is_the_users_text(tmp_path: Path) -> None:
    back = _parse_edited(
        tmp_path,
        "are listed below; all are revoked.",
        "are listed below; all are revoked. Our counts per day:\n\n```csv\nday,count\n2026-04-07,7\n```",
    )
    assert back["appendix"]["text"].endswith("Our counts per day:\n\n```csv\nday,count\n2026-04-07,7\n```")
    assert len(back["appendix"]["certificates"]) == 7


def _certificate_table(style: str) -> tuple[str, list[str]]:
    """The example's certificates CSV written in another layout a CA might post, and the serials."""
    import csv
    import io
    import re

    text = EXAMPLE_FULL_MD.read_text(encoding="utf-8")
    block = re.search(r"```csv\n(.*?)```\n", text, re.S)
    assert block is not None
    rows = list(csv.reader(io.StringIO(block.group(1))))
    serials = [r[rows[0].index("Serial # (hex)")] for r in rows[1:]]
    if style == "pipe table":
        table = "| " + " | ".join(rows[0]) + " |\n|" + "---|" * len(rows[0]) + "\n"
        table += "".join("| " + " | ".join(rows_cell.replace("|", "/") for rows_cell in r) + " |\n" for r in rows[1:])
    elif style == "tab-separated fence":
        table = "```\n" + "".join("\t".join(r) + "\n" for r in rows) + "```\n"
    else:  # a tilde fence, info string csv
        table = "~~~csv\n" + block.group(1) + "~~~\n"
    return text.replace(block.group(0), table, 1), serials


@pytest.mark.parametrize("style", ["pipe table", "tab-separated fence", "tilde fence"])
def test_certificates_in_another_layout_are_rendered_once_after_parse(tmp_path: Path, style: str) -> None:
    """The reader takes the rows as certificates; they leave the Appendix text, so rendering the
    parsed draft lists each certificate once (it listed them twice: text and CSV block)."""
    report, serials = _certificate_table(style)
    (tmp_path / "r.md").write_text(report, encoding="utf-8")
    assert ik("parse", "r.md", "-o", "r.yaml", cwd=tmp_path).returncode == 0
    draft = YAML().load((tmp_path / "r.yaml").read_text(encoding="utf-8"))
    assert len(draft["appendix"]["certificates"]) == len(serials) > 0
    assert not any(s in draft["appendix"]["text"] for s in serials)
    assert draft["appendix"]["text"].strip()  # the section's own sentences stay
    rendered = ik("render", "r.yaml", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert [rendered.stdout.count(s) for s in serials] == [1] * len(serials)
