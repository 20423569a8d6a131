"""Timestamps as CA staff write them, and text that only looks like one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, SHARED_MISSING, shared_dir
from incident_kit.text.timestamps import (
    AMBIGUOUS_ZONES,
    ZONE_OFFSETS,
    find_all_times,
    find_time,
    format_utc,
    infer_dayfirst,
    parse_time,
    resolve_zone,
    to_utc,
    zone_declaration,
)

# --------------------------------------------------------------------------------------------
# Formats: text -> (rendered value, has_time, has_zone, has_year, precision)
# --------------------------------------------------------------------------------------------

ZONED = [
    ("2024-11-01T13:45:00Z", "2024-11-01 13:45 UTC", "second"),
    ("2024-11-01T13:45Z", "2024-11-01 13:45 UTC", "minute"),
    ("2024-11-01T13:45:00.250Z", "2024-11-01 13:45 UTC", "second"),
    ("2024-11-01T13:45:00+00:00", "2024-11-01 13:45 UTC", "second"),
    ("2024-11-01T15:45+02:00", "2024-11-01 13:45 UTC", "minute"),
    ("2024-11-01T06:45-07:00", "2024-11-01 13:45 UTC", "minute"),
    ("2024-11-01 13:45 UTC", "2024-11-01 13:45 UTC", "minute"),
    ("2024-11-01 13:45UTC", "2024-11-01 13:45 UTC", "minute"),
    ("2024-11-01 13:45 utc", "2024-11-01 13:45 UTC", "minute"),
    ("2024-11-01 13:45:12 GMT", "2024-11-01 13:45 UTC", "second"),
    ("2024-11-01 13:45 +02:00", "2024-11-01 11:45 UTC", "minute"),
    ("2024-11-01 13:45 +0200", "2024-11-01 11:45 UTC", "minute"),
    ("2024-11-01 13:45 -05:00", "2024-11-01 18:45 UTC", "minute"),
    ("2024-11-01 13:45 (UTC+2)", "2024-11-01 11:45 UTC", "minute"),
    ("2024-11-01 13:45 UTC+8", "2024-11-01 05:45 UTC", "minute"),
    ("2024-11-01 13:45 GMT+8", "2024-11-01 05:45 UTC", "minute"),
    ("2024-11-01 13:45 UTC−7", "2024-11-01 20:45 UTC", "minute"),  # U+2212 minus sign
    ("2024-11-01 13:45 UTC+05:30", "2024-11-01 08:15 UTC", "minute"),
    ("2024-11-01 13:45 UTC+0530", "2024-11-01 08:15 UTC", "minute"),
    ("2018-07-30 16:31:25 PDT", "2018-07-30 23:31 UTC", "second"),
    ("2018-07-30 16:31 PDT (UTC-7)", "2018-07-30 23:31 UTC", "minute"),
    ("July 30, 2018 4:31 PM PDT", "2018-07-30 23:31 UTC", "minute"),
    ("July 30, 2018 4:31 p.m. PDT", "2018-07-30 23:31 UTC", "minute"),
    ("July 30, 2018 at 12:05 AM EDT", "2018-07-30 04:05 UTC", "minute"),
    ("July 30, 2018 12:05 PM EDT", "2018-07-30 16:05 UTC", "minute"),
    ("Sep 25, 2024 – 11:33 UTC", "2024-09-25 11:33 UTC", "minute"),
    ("Sep 25, 2024 — 11:33 UTC", "2024-09-25 11:33 UTC", "minute"),
    ("Sept. 25, 2024, 11:33 UTC", "2024-09-25 11:33 UTC", "minute"),
    ("25 Sep 2024 11:33 CEST", "2024-09-25 09:33 UTC", "minute"),
    ("01-Nov-2024 09:00 JST", "2024-11-01 00:00 UTC", "minute"),
    ("Monday, 4 November 2024 09:00 CET", "2024-11-04 08:00 UTC", "minute"),
    ("17/01/2022 14:05 UTC", "2022-01-17 14:05 UTC", "minute"),
    ("2024-11-01 3 PM UTC", "2024-11-01 15:00 UTC", "hour"),
    ("2024-11-01 13:45 Pacific Daylight Time", "2024-11-01 20:45 UTC", "minute"),
    ("2024-11-01 13:45 AEDT", "2024-11-01 02:45 UTC", "minute"),
    ("2024-11-01 13:45 NZDT", "2024-11-01 00:45 UTC", "minute"),
    ("2024-11-01 13:45 MSK", "2024-11-01 10:45 UTC", "minute"),
    ("2024-11-01 13:45 TRT", "2024-11-01 10:45 UTC", "minute"),
    ("2024-11-01 23:30 HKT", "2024-11-01 15:30 UTC", "minute"),
    ("2024-12-31 23:30 EST", "2025-01-01 04:30 UTC", "minute"),  # crosses the year
    ("2024-11-01 24:00 UTC", "2024-11-02 00:00 UTC", "minute"),  # end of day
    ("06:30 UTC on 2026-02-11", "2026-02-11 06:30 UTC", "minute"),
    ("2:17 PM PDT on June 14, 2021", "2021-06-14 21:17 UTC", "minute"),
]


@pytest.mark.parametrize("text,expected,precision", ZONED)
def test_zoned_formats(text: str, expected: str, precision: str) -> None:
    tv = parse_time(text)
    assert tv is not None, text
    assert format_utc(tv.value) == expected
    assert tv.value.utcoffset() == timedelta(0)
    assert (tv.has_time, tv.has_zone, tv.zone_declared, tv.has_year) == (True, True, False, True)
    assert tv.precision == precision
    assert not tv.ambiguous


DATES = [
    ("27 August 2019", date(2019, 8, 27), "day"),
    ("31st July 2018", date(2018, 7, 31), "day"),
    ("the 2nd of May 2023", date(2023, 5, 2), "day"),
    ("2018/07/31", date(2018, 7, 31), "day"),
    ("2018.07.31", date(2018, 7, 31), "day"),
    ("31.07.2018", date(2018, 7, 31), "day"),
    ("2024-11-01:", date(2024, 11, 1), "day"),  # IRG 2.0 date heading
    ("**2024-11-01**", date(2024, 11, 1), "day"),
    ("May 24, 2021", date(2021, 5, 24), "day"),
    ("March 15, 2028:", date(2028, 3, 15), "day"),
    ("Tue, Dec 3, 2024", date(2024, 12, 3), "day"),
    ("March 2024", date(2024, 3, 1), "month"),
    ("JUNE 2025", date(2025, 6, 1), "month"),
    ("17/01/2022", date(2022, 1, 17), "day"),
    ("01/17/2022", date(2022, 1, 17), "day"),
]


@pytest.mark.parametrize("text,expected,precision", DATES)
def test_dates_without_time(text: str, expected: date, precision: str) -> None:
    tv = parse_time(text, default_zone="UTC")
    assert tv is not None, text
    assert tv.date == expected
    # A calendar day is not an instant: it stays naive even under a zone declaration.
    assert tv.value.tzinfo is None
    assert (tv.has_time, tv.has_zone, tv.zone_declared, tv.has_year) == (False, False, False, True)
    assert tv.precision == precision
    assert not tv.ambiguous


def test_time_without_zone_is_naive_wall_time() -> None:
    tv = parse_time("2025-11-20 14:00")
    assert tv is not None
    assert tv.value == datetime(2025, 11, 20, 14, 0)
    assert tv.value.tzinfo is None
    assert tv.has_time and not tv.has_zone and not tv.zone_declared


@pytest.mark.parametrize(
    "zone,expected",
    [("UTC", "2024-11-01 01:33 UTC"), ("+02:00", "2024-10-31 23:33 UTC"), ("PDT", "2024-11-01 08:33 UTC")],
)
def test_declared_zone_applies_to_zoneless_times(zone: str, expected: str) -> None:
    tv = parse_time("2024-11-01 1:33", default_zone=zone)
    assert tv is not None
    assert format_utc(tv.value) == expected
    assert tv.has_zone and tv.zone_declared


def test_zone_in_text_wins_over_declaration() -> None:
    tv = parse_time("2024-11-01 13:45 UTC", default_zone="PDT")
    assert tv is not None
    assert format_utc(tv.value) == "2024-11-01 13:45 UTC"
    assert tv.has_zone and not tv.zone_declared


def test_unknown_default_zone_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars Time'"):
        parse_time("2024-11-01 13:45", default_zone="Mars Time")


@pytest.mark.parametrize("zone", ["UTC", "utc", "Z", "GMT", "PDT", "Pacific Daylight Time", "UTC+2", "+02:00", "PT", "IST"])
def test_default_zone_spellings(zone: str) -> None:
    assert parse_time("2024-11-01 13:45", default_zone=zone) is not None


# --------------------------------------------------------------------------------------------
# Missing year, day-first, ambiguity.
# --------------------------------------------------------------------------------------------


def test_missing_year_uses_default_year() -> None:
    tv = parse_time("June 14, 2:17 PM", default_year=2021, default_zone="PDT")
    assert tv is not None
    assert format_utc(tv.value) == "2021-06-14 21:17 UTC"
    assert not tv.has_year and tv.has_time and tv.zone_declared


def test_missing_year_without_default_still_reports_a_timestamp() -> None:
    tv = parse_time("on July the 31th")
    assert tv is not None
    assert tv.value is None and not tv.has_year
    tv = parse_time("on July the 31th", default_year=2018)
    assert tv is not None and tv.date == date(2018, 7, 31)


def test_yearless_feb_29_needs_a_leap_default_year() -> None:
    assert parse_time("Feb 29", default_year=2024).date == date(2024, 2, 29)
    assert parse_time("Feb 29", default_year=2023) is None


def test_day_month_without_year() -> None:
    tv = parse_time("14/03", default_year=2022)
    assert tv is not None and tv.date == date(2022, 3, 14) and not tv.has_year
    assert parse_time("05/04", dayfirst=True, default_year=2022).date == date(2022, 4, 5)
    assert parse_time("05/04", dayfirst=False, default_year=2022).date == date(2022, 5, 4)
    # Without a known convention, a pair of small numbers is as likely a fraction as a date.
    assert parse_time("05/04", default_year=2022) is None


def test_ambiguous_numeric_date_is_marked() -> None:
    tv = parse_time("05/03/2024 10:00 UTC")
    assert tv is not None and tv.ambiguous
    assert tv.date == date(2024, 5, 3)  # documented default: month first
    assert parse_time("05/03/2024 10:00 UTC", dayfirst=True).date == date(2024, 3, 5)
    assert not parse_time("05/03/2024 10:00 UTC", dayfirst=True).ambiguous
    assert not parse_time("03/03/2024").ambiguous  # same either way


def test_unambiguous_numeric_date_overrides_the_convention() -> None:
    assert parse_time("17/01/2022", dayfirst=False).date == date(2022, 1, 17)
    assert parse_time("01/17/2022", dayfirst=True).date == date(2022, 1, 17)


@pytest.mark.parametrize("abbr,hours", [("CST", -6), ("IST", 5.5)])
def test_ambiguous_zone_abbreviations(abbr: str, hours: float) -> None:
    tv = parse_time(f"2024-11-01 12:00 {abbr}")
    assert tv is not None and tv.ambiguous and tv.has_zone
    assert tv.value == datetime(2024, 11, 1, 12, tzinfo=timezone.utc) - timedelta(hours=hours)
    assert parse_time("2024-11-01 12:00", default_zone=abbr).ambiguous


def test_written_offset_settles_an_ambiguous_abbreviation() -> None:
    tv = parse_time("2024-11-01 12:00 CST (UTC+8)")
    assert tv is not None and not tv.ambiguous
    assert format_utc(tv.value) == "2024-11-01 04:00 UTC"


def test_long_name_is_not_ambiguous() -> None:
    tv = parse_time("2024-11-01 12:00 China Standard Time")
    assert tv is not None and not tv.ambiguous
    assert format_utc(tv.value) == "2024-11-01 04:00 UTC"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2025-07-04 12:00 PT", "2025-07-04 19:00 UTC"),  # daylight time
        ("2025-01-04 12:00 PT", "2025-01-04 20:00 UTC"),  # standard time
        ("2025-03-09 03:30 ET", "2025-03-09 07:30 UTC"),  # just after the spring change
        ("2025-03-09 01:30 ET", "2025-03-09 06:30 UTC"),  # just before it
        ("2025-11-02 00:30 Eastern Time", "2025-11-02 04:30 UTC"),
        ("2025-11-02 03:00 Eastern Time", "2025-11-02 08:00 UTC"),
        ("2006-04-01 12:00 PT", "2006-04-01 20:00 UTC"),  # pre-2007 rules: not yet daylight
        ("2006-04-02 12:00 PT", "2006-04-02 19:00 UTC"),
    ],
)
def test_generic_us_zones_follow_daylight_saving(text: str, expected: str) -> None:
    tv = parse_time(text)
    assert tv is not None
    assert format_utc(tv.value) == expected


def test_resolve_zone() -> None:
    assert resolve_zone("UTC+2").offset == 120
    assert resolve_zone("pacific daylight time").offset == -420
    assert resolve_zone("IST").ambiguous
    pt = resolve_zone("PT")
    assert pt.offset_at(datetime(2025, 7, 1, 12)) == -420
    assert pt.offset_at(datetime(2025, 12, 1, 12)) == -480
    assert resolve_zone("Mars Time") is None
    assert resolve_zone("UTC+15") is None  # no such offset


def test_zone_table_covers_the_usual_abbreviations() -> None:
    required = (
        "UTC GMT Z PST PDT MST MDT CST CDT EST EDT AKST AKDT HST BST IST CET CEST EET EEST WET WEST "
        "MSK JST KST HKT SGT AEST AEDT ACST AWST NZST NZDT TRT"
    ).split()
    assert set(required) <= set(ZONE_OFFSETS)
    assert {"CST", "IST"} <= AMBIGUOUS_ZONES <= set(ZONE_OFFSETS)
    assert ZONE_OFFSETS["IST"] == 330 and ZONE_OFFSETS["PDT"] == -420 and ZONE_OFFSETS["JST"] == 540


# --------------------------------------------------------------------------------------------
# Things that are not timestamps.
# --------------------------------------------------------------------------------------------

NOT_TIMES = [
    "v2.0.4", "TLS BR v2.2.6", "4.9.1.1", "section 4.9.1.1", "1.", "12.", "A000123", "RFC 5280",
    "212 certificates", "1,037 certificates", "Q1 2026", "H2 2025", "ASAP", "2024", "24/7",
    "3/4", "10/10", "50/50", "2025-02-30", "2025-13-01", "2025-00-10", "1999-02-29",
    "32 March 2024", "30/02/2024", "2024-11-01 25:00 UTC", "2024-11-01 13:61 UTC",
    "13:45", "bug 1961207", "1d510a8bb7906ca6", "OID 1.3.6.1.4.1.311", "10.0.0.1",
    "127.0.0.1:8080", "N/A", "TBD", "next week", "3 days", "22 h 25 min", "the 13th",
    "2024-11-01 13:45 UTC and more", "Mark 5", "may 5", "March", "2024-11-01 24:30 UTC",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_not_a_timestamp(text: str) -> None:
    assert parse_time(text, default_year=2024) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "We revoked 212 certificates under TLS BR v2.0.4 section 4.9.1.1 per RFC 5280.",
        "Serial A000123 and 1d510a8bb7906ca6d63a4af3aa8544637e288e55 were affected.",
        "Planned for Q1 2026, ASAP, with 24/7 monitoring and a 50/50 split.",
        "In March 3 certificates were issued; on May 12 new certificates followed.",
        "Score 10/10; ratio 12/24 nodes; see https://example.com/2024/11/01/post.",
        "We may 5 times retry; version 1.2.2 shipped.",
        "The window lasted 22 h 25 min and 3 days; build 2024.1 of the tool.",
    ],
)
def test_no_timestamps_in_sentences(sentence: str) -> None:
    assert find_all_times(sentence, default_year=2024) == []


# --------------------------------------------------------------------------------------------
# Timeline entries and sentences.
# --------------------------------------------------------------------------------------------

ENTRIES = [
    ("- 2025-09-18 10:30 UTC – Key ceremony held.", "2025-09-18 10:30 UTC", "Key ceremony held."),
    ("* 2025-09-18 10:30 UTC - Key ceremony held.", "2025-09-18 10:30 UTC", "Key ceremony held."),
    ("2025-09-18 10:30 UTC: Key ceremony held.", "2025-09-18 10:30 UTC", "Key ceremony held."),
    ("1. 2025-09-18 10:30 UTC — Key ceremony held.", "2025-09-18 10:30 UTC", "Key ceremony held."),
    ("- **2025-09-18 10:30 UTC**: Key ceremony held.", "2025-09-18 10:30 UTC", "Key ceremony held."),
    ("- **2025-09-18 10:30 UTC:** Key ceremony held.", "2025-09-18 10:30 UTC", "Key ceremony held."),
    ("> - 2025-09-18T10:30:00Z Key ceremony held.", "2025-09-18 10:30 UTC", "Key ceremony held."),
    ("| 2025-09-18 10:30 UTC | Key ceremony held. |", None, None),
    ("On June 14, 2021 at 2:17 PM PDT, an engineer noticed it.", "2021-06-14 21:17 UTC", "an engineer noticed it."),
    ("On March 2, 2022 at approximately 6:05 am UTC, a reporter wrote to us.", "2022-03-02 06:05 UTC", "a reporter wrote to us."),
    ("2024-03-05 around 14:05 UTC – Alert raised.", "2024-03-05 14:05 UTC", "Alert raised."),
]


@pytest.mark.parametrize("entry,expected,event", ENTRIES)
def test_find_time_at_entry_start(entry: str, expected: str | None, event: str | None) -> None:
    found = find_time(entry)
    if expected is None:
        assert found is None
        return
    assert found is not None
    tv, start, end = found
    assert format_utc(tv.value) == expected
    assert entry[start:start + len(tv.raw)] == tv.raw
    assert entry[end:] == event


def test_entry_with_date_only_and_declared_zone() -> None:
    tv, start, end = find_time("12 March 2019 – New request form introduced.", default_zone="UTC")
    assert tv.date == date(2019, 3, 12) and not tv.has_time and not tv.has_zone
    assert tv.raw == "12 March 2019"


def test_irg2_heading_and_clock_entries() -> None:
    """IRG 2.0: a ``YYYY-MM-DD:`` heading, then ``- HH:MM`` entries under "All times are UTC."."""
    heading = find_time("2024-07-08:")
    assert heading is not None and heading[0].date == date(2024, 7, 8) and heading[2] == len("2024-07-08:")
    tv, start, end = find_time("- 15:10 Policy Authority approves v4.4.", default_zone="UTC",
                               default_date=heading[0].date)
    assert format_utc(tv.value) == "2024-07-08 15:10 UTC"
    assert tv.zone_declared and tv.raw == "15:10"
    assert "- 15:10 Policy Authority approves v4.4."[end:] == "Policy Authority approves v4.4."
    # Without the heading's date a bare clock is not a timestamp.
    assert find_time("- 15:10 Policy Authority approves v4.4.") is None


def test_entry_not_starting_with_a_timestamp() -> None:
    assert find_time("- Key ceremony held on 2025-09-18 10:30 UTC.") is None
    found = find_time("- Key ceremony held on 2025-09-18 10:30 UTC.", anywhere=True)
    assert found is not None
    tv, start, end = found
    assert "- Key ceremony held on 2025-09-18 10:30 UTC."[start:end] == "2025-09-18 10:30 UTC"


def test_day_first_entries() -> None:
    tv, _, end = find_time("- 07/03/2022 05:00 UTC – Weekly scan fails.", dayfirst=True)
    assert format_utc(tv.value) == "2022-03-07 05:00 UTC" and not tv.ambiguous


def test_find_all_times_in_a_sentence() -> None:
    s = ("Between 2026-05-18 22:40 UTC and 2026-05-19 03:55 UTC the responders were stale; "
         "the runs of 14/03, 21/03 and 28/03 failed; the fix shipped on 4 April 2022 at 08:40 UTC.")
    found = find_all_times(s, default_year=2022)
    assert [tv.raw for tv, _, _ in found] == [
        "2026-05-18 22:40 UTC", "2026-05-19 03:55 UTC", "14/03", "21/03", "28/03", "4 April 2022 at 08:40 UTC",
    ]
    for tv, start, end in found:
        assert s[start:end] == tv.raw
    assert [tv.date for tv, _, _ in found[2:5]] == [date(2022, 3, 14), date(2022, 3, 21), date(2022, 3, 28)]


@pytest.mark.parametrize(
    "text,expected,raw",
    [
        ("Maintenance 2024-11-01 13:45-14:30 UTC.", "2024-11-01 13:45 UTC", "2024-11-01 13:45-14:30 UTC"),
        ("Outage on 2024-11-01 9 AM to 11 AM PDT.", "2024-11-01 16:00 UTC", "2024-11-01 9 AM to 11 AM PDT"),
        ("Window: 2024-11-01 09:00 – 11:00 CET, then", "2024-11-01 08:00 UTC", "2024-11-01 09:00 – 11:00 CET"),
    ],
)
def test_time_range_reads_as_its_start_with_the_zone_at_its_end(text: str, expected: str, raw: str) -> None:
    tv = find_all_times(text)[0][0]
    assert tv.raw == raw
    assert format_utc(tv.value) == expected and tv.has_zone


def test_range_without_a_zone_stays_zoneless() -> None:
    tv = find_all_times("On 2024-11-01 13:45-14:30 the job ran.")[0][0]
    assert tv.has_time and not tv.has_zone
    assert tv.value == datetime(2024, 11, 1, 13, 45)


def test_year_followed_by_a_colon_is_kept() -> None:
    found = find_all_times("Effective March 15, 2028: new rules; June 14, 2021: old ones.")
    assert [tv.date for tv, _, _ in found] == [date(2028, 3, 15), date(2021, 6, 14)]
    assert all(tv.has_year for tv, _, _ in found)


def test_bare_clocks_in_a_sentence_need_a_default_date() -> None:
    s = "The CRL was published at 14:25 UTC."
    assert find_all_times(s) == []
    found = find_all_times(s, default_date=date(2025, 9, 25))
    assert [format_utc(tv.value) for tv, _, _ in found] == ["2025-09-25 14:25 UTC"]


# --------------------------------------------------------------------------------------------
# Zone declarations.
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,zone",
    [
        ("All times are UTC.", "UTC"),
        ("All times in this report are UTC", "UTC"),
        ("All times in this report are in GMT.", "UTC"),
        ("Timeline (all times Pacific Daylight Time)", "PDT"),
        ("times are in CET", "CET"),
        ("All timestamps are UTC+2", "+02:00"),
        ("All timestamps are UTC+2.", "+02:00"),
        ("All times are given in Central European Summer Time.", "CEST"),
        ("All times have been converted to UTC.", "UTC"),
        ("Times below are JST", "JST"),
        ("Timeline (UTC)", "UTC"),
        ("All dates and times are UTC unless otherwise stated.", "UTC"),
        ("All times: UTC", "UTC"),
        ("All times are local time (UTC+8).", "+08:00"),
        ("All times are in China Standard Time.", "+08:00"),
        ("All times are Pacific Time.", "PT"),
        ("all times are utc", "UTC"),
        ("All times are UTC (Coordinated Universal Time).", "UTC"),
        ("All times are Z.", "UTC"),
    ],
)
def test_zone_declarations(text: str, zone: str) -> None:
    assert zone_declaration(text) == zone
    # Whatever a declaration yields is accepted back as a default zone.
    assert parse_time("2024-11-01 10:00", default_zone=zone).has_zone


@pytest.mark.parametrize(
    "text",
    [
        "All times MUST be in UTC or UTC+local offset.",
        "All times should be in UTC.",
        "Not all times are UTC.",
        "Some times are in PDT.",
        "The times in UTC were wrong.",
        "The times are not in UTC.",
        "Our systems log in UTC.",
        "At times the responder was slow.",
        "All times are CET/CEST.",  # local time that changes with the season: no single zone
        "All times are approximate.",
        "All deadlines and times were met.",
        "Response times are west of the target.",
        "2024-11-01 13:45 UTC – Alert raised.",
    ],
)
def test_not_zone_declarations(text: str) -> None:
    assert zone_declaration(text) is None


# --------------------------------------------------------------------------------------------
# Day-first inference.
# --------------------------------------------------------------------------------------------


def test_infer_dayfirst() -> None:
    assert infer_dayfirst(["- 17/01/2022 10:00 UTC – a", "- 01/04/2022 – b"]) is True
    assert infer_dayfirst(["- 01/17/2022 10:00 UTC – a", "- 04/01/2022 – b"]) is False
    assert infer_dayfirst(["runs of 14/03 and 21/03 failed"]) is True
    assert infer_dayfirst(["31.07.2018"]) is True
    assert infer_dayfirst(["01/04/2022", "05/04/2022", "2024-11-01"]) is None  # no evidence
    assert infer_dayfirst(["17/01/2022", "01/17/2022"]) is None  # contradictory
    assert infer_dayfirst([]) is None
    # Not dates: versions, fractions, a URL path.
    assert infer_dayfirst(["v2.13.2024", "24/7", "3/14", "https://x.example/20/13/2024"]) is None


# --------------------------------------------------------------------------------------------
# Conversions.
# --------------------------------------------------------------------------------------------


def test_to_utc_and_format_utc() -> None:
    aware = datetime(2024, 11, 1, 15, 45, tzinfo=timezone(timedelta(hours=2)))
    assert to_utc(aware) == datetime(2024, 11, 1, 13, 45, tzinfo=timezone.utc)
    assert format_utc(aware) == "2024-11-01 13:45 UTC"
    with pytest.raises(ValueError, match="has no zone"):
        to_utc(datetime(2024, 11, 1, 13, 45))
    # A naive value is never presented as UTC.
    assert format_utc(datetime(2024, 11, 1, 13, 45)) == "2024-11-01 13:45"


# --------------------------------------------------------------------------------------------
# Determinism and robustness.
# --------------------------------------------------------------------------------------------

_PROBE = r"""
import json
from incident_kit.text.timestamps import find_all_times, format_utc
texts = [
    "2018-07-30 16:31:25 PDT", "July 30, 2018 4:31 PM", "2024-11-01 1:33", "June 14, 2:17 PM",
    "14:32 UTC", "March 2024", "05/03/2024 10:00", "2024-11-01 13:45 UTC+8",
]
out = []
for t in texts:
    for tv, a, b in find_all_times(t, default_date=None):
        out.append([t, None if tv.value is None else tv.value.isoformat(), tv.has_time, tv.has_zone,
                    tv.has_year, tv.precision, tv.ambiguous])
print(json.dumps(out))
"""


def test_results_do_not_depend_on_the_machine_zone_or_locale() -> None:
    outputs = []
    for tz, lang in (("America/Los_Angeles", "C"), ("Asia/Tokyo", "C.UTF-8"), ("UTC", "C")):
        env = dict(os.environ, TZ=tz, LANG=lang, LC_ALL=lang)
        proc = subprocess.run([sys.executable, "-c", _PROBE], env=env, cwd=REPO,
                              capture_output=True, text=True, check=True)
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]  # the probe did find timestamps


def test_import_is_light() -> None:
    code = ("import sys, incident_kit.text.timestamps; "
            "print(sorted(m for m in ('dateutil', 'pydantic', 'markdown_it', 'jinja2', 'ruamel') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


_ALPHABET = st.sampled_from(list("0123456789 :-/.,T+−–—()*_apmAPMZ") + [
    "UTC", "GMT", "PDT", "CST", "IST", "July ", "Sep", "May ", "2024", "the ", "on ", "at ", "st", "Pacific Time",
    "All times are ", "\n", "|", "**",
])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_ALPHABET, max_size=25).map("".join)),
       st.sampled_from([None, True, False]), st.sampled_from([None, 2024]), st.sampled_from([None, "UTC", "+05:30", "PT"]))
def test_arbitrary_text_never_raises(text: str, dayfirst: bool | None, year: int | None, zone: str | None) -> None:
    kw = dict(dayfirst=dayfirst, default_year=year, default_zone=zone, default_date=date(2024, 2, 29))
    parsed = parse_time(text, **kw)
    found = find_time(text, **kw)
    every = find_all_times(text, **kw)
    zone_declaration(text)
    infer_dayfirst([text])
    for tv in [parsed] + [f[0] for f in every] + ([found[0]] if found else []):
        if tv is not None and tv.value is not None and tv.value.tzinfo is not None:
            assert tv.value.utcoffset() == timedelta(0)
    for tv, start, end in every:
        assert text[start:end] == tv.raw


# --------------------------------------------------------------------------------------------
# Realistic posted reports (skipped when the shared material is not there).
# --------------------------------------------------------------------------------------------


def _timeline_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


def test_samples_timeline_entries_parse() -> None:
    shared = shared_dir()
    if shared is None:
        pytest.skip(SHARED_MISSING)
    checked = 0
    for path in sorted((shared / "samples").glob("[0-9]*.md")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        dayfirst = infer_dayfirst(lines)
        zone = next((z for z in map(zone_declaration, lines) if z), None)
        for line in lines:
            found = find_time(line, dayfirst=dayfirst, default_zone=zone, default_date=date(2000, 1, 1))
            if found is None:
                continue
            tv = found[0]
            assert tv.value is None or 1990 <= tv.value.year <= 2040, (path.name, line)
            checked += 1
        # Every timestamp anywhere in a sample is a real calendar date.
        for tv, _, _ in find_all_times(text, dayfirst=dayfirst):
            assert tv.value is None or tv.value.year >= 1990
    assert checked > 20


# --------------------------------------------------------------------------------------------
# Compact, dashed day-first and hour-with-zone forms (seen in legacy and European reports).
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("20230714", datetime(2023, 7, 14), "day"),  # ISO 8601 basic format
        ("20230714 09:12 UTC", datetime(2023, 7, 14, 9, 12, tzinfo=timezone.utc), "minute"),
        ("Thursday, 20230714 at 9 CEST", datetime(2023, 7, 14, 7, 0, tzinfo=timezone.utc), "hour"),
        ("21-06-2022", datetime(2022, 6, 21), "day"),  # dashes, day first (the European habit)
        ("on 2022-06-21 at 3 UTC", datetime(2022, 6, 21, 3, 0, tzinfo=timezone.utc), "hour"),
        ("2018-11", datetime(2018, 11, 1), "month"),
    ],
)
def test_compact_dashed_and_hour_forms(text: str, expected: datetime, precision: str) -> None:
    found = find_all_times(text)
    assert len(found) == 1
    value = found[0][0]
    assert value.value == expected and value.precision == precision


def test_year_month_before_a_colon_is_a_date() -> None:
    found = find_all_times("2018-11: a new release of the validation service went live")
    assert [(v.value, v.precision) for v, _, _ in found] == [(datetime(2018, 11, 1), "month")]


@pytest.mark.parametrize(
    "sentence",
    [
        "We issued 20230714 certificates in the test.",  # a count, not a compact date
        "Certificate serial 20230714ab99 was affected.",
        "Order 12345678 and ticket 20231399 were closed.",  # month 13: not a date
        "The 2024-03-05 5 nodes restart.",  # a count after a date is not an hour
        "It took 8 hours on 2022-06-21.",
    ],
)
def test_compact_and_hour_forms_stay_out_of_numbers(sentence: str) -> None:
    for value, _, _ in find_all_times(sentence):
        assert value.precision != "hour" and "20230714" not in value.raw and "20231399" not in value.raw


@pytest.mark.parametrize(
    "text",
    [
        "Noticed on 2025-03-04 10:20 UTC, fixed 2025-03-05, closed 5 March 2025 at 09:00 CET.",
        "no date here",
        "2024-01-01 10:00 " * 50 + "x",
        "Between 14/03 and 2025-03-20 14:00 PDT, then on March 21.",
    ],
)
def test_the_first_timestamp_alone_is_the_first_of_all(text: str) -> None:
    # find_time(anywhere=True) and iter_times stop at the first timestamp; what they give is what
    # the whole parse gives first.
    from incident_kit.text.timestamps import find_all_times, find_time, iter_times

    every = find_all_times(text)
    assert find_time(text, anywhere=True) == (every[0] if every else None)
    assert list(iter_times(text)) == every
    assert next(iter_times(text), None) == (every[0] if every else None)
