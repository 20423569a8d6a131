"""One fold of text, for everyone: straight quotes and dashes, no Markdown emphasis or links, single
spaces (:func:`normalise`, prose); a value as written without its emphasis (:func:`clean_value`); the
lower-case comparison form of a title or label (:func:`norm`, :func:`label_key`, what the reader
looks up in the IRG vocabulary); and the IRG's not-applicable marker (``N/A`` and its usual
spellings, :func:`is_na`, which the rules, the readers and the renderer share). Standard library only.

The character folds are built from one table: prose folds quotes and dashes (after NFKC, which
already turns a no-break space and full-width punctuation into their plain forms); a value keeps its
dashes as written; a label folds everything.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from incident_kit.irg.templates import NA_RE as _NA_RE

_QUOTE_CHARS = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
_DASH_CHARS = {"\u2013": "-", "\u2014": "-"}
_SPACE_CHARS = {"\u00a0": " "}
_FULLWIDTH_CHARS = {"\uff1a": ":", "\uff1f": "?"}

# None of the three maps an ASCII character (a test checks): ASCII text, most of what they are given,
# skips the translation.
_FOLD = str.maketrans({**_QUOTE_CHARS, **_DASH_CHARS})  # prose, after NFKC
_QUOTES = str.maketrans({**_QUOTE_CHARS, **_SPACE_CHARS})  # a value: its dashes stay as written
_LABEL_FOLD = str.maketrans({**_QUOTE_CHARS, **_DASH_CHARS, **_SPACE_CHARS, **_FULLWIDTH_CHARS})  # a title or label


_LINK_RE = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_EMPHASIS_MARKS_RE = re.compile(r"[*_`]+")
_BARE_URL_RE = re.compile(r"\(\s*<?https?://[^\s)]*>?\s*\)|<?https?://[^\s)>]+>?")


def normalise(text: str) -> str:
    """Fold quotes and dashes, strip Markdown emphasis, links and bare URLs, collapse white space."""
    if not text.isascii():  # ASCII text is its own NFKC form, and the fold maps no ASCII character
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    # Each substitution runs only on text that holds the character its every match needs.
    if "[" in text:
        text = _LINK_RE.sub(r"\1", text)  # no nested [ or (: linear on runs of them
    if "http" in text:
        text = _BARE_URL_RE.sub(" ", text)  # a crt.sh link between a noun and its verb is not words
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS_MARKS_RE.sub("", text)
    return " ".join(text.split())


def clean_value(text: str) -> str:
    """The value without surrounding Markdown emphasis or code marks, with straight quotes and
    single spaces: ``" **`A000123`** "`` gives ``"A000123"``."""
    # Joined on single spaces, the text has no other white space: stripping the marks and spaces
    # at both ends is what removing a leading and a trailing run of them with a pattern did.
    if not text.isascii():  # (the quote table maps no ASCII character: nothing to do for most values)
        text = text.translate(_QUOTES)
    return " ".join(text.split()).strip(" *_`")


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


_LABEL_EMPHASIS_RE = re.compile(r"^(?:\*\*|__|\*|_)+|(?:\*\*|__|\*|_)+$")


@lru_cache(maxsize=8192)  # pure, and asked about the same labels and titles many times per report
def norm(text: str) -> str:
    """Lower-case comparison form of a title or label: straight quotes and dashes, no emphasis,
    single spaces, no end punctuation (``**Root Cause(s):**`` -> ``root cause(s)``)."""
    s = (text if text.isascii() else text.translate(_LABEL_FOLD)).strip()
    for _ in range(3):
        if not s or (s[0] not in "*_" and s[-1] not in "*_"):
            break  # nothing left to strip: the next rounds would change nothing either
        s = _LABEL_EMPHASIS_RE.sub("", s).strip()
    # s is stripped: joining its words with one space is what replacing each white-space run does
    s = " ".join(s.split()).casefold()
    return s.rstrip(" :?.").strip()


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """Lookup form of a label: :func:`norm` without quotes or brackets (the form of the aliases in
    :mod:`incident_kit.irg.templates`)."""
    key = norm(text)
    if any(ch in key for ch in _KEY_DROP_CHARS):  # most labels hold none: no translation
        key = key.translate(_KEY_DROP)
    return key.replace("  ", " ")


_KEY_DROP_CHARS = "\"'()[]"
_KEY_DROP = str.maketrans("", "", _KEY_DROP_CHARS)
