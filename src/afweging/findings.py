"""Invariants of a framework that span fields (ids unique regardless of case, a weight
above 0, each rule's parameters and placeholders fit its kind), as ``Finding``s that the
loader places at their line and column."""

from afweging.analysis.rules import RULE_KINDS
from afweging.errors import did_you_mean
from afweging.models import (
    COMMON_PLACEHOLDERS,
    LANGUAGES,
    Finding,
    Framework,
    Loc,
    Rule,
    Scale,
    decision_findings,
    show_raw,
)


def _case_collisions(framework: Framework) -> list[Finding]:
    """Scale and cluster ids that differ only in case (criterion, rule and item ids are
    compared the same way where they are checked)."""
    found: list[Finding] = []
    for field, what in (("scales", "scale"), ("clusters", "cluster")):
        names: dict[str, str] = {}
        for name in getattr(framework, field):
            other = names.setdefault(name.casefold(), name)
            if other != name:
                found.append(
                    Finding(
                        (field, name),
                        f"{what} '{name}' is also declared as '{other}'; ids differ only in case",
                        f"give every {what} its own id",
                        at_key=True,
                    )
                )
    return found


def _ambiguous_levels(name: str, scale: Scale) -> list[Finding]:
    """Levels a score could not tell apart: a symbol that is another level's label (a
    score 'Sufficient' would resolve to the wrong level), and a numeric symbol that reads
    as the value of another level (symbols '1', '2', '3' at values 0, 1, 2: an unquoted 2
    means '3', a quoted "2" means '2')."""
    found: list[Finding] = []
    for i, level in enumerate(scale.levels):
        loc = ("scales", name, "levels", i, "symbol")
        folded = level.symbol.casefold()
        other = next(
            (o for j, o in enumerate(scale.levels)
             if j != i and o.symbol.casefold() != folded  # a duplicate: reported as such
             and folded in (o.label.nl.casefold(), o.label.en.casefold())),
            None,
        )  # fmt: skip
        if other is not None:
            found.append(
                Finding(
                    loc,
                    f"the symbol '{level.symbol}' of scale '{name}' is also the label of"
                    f" level '{other.symbol}': a score '{level.symbol}' could mean either",
                    "give every level a symbol that no other level uses as a label",
                )
            )
        try:
            number = float(level.symbol.replace(",", "."))
        except ValueError:
            continue
        other = next((o for o in scale.levels if o is not level and o.value == number), None)
        if other is not None and number != level.value:
            found.append(
                Finding(
                    loc,
                    f"the symbol '{level.symbol}' of scale '{name}' reads as the number"
                    f" {number:g}, the value of level '{other.symbol}': an unquoted score"
                    f" {number:g} would mean '{other.symbol}'",
                    f"give level '{level.symbol}' the value {number:g}, or symbols that are"
                    " not numbers",
                )
            )
    return found


def framework_findings(framework: Framework) -> list[Finding]:
    """Invariants of a framework that span fields."""
    found = _case_collisions(framework)
    for name, scale in framework.scales.items():
        found += _ambiguous_levels(name, scale)
        seen: dict[str, int] = {}
        for i, level in enumerate(scale.levels):
            key = level.symbol.casefold()
            if key in seen:
                found.append(
                    Finding(
                        ("scales", name, "levels", i, "symbol"),
                        f"scale '{name}' has the symbol '{level.symbol}' twice",
                        "give every level its own symbol",
                    )
                )
            seen[key] = i
            if i and level.value <= scale.levels[i - 1].value:
                found.append(
                    Finding(
                        ("scales", name, "levels", i, "value"),
                        f"level '{level.symbol}' of scale '{name}' has value {level.value:g},"
                        f" not above the level before it ({scale.levels[i - 1].value:g})",
                        "list the levels from worst to best with increasing values",
                    )
                )
    ids: dict[str, int] = {}
    for i, criterion in enumerate(framework.criteria):
        if criterion.id.casefold() in ids:
            found.append(
                Finding(
                    ("criteria", i, "id"),
                    f"duplicate criterion id '{criterion.id}'"
                    f" (also criterion {ids[criterion.id.casefold()] + 1})",
                    "give every criterion its own id",
                )
            )
        ids[criterion.id.casefold()] = i
        criterion_scale = framework.scales.get(criterion.scale)
        if criterion_scale is None:
            found.append(
                Finding(
                    ("criteria", i, "scale"),
                    f"unknown scale '{criterion.scale}'",
                    did_you_mean(criterion.scale, list(framework.scales)),
                )
            )
        elif criterion.preference is not None and (
            criterion.preference.strict < criterion.preference.indifference
            or criterion.preference.strict == 0
        ):
            found.append(
                Finding(
                    ("criteria", i, "preference", "strict"),
                    f"the strict preference threshold ({criterion.preference.strict:g}) must be"
                    " above 0 and at least the indifference threshold"
                    f" ({criterion.preference.indifference:g})",
                    "thresholds are in scale levels, e.g. indifference: 0, strict: 2",
                )
            )
        elif criterion.minimum is not None and criterion_scale.resolve(criterion.minimum) is None:
            found.append(
                Finding(
                    ("criteria", i, "minimum"),
                    f"the minimum '{show_raw(criterion.minimum)}' is not a level of scale"
                    f" '{criterion.scale}'",
                    f"use one of: {criterion_scale.symbols()}",
                )
            )
    if not any(c.weight > 0 for c in framework.criteria):
        found.append(
            Finding(
                ("criteria",), "no criterion has a weight above 0", "give at least one a weight"
            )
        )
    rule_ids: set[str] = set()
    for i, rule in enumerate(framework.rules):
        if rule.id.casefold() in rule_ids:
            found.append(
                Finding(("rules", i, "id"), f"duplicate rule id '{rule.id}'", "rename one")
            )
        rule_ids.add(rule.id.casefold())
        found += rule_findings(framework, rule, ("rules", i))
    return found + decision_findings(framework)


def rule_findings(framework: Framework, rule: Rule, loc: Loc) -> list[Finding]:
    """A rule's parameters fit its kind, name real criteria and levels, and its reason
    uses only the placeholders its kind fills in."""
    found: list[Finding] = []
    allowed = RULE_KINDS[rule.kind].parameters
    for name in ("threshold", "share", "years", "criterion", "level", "levels", "criteria"):
        if getattr(rule, name) is not None and name not in allowed:
            takes = ", ".join(allowed) if allowed else "no parameters"
            found.append(
                Finding(
                    (*loc, name),
                    f"'{name}' does not apply to a {rule.kind} rule",
                    f"a {rule.kind} rule takes {takes}",
                    at_key=True,
                )
            )
    ids = [c.id for c in framework.criteria]
    for index, name in enumerate(rule.criteria or ()):
        if name not in ids:
            found.append(
                Finding(
                    (*loc, "criteria", index),
                    f"unknown criterion '{name}'",
                    did_you_mean(name, ids),
                )
            )
    if rule.kind == "criterion-below":
        found += _criterion_below_findings(framework, rule, loc)
    if rule.reason is not None:
        for lang in LANGUAGES:
            problem = _placeholder_problem(rule, getattr(rule.reason, lang))
            if problem:
                found.append(Finding((*loc, "reason", lang), *problem))
    return found


def _criterion_below_findings(framework: Framework, rule: Rule, loc: Loc) -> list[Finding]:
    found = [
        Finding(loc, f"a criterion-below rule needs '{name}'", f"add '{name}:'")
        for name in ("criterion", "level")
        if getattr(rule, name) is None
    ]
    ids = [c.id for c in framework.criteria]
    if rule.criterion is not None and rule.criterion not in ids:
        found.append(
            Finding(
                (*loc, "criterion"),
                f"unknown criterion '{rule.criterion}'",
                did_you_mean(rule.criterion, ids),
            )
        )
    elif rule.criterion is not None and rule.level is not None:
        criterion = framework.criterion(rule.criterion)
        scale = framework.scales.get(criterion.scale)
        if scale is not None and scale.resolve(rule.level) is None:
            found.append(
                Finding(
                    (*loc, "level"),
                    f"'{show_raw(rule.level)}' is not a level of scale '{criterion.scale}'",
                    f"use one of: {scale.symbols()}",
                )
            )
    return found


def _placeholder_problem(rule: Rule, template: str) -> tuple[str, str] | None:
    import string  # only frameworks with custom reasons need it; keep it off the start-up path

    allowed = (*COMMON_PLACEHOLDERS, *RULE_KINDS[rule.kind].placeholders)
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"the reason text has a stray brace ({exc})", "write {{ or }} for a literal brace"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in allowed:
            return (
                f"unknown placeholder {{{name}}} in the reason text",
                f"a {rule.kind} rule fills in " + ", ".join(f"{{{p}}}" for p in allowed),
            )
        if spec or conversion:
            return f"placeholder {{{name}}} takes no format", f"write {{{name}}}"
    return None
