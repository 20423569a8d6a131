"""The catalogue of citable ids (``citations.toml`` beside this module).

A rule cites ids from the catalogue: ``@rule(citations=...)`` fails at registration when an id is
not in it (:func:`check`), so two spellings of one section cannot drift apart unnoticed. Rule
modules import an id by its ``name`` (``from incident_kit.irg.citations import IRG3_TIMELINE``);
the catalogue is read once, on first use. Standard library only (``tomllib``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

CATALOGUE_FILE = Path(__file__).with_name("citations.toml")

ID_SHAPE = re.compile(
    r"^(IRG (1\.0|2\.0|3\.0|3\.1|3\.2|legacy)( §.+)?|MRSP \d+(\.\d+)*( .+)?|BR \d+(\.\d+)*( .+)?|"
    r"SMIME BR \d+(\.\d+)*( .+)?|CCADB Policy \d+(\.\d+)*( .+)?|Chrome \d+(\.\d+)*( .+)?)$"
)
"""The shape of a citation id ("IRG 3.2 §Timeline", "MRSP 5.3.2", "BR 4.9.1.1", "CCADB Policy 5.2",
"Chrome 1.5.1", "SMIME BR 4.9.1.1", "IRG 1.0"). A rule's ids must also be in the catalogue; ids in a
user's wording checks or policy clauses need only this shape."""


@dataclass(frozen=True)
class Citation:
    id: str
    name: str
    document: str  # the document's full title
    version: Optional[str] = None
    section: Optional[str] = None


class UnknownCitation(ValueError):
    """An id that is not in the catalogue."""


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Citation]:
    """Every citable id -> its entry, in catalogue order."""
    data = tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    documents = data.get("documents", {})
    out: dict[str, Citation] = {}
    for entry in data.get("citation", []):
        cid = entry["id"]
        if cid in out:
            raise ValueError(f"{CATALOGUE_FILE.name}: citation {cid!r} listed twice")
        out[cid] = Citation(cid, entry["name"], documents[entry["document"]], entry.get("version"),
                            entry.get("section"))
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    return {c.name: c.id for c in catalogue().values()}


def known(cid: str) -> bool:
    return cid in catalogue()


def check(ids: Iterable[str], who: str = "") -> tuple[str, ...]:
    """``ids`` as a tuple; :class:`UnknownCitation` naming the first id not in the catalogue."""
    out = tuple(ids)
    for cid in out:
        if cid not in catalogue():
            where = f"{who}: " if who else ""
            raise UnknownCitation(f"{where}citation {cid!r} is not in incident_kit/irg/{CATALOGUE_FILE.name}")
    return out


def __getattr__(name: str) -> str:  # PEP 562: ``from incident_kit.irg.citations import IRG3_TIMELINE``
    try:
        return _by_name()[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_by_name()))
