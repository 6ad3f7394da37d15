"""The items of a clean CSV table, validated a column at a time: the fast lane.

Row by row, every item of a CSV file is built as data, validated by pydantic and then
cross-checked against the framework: some twenty Python steps for each row, most of the
time it takes to rank 100,000 items. A column holds one kind of value, and most columns
repeat a few values (scores, kinds, clusters, participants, dates), so here a column is
read in one pass in which each distinct cell is read and validated once, when first
met; a column of values that seldom repeat (ids, names) is validated by pydantic in one
call. Both use the ``Item`` model's own field types, constraints and validators, and
the same cell readers as the row-by-row path. The models are then put together from
values known to be valid, a field at a time for all items.

The lane takes only a table that would load without a single problem or missing score.
At the first doubt it gives up (``None``) and the row-by-row validation runs, which
finds, locates and words every problem: so the lane never decides what is valid, only
how fast the valid is read. A property test holds its models equal to the row-by-row
ones, value by value and in the fields each was given.
"""

# No ``from __future__ import annotations``: the adapters are built from the models' types.

import functools
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from typing import Annotated, Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from afweging.csvsource import READERS, Column, Table, read_number
from afweging.models import Cost, Framework, Item, Scale, shared_fields_set

_ITEM_FIELDS = tuple(Item.model_fields)
_DEFAULTS: dict[str, Any] = {
    name: info.get_default(call_default_factory=False)
    for name, info in Item.model_fields.items()
    if not info.is_required() and info.default_factory is None
}
"""The defaults of the fields that have a value as default (scores and rationale have
a factory: each item gets a mapping of its own)."""
_UNIQUE = frozenset({"id", "name"})
"""Fields whose cells seldom repeat: validated as a whole column, not value by value."""


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


class _Cells(dict[str, Any]):
    """The value of each distinct cell of a column, read and validated when first met:
    ``absent`` for a cell that gives no value (empty, or read as nothing)."""

    __slots__ = ("absent", "adapter", "empty", "read")

    def __init__(self, read: Callable[[str], Any], adapter: TypeAdapter[Any] | None, absent: Any):
        super().__init__()
        self.read = read
        self.adapter = adapter
        self.absent = absent
        self.empty: set[str] = set()
        """The distinct cells that give no value."""

    def __missing__(self, cell: str) -> Any:
        value = self.read(cell) if cell else None
        if value is None:
            self.empty.add(cell)
            value = self.absent
        elif self.adapter is not None:
            try:
                value = self.adapter.validate_python(value)
            except ValidationError:
                raise _DeclineError from None
        self[cell] = value
        return value

    def column(self, cells: Sequence[str]) -> "_Values":
        """The values of ``cells``, and (when a cell gives none) which give one."""
        values = list(map(self.__getitem__, cells))
        given = None
        if self.empty:
            empty = self.empty
            given = list(map({cell: cell not in empty for cell in self}.__getitem__, cells))
        return _Values(values, given)


class _Values:
    """A column's values, and whether each cell gives its value (None: all do)."""

    __slots__ = ("given", "values")

    def __init__(self, values: list[Any], given: list[bool] | None) -> None:
        self.values = values
        self.given = given


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
    if not rows or any(row is None for row in rows):
        return None
    columns: list[Sequence[str]] = list(zip(*rows, strict=False))
    del rows
    try:
        fields = _fields(layout, columns)
        _check_consistent(fields, framework)
        fields["cost"] = _costs(layout, columns, table.decimal)
        fields["scores"] = _Values(_scores(layout, columns, framework), None)
        fields["rationale"] = _rationale(layout, columns)
    except _DeclineError:
        return None
    finally:
        del columns
    return _assemble(fields)


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


def _fields(layout: _Layout, columns: list[Sequence[str]]) -> dict[str, _Values]:
    """The item-field columns, validated."""
    found: dict[str, _Values] = {}
    for column in layout.fields:
        name = column.path[0]
        read = READERS[column.kind]
        cells = columns[column.position]
        if name in _UNIQUE:
            values = [read(cell) if cell else None for cell in cells]
            if None in values:
                raise _DeclineError
            try:
                values = _adapter(Item, name, many=True).validate_python(values)
            except ValidationError:
                raise _DeclineError from None
            found[name] = _Values(values, None)
        else:
            reader = _Cells(read, _adapter(Item, name), _DEFAULTS.get(name))
            found[name] = reader.column(cells)
    return found


def _check_consistent(fields: dict[str, _Values], framework: Framework) -> None:
    """Every item has an id, a name and a kind; ids are unique (also ignoring case);
    clusters are the framework's; each link names another item."""
    required = [fields.get(name) for name in ("id", "name", "kind")]
    if any(values is None or values.given is not None for values in required):
        raise _DeclineError
    ids: list[str] = fields["id"].values
    if len(set(map(str.casefold, ids))) != len(ids):
        raise _DeclineError
    clusters = fields.get("cluster")
    known_clusters = set(framework.clusters)
    listed = set() if clusters is None else set(clusters.values) - {None}
    if known_clusters and not known_clusters.issuperset(listed):
        raise _DeclineError
    known = set(ids)
    for name in ("requires", "excludes"):
        links = fields.get(name)
        if links is not None:
            for item_id, linked in zip(ids, links.values, strict=True):
                if linked and (item_id in linked or not known.issuperset(linked)):
                    raise _DeclineError


def _costs(layout: _Layout, columns: list[Sequence[str]], decimal: str) -> _Values:
    """Each item's cost model (items of the same cost share one), and whether it gives
    one."""
    count = len(columns[0])

    def number(cell: str) -> float | str | None:
        if "-" in cell:  # negative, or -0 (equal to 0 as a key): left to the full check
            raise _DeclineError
        return None if cell.isspace() else read_number(cell, decimal)

    cost: dict[str, Iterable[Any]] = {"eur": repeat(None, count), "fte": repeat(None, count)}
    for column in layout.costs:
        name = column.path[1]
        cost[name] = (
            _Cells(number, _adapter(Cost, name), None).column(columns[column.position]).values
        )
    models = _CostModels()
    pairs = list(zip(cost["eur"], cost["fte"], strict=True))
    values = list(map(models.__getitem__, pairs))
    given = list(map((None, None).__ne__, pairs)) if (None, None) in models else None
    return _Values(values, given)


class _CostModels(dict[tuple[float | None, float | None], Cost]):
    """One ``Cost`` model per distinct (eur, fte), made when first asked for; the
    default model for (None, None)."""

    def __missing__(self, pair: tuple[float | None, float | None]) -> Cost:
        eur, fte = pair
        if eur is None and fte is None:
            model: Cost = _DEFAULTS["cost"]
        else:
            data = {"eur": 0.0 if eur is None else eur, "fte": 0.0 if fte is None else fte}
            given = {name for name, v in zip(("eur", "fte"), pair, strict=True) if v is not None}
            model = _model(Cost, data, given)
        self[pair] = model
        return model


def _scores(
    layout: _Layout, columns: list[Sequence[str]], framework: Framework
) -> list[dict[str, Any]]:
    """Each item's scores, in the order the row-by-row path gives them (the single
    columns', then each per-assessor criterion's); declined when a cell is empty or not
    a level of its criterion's scale."""
    values: list[list[str]] = []
    for column in (*layout.single, *layout.assessed):
        scale = framework.scale_of(framework.criterion(column.path[1]))
        reader = _Cells(_level_reader(scale), None, None)
        values.append(reader.column(columns[column.position]).values)
        if reader.empty:
            raise _DeclineError  # a missing score
    single = [c.path[1] for c in layout.single]
    count = len(columns[0])
    if single:
        rows = zip(*values[: len(single)], strict=True)
        scores: list[dict[str, Any]] = list(map(dict, map(zip, repeat(single), rows)))
    else:
        scores = [{} for _ in range(count)]
    groups: dict[str, list[tuple[str, list[str]]]] = {}
    for column, levels in zip(layout.assessed, values[len(single) :], strict=True):
        groups.setdefault(column.path[1], []).append((column.path[2], levels))
    for criterion_id, members in groups.items():
        names = [name for name, _ in members]
        rows = zip(*[levels for _, levels in members], strict=True)
        by_assessor = map(dict, map(zip, repeat(names), rows))
        deque(map(dict.__setitem__, scores, repeat(criterion_id), by_assessor), maxlen=0)
    return scores


def _level_reader(scale: Scale) -> Callable[[str], str]:
    """A score cell read as the row-by-row path reads it (stripped, interned), if it is
    a level of ``scale``."""
    read = READERS["text"]

    def level(cell: str) -> str:
        raw: str | None = read(cell)
        if raw is None or scale.resolve(raw) is None:
            raise _DeclineError
        return raw

    return level


def _rationale(layout: _Layout, columns: list[Sequence[str]]) -> _Values:
    """Each item's rationale texts, validated (a mapping of its own, perhaps empty)."""
    count = len(columns[0])
    texts: list[dict[str, str]] = [{} for _ in range(count)]
    adapter = _adapter(Item, "rationale", value=True)
    for column in layout.rationale:
        found = _Cells(READERS["free"], adapter, None).column(columns[column.position])
        key, values = column.path[1], found.values
        for row in range(count) if found.given is None else compress(range(count), found.given):
            texts[row][key] = values[row]
    return _Values(texts, list(map(bool, texts)))


def _assemble(fields: dict[str, _Values]) -> tuple[Item, ...]:
    """The models, made as pydantic's ``model_construct`` makes them (from valid values,
    with the set of fields each was given), a field at a time for all items."""
    count = len(fields["id"].values)
    columns: list[Iterable[Any]] = []
    always: list[str] = []
    sometimes: list[tuple[str, list[bool]]] = []
    for name in _ITEM_FIELDS:
        found = fields.get(name)
        if found is None:
            columns.append(repeat(_DEFAULTS.get(name), count))
            continue
        columns.append(found.values)
        if found.given is None:
            always.append(name)
        else:
            sometimes.append((name, found.given))
    data = list(map(dict, map(zip, repeat(_ITEM_FIELDS), zip(*columns, strict=True))))
    names = [name for name, _ in sometimes]
    patterns = list(zip(*[given for _, given in sometimes], strict=True))
    sets = {
        pattern: {*always, *(name for name, on in zip(names, pattern, strict=True) if on)}
        for pattern in set(patterns)
    }
    given = list(map(sets.__getitem__, patterns)) if names else repeat(set(always), count)
    return tuple(map(_model, repeat(Item), data, given))


def _model(model: type[BaseModel], data: dict[str, Any], given: set[str]) -> Any:
    """An instance of ``model`` with the values ``data`` (every field, in order), given
    the fields ``given``: what ``model_construct`` does, in four steps."""
    instance = object.__new__(model)
    object.__setattr__(instance, "__dict__", data)
    object.__setattr__(instance, "__pydantic_fields_set__", shared_fields_set(given))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance
