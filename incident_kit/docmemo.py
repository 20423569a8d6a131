"""Analysis done once per Document and shared by the rules that ask for it.

Several rules read the same things out of one report: the clauses it concerns, which timeline
entries mark an event, when the CA became aware, the remedies it offers. :func:`memo` gives each
such question a dictionary kept on the Document itself (``Document._memos``), so the answer is
worked out once per document and reused by the next rule that asks.

Nothing is keyed by text: a second document with the same words is worked out again (so a
benchmark over distinct files measures real work), and the answers go away with their document.
A ``dataclasses.replace`` copy (the engine's command-line overrides make one) starts with no
memo. Answers that depend on a part of the document a caller may replace (its timeline, its
action items) are stored with that part and worked out again when it is another object.

Standard library only.
"""

from __future__ import annotations

from typing import Any


def memo(doc: Any, name: str) -> dict[Any, Any]:
    """The dictionary ``name`` of ``doc`` (empty the first time): one per document and question.
    An object that is not a Document gets a new, unshared dictionary (nothing is remembered)."""
    memos = getattr(doc, "_memos", None)
    if memos is None:
        return {}
    found = memos.get(name)
    if found is None:
        found = memos[name] = {}
    return found
