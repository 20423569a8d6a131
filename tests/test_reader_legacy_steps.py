"""Legacy topic 7 split into steps by the reader (incident_kit/sources/markdown/steps.py).

The structured reading takes table rows, list items and paragraphs; a topic 7 whose steps sit in an
indented or fenced block or in raw HTML has none of those, and each of its lines with words is a
step. Rules (IK5, IK613) read the steps only from ``Document.legacy_remediation``."""

from __future__ import annotations

from incident_kit.lint.engine import lint_text
from incident_kit.sources.markdown import read_text

_HEAD = """\
**1. How your CA first became aware of the problem**

On 2022-02-14 at 10:00 UTC a reseller told us that two certificates carried a street address the subscriber had moved away from.

**2. Timeline**

- 2022-02-14 10:00 UTC – Reseller report received.
- 2022-02-15 09:30 UTC – Both certificates revoked.

**6. How and why the mistakes were made, and how they avoided detection**

The address was copied from a cached company record instead of the fresh registry extract.

**7. Steps taken to resolve the situation**

"""


def _steps(topic7: str) -> list[tuple[int, str, bool]]:
    doc = read_text(_HEAD + topic7, kind="legacy")
    return [(e.line, e.text, e.when is not None) for e in doc.legacy_remediation]


_FIRST = _HEAD.count("\n") + 1  # the first line of the topic's answer


def test_an_indented_block_gives_one_step_per_line_with_its_date() -> None:
    steps = _steps("    The cached company records are no longer used for validation.\n"
                   "    A registry lookup is added to every renewal, done by 2022-03-31.\n")
    assert steps == [
        (_FIRST, "The cached company records are no longer used for validation.", False),
        (_FIRST + 1, "A registry lookup is added to every renewal, done by 2022-03-31.", True),
    ]
    doc = read_text(_HEAD + "    The cached company records are no longer used for validation.\n", kind="legacy")
    assert doc.legacy_remediation[0].column == 5


def test_a_fenced_block_gives_its_lines_not_its_fences() -> None:
    steps = _steps("```text\n- Stop using cached company records.\n- Look up the registry on renewal.\n```\n")
    assert [text for _, text, _ in steps] == ["Stop using cached company records.", "Look up the registry on renewal."]


def test_raw_html_gives_its_words_without_tags() -> None:
    steps = _steps("<p>We stopped using cached company records on 2022-02-16.</p>\n")
    assert steps == [(_FIRST, "We stopped using cached company records on 2022-02-16.", True)]


def test_list_items_are_read_as_before_and_not_again_line_by_line() -> None:
    steps = _steps("- Stop using cached company records.\n  This covers renewals too.\n- Look up the registry on renewal.\n")
    assert [text for _, text, _ in steps] == [
        "Stop using cached company records.\nThis covers renewals too.",
        "Look up the registry on renewal.",
    ]


def test_a_block_of_rules_and_numbers_is_no_step() -> None:
    assert _steps("```\n-----\n2022\n```\n") == []


def test_the_rules_read_the_reader_steps() -> None:
    """IK613 sees an undated step of an indented block; IK5 sees the steps as the report's remedies."""
    text = _HEAD + ("    Validation staff were reminded to use the registry extract.\n"
                    "    The reminder is repeated in the yearly training.\n")
    result = lint_text(text, kind="legacy", select=["IK613", "IK503"])
    got = sorted((f.code, f.line) for f in result.findings)
    assert ("IK613", _FIRST) in got and ("IK613", _FIRST + 1) in got
    assert any(code == "IK503" for code, _ in got), got
