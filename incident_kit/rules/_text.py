"""Small text helpers shared by the rule modules (stdlib only).

* :func:`clean_value`: a value without Markdown emphasis, curly quotes or spacing differences.
* :func:`is_na` / :func:`starts_with_na`: the IRG's ``N/A`` marker and its usual spellings.
* :func:`find_placeholders`: text of the IRG templates (and of incident-kit's scaffolds) that was
  left in a report instead of an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from incident_kit.text.gate import Gate, GateGroup
from incident_kit.text.normalise import clean_value

# --------------------------------------------------------------------------------------------
# Template placeholders.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placeholder:
    """Template text found in a line: where it starts (1-based column) and what it is."""

    column: int
    text: str
    what: str


_PLACEHOLDER_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\[Related Bug ID\]\(Related Bug URL\)"), "the Related Incidents example link"),
    (re.compile(r"Date Related Bug was opened"), "the Related Incidents example date"),
    (
        re.compile(r"A description of how the subject Bug is related to the Bug referenced"),
        "the Related Incidents example description",
    ),
    (re.compile(r"Contributing Factor\s*#\s*:\s*title\b"), "the contributing-factor title placeholder"),
    (re.compile(r"^\s*[-*+]\s*HH:MM\b"), "the IRG 2.0 timeline example entry"),
    (re.compile(r"^\s*YYYY-MM-DD\s*:"), "the IRG 2.0 timeline date placeholder"),
    (re.compile(r"sha256=\[sha256 fingerprint of the certificate\]"), "the Appendix example certificate link"),
)
# One necessary-literal test for all of them (incident_kit.text.gate), before trying each.
_PLACEHOLDER_GATE = GateGroup(Gate(p.pattern, p.flags) for p, _ in _PLACEHOLDER_PATTERNS)

# Template example rows of the Action Items tables, as normalised cells.
_EXAMPLE_ROWS: tuple[tuple[str, ...], ...] = (
    ("example", "prevent", "root cause # 1", "criteria", "2025-01-19", "value"),
    ("example", "prevent", "2038-01-19"),
)

# Prompts written in angle brackets, as incident-kit's scaffolds write them: "<CA Owner name>",
# "<what happened, in a few sentences>", "<year>". Not HTML tags, autolinks or addresses, not
# comparisons ("a < b"), not redaction marks ("CN=<redacted>") or URL patterns ("sha256=<hash>"),
# not a pattern quoted in prose with typographic quotes (names of the form “<some name>”; straight
# quotes are YAML's, and a quoted YAML value may hold a prompt).
# The renderer writes a '<' that starts a paragraph as "&lt;" (see incident_kit.drafting.render), which
# Bugzilla shows as '<', so a prompt may be spelled that way too.
_PROMPT_RE = re.compile(r"(?<![=/\u201c\u2018])(?:<|&lt;)(?P<body>[A-Za-z][^<>\n]*?)>(?![\u201d\u2019])")
_HTML_TAGS = frozenset(
    "a abbr b blockquote br code dd del details div dl dt em h1 h2 h3 h4 h5 h6 hr i img ins kbd li "
    "ol p pre q s samp small span strike strong sub summary sup table tbody td tfoot th thead tr tt u "
    "ul var wbr".split()
)
_REDACTION_WORDS = frozenset("redacted omitted removed snip snipped truncated elided hidden masked".split())


def _is_prompt(body: str) -> bool:
    if "=" in body or "://" in body or "@" in body or body.startswith(("!--", "/")):
        return False
    first = body.split()[0].lower().rstrip(".,:;/")
    return first not in _HTML_TAGS and first not in _REDACTION_WORDS


def split_row(line: str) -> list[str]:
    """The cells of a table row: a Markdown pipe row, or a tab-separated line copied from a page."""
    stripped = line.strip()
    if "|" in stripped:
        return [c.strip() for c in stripped.strip("|").split("|")]
    if "\t" in stripped:
        return [c.strip() for c in stripped.split("\t")]
    return []


def _may_be_example_row(line: str) -> bool:
    """A necessary condition of :func:`_is_example_row`: split_row finds no cell without a pipe or
    a tab, and the first cell of every example row reads "example" (in any case: the letters of
    that cell are in the line as they are, and lower-case character by character)."""
    return ("|" in line or "\t" in line) and "example" in line.lower()


def _is_example_row(line: str) -> bool:
    cells = tuple(" ".join(clean_value(c).lower().split()) for c in split_row(line))
    return cells in _EXAMPLE_ROWS


def _blank_code_spans(line: str) -> str:
    """The line with inline code spans (```List<String>```) blanked out, columns kept."""
    if "`" not in line:
        return line
    # The opening run is taken whole (a lookahead makes it atomic): trying every shorter opening
    # of a long backtick run made this cubic.
    return re.sub(r"(?<!`)(?=(`+))\1.+?\1", lambda m: " " * len(m.group(0)), line)


ALL_PLACEHOLDER_KINDS = (True, True, True)


def placeholder_kinds(text: str) -> tuple[bool, bool, bool]:
    """Which kinds of template text ``text`` can hold at all (the template's example strings, an
    example table row, a drafting prompt): a line of it can hold only what the whole text can, so
    a rule reading it line by line asks once (see :func:`find_placeholders`)."""
    return (
        _PLACEHOLDER_GATE.may_match(text),
        ("|" in text or "\t" in text) and "example" in text.lower(),  # see _may_be_example_row
        "<" in text or "&lt;" in text,  # every prompt starts with "<" (or the renderer's "&lt;")
    )


def find_placeholders(line: str, kinds: tuple[bool, bool, bool] = ALL_PLACEHOLDER_KINDS) -> list[Placeholder]:
    """Template text left in one line of a report (empty list when there is none). ``kinds``:
    :func:`placeholder_kinds` of a text the line is a piece of (kinds it cannot hold are not
    looked for)."""
    found: list[Placeholder] = []
    strings, rows, prompts = kinds
    if strings and _PLACEHOLDER_GATE.may_match(line):
        for pattern, what in _PLACEHOLDER_PATTERNS:
            for m in pattern.finditer(line):
                found.append(Placeholder(m.start() + 1, m.group(0).strip(), what))
    if rows and _may_be_example_row(line) and _is_example_row(line):
        found.append(Placeholder(line.index(line.strip()[0]) + 1, line.strip(), "the Action Items example row"))
    if not prompts or ("<" not in line and "&lt;" not in line):  # every prompt starts with "<" (or the renderer's "&lt;")
        return sorted(found, key=lambda p: p.column) if len(found) > 1 else found
    for m in _PROMPT_RE.finditer(_blank_code_spans(line) if "`" in line else line):
        if _is_prompt(m.group("body")):
            found.append(Placeholder(m.start() + 1, f"<{m.group('body')}>", "a drafting prompt"))
    return sorted(found, key=lambda p: p.column)


def header_layout(got: Sequence[str], expected: Sequence[str]) -> tuple[list[int], bool, list[int]]:
    """Compare a table header (normalised keys) with the columns a template requires first, in
    order. Returns the indexes in ``expected`` of missing columns, whether the present ones are out
    of order, and the indexes in ``got`` of foreign columns standing among the required ones
    (reported only when nothing is missing or reordered). Columns after the required ones are
    allowed."""
    exp = list(expected)
    missing = [i for i, e in enumerate(exp) if e not in got]
    present = [g for g in got if g in exp]
    out_of_order = present != [e for e in exp if e in present]
    extra: list[int] = []
    if not missing and not out_of_order and list(got[: len(exp)]) != exp:
        extra = [i for i, g in enumerate(got[: len(exp)]) if g not in exp]
    return missing, out_of_order, extra


def _quoted_list(noun: str, names: Sequence[str]) -> str:
    return noun + ("s " if len(names) > 1 else " ") + ", ".join(f"\u201c{n}\u201d" for n in names)


def table_header_problems(
    header: Sequence[str], got: Sequence[str], expected: Sequence[str], names: Sequence[str],
    *, out_of_order: str, extra_noun: str, extra_where: str,
) -> list[str]:
    """What is wrong with a table header, in words: :func:`header_layout` of the normalised keys
    ``got`` against ``expected`` (whose display names are ``names``), with the table's own wording
    for reordered columns and for foreign columns among the required ones (``header`` gives their
    names as written)."""
    missing, reordered, extra = header_layout(got, expected)
    problems: list[str] = []
    if missing:
        problems.append(_quoted_list("missing column", [names[i] for i in missing]))
    if reordered:
        problems.append(out_of_order)
    elif extra:
        problems.append(_quoted_list(extra_noun, [clean_value(header[i]) for i in extra]) + extra_where)
    return problems

