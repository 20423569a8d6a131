"""IK5: remediation against the broken clause.

Reviewers spend most of their comments here: a remedy has to prevent the clause from being broken
again, not just end this instance. The rules read the clauses a report concerns from the policy
knowledge base (:mod:`incident_kit.policy`): what a remediation must address, and which remedies
are known to be insufficient for that clause and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional

from incident_kit.irg.kinds import KIND_CLOSURE, KIND_FULL, KIND_IRG2, KIND_LEGACY, KIND_PRELIMINARY
from incident_kit.lint.rule import ERROR, NOTICE, WARNING, Context, Hit, rule
from incident_kit.rules import _causes as causes
from incident_kit.text.concepts import mentions, lexicon
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import WITH_REMEDIES

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.policy import Concern, PolicyBase
    from incident_kit.policy.model import Clause

REMEDY_KINDS = WITH_REMEDIES


def _policy_for(ctx: Context) -> "PolicyBase":
    from incident_kit.policy import policy_for

    return policy_for(ctx)


@dataclass(frozen=True, slots=True)
class Remedy:
    """One remediation step as written: an action-item row, a legacy step, or a closure sentence."""

    text: str
    line: Optional[int]


def remedies(doc: "Document") -> list[Remedy]:
    """The remediation steps a report offers, whatever its generation."""
    out = [Remedy(_unmark(r.description.raw), r.line) for r in doc.action_items if r.description.raw.strip()]
    out += [Remedy(_unmark(e.raw), e.line) for e in doc.legacy_remediation if e.raw.strip()]
    if not out and doc.kind == KIND_LEGACY:
        sec = doc.section("topic7")
        if sec is not None:
            out = _split_section(sec.text, sec.line)
    if doc.kind == KIND_CLOSURE:
        for key in ("remediation_description", "commitment_summary"):
            f = doc.fields.get(key)
            if f is not None and f.raw.strip() and not f.is_na:
                out.append(Remedy(f.raw, f.line))
    return out


_LIST_MARKER = re.compile(r"^\s*(?:\+{2,}\s*)?(?:(?:[-*+\u2022]|\d+[.)])\s+)?(?:\+{2,}\s*)?")  # and an edit marker ("+++ ")


def _unmark(text: str) -> str:
    """The text of a list item without its marker."""
    return _LIST_MARKER.sub("", text).strip()


def _split_section(text: str, heading_line: int) -> list[Remedy]:
    out = []
    for no, line in enumerate(text.splitlines(), heading_line + 1):
        stripped = _unmark(line)
        if len(stripped) > 3:
            out.append(Remedy(stripped, no))
    return out




def _concerns(doc: "Document", ctx: Context) -> list[tuple["Concern", list["Clause"]]]:
    """The clauses the report concerns, grouped: clauses that state the same rule in two documents
    (``related``, e.g. MRSP 5.3.2 and CCADB Policy 3.2) are judged once, as one group that cites all
    of them and asks for the union of their concepts."""
    concerns = _policy_for(ctx).concerned(doc, ctx.effective_date(doc))
    by_id = {c.clause.id: c for c in concerns}
    covered: set[str] = set()
    out = []
    for c in concerns:
        if c.clause.id in covered:
            continue
        group = [c.clause] + [by_id[r].clause for r in c.clause.related if r in by_id and r not in covered]
        covered.update(x.id for x in group)
        out.append((c, group))
    return out


def _union(items) -> list:
    seen, out = set(), []
    for x in items:
        if x.id not in seen:
            seen.add(x.id)
            out.append(x)
    return out


def _has_remedies(doc: "Document", ctx: Context) -> bool:
    return bool(remedies(doc))


def _how(concern: "Concern") -> str:
    if concern.how == "inferred":
        return f" (clause inferred from the description: \u201c{concern.evidence}\u201d)"
    if concern.how == "title":
        return f" (clause inferred from the bug title: \u201c{concern.evidence}\u201d)"
    if concern.how == "whiteboard":
        return f" (from the whiteboard tag {concern.evidence})"
    return ""


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

    The IRG requires action items that "create additional protections to prevent future
    incidents"; what protects against a repeat depends on the clause that was broken. For
    MRSP 5.3.2 (disclose a new CA certificate within 7 days of its creation) that is disclosure
    tied to the creation of the certificate (a ceremony step that creates the CCADB record and
    blocks issuance until it exists) and automated detection of undisclosed CA certificates; for
    a profile misissuance it is a pre-issuance lint that blocks signing; for a delayed revocation,
    one of subscriber automation, agreement terms, a tested mass-revocation plan or advance
    warning. The knowledge base (``incident-kit policy show ID``) lists each clause's concepts and
    the phrasings that express them.

    Fires (error) when none of the clause's concepts appears, affirmed, in any action item (or
    legacy remediation step), unless a remedy offered is one the clause knows to be insufficient:
    IK502 then reports each such remedy with the reason and what the clause needs, and this rule
    does not repeat it. Fires as a warning when some but not all of the expected concepts
    appear. The message names the clause and what is missing. Clauses are taken from Relevant
    policies, citations in the text, whiteboard tags, or, when the report cites nothing, inferred
    from the description (the message says so).

    Stays quiet when the remedies express the concepts in any wording, including passive voice
    ("issuance from a new CA is blocked until its CCADB record exists"); a negated mention ("we
    did not automate the reconciliation") does not count.
    """
    from incident_kit.policy import concept_expected, expresses

    items = remedies(doc)
    joined = [r.text for r in items]
    on = ctx.effective_date(doc)
    for concern, group in _concerns(doc, ctx):
        clause = concern.clause
        cite = tuple(c.id for c in group)
        expected = [c for c in _union(x for g in group for x in g.must_address) if concept_expected(c, doc, on)]
        if not expected:
            continue
        present, missing = [], []
        for concept in expected:
            (present if any(expresses(t, concept) for t in joined) else missing).append(concept)
        any_of = all(g.any_of for g in group if g.must_address)
        if not missing or (any_of and present):
            continue
        points = [c.description.strip().rstrip(".") for c in missing]
        need = ("; or ".join(points) if any_of else "; ".join(points)) + "."
        if not present and _offers_insufficient(items, group):
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

    Example: after disclosing two intermediate CA certificates 30 days after their creation, a CA
    promised not to deliver an intermediate certificate until it is disclosed in the CCADB. MRSP
    5.3.2 counts its 7 days from the creation of the certificate and says nothing about delivery,
    so holding the certificate back neither makes disclosure timely nor detects an undisclosed
    certificate; adding a third contact person is a staffing change with no detection either. The
    knowledge base lists such remedies per clause, each with the reason it fails.

    Fires (error) on each known-insufficient remedy when the action items express none of what the
    clause needs (see IK501), explaining why the remedy fails this clause.

    Stays quiet when the same remedy stands beside remedies that do address the clause (holding
    back delivery is harmless as an extra), or when the clause is not one the report concerns.
    """
    from incident_kit.policy import concept_expected, expresses, insufficient_sentence

    items = remedies(doc)
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
        if any(expresses(r.text, c) for r in items for c in (expected or everywhere)):
            continue
        for remedy in items:
            for bad in insufficient:
                sentence = insufficient_sentence(remedy.text, bad)
                if sentence is not None:
                    yield Hit(
                        f"{' / '.join(cite)}: \u201c{_clip(sentence)}\u201d does not meet this clause on its own{_how(concern)}: {bad.reason}",
                        line=remedy.line,
                        citations=cite,
                        suggestion="what the clause needs: " + "; ".join(c.description.strip().rstrip(".") for c in expected) if expected else None,
                    )
                    break


def _offers_insufficient(items: list[Remedy], group: list["Clause"]) -> bool:
    """Whether a remedy offered is one the knowledge base knows to fall short for these clauses, by
    the same test IK502 applies (its phrases or its lexicon), so that one remedy gets one error."""
    from incident_kit.policy import insufficient_sentence

    bad = _union(x for g in group for x in g.insufficient)
    return any(insufficient_sentence(r.text, b) is not None for r in items for b in bad)


def _clip(text: str, n: int = 110) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


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

    Sections move between versions: the BR's OCSP requirements were section 4.9.10 until BR 2.1.0
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

    Fires (notice) on a citation, in Relevant policies (or anywhere in a report without that field),
    of a number that on the posting date was the old number of another section. Stays quiet for a
    number current on that date (4.9.10 in a report of 2024-06), for a number another section now
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


# Generic remedies -----------------------------------------------------------------------------

TRAINING = lexicon("training")

TECHNICAL_CONTROL = lexicon("technical_control")

REMINDER = lexicon("reminder")


def _training_only(text: str) -> bool:
    """Training with no control. A control named *after* a training word in the same clause is the
    subject of the training ("staff will be trained on the linting requirement"), not a control;
    one named before it ("an automated reminder"), or in another clause ("train the team and add a
    blocking check"), is."""
    training = [m for m in mentions(text, TRAINING) + mentions(text, REMINDER) if not m.negated]
    if not training:
        return False
    reminders = {m.sentence for m in training if m.concept == REMINDER.name}
    for control in mentions(text, TECHNICAL_CONTROL):
        if control.negated or control.sentence in reminders:
            continue  # "monitor the mailbox more closely" is a reminder (the reminder lexicon)
        same_clause_after = any(t.clause == control.clause and t.sentence == control.sentence and control.start > t.start for t in training)
        if not same_clause_after:
            return False
    return True


@rule(
    code="IK503",
    name="training-only-remediation",
    severity=WARNING,
    summary="Training, reminders or 'be more careful' are not the only remedies.",
    citations=(cites.IRG1, cites.IRG3_PRACTICES),
    kinds=REMEDY_KINDS + ("freeform",),
    applies=_has_remedies,
)
def training_only_remediation(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Training alone is not a sufficient mitigation.

    The legacy guidance and IRG 1.0 say it outright: training alone should not be seen as a
    sufficient mitigation; the focus should be on removing error-prone manual steps. The IRG 3.x
    lists "committing to opaque actions" and superficial analysis among bad practices. A reminder
    depends on the memory of the people who already missed the requirement.

    Fires (warning) when every remedy is training, awareness, a reminder, "be more careful" or a
    double-check, with no technical or process control (automation, a linter, a block,
    monitoring and alerts, a checklist step, a tracker, a four-eyes review: the ``peer_review``
    lexicon, a control for root causes and remedies alike).

    Stays quiet when at least one remedy is a control, even if training is also listed
    ("train the ceremony team and add a checklist step that blocks activation" is fine), and when
    a remedy only mentions training in passing as part of a tooling change.
    """
    items = remedies(doc)
    if items and all(_training_only(r.text) for r in items):
        yield Hit(
            "every remedy is training, awareness or a reminder; none is a technical or process control "
            "that would stop or catch the next occurrence",
            line=items[0].line,
            suggestion="Add a control that removes the manual step or detects its failure (automation, a blocking check, monitoring with alerts).",
        )


@rule(
    code="IK504",
    name="instance-only-remediation",
    severity=ERROR,
    summary="The remedies protect the future, not only repair this instance.",
    citations=(cites.IRG3_ACTIONS, cites.IRG1),
    kinds=REMEDY_KINDS,
    applies=_has_remedies,
)
def instance_only_remediation(doc: "Document", ctx: Context) -> Iterator[Hit]:
    """Fixing this occurrence is not remediation.

    The IRG says of action items that it is not sufficient for them to stop this incident: they
    MUST create additional protections to prevent future incidents. Revoking the affected
    certificates, correcting a CCADB record, re-uploading an audit statement or re-publishing a
    CRL ends this incident and nothing more.

    Fires (error) when every remedy only repairs this instance and none names a control, a process
    change, or anything aimed at future occurrences.

    Stays quiet when at least one remedy protects the future (training-only remedies are the
    business of IK503, not this rule).
    """
    items = remedies(doc)
    if items and all(causes.repairs_instance_only(r.text) for r in items):
        yield Hit(
            "every remedy repairs this instance only (revocation, record corrections, re-uploads); none "
            "creates a protection against the next occurrence",
            line=items[0].line,
            suggestion="Add action items that change the system or process that allowed the incident, and that detect a repeat.",
        )
