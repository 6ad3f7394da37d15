"""The starter portfolio ``afweging init`` writes: two example items, every field explained."""

from afweging.i18n import Language, text
from afweging.models import Criterion, Framework, Scale


def _say(key: str, lang: Language) -> str:
    return text(f"starter_{key}", lang)


def _level(scale: Scale, position: float) -> str:
    """The symbol of the level at ``position`` (0 worst … 1 best) of the scale, quoted."""
    level = scale.levels[round(position * (len(scale.levels) - 1))]
    return f'"{level.symbol}"'


def _score_line(
    framework: Framework, criterion: Criterion, position: float, assessors: list[str]
) -> str:
    scale = framework.scale_of(criterion)
    if criterion.per_assessor:
        best = _level(scale, 1.0)
        pairs = ", ".join(f"{a}: {best}" for a in assessors)
        return f"      {criterion.id}: {{{pairs}}}"
    if criterion.is_gate:
        return f"      {criterion.id}: {_level(scale, 1.0)}"
    return f"      {criterion.id}: {_level(scale, position)}"


def starter_portfolio(framework: Framework, reference: str, lang: Language, year: int) -> str:
    """The text of a starter portfolio for ``framework`` (named as ``reference``)."""
    assessors = ["NL", "BE", "LU"] if any(c.per_assessor for c in framework.criteria) else []
    cluster = next(iter(framework.clusters), None)
    lines = [
        "# yaml-language-server: $schema=portfolio.schema.json",
        f"# {_say('head', lang)}",
        f"version: 1                 # {_say('version', lang)}",
        f"framework: {reference}     # {_say('framework', lang)}",
        f'title: "Portefeuille {year}"  # {_say("title", lang)}'
        if lang == "nl"
        else f'title: "Portfolio {year}"  # {_say("title", lang)}',
        f"as_of: {year}-01-01        # {_say('as_of', lang)}",
    ]
    if assessors:
        lines.append(f"assessors: [{', '.join(assessors)}]  # {_say('assessors', lang)}")
    lines += [
        f"limits: {{budget_eur: 1000000, staff_fte: 4}}  # {_say('limits', lang)}",
        f"items:                     # {_say('items', lang)}",
    ]
    examples = [
        ("werkgroep-voorbeeld", "Voorbeeldwerkgroep", "Example working group", "working-group",
         "active", 0.67),
        ("initiatief-voorbeeld", "Voorbeeldinitiatief", "Example initiative", "initiative",
         "proposed", 0.33),
    ]  # fmt: skip
    for index, (item_id, nl, en, kind, status, position) in enumerate(examples):
        lines += [
            f"  - id: {item_id}  # {_say('id', lang)}",
            f"    name: {nl if lang == 'nl' else en}  # {_say('name', lang)}",
            f"    kind: {kind}  # {_say('kind', lang)}",
        ]
        if cluster:
            lines.append(f"    cluster: {cluster}  # {_say('cluster', lang)}")
        lines.append(f"    status: {status}  # {_say('status', lang)}")
        if index == 0:
            lines += [
                f"    established: {year - 4}  # {_say('established', lang)}",
                f"    mandate_end: {year + 2}-12-31  # {_say('mandate_end', lang)}",
                f"    last_result: {year - 1}  # {_say('last_result', lang)}",
            ]
        lines += [
            f"    cost: {{eur: 250000, fte: 1.0}}  # {_say('cost', lang)}",
            f"    scores:  # {_say('scores', lang)}",
            *(_score_line(framework, c, position, assessors) for c in framework.criteria),
            f"    rationale:  # {_say('rationale', lang)}",
            f"      {framework.criteria[0].id}: "
            + ('"Waarom deze score."' if lang == "nl" else '"Why this score."'),
        ]
    return "\n".join(lines) + "\n"
