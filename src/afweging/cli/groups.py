"""Parameter groups: options that several commands take together, declared once.

A command that reads a portfolio takes PORTFOLIO, --criteria, --as-of and --allow-missing;
``select`` and ``decide`` take the limits --budget, --fte, --must and --exclude; most
commands take --format, --dialect, --lang and --wide. Written out in every signature,
each list was said again by every command, and passed on name by name. Here each group
is a frozen dataclass whose fields are its options (the field's annotation carries the
``typer`` option, the field's default is the option's default), and ``grouped`` lets a
command declare a parameter of that type: typer sees the group's options in its place,
the command receives one object. A command that does not offer one of a group's
options says so with ``Annotated[Group, Without("field")]``; the object then holds that
field's default.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from afweging.cli.options import (
    AllowMissingOpt,
    AsOfOpt,
    BudgetOpt,
    CriteriaOpt,
    DialectOpt,
    ExcludeOpt,
    FteOpt,
    LangOpt,
    MustOpt,
    PortfolioArg,
    WideOpt,
    analysed,
)

if TYPE_CHECKING:
    from afweging.analysis.pipeline import Analysis
    from afweging.cli.options import Lang
    from afweging.i18n import Language

F = TypeVar("F", bound=Callable[..., Any])
FormatT = TypeVar("FormatT")


class Without:
    """In ``Annotated[Group, Without("field", …)]``: the command does not offer these
    fields' options."""

    def __init__(self, *fields: str) -> None:
        self.fields = fields


@dataclasses.dataclass(frozen=True)
class Inputs:
    """What a command analyses: the portfolio, the framework, the review date, and whether
    a missing score is taken as the worst level."""

    portfolio: PortfolioArg
    criteria: CriteriaOpt = None
    as_of: AsOfOpt = None
    allow_missing: AllowMissingOpt = False

    def analysed(self, lang: Lang | None) -> tuple[Analysis, Language]:
        """The analysis of the portfolio, with the language of the output (``--lang``,
        else the framework's)."""
        return analysed(self.portfolio, self.criteria, lang, self.allow_missing, self.as_of)


@dataclasses.dataclass(frozen=True)
class Limits:
    """What a selection must respect: budget and staff (default: the portfolio's), the
    items it must take and those it must leave out."""

    budget: BudgetOpt = None
    fte: FteOpt = None
    must: MustOpt = None
    exclude: ExcludeOpt = None

    def keywords(self) -> dict[str, Any]:
        """The limits as the keyword arguments of ``selection`` and ``decide``."""
        return {
            "budget": self.budget,
            "fte": self.fte,
            "must": tuple(self.must or ()),
            "exclude": tuple(self.exclude or ()),
        }


@dataclasses.dataclass(frozen=True)
class Output(Generic[FormatT]):
    """How a result is written: ``Output[XFormat]``, where ``XFormat`` (options.py) is the
    --format choices of the result."""

    format: FormatT = "table"  # type: ignore[assignment]  # each command's choices hold "table"
    dialect: DialectOpt = "standard"
    lang: LangOpt = None
    wide: WideOpt = False

    def emit(self, result: object, kind: str, lang: Language) -> None:
        """Write ``result`` in this format (``terminal.emit``)."""
        from afweging.cli.terminal import emit

        emit(result, kind, str(self.format), lang, dialect=self.dialect, wide=self.wide)


def grouped(fn: F) -> F:
    """Expand each parameter of ``fn`` whose type is a group into the group's options, in
    its place (typer reads the signature through ``__signature__``), and hand ``fn`` the
    group object built from their values."""
    groups: dict[str, tuple[type, list[str]]] = {}
    parameters: list[inspect.Parameter] = []
    for parameter in inspect.signature(fn, eval_str=True).parameters.values():
        group, argument, left_out = _group_of(parameter.annotation)
        # All keyword-only: click passes every value by name, and a group's required
        # PORTFOLIO may stand after a defaulted option in the signature.
        if group is None:
            parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))
            continue
        hints = typing.get_type_hints(group, include_extras=True)
        if unknown := set(left_out) - set(hints):
            raise TypeError(f"{fn.__name__}: {group.__name__} has no {', '.join(unknown)}")
        fields = [f for f in dataclasses.fields(group) if f.name not in left_out]
        groups[parameter.name] = (group, [f.name for f in fields])
        parameters += [
            inspect.Parameter(
                f.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default,
                annotation=argument if isinstance(hints[f.name], TypeVar) else hints[f.name],
            )
            for f in fields
        ]

    @functools.wraps(fn)
    def call(**values: Any) -> Any:
        for name, (group, fields) in groups.items():
            values[name] = group(**{field: values.pop(field) for field in fields})
        return fn(**values)

    call.__signature__ = inspect.Signature(parameters, return_annotation=None)  # type: ignore[attr-defined]
    call.__annotations__ = {p.name: p.annotation for p in parameters}
    return call  # type: ignore[return-value]


def _group_of(annotation: Any) -> tuple[type | None, Any, tuple[str, ...]]:
    """The group a parameter's annotation names (if any), its type argument
    (``Output[X]``: X) and the fields the command leaves out."""
    left_out: tuple[str, ...] = ()
    if typing.get_origin(annotation) is Annotated:
        annotation, *extras = typing.get_args(annotation)
        left_out = tuple(name for e in extras if isinstance(e, Without) for name in e.fields)
    origin = typing.get_origin(annotation) or annotation
    if origin not in (Inputs, Limits, Output):
        return None, None, ()
    argument = next(iter(typing.get_args(annotation)), None)
    return origin, argument, left_out
