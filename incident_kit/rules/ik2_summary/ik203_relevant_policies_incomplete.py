"""IK203 relevant-policies-incomplete."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik2_summary._common import _FIELDS_CITE, _PRELIM_FULL, _answered, _hit, policy_gaps
from incident_kit.text.normalise import clean_value, starts_with_na


@rule(
    code="IK203",
    name="relevant-policies-incomplete",
    severity=ERROR,
    summary="Relevant policies name each document with its version and section.",
    citations=(_FIELDS_CITE,),
    kinds=_PRELIM_FULL,
)
def relevant_policies_incomplete(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A relevant policy is cited without its version or its section.

    Why: the IRG asks the field to give the policy name(s), the applicable version(s) and the
    section(s) that make the problem an incident. Without the version a reader cannot tell which
    text applied when the incident happened; without the section, which requirement was broken.

    Fires: ``MRSP``; ``BR 4.9.1.1`` (no version: a bare number after the name is the section);
    ``Baseline Requirements, commonName requirements``; ``RFC 5280`` (no section); N/A.

    Stays quiet: ``Mozilla Root Store Policy v3.1, section 5.3.2``; ``TLS BRs v2.1.7 §4.9.5``;
    ``MRSP 3.1 §5.3.2``; ``section 4.9.1.1 of the TLS BRs, version 2.1.3``; ``RFC 5280
    §4.2.1.6`` (an RFC needs no version); a CA's own ``CPS v2.7, section 4.9.9``; an IRG section
    given by its title (``IRG v3.0, section "When are reports updated?"``); an ETSI requirement ID
    as the section (``ETSI EN 319 401 V3.1.1 [REQ-5-01]``); a version in a linked document's
    address (``[CPS section 4.2.1](https://.../cps/6.0/...)``). Each document of a list separated by
    ``;``, commas or "and" is judged on its own. Requirement text quoted after a citation (a later
    sentence in quotation marks or with MUST/SHALL) is not read as more citations, so "as
    specified in RFC 2585" inside it asks for nothing.
    """
    value = _answered(doc, d.F_RELEVANT_POLICIES)
    if value is None:
        return
    text = clean_value(value.raw)
    if starts_with_na(text):
        yield _hit(
            value,
            "Relevant policies is N/A; name the requirement that makes this an incident, with the "
            "document, its version and the section",
        )
        return
    for segment, missing in policy_gaps(value.raw):
        yield _hit(
            value,
            f"Relevant policies: {segment!r} gives no {' and no '.join(m.split(' ', 1)[1] for m in missing)}; "
            f"cite the document, its version and the section, e.g. "
            f"'TLS Baseline Requirements v2.1.7, section 4.9.1.1'",
        )
