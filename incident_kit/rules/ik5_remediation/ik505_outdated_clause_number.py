"""IK505 outdated-clause-number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing import Iterator

from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import KIND_CLOSURE, KIND_FULL, KIND_IRG2, KIND_LEGACY, KIND_PRELIMINARY
from incident_kit.lint.rule import NOTICE, Context, Hit, rule
from incident_kit.rules.ik5_remediation._common import _policy_for

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document


@rule(
    code="IK505",
    name="outdated-clause-number",
    severity=NOTICE,
    summary="Relevant policies cite each section by the number it had when the report was posted.",
    citations=(cites.IRG3_SUMMARY,),
    kinds=(KIND_PRELIMINARY, KIND_FULL, KIND_CLOSURE, KIND_IRG2, KIND_LEGACY),
)
def outdated_clause_number(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """A section cited by a number it no longer had when the report was posted.

    Why: sections move between versions: the BR's OCSP requirements were section 4.9.10 until BR 2.1.0
    (2024-11-14) and have been 4.9.9 since. The knowledge base keeps the old numbers as aliases with
    their windows (``incident-kit policy show "BR 4.9.9"``), so an old number still leads to its
    clause and the other rules judge the report by it; this rule only says which number was current.

    A number another section took over is old only when the incident is about the section that
    had it: CCADB Policy 4 was the subordinate-CA section until CCADB Policy 2.0 (2025-07-15) and
    is the policy-documents section since, so a 2026 report on a late subordinate-CA revocation
    disclosure that cites "CCADB Policy 4" is told the section is now 3.2 and judged by 3.2; one
    about a CP/CPS upload is judged by today's section 4, silently. The same holds for CCADB Policy
    5.1 (the audit deadline until 2025-07-15, now 5.2) and MRSP 3.1.3 (the audit content until MRSP
    2.5, 2017-06-23, now 3.1.4).

    Fires: (notice) on a citation, in Relevant policies (or anywhere in a report without that field),
    of a number that on the posting date was the old number of another section.

    Stays quiet: for a number current on that date (4.9.10 in a report of 2024-06), for a number
    another section now
    has when the incident is about that section (judged as that section), and without a posting
    date.
    """
    from incident_kit.document import F_RELEVANT_POLICIES
    from incident_kit.policy import about_text, find_citations

    on = ctx.effective_date(doc)
    if on is None:
        return
    kb = _policy_for(ctx)
    rp = doc.fields.get(F_RELEVANT_POLICIES)
    if rp is not None and not rp.is_na:
        sources = [(rp.raw, rp.line)]
    else:
        sources = [(line, no) for no, line in enumerate(doc.text.splitlines(), 1) if any(ch.isdigit() for ch in line)]
    about = about_text(doc)
    seen: set[str] = set()
    for text, line in sources:
        for c in find_citations(text, kb.extra_docs):
            old = kb.renumbered(c.clause_id, on, about)
            if old is None or c.clause_id in seen:
                continue
            seen.add(c.clause_id)
            clause, alias = old
            now = kb.get(c.clause_id)
            taken = f" ({c.clause_id} is now \u201c{now.title}\u201d)" if alias.reused and now is not None else ""
            yield Hit(
                f"{c.clause_id} is the number {clause.id} had {alias.window()}; on {on.isoformat()} the section "
                f"is {clause.id}{taken} (judged as {clause.id})",
                line=line,
                suggestion=f"cite {clause.id}",
                citations=(clause.id,),
            )
