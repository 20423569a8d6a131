"""The reader's cheap prefilters (issue 9): each one only skips work whose answer it knows, so each
test shows a text the prefilter must let through, with the answer of the full search, and one it
may skip."""

from __future__ import annotations

from incident_kit.sources.markdown import kinds


# --- kinds.says_preliminary: only the lines holding "report" are searched ---------------------------------


def test_says_preliminary_finds_the_line_among_others_whatever_its_case() -> None:
    text = "Some words first.\n\nTHIS IS OUR PRELIMINARY REPORT on the matter.\nMore words after."
    assert kinds.says_preliminary(text)


def test_says_preliminary_keeps_a_title_line_anchor_on_a_searched_line() -> None:
    # "^" must still see the start of the line, though the lines before it are left out
    text = "We looked into it.\n## Preliminary Incident Report\nDetails follow."
    assert kinds.says_preliminary(text)
    assert not kinds.says_preliminary("We looked into it.\nA word then preliminary incident report")


def test_says_preliminary_promise_of_the_full_report() -> None:
    assert kinds.says_preliminary("Summary.\nWe will post a full incident report by Friday.\n")
    assert kinds.says_preliminary("Summary.\nThe full report, once reviewed, will follow.\n")


def test_says_preliminary_does_not_join_words_across_lines() -> None:
    # the words of a match split over two lines are no match, with or without the prefilter
    assert not kinds.says_preliminary("this is a preliminary\nreport")
    assert not kinds.says_preliminary("no such word here at all")
