"""The items of a clean CSV table, read with each distinct cell validated once: the
fast lane.

Row by row, every item of a CSV file is built as data, validated by pydantic and then
cross-checked against the framework: some twenty Python steps a row, most of the time it
takes to rank 100,000 items. But most columns repeat a few values (scores, kinds,
clusters, participants, dates, costs), so here every such column has a mapping from
each distinct cell to its value, read and validated when the cell is first met
(``_Cells``, ``_Levels``): a row is then one ``map`` of lookups, and an item a few
``zip``-s of them. The cells that seldom repeat (ids, names, rationales) are taken as
written and validated by pydantic a whole column per call. Both use the ``Item`` model's
own field types, constraints and validators, and the same cell readers as the row-by-row
path; the models are put together from values known to be valid. (A row at a time: a
large table's cells are far quicker to visit once, in the order they were read, than
column after column.)

The lane takes only a table that would load without a single problem or missing score.
At the first doubt it gives up (``None``) and the row-by-row validation runs, which
finds, locates and words every problem: so the lane never decides what is valid, only
how fast the valid is read. A property test (``tests/test_csvcolumns.py``) holds both
ways to the same models, value by value and with the same fields given, or to the same
error lines.
"""

# No ``from __future__ import annotations``: the adapters are built from the models' types.

import functools
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from operator import is_not, itemgetter
from typing import Annotated, Any, TypeVar, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from afweging.models import Cost, Framework, Item, Scale, shared_fields_set
from afweging.sources.csv import READERS, Column, Table, read_number

_ITEM_FIELDS = tuple(Item.model_fields)
_DEFAULTS: dict[str, Any] = {
    name: info.get_default(call_default_factory=False)
    for name, info in Item.model_fields.items()
    if not info.is_required() and info.default_factory is None
}
"""The defaults of the fields that have a value as default (scores and rationale have
a factory: each item gets a mapping of its own)."""


class _DeclineError(Exception):
    """The table is not one the lane takes: validate it row by row."""


@functools.cache
def _adapter(
    model: type[BaseModel], name: str, *, value: bool = False, many: bool = False
) -> TypeAdapter[Any]:
    """A validator of one field of ``model`` (of the values of a mapping field, with
    ``value``; of a list of them, with ``many``): the field's own type, constraints and
    validators."""
    info = model.model_fields[name]
    kind: Any = get_args(info.annotation)[1] if value else info.annotation
    if info.metadata and not value:
        kind = Annotated[(kind, *info.metadata)]
    return TypeAdapter(list[kind] if many else kind)


_AS_WRITTEN = frozenset({"id", "name"})
"""Fields taken from their cells as written, validated a whole column at a time after
the rows are read (their cells seldom repeat). A cell the row-by-row reader would change
(spaces around an id, a name's formula guard or Windows line break, a blank name)
declines the table; so do such rationale cells, also taken as written."""
_P = TypeVar("_P")
_ABSENT: Any = object()
"""The value of a cell that gives none (empty, or read as nothing)."""


class _Cells(dict[str, Any]):
    """The value of each distinct cell of a column, read and validated when first met
    (``_ABSENT`` for a cell that gives no value)."""

    __slots__ = ("adapter", "read")

    def __init__(self, read: Callable[[str], Any], adapter: TypeAdapter[Any] | None = None):
        super().__init__()
        self.read = read
        self.adapter = adapter

    def __missing__(self, cell: str) -> Any:
        value = self.read(cell) if cell else None
        if value is None:
            value = _ABSENT
        elif self.adapter is not None:
            try:
                value = self.adapter.validate_python(value)
            except ValidationError:
                raise _DeclineError from None
        self[cell] = value
        return value


class _Levels(dict[str, str]):
    """A score column: each distinct cell read as the row-by-row path reads it
    (stripped, interned) and found to be a level of the criterion's scale; an empty
    cell or any other value declines the table."""

    __slots__ = ("scale",)

    def __init__(self, scale: Scale):
        super().__init__()
        self.scale = scale

    def __missing__(self, cell: str) -> str:
        raw: str | None = READERS["text"](cell)
        if raw is None or self.scale.resolve(raw) is None:
            raise _DeclineError
        self[cell] = raw
        return raw


def _picker(positions: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The values at ``positions`` of a row, always as a tuple (itemgetter gives a lone
    value for one position)."""
    if len(positions) == 1:
        (position,) = positions
        return lambda row: (row[position],)
    if not positions:
        return lambda row: ()
    return itemgetter(*positions)


class _Layout:
    """Which columns hold what, when the header is one the lane takes: every criterion
    scored in one column, or (per assessor) in one column for each of the portfolio's
    assessors; no column that the row-by-row path would question."""

    __slots__ = ("assessed", "costs", "fields", "rationale", "single")

    def __init__(self) -> None:
        self.fields: list[Column] = []
        self.costs: list[Column] = []
        self.single: list[Column] = []
        self.assessed: list[Column] = []
        self.rationale: list[Column] = []

    @classmethod
    def of(cls, table: Table, framework: Framework, assessors: Sequence[str]) -> "_Layout | None":
        layout = cls()
        criteria = {c.id: c for c in framework.criteria}
        scored: dict[str, set[str] | None] = {}
        for column in table.columns:
            path = column.path
            if column.kind in READERS and len(path) == 1:
                layout.fields.append(column)
            elif column.kind == "number":
                layout.costs.append(column)
            elif column.kind == "rationale" and path[1] in criteria:
                layout.rationale.append(column)
            elif column.kind == "score" and path[1] in criteria and len(path) == 2:
                if path[1] in scored:
                    return None
                scored[path[1]] = None
                layout.single.append(column)
            elif column.kind == "score" and path[1] in criteria and path[2] in assessors:
                found = scored.setdefault(path[1], set())
                if found is None:
                    return None  # both CRITERION and CRITERION.ASSESSOR
                found.add(path[2])
                layout.assessed.append(column)
            elif column.kind != "blank":
                return None
        for criterion in framework.criteria:
            if criterion.id not in scored:
                return None
            if criterion.per_assessor and scored[criterion.id] != set(assessors):
                return None
        return layout


def checked_items(
    table: Table, framework: Framework, assessors: Sequence[str]
) -> tuple[Item, ...] | None:
    """The table's items, if they are all valid, complete and consistent with the
    framework and the ``assessors``; None to have the rows validated one by one (which
    reads the file again: the table's rows are handed over here either way)."""
    layout = _Layout.of(table, framework, assessors)
    if layout is None:
        return None
    rows = table.hand_over()
    if not rows:  # none left to read here (a reader took them): the rows validate them
        return None
    try:
        lane = _Rows(layout, framework, table)
        read = lane.read(rows)
        lane.check(read, framework)
    except _DeclineError:
        return None
    return tuple(_models(Item, read.data, read.given))


class _Rows:
    """What each column's cells become, and how a row of values becomes an item's data."""

    def __init__(self, layout: _Layout, framework: Framework, table: Table) -> None:
        by_name = {c.path[0]: c.position for c in layout.fields}
        if "id" not in by_name or "name" not in by_name:
            raise _DeclineError
        # the columns read through a mapping of distinct cells, by position
        cells: dict[int, dict[str, Any]] = {}
        for column in layout.fields:
            name = column.path[0]
            if name not in _AS_WRITTEN:
                cells[column.position] = _Cells(READERS[column.kind], _adapter(Item, name))
        decimal = table.decimal

        def number(cell: str) -> float | str | None:
            if "-" in cell:  # negative, or -0 (equal to 0 as a key): left to the full check
                raise _DeclineError
            return None if cell.isspace() else read_number(cell, decimal)

        for column in layout.costs:
            cells[column.position] = _Cells(number, _adapter(Cost, column.path[1]))
        for column in (*layout.single, *layout.assessed):
            criterion = framework.criterion(column.path[1])
            cells[column.position] = _Levels(framework.scale_of(criterion))
        positions = sorted(cells)
        self.cells = [cells[position] for position in positions]
        self.mapped = _picker(positions)
        at = {position: index for index, position in enumerate(positions)}
        absent = len(positions)  # the place of the _ABSENT put after a row's values
        self.names = tuple(name for name in _ITEM_FIELDS if name in by_name)
        self.written = itemgetter(by_name["id"], by_name["name"])
        self.fields = _picker([at[by_name[name]] for name in self.names[2:]])
        names = self.names
        self.shapes = _Patterns(lambda present: _Shape(names, (True, True, *present)))
        costs = {c.path[1]: at[c.position] for c in layout.costs}
        self.costs = _picker([costs.get("eur", absent), costs.get("fte", absent)])
        self.single_names = tuple(c.path[1] for c in layout.single)
        self.single = _picker([at[c.position] for c in layout.single])
        groups: dict[str, list[Column]] = {}
        for column in layout.assessed:
            groups.setdefault(column.path[1], []).append(column)
        self.groups = [
            (
                criterion_id,
                tuple(c.path[2] for c in members),
                _picker([at[c.position] for c in members]),
            )
            for criterion_id, members in groups.items()
        ]
        self.rationale_names = tuple(c.path[1] for c in layout.rationale)
        self.rationale = _picker([c.position for c in layout.rationale])
        self.template = {name: _DEFAULTS.get(name) for name in _ITEM_FIELDS}
        self.clusters = cells.get(by_name["cluster"]) if "cluster" in by_name else None

    def check(self, read: "_Read", framework: Framework) -> None:
        """What only the whole table shows: ids, names and rationales valid (read, not
        yet validated), ids unique (also ignoring case), clusters the framework's, each
        link naming another item."""
        try:
            _adapter(Item, "id", many=True).validate_python(read.ids)
            _adapter(Item, "name", many=True).validate_python(read.names)
            _adapter(Item, "rationale", value=True, many=True).validate_python(read.texts)
        except ValidationError:
            raise _DeclineError from None  # also a text with a Windows line break (\r)
        if any(map(str.isspace, read.names)):
            raise _DeclineError  # a blank name: a missing one, to the row-by-row reader
        guard = repeat("'")
        if any(map(str.startswith, read.names, guard)) or any(
            map(str.startswith, read.texts, guard)
        ):
            raise _DeclineError  # a formula guard (unguard would take it off)
        if len(set(map(str.casefold, read.ids))) != len(read.ids):
            raise _DeclineError
        known_clusters = set(framework.clusters)
        listed = set() if self.clusters is None else set(self.clusters.values()) - {_ABSENT}
        if known_clusters and not known_clusters.issuperset(listed):
            raise _DeclineError
        if {"requires", "excludes"} & set(self.names):
            known = set(read.ids)
            for item in read.data:
                for linked in (item["requires"], item["excludes"]):
                    if linked and (item["id"] in linked or not known.issuperset(linked)):
                        raise _DeclineError

    def read(self, rows: list[Any]) -> "_Read":
        """Each row's item as data (every field, in order) and the set of the fields it
        gives; each row is let go of once read."""
        cells, mapped, getitem = self.cells, self.mapped, dict.__getitem__
        written, fields, shapes = self.written, self.fields, self.shapes
        costs, template = self.costs, self.template
        single_names, single, groups = self.single_names, self.single, self.groups
        criteria, rationale = self.rationale_names, self.rationale
        texts_of = _Patterns(lambda present: _Pick(criteria, present))
        cost_models, default_cost = _CostModels(), _DEFAULTS["cost"]
        read = _Read()
        data, given, ids, names, texts = read.data, read.given, read.ids, read.names, read.texts
        absent = (_ABSENT,) * len(self.names)
        for index, row in enumerate(rows):
            rows[index] = None
            values = list(map(getitem, cells, mapped(row)))
            values.append(_ABSENT)  # the cost column a table may lack
            found = fields(values)
            shape = shapes[tuple(map(is_not, found, absent))]
            item_id, name = written(row)
            item = template.copy()
            item.update(zip(shape.names, shape.pick((item_id, name, *found)), strict=True))
            scores = dict(zip(single_names, single(values), strict=True))
            for criterion_id, assessors, pick in groups:
                scores[criterion_id] = dict(zip(assessors, pick(values), strict=True))
            item["scores"] = scores
            cells_written = rationale(row)
            pattern = texts_of[tuple(map(bool, map(str.strip, cells_written)))]
            chosen = pattern.pick(cells_written)
            item["rationale"] = dict(zip(pattern.names, chosen, strict=True))
            item["cost"] = cost = cost_models[costs(values)]
            data.append(item)
            given.append(shape.given[cost is not default_cost, bool(chosen)])
            ids.append(item_id)
            names.append(name)
            if chosen:
                texts += chosen
        return read


class _Read:
    """The items of a table as data, the set of fields each gives, and the texts still
    to validate (read, not yet checked: ids, names, rationales)."""

    __slots__ = ("data", "given", "ids", "names", "texts")

    def __init__(self) -> None:
        self.data: list[dict[str, Any]] = []
        self.given: list[set[str]] = []
        self.ids: list[Any] = []
        self.names: list[Any] = []
        self.texts: list[Any] = []


class _Pick:
    """Which of some columns a row fills: their names, and how to pick their values."""

    __slots__ = ("names", "pick")

    def __init__(self, names: tuple[str, ...], present: tuple[bool, ...]) -> None:
        chosen = [index for index, on in enumerate(present) if on]
        self.names = tuple(names[index] for index in chosen)
        self.pick = _picker(chosen)


class _Shape(_Pick):
    """Which fields a row gives, and the shared set of the fields given (by whether it
    also gives a cost and a rationale)."""

    __slots__ = ("given",)

    def __init__(self, names: tuple[str, ...], present: tuple[bool, ...]) -> None:
        super().__init__(names, present)
        if not {"id", "name", "kind"} <= set(self.names):
            raise _DeclineError  # an item without its id, name or kind
        base = {*self.names, "scores"}
        self.given = {
            (cost, texts): shared_fields_set(
                base | ({"cost"} if cost else set()) | ({"rationale"} if texts else set())
            )
            for cost in (False, True)
            for texts in (False, True)
        }


class _Patterns(dict[tuple[bool, ...], _P]):
    """What ``make`` makes of each pattern of filled columns, made when first met."""

    def __init__(self, make: Callable[[tuple[bool, ...]], _P]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, present: tuple[bool, ...]) -> _P:
        found = self[present] = self.make(present)
        return found


class _CostModels(dict[tuple[Any, Any], Cost]):
    """One ``Cost`` model per distinct (eur, fte), made when first asked for (items of
    the same cost share it); the default model when neither is given."""

    def __missing__(self, pair: tuple[Any, Any]) -> Cost:
        eur, fte = pair
        if eur is _ABSENT and fte is _ABSENT:
            model: Cost = _DEFAULTS["cost"]
        else:
            data = {
                "eur": 0.0 if eur is _ABSENT else eur,
                "fte": 0.0 if fte is _ABSENT else fte,
            }
            given = {name for name, v in zip(("eur", "fte"), pair, strict=True) if v is not _ABSENT}
            model = _model(Cost, data, shared_fields_set(given))
        self[pair] = model
        return model


def _models(
    model: type[BaseModel], data: Iterable[dict[str, Any]], given: Iterable[set[str]]
) -> list[Any]:
    """Instances of ``model``, each with its values (every field, in order) and the
    (shared) set of the fields it was given: what ``model_construct`` does, a step at a
    time for all of them, without a Python call per instance."""
    data = list(data)
    count = len(data)
    instances = list(map(object.__new__, repeat(model, count)))
    for name, values in (
        ("__dict__", data),
        ("__pydantic_fields_set__", given),
        ("__pydantic_extra__", repeat(None)),
        ("__pydantic_private__", repeat(None)),
    ):
        deque(map(object.__setattr__, instances, repeat(name), values), maxlen=0)
    return instances


def _model(model: type[BaseModel], data: dict[str, Any], given: set[str]) -> Any:
    """One instance, as ``_models`` makes them."""
    instance = object.__new__(model)
    object.__setattr__(instance, "__dict__", data)
    object.__setattr__(instance, "__pydantic_fields_set__", given)
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance
