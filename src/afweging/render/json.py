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
from itertools import islice
from typing import Any

from afweging.render import ascii_json, takes_utf8

# Where orjson writes a number otherwise than Python: a negative exponent, or a number
# below 0.0001 written out in full. Each is a pattern that starts with a literal, which
# the regex engine finds at C speed; "e-" is looked for with a digit after it, so that
# texts such as "mandate-expired" or "score-below" (about 19,000 of them in a ranking of
# 10,000 items) are not checked one by one.
_MARKERS = (re.compile(rb"e-[0-9]"), re.compile(rb"0\.0000"))
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
    """The text of ``to_json(document)`` in pieces (``json_bytes``, decoded): UTF-8 kept
    readable, or every other character escaped when stdout cannot take UTF-8."""
    ascii_only = not takes_utf8(sys.stdout)
    for chunk in json_bytes(document):
        text = chunk.decode("utf-8", "surrogatepass")
        yield ascii_json(text) if ascii_only else text


def json_bytes(document: Mapping[str, Any]) -> Iterator[bytes]:
    """``to_json(document)`` as UTF-8, in pieces: each top-level value, and each batch of
    the elements of a top-level list, encoded on its own. A top-level list may be given as
    an iterator (a ranking's items, made as they are needed), so that a large document is
    never held whole, neither as data nor as text. A caller that writes to a UTF-8 stream
    can write these bytes as they are: a ranking of 10,000 items is 40 MB of text, which
    decoding to ``str`` and encoding back would copy twice."""
    entries = list(document.items())
    if not entries:
        yield b"{}\n"
        return
    yield b"{\n"
    for n, (key, value) in enumerate(entries):
        last = n == len(entries) - 1
        head = _encode(key, 0) + b": "
        if isinstance(value, list | Iterator):
            yield from map(_python_numbers, _list_chunks(head, value, last))
        else:
            yield _python_numbers(b"  " + head + _encode(value, 2) + _END[last])
    yield b"}\n"


_END = {False: b",\n", True: b"\n"}
BATCH = 32
"""How many elements of a top-level list are encoded in one call (see ``_list_chunks``):
enough that the fixed cost of a call is small, few enough that a batch's text (32 ranked
items are about 140 kB) is still in the processor's cache while it is checked for numbers
and written (256 at a time measured some 10% slower at 10,000 items)."""
_IN_PLACE = (b'{\n  "list": [\n', b"\n  ]\n}")
"""A batch is encoded as ``{"list": batch}``: the text between these is its elements."""


def _list_chunks(head: bytes, values: Iterable[Any], last: bool) -> Iterator[bytes]:
    """A top-level list, ``BATCH`` elements at a time, each batch with the separator that
    follows it. A batch is encoded in one call, and in the place a top-level list has
    (a list under a key of an object), so that its elements come out indented as the
    document indents them: each call, and each chunk checked for numbers, has a fixed cost
    that 10,000 items one by one paid 10,000 times, and re-indenting 40 MB of text costs
    more than encoding it."""
    elements = iter(values)
    batch = list(islice(elements, BATCH))
    if not batch:
        yield b"  " + head + b"[]" + _END[last]
        return
    yield b"  " + head + b"[\n"
    opening, closing = _IN_PLACE
    while batch:
        following = list(islice(elements, BATCH))
        encoded = _encode({"list": batch}, 0)
        yield encoded[len(opening) : -len(closing)]  # the separator apart: no copy to add it
        yield b",\n" if following else b"\n  ]" + _END[last]
        batch = following


def _encode(value: Any, indent: int) -> bytes:
    """``value`` as indented JSON, its inner lines indented by ``indent`` more spaces."""
    import orjson

    try:
        raw = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:  # a lone surrogate (from a file name that is not UTF-8)
        text = json.dumps(value, ensure_ascii=False, indent=2)
        raw = text.encode("utf-8", "surrogatepass")
    return raw.replace(b"\n", b"\n" + b" " * indent) if indent else raw


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


def _numbers_at(raw: bytes, marker: re.Pattern[bytes]) -> Iterator[tuple[int, int]]:
    """The spans of the numbers that hold ``marker``. A number is a value alone on its
    line (a space before it, at most a comma after it, or the end of the chunk: the last
    element of a batch, its separator yielded apart): a string never is, since it ends
    in a quote and holds no raw line break."""
    for found in marker.finditer(raw):
        start, end = found.span()
        while start > 0 and raw[start - 1] in _NUMBER_BYTES:
            start -= 1
        while end < len(raw) and raw[end] in _NUMBER_BYTES:
            end += 1
        alone = end == len(raw) or raw[end : end + 1] == b"\n" or raw[end : end + 2] == b",\n"
        if raw[start - 1 : start] == b" " and alone and _NUMBER.fullmatch(raw, start, end):
            yield start, end
