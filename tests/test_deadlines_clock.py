"""The deadline clock: calendar-month limits keep month ends (dateutil's relativedelta)."""

from datetime import date, datetime, timezone

from incident_kit.deadlines.clock import Moment, add_limit, moment_at


def test_month_limit_keeps_the_month_end() -> None:
    assert add_limit(Moment.from_day(date(2025, 1, 31), None), months=1).day == date(2025, 2, 28)
    assert add_limit(Moment.from_day(date(2024, 11, 30), None), months=3).day == date(2025, 2, 28)
    assert add_limit(Moment.from_day(date(2023, 11, 30), None), months=3).day == date(2024, 2, 29)


def test_month_limit_with_a_time_stays_exact() -> None:
    start = moment_at(datetime(2025, 3, 31, 17, 30, tzinfo=timezone.utc))
    assert add_limit(start, months=1).label == "2025-04-30 17:30 UTC"


def test_day_and_hour_limits_unchanged() -> None:
    start = Moment.from_day(date(2025, 1, 31), None)
    assert add_limit(start, days=92).day == date(2025, 5, 3)
    assert add_limit(start, hours=72).day == date(2025, 2, 3)


# Limits finer than an hour (issue 13 item 4): BR 4.9.9's 15 minutes.

def _at(text: str) -> Moment:
    return moment_at(datetime.fromisoformat(text).replace(tzinfo=timezone.utc))


def test_minute_limit_is_exact_with_both_times() -> None:
    from incident_kit.deadlines.clock import judge

    start = _at("2026-02-03T10:00:00")
    assert judge(start, _at("2026-02-03T10:15:00"), hours=None, days=None, minutes=15) is None
    over = judge(start, _at("2026-02-03T10:42:00"), hours=None, days=None, minutes=15)
    assert over is not None and over.sentence == "42 min after, 27 min past the 15-minute limit" and over.short == "+27 min"
    assert add_limit(start, minutes=15).label == "2026-02-03 10:15 UTC"


def test_minute_limit_with_a_date_only_side_uses_the_shortest_time() -> None:
    from incident_kit.deadlines.clock import judge

    same_day = Moment.from_day(date(2026, 2, 3), None)
    assert judge(_at("2026-02-03T10:00:00"), same_day, hours=None, days=None, minutes=15) is None
    next_day = Moment.from_day(date(2026, 2, 4), None)
    over = judge(_at("2026-02-03T10:00:00"), next_day, hours=None, days=None, minutes=15)
    assert over is not None and over.sentence.startswith("at least 14 h after, beyond the 15-minute limit")
    assert add_limit(same_day, minutes=15).day == date(2026, 2, 4)  # a date-only start: the limit ends within the next day


def test_minute_limits_in_the_clause_data_and_both_views() -> None:
    import json
    from pathlib import Path

    from incident_kit.policy import load_policy
    from incident_kit.policy.kb import clauses_from_bundle
    from incident_kit.policy.model import Deadline

    (d,) = [x for x in load_policy().get("BR 4.9.9").deadlines if x.id == "ocsp-authoritative-15min"]
    assert (d.minutes, d.limit_text, d.limit_hours) == (15, "15 minutes", 0.25)
    data = json.loads((Path(__file__).parent.parent / "incident_kit/policy/bundle.json").read_text(encoding="utf-8"))
    plain = [x for c in clauses_from_bundle(data) if c.id == "BR 4.9.9" for x in c.deadlines if x.id == d.id][0]
    assert plain.minutes == 15 and plain.limit_text == "15 minutes"
    import pytest

    with pytest.raises(ValueError, match="exactly one of minutes, hours, days or months"):
        Deadline.model_validate({**d.model_dump(mode="json"), "hours": 1})
