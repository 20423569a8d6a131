"""The indented JSON writer gives json.dumps's bytes (issue 9: the parent's serial time)."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from incident_kit.jsonout import dumps

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
)
keys = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(keys, inner, max_size=4),
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(values, st.integers(min_value=0, max_value=4))
def test_same_bytes_as_json_dumps(value, indent) -> None:
    assert dumps(value, indent) == json.dumps(value, indent=indent, ensure_ascii=False)


def test_a_lint_document_shape() -> None:
    doc = {
        "tool": "incident-kit",
        "files": [{"path": "a.md", "lines": [1, 9], "findings": [{"code": "IK101", "line": 3, "citations": ["IRG 3.2 §1"], "fix": None}], "not_applicable": []}],
        "summary": {"errors": 1, "ratio": 0.5, "ok": False, "note": "é \u2028 \"q\" \\ \x00"},
    }
    assert dumps(doc) == json.dumps(doc, indent=2, ensure_ascii=False)
    assert dumps(doc).startswith('{\n  "tool": "incident-kit",\n  "files": [\n    {\n')


def test_what_it_does_not_write_is_json_dumps_own_answer_or_error() -> None:
    class Name(str):
        pass

    odd = {"a": Name("x"), 1: [math.inf, -0.0], "deep": [[[[[]]]]]}
    assert dumps(odd) == json.dumps(odd, indent=2, ensure_ascii=False)
    deep: list = []
    for _ in range(300):  # deeper than the writer goes itself
        deep = [deep]
    assert dumps(deep) == json.dumps(deep, indent=2, ensure_ascii=False)
    loop: list = []
    loop.append(loop)
    for bad in (loop, {"x": object()}, {(1, 2): 3}):
        try:
            json.dumps(bad, indent=2)
        except (ValueError, TypeError) as exc:
            expected = (type(exc), str(exc))
        try:
            dumps(bad)
        except (ValueError, TypeError) as exc:
            assert (type(exc), str(exc)) == expected
        else:  # pragma: no cover - the assertion message says what went wrong
            raise AssertionError(f"no error for {bad!r}")
