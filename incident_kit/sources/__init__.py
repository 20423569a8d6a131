"""Where reports come in: every reader, and the one front door to them.

:func:`read` takes a path (``-`` = standard input) or undecoded bytes and returns the
:class:`~incident_kit.document.Document` the rules read, whichever form the report is in:

* a YAML draft (:mod:`.yaml`: safe loader, validation messages with lines, draft -> Document);
* a posted report, Markdown as posted or text copied from a rendered page or a mail archive
  (:mod:`.markdown`);
* a Mozilla Bugzilla bug read through its REST API (:mod:`.bugzilla`), whose comments go through
  the Markdown reader.

Bytes become text in one place (:mod:`.files`), with one set of messages. A draft is told from a
report by :func:`is_draft`: a ``.yaml``/``.yml`` name is a draft, a ``.md``/``.markdown``/``.txt``
name a report, and anything else (standard input, a name without a known suffix) a draft when it
starts like one (:func:`looks_like_draft`). lint, parse, preview and review all come in here.
Nothing heavy is imported until a reader runs.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document

REPORT_SUFFIXES = (".md", ".markdown", ".txt")
DRAFT_SUFFIXES = (".yaml", ".yml")

_KIND_LINE_RE = re.compile(r"kind:\s*\S")


def looks_like_draft(text: str) -> bool:
    """Whether text starts like a YAML draft: after blank lines, comment lines and an optional
    document start ``---``, its first line is ``kind: ...`` (every draft's first key). A Markdown
    report's first content line is a heading, a label or prose, never ``kind:``."""
    seen_start = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped == "---" and not seen_start:
            seen_start = True
            continue
        return bool(_KIND_LINE_RE.match(line))
    return False


def is_draft(name: str, text: str) -> bool:
    """Whether the input named ``name`` (a path, ``<stdin>``, ``<text>``) holding ``text`` is a YAML
    draft: by its suffix when it has a known one, else by how the text starts."""
    suffix = Path(name).suffix.lower()
    if suffix in DRAFT_SUFFIXES:
        return True
    if suffix in REPORT_SUFFIXES:
        return False
    return looks_like_draft(text)


def read(
    source: Union[str, Path, bytes],
    *,
    name: Optional[str] = None,
    kind: Optional[str] = None,
    as_of: Optional[date] = None,
    draft: Optional[bool] = None,
) -> "Document":
    """The Document of a report or draft given as a path (``-``: standard input) or as bytes
    (``name`` then names it in messages). ``draft`` forces the form; None decides by
    :func:`is_draft`. ``kind`` and ``as_of`` are the Markdown reader's (a forced kind, the posting
    date). Raises :class:`~incident_kit.errors.InputError` (unreadable, not UTF-8, not YAML) and
    :class:`~incident_kit.errors.DraftError` (a draft that does not validate)."""
    from incident_kit.sources import files

    if isinstance(source, bytes):
        shown = name or files.STDIN_NAME
        data = source
    else:
        data, shown = files.read_bytes(source)
        shown = name or shown
    return read_text(files.decode(data, shown), shown, kind=kind, as_of=as_of, draft=draft)


def read_text(
    text: str,
    name: str,
    *,
    kind: Optional[str] = None,
    as_of: Optional[date] = None,
    draft: Optional[bool] = None,
) -> "Document":
    """:func:`read` for input already decoded: ``text`` as the content of ``name``."""
    if draft if draft is not None else is_draft(name, text):
        from incident_kit.sources.yaml import read_draft

        return read_draft(text, path=name)
    from incident_kit.sources.markdown import read_text as read_markdown

    return read_markdown(text, name, kind=kind, as_of=as_of)
