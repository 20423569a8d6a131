"""Input limits: the largest report the tools read, so that no input can stall a lint.

A real incident report is a few kilobytes: the largest posted report of the project's corpus is
under 20 KB, its longest line under 2,000 characters and its longest table about 20 rows. The
limits below are far above that, and low enough that every check stays fast on any input that
passes them (benchmarks/adversarial.py measures it):

* ``MAX_CHARS``: the whole file, in characters (after decoding);
* ``MAX_LINE_CHARS``: one line;
* ``MAX_TABLE_ROWS``: one table of a posted report, counted as consecutive lines that start with
  ``|`` or hold a tab (a table copied from the rendered page is tab-separated).

Past a limit the input is refused with one :class:`~incident_kit.errors.InputError` naming the
file and line (``report.md:5002: ...``); ``lint`` reports it as IK001 and exits 2, as for any
input it cannot read. Affected-certificate lists longer than that belong in an attached CSV file
(``incident-kit appendix``), as the IRG asks for large lists. Standard library only.
"""

from __future__ import annotations

from incident_kit.errors import InputError

MAX_CHARS = 1_000_000
MAX_LINE_CHARS = 20_000
MAX_TABLE_ROWS = 5_000


def check(text: str, path: str, *, tables: bool = True) -> None:
    """Raise :class:`InputError` when ``text`` (with ``\\n`` line ends) is past a limit; ``tables``:
    also count table rows (posted reports; a YAML draft has no Markdown tables)."""
    if len(text) > MAX_CHARS:
        line = text.count("\n", 0, MAX_CHARS) + 1
        raise InputError(
            f"is too large to read ({len(text):,} characters; the limit is {MAX_CHARS:,}); "
            "attach long lists as a file instead of pasting them",
            path,
            line,
        )
    if len(text) <= MAX_LINE_CHARS and not tables:
        return
    rows = 0
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"line is too long to read ({len(line):,} characters; the limit is {MAX_LINE_CHARS:,})",
                path,
                number,
                MAX_LINE_CHARS + 1,
            )
        if tables:
            if line.lstrip().startswith("|") or "\t" in line:
                rows += 1
                if rows > MAX_TABLE_ROWS:
                    raise InputError(
                        f"table is too long to read (more than {MAX_TABLE_ROWS:,} rows); "
                        "attach long lists as a file instead of pasting them",
                        path,
                        number,
                    )
            else:
                rows = 0
