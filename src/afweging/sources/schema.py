"""JSON Schemas of the two file formats, generated from the models, with a description
for every field, for editors with the YAML language server (validation and completion)."""

from typing import Any

from afweging.models import Framework, Portfolio

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"

# What each field means, in the words of the README: model → field → description.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Framework": {
        "version": "Format version of the framework file; this afweging reads 1.",
        "id": "Short id of the framework, e.g. benelux.",
        "title": "The framework's title in Dutch and English.",
        "language": "Default language of the output and the memo (nl or en).",
        "source": "Where the criteria and weights come from.",
        "clusters": "Optional clusters (e.g. the three kernterreinen) by id.",
        "scales": "The scales criteria are scored on, by id.",
        "criteria": "The criteria and gates, with weights.",
        "rules": "Discontinuation rules applied by afweging review.",
        "decision": "How afweging decide turns flags, robustness and limits into one verdict per"
        " item.",
    },
    "DecisionRules": {
        "incumbents": "compete: continuing groups compete with proposals for the budget; keep:"
        " they keep it until discontinued.",
        "conditions": "Rule ids whose discontinue flags set a condition (continue-with-conditions)"
        " instead.",
        "top": "The top of the ranking, as a share (0-1) of the ranked items.",
        "robust": "In the top in at least this share of weight samples: a discontinue flag becomes"
        " discuss.",
        "overturned": "A score-below or bottom-share flag lifted in more than this share of"
        " samples becomes discuss.",
        "spread": "Assessors disagreeing by an assessor-spread rule turn a score-based"
        " discontinuation into discuss.",
        "near_cut": "Points: a funded item whose total may fall this far before the package leaves"
        " it out is near the cut.",
        "fragile": "A verdict flipping in more than this share of samples is marked fragile.",
        "review_months": "Months to the next review: the date by which a condition must be met.",
    },
    "Labels": {
        "nl": "Dutch text.",
        "en": "English text.",
    },
    "Scale": {
        "label": "The scale's name in Dutch and English.",
        "levels": "The levels from worst to best, with increasing values.",
    },
    "Level": {
        "symbol": "How the level is written in a portfolio, e.g. '++' or 'voldoende'.",
        "value": "The level's number; worst maps to 0 and best to 1 in the totals.",
        "label": "The level's name in Dutch and English.",
    },
    "Criterion": {
        "id": "Id used in portfolios' scores, e.g. grensbarrieres.",
        "label": "The criterion's name in Dutch and English.",
        "question": "One sentence that guides the scorer, in Dutch and English.",
        "scale": "The id of the scale this criterion is scored on.",
        "weight": "Weight (0 or more); normalised to a share of the sum of weights.",
        "group": "Optional group id, for reading only.",
        "minimum": "Makes the criterion a gate: items below this level are not ranked.",
        "per_assessor": "Scored per assessor: a mapping {NL: …, BE: …, LU: …}.",
        "aggregate": "How per-assessor scores combine: mean, median or min.",
        "preference": "PROMETHEE linear preference thresholds, in scale levels.",
    },
    "Preference": {
        "indifference": "Differences up to this many levels count for nothing.",
        "strict": "Differences of this many levels or more count fully.",
    },
    "Rule": {
        "id": "Id of the rule, shown with every flag it raises.",
        "severity": "discontinue (propose to stop) or discuss.",
        "applies_to": "Item kinds the rule reviews (default: working groups).",
        "threshold": "score-below: the total (0-100) below which an item is flagged.",
        "share": "bottom-share: the share (0-1) of lowest totals that is flagged.",
        "years": "no-recent-result: how many calendar years count as recent.",
        "criterion": "criterion-below: the criterion to check.",
        "level": "criterion-below: the level the criterion must reach.",
        "levels": "assessor-spread: the difference in levels that needs a discussion.",
        "criteria": "gate-failed / assessor-spread: only these criteria.",
        "reason": "The reason in Dutch and English, with {placeholders} for evidence.",
    },
    "Portfolio": {
        "version": "Format version of the portfolio file; this afweging reads 1.",
        "framework": "A built-in framework id, or a path relative to this file.",
        "title": "The portfolio's title.",
        "as_of": "The date of the portfolio (YYYY-MM-DD): the review's peildatum.",
        "assessors": "Who scores per assessor, e.g. [NL, BE, LU].",
        "limits": "The budget and staff available, for afweging select.",
        "items": "The initiatives and working groups being weighed.",
    },
    "Limits": {
        "budget_eur": "Budget in euros a year.",
        "staff_fte": "Staff in full-time equivalents.",
    },
    "Cost": {
        "eur": "Cost in euros a year.",
        "fte": "Staff in full-time equivalents.",
    },
    "Item": {
        "id": "Unique id (letters, digits, - and _).",
        "name": "The item's name.",
        "kind": "working-group (werkgroep), initiative (initiatief) or project.",
        "cluster": "The cluster (kernterrein) id.",
        "status": "active (actief), or proposed (voorgesteld) for a new initiative.",
        "established": "Year the item was established.",
        "mandate_end": "Date the mandate ends (YYYY-MM-DD).",
        "last_result": "Year of the last tangible result.",
        "cost": "What the item costs a year.",
        "participants": "Who takes part, e.g. [NL, BE, LU, NRW].",
        "scores": "A score for every criterion: a symbol, level name or number; per assessor a"
        " mapping.",
        "rationale": "Why each score, by criterion id.",
        "requires": "Items this one only works with (for select).",
        "excludes": "Alternatives to this one: at most one is selected.",
    },
}

_RENAMED = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``framework`` or ``portfolio`` files."""
    model = Framework if kind == "framework" else Portfolio
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    for name, part in [(model.__name__, schema), *definitions.items()]:
        for field, prop in part.get("properties", {}).items():
            description = DESCRIPTIONS.get(name, {}).get(field)
            if description:
                prop["description"] = description
            prop.pop("title", None)
    rule = definitions.get("Rule")
    if rule is not None:
        rule["properties"]["kind"]["description"] = _kinds_description()
    if model is Portfolio:
        _add_items_from(schema)
    schema = _standard(schema)
    return {"$schema": SCHEMA_URL, **schema}


def _kinds_description() -> str:
    """What a rule checks, kind by kind (``rules.RULE_KINDS``)."""
    from afweging.analysis.rules import RULE_KINDS

    kinds = "; ".join(f"{kind}: {spec.description}" for kind, spec in RULE_KINDS.items())
    return f"What the rule checks. {kinds}."


def _add_items_from(schema: dict[str, Any]) -> None:
    """``items_from`` is read by the loader (the items of a CSV file), not by the model:
    a portfolio has ``items`` or ``items_from``, not both."""
    schema["properties"]["items_from"] = {
        "type": "string",
        "description": "A CSV file (relative to this file) with one row per item, instead"
        " of items.",
    }
    schema["required"] = [name for name in schema["required"] if name != "items"]
    schema["oneOf"] = [{"required": ["items"]}, {"required": ["items_from"]}]


def _standard(node: Any) -> Any:
    """pydantic writes the constraints of plain-validated numbers as ge/le/gt/lt; JSON
    Schema calls them minimum/maximum/exclusiveMinimum/exclusiveMaximum."""
    if isinstance(node, dict):
        return {_RENAMED.get(k, k): _standard(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_standard(v) for v in node]
    return node
