"""IK104 sections-out-of-order."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg.templates import SECTION_TITLES, TEMPLATE_SECTIONS
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik1_structure._common import _TEMPLATES_CITE


@rule(
    code="IK104",
    name="sections-out-of-order",
    severity=WARNING,
    summary="The sections follow the template order.",
    citations=_TEMPLATES_CITE,
    kinds=(d.KIND_FULL, d.KIND_IRG2),
)
def sections_out_of_order(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The template's sections appear in a different order.

    Why: the IRG requires its template, and readers and tools expect its sections in order; a
    reordered report keeps its content, so this is a warning rather than an error.

    Fires: for each section that breaks the order, the fewest needed to restore it (a longest
    in-order run stays put), naming the section it should precede or follow.

    Stays quiet: the template order with missing or extra sections, repeated sections (only the first
    of each counts), Preliminary and Closure reports (one section each).
    """
    order = TEMPLATE_SECTIONS[doc.kind]
    seen: dict[str, d.Section] = {}
    for s in doc.sections:
        if s.key in order and s.key not in seen:
            seen[s.key] = s
    present = list(seen.values())
    ranks = [order.index(s.key) for s in present]
    keep = _longest_increasing(ranks)
    for i, s in enumerate(present):
        if i in keep:
            continue
        anchor = next((present[j] for j in sorted(keep) if ranks[j] > ranks[i]), None)
        where = f'before "{SECTION_TITLES[anchor.key]}"' if anchor else "later"
        yield Hit(
            f'the "{SECTION_TITLES[s.key]}" section is out of template order; it belongs {where}',
            line=s.line,
        )


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (O(n^2); n is at most 8)."""
    best: list[list[int]] = []
    for i, v in enumerate(values):
        chains = [c for c in best[:i] if values[c[-1]] < v]
        best.append(max(chains, key=len, default=[]) + [i])
    return set(max(best, key=len, default=[]))
