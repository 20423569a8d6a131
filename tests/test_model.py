from datetime import timedelta, timezone

import pytest
from pydantic import ValidationError

from incident_kit.model import (
    ActionKind,
    ActionStatus,
    BugMetadata,
    IsRevoked,
    Source,
    TimelineEvent,
    format_utc,
    parse_draft_datetime,
)


def test_enums_have_exact_irg_spellings():
    assert [s.value for s in Source] == ["Self Reported", "Third Party Reported", "Audit"]
    assert [k.value for k in ActionKind] == ["Prevent", "Mitigate", "Detect"]
    assert [s.value for s in ActionStatus] == ["Ongoing", "Complete", "Delayed", "Canceled"]
    assert [r.value for r in IsRevoked] == ["Yes", "Planned", "Delayed", "N/A"]


@pytest.mark.parametrize(
    "text, utc",
    [
        ("2018-06-29 10:27 UTC", "2018-06-29 10:27 UTC"),
        ("2018-06-29 10:27:17 GMT", "2018-06-29 10:27 UTC"),
        ("2018-07-30T16:31:25-07:00", "2018-07-30 23:31 UTC"),
        ("2024-05-01T16:30+0200", "2024-05-01 14:30 UTC"),
        ("2024-05-01T14:30Z", "2024-05-01 14:30 UTC"),
    ],
)
def test_draft_datetimes_are_aware(text, utc):
    assert format_utc(parse_draft_datetime(text)) == utc


@pytest.mark.parametrize("text", ["2018-06-29", "2018-06-29 10:27", "June 29 2018 10:27 UTC", "2018-02-30 10:00 UTC"])
def test_draft_datetimes_refuse_missing_parts(text):
    with pytest.raises(ValueError):
        parse_draft_datetime(text)


def test_timeline_event_needs_zone():
    with pytest.raises(ValidationError) as exc:
        TimelineEvent(at="2018-07-31 09:00", text="Disclosed")
    assert "zone" in str(exc.value)
    ev = TimelineEvent(at="2018-07-31 09:00 +02:00", text="Disclosed")
    assert ev.at.utcoffset() == timedelta(hours=2)
    assert ev.at.astimezone(timezone.utc).hour == 7


def test_bug_metadata_title_and_revocation_delay():
    bug = BugMetadata(
        ca_owner="Example CA",
        title="Example CA: Delayed revocation of OV certificates",
        whiteboard="[ca-compliance] [leaf-revocation-delay] Next update 2025-02-01",
    )
    assert bug.revocation_delay
    assert bug.whiteboard_next_update.isoformat() == "2025-02-01"
    with pytest.raises(ValidationError):
        BugMetadata(ca_owner="Example CA", title="Other CA: something")
    with pytest.raises(ValidationError):
        BugMetadata(ca_owner="Example CA", title="Example CA - no colon")
    assert not BugMetadata(ca_owner="X", title="X: y", whiteboard=["ca-compliance"]).revocation_delay


def test_every_model_field_has_a_description():
    """Descriptions become the JSON Schema an editor shows on hover."""
    import inspect

    import incident_kit.model as m
    from pydantic import BaseModel

    missing = [
        f"{name}.{field}"
        for name, obj in vars(m).items()
        if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == m.__name__
        for field, info in obj.model_fields.items()
        if not info.description
    ]
    assert missing == []
