"""Analysis done once per Document and shared by the rules that ask for it.

Several rules read the same things out of one report: the clauses it concerns, which timeline
entries mark an event, when the CA became aware. :func:`memo` gives each such question a
dictionary that belongs to one Document object, so the answer is worked out once per document and
reused by the next rule that asks.

The memo is keyed by the document's identity, never by its text: a second document with the same
words is worked out again (so a benchmark over distinct files measures real work). It holds the
last few documents (a lint works on one at a time; a file of several reports on a few), each with
a strong reference, so an identity cannot be reused while its entry lives. Values are computed from
the document as read; code that changes a Document after reading builds a new one (the engine's
command-line overrides do), and gets fresh answers.

Standard library only.
"""

from __future__ import annotations

from typing import Any

_KEEP = 8  # documents remembered at once (the reports of one file, and a few more)

_MEMOS: dict[int, tuple[Any, dict[str, dict[Any, Any]]]] = {}


def memo(doc: Any, name: str) -> dict[Any, Any]:
    """The dictionary ``name`` of ``doc`` (empty the first time): one per document and question."""
    slot = _MEMOS.get(id(doc))
    if slot is None or slot[0] is not doc:
        if len(_MEMOS) >= _KEEP:
            _MEMOS.clear()
        slot = _MEMOS[id(doc)] = (doc, {})
    found = slot[1].get(name)
    if found is None:
        found = slot[1][name] = {}
    return found


def forget() -> None:
    """Drop every memo (tests that change a Document in place call this)."""
    _MEMOS.clear()
