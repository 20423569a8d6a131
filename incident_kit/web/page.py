"""The preview page: one self-contained HTML file with the comment as Bugzilla renders it, the
findings beside the blocks they concern, and the timeline picture.

The page has inline CSS, no script, no external font, image or link it loads, and a Content
Security Policy that forbids scripts altogether: text from a report can never run in it. It is
readable without JavaScript: each finding links to its line (``#line-N``) and ``:target`` CSS
highlights the block it lands on. Output depends only on the input and the options.

A YAML draft is previewed through the Markdown ``incident-kit render`` writes for it: that Markdown
is what Bugzilla will show, and the findings are those of that Markdown (the same findings as the
draft's, see the acceptance tests), with the draft's bug metadata and posting date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document
    from incident_kit.lint.engine import FileResult
    from incident_kit.lint.rule import Finding
    from incident_kit.deadlines.clocks import Clock
    from incident_kit.web.bugzilla import Block

SEVERITIES = ("error", "warning", "notice")


@dataclass
class Preview:
    """Everything the page shows, computed once."""

    path: str
    markdown: str  # the comment text (a draft's rendered Markdown)
    result: "FileResult"
    blocks: list["Block"] = field(default_factory=list)
    clocks: list["Clock"] = field(default_factory=list)
    doc: Optional["Document"] = None
    bug_id: Optional[int] = None

    @property
    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in SEVERITIES}
        for f in self.result.visible:
            counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
        return counts


def build_preview(
    text: str,
    path: str,
    *,
    as_of: Optional[date] = None,
    whiteboard: Optional[str] = None,
    title: Optional[str] = None,
    render: bool = True,
) -> Preview:
    """Lint and render ``text`` (a YAML draft or a posted report). A draft that cannot be read or
    does not validate gives a preview with only its findings (IK001 / IK004), as lint does; so
    does report text that is not usable. ``render=False`` skips the Bugzilla rendering (the
    timeline alone needs no cmarkgfm). Raises MissingDependency without cmarkgfm."""
    from incident_kit.errors import DraftError, InputError
    from incident_kit.lint.engine import invalid_draft_result, lint_document, unreadable_result, with_bug_overrides
    from incident_kit.lint.rule import Context
    from incident_kit.sources import is_draft, read_text
    from incident_kit.rules.ik7_deadlines import report_clocks
    from incident_kit.web.bugzilla import render_blocks

    bug = None
    markdown = text
    if is_draft(path, text):
        from incident_kit.sources.yaml import load
        from incident_kit.sources.yaml.to_document import document_from
        from incident_kit.drafting.render import RenderError, render

        try:
            loaded = load(text, path)
            markdown = render(loaded.model)
        except InputError as err:
            return Preview(path, "", unreadable_result(err, path))
        except DraftError as err:
            return Preview(path, "", invalid_draft_result(err, path))
        except RenderError as err:
            return Preview(path, "", unreadable_result(InputError(str(err), path), path))
        bug = document_from(loaded).bug
        posted = getattr(loaded.model.bug, "posted", None)
        if as_of is None and posted is not None:
            as_of = posted.date()
    ctx = Context(as_of=as_of, whiteboard=whiteboard, title=title)
    try:
        doc = read_text(markdown, path, as_of=as_of, draft=False)
    except InputError as err:
        return Preview(path, markdown, unreadable_result(err, path))
    if bug is not None:
        doc = dataclasses.replace(doc, bug=bug)
    doc = with_bug_overrides(doc, ctx)
    result = lint_document(doc, ctx)
    clocks = report_clocks(doc, ctx)
    bug_id = doc.bug.bug_id
    blocks = render_blocks(markdown, bug_id=bug_id) if render else []
    return Preview(path, markdown, result, blocks, clocks, doc, bug_id)


def build_bug_preview(record: Any, options: Any) -> Preview:
    """The preview of a bug fetched from Bugzilla (a :class:`BugRecord`): its latest report comment
    (else its first comment) as Bugzilla renders it, with the findings ``lint --bug`` gives, the
    bug-level IKB ones included, and the report's clocks judged with the bug's own dates.
    Raises MissingDependency without cmarkgfm."""
    from incident_kit.lint.bugs import lint_bug, report_options
    from incident_kit.rules.ik7_deadlines import report_clocks
    from incident_kit.web.bugzilla import render_blocks

    judged = lint_bug(record, options)
    target = judged.target
    markdown = target.comment.raw_text if target is not None else ""
    blocks = render_blocks(markdown, bug_id=record.id)
    doc = target.doc if target is not None else None
    clocks: list = []
    if doc is not None:
        ctx = report_options(judged.view, target, options).context()
        ctx.bug = judged.view
        clocks = report_clocks(doc, ctx)
    return Preview(judged.result.path, markdown, judged.result, blocks, clocks, doc, record.id)


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

CSS = """
:root { --error: #b71c1c; --warning: #8a4b00; --notice: #0d47a1; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; background: #f5f5f7; }
header.top { background: #fff; border-bottom: 1px solid #ccc; padding: 12px 20px; }
header.top h1 { font-size: 18px; margin: 0 0 6px; }
.summary { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; margin: 4px 0; }
.count { padding: 2px 10px; border-radius: 10px; border: 1px solid currentColor; font-weight: 600; }
.count.error, .finding.error .sev { color: var(--error); }
.count.warning, .finding.warning .sev { color: var(--warning); }
.count.notice, .finding.notice .sev { color: var(--notice); }
details.all { margin-top: 6px; }
details.all ol { margin: 6px 0; padding-left: 22px; }
main { padding: 12px 20px 40px; }
h2.part { font-size: 16px; margin: 18px 0 8px; }
.rows { background: #fff; border: 1px solid #ccc; }
.row { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); border-top: 1px solid #eee; }
.row:first-child { border-top: 0; }
.row:target, .row:has(.anchor:target) { background: #fff8d6; }
.lines { grid-column: 1 / -1; font: 11px monospace; color: #777; padding: 2px 12px 0; }
.bz { padding: 4px 16px 8px; overflow-wrap: anywhere; }
aside.findings { border-left: 3px solid #eee; padding: 4px 12px 8px; font-size: 13px; }
aside.findings:empty { border-left-color: transparent; }
aside.findings ul { list-style: none; margin: 0; padding: 0; }
.finding { margin: 4px 0 8px; padding-left: 8px; border-left: 4px solid #999; }
.finding.error { border-left-color: var(--error); }
.finding.warning { border-left-color: var(--warning); border-left-style: dashed; }
.finding.notice { border-left-color: var(--notice); border-left-style: dotted; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 11px; }
.code { font-family: monospace; font-weight: 700; }
.cite, .help { color: #555; font-size: 12px; }
.help::before { content: "help: "; font-weight: 600; }
.anchor { display: block; position: relative; top: -8px; }
.timeline-wrap { background: #fff; border: 1px solid #ccc; padding: 8px; overflow-x: auto; }
.timeline-wrap svg { max-width: 100%; height: auto; }
/* Bugzilla's comment look */
.markdown-body { font-size: 14px; }
.markdown-body h1 { font-size: 1.6em; } .markdown-body h2 { font-size: 1.4em; } .markdown-body h3 { font-size: 1.2em; }
.markdown-body h4, .markdown-body h5, .markdown-body h6 { font-size: 1em; }
.markdown-body h1, .markdown-body h2, .markdown-body h3, .markdown-body h4 { margin: .6em 0 .4em; font-weight: 600; }
.markdown-body p { margin: .4em 0; }
.markdown-body table { border-collapse: collapse; margin: .5em 0; }
.markdown-body th, .markdown-body td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }
.markdown-body th { background: #f0f0f0; }
.markdown-body code { font-family: "Fira Mono", Menlo, Consolas, monospace; background: #f2f2f2; padding: 0 3px; border-radius: 3px; }
.markdown-body pre { background: #f2f2f2; padding: 8px; overflow-x: auto; }
.markdown-body blockquote { border-left: 3px solid #ccc; margin: .4em 0; padding-left: 10px; color: #555; }
.markdown-body a { color: #0060df; }
.notice-box { color: #555; font-size: 12px; }
@media print { body { background: #fff; } .row { break-inside: avoid; } a { color: inherit; } }
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; form-action 'none'; base-uri 'none'"


def _finding_html(f: "Finding", index: int) -> str:
    sev = f.severity.value
    line = f'<a href="#line-{f.line}">line {f.line}</a>' if f.line else '<a href="#report">whole report</a>'
    cites = f'<div class="cite">{escape("; ".join(f.citations))}</div>' if f.citations else ""
    help_ = f'<div class="help">{escape(f.suggestion)}</div>' if f.suggestion else ""
    return (
        f'<li class="finding {sev}" id="finding-{index}" data-code="{escape(f.code)}" data-line="{f.line or ""}">'
        f'<span class="sev">{sev}</span> <span class="code">{escape(f.code)}</span> {line}: {escape(f.message)}{cites}{help_}</li>'
    )


def _owner_rows(p: Preview) -> tuple[dict[int, int], int]:
    """Which row owns each source line: the block that covers it, else the next block, else the
    last one. Returns (line -> row index, number of lines)."""
    n = max([p.markdown.count("\n") + 1] + [f.line or 0 for f in p.result.findings])
    owner: dict[int, int] = {}
    b = 0
    for line in range(1, n + 1):
        while b < len(p.blocks) - 1 and p.blocks[b].last < line:
            b += 1
        owner[line] = b
    return owner, n


def comment_rows(p: Preview) -> str:
    """The rendered comment as rows: each top-level block with the findings on its lines."""
    visible = [(i, f) for i, f in enumerate(p.result.findings) if not f.suppressed]
    general = [(i, f) for i, f in visible if not f.line]
    out = [f'<div class="row" id="report"><div class="bz notice-box">Findings about the whole report appear here; '
           f'the others beside the block of the line they concern.</div><aside class="findings">'
           f'{_ul(general)}</aside></div>']
    if not p.blocks:
        lines = sorted({f.line for _, f in visible if f.line})
        marks = "".join(f'<span class="anchor" id="line-{line}"></span>' for line in lines)
        out.append(f'<div class="row">{marks}<div class="bz notice-box">Nothing to render.</div><aside class="findings">'
                   + _ul([(i, f) for i, f in visible if f.line]) + "</aside></div>")
        return "".join(out)
    owner, n = _owner_rows(p)
    anchors: dict[int, list[int]] = {}
    for line in range(1, n + 1):
        anchors.setdefault(owner[line], []).append(line)
    per_row: dict[int, list[tuple[int, "Finding"]]] = {}
    for i, f in visible:
        if f.line:
            per_row.setdefault(owner[f.line], []).append((i, f))
    for r, block in enumerate(p.blocks):
        marks = "".join(f'<span class="anchor" id="line-{line}"></span>' for line in anchors.get(r, []))
        span = f"line {block.first}" if block.first == block.last else f"lines {block.first}\u2013{block.last}"
        out.append(
            f'<div class="row" data-first="{block.first}" data-last="{block.last}">{marks}<div class="lines">{span}</div>'
            f'<div class="bz markdown-body">{block.html}</div><aside class="findings">{_ul(per_row.get(r, []))}</aside></div>'
        )
    return "".join(out)


def _ul(items: list[tuple[int, "Finding"]]) -> str:
    return "<ul>" + "".join(_finding_html(f, i) for i, f in items) + "</ul>" if items else ""


def summary_html(p: Preview) -> str:
    counts = p.counts
    words = {"error": "errors", "warning": "warnings", "notice": "notices"}
    parts = [f'<span class="count {s}" data-severity="{s}">{counts[s]} {words[s] if counts[s] != 1 else s}</span>' for s in SEVERITIES]
    visible = [(i, f) for i, f in enumerate(p.result.findings) if not f.suppressed]
    listing = "".join(
        f'<li class="finding {f.severity.value}"><a href="{_target(f)}">{escape(f.code)} '
        f'{"line " + str(f.line) if f.line else "report"}</a>: {escape(_clip(f.message))}</li>'
        for i, f in visible
    )
    details = f'<details class="all"><summary>All findings</summary><ol>{listing}</ol></details>' if listing else ""
    return f'<div class="summary" id="summary">{"".join(parts)}</div>{details}'


def _target(f: "Finding") -> str:
    return f"#line-{f.line}" if f.line else "#report"


def _clip(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def timeline_html(p: Preview) -> str:
    from incident_kit.web.timeline import timeline_svg

    if p.doc is None:
        return '<p class="notice-box">No timeline: the input could not be read.</p>'
    return timeline_svg(p.doc, p.clocks)


def page_html(p: Preview) -> str:
    """The whole self-contained page."""
    name = escape(p.path)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Bugzilla preview: {name}</title><style>{CSS}</style></head><body>"
        f'<header class="top"><h1>Bugzilla preview: {name}</h1>{summary_html(p)}</header><main>'
        '<h2 class="part">The comment as Bugzilla shows it, with the findings beside their lines</h2>'
        f'<div class="rows" id="comment">{comment_rows(p)}</div>'
        '<h2 class="part">Timeline and policy clocks</h2>'
        f'<div class="timeline-wrap" id="timeline">{timeline_html(p)}</div>'
        '<p class="notice-box">Rendered offline with cmark-gfm and Bugzilla\'s options. Bug links lack the status and '
        "summary Bugzilla adds from its database.</p></main></body></html>\n"
    )


def fragments(p: Preview) -> dict[str, Any]:
    """The parts the editing page replaces as you type."""
    return {
        "summary": summary_html(p),
        "comment": comment_rows(p),
        "timeline": timeline_html(p),
        "markdown": p.markdown,
        "counts": p.counts,
    }
