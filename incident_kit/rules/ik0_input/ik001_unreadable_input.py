"""IK001 unreadable-input."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ANY_INPUT, ERROR, Context, Hit, rule
from incident_kit.rules.ik0_input._common import _FORMAT


@rule(
    code="IK001",
    name="unreadable-input",
    severity=ERROR,
    summary="The input could not be read as UTF-8 text (missing file, folder, wrong encoding, bad YAML).",
    citations=(_FORMAT,),
    kinds=ANY_INPUT,
    engine=True,
)
def unreadable_input(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The input could not be read at all, so no other rule ran on it.

    Why: reports are posted to Bugzilla as Markdown text, so the linter reads UTF-8 text (a byte-order
    mark is accepted) and YAML drafts. A file that does not exist, cannot be opened, is not valid
    UTF-8, or is a draft whose YAML cannot be parsed cannot be checked at all, and saying nothing would
    read as a clean report.

    Fires: once per input that cannot be read, at the first bad byte or YAML error when known.
    When several paths are linted the other files are still linted, and the run exits with code 2
    (unreadable input) whatever ``--fail-on`` says. This rule cannot be deselected.

    Stays quiet: for every file that can be read, whatever its content.
    """
    return iter(())
