"""IK905 discouraged-wording."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ALL_REPORT_KINDS, WARNING, Context, Hit, rule
from incident_kit.rules.ik9_wording._common import C_PRACTICES, Cues, WordingCheck, wording_checks
from incident_kit.text.concepts import mentions
from incident_kit.text.negation import in_quotes


@lru_cache(maxsize=16)
def _cues(checks: tuple[WordingCheck, ...]) -> Cues:
    """The cues of a list of checks (the shipped ones and a team's), made once per list."""
    return Cues(check.concept.gate for check in checks)


@rule(
    code="IK905",
    name="discouraged-wording",
    severity=WARNING,
    summary="The report avoids wording that plays down the incident (and any wording a team lists).",
    citations=(C_PRACTICES,),
    kinds=ALL_REPORT_KINDS,
)
def discouraged_wording(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report uses a phrasing listed in a wording file: shipped, phrasings that play down the
    severity of the incident.

    Why: among its "bad" practices IRG 3.2 asks CA Owners to resist downplaying the severity or
    implications of an incident. Calling a misissuance "only a minor issue" or "merely cosmetic"
    tells readers what to think instead of showing the facts. That is advice, so the shipped
    checks are notices. The phrasings are data (``incident_kit/rules/wording.toml``); a team adds
    checks of the same shape (id, level, message, patterns, optional exceptions, suggestion and
    citations) in files named by ``wording-paths`` in its configuration. Levels are "notice" or
    "warning", never error, hence the rule's warning ceiling. A broken entry is reported once as a
    warning and skipped.

    Fires: (shipped checks, notice): "this was only a minor issue", "merely cosmetic", "a mere
    technicality", "the error is harmless", "negligible risk", "blown out of proportion".

    Stays quiet: a denied phrase ("this is not a minor issue", "we do not consider it cosmetic");
    quoted text; audit wording ("a minor non-conformity"); counts ("only 3 certificates").
    """
    checks, problems = wording_checks(ctx)
    for problem in problems:
        yield Hit(f"wording check skipped: {problem}", severity=WARNING)
    if not checks:
        return
    prose = doc.prose
    for s, tried in _cues(tuple(checks)).sentences(prose, prose.sentences):
        for i in tried:
            check = checks[i]
            found = next((m for m in mentions(s.text, check.concept) if not m.negated and not in_quotes(s.text, m.start)), None)
            if found is None:
                continue
            yield Hit(
                f"\u201c{' '.join(found.text.split())}\u201d {check.message} [{check.id}]",
                line=s.unit.line_at(s.start + found.start),
                suggestion=check.suggestion,
                severity=check.level,
                citations=tuple(c for c in check.citations if c not in (C_PRACTICES,)),
            )
