"""Legacy topic 7 read as steps when no structure marks them.

The reader takes a legacy report's remediation steps (topic 7) from its structure: table rows, list
items and paragraphs (:func:`incident_kit.sources.markdown.timeline.extract_remediation`). Some
answers have text but none of that structure: the steps sit in an indented or fenced block (a plain
text report pasted with its indentation) or in raw HTML. Then each line of the topic that carries
words is a step of its own, with the first date found in it, so that ``Document.legacy_remediation``
holds every legacy step, as ``Document.action_items`` holds every IRG action item, and the rules read
the steps only there.
"""

from __future__ import annotations

import re

from incident_kit import document as d
from incident_kit.sources.markdown.blocks import HEADING, PARA
from incident_kit.sources.markdown.timeline import TimeSettings
from incident_kit.sources.markdown.values import Context
from incident_kit.text import timestamps

_FENCE = re.compile(r"^(?:`{3,}|~{3,})")  # the opening or closing line of a fenced block
_MARKER = re.compile(r"^(?:[-*+\u2022]|\d{1,2}[.)])[ \t]+")  # a list marker inside a code block
_TAG = re.compile(r"<[^<>\n]*>")  # an HTML tag around the words of an HTML line
_WORD = re.compile(r"[^\W\d_]{2}")  # a line of fence marks, table rules or numbers alone is no step


def line_steps(ctx: Context, key: str, ts: TimeSettings) -> list[d.TimelineEntry]:
    """The lines of section ``key`` as steps, for a topic in which the structured reading found none.

    Paragraph lines are never taken here (the structured reading had its chance at them, and a
    paragraph it left out is the topic's question pasted again), nor sub-headings or fence lines."""
    out: list[d.TimelineEntry] = []
    for line in ctx.span(key):
        if line.no in ctx.starts or line.kind in (PARA, HEADING) or _FENCE.match(line.text):
            continue
        text = _MARKER.sub("", _TAG.sub(" ", line.text).strip())
        text = " ".join(text.split())
        if len(text) <= 3 or not _WORD.search(text):
            continue
        found = timestamps.find_all_times(text, dayfirst=ts.dayfirst, default_zone=ts.zone, default_year=ts.default_year)
        out.append(d.TimelineEntry(raw=line.raw.strip(), line=line.no, column=line.col,
                                   when=found[0][0] if found else None, text=text))
    return out
