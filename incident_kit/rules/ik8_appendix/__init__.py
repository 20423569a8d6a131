"""IK8: the Appendix and its certificate data.

IRG 3.x asks for a comma-separated listing of the affected certificates when fewer than 10,000 are
affected (a crt.sh text file may replace it from 10,000 up), with eleven standard columns first
and in a fixed order "to ensure automated parsing tools function correctly", and custom columns
only to the right (IRG 3.2). The reader gives the listing as ``doc.appendix_header`` and
``doc.appendix_rows``, from a Markdown table or a fenced CSV block in the Appendix section, or from
a draft's ``appendix.certificates``.

Columns are recognised by name, not position, so that the value checks (IK802-IK804) still work
when IK801 reports the order. Names are compared leniently: case, spacing and punctuation,
``SHA256``/``SHA-256``, ``hash``/``fingerprint``, ``Serial #``/``Serial number``/``Serial # (hex)``,
``dNSNames``/``DNS names`` and a missing ``?`` on ``Is revoked`` do not matter.
"""

from __future__ import annotations

from incident_kit.rules.ik8_appendix import ik801_appendix_columns  # noqa: F401  (registers the rule)
from incident_kit.rules.ik8_appendix import ik802_appendix_hash_invalid  # noqa: F401  (registers the rule)
from incident_kit.rules.ik8_appendix import ik803_appendix_revoked_value  # noqa: F401  (registers the rule)
from incident_kit.rules.ik8_appendix import ik804_remaining_valid_mismatch  # noqa: F401  (registers the rule)
from incident_kit.rules.ik8_appendix import ik805_appendix_listing_missing  # noqa: F401  (registers the rule)
from incident_kit.rules.ik8_appendix import ik806_certificate_data_on_request  # noqa: F401  (registers the rule)

FAMILY = "IK8"
TITLE = "appendix and certificate data"
RULES = (
    "ik801_appendix_columns",
    "ik802_appendix_hash_invalid",
    "ik803_appendix_revoked_value",
    "ik804_remaining_valid_mismatch",
    "ik805_appendix_listing_missing",
    "ik806_certificate_data_on_request",
)
"""The rule files of the family, in registration order."""
