"""Golden tests of the Bugzilla comment rendering (incident_kit.web.bugzilla).

Each expected HTML below was written by hand from Bugzilla's rules (cmark-gfm with hard breaks and
the autolink, tagfilter, table and strikethrough extensions; raw ``<`` shown literally; images
removed; external links marked; "bug N" / "comment N" linked only in text whose direct parent is a
heading, paragraph, list item or data cell), not copied from the renderer's output. The first group
are the cases of Bugzilla's own Markdown unit test.
"""

from __future__ import annotations

import pytest

from incident_kit.web.bugzilla import MissingDependency, render_comment

BZ = "https://bugzilla.mozilla.org/show_bug.cgi?id="
EXT = 'rel="nofollow noreferrer" target="_blank"'

BUGZILLA_OWN = [
    ("# header", "<h1>header</h1>\n"),
    ("`code snippet`", "<p><code>code snippet</code></p>\n"),
    ("https://www.mozilla.org", f'<p><a href="https://www.mozilla.org" {EXT}>https://www.mozilla.org</a></p>\n'),
    ("~~strikethrough~~", "<p><del>strikethrough</del></p>\n"),
    (
        "| Col1 | Col2 |\n| ---- |:----:|\n| val1 | val2 |\n",
        "<table>\n<thead>\n<tr>\n<th>Col1</th>\n<th align=\"center\">Col2</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>val1</td>\n<td align=\"center\">val2</td>\n</tr>\n</tbody>\n</table>\n",
    ),
    ("<foo>", "<p>&lt;foo&gt;</p>\n"),
    ("<https://example.org/a/b.java#101>", f'<p><a href="https://example.org/a/b.java#101" {EXT}>https://example.org/a/b.java#101</a></p>\n'),
    # A table right after a paragraph line, without a blank line, is still a table.
    ("Affected:\n| a | b |\n|---|---|\n| 1 | 2 |", "<p>Affected:</p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
     "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"),
]

TRICKY = [
    # Escaped pipes stay in their cell, in text and in code.
    (
        "| Type | Note |\n|---|---|\n| OV \\| EV | `O \\| OU` |\n",
        "<table>\n<thead>\n<tr>\n<th>Type</th>\n<th>Note</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td>OV | EV</td>\n<td><code>O | OU</code></td>\n</tr>\n</tbody>\n</table>\n",
    ),
    # An unescaped pipe adds a cell; cells beyond the header are dropped, short rows padded.
    (
        "| a | b |\n|---|---|\n| x | y | z |\n| only |\n",
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>x</td>\n<td>y</td>\n</tr>\n"
        "<tr>\n<td>only</td>\n<td></td>\n</tr>\n</tbody>\n</table>\n",
    ),
    # Every newline inside a paragraph is a line break.
    ("first line\nsecond line\nthird", "<p>first line<br>\nsecond line<br>\nthird</p>\n"),
    # Raw HTML is shown as typed; nothing of it runs.
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
    ('<img src="x" onerror="alert(1)">', "<p>&lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt;</p>\n"),
    ("<!-- reviewer note -->", "<p>&lt;!-- reviewer note --&gt;</p>\n"),
    # An e-mail in angle brackets keeps its brackets; the address itself is auto-linked.
    ("Write to <ops@example.com>.", f'<p>Write to &lt;<a href="mailto:ops@example.com" {EXT}>ops@example.com</a>&gt;.</p>\n'),
    # Images are removed, the rest of the paragraph stays.
    ("See ![diagram](https://example.com/d.png) here.", "<p>See  here.</p>\n"),
    # Bare URLs and www. addresses are linked, and marked as leaving Bugzilla.
    ("CPS at www.example.com/cps.pdf", f'<p>CPS at <a href="http://www.example.com/cps.pdf" {EXT}>www.example.com/cps.pdf</a></p>\n'),
    # "bug N", "bug N comment M" and "comment N" become links in paragraphs and list items ...
    (
        "See bug 1234567 comment 5, comment 3 and Bug #42.",
        f'<p>See <a class="bz_bug_link" href="{BZ}1234567#c5">bug 1234567 comment 5</a>, '
        f'<a class="bz_comment_link" href="{BZ}1999999#c3">comment 3</a> and '
        f'<a class="bz_bug_link" href="{BZ}42">Bug #42</a>.</p>\n',
    ),
    ("- fixed in bug 7", f'<ul>\n<li>fixed in <a class="bz_bug_link" href="{BZ}7">bug 7</a></li>\n</ul>\n'),
    # ... and in data cells, but not in bold, code or header cells.
    (
        "| bug 11 | x |\n|---|---|\n| bug 12 | **bug 13** `bug 14` |\n",
        "<table>\n<thead>\n<tr>\n<th>bug 11</th>\n<th>x</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        f'<td><a class="bz_bug_link" href="{BZ}12">bug 12</a></td>\n<td><strong>bug 13</strong> <code>bug 14</code></td>\n'
        "</tr>\n</tbody>\n</table>\n",
    ),
    # Links to Bugzilla itself are not marked external.
    (f"[the bug]({BZ}5)", f'<p><a href="{BZ}5">the bug</a></p>\n'),
    # No task lists, no footnotes, no smart quotes.
    ("- [ ] open item", "<ul>\n<li>[ ] open item</li>\n</ul>\n"),
    ("It's \"quoted\" -- ok", "<p>It&#39;s &quot;quoted&quot; -- ok</p>\n"),
    # A line of dashes under text makes a heading.
    ("Timeline\n---", "<h2>Timeline</h2>\n"),
    # Markdown switched off: paragraphs and line breaks only, links still made.
    (
        "#[markdown(off)]\n**not bold** see bug 5\nnext line\n\n<b>para</b>",
        f'<p>**not bold** see <a class="bz_bug_link" href="{BZ}5">bug 5</a><br>\nnext line</p>\n<p>&lt;b&gt;para&lt;/b&gt;</p>\n',
    ),
]


@pytest.mark.parametrize("source,expected", BUGZILLA_OWN + TRICKY, ids=lambda v: v[:30] if isinstance(v, str) else None)
def test_rendering_matches_bugzilla_rules(source: str, expected: str) -> None:
    assert render_comment(source, bug_id=1999999) == expected


def test_comment_link_without_a_bug_number_stays_on_the_page() -> None:
    assert render_comment("comment 2") == '<p><a class="bz_comment_link" href="#c2">comment 2</a></p>\n'


def test_replacement_characters_in_the_source_cannot_smuggle_a_tag() -> None:
    # Bugzilla deletes U+FFFD before hiding "<" behind it; a typed U+FFFD must not become "&lt;".
    assert render_comment("a \ufffd b") == "<p>a  b</p>\n"


def test_missing_cmarkgfm_is_one_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def no_cmark(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "cmarkgfm":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_cmark)
    with pytest.raises(MissingDependency, match=r"pip install 'incident-kit\[web\]'"):
        render_comment("x")


def test_rendering_frees_what_cmark_allocates() -> None:
    """cmarkgfm's wrapper leaks the document tree and the HTML buffer on every call; a long-running
    serve renders on every edit. 2,000 renders of a 10 KB comment must not grow the process by more
    than a few MiB (the wrapper's leak is about 80 MiB here)."""
    from pathlib import Path

    from incident_kit.web.bugzilla import _cmark, _release

    def rss_kib() -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc (Linux) to read the process's memory")
    assert _release() is not None
    text = "## Report\n\n| a | b |\n|---|---|\n| x | ~~y~~ |\n\n" + "A line with bug 123 and www.example.com.\n" * 250
    for i in range(200):
        _cmark(text + str(i))
    before = rss_kib()
    for i in range(2000):
        _cmark(text + str(i))
    assert rss_kib() - before < 8 * 1024
