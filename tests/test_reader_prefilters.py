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


# --- outline._may_open_topic: lines that cannot open a legacy topic skip topic_head's searches ----------

from incident_kit.sources.markdown import blocks, outline  # noqa: E402


def _lines(text: str) -> list[blocks.Line]:
    return [ln for ln in blocks.classify(text.split("\n")).lines if ln.kind != blocks.BLANK]


def _head(text: str) -> tuple[int, bool, bool] | None:
    (line,) = _lines(text)
    head = outline.topic_head(line)
    return (head.n, head.by_question, head.label_only) if head else None


def test_topic_prefilter_lets_through_each_way_a_topic_opens() -> None:
    # the template's question, its words spread by emphasis and extra spaces
    assert _head("How  **your CA** first became aware of the problem") == (1, True, False)
    # a number after emphasis marks and white space
    assert _head("_ *3. Whether issuance has stopped*") == (3, False, False)
    assert _head("(4) Summary of the affected certificates") == (4, False, False)
    assert _head("Q6 - Why the mistake was made") == (6, False, False)
    assert _head("Topic 7: remediation plan") == (7, False, False)
    # a short unnumbered label (a colon) and a heading
    assert _head("Root cause analysis:") == (6, False, True)
    assert _head("## Timeline") == (2, False, True)


def test_topic_prefilter_skips_prose_and_keeps_the_answer_none() -> None:
    line = _lines("The team reviewed 12 certificates on 2024-05-01 and found nothing more.")[0]
    assert not outline._may_open_topic(line, line.text)
    assert outline.topic_head(line) is None
    # "8." is not a topic number, but the text is let through the full check all the same
    assert outline.topic_head(_lines("8. Root cause of the mistake")[0]) is None
    # a dated timeline line: its "2" is a year's, its colon follows digits
    line = _lines("2024-05-01 10:00 UTC: we deployed the fix")[0]
    assert not outline._may_open_topic(line, line.text)
    line = _lines("12. Root cause of the mistake")[0]
    assert not outline._may_open_topic(line, line.text)
    assert outline.topic_head(line) is None


def test_topic_prefilter_lets_a_digit_after_the_label_colon_through() -> None:
    # the label is the text before the first colon; digits after it do not matter
    assert _head("Timeline of events: 2024-05-01 first report") == (2, False, True)
    assert _head("2) Timeline: 2024-05-01 first report") == (2, False, False)


def test_topic_prefilter_lets_non_ascii_text_through() -> None:
    # norm folds a no-break space to a space: the question is still the template's
    assert _head("How\u00a0your CA first became aware of it") == (1, True, False)
    # re folds the dotless i of "Tımeline" to "i" in the subject search
    assert _head("2. Tımeline of events") == (2, False, False)


# --- outline.inline_questions: a line without the questions' words has none ------------------------------


def test_inline_question_prefilter_lets_a_question_through_in_any_case() -> None:
    text = "We did this. 2. A TIMELINE OF THE ACTIONS your CA took. On Monday we acted."
    found = outline.inline_questions(text)
    assert [n for n, _, _ in found] == [2]
    assert outline.inline_questions("Nothing of the sort is written here.") == []


def test_inline_question_prefilter_lets_non_ascii_text_through() -> None:
    # re's case-insensitive search reads the dotless "ı" as "i"; str.lower() does not, so text that
    # is not ASCII goes to the full search
    text = "Intro. 2. A tımeline of the actions your CA took. Answer."
    assert [n for n, _, _ in outline.inline_questions(text)] == [2]


# --- vocab.split_label / bold_only and normalise.norm: one-character gates ------------------------------

from incident_kit.sources.markdown import vocab  # noqa: E402
from incident_kit.text.normalise import label_key, norm  # noqa: E402


def test_label_gates_let_each_label_form_through() -> None:
    # bold needs "*" or "_" first; a plain label needs a colon
    assert vocab.split_label("**Incident description:** it broke") == ("Incident description", "it broke", 26, True)
    assert vocab.split_label("_Impact_: none") == ("Impact", "none", 10, True)
    assert vocab.split_label("Impact: none") == ("Impact", "none", 8, False)
    assert vocab.split_label("Impact none") is None
    assert vocab.split_label("*not closed") is None
    assert vocab.bold_only("  __Timeline__ ") == "Timeline"
    assert vocab.bold_only("**Root Cause**:") == "Root Cause"
    assert vocab.bold_only("*Timeline*") is None


def test_norm_strips_emphasis_at_either_end_and_folds_white_space() -> None:
    # emphasis only at the end, only at the start, and nested with spaces: each still stripped
    assert norm("Root Cause(s):**") == "root cause(s)"
    assert norm("__ **Impact** __") == "impact"
    assert norm("Time\u00a0line\t \n of  events") == "time line of events"
    assert label_key("**Root  (Cause)s:**") == "root causes"


def test_clean_value_strips_the_same_marks_as_the_pattern_it_replaced() -> None:
    # the former definition: a leading run and a trailing run of white space or marks removed
    import random
    import re

    from incident_kit.text.normalise import _QUOTES, clean_value

    pattern = re.compile(r"^[\s*_`]+|(?<![\s*_`])[\s*_`]+$")
    rnd = random.Random(9)
    alphabet = " *_`\t\n\u00a0\u2003\u201c\u2019\x1c\x85ab."
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert clean_value(text) == pattern.sub("", " ".join(text.translate(_QUOTES).split())), repr(text)
    assert clean_value(" **`A000123`** ") == "A000123"
    assert clean_value("_a * b_") == "a * b"  # marks inside the value stay


def test_folds_skip_ascii_text_only_because_no_table_maps_an_ascii_character() -> None:
    # normalise, clean_value and norm leave ASCII text untranslated (and not NFKC-normalised):
    # exact only while no folding table has an ASCII key, and ASCII is its own NFKC form.
    import random
    import unicodedata

    from incident_kit.text import normalise as N

    for table in (N._FOLD, N._QUOTES, N._LABEL_FOLD):
        assert table and all(code >= 128 for code in table)
    assert all(unicodedata.normalize("NFKC", chr(c)) == chr(c) for c in range(128))
    rnd = random.Random(21)
    alphabet = " *_`[]()<>:/.\t\nab\u00a0\u2013\u201c\u2019\uff1a\ufb01"
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16)))
        # normalise as it was defined before the ASCII test, step by step
        before = unicodedata.normalize("NFKC", text).translate(N._FOLD)
        before = N._EMPHASIS_MARKS_RE.sub("", N._BARE_URL_RE.sub(" ", N._LINK_RE.sub(r"\1", before)))
        assert N.normalise(text) == " ".join(before.split()), repr(text)
        # norm translates once (a second translation changes nothing): as if it always did
        assert N.norm.__wrapped__(text) == N.norm.__wrapped__(text.translate(N._LABEL_FOLD)), repr(text)


def test_label_key_drops_quotes_and_brackets_whether_or_not_it_translates() -> None:
    import random

    from incident_kit.text import normalise as N

    rnd = random.Random(13)
    alphabet = "ab \"'()[]*:\u2019"
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert N.label_key.__wrapped__(text) == N.norm(text).translate(N._KEY_DROP).replace("  ", " "), repr(text)


def test_normalise_substitutions_run_whenever_they_could_match() -> None:
    # Links, bare URLs and emphasis marks, glued to words in random order: the text that skips a
    # substitution only does so when that substitution had nothing to change.
    import random

    from incident_kit.text import normalise as N

    tokens = ["[crt.sh](https://crt.sh/?id=1)", "https://x.example/a", "(http://y.example)", "<https://z.example>",
              "http", "[", "]", "(", ")", "*", "**", "_", "`", "word", " ", "\u2019", "HTTP://UP.EXAMPLE"]
    rnd = random.Random(23)
    for _ in range(3000):
        text = "".join(rnd.choice(tokens) for _ in range(rnd.randint(0, 8)))
        before = N._EMPHASIS_MARKS_RE.sub("", N._BARE_URL_RE.sub(" ", N._LINK_RE.sub(r"\1", text.translate(N._FOLD))))
        assert N.normalise(text) == " ".join(before.split()), repr(text)


def test_line_break_fold_skips_only_text_without_an_odd_break() -> None:
    import random

    rnd = random.Random(5)
    alphabet = "ab \n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\u00e9"
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert source.normalise(text) == text.translate(source._EXTRA_BREAKS), repr(text)


# --- source: page furniture and fences need their characters ("•", "→" and ":", three ` or ~) ----------

from incident_kit.sources.markdown import source  # noqa: E402


def test_page_furniture_gates_let_the_furniture_through() -> None:
    text = (
        "Comment 2\u2022 3 days ago\n"
        "Our words.\n"
        "Status: NEW \u2192 ASSIGNED\n"
        "Ever confirmed: true\n"
        "More words.\n"
        "Updated \u2022 yesterday\n"
    )
    src = source.prepare(text)
    assert src.lines == ["", "Our words.", "", "", "More words.", ""]


def test_fence_gate_lets_both_fence_kinds_through() -> None:
    text = "   ~~~~\n> inside a fence\n~~~~\n```\n> also inside\n```\n> a quote\n"
    src = source.prepare(text)
    assert src.lines[1] == "> inside a fence" and src.lines[4] == "> also inside"
    assert src.lines[6] == ""  # outside the fences the reply quote is skipped


def test_question_lines_of_a_document_let_through_each_line_with_a_question() -> None:
    lines = _lines(
        "Intro line without any.\n\n"
        "Then 2. A TIMELINE of the actions your CA took, with answers.\n\n"
        "Later: 6. explanation about how and why it happened.\n\n"
        "Café 7. Liſt of steps your CA is taking.\n\n"
        "Nothing here either."
    )
    asked = outline._question_lines(lines)
    assert asked == {lines[1].no, lines[2].no, lines[3].no}  # the non-ASCII line always
    assert all(outline.inline_questions(ln.text) == [] for ln in lines if ln.no not in asked)
    assert [n for n, _, _ in outline.inline_questions(lines[1].text)] == [2]


# --- timestamps.zone_declaration: a declaration names times, dates or events -----------------------------

from incident_kit.text import timestamps  # noqa: E402


def test_zone_declaration_prefilter_lets_each_subject_through() -> None:
    assert timestamps.zone_declaration("ALL TIMESTAMPS ARE UTC+2") == "+02:00"
    assert timestamps.zone_declaration("Dates and times: PDT") == "PDT"
    assert timestamps.zone_declaration("All events in CET.") == "CET"
    assert timestamps.zone_declaration("Timeline (UTC)") == "UTC"
    assert timestamps.zone_declaration("We use UTC everywhere") is None
    # not ASCII: re reads the dotless "ı" as "i", so the text goes to the full search
    assert timestamps.zone_declaration("All tımes are UTC") == "UTC"


def test_every_wording_of_the_questions_holds_a_prefilter_word() -> None:
    for starts in outline._QUESTION_STARTS.values():
        for q in starts:
            assert any(w in q.split() for w in outline._QUESTION_WORDS), q


def test_reply_quote_gates_let_quotes_and_reply_lines_through() -> None:
    src = source.prepare("Our text.\n   > quoted three spaces in\n(In reply to someone from comment #2)\nMore text.\nx > y\n")
    assert src.lines == ["Our text.", "", "", "More text.", "x > y"]


def test_dayfirst_evidence_is_found_on_whichever_line_holds_it() -> None:
    # the numeric dates are found by one search over all the lines: each line that holds one counts
    assert timestamps.infer_dayfirst(["no dates", "on 17/01/2022 we", "then 2024-05-01"]) is True
    assert timestamps.infer_dayfirst(["a", "b 01/17/2022", "c"]) is False
    assert timestamps.infer_dayfirst(["17/01/2022", "01/17/2022"]) is None
    assert timestamps.infer_dayfirst(iter(["x", "14.03.2021 done"])) is True
    assert timestamps.infer_dayfirst([]) is None


def test_plain_label_gate_lets_quoted_and_lettered_labels_through() -> None:
    assert vocab.split_label("\u201cImpact\u201d: none") == ("\u201cImpact\u201d", "none", 10, False)
    assert vocab.split_label("'Quoted': yes") == ("'Quoted'", "yes", 10, False)
    assert vocab.split_label("10:00 UTC: we acted") is None


# --- values.factor_title: the leading-bold pattern only for a text that opens with "**" or "__" ----------

from incident_kit.sources.markdown import values  # noqa: E402


def test_factor_title_gate_lets_each_emphasis_form_through() -> None:
    assert values.factor_title(_lines("**Contributing Factor #1:** an expired check")[0]) == (1, "an expired check")
    assert values.factor_title(_lines("__Contributing Factor 2__: a missed review")[0]) == (2, "a missed review")
    assert values.factor_title(_lines("**Contributing Factor #3: all in bold**")[0]) == (3, "all in bold")
    assert values.factor_title(_lines("Contributing Factor 4 - plain")[0]) == (4, "plain")
    assert values.factor_title(_lines("Some other line")[0]) is None


# --- timeline._date_line_value: the weekday tail is looked for only when the line ends with ")" ----------

from incident_kit.sources.markdown import timeline  # noqa: E402


def test_date_line_tail_gate_lets_a_weekday_tail_through() -> None:
    ts = timeline.TimeSettings(zone=None, dayfirst=None, default_year=2024)
    value = timeline._date_line_value("**March 14 (Thursday)**:", ts)
    assert value is not None and value.value is not None and (value.value.month, value.value.day) == (3, 14)
    assert timeline._date_line_value("2024-07-08 (Mon) ", ts) is not None
    assert timeline._date_line_value("2024-07-08 we deployed (Mon) the fix", ts) is None


def test_comment_gate_and_fence_mask_reuse_keep_comments_and_fences_apart() -> None:
    # blanking the comment turns "-->```" into a fence opener: the mask must be computed again
    text = "<!-- c\n-->```\n> inside now\n```\n> outside\n"
    assert source.prepare(text).lines == ["", "   ```", "> inside now", "```", ""]
    # no comment at all: the comment step has nothing to do, the quote is still skipped
    assert source.prepare("no comment at all\n> quoted\n").lines == ["no comment at all", ""]
