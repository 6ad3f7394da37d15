"""The one JSON writer of every result.

orjson encodes in C, indented, without holding the text in pieces: a ranking of 100,000
items is written in a fraction of the time and memory the standard library's indented
(pure-Python) encoder takes. The layout is the standard library's ``indent=2`` at every
size; the one difference in how numbers are written (orjson: ``1e-9``, ``0.00001``;
Python: ``1e-09``, ``1e-05``) is put back to Python's, so the documents stay as they
were byte for byte.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from afweging.render import ascii_json, takes_utf8

# A number orjson writes otherwise than Python does, alone as the value of its line (a
# string never is: it starts with a quote, and holds no raw line break).
_SMALL_NUMBER = re.compile(r'(?m)^( *(?:"[^"\n]*": )?)(-?(?:0\.0000[0-9]+|[0-9.]+e-[0-9]+))(,?)$')


def to_json(document: dict[str, Any]) -> str:
    """JSON text, indented, with a final newline, in one layout at every size: UTF-8 kept
    readable, or, when stdout cannot take UTF-8 (``PYTHONIOENCODING=latin-1``), every
    other character as an exact ``\\u`` escape."""
    import orjson

    try:
        raw = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # a lone surrogate (from a file name that is not UTF-8)
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    else:
        text = _SMALL_NUMBER.sub(_as_python, raw.decode("utf-8"))
    return text if takes_utf8(sys.stdout) else ascii_json(text)


def _as_python(match: re.Match[str]) -> str:
    """A number as Python's ``repr`` writes it (``1e-09``, ``1e-05``)."""
    return f"{match[1]}{float(match[2])!r}{match[3]}"
