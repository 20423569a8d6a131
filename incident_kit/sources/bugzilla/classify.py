"""What each comment of a bug is: whose it is, and whether it is a report, an update, a question, an
answer or something else.

**Whose.** A comment is the CA's when its author is the bug's assignee, an address on the CA's domain
(the assignee's domain, the creator's when the creator speaks for the CA, or domains given with
``--ca-domain``), or when the comment is itself a Full or Closure report (only the CA Owner posts
those). The bug's creator speaks for the CA when they share the assignee's domain, or when nobody is
assigned and comment 0 is a report. A Preliminary report from anyone else is a third party's.

**What.** The reader decides whether a comment is a report (Preliminary, Full, Closure; IRG 2.0 and
legacy reports count as Full). Other CA comments are *answers* when a question is waiting, else
*updates*. Another person's comment is a *question* when, outside quoted lines and code, it asks
the CA something: a sentence ending in ``?`` or a request such as "please provide" or "could you".
An invitation to the community ("Are there any further questions?") is not a question to the CA.
Everything else is *other* (a bug filed by a third party, a moderator's note, a duplicate marker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Optional, Sequence

from incident_kit.irg.kinds import FULL_LIKE, KIND_CLOSURE, KIND_PRELIMINARY
from incident_kit.sources.bugzilla.record import BugRecord, Comment
from incident_kit.text.concepts import lexicon, search

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document

PRELIMINARY = "preliminary"
FULL = "full"
CLOSURE = "closure"
UPDATE = "update"
QUESTION = "question"
ANSWER = "answer"
OTHER = "other"
COMMENT_KINDS = (PRELIMINARY, FULL, CLOSURE, UPDATE, QUESTION, ANSWER, OTHER)
REPORT_KINDS = (PRELIMINARY, FULL, CLOSURE)

# Reader kinds -> comment kinds.
_REPORT_OF = {KIND_PRELIMINARY: PRELIMINARY, **{k: FULL for k in FULL_LIKE}, KIND_CLOSURE: CLOSURE}

# Mail domains shared by many people: an address there says nothing about who it speaks for.
GENERIC_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com",
        "protonmail.com", "proton.me", "mozilla.com", "mozilla.org", "bugzilla.bugs", "mozilla.bugs",
        "example.com",
    }
)
NOBODY = ("nobody@mozilla.org", "nobody@bugzilla.org")

_QUOTE = re.compile(r"^\s*>")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SENTENCE = re.compile(r"[^.?!\n]+(?:[.?!]+|$)", re.MULTILINE)
# Word lists are lexicons (incident_kit/lexicon/*.toml), read on first use.
_REQUEST = lexicon("request_to_ca")  # its exceptions are invitations to the community
_ACK = lexicon("acknowledgment")
_DATED = lexicon("promised_date")


def asks_the_ca(text: str) -> bool:
    """Whether a comment asks the CA something (see the module docstring)."""
    exceptions = _REQUEST.exception_regex
    for sentence in _SENTENCE.findall(_own_words(text)):
        s = sentence.strip()
        if not s or (exceptions is not None and exceptions.search(s)):
            continue
        if s.endswith("?") or search(s, _REQUEST):
            return True
    return False


def acknowledgment_without_date(text: str) -> bool:
    """A short reply that only acknowledges ("we are looking into it") and gives no date: it does
    not count as the response IRG asks for (an acknowledgment counts when it gives a timeline)."""
    own = _own_words(text)
    return len(own) < 600 and search(own, _ACK) is not None and search(own, _DATED) is None


def _own_words(text: str) -> str:
    """The comment without quoted lines and fenced code."""
    out, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or _QUOTE.match(line):
            continue
        out.append(line)
    return "\n".join(out)


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower() if "@" in address else ""


@dataclass
class ClassifiedComment:
    comment: Comment
    kind: str
    by_ca: bool
    url: str
    doc: Optional["Document"] = None  # the reader's Document, for reports and CA updates
    ack_only: bool = False  # a CA comment that only acknowledges, without a date

    @property
    def number(self) -> int:
        return self.comment.number

    @property
    def time(self) -> datetime:
        return self.comment.time

    @property
    def label(self) -> str:
        return self.comment.label

    def ref(self, bug_id: int, *, overdue: bool = False) -> dict[str, Any]:
        """How a finding points at this comment (JSON ``comment`` object)."""
        ref: dict[str, Any] = {
            "bug": bug_id,
            "comment": self.number,
            "time": self.time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "url": self.url,
        }
        if overdue:
            ref["overdue"] = True
        return ref


@dataclass
class BugView:
    """A bug read for linting: the record, its classified comments, and the moment it is judged at."""

    record: BugRecord
    comments: list[ClassifiedComment]
    now: datetime
    ca_addresses: frozenset[str] = frozenset()
    ca_domains: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def ca_comments(self) -> list[ClassifiedComment]:
        return [c for c in self.comments if c.by_ca]

    @property
    def reports(self) -> list[ClassifiedComment]:
        """Report comments, oldest first (a third party's Preliminary report included)."""
        return [c for c in self.comments if c.kind in REPORT_KINDS]

    @property
    def latest_report(self) -> Optional[ClassifiedComment]:
        return self.reports[-1] if self.reports else None

    def first(self, *kinds: str, by_ca: Optional[bool] = None) -> Optional[ClassifiedComment]:
        for c in self.comments:
            if c.kind in kinds and (by_ca is None or c.by_ca == by_ca):
                return c
        return None

    def ca_after(self, when: datetime) -> list[ClassifiedComment]:
        return [c for c in self.comments if c.by_ca and c.time > when]

    @property
    def filed_by_third_party(self) -> bool:
        return bool(self.comments) and not self.comments[0].by_ca

    @property
    def last_ca_comment(self) -> Optional[ClassifiedComment]:
        cas = self.ca_comments
        return cas[-1] if cas else None


def read_comment(c: Comment, url: str) -> "Document":
    """The reader's Document for one comment's raw text, judged as posted on its day."""
    from incident_kit.sources.markdown import read_text

    return read_text(c.raw_text, url, as_of=c.time.date())


def classify(
    record: BugRecord,
    *,
    now: Optional[datetime] = None,
    ca_domains: Sequence[str] = (),
    ca_addresses: Sequence[str] = (),
) -> BugView:
    """Classify every public comment of ``record`` (private ones are not shown to anonymous
    readers anyway, and are left out when present) posted up to ``now``: judged as of an earlier
    day, the bug is read as it stood then (its metadata is still today's)."""
    when = (now or record.fetched_at).astimezone(timezone.utc)
    comments = [c for c in record.comments if not c.is_private and c.time <= when]
    docs = {c.number: read_comment(c, record.url(c.number)) for c in comments}
    kinds = {n: _REPORT_OF.get(doc.kind) for n, doc in docs.items()}

    addresses = {a.strip().lower() for a in ca_addresses if a.strip()}
    domains = {d.strip().lower().lstrip("@") for d in ca_domains if d.strip()}
    assignee = record.assignee if record.assignee not in NOBODY else ""
    if assignee:
        addresses.add(assignee)
        if _domain(assignee) not in GENERIC_DOMAINS:
            domains.add(_domain(assignee))
    creator = record.creator
    first = comments[0] if comments else None
    creator_is_ca = bool(creator) and (
        creator in addresses
        or (_domain(creator) in domains)
        or (not assignee and first is not None and first.author == creator and kinds.get(first.number) in (FULL, PRELIMINARY))
    )
    if creator_is_ca:
        addresses.add(creator)
        if _domain(creator) not in GENERIC_DOMAINS:
            domains.add(_domain(creator))

    out: list[ClassifiedComment] = []
    question_waiting = False
    for c in comments:
        report = kinds.get(c.number)
        by_ca = c.author in addresses or (_domain(c.author) in domains and bool(_domain(c.author)))
        if report in (FULL, CLOSURE):
            by_ca = True  # only the CA Owner posts those
        url = record.url(c.number)
        doc = docs[c.number]
        if report is not None and (by_ca or report == PRELIMINARY):
            kind = report
        elif by_ca:
            kind = ANSWER if question_waiting else UPDATE
        else:
            kind = QUESTION if c.number > 0 and asks_the_ca(c.raw_text) else OTHER
        ack = by_ca and report is None and acknowledgment_without_date(c.raw_text)
        if by_ca and not ack:
            question_waiting = False
        if kind == QUESTION:
            question_waiting = True
        out.append(ClassifiedComment(c, kind, by_ca, url, doc if (report or by_ca) else None, ack))
    return BugView(
        record=record,
        comments=out,
        now=when,
        ca_addresses=frozenset(addresses),
        ca_domains=frozenset(domains),
    )
