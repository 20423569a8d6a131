"""Rule metadata, findings and the registry.

A rule is a generator function decorated with :func:`rule`. Its metadata sits next to its code
(zlint style): a stable code ``IKnnn``, a kebab-case name, a severity that matches the RFC 2119
word it enforces (MUST = error, SHOULD = warning, advice = notice), a one-line summary, its
citations (ids from the catalogue, incident_kit/irg/citations.toml), the report kinds it applies to
and the dates it is in force. The function's docstring is the rule's documentation
(``incident-kit rules explain IKnnn`` and docs/rules.md are generated from it).

The function receives the :class:`~incident_kit.document.Document` and a :class:`Context` and
yields :class:`Hit` objects. The engine turns hits into :class:`Finding` objects.

Example::

    @rule(
        code="IK301",
        name="timeline-entry-without-timestamp",
        severity=ERROR,
        summary="Every timeline entry starts with a date and time.",
        citations=("IRG 3.2 §Timeline",),
        kinds=IRG3_FULL_LIKE,
    )
    def timeline_entry_without_timestamp(doc, ctx):
        '''Explain why, what a good entry looks like, and what stays quiet.'''
        for entry in doc.timeline:
            if entry.when is None:
                yield Hit("timeline entry has no timestamp", line=entry.line)
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional

# The kinds and severities are the IRG vocabulary's; rule modules import them from here too.
from incident_kit.irg.citations import ID_SHAPE as CITATION_RE  # noqa: F401
from incident_kit.irg.citations import check as check_citations
from incident_kit.irg.kinds import ANY_INPUT, FULL_LIKE, IRG3, TEMPLATE_KINDS  # noqa: F401
from incident_kit.irg.kinds import REPORT_KINDS as ALL_REPORT_KINDS
from incident_kit.irg.severity import ERROR, NOTICE, WARNING, Severity  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    from incident_kit.document import Document

# IK + a family digit + two digits; the bug-lifecycle family is IKB (a bug, not a report).
CODE_RE = re.compile(r"^IK(\d{3}|B\d{2})$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule yields: a message and a position. ``severity`` may lower (never raise) the rule's
    severity for one hit, e.g. when a deadline was missed but the report acknowledges it."""

    message: str
    line: Optional[int] = None
    column: Optional[int] = None
    suggestion: Optional[str] = None
    severity: Optional[Severity] = None
    citations: tuple[str, ...] = ()  # extra citations for this hit (e.g. the clause a remedy fails)
    # The hit's citations replace the rule's: the text in force on the posting date was another one
    # (IK109 cites MRSP 2.4 for reports posted before CCADB Policy 6.1 existed).
    replaces_citations: bool = False
    ref: Optional[dict[str, Any]] = None  # the Bugzilla comment a bug-level hit is about


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    line: Optional[int]
    column: Optional[int]
    citations: list[str]
    suggestion: Optional[str] = None
    suppressed: bool = False
    suppression_reason: Optional[str] = None
    fix: Any = None  # an incident_kit.lint.fixes.Fix when ``lint --fix`` can repair the finding
    ref: Optional[dict[str, Any]] = None  # {"bug", "comment", "time", "url"[, "overdue"]} when linting a bug

    def to_dict(self) -> dict[str, Any]:
        out = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "citations": list(self.citations),
            "suggestion": self.suggestion,
            "suppressed": self.suppressed,
            "suppression_reason": self.suppression_reason,
            "fix": self.fix.to_dict() if self.fix is not None else None,
        }
        if self.ref is not None:  # only for bugs: a file's output keeps its shape
            out["comment"] = dict(self.ref)
        return out


@dataclass
class Context:
    """What a rule may know besides the document."""

    as_of: Optional[date] = None  # the date the report was (or will be) posted
    whiteboard: Optional[str] = None  # from the command line; overrides the draft's
    title: Optional[str] = None  # bug title from the command line
    config: dict[str, Any] = field(default_factory=dict)
    policy: Any = None  # the policy knowledge base (incident_kit.policy), loaded lazily
    bug: Any = None  # a classified Bugzilla bug (sources.bugzilla.classify.BugView) when linting a bug

    def effective_date(self, doc: "Document") -> Optional[date]:
        """The date rules are judged at: --as-of, else the draft's posted date."""
        if self.as_of is not None:
            return self.as_of
        if doc.bug.posted is not None:
            return doc.bug.posted.date()
        return None


CheckFn = Callable[["Document", Context], Iterable[Hit]]
AppliesFn = Callable[["Document", Context], bool]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    citations: tuple[str, ...]
    kinds: tuple[str, ...]
    check: CheckFn
    docstring: str  # as written; ``doc`` is the documentation text
    effective_from: Optional[date] = None  # not in force before this date
    effective_until: Optional[date] = None  # not in force on or after this date
    applies: Optional[AppliesFn] = None  # extra applicability test (e.g. revocation-delay only)
    engine: bool = False  # findings come from the engine (unreadable input, crashes), not from check
    scope: str = "report"  # "bug": runs only when a whole bug is linted (ctx.bug), over its comments

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def doc(self) -> str:
        """The rule's documentation: its docstring without the source indentation (made when first
        asked for: a lint never needs it)."""
        return _dedent(self.docstring)

    def run(self, doc: "Document", ctx: Context) -> Iterator[Hit]:
        return iter(self.check(doc, ctx))


_REGISTRY: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    citations: tuple[str, ...],
    kinds: tuple[str, ...] = ALL_REPORT_KINDS,
    effective_from: Optional[date] = None,
    effective_until: Optional[date] = None,
    applies: Optional[AppliesFn] = None,
    engine: bool = False,
    scope: str = "report",
) -> Callable[[CheckFn], CheckFn]:
    """Register a rule. Raises at import time when the metadata is malformed or the code is taken.

    ``engine=True`` registers a rule whose findings the lint engine itself produces (an unreadable
    file, a draft that does not validate, a crashing rule): its function is never called, it only
    carries the documentation."""

    def decorate(fn: CheckFn) -> CheckFn:
        if not CODE_RE.match(code):
            raise ValueError(f"rule code {code!r} is not IK + three digits (IKB + two for bug rules)")
        if scope not in ("report", "bug") or (scope == "bug") != code.startswith("IKB"):
            raise ValueError(f"rule {code}: scope {scope!r}; the IKB family and only it has scope 'bug'")
        if not NAME_RE.match(name):
            raise ValueError(f"rule name {name!r} is not kebab-case")
        if code in _REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        if any(r.name == name for r in _REGISTRY.values()):
            raise ValueError(f"rule name {name} registered twice")
        if not citations:
            raise ValueError(f"rule {code} has no citation")
        check_citations(citations, f"rule {code}")  # every id is in the catalogue (incident_kit/irg/citations.toml)
        doc = (fn.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"rule {code} has no docstring")
        _REGISTRY[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            summary=summary,
            citations=tuple(citations),
            kinds=tuple(kinds),
            check=fn,
            docstring=doc,
            effective_from=effective_from,
            effective_until=effective_until,
            applies=applies,
            engine=engine,
            scope=scope,
        )
        return fn

    return decorate


@lru_cache(maxsize=None)
def _dedent(text: str) -> str:
    import textwrap

    first, _, rest = text.partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()


REPORT_RULE_MODULES = (
    "incident_kit.rules.ik0_input",
    "incident_kit.rules.ik1_structure",
    "incident_kit.rules.ik2_summary",
    "incident_kit.rules.ik3_timeline",
    "incident_kit.rules.ik4_root_cause",
    "incident_kit.rules.ik5_remediation",
    "incident_kit.rules.ik6_actions",
    "incident_kit.rules.ik7_deadlines",
    "incident_kit.rules.ik8_appendix",
    "incident_kit.rules.ik9_wording",
)
BUG_RULE_MODULES = ("incident_kit.rules.ikb_bug",)
RULE_MODULES = REPORT_RULE_MODULES + BUG_RULE_MODULES

_loaded: set[str] = set()


def _load(modules: tuple[str, ...]) -> None:
    import importlib

    for mod in modules:
        if mod in _loaded:
            continue
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a family not written yet
            if exc.name != mod:
                raise
        _loaded.add(mod)


def all_rules() -> dict[str, Rule]:
    """Every registered rule, by code (imports the rule modules on first use, once per process)."""
    _load(RULE_MODULES)
    return dict(_sorted_registry())


_SORTED: list = [(), {}]  # the registry's rules as last seen, and the same rules sorted by code


def _sorted_registry() -> dict[str, Rule]:
    """The registered rules sorted by code, shared (callers must not change it). Sorted again only
    when the registry changed (checked by identity: tests register and drop throw-away rules)."""
    now = tuple(_REGISTRY.values())
    seen, ordered = _SORTED
    if len(now) != len(seen) or not all(map(operator.is_, now, seen)):
        ordered = dict(sorted(_REGISTRY.items()))
        _SORTED[:] = [now, ordered]
    return ordered


def registered(*, bug: bool = False) -> dict[str, Rule]:
    """The registered rules sorted by code, shared: callers must not change it (the engine asks
    for every report; :func:`all_rules` and :func:`report_rules` give copies). Loads the report
    rule modules, and the bug rule modules too with ``bug``."""
    _load(RULE_MODULES if bug else REPORT_RULE_MODULES)
    return _sorted_registry()


def report_rules() -> dict[str, Rule]:
    """The rules that judge one report, by code: every family but the bug family (IKB), whose
    rules judge a whole Bugzilla bug and run only then. Linting files does not import them."""
    return {code: r for code, r in registered().items() if r.scope == "report"}


def get_rule(code: str) -> Optional[Rule]:
    """The rule registered under ``code`` (after loading every rule module), or None."""
    return all_rules().get(code)


FAMILIES = {
    "IK0": "input and format detection",
    "IK1": "structure and completeness",
    "IK2": "summary and impact",
    "IK3": "timeline",
    "IK4": "root cause analysis",
    "IK5": "remediation against the broken clause",
    "IK6": "lessons learned and action items",
    "IK7": "deadlines",
    "IK8": "appendix and certificate data",
    "IK9": "wording and candour",
    "IKB": "bug lifecycle (a whole Bugzilla bug: report cadence, answers, updates)",
}
"""Rule families by code prefix (``--select IK3`` selects one)."""
