"""A new item from what ``score`` was given: ``--set`` scores checked on the framework's
scales, what is still missing, and the item as a model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from afweging.errors import InputError, Problem, did_you_mean

if TYPE_CHECKING:
    from afweging.models import Framework, Item

Scores = dict[str, str | dict[str, str]]


def parse_sets(sets: list[str], framework: Framework, assessors: list[str]) -> Scores:
    """``--set CRITERION=VALUE`` and ``--set CRITERION.ASSESSOR=VALUE``, checked on the scale."""
    ids = [c.id for c in framework.criteria]
    scores: Scores = {}
    problems: list[Problem] = []

    def problem(where: str, message: str, hint: str) -> None:
        problems.append(Problem(where, None, None, message, hint))

    for given in sets:
        where = f"--set {given}"
        key, sep, value = given.partition("=")
        criterion_id, _, assessor = key.strip().partition(".")
        if not sep or not criterion_id:
            problem(where, "expected CRITERION=VALUE", "e.g. --set grensbarrieres=++")
            continue
        if criterion_id not in ids:
            problem(where, f"unknown criterion '{criterion_id}'", did_you_mean(criterion_id, ids))
            continue
        criterion = framework.criterion(criterion_id)
        scale = framework.scale_of(criterion)
        level = scale.resolve(value.strip())
        if level is None:
            problem(
                where,
                f"'{value.strip()}' is not a level of scale '{criterion.scale}'",
                f"use one of: {scale.symbols()}",
            )
            continue
        if assessor:
            if assessors and assessor not in assessors:
                problem(where, f"unknown assessor '{assessor}'", did_you_mean(assessor, assessors))
                continue
            current = scores.setdefault(criterion_id, {})
            if isinstance(current, dict):
                current[assessor] = level.symbol
        elif criterion.per_assessor:
            problem(
                where,
                f"'{criterion_id}' is scored per assessor",
                f"write --set {criterion_id}.{(assessors or ['NL'])[0]}={level.symbol},"
                " once per assessor",
            )
        else:
            scores[criterion_id] = level.symbol
    if problems:
        raise InputError(problems)
    return scores


def missing_options(
    fields: dict[str, str], scores: Scores, framework: Framework, assessors: list[str]
) -> list[str]:
    """Everything a non-interactive ``score`` still lacks, as the options that would give it."""
    missing = [f"--{name}" for name in ("id", "name") if name not in fields]
    for criterion in framework.criteria:
        given = scores.get(criterion.id)
        if criterion.per_assessor:
            have = given if isinstance(given, dict) else {}
            missing += [f"{criterion.id}.{a}" for a in assessors if a not in have]
            if not assessors:
                missing.append(f"{criterion.id}.ASSESSOR")
        elif given is None:
            missing.append(criterion.id)
    return missing


def new_item(
    fields: dict[str, str],
    scores: Scores,
    rationale: dict[str, str],
    cost: dict[str, float] | None = None,
) -> tuple[dict[str, object], Item]:
    """The new proposed item, as written to the file and as a model; a field the options
    got wrong is an input error."""
    from pydantic import ValidationError

    from afweging.models import Item
    from afweging.sources.problems import option_problem

    raw: dict[str, object] = {
        "id": fields["id"],
        "name": fields["name"],
        "kind": fields.get("kind", "initiative"),
        **({"cluster": fields["cluster"]} if fields.get("cluster") else {}),
        "status": "proposed",
        **({"cost": {k: int(v) if v.is_integer() else v for k, v in cost.items()}} if cost else {}),
        "scores": scores,
        **({"rationale": rationale} if rationale else {}),
    }
    try:
        return raw, Item.model_validate(raw)
    except ValidationError as exc:
        raise InputError([option_problem(error) for error in exc.errors()]) from None
