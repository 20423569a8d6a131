"""Severity is the RFC 2119 word a requirement uses: MUST / MUST NOT = error, SHOULD / SHOULD NOT =
warning, advice and good practice = notice. Rules declare it, configuration files name it, policy
clauses spell the word; all of them read it here. Standard library only."""

from __future__ import annotations

from enum import Enum
from typing import Optional


class Severity(str, Enum):
    ERROR = "error"  # a MUST / MUST NOT
    WARNING = "warning"  # a SHOULD / SHOULD NOT
    NOTICE = "notice"  # advice, good practice

    @property
    def rank(self) -> int:
        return _RANK[self.value]

    @property
    def word(self) -> str:
        """The RFC 2119 word this severity enforces (``MUST``, ``SHOULD``, ``MAY``)."""
        return _WORD[self.value]


ERROR = Severity.ERROR
WARNING = Severity.WARNING
NOTICE = Severity.NOTICE

_RANK = {"notice": 1, "warning": 2, "error": 3}
_WORD = {"error": "MUST", "warning": "SHOULD", "notice": "MAY"}

RFC2119: dict[str, Severity] = {
    "MUST": ERROR,
    "MUST NOT": ERROR,
    "REQUIRED": ERROR,
    "SHALL": ERROR,
    "SHALL NOT": ERROR,
    "SHOULD": WARNING,
    "SHOULD NOT": WARNING,
    "RECOMMENDED": WARNING,
    "NOT RECOMMENDED": WARNING,
    "MAY": NOTICE,
    "OPTIONAL": NOTICE,
}
"""An RFC 2119 keyword -> the severity of a finding that it was not followed."""

NAMES: tuple[str, ...] = tuple(s.value for s in Severity)
"""The severity names a configuration file or ``--fail-on`` may give."""


def for_word(word: str) -> Optional[Severity]:
    """The severity for an RFC 2119 keyword (any case, any spacing), or None."""
    return RFC2119.get(" ".join(word.upper().split()))


def parse(name: str) -> Optional[Severity]:
    """``"error"`` / ``"Warning"`` -> the severity, None for anything else."""
    try:
        return Severity(name.strip().lower())
    except ValueError:
        return None
