"""What ``incident-kit --version`` reports besides the package version: which rules and which
policy data this installation judges reports with.

A data version is the first 12 hex digits of a SHA-256 over the data in a stable form, so two
installations that judge alike show the same string, and any change to a rule's metadata or to a
policy clause shows a different one. Imported only by ``--version`` (it loads every rule).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def rules_version() -> dict[str, Any]:
    """The registered rules: how many, and a digest of their metadata (code, name, severity,
    summary, citations, kinds, dates in force)."""
    from incident_kit.lint.docs import rule_facts
    from incident_kit.lint.rule import all_rules

    facts = [{k: v for k, v in rule_facts(r).items() if k != "doc"} for r in all_rules().values()]
    return {"count": len(facts), "digest": _digest(facts)}


def policy_version() -> dict[str, Any]:
    """The shipped policy clauses: how many, and a digest of their data."""
    from pathlib import Path

    bundle = json.loads((Path(__file__).resolve().parent / "policy" / "bundle.json").read_text(encoding="utf-8"))
    clauses = bundle.get("clauses", [])
    return {"count": len(clauses), "digest": _digest(clauses)}


def version_text(package_version: str) -> str:
    """The lines ``incident-kit --version`` prints."""
    rules = rules_version()
    policy = policy_version()
    return (
        f"incident-kit {package_version}\n"
        f"rules: {rules['count']} rules, data {rules['digest']}\n"
        f"policy: {policy['count']} clauses, data {policy['digest']}\n"
    )
