"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The domain material (../shared beside the checkout), when it exists."""
    env = os.environ.get("INCIDENT_KIT_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared")
    for c in candidates:
        if (c / "samples").is_dir():
            return c
    return None


@pytest.fixture
def repo() -> Path:
    return REPO
