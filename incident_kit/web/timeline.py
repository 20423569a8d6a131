"""The timeline picture: the report's events on a UTC time axis, and every policy clock the report
runs drawn as a band from its start event to its limit.

The clocks are :class:`incident_kit.deadlines.clocks.Clock` objects, the same data the IK7 rules
judge (:func:`~incident_kit.rules.ik7_deadlines._common.report_clocks`): the picture computes no deadline
of its own, it only places them.

* A clock whose end event came after its limit is red and hatched, labelled with how late
  ("LATE +25 d"); one met in time is green and labelled "met"; one whose end event is not in the
  timeline is a dashed outline labelled "no <event> in the timeline". Colour is never the only
  cue: hatching, outline style and words say the same, so the picture reads in black and white.
* Long gaps between consecutive points of interest outside every clock's band (years between a
  code change and the incident) are drawn short, with a break mark and the real length; a clock's
  band is always drawn to scale.
* Event labels are placed in as many rows as needed so that no two overlap; each clock has its own
  lane. All dates are UTC.

Pure Python writing SVG: the picture is a few dozen rectangles, lines and text elements, which no
plotting library would make simpler, and it keeps the page free of dependencies and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Optional, Sequence
from xml.sax.saxutils import escape as _xml_escape

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.deadlines.clock import Moment
    from incident_kit.deadlines.clocks import Clock

LONG_GAP_DAYS = 60.0  # without clocks: a gap longer than this and than a fifth of the span is drawn short
FOCUS_GAP_DAYS = 7.0  # with clocks: a gap outside every clock, longer than this and than half their span, is drawn short
WIDTH = 980
MARGIN_L = 24
MARGIN_R = 24
FONT = "font-family='DejaVu Sans, Verdana, Arial, sans-serif'"
CHAR_W = 6.4  # average width of a character at 11 px, for label placement
BREAK_W = 34.0  # pixels for a compressed gap
RED, RED_DARK = "#d7301f", "#99000d"
GREEN, GREEN_DARK = "#41ab5d", "#005a32"
GREY = "#737373"
HALO = "stroke='#fff' stroke-width='3' paint-order='stroke'"  # keeps leader lines from crossing a label


def _esc(text: str) -> str:
    return _xml_escape(text, {'"': "&quot;", "'": "&#39;"})


def _instant(m: "Moment") -> datetime:
    """Where a moment sits on the axis: its time, or noon UTC of its day when only the day is known."""
    return m.at or datetime.combine(m.day, time(12), timezone.utc)


def _due(clock: "Clock") -> datetime:
    """The limit on the axis: start + the limit (calendar days from the start's day when the start
    has no time, as the policies count them)."""
    from incident_kit.deadlines.clock import add_limit

    due = add_limit(clock.start, hours=clock.hours, days=clock.days, months=clock.months, minutes=clock.minutes)
    return due.at if due.at is not None else datetime.combine(due.day, time(12), timezone.utc)


@dataclass
class _Event:
    at: datetime
    label: str
    line: Optional[int]


class _Scale:
    """A piecewise-linear time axis; gaps longer than LONG_GAP_DAYS get a fixed short width."""

    def __init__(self, instants: Sequence[datetime], x0: float, x1: float, spans: Sequence[tuple[datetime, datetime]] = ()) -> None:
        pts = sorted(set(instants))
        if len(pts) == 1:
            pts = [pts[0] - timedelta(days=1), pts[0] + timedelta(days=1)]
        pad = timedelta(days=max(1.0, min(3.0, self._days(pts[-1] - pts[0]) * 0.04)))
        pts = [pts[0] - pad] + pts + [pts[-1] + pad]
        self.knots = pts
        self.breaks: list[tuple[int, float]] = []  # (segment index, real length in days)
        lengths: list[float] = []
        if spans:
            focus = [t for span in spans for t in span]
            long_gap = max(FOCUS_GAP_DAYS, self._days(max(focus) - min(focus)) / 2)
        else:
            long_gap = max(LONG_GAP_DAYS, self._days(pts[-1] - pts[0]) / 5)
        for i, (a, b) in enumerate(zip(pts, pts[1:])):
            d = self._days(b - a)
            inside_a_clock = any(s0 < b and a < s1 for s0, s1 in spans)  # a clock's band is always to scale
            if d > long_gap and not inside_a_clock:
                self.breaks.append((i, d))
            lengths.append(d)
        fixed = BREAK_W * len(self.breaks)
        linear = sum(d for i, d in enumerate(lengths) if all(i != j for j, _ in self.breaks)) or 1.0
        per_day = max(0.0, (x1 - x0 - fixed)) / linear
        self.xs = [x0]
        broken = {j for j, _ in self.breaks}
        for i, d in enumerate(lengths):
            self.xs.append(self.xs[-1] + (BREAK_W if i in broken else d * per_day))

    @staticmethod
    def _days(td: timedelta) -> float:
        return td.total_seconds() / 86400.0

    def x(self, at: datetime) -> float:
        pts, xs = self.knots, self.xs
        if at <= pts[0]:
            return xs[0]
        for i in range(len(pts) - 1):
            a, b = pts[i], pts[i + 1]
            if at <= b:
                span = (b - a).total_seconds() or 1.0
                return xs[i] + (xs[i + 1] - xs[i]) * (at - a).total_seconds() / span
        return xs[-1]


def _text_w(text: str, size: float = 11) -> float:
    return len(text) * CHAR_W * size / 11


def _events(doc: "Document", clocks: Sequence["Clock"]) -> list[_Event]:
    """The timeline's dated entries, named by the clock events they start or end (else by their
    tags), plus clock ends that are not timeline entries (this report's posting date)."""
    from incident_kit.deadlines.clock import Moment

    names: dict[int, list[str]] = {}
    for c in clocks:
        for ev, m in ((c.start_event, c.start), (c.end_event, c.end)):
            if m is not None and m.line is not None and ev not in names.setdefault(m.line, []):
                names[m.line].append(ev)
    out: list[_Event] = []
    seen_lines: set[int] = set()
    for entry in doc.timeline:
        m = Moment.from_entry(entry)
        if m is None or entry.line in seen_lines:
            continue
        seen_lines.add(entry.line)
        tags = names.get(entry.line) or list(entry.tags)
        what = ", ".join(tags) if tags else _gist(entry.text or entry.raw)
        out.append(_Event(_instant(m), f"{m.label} {what}", entry.line))
    for c in clocks:
        for ev, m in ((c.start_event, c.start), (c.end_event, c.end)):
            if m is not None and m.line is None and all(e.at != _instant(m) or e.line is not None for e in out):
                out.append(_Event(_instant(m), f"{m.label} {ev}", None))
    out.sort(key=lambda e: (e.at, e.line or 0))
    return out


def _gist(text: str, limit: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _span(days: float) -> str:
    if days >= 730:
        return f"{days / 365.25:.0f} years"
    if days >= 60:
        return f"{days / 30.44:.0f} months"
    return f"{days:.0f} days"


def timeline_svg(doc: "Document", clocks: Sequence["Clock"], *, title: str = "", id_prefix: str = "tl") -> str:
    """The picture as an SVG document (``<svg>`` element, no XML declaration, embeddable in HTML)."""
    events = _events(doc, clocks)
    spans: list[tuple[datetime, datetime]] = []
    for c in clocks:
        ends = [_instant(c.start), _due(c)] + ([_instant(c.end)] if c.end else [])
        spans.append((min(ends), max(ends)))
    instants = [e.at for e in events] + [t for span in spans for t in span]
    p = id_prefix
    head = [
        f"<defs><pattern id='{p}-hatch' width='6' height='6' patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>"
        f"<rect width='6' height='6' fill='{RED}'/><line x1='0' y1='0' x2='0' y2='6' stroke='#ffffff' stroke-width='2.5'/></pattern></defs>",
    ]
    body: list[str] = []
    y = 22
    heading = "Timeline and policy clocks (all times UTC)" + (f": {title}" if title else "")
    body.append(f"<text x='{MARGIN_L}' y='{y}' font-size='14' font-weight='bold' fill='#000'>{_esc(heading)}</text>")
    y += 10
    if not instants:
        body.append(f"<text x='{MARGIN_L}' y='{y + 20}' font-size='12' fill='#000'>No dated timeline entries: nothing to draw.</text>")
        return _wrap(head + body, y + 36, p)
    room = max([_text_w(_status_label(c), 12) + 12 for c in clocks] + [0.0])
    scale = _Scale(instants, MARGIN_L + 6, WIDTH - MARGIN_R - 6 - min(room, 280.0), spans)

    # Axis with event ticks; labels in rows so that none overlaps another.
    gap_rows: list[float] = []
    gaps: list[tuple[float, str, float, int]] = []
    for i, days in scale.breaks:
        bx = (scale.xs[i] + scale.xs[i + 1]) / 2
        text = f"{_span(days)} not to scale"
        tx, row = _place(gap_rows, bx - _text_w(text, 10) / 2, _text_w(text, 10), 6)
        gaps.append((bx, text, tx, row))
    axis_y = y + 18 + 13 * max(0, len(gap_rows) - 1)
    body.append(f"<line x1='{MARGIN_L}' y1='{axis_y}' x2='{WIDTH - MARGIN_R}' y2='{axis_y}' stroke='#000' stroke-width='1.5'/>")
    for bx, text, tx, row in gaps:
        body.append(
            f"<g class='gap'><rect x='{bx - 8:.1f}' y='{axis_y - 7}' width='16' height='14' fill='#fff'/>"
            f"<path d='M{bx - 7:.1f},{axis_y + 6} l6,-12 M{bx + 1:.1f},{axis_y + 6} l6,-12' stroke='#000' stroke-width='1.5' fill='none'/>"
            f"<text x='{tx:.1f}' y='{axis_y - 10 - 13 * row}' font-size='10' fill='#000'>{_esc(text)}</text></g>"
        )
    rows_end: list[float] = []
    placed: list[tuple[_Event, float, int]] = []
    for e in events:
        lx, row = _place(rows_end, scale.x(e.at) - 4, _text_w(e.label), 8)
        placed.append((e, lx, row))
    label_y0 = axis_y + 22
    for e, lx, row in placed:
        x = scale.x(e.at)
        ly = label_y0 + row * 16
        line_attr = f" data-line='{e.line}'" if e.line else ""
        body.append(
            f"<g class='event'{line_attr}><circle cx='{x:.1f}' cy='{axis_y}' r='4' fill='#000'/>"
            f"<line x1='{x:.1f}' y1='{axis_y}' x2='{x:.1f}' y2='{ly - 10}' stroke='#bdbdbd' stroke-width='1'/>"
            f"<text x='{lx:.1f}' y='{ly}' font-size='11' fill='#000' {HALO}>{_esc(e.label)}</text></g>"
        )
    y = label_y0 + max(1, len(rows_end)) * 16 + 8

    # One lane per clock.
    if not clocks:
        body.append(f"<text x='{MARGIN_L}' y='{y + 14}' font-size='12' fill='#000'>No policy clock can be computed from this timeline.</text>")
        y += 24
    for c in clocks:
        y = _lane(body, c, scale, y, p)
    y += 6
    body.append(_legend(y, p))
    y += 26
    return _wrap(head + body, y, p)


def _place(rows_end: list[float], x: float, width: float, gap: float) -> tuple[float, int]:
    """Put a label of ``width`` at ``x`` (kept inside the picture) in the first row where it clears
    the previous label by ``gap``; a new row when none has room. Returns (x, row)."""
    x = min(max(MARGIN_L, x), WIDTH - MARGIN_R - width)
    row = next((r for r, end in enumerate(rows_end) if end + gap <= x), len(rows_end))
    if row == len(rows_end):
        rows_end.append(x + width)
    else:
        rows_end[row] = x + width
    return x, row


def _lane(body: list[str], c: "Clock", scale: _Scale, y: float, p: str) -> float:
    x0, xd = scale.x(_instant(c.start)), scale.x(_due(c))
    over = c.overrun
    caption = f"{c.clause}: {c.name} ({c.start_event} \u2192 {c.end_event}, limit {c.limit})"
    cap_w = _text_w(caption)
    cx = min(max(MARGIN_L, x0), WIDTH - MARGIN_R - cap_w)
    status = "late" if over else ("met" if c.end else "open")
    out = [f"<g class='clock clock-{status}' data-clock='{_esc(c.id)}' data-status='{status}'>"]
    out.append(f"<text x='{max(MARGIN_L, cx):.1f}' y='{y + 12}' font-size='11' fill='#000'>{_esc(caption)}</text>")
    by = y + 18
    h = 14
    # The allowed window: start to limit.
    out.append(f"<rect x='{x0:.1f}' y='{by}' width='{max(1.0, xd - x0):.1f}' height='{h}' fill='none' stroke='#000' stroke-width='1'/>")
    out.append(f"<line x1='{xd:.1f}' y1='{by - 3}' x2='{xd:.1f}' y2='{by + h + 3}' stroke='#000' stroke-width='2'/>")
    if c.end is not None:
        xe = scale.x(_instant(c.end))
        if over:
            out.append(f"<rect x='{x0:.1f}' y='{by + 3}' width='{max(1.0, xd - x0):.1f}' height='{h - 6}' fill='{RED}' opacity='0.35'/>")
            out.append(f"<rect class='overrun' x='{xd:.1f}' y='{by}' width='{max(2.0, xe - xd):.1f}' height='{h}' fill='url(#{p}-hatch)' stroke='{RED_DARK}' stroke-width='1'/>")
            label = _status_label(c)
            colour = RED_DARK
            lx = max(xe, xd + 2) + 5
        else:
            out.append(f"<rect class='met' x='{x0:.1f}' y='{by + 2}' width='{max(2.0, xe - x0):.1f}' height='{h - 4}' fill='{GREEN}' stroke='{GREEN_DARK}' stroke-width='1'/>")
            label = _status_label(c)
            colour = GREEN_DARK
            lx = xd + 5
    else:
        out[-2] = out[-2].replace("stroke-width='1'/>", "stroke-width='1' stroke-dasharray='4 3'/>")
        label = _status_label(c)
        colour = GREY
        lx = xd + 5
    w = _text_w(label, 12)
    if lx + w > WIDTH - MARGIN_R:
        lx = x0 - 5 - w if x0 - 5 - w >= MARGIN_L else WIDTH - MARGIN_R - w
    out.append(f"<text class='clock-label' x='{lx:.1f}' y='{by + 11}' font-size='12' font-weight='bold' fill='{colour}'>{_esc(label)}</text>")
    out.append("</g>")
    body.append("".join(out))
    return by + h + 12


def _status_label(c: "Clock") -> str:
    over = c.overrun
    if over:
        return f"LATE {over.short}"
    return "met \u2713" if c.end is not None else f"no {c.end_event} in the timeline"


def _legend(y: float, p: str) -> str:
    x = MARGIN_L
    parts = [
        f"<rect x='{x}' y='{y}' width='28' height='12' fill='none' stroke='#000'/>",
        f"<text x='{x + 34}' y='{y + 10}' font-size='11' fill='#000'>time allowed (start to limit)</text>",
        f"<rect x='{x + 210}' y='{y}' width='28' height='12' fill='url(#{p}-hatch)' stroke='{RED_DARK}'/>",
        f"<text x='{x + 244}' y='{y + 10}' font-size='11' fill='#000'>LATE: past the limit</text>",
        f"<rect x='{x + 390}' y='{y + 1}' width='28' height='10' fill='{GREEN}' stroke='{GREEN_DARK}'/>",
        f"<text x='{x + 424}' y='{y + 10}' font-size='11' fill='#000'>met: done within the limit</text>",
        f"<rect x='{x + 600}' y='{y}' width='28' height='12' fill='none' stroke='#000' stroke-dasharray='4 3'/>",
        f"<text x='{x + 634}' y='{y + 10}' font-size='11' fill='#000'>open: end event not in the timeline</text>",
    ]
    return "<g class='legend'>" + "".join(parts) + "</g>"


def _wrap(parts: list[str], height: float, p: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' id='{p}' class='timeline' width='{WIDTH}' height='{int(height)}' "
        f"viewBox='0 0 {WIDTH} {int(height)}' role='img' aria-label='Timeline and policy clocks' {FONT}>"
        f"<rect width='100%' height='100%' fill='#fff'/>" + "".join(parts) + "</svg>\n"
    )
