"""IRG vocabulary that several layers share, without importing pydantic.

The drafting model, the renderer, the readers and the rules all need the same fixed strings of the
CCADB Incident Reporting Guidelines; they live here once so the linter can use them without loading
the model.
"""

from __future__ import annotations

APPENDIX_COLUMNS: tuple[str, ...] = (
    "Precertificate SHA-256 hash",
    "Certificate SHA-256 hash",
    "Subject",
    "Issuer",
    "Not before",
    "Not after",
    "Serial # (hex)",
    "dNSNames",
    "Is revoked?",
    "Revocation date",
    "Revocation reason",
)
"""The IRG 3.x Appendix CSV columns, first and in this order (custom columns only to the right)."""

APPENDIX_FIELDS: tuple[str, ...] = (
    "precertificate_sha256",
    "certificate_sha256",
    "subject",
    "issuer",
    "not_before",
    "not_after",
    "serial",
    "dns_names",
    "is_revoked",
    "revocation_date",
    "revocation_reason",
)
"""The drafting model's field names for :data:`APPENDIX_COLUMNS`, in the same order."""

CLOSURE_SENTENCE = (
    "All Action Items disclosed in this report have been completed as described, and we request its closure."
)
"""The fixed final sentence of the IRG 3.x Closure Report template."""

IRG3_ACTION_COLUMNS: tuple[str, ...] = (
    "Action Item",
    "Kind",
    "Corresponding Root Cause(s)",
    "Evaluation Criteria",
    "Due Date",
    "Status",
)
"""The IRG 3.x Action Items table header, in order."""

IRG2_ACTION_COLUMNS: tuple[str, ...] = ("Action Item", "Kind", "Due Date")
"""The IRG 2.0 (and 2.0 Audit) Action Items table header, in order."""


def irg_at_least(report: object, version: str) -> bool:
    """Whether the draft follows IRG ``version`` or later (3.x versions only)."""
    value = getattr(report, "irg_version", "")
    try:
        return tuple(int(p) for p in value.split(".")) >= tuple(int(p) for p in version.split("."))
    except ValueError:
        return False
