"""IK401 root-cause-human-error."""

from __future__ import annotations

from typing import Iterable, Optional

from incident_kit.document import KIND_CLOSURE, KIND_FULL, KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY, Document
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.rules.ik4_root_cause._common import (
    C_IRG1,
    C_LEGACY,
    C_PRACTICES,
    C_RCA,
    RcaPart,
    _generation_citations,
    rca_parts,
)


def _line_of(doc: Document, part: RcaPart, offset: int) -> Optional[int]:
    """The document line of ``part.text[offset]``: the first line at or after the part's start
    whose text contains the line of the part the offset falls in."""
    if part.line is None:
        return None
    text_line = part.text[:offset].count("\n")
    wanted = part.text.splitlines()[text_line].strip() if part.text.splitlines() else ""
    lines = doc.lines
    last = part.end_line if part.end_line is not None else len(lines)
    for no in range(part.line, min(last, len(lines)) + 1):
        if wanted and wanted[:60] in lines[no - 1]:
            return no
    return part.line


@rule(
    code="IK401",
    name="root-cause-human-error",
    severity=WARNING,
    summary="A root cause of human error or lack of training names the system or process weakness behind it.",
    citations=(C_RCA, C_PRACTICES, C_IRG1, C_LEGACY),
    kinds=(KIND_FULL, KIND_IRG2, KIND_IRG2_AUDIT, KIND_LEGACY, KIND_CLOSURE),
)
def root_cause_human_error(doc: Document, ctx: Context) -> Iterable[Hit]:
    """The root cause is a human error, an oversight or a lack of training, and nothing says why
    the system or process let it happen.

    Why: the legacy guidance and IRG 1.0 say it is not sufficient to give "human error" or "lack of
    training" as a root cause: error-prone tools or practices usually lie behind it, and removing
    those is the fix. IRG 3.2 keeps the principle as good practice: focus on the why, not only the
    what, and avoid a superficial root cause analysis that stops before the systemic issue. Neither
    text uses MUST: the legacy text calls such a root cause insufficient and the current one lists
    it among the practices to avoid, which is the force of a SHOULD NOT, so this is a warning.

    Fires: "This was a human error.", "Contributing Factor #1: Oversight – the questions were
    overlooked", "the operator forgot to ...", "due to a lack of training", when the root cause
    text names no weakness of a system or process.

    Stays quiet: a human error together with its system or process cause ("an operator typed the
    wrong value because the form accepted free text and no linter checked the field"; "the
    procedure relied on one person's mailbox"; "the tool pre-fills the field"; "no second review
    existed"); a denied human error ("this was not a human error"); root causes that do not speak
    of people at all.
    """
    parts = rca_parts(doc)
    # Human error is rare; the system cause (two big lexicons over the whole analysis) is looked
    # for only when a part gives one.
    for part in parts:
        found = causes.human_error(part.text)
        if found is None:
            continue
        if causes.system_cause("\n".join(p.text for p in parts)) is not None:
            return
        yield Hit(
            f"the root cause is given as \u201c{found.text}\u201d with no system or process cause behind it",
            line=_line_of(doc, part, found.start),
            suggestion="explain why the system allowed the error (e.g. a free-text field, a missing check, "
            "a manual step) and how it avoided detection",
            citations=_generation_citations(doc),
        )
        return
