"""The one JSON writer of every result."""

from __future__ import annotations

import json
import sys
from typing import Any

from afweging.render import takes_utf8


def to_json(document: dict[str, Any]) -> str:
    """JSON text, indented, with a final newline, in one layout at every size: UTF-8 kept
    readable, or, when stdout cannot take UTF-8 (``PYTHONIOENCODING=latin-1``), every
    other character as an exact ``\\u`` escape."""
    return json.dumps(document, ensure_ascii=not takes_utf8(sys.stdout), indent=2) + "\n"
