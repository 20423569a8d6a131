"""IK501 remediation-misses-clause."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator, Optional

from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule
from incident_kit.rules.ik5_remediation._common import (
    REMEDY_KINDS,
    Remedy,
    _concerns,
    _has_remedies,
    _how,
    _union,
    remedies,
    remedy_norms,
)

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.policy.model import Clause


def _first_line(items: list[Remedy]) -> Optional[int]:
    return items[0].line if items else None


@rule(
    code="IK501",
    name="remediation-misses-clause",
    severity=ERROR,
    summary="The action items address what the broken clause needs to prevent recurrence.",
    citations=(cites.IRG3_ACTIONS, cites.IRG1),
    kinds=REMEDY_KINDS,
    applies=_has_remedies,
)
def remediation_misses_clause(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Each clause a report concerns needs remedies of a known shape.

    Why: the IRG requires action items that "create additional protections to prevent future
    incidents"; what protects against a repeat depends on the clause that was broken. For
    MRSP 5.3.2 (disclose a new CA certificate within 7 days of its creation) that is disclosure
    tied to the creation of the certificate (a ceremony step that creates the CCADB record and
    blocks issuance until it exists) and automated detection of undisclosed CA certificates; for
    a profile misissuance it is a pre-issuance lint that blocks signing; for a delayed revocation,
    one of subscriber automation, agreement terms, a tested mass-revocation plan or advance
    warning. The knowledge base (``incident-kit policy show ID``) lists each clause's concepts and
    the phrasings that express them.

    Fires: (error) when none of the clause's concepts appears, affirmed, in any action item (or
    legacy remediation step), unless a remedy offered is one the clause knows to be insufficient:
    IK502 then reports each such remedy with the reason and what the clause needs, and this rule
    does not repeat it. Fires as a warning when some but not all of the expected concepts
    appear. The message names the clause and what is missing. Clauses are taken from Relevant
    policies, citations in the text, whiteboard tags, or, when the report cites nothing, inferred
    from the description (the message says so).

    Stays quiet: when the remedies express the concepts in any wording, including passive voice
    ("issuance from a new CA is blocked until its CCADB record exists"); a negated mention ("we
    did not automate the reconciliation") does not count.
    """
    from incident_kit.policy import concept_expected, expressed_in

    items = remedies(doc)
    norms = remedy_norms(doc)
    on = ctx.effective_date(doc)
    for concern, group in _concerns(doc, ctx):
        clause = concern.clause
        cite = tuple(c.id for c in group)
        expected = [c for c in _union(x for g in group for x in g.must_address) if concept_expected(c, doc, on)]
        if not expected:
            continue
        present, missing = [], []
        for concept in expected:
            (present if any(expressed_in(n, concept) for n in norms) else missing).append(concept)
        any_of = all(g.any_of for g in group if g.must_address)
        if not missing or (any_of and present):
            continue
        points = [c.description.strip().rstrip(".") for c in missing]
        need = ("; or ".join(points) if any_of else "; ".join(points)) + "."
        if not present and _offers_insufficient(items, norms, group):
            continue  # IK502 names each remedy offered and why it falls short; one error per remedy is enough
        if not present:
            yield Hit(
                f"{' / '.join(cite)}: no action item addresses what this clause needs to prevent recurrence{_how(concern)}. "
                f"Missing: {need}",
                line=_first_line(items),
                suggestion=f"add an action item for each missing point; `incident-kit policy show \"{clause.id}\"` lists what the clause needs",
                citations=cite,
            )
        else:
            yield Hit(
                f"{' / '.join(cite)}: the action items address {', '.join(c.id for c in present)} but not "
                f"{', '.join(c.id for c in missing)}{_how(concern)}: {need}",
                line=_first_line(items),
                severity=WARNING,
                citations=cite,
            )


def _offers_insufficient(items: list[Remedy], norms: list[str], group: list["Clause"]) -> bool:
    """Whether a remedy offered is one the knowledge base knows to fall short for these clauses, by
    the same test IK502 applies (its phrases or its lexicon), so that one remedy gets one error."""
    from incident_kit.policy import insufficient_sentence_in

    bad = _union(x for g in group for x in g.insufficient)
    return any(insufficient_sentence_in(r.text, n, b) is not None for r, n in zip(items, norms) for b in bad)
