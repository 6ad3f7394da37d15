"""The one JSON writer: orjson's speed with the standard library's exact bytes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afweging.render.json import to_json

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_DOCUMENTS = st.dictionaries(
    st.text(),
    st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    ),
    max_size=6,
)


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


@given(_DOCUMENTS)
def test_the_bytes_are_the_standard_librarys(document: dict[str, Any]) -> None:
    """Any document is written exactly as ``json.dumps(..., indent=2)`` writes it."""
    document = _without_surrogates(document)
    assert to_json(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("value", [1e-9, 1.234e-5, -9.99e-5, 2.5e-7, 1e-4, 1e16, 0.1 + 0.2])
def test_small_numbers_are_written_as_python_does(value: float) -> None:
    """Numbers orjson would write otherwise (``1e-9``, ``0.00001234``) read as Python's."""
    assert (
        to_json({"x": value, "y": [value]})
        == json.dumps({"x": value, "y": [value]}, ensure_ascii=False, indent=2) + "\n"
    )


def test_a_lone_surrogate_is_written_as_the_standard_library_does() -> None:
    """A text orjson refuses (a lone surrogate from a file name) still gets the same bytes."""
    document = {"path": "x\udcff.yaml", "n": 1e-9}
    assert to_json(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def test_a_number_inside_a_text_is_left_alone() -> None:
    """Only numbers are rewritten, never a text that looks like one."""
    document = {"a": "0.00001", "b: 1e-9": "x: 0.00001", "c": ["1e-9"]}
    assert to_json(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@given(_DOCUMENTS)
def test_top_level_lists_given_as_iterators_are_written_the_same(
    document: dict[str, Any],
) -> None:
    """A document whose top-level lists come as iterators (a ranking's items, made one
    at a time) is written in pieces, and the pieces are ``json.dumps``'s bytes."""
    from afweging.render.json import json_chunks

    document = _without_surrogates(document)
    lazy = {k: iter(v) if isinstance(v, list) else v for k, v in document.items()}
    assert "".join(json_chunks(lazy)) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("length", [1, 255, 256, 257, 600])
def test_long_top_level_lists_are_written_the_same_across_batches(length: int) -> None:
    """A top-level list longer than a batch (``json.BATCH`` elements are encoded in one
    call) is written as one list, and a number that orjson writes otherwise is written as
    Python does at every place, also as the last element of a batch."""
    from afweging.render.json import BATCH, json_chunks

    values = [[1e-9, 2e-5, 0.5, "e-1", {"x": 3e-7}][i % 5] for i in range(length)]
    values[min(BATCH, length) - 1] = 1e-9
    document = {"head": 1e-9, "items": values, "tail": [2e-5]}
    expected = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert to_json(document) == expected
    assert "".join(json_chunks({**document, "items": iter(values)})) == expected
