"""IK107 bug-title-format."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Optional

from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import ERROR, WARNING, Context, Hit, rule


@rule(
    code="IK107",
    name="bug-title-format",
    severity=ERROR,
    summary='The Bugzilla summary reads "CA Owner: brief title".',
    citations=(cites.IRG3_SUBMIT,),
    applies=lambda doc, ctx: bool((doc.bug.title or "").strip()),
)
def bug_title_format(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The bug title does not start with the CA Owner's name, a colon and a brief title.

    Why: the IRG says the Bugzilla "Summary" (subject line) MUST begin with the CA Owner's name,
    followed by a colon and a brief title naming the type of incident, e.g.
    ``Example CA: Incorrect Subject RDN Encoding``.

    Fires: a title without a colon, with nothing before it, or with no title after it.

    Stays quiet: ``Owner: title`` with or without a space after the colon. Applies only when a title is
    known (from a draft's ``bug.title`` or ``--title``). Whether the owner is the CCADB name is
    IK108.

    By the posting date: the title convention entered with IRG 2.0 (2023-10-17) as a "should"
    (a warning) and became a MUST with IRG 3.0 (2025-03-01). A report posted before IRG 2.0 (or a
    mailing-list post whose subject stands in for the title) was under no title rule: quiet.
    """
    title = " ".join((doc.bug.title or "").split())
    owner, sep, rest = title.partition(":")
    when = ctx.effective_date(doc)
    if when is not None and when < _TITLE_RULE_START:
        return
    if not sep or not owner.strip() or not rest.strip():
        yield Hit(
            f'the bug title {title!r} is not "CA Owner: brief title"; begin with the CA Owner name '
            f"as recorded in the CCADB, a colon, then the type of incident",
            suggestion=f"{doc.bug.ca_owner or 'CA Owner'}: {rest.strip() or title}",
            **_title_rule_of(when),
        )


def _title_rule_of(when: Optional[date]) -> dict:
    """Under IRG 2.0 the title convention was a "should": a warning citing IRG 2.0."""
    if when is not None and when < _TITLE_MUST_START:
        return {"severity": WARNING, "citations": ("IRG 2.0 §How to submit a report",), "replaces_citations": True}
    return {}


_TITLE_RULE_START = date(2023, 10, 17)  # IRG 2.0: the title "should" begin with the CA Owner's name
_TITLE_MUST_START = date(2025, 3, 1)  # IRG 3.0: it MUST
