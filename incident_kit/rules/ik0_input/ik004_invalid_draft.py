"""IK004 invalid-draft."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ANY_INPUT, ERROR, Context, Hit, rule
from incident_kit.rules.ik0_input._common import _FIELDS


@rule(
    code="IK004",
    name="invalid-draft",
    severity=ERROR,
    summary="The YAML draft does not validate against the drafting model.",
    citations=(_FIELDS,),
    kinds=ANY_INPUT,
    engine=True,
)
def invalid_draft(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A YAML draft was read but does not validate, so it cannot be rendered or checked further.

    Why: the drafting model requires every field of the chosen template (``N/A`` where a field does not
    apply), in the expected types and enumerations; a draft that does not validate cannot be rendered.

    Fires: once per validation problem, at the line and column of the offending value, with the
    field path and what is expected.

    Stays quiet: for drafts that validate; their content is then checked by the other rules. This
    rule cannot be deselected.
    """
    return iter(())
