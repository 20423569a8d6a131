"""Invented bugs in the exact shapes of Bugzilla's REST answers.

The CA, its people's addresses and every comment are made up. Report comments reuse the
project's own example reports (``examples/profile-misissuance-*.md``); short comments are written
here. ``bug(...)`` and ``comment(...)`` build the JSON objects; ``served(...)`` gives the stored
form that ``incident-kit fetch`` writes (``bug.json``).
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parents[1]
CA = "compliance@example-trust.test"
CA_COLLEAGUE = "pki-ops@example-trust.test"
ROOT_PROGRAM = "rootprogram@example-root.test"
RESEARCHER = "researcher@example-lab.test"
TITLE = "Example PKI Operations: keyEncipherment asserted in OV certificates with ECDSA keys"


def example(name: str) -> str:
    return (REPO / "examples" / name).read_text(encoding="utf-8")


def prelim_text() -> str:
    return example("profile-misissuance-preliminary.md")


def full_text() -> str:
    return example("profile-misissuance-full.md")


def closure_text() -> str:
    return example("profile-misissuance-closure.md")


def t(text: str) -> str:
    """'2026-04-08 10:30' -> Bugzilla's '2026-04-08T10:30:00Z'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").strftime("%Y-%m-%dT%H:%M:%SZ")


def bug(
    bug_id: int,
    *,
    created: str = "2026-04-08 10:30",
    changed: Optional[str] = None,
    title: str = TITLE,
    whiteboard: str = "[ca-compliance] [ov-misissuance]",
    status: str = "ASSIGNED",
    creator: str = CA,
    assignee: str = CA,
    comment_count: int = 0,
) -> dict[str, Any]:
    resolution = "FIXED" if status in ("RESOLVED", "VERIFIED") else ""
    return {
        "id": bug_id, "alias": None, "type": "task", "summary": title,
        "product": "CA Program", "component": "CA Certificate Compliance", "classification": "Other",
        "version": "unspecified", "status": status, "resolution": resolution, "is_open": not resolution,
        "is_confirmed": True, "whiteboard": whiteboard, "keywords": [],
        "creation_time": t(created), "last_change_time": t(changed or created),
        "creator": creator, "creator_detail": _person(creator),
        "assigned_to": assignee, "assigned_to_detail": _person(assignee),
        "qa_contact": "", "cc": [ROOT_PROGRAM], "cc_detail": [_person(ROOT_PROGRAM)],
        "see_also": [], "depends_on": [], "blocks": [], "regressed_by": [], "regressions": [],
        "dupe_of": None, "duplicates": [], "flags": [], "groups": [],
        "priority": "--", "severity": "--", "op_sys": "Unspecified", "platform": "Unspecified",
        "target_milestone": "---", "url": "", "deadline": None,
        "is_cc_accessible": True, "is_creator_accessible": True, "comment_count": comment_count,
    }


def _person(login: str) -> dict[str, Any]:
    nick = login.partition("@")[0]
    return {"id": zlib.crc32(login.encode()) % 900000 + 100000, "real_name": nick.replace("-", " ").title(), "nick": nick,
            "name": login, "email": login}


def comment(bug_id: int, count: int, when: str, author: str, raw_text: str, *, attachment: Optional[int] = None) -> dict[str, Any]:
    text = raw_text if attachment is None else f"Created attachment {attachment}\nAffected certificates (CSV)\n\n{raw_text}"
    return {
        "id": bug_id * 100 + count, "bug_id": bug_id, "count": count, "attachment_id": attachment,
        "creator": author, "author": author, "time": t(when), "creation_time": t(when),
        "is_private": False, "text": text, "raw_text": raw_text, "tags": [], "reactions": {},
    }


def thread(bug_id: int, items: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """[(when, author, text), ...] -> numbered comments."""
    return [comment(bug_id, i, when, who, text) for i, (when, who, text) in enumerate(items)]


def served(bug_obj: dict[str, Any], comments: list[dict[str, Any]], fetched_at: str, base_url: str = "https://bugzilla.mozilla.org/rest/") -> dict[str, Any]:
    return {"bug": bug_obj, "comments": comments, "fetched_at": t(fetched_at), "base_url": base_url}


def at(when: str, **delta: float) -> str:
    return (datetime.strptime(when, "%Y-%m-%d %H:%M") + timedelta(**delta)).strftime("%Y-%m-%d %H:%M")


UPDATE = "Update: the profile generator change is in testing; no new affected certificates were found."
QUESTION = "Thank you for the report. Could you explain why the pre-issuance linter ran in a non-blocking mode for new profiles?"
ANSWER = ("New profiles ran in observe mode for 14 days to find false positives before blocking. We removed that "
          "mode on 2026-04-09; every lint error now blocks signing.")


def action_table(done: int) -> str:
    """The Full report's action items table with the first ``done`` open items marked Complete
    (in the order their due dates come)."""
    lines = full_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Action Item |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    order = ["2026-04-24", "2026-05-08", "2026-05-15"]
    finished = set(order[:done])
    out = rows[:2]
    for row in rows[2:]:
        if any(f"| {d} | Ongoing |" in row for d in finished):
            row = row.replace("| Ongoing |", "| Complete |")
        out.append(row)
    return "\n".join(out)


def update_with_table(done: int, note: str) -> str:
    return f"## Update\n\n{note}\n\n{action_table(done)}\n"


def healthy(bug_id: int = 1900001) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A bug that keeps every deadline: Preliminary, a question answered the next day, Full, an
    update at each action item's due date, Closure."""
    comments = thread(bug_id, [
        ("2026-04-08 10:30", CA, prelim_text()),
        ("2026-04-10 08:00", ROOT_PROGRAM, QUESTION),
        ("2026-04-11 09:00", CA, ANSWER),
        ("2026-04-17 09:00", CA, full_text()),
        ("2026-04-24 15:00", CA, update_with_table(1, "The profile review checklist now has the key-type items.")),
        ("2026-05-08 16:00", CA, update_with_table(2, "Linting within 15 minutes of issuance and automatic suspension are live.")),
        ("2026-05-15 12:00", CA, update_with_table(3, "Every profile is now generated from the key-type table.")),
        ("2026-06-05 10:00", CA, closure_text()),
    ])
    return bug(bug_id, changed="2026-06-05 10:00", status="RESOLVED", comment_count=len(comments)), comments


__all__ = ["bug", "comment", "thread", "served", "healthy", "at", "t", "CA", "CA_COLLEAGUE", "ROOT_PROGRAM",
           "RESEARCHER", "TITLE", "UPDATE", "QUESTION", "ANSWER", "prelim_text", "full_text", "closure_text",
           "datetime", "timezone"]
