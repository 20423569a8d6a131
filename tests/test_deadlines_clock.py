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
