"""Rule documentation, generated from the rules themselves.

``incident-kit rules explain IK301`` prints :func:`explain`; docs/rules.md is :func:`rules_markdown`.
Regenerate the file with::

    python -m incident_kit.lint.docs --write docs/rules.md

(``python -m incident_kit.lint.docs`` alone prints it; ``--check FILE`` exits 1 when FILE is stale.)

Standard library only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable, Optional

from incident_kit.lint.fixes import FIX_DOCS
from incident_kit.lint.rule import FAMILIES, Rule, all_rules

REGENERATE = "python -m incident_kit.lint.docs --write docs/rules.md"


def rule_facts(r: Rule) -> dict[str, Any]:
    """The rule's metadata as plain data (the ``rules --format json`` entries)."""
    return {
        "code": r.code,
        "name": r.name,
        "family": r.family,
        "severity": r.severity.value,
        "summary": r.summary,
        "citations": list(r.citations),
        "kinds": list(r.kinds),
        "effective_from": r.effective_from.isoformat() if r.effective_from else None,
        "effective_until": r.effective_until.isoformat() if r.effective_until else None,
        "produced_by_engine": r.engine,
        "fix": FIX_DOCS.get(r.code),
        "doc": r.doc,
    }


def _in_force(r: Rule) -> str:
    if r.effective_from and r.effective_until:
        return f"from {r.effective_from.isoformat()} until (not on) {r.effective_until.isoformat()}"
    if r.effective_from:
        return f"from {r.effective_from.isoformat()}"
    if r.effective_until:
        return f"until (not on) {r.effective_until.isoformat()}"
    return "always"


def explain(r: Rule) -> str:
    """Plain-text documentation of one rule, for the terminal."""
    lines = [
        f"{r.code} {r.name}",
        "",
        f"Severity:   {r.severity.value}",
        f"Summary:    {r.summary}",
        f"Citations:  {'; '.join(r.citations)}",
        f"Kinds:      {', '.join(r.kinds)}",
        f"In force:   {_in_force(r)}",
    ]
    if r.engine:
        lines.append("Produced:   by the lint engine (cannot be deselected)")
    if r.code in FIX_DOCS:
        lines.append(f"Fixable:    {FIX_DOCS[r.code]}")
    lines += ["", r.doc]
    return "\n".join(lines) + "\n"


def rule_markdown(r: Rule) -> str:
    """The Markdown section of one rule in docs/rules.md."""
    first, _, rest = r.doc.partition("\n")
    out = [
        f"### {r.code} {r.name}",
        "",
        f"{r.summary}",
        "",
        "| | |",
        "|---|---|",
        f"| Severity | {r.severity.value} |",
        f"| Citations | {'; '.join(r.citations)} |",
        f"| Kinds | {', '.join(r.kinds)} |",
        f"| In force | {_in_force(r)} |",
    ]
    if r.engine:
        out.append("| Produced | by the lint engine (cannot be deselected) |")
    if r.code in FIX_DOCS:
        out.append(f"| Fixable | {FIX_DOCS[r.code]} |")
    out += ["", first.strip()]
    if rest.strip():
        out += ["", rest.strip()]
    return "\n".join(out) + "\n"


def rules_markdown(rules: Optional[Iterable[Rule]] = None) -> str:
    """The whole of docs/rules.md."""
    rules = list(rules if rules is not None else all_rules().values())
    out = [
        "# Lint rules",
        "",
        f"<!-- Generated from the rules' own metadata and docstrings. Do not edit; run `{REGENERATE}`. -->",
        "",
        "Severity follows the RFC 2119 word a rule enforces: MUST = error, SHOULD = warning, advice = notice.",
        "Two exceptions, each stated in the rule's own text. A rule whose check is a judgment on wording rather than",
        "the presence of a field may report one level below the word it enforces (IK111, IK310, IK402 and IK611 do),",
        "so that a guess never costs an error. And a rule applies the word of the guidelines in force when the report",
        "was posted: IRG 2.0 said *should* where IRG 3.x says MUST (IK601, IK602, IK604, IK702, IK903).",
        "`incident-kit rules explain CODE` prints the same text in the terminal.",
        "",
        "| Code | Name | Severity | Summary |",
        "|---|---|---|---|",
    ]
    out[-3:-3] = ["Rules marked *fixable* have a safe fix that `incident-kit lint --fix` applies (`--diff` shows it).", ""]
    out += [f"| [{r.code}](#{_anchor(r)}) | {r.name} | {r.severity.value} | {r.summary}{' (fixable)' if r.code in FIX_DOCS else ''} |" for r in rules]
    for prefix, title in FAMILIES.items():
        family = [r for r in rules if r.family == prefix]
        if not family:
            continue
        out += ["", f"## {prefix}: {title}", ""]
        out += [rule_markdown(r) for r in family]
    return "\n".join(out).rstrip("\n") + "\n"


def _anchor(r: Rule) -> str:
    """GitHub's heading anchor for ``### IK301 some-name``."""
    return f"{r.code} {r.name}".lower().replace(" ", "-")


def main(argv: Optional[list[str]] = None) -> int:
    """``python -m incident_kit.lint.docs [--write FILE | --check FILE]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    text = rules_markdown()
    if not args:
        sys.stdout.write(text)
        return 0
    if len(args) == 2 and args[0] in ("--write", "--check"):
        target = Path(args[1])
        if args[0] == "--write":
            target.write_text(text, encoding="utf-8")
            return 0
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            sys.stderr.write(f"{target} is stale; regenerate it with: {REGENERATE}\n")
            return 1
        return 0
    sys.stderr.write("usage: python -m incident_kit.lint.docs [--write FILE | --check FILE]\n")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
