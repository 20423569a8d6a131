"""The round-trip YAML that drafting writes with: comments, quotes and folded scalars kept as written."""

from __future__ import annotations

from typing import Any


def rt_yaml() -> Any:
    """A ruamel round-trip YAML that keeps comments, quotes and folded scalars as written."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


