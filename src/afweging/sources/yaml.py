"""Safe YAML reading: text → plain data plus the line and column of every node.

The one place that parses YAML. It composes the node tree with PyYAML (libyaml when
available) and builds plain Python values itself, so that it can

* resolve plain scalars by the YAML 1.2 core schema (``yes``, ``on``, ``NO``, ``1:30``
  and ``2012-11-01`` stay text instead of becoming booleans, numbers or dates);
* refuse duplicate keys, non-text keys, anchors/aliases, explicit tags, non-finite
  numbers, excessive nesting and more than one document;
* remember where every value and every key stands, so that later checks can report
  ``path:line:col``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from afweging.errors import (
    UNSAFE_CHARACTERS,
    UNSAFE_HINT,
    InputError,
    describe,
    name_character,
)
from afweging.sources.document import Document, Path

MAX_DEPTH = 24


_PLAIN = "!plain"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

# YAML 1.2 core schema, https://yaml.org/spec/1.2.2/#1023-core-schema, as one pattern
# (one compile at start-up instead of eight).
_CORE = re.compile(
    r"(?P<null>~|null|Null|NULL|)"
    r"|(?P<true>true|True|TRUE)"
    r"|(?P<false>false|False|FALSE)"
    r"|(?P<int10>[-+]?[0-9]+)"
    r"|0o(?P<int8>[0-7]+)"
    r"|0x(?P<int16>[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)"
    r"|(?P<special>[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN)"
)


# The unsafe characters as they may stand raw in a file: a carriage return is a line end.
_RAW_UNSAFE = re.compile("[" + UNSAFE_CHARACTERS.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f") + "]")

# What YAML itself refuses (PyYAML without a line and column): the noncharacters U+FFFE
# and U+FFFF, and lone surrogates (from a file decoded with errors="surrogateescape").
_NOT_YAML = re.compile("[\ud800-\udfff\ufffe\uffff]")

# An amount written as with a thousands separator, a point between one to three digits
# and three (250.000, 1.250), or ending in ".000" (250000.000): YAML reads a decimal point
# where a Dutch writer means a thousands separator.
_POINTED_AMOUNT = re.compile(r"[-+]?([1-9][0-9]{0,2})\.([0-9]{3})|[-+]?([0-9]+)\.(000)")
_AMOUNT_KEYS = frozenset({"eur", "budget_eur"})

# An integer longer than this is out of range for every field (the limit is 1e15), and
# int() refuses 4,300 digits and more.
_MAX_DIGITS = 30


class NodeMarks(Mapping[Path, tuple[int, int]]):
    """The 1-based (line, column) of the value (or, with ``keys``, the key) at each path,
    looked up in the composed node tree when asked.

    Only error messages and edits ask, for a handful of paths; recording every position
    while building the values would cost as much as building them (and a dictionary
    entry per node of a large file).
    """

    __slots__ = ("_keys", "_root")

    def __init__(self, root: Any, *, keys: bool) -> None:
        self._root = root
        self._keys = keys

    def _node(self, loc: Path) -> Any:
        node, key_node = self._root, None
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                pair = next((p for p in node.value if p[0].value == part), None)
                if pair is None:
                    return None
                key_node, node = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return None
                key_node, node = None, node.value[part]
            else:
                return None
        return key_node if self._keys else node

    def __getitem__(self, loc: Path) -> tuple[int, int]:
        node = self._node(loc)
        if node is None:
            raise KeyError(loc)
        return node.start_mark.line + 1, node.start_mark.column + 1

    def __contains__(self, loc: object) -> bool:
        return isinstance(loc, tuple) and self._node(loc) is not None

    def __iter__(self) -> Iterator[Path]:
        stack: list[tuple[Path, Any, bool]] = [((), self._root, False)]
        while stack:
            loc, node, keyed = stack.pop()
            if keyed or not self._keys:
                yield loc
            if isinstance(node, yaml.MappingNode):
                stack += [((*loc, k.value), v, True) for k, v in reversed(node.value)]
            elif isinstance(node, yaml.SequenceNode):
                stack += [((*loc, i), v, False) for i, v in reversed(list(enumerate(node.value)))]

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _make_loader() -> type[Any]:
    # libyaml's parser when PyYAML was built with it (ten times faster), else pure Python.
    parser = getattr(getattr(yaml, "cyaml", None), "CParser", None) or yaml.parser.Parser
    bases: tuple[type, ...]
    if parser is yaml.parser.Parser:
        bases = (
            yaml.reader.Reader,
            yaml.scanner.Scanner,
            yaml.parser.Parser,
            yaml.composer.Composer,
            yaml.resolver.BaseResolver,
        )
    else:
        bases = (parser, yaml.resolver.BaseResolver)

    def resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def init(self: Any, stream: str) -> None:
        if parser is yaml.parser.Parser:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
        else:
            parser.__init__(self, stream)  # type: ignore[call-arg]
        yaml.resolver.BaseResolver.__init__(self)

    return type("_Loader", bases, {"resolve": resolve, "__init__": init})


_Loader = _make_loader()


def _scalar(node: Any) -> Any:
    text: str = node.value
    if node.tag == _STR:
        return text
    if node.tag != _PLAIN:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _NodeError(node, f"explicit tag {tag} is not supported", "remove the tag")
    match = _CORE.fullmatch(text)
    kind = match.lastgroup if match else None
    if kind is None:
        return text
    if kind == "null":
        return None
    if kind in ("true", "false"):
        return kind == "true"
    if kind in ("int10", "int8", "int16"):
        digits: str = match.group(kind) if kind != "int10" else text  # type: ignore[union-attr]
        if len(digits) > _MAX_DIGITS:
            raise _NodeError(
                node,
                f"the number {text[:12]}… ({len(text)} characters long) is out of range",
                "use a number below 1e15",
            )
        return int(digits, {"int10": 10, "int8": 8, "int16": 16}[kind])
    if kind == "float":
        number = float(text)
        if not math.isfinite(number):
            raise _NodeError(node, f"the number {text} is too large", "use a number below 1e300")
        return number
    raise _NodeError(node, f"{text} is not a finite number", "write an ordinary number")


class _NodeError(Exception):
    def __init__(
        self, node: Any, message: str, hint: str = "", at: tuple[int, int] | None = None
    ) -> None:
        super().__init__(message)
        self.at = at or (node.start_mark.line + 1, node.start_mark.column + 1)
        self.message = message
        self.hint = hint


def _first_alias(text: str) -> tuple[int, int] | None:
    """Where the first alias (``*name``) stands: the composed tree shares the anchored
    node and so has lost it. Only called on the error path."""
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return event.start_mark.line + 1, event.start_mark.column + 1
    return None


def _build(root: Any, text: str) -> Any:
    """Turn the composed node tree into plain values, checking every node on the way.

    Positions are not recorded here (``NodeMarks`` finds them in the tree when asked), so
    the walk costs little more than the values it builds.
    """
    # Without '&' or '*' in the text there is no alias, so no node can be met twice and
    # the bookkeeping that detects one is skipped.
    track = "&" in text or "*" in text
    seen: set[int] = set()
    scalar_node, sequence_node = yaml.ScalarNode, yaml.SequenceNode

    def once(node: Any) -> None:
        """Refuse a node met before: an alias (as a value or as a key)."""
        if id(node) in seen:
            raise _NodeError(
                node,
                "anchors and aliases (&name, *name) are not supported",
                "write the value out in full",
                at=_first_alias(text),
            )
        seen.add(id(node))

    def walk(node: Any, depth: int, key: str = "") -> Any:
        if depth > MAX_DEPTH:
            raise _NodeError(
                node,
                f"the structure is nested more than {MAX_DEPTH} levels deep",
                "afweging files need only a few levels; check the indentation",
            )
        if track:
            once(node)
        kind = node.__class__
        if kind is scalar_node:
            if key in _AMOUNT_KEYS and node.tag == _PLAIN:
                _check_amount(node)
            return _scalar(node)
        if node.tag not in (_SEQ, _MAP):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _NodeError(node, f"explicit tag {tag} is not supported", "remove the tag")
        if kind is sequence_node:
            return [walk(child, depth + 1) for child in node.value]
        mapping: dict[str, Any] = {}
        previous = None
        for key_node, value_node in node.value:
            if track:
                once(key_node)
            if node.flow_style and _without_value(key_node, value_node):
                _keyless_entry(key_node, previous)
            previous = value_node
            key = _key(key_node)
            if key in mapping:
                first = next(k for k, _ in node.value if k.value == key_node.value)
                raise _NodeError(
                    key_node,
                    f"duplicate key '{key}' (first at line {first.start_mark.line + 1})",
                    "YAML keeps only one of them; remove or rename one",
                )
            mapping[key] = walk(value_node, depth + 1, key)
        return mapping

    return walk(root, 0)


def _check_amount(node: Any) -> None:
    """Refuse an amount in euros that YAML would read with a decimal point where the
    writer (as in a Dutch spreadsheet) probably meant a thousands separator."""
    match = _POINTED_AMOUNT.fullmatch(node.value)
    if match is None:
        return
    whole, part = match.group(1, 2) if match.group(1) else match.group(3, 4)
    sign = "-" if node.value.startswith("-") else ""
    if match.group(3) is not None:
        raise _NodeError(
            node,
            f"the amount {node.value} ends in a point and three zeros, which a Dutch"
            " spreadsheet reads as a thousands separator",
            f"write {sign}{int(whole)}",
        )
    raise _NodeError(
        node,
        f"the amount {node.value} is ambiguous: YAML reads the point as a decimal point"
        f" ({float(node.value):g} euros), a Dutch spreadsheet as a thousands separator",
        f"write {sign}{int(whole + part)} (without a thousands separator)",
    )


def _without_value(key_node: Any, value_node: Any) -> bool:
    """An entry of a {flow mapping} written without a colon (``{a, b: 1}``): YAML reads
    it as a key with no value, which in afweging's files is a comma in the wrong place."""
    return (
        value_node.__class__ is yaml.ScalarNode
        and value_node.value == ""
        and value_node.start_mark.index == key_node.end_mark.index
    )


def _keyless_entry(key_node: Any, previous: Any) -> None:
    """The error for an entry without a value in a {flow mapping}: a decimal comma
    (``{fte: 1,5}``) or unquoted text with a comma (``{nl: Wegnemen, grenzen}``)."""
    text = key_node.value
    if (
        key_node.tag == _PLAIN
        and text.isdigit()
        and previous is not None
        and previous.__class__ is yaml.ScalarNode
        and previous.value.lstrip("+-").isdigit()
    ):
        raise _NodeError(
            previous,
            f"'{previous.value},{text}' reads as two entries: in {{…}} a comma separates them",
            f"write {previous.value}.{text} (YAML numbers take a decimal point)",
        )
    raise _NodeError(
        key_node,
        f"'{text}' has no value: in {{…}} a comma separates entries",
        'put text that contains a comma in quotes, as in {nl: "Wegnemen, grenzen"}',
    )


def _key(node: Any) -> str:
    """The text of a mapping key; anything but a plain text key is refused."""
    if node.__class__ is not yaml.ScalarNode:
        raise _NodeError(node, "a key must be text, not a list or mapping")
    if node.tag == _PLAIN and node.value == "<<":
        raise _NodeError(node, "merge keys (<<) are not supported", "write the keys out in full")
    key = _scalar(node)
    if not isinstance(key, str):
        raise _NodeError(
            node, f"a key must be text, not {describe(key)}", f'put it in quotes: "{node.value}"'
        )
    return key


def parse(text: str, path: str) -> Document:
    """Parse YAML text into a ``Document``; every defect becomes an ``InputError``."""
    check_characters(text, path)
    try:
        loader = _Loader(text)  # inside: PyYAML's reader can fail in its constructor
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
        if root is None:
            raise InputError.single(
                path, "the file is empty", "see the README for the file formats", 1, 1
            )
        doc = Document(
            path, _build(root, text), NodeMarks(root, keys=False), NodeMarks(root, keys=True)
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        context = str(exc.context or "")
        if context.startswith("while parsing a flow") and exc.context_mark and mark:
            opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
            expected = problem.removeprefix("did not find expected ")
            raise InputError.single(
                path,
                f"YAML syntax error: this '{opener}' is not closed (a {expected} was expected"
                f" at line {mark.line + 1}, column {mark.column + 1})",
                f"close it with '{closer}'",
                exc.context_mark.line + 1,
                exc.context_mark.column + 1,
            ) from None
        if "expected a single document" in str(exc.context):
            raise InputError.single(
                path,
                "YAML syntax error: the file holds more than one document",
                "remove the '---' separator and everything after it",
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
            ) from None
        raise InputError.single(
            path,
            f"YAML syntax error: {problem}",
            _syntax_hint(problem),
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError.single(path, f"YAML syntax error: {exc}") from None
    except _NodeError as exc:
        raise InputError.single(path, exc.message, exc.hint, *exc.at) from None
    except RecursionError:
        raise InputError.single(
            path, "the structure is nested too deeply", "check the indentation"
        ) from None
    return doc


def check_characters(text: str, path: str) -> None:
    """Refuse a control or format character anywhere in the text, at its line and column.

    One pass over the whole text, before the parser: PyYAML reports a raw control
    character without a position, and counts U+0085, U+2028 and U+2029 as line breaks,
    which would put every later position on the wrong line.
    """
    found = _RAW_UNSAFE.search(text) or _NOT_YAML.search(text)
    if found is None:
        return
    offset = found.start()
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    line = text.count("\n", 0, offset) + 1
    if "\n" not in text:  # old Mac line ends: CR alone
        line = text.count("\r", 0, offset) + 1
    raise InputError.single(path, *unsafe_message(found.group()), line, offset - line_start + 1)


def unsafe_message(character: str) -> tuple[str, str]:
    """Message and hint for a control or format character found in the user's text."""
    name = name_character(character)
    if character == "\x00":
        return (
            f"the file contains {name}, a control character",
            "save it as UTF-8 (a file with NUL bytes between its letters is UTF-16)",
        )
    if _NOT_YAML.fullmatch(character):
        return (
            f"the file contains U+{ord(character):04X}, a noncharacter that YAML does not allow",
            "remove it (it is often left by a broken conversion or copy)",
        )
    if character in "\x85\u2028\u2029":
        return (
            f"the file contains {name}, which YAML reads as a line break",
            "use an ordinary line break",
        )
    return f"the file contains {name}, a control or format character", UNSAFE_HINT


def _syntax_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values" in problem:
        return "put text containing ': ' in quotes, or check the indentation"
    if "nesting depth" in problem:
        return "afweging files need only a few levels"
    return "check the indentation and quoting on this line and the one above"


# The tag the YAML 1.2 core schema gives each kind of plain scalar ``_CORE`` matches.
_CORE_TAGS = {
    "null": "tag:yaml.org,2002:null",
    "true": "tag:yaml.org,2002:bool",
    "false": "tag:yaml.org,2002:bool",
    "int10": "tag:yaml.org,2002:int",
    "int8": "tag:yaml.org,2002:int",
    "int16": "tag:yaml.org,2002:int",
    "float": "tag:yaml.org,2002:float",
    "special": "tag:yaml.org,2002:float",
}


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting also the text that this reader (YAML 1.2 core) would
    read as another type: PyYAML decides by YAML 1.1, where ``1e3`` and ``0o17`` are
    text and so were written unquoted, to come back as 1000.0 and 15."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            match = _CORE.fullmatch(value)
            if match is not None and match.lastgroup is not None:
                return _CORE_TAGS[match.lastgroup]
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


def dump(data: Any) -> str:
    """``data`` as block-style YAML that ``parse`` reads back as the same values."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
