"""IK502 insufficient-remedy-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, Context, Hit, rule
from incident_kit.rules.ik5_remediation._common import REMEDY_KINDS, _concerns, _has_remedies, _how, _union, remedies, remedy_norms

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


@rule(
    code="IK502",
    name="insufficient-remedy-only",
    severity=ERROR,
    summary="A remedy known to be insufficient for the clause is not the only remedy offered.",
    citations=(cites.IRG3_ACTIONS, cites.IRG1),
    kinds=REMEDY_KINDS + ("freeform",),
    applies=_has_remedies,
)
def insufficient_remedy_only(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Some remedies are known not to meet a clause, whatever their wording suggests.

    Why: a remedy that sounds relevant but cannot prevent or detect a repeat leaves the clause
    unprotected, and reviewers reject it.

    Example: after disclosing two intermediate CA certificates 30 days after their creation, a CA
    promised not to deliver an intermediate certificate until it is disclosed in the CCADB. MRSP
    5.3.2 counts its 7 days from the creation of the certificate and says nothing about delivery,
    so holding the certificate back neither makes disclosure timely nor detects an undisclosed
    certificate; adding a third contact person is a staffing change with no detection either. The
    knowledge base lists such remedies per clause, each with the reason it fails.

    Fires: (error) on each known-insufficient remedy when the action items express none of what the
    clause needs (see IK501), explaining why the remedy fails this clause.

    Stays quiet: when the same remedy stands beside remedies that do address the clause (holding
    back delivery is harmless as an extra), or when the clause is not one the report concerns.
    """
    from incident_kit.policy import concept_expected, expressed_in, insufficient_sentence_in

    items = remedies(doc)
    norms = remedy_norms(doc)
    on = ctx.effective_date(doc)
    concerns = _concerns(doc, ctx)
    # A clause that only sets a deadline (BR 4.9.1.1) has no concepts of its own: the remedies
    # answer it when they meet any concerned clause's concepts (a linting fix for a misissuance).
    everywhere = [c for _, grp in concerns for g in grp for c in g.must_address if concept_expected(c, doc, on)]
    for concern, group in concerns:
        cite = tuple(c.id for c in group)
        insufficient = _union(x for g in group for x in g.insufficient)
        if not insufficient:
            continue
        needs = _union(x for g in group for x in g.must_address)
        expected = [c for c in needs if concept_expected(c, doc, on)]
        if needs and not expected:
            continue  # the clause is cited, but its concepts are not expected of this incident or date
        if any(expressed_in(n, c) for n in norms for c in (expected or everywhere)):
            continue
        for remedy, norm in zip(items, norms):
            for bad in insufficient:
                sentence = insufficient_sentence_in(remedy.text, norm, bad)
                if sentence is not None:
                    yield Hit(
                        f"{' / '.join(cite)}: \u201c{_clip(sentence)}\u201d does not meet this clause on its own{_how(concern)}: {bad.reason}",
                        line=remedy.line,
                        citations=cite,
                        suggestion="what the clause needs: " + "; ".join(c.description.strip().rstrip(".") for c in expected) if expected else None,
                    )
                    break


def _clip(text: str, n: int = 110) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"
