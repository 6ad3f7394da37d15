"""A portfolio's items as CSV, in the layout ``csvsource`` reads (``afweging export``).

One row per item; the item fields first (``requires`` and ``excludes`` only when an item
uses them), then every criterion of the framework in its order -- one column, or one per
assessor (``draagvlak.NL``) for a criterion scored per assessor or given a mapping by
some item -- and then ``rationale.CRITERION`` for each criterion with a rationale.

Scores are written as they stand in the portfolio (a symbol, a level name, a number), so
that reading the file back gives the same portfolio; text that a spreadsheet would run
as a formula gets the apostrophe ``render.csv.unguard`` removes.

Dialects: ``standard`` -- commas and decimal points, no BOM (for programs, LibreOffice
and an English Excel); ``excel-nl`` -- semicolons, decimal commas and a BOM, as a Dutch
(or Belgian) Excel opens and saves a CSV file. Rows end with CRLF in both, as RFC 4180
has it: Python's ``csv`` puts a value in quotes only when it holds a character of the
line end, so a lone CR in a text would otherwise end the row.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from afweging.models import show_raw
from afweging.render.csv import guard

if TYPE_CHECKING:
    from afweging.models import Framework, Item, Portfolio

DIALECTS = ("standard", "excel-nl")
_FIXED = (
    "id", "name", "kind", "cluster", "status", "established", "mandate_end", "last_result",
    "cost.eur", "cost.fte", "participants",
)  # fmt: skip


def item_columns(portfolio: Portfolio, framework: Framework) -> list[str]:
    """The header: item fields, then the criteria's score columns, then rationales."""
    items = portfolio.items
    columns = list(_FIXED)
    columns += [name for name in ("requires", "excludes") if any(getattr(i, name) for i in items)]
    for criterion in framework.criteria:
        mapped = {a: None for i in items if isinstance(s := i.scores.get(criterion.id), dict)
                  for a in s}  # fmt: skip
        if criterion.per_assessor:
            names = list(dict.fromkeys([*portfolio.assessors, *mapped]))
        else:
            columns.append(criterion.id)
            names = list(dict.fromkeys([a for a in portfolio.assessors if a in mapped]
                                       + list(mapped)))  # fmt: skip
        columns += [f"{criterion.id}.{assessor}" for assessor in names]
    columns += [
        f"rationale.{c.id}" for c in framework.criteria if any(c.id in i.rationale for i in items)
    ]
    return columns


def _number(value: float, decimal: str) -> str:
    shown = show_raw(value)
    return shown.replace(".", decimal) if decimal != "." else shown


def item_cells(item: Item, columns: list[str], decimal: str = ".") -> list[str]:
    """One item's row under ``columns``; an absent value is an empty cell."""
    flat: dict[str, Any] = {
        "id": item.id,
        "name": guard(item.name),
        "kind": item.kind,
        "cluster": item.cluster or "",
        "status": item.status,
        "established": "" if item.established is None else str(item.established),
        "mandate_end": "" if item.mandate_end is None else item.mandate_end.isoformat(),
        "last_result": "" if item.last_result is None else str(item.last_result),
        "cost.eur": _number(item.cost.eur, decimal),
        "cost.fte": _number(item.cost.fte, decimal),
        "participants": " ".join(item.participants),
        "requires": " ".join(item.requires),
        "excludes": " ".join(item.excludes),
    }
    for criterion, raw in item.scores.items():
        if isinstance(raw, dict):
            flat.update({f"{criterion}.{a}": _score(level, decimal) for a, level in raw.items()})
        else:
            flat[criterion] = _score(raw, decimal)
    flat.update({f"rationale.{c}": guard(text) for c, text in item.rationale.items()})
    return [flat.get(column, "") for column in columns]


def _score(raw: str | float, decimal: str) -> str:
    if not isinstance(raw, str):
        return _number(raw, decimal)
    # A level symbol comes from the framework, which may hold '@SUM(1+1)': guarded like
    # any text, except the plus and minus signs of the usual scales ('+', '--'), which a
    # spreadsheet keeps as text and which read back the same.
    return raw if raw.strip("+-") == "" else guard(raw)


def portfolio_csv(portfolio: Portfolio, framework: Framework, dialect: str = "standard") -> str:
    """The items as CSV text in ``dialect`` (``excel-nl`` starts with a BOM)."""
    excel = dialect == "excel-nl"
    out = io.StringIO()
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    columns = item_columns(portfolio, framework)
    writer.writerow(columns)
    decimal = "," if excel else "."
    writer.writerows(item_cells(item, columns, decimal) for item in portfolio.items)
    return out.getvalue()
