"""IK0: input and format detection.

IK001, IK004 and IK009 are produced by the lint engine itself (the input could not be read, the draft
does not validate, a rule crashed); their functions only carry the documentation. The others are
ordinary rules that also run on documents of kind ``unknown``.
"""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import KIND_FREEFORM, KIND_UNKNOWN, Document
from incident_kit.lint.rule import (
    ALL_REPORT_KINDS,
    ANY_INPUT,
    ERROR,
    NOTICE,
    WARNING,
    Context,
    Hit,
    all_rules,
    rule,
)
from incident_kit.irg import citations as cites
from incident_kit.irg.kinds import KIND_CLOSURE, KIND_FULL, KIND_PRELIMINARY
from incident_kit.irg.templates import TITLES

_FORMAT = cites.IRG3_FORMAT
_TEMPLATES = cites.IRG3_TEMPLATES
_FIELDS = cites.IRG3_FIELDS_FULL_TITLE
_CHARACTER = cites.IRG3_CHARACTER

_TEMPLATE_TITLES = (f'"## {TITLES[KIND_PRELIMINARY]}", "## {TITLES[KIND_FULL]}" '
                    f'or "### {TITLES[KIND_CLOSURE]}"')


@rule(
    code="IK001",
    name="unreadable-input",
    severity=ERROR,
    summary="The input could not be read as UTF-8 text (missing file, folder, wrong encoding, bad YAML).",
    citations=(_FORMAT,),
    kinds=ANY_INPUT,
    engine=True,
)
def unreadable_input(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The input could not be read at all, so no other rule ran on it.

    Reports are posted to Bugzilla as Markdown text, so the linter reads UTF-8 text (a byte-order
    mark is accepted) and YAML drafts. A file that does not exist, cannot be opened, is not valid
    UTF-8, or is a draft whose YAML cannot be parsed gives this finding, located at the first bad
    byte or YAML error when that is known.

    When several paths are linted the other files are still linted, and the run exits with code 2
    (unreadable input) whatever ``--fail-on`` says. This rule cannot be deselected.

    Stays quiet for every file that can be read, whatever its content.
    """
    return iter(())


@rule(
    code="IK002",
    name="not-an-incident-report",
    severity=ERROR,
    summary="The text does not follow any incident report template (IRG 3.x, IRG 2.0 or the legacy 7 topics).",
    citations=(_TEMPLATES,),
    kinds=(KIND_UNKNOWN,),
)
def not_an_incident_report(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The reader found no incident report structure, so only the input checks ran.

    The IRG requires reports to use its templates. The reader recognises the IRG 3.x Preliminary,
    Full and Closure templates, the IRG 2.0 template (and its Audit variant) and the legacy 7-topic
    answers, by their headings, bold labels or numbered topics. When none of these is found the
    document's kind is ``unknown`` and no report rule applies: linting it would otherwise pass
    silently.

    Fires once per document of kind ``unknown`` (a note, a question, a file that is not a report).
    Stays quiet for any document recognised as a report, even a very incomplete one: missing
    sections are the structure rules' business (IK1).
    """
    reason = f" ({doc.kind_reason})" if doc.kind_reason else ""
    yield Hit(
        f"not recognised as an incident report{reason}; no report rules were run",
        line=doc.title.line if doc.title is not None else None,
        suggestion=f"use an IRG template; its title is one of {_TEMPLATE_TITLES}",
    )


@rule(
    code="IK003",
    name="report-kind-guessed",
    severity=NOTICE,
    summary="The report's kind (Preliminary, Full, Closure, IRG 2.0, legacy) was inferred, not stated.",
    citations=(_TEMPLATES,),
    kinds=ALL_REPORT_KINDS,
)
def report_kind_guessed(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The reader had to guess which template the report follows.

    Each IRG 3.x template starts with its own title heading, which tells readers (and this tool)
    which fields to expect. When that title is missing or does not match, the reader infers the kind
    from the sections and labels it finds; the rules then judge the report against that guess, so
    the notice says what was guessed and why, to explain findings that would be wrong for another
    kind.

    Fires when the reader marked the kind as guessed. Stays quiet when the title heading (or a
    draft's ``kind:``) states the kind.
    """
    if not doc.kind_guessed:
        return
    reason = f": {doc.kind_reason}" if doc.kind_reason else ""
    yield Hit(
        f"report kind '{doc.kind}' was guessed{reason}",
        line=doc.title.line if doc.title is not None else None,
        suggestion=f"begin the report with its template title, {_TEMPLATE_TITLES}",
    )


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

    The drafting model requires every field of the chosen template (``N/A`` where a field does not
    apply), in the expected types and enumerations. Each validation problem becomes one finding at
    the line and column of the offending value, with the field path and what is expected.

    Stays quiet for drafts that validate; their content is then checked by the other rules. This
    rule cannot be deselected.
    """
    return iter(())


@rule(
    code="IK005",
    name="suppression-without-reason",
    severity=WARNING,
    summary="An inline suppression comment gives no reason.",
    citations=(_CHARACTER,),
    kinds=ANY_INPUT,
)
def suppression_without_reason(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A ``<!-- incident-kit: ignore IKnnn -->`` comment hides findings without saying why.

    Suppressing a finding is a claim that the report is right and the rule is wrong for it. The
    reviewers reading the report (and the colleague who edits it next) deserve the reason, written
    after ``--``, for example ``<!-- incident-kit: ignore IK304 -- times before 2019 were only logged
    by date -->``. The suppression still takes effect.

    Fires on each suppression comment with an empty reason. Stays quiet when a reason follows the
    codes.
    """
    for s in doc.suppressions:
        if not s.reason.strip():
            codes = ", ".join(s.codes) or "no code"
            yield Hit(
                f"suppression of {codes} gives no reason",
                line=s.line,
                suggestion="add the reason after ' -- ', e.g. <!-- incident-kit: ignore IK304 -- why the rule does not fit here -->",
            )


@rule(
    code="IK006",
    name="suppression-of-unknown-code",
    severity=WARNING,
    summary="An inline suppression names no rule code, or a code that no rule has.",
    citations=(_CHARACTER,),
    kinds=ANY_INPUT,
)
def suppression_of_unknown_code(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A suppression comment that cannot match any finding does nothing, usually because of a typo.

    The codes after ``ignore`` are rule codes (``IK304``) or family prefixes (``IK3``); a code that
    no rule has, or a comment with no code at all, suppresses nothing, and the finding it was meant
    for is still reported.

    Fires once per suppression comment with an unknown code or no code. Stays quiet when every code
    belongs to a registered rule (``incident-kit rules`` lists them).
    """
    known = all_rules()
    for s in doc.suppressions:
        unknown = [c for c in s.codes if not any(code.startswith(c.upper()) for code in known)]
        if not s.codes:
            yield Hit("suppression comment names no rule code; it has no effect", line=s.line)
        elif unknown:
            yield Hit(
                f"suppression names unknown rule code {', '.join(unknown)}; it has no effect for that code",
                line=s.line,
                suggestion="`incident-kit rules` lists the codes",
            )


@rule(
    code="IK009",
    name="rule-crashed",
    severity=ERROR,
    summary="A rule failed with an internal error, so its check did not run.",
    citations=(_FIELDS,),
    kinds=ANY_INPUT,
    engine=True,
)
def rule_crashed(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A rule raised an exception on this document; the engine reports it instead of stopping.

    The message names the rule and the exception type. The other rules' findings are still reported,
    but the report was not fully checked: the run fails so that a bug in the linter cannot pass as a
    clean report. Please report it with the document (or a shortened version) that triggers it.

    Stays quiet when every rule runs to completion.
    """
    return iter(())


@rule(
    code="IK007",
    name="unused-suppression",
    severity=NOTICE,
    summary="An inline suppression suppresses a finding; one that suppresses nothing can go.",
    citations=(_FORMAT,),
    kinds=ANY_INPUT,
    engine=True,
)
def unused_suppression(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A suppression comment that no finding needed (like ruff's unused-noqa).

    Once the report was corrected, the comment is only noise, and it would hide a new finding of
    the same code in that block later. The engine reports it after the rules have run: a
    suppression is unused when none of the findings it covers has one of its codes.

    Fires (notice) once per suppression comment that suppressed nothing, naming its codes. Stays
    quiet when it suppressed at least one finding; for codes whose rules did not run (deselected,
    not applicable to the report, not in force); and for comments IK006 already reports (unknown
    codes).
    """
    return iter(())


@rule(
    code="IK008",
    name="free-form-report",
    severity=NOTICE,
    summary="An incident report written without a template: name the template it should use.",
    citations=(_TEMPLATES, cites.IRG2, cites.IRG1),
    kinds=(KIND_FREEFORM,),
)
def free_form_report(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The text reads as an incident report, but follows no template.

    Initial notices ("We received a report yesterday…"), mail-list write-ups and narrative reports
    are common in older bugs and in first comments. The reader recognises one when it names
    certificates and a non-compliance and at least two of: it calls itself a report, says how the
    CA learned of the problem, gives a root cause, or dates events. Such a report is not judged
    against a template it never used: the timeline, deadline and remediation rules check what can be
    found (timestamped lines, the CA's own statements of what it changed), and this notice names
    the template of the posting date (the 7 topics before IRG 2.0 on 2023-10-17, the IRG 2.0
    Incident Report until IRG 3.0 on 2025-03-01, the IRG 3.x Preliminary or Full report after).

    Fires once per free-form report. Quiet for any report that follows a template, and for a text
    that is not clearly a report (a question to a CA, meeting notes), which gets IK002 instead.
    """
    from incident_kit.sources.markdown.kinds import template_for

    when = ctx.effective_date(doc)
    yield Hit(
        f"{doc.kind_reason}; only its timeline entries, deadlines and "
        "remediation statements were checked",
        line=doc.line_range[0] if doc.line_range else None,
        suggestion=f"post it as {template_for(when)}",
    )
