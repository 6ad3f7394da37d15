"""The one JSON writer of every result.

orjson encodes in C, indented: a ranking of 100,000 items is written in a fraction of
the time and memory the standard library's indented (pure-Python) encoder takes. The
layout is the standard library's ``indent=2`` at every size; the one difference in how
numbers are written (orjson: ``1e-9``, ``0.00001``; Python: ``1e-09``, ``1e-05``) is put
back to Python's, so the documents stay as they were byte for byte.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from afweging.render import ascii_json, takes_utf8

# Where orjson writes a number otherwise than Python: a negative exponent, or a number
# below 0.0001 written out in full. Found by bytes.find (C speed), each checked in turn.
_MARKERS = (b"e-", b"0.0000")
_NUMBER_BYTES = frozenset(b"0123456789.-+e")
_NUMBER = re.compile(rb"-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?")


def document_head(schema: str, version: int, lang: str) -> dict[str, Any]:
    """The keys every JSON document opens with, in this order: ``schema``,
    ``schema_version`` (``version``), ``tool_version`` (this afweging's version) and
    ``language`` (``lang``). Spread it first into the document's own keys."""
    from afweging import __version__

    return {
        "schema": schema,
        "schema_version": version,
        "tool_version": __version__,
        "language": lang,
    }


def to_json(document: Mapping[str, Any]) -> str:
    """JSON text, indented, with a final newline, in one layout at every size: UTF-8 kept
    readable, or, when stdout cannot take UTF-8 (``PYTHONIOENCODING=latin-1``), every
    other character as an exact ``\\u`` escape."""
    return "".join(json_chunks(document))


def json_chunks(document: Mapping[str, Any]) -> Iterator[str]:
    """The text of ``to_json(document)`` in pieces: each top-level value, and each element
    of a top-level list, encoded on its own. A top-level list may be given as an iterator
    (a ranking's items, made one at a time), so that a large document is never held whole,
    neither as data nor as text."""
    ascii_only = not takes_utf8(sys.stdout)
    entries = list(document.items())
    if not entries:
        yield "{}\n"
        return
    yield "{\n"
    for n, (key, value) in enumerate(entries):
        last = n == len(entries) - 1
        head = _encode(key, 0) + b": "
        if isinstance(value, list | Iterator):
            yield from _text(_list_chunks(head, value, last), ascii_only)
        else:
            yield from _text([b"  " + head + _encode(value, 2) + _END[last]], ascii_only)
    yield "}\n"


_END = {False: b",\n", True: b"\n"}


def _list_chunks(head: bytes, values: Iterable[Any], last: bool) -> Iterator[bytes]:
    """A top-level list, element by element, each with the separator that follows it."""
    elements = iter(values)
    previous = next(elements, _NOTHING)
    if previous is _NOTHING:
        yield b"  " + head + b"[]" + _END[last]
        return
    yield b"  " + head + b"[\n"
    for value in elements:
        yield b"    " + _encode(previous, 4) + b",\n"
        previous = value
    yield b"    " + _encode(previous, 4) + b"\n  ]" + _END[last]


_NOTHING = object()


def _encode(value: Any, indent: int) -> bytes:
    """``value`` as indented JSON, its inner lines indented by ``indent`` more spaces."""
    import orjson

    try:
        raw = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:  # a lone surrogate (from a file name that is not UTF-8)
        text = json.dumps(value, ensure_ascii=False, indent=2)
        raw = text.encode("utf-8", "surrogatepass")
    return raw.replace(b"\n", b"\n" + b" " * indent) if indent else raw


def _text(chunks: Iterable[bytes], ascii_only: bool) -> Iterator[str]:
    """Each chunk as text, its numbers written as Python writes them."""
    for chunk in chunks:
        text = _python_numbers(chunk).decode("utf-8", "surrogatepass")
        yield ascii_json(text) if ascii_only else text


def _python_numbers(raw: bytes) -> bytes:
    """orjson's text with every number written as Python's ``repr`` writes it."""
    spans = sorted({span for marker in _MARKERS for span in _numbers_at(raw, marker)})
    if not spans:
        return raw
    pieces = []
    last = 0
    for start, end in spans:
        pieces += [raw[last:start], repr(float(raw[start:end])).encode()]
        last = end
    pieces.append(raw[last:])
    return b"".join(pieces)


def _numbers_at(raw: bytes, marker: bytes) -> Iterator[tuple[int, int]]:
    """The spans of the numbers that hold ``marker``. A number is a value alone on its
    line (a space before it, at most a comma after it): a string never is, since it ends
    in a quote and holds no raw line break."""
    at = raw.find(marker)
    while at != -1:
        start, end = at, at + len(marker)
        while start > 0 and raw[start - 1] in _NUMBER_BYTES:
            start -= 1
        while end < len(raw) and raw[end] in _NUMBER_BYTES:
            end += 1
        alone = raw[end : end + 1] == b"\n" or raw[end : end + 2] == b",\n"
        if raw[start - 1 : start] == b" " and alone and _NUMBER.fullmatch(raw, start, end):
            yield start, end
        at = raw.find(marker, end)
