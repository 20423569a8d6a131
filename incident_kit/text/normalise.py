"""One fold of prose: straight quotes and dashes, no Markdown emphasis or links, single spaces;
and the IRG's not-applicable marker (``N/A`` and its usual spellings). Standard library only."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


_BARE_URL_RE = re.compile(r"\(\s*<?https?://[^\s)]*>?\s*\)|<?https?://[^\s)>]+>?")


def normalise(text: str) -> str:
    """Fold quotes and dashes, strip Markdown emphasis, links and bare URLs, collapse white space."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = _BARE_URL_RE.sub(" ", text)  # a crt.sh link between a noun and its verb is not words
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_EMPHASIS_RE = re.compile(r"^[\s*_`]+|[\s*_`]+$")
_NA_RE = re.compile(r"^(?:n\s*/\s*a|n\.\s*a\.?|na|not\s+applicable)(?=$|[\s.,;:()\u2013\u2014-])", re.IGNORECASE)


def clean_value(text: str) -> str:
    """The value without surrounding Markdown emphasis or code marks, with straight quotes and
    single spaces: ``" **`A000123`** "`` gives ``"A000123"``."""
    text = " ".join(text.translate(_QUOTES).split())
    return _EMPHASIS_RE.sub("", text)


def is_na(text: str) -> bool:
    """True when the whole value is the not-applicable marker (``N/A``, ``n/a.``, ``NA``,
    ``Not applicable``), ignoring emphasis and a final full stop."""
    value = clean_value(text).rstrip(".").strip()
    m = _NA_RE.match(value)
    return m is not None and m.end() == len(value)


def starts_with_na(text: str) -> bool:
    """True when the value opens with the not-applicable marker, possibly followed by a reason:
    ``"N/A – no certificates are affected"``."""
    return bool(_NA_RE.match(clean_value(text)))
