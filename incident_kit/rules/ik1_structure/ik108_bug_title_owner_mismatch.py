"""IK108 bug-title-owner-mismatch."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.lint.rule import WARNING, Context, Hit, rule


def _ccadb_owner(doc: Document, ctx: Context) -> str:
    """The CA Owner name as recorded in the CCADB: the draft's, else the configuration's ``ca-owner``."""
    name = doc.bug.ca_owner or ctx.config.get("ca-owner") or ""
    return " ".join(str(name).split())


@rule(
    code="IK108",
    name="bug-title-owner-mismatch",
    severity=WARNING,
    summary="The CA Owner name in the bug title matches the CCADB CA Owner name.",
    citations=(cites.IRG3_SUBMIT,),
    applies=lambda doc, ctx: bool((doc.bug.title or "").strip() and _ccadb_owner(doc, ctx)),
)
def bug_title_owner_mismatch(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The name before the colon in the bug title is not the CA Owner name recorded in the CCADB.

    Why: the IRG says the CA Owner's name in the title SHOULD match the CA Owner value in the
    CCADB exactly, so that bugs can be found by owner.

    Fires: a title whose owner part differs from the known CA Owner name (spacing aside).

    Stays quiet: an exact match; titles without a colon (IK107). Applies only when the CCADB name is
    known: the draft's ``bug.ca_owner``, else ``ca-owner`` in the configuration file.
    """
    title = " ".join((doc.bug.title or "").split())
    owner, sep, rest = title.partition(":")
    expected = _ccadb_owner(doc, ctx)
    if not sep or not owner.strip() or owner.strip() == expected:
        return
    case_only = owner.strip().lower() == expected.lower()
    yield Hit(
        f"the bug title names the CA Owner {owner.strip()!r}, but the CCADB name is {expected!r}"
        + (" (letter case differs)" if case_only else ""),
        suggestion=f"{expected}: {rest.strip()}",
    )
