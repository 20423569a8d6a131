"""Parse -> render -> lint over the real corpus (issue 15, item 9).

For every corpus file that lints with no error, run what a user runs: ``parse`` it into a YAML
draft, ``render`` the draft, ``lint`` the rendered Markdown (same date and bug title). Each file
ends in one outcome:

- ``clean``: the draft renders and the rendered report lints with no error again;
- ``refused``: the draft still holds ``<...>`` prompts for what the posted report lacks (most
  captures are cut), and ``render`` refuses, one ``file:line: field: ...`` line per prompt;
- ``no-model``: ``parse`` refuses the kind (free-form text, an IRG 2.0 preliminary): there is no
  draft model for it, and it says so;
- ``broken``: anything else (a crash, an invalid draft that is not about prompts, new errors after
  rendering). These are the bugs; each is listed with its reason.

Text that ``parse`` could not place is counted (kept as comments, never dropped).

Run: ``.venv/bin/python benchmarks/corpus_roundtrip.py [--only posted/] [--verbose]``. It is not a
pytest test; it says so and exits 0 when ``../shared/corpus`` is absent.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_eval import DEFAULT_CORPUS, LABELS_DIR, as_of_for, fit_dates, load_index, load_labels, selected  # noqa: E402

PROMPT_MARK = "<"


def roundtrip(text: str, name: str, as_of, title: Optional[str], whiteboard: Optional[str]) -> tuple[str, str, int]:
    """(outcome, detail, unplaced lines) for one report text that lints with no error."""
    from incident_kit.commands.reading import draft_yaml
    from incident_kit.drafting.to_draft import UNPLACED, document_to_draft
    from incident_kit.sources.yaml import load
    from incident_kit.errors import DraftError, InputError
    from incident_kit.lint.engine import lint_text
    from incident_kit.sources.markdown import read_text
    from incident_kit.drafting.render import RenderError, render

    doc = read_text(text, name, as_of=as_of)
    last = doc.parts[-1] if doc.parts else doc  # parse drafts the last report of a file that holds several
    if last.kind in ("unknown", "freeform", "irg2-preliminary"):
        return "no-model", last.kind, 0
    draft, problems = document_to_draft(doc)
    unplaced = sum(1 for p in problems if p.path == UNPLACED)
    yaml_text = draft_yaml(draft, problems, doc)
    reported = {p.path for p in problems}
    try:
        loaded = load(yaml_text, path="draft.yaml")
    except DraftError as err:
        # render refuses a draft that does not validate, one file:line: field line each; that is
        # honest when parse itself reported every one of those fields as missing or unreadable
        fields = [p.split(": ", 2)[1] if p.count(": ") >= 2 else p for p in err.problems]
        bad = [p for p, f in zip(err.problems, fields) if f not in reported]
        if not bad:
            return "refused", f"{len(err.problems)} unreadable values parse reported", unplaced
        return "broken", "draft invalid: " + bad[0].split(": ", 1)[-1], unplaced
    except InputError as err:
        return "broken", f"draft unreadable: {err}", unplaced
    from incident_kit.commands.drafting import _prompts_left

    prompts = _prompts_left(loaded)
    if prompts:
        return "refused", f"{len(prompts)} prompts", unplaced
    try:
        rendered = render(loaded.model)
    except RenderError as err:
        if PROMPT_MARK in str(err) or "prompt" in str(err):
            return "refused", str(err).split("\n")[0][:120], unplaced
        return "broken", f"render: {err}", unplaced
    result = lint_text(rendered, name.rsplit(".", 1)[0] + ".rendered.md", as_of=as_of, title=title, whiteboard=whiteboard)
    errors = [f for f in result.visible if f.severity.value == "error"]
    if errors:
        return "broken", "; ".join(f"{f.code} {f.message[:90]}" for f in errors[:3]), unplaced
    return "clean", "", unplaced


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", help="a folder or one file, relative to the corpus")
    parser.add_argument("--verbose", action="store_true", help="list every file's outcome, not only the broken ones")
    args = parser.parse_args(argv)
    if not (args.corpus / "index.yaml").is_file():
        print(f"corpus_roundtrip: no corpus at {args.corpus} (index.yaml not found); nothing to measure")
        return 0
    from incident_kit.lint.engine import lint_text

    labels = load_labels(LABELS_DIR)
    entries = load_index(args.corpus)
    bugs = fit_dates(entries)
    outcomes: Counter[str] = Counter()
    unplaced_total = 0
    with_errors = 0
    lines = []
    for entry in selected(entries, args.only):
        name = entry["file"]
        text = (args.corpus / name).read_text(encoding="utf-8")
        as_of, _ = as_of_for(entry, labels.get(name), bugs)
        title, whiteboard = entry.get("title"), entry.get("whiteboard")
        first = lint_text(text, name, as_of=as_of, title=title, whiteboard=whiteboard)
        if any(f.severity.value == "error" for f in first.visible):
            with_errors += 1
            continue
        try:
            outcome, detail, unplaced = roundtrip(text, name, as_of, title, whiteboard)
        except Exception as exc:  # noqa: BLE001 - a crash is an outcome to count, not the end of the run
            outcome, detail, unplaced = "broken", f"crash: {type(exc).__name__}: {exc}", 0
        outcomes[outcome] += 1
        unplaced_total += unplaced
        if outcome == "broken" or args.verbose:
            lines.append(f"  {outcome:9} {name}: {detail}")
    held = outcomes["clean"] + outcomes["refused"] + outcomes["no-model"]
    total = sum(outcomes.values())
    print(f"{total} files lint with no error ({with_errors} have errors and are skipped)")
    for key in ("clean", "refused", "no-model", "broken"):
        print(f"  {key:9} {outcomes[key]}")
    print(f"round trip holds (clean, or an honest refusal) on {held} of {total}; unplaced lines kept as comments: {unplaced_total}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
