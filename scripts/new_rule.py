#!/usr/bin/env python3
"""Start a new lint rule: its file, a fire and a quiet case, a phrases.toml, and docs/rules.md.

    python scripts/new_rule.py IK906 hedged-root-cause --phrase "we think the cause was" \\
        --summary "The root cause is stated, not guessed." --citation "IRG 3.2 §Root Cause Analysis"

Run from the repository root. It writes:

* ``incident_kit/rules/<family>/ik906_hedged_root_cause.py``: a working rule (a notice on every
  line that holds the phrase) with the ``Why:``, ``Fires:`` and ``Stays quiet:`` sections the
  meta-test asks for, registered in the family's ``__init__.py``;
* ``tests/rules/IK906/fire-phrase.md`` and ``quiet-phrase.md``: the case files;
* ``tests/rules/IK906/phrases.toml`` and ``tests/rules/test_ik906_hedged_root_cause.py``: phrase
  lists and the checks that run them;
* ``docs/rules.md``, regenerated.

Then make the rule judge by meaning (see CONTRIBUTING.md, "Adding a rule"): its severity must match
the RFC 2119 word it enforces, and its cases and phrases must show what it must NOT flag. It
refuses (exit 1, nothing written) a malformed or taken code or name, or a family with no package.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path.cwd()
RULES = ROOT / "incident_kit" / "rules"
CODE_RE = re.compile(r"^IK(\d)(\d\d)$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

RULE_TEMPLATE = '''"""{code} {name}."""

from __future__ import annotations

from typing import Iterator

from incident_kit.document import Document
from incident_kit.lint.rule import ALL_REPORT_KINDS, NOTICE, Context, Hit, rule

PHRASE = {phrase!r}


@rule(
    code={code!r},
    name={name!r},
    severity=NOTICE,
    summary={summary!r},
    citations=({citation!r},),
    kinds=ALL_REPORT_KINDS,
)
def {func}(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The report says {phrase!r}.

    Why: replace this with the requirement the rule enforces and where it is written ({citation}).
    A notice is advice; a SHOULD is a warning and a MUST an error.

    Fires: on each line that holds the phrase, in any letter case.

    Stays quiet: on reports without the phrase.
    """
    needle = PHRASE.casefold()
    for number, line in enumerate(doc.text.splitlines(), start=1):
        if needle in line.casefold():
            yield Hit(f"the report says {{PHRASE!r}}", line=number)
'''

CASE = """<!-- case: kind=full lines=5 -->
## Full Incident Report

### Summary
- **Incident description:** {sentence}
"""

TEST_TEMPLATE = '''"""Phrase checks of {code} ({name}), run over tests/rules/{code}/phrases.toml by test_phrases.py."""

from __future__ import annotations

from incident_kit.lint.engine import lint_text

REPORT = """## Full Incident Report

### Summary
- **Incident description:** {{sentence}}
"""


def _hits(sentence: str) -> list:
    result = lint_text(REPORT.format(sentence=sentence), kind="full", select=[{code!r}])
    assert not [f for f in result.findings if f.code == "IK009"], result.findings
    return [f for f in result.findings if f.code == {code!r}]


def phrase_fires(sentence: str) -> None:
    assert _hits(sentence), sentence


def phrase_quiet(sentence: str) -> None:
    assert _hits(sentence) == [], sentence
'''


def fail(message: str) -> int:
    print(f"new_rule: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("code", help="IK + three digits, e.g. IK906 (the first digit names the family)")
    parser.add_argument("name", help="kebab-case name, e.g. hedged-root-cause")
    parser.add_argument("--phrase", default="to be confirmed", help="the phrase the first version flags")
    parser.add_argument("--summary", help="one-line summary (default: names the phrase)")
    parser.add_argument("--citation", default="IRG 3.2 §Report Templates", help="canonical citation id")
    args = parser.parse_args(argv)
    code, name = args.code.upper(), args.name
    m = CODE_RE.match(code)
    if not m:
        return fail(f"{args.code!r} is not IK + three digits (IKB bug rules take a bug, not a report: write those by hand)")
    if not NAME_RE.match(name):
        return fail(f"{name!r} is not kebab-case")
    if not args.phrase.strip():
        return fail("--phrase is empty")
    packages = sorted(p for p in RULES.glob(f"ik{m.group(1)}_*") if (p / "__init__.py").is_file())
    if len(packages) != 1:
        return fail(f"no single rule package for family IK{m.group(1)} under incident_kit/rules/ (found {len(packages)})")
    package = packages[0]
    stem = f"ik{code[2:]}_{name.replace('-', '_')}"
    func = name.replace("-", "_")
    taken = subprocess.run(
        [sys.executable, "-c", "import json; from incident_kit.lint.rule import all_rules; "
         "print(json.dumps({c: r.name for c, r in all_rules().items()}))"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if taken.returncode != 0:
        return fail("the rules do not load: " + (taken.stderr.strip().splitlines() or ["?"])[-1])
    registered = json.loads(taken.stdout)
    if code in registered:
        return fail(f"{code} is taken by {registered[code]}")
    if name in registered.values():
        return fail(f"the name {name} is taken")
    rule_file = package / f"{stem}.py"
    cases = ROOT / "tests" / "rules" / code
    test_file = ROOT / "tests" / "rules" / f"test_{stem}.py"
    for path in (rule_file, cases, test_file):
        if path.exists():
            return fail(f"{path.relative_to(ROOT)} exists")
    summary = args.summary or f"The report does not say {args.phrase!r}."
    init = package / "__init__.py"
    init_text = init.read_text(encoding="utf-8")
    anchor = re.search(r'^RULES = \(\n(?:    ".*",\n)*\)', init_text, re.M)
    last_import = list(re.finditer(r"^from incident_kit\.rules\.\S+ import \S+.*$", init_text, re.M))
    if anchor is None or not last_import:
        return fail(f"{init.relative_to(ROOT)} has no RULES tuple or rule imports to extend")

    # everything is checked: write
    rule_file.write_text(
        RULE_TEMPLATE.format(code=code, name=name, phrase=args.phrase, summary=summary, citation=args.citation, func=func),
        encoding="utf-8",
    )
    pos = last_import[-1].end()
    init_text = (
        init_text[:pos]
        + f"\nfrom incident_kit.rules.{package.name} import {stem}  # noqa: F401  (registers the rule)"
        + init_text[pos:]
    )
    init_text = re.sub(r'^(RULES = \(\n(?:    ".*",\n)*)\)', lambda mm: mm.group(1) + f'    "{stem}",\n)', init_text, count=1, flags=re.M)
    init.write_text(init_text, encoding="utf-8")
    cases.mkdir(parents=True)
    (cases / "fire-phrase.md").write_text(CASE.format(sentence=f"The operator wrote that it was {args.phrase} in the ticket."), encoding="utf-8")
    (cases / "quiet-phrase.md").write_text(CASE.format(sentence="Certificates were issued with a wrong policy OID."), encoding="utf-8")
    (cases / "phrases.toml").write_text(
        f"# Phrases {code} must fire on, or stay quiet on. tests/rules/test_phrases.py runs each phrase\n"
        "# through its check (a function of the test module named by `module`). Add a phrase: one line.\n\n"
        f'[[phrases]]\nmodule = "tests/rules/{test_file.name}"\ncheck = "phrase_fires"\nexpect = "fire"\n'
        f"phrases = [\n    {json.dumps(args.phrase.capitalize() + '.', ensure_ascii=False)},\n]\n\n"
        f'[[phrases]]\nmodule = "tests/rules/{test_file.name}"\ncheck = "phrase_quiet"\nexpect = "quiet"\n'
        'phrases = [\n    "The certificates were revoked within 24 hours.",\n]\n',
        encoding="utf-8",
    )
    test_file.write_text(TEST_TEMPLATE.format(code=code, name=name), encoding="utf-8")
    docs = subprocess.run([sys.executable, "-m", "incident_kit.lint.docs", "--write", "docs/rules.md"], cwd=ROOT, capture_output=True, text=True)
    if docs.returncode != 0:
        return fail("docs/rules.md could not be regenerated: " + docs.stderr.strip())
    for path in (rule_file, init, cases / "fire-phrase.md", cases / "quiet-phrase.md", cases / "phrases.toml", test_file, ROOT / "docs" / "rules.md"):
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"next: make {code} judge by meaning, then run: python -m pytest -q tests/rules tests/test_rule_cases.py -k {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
