"""Finding a real browser for the browser tests: Debian's ``chromium``, driven by Playwright.

``.ci/run`` installs chromium with apt-get when it is missing. When it cannot (no root, no
network), every browser test is skipped with the one reason :func:`why_not`, which the test
header also prints, so a run never passes silently without them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def chromium_path() -> Optional[str]:
    env = os.environ.get("INCIDENT_KIT_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def why_not() -> Optional[str]:
    """None when the browser tests can run, else the reason they are skipped."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests skipped: the Python package playwright is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        return "browser tests skipped: no chromium executable (Debian: apt-get install -y chromium; or set INCIDENT_KIT_CHROMIUM)"
    return None
