"""The weights of a weighing session: as a table, JSON or YAML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afweging.i18n import Language

FORMATS = ("table", "json", "yaml")


def weights_document(
    method: str, shares: dict[str, float], extra: dict[str, Any]
) -> dict[str, Any]:
    """The weights (and the method's figures) as a versioned document: shares of 1, and
    the percentages a framework's ``weight:`` takes (what ``--write`` writes)."""
    from afweging.analysis.weights import percentages

    written = {c: float(p) for c, p in percentages(shares).items()}
    return {"schema": "afweging/weights", "schema_version": 1, "method": method,
            "weights": shares, "percentages": written, **extra}  # fmt: skip


def weights_table(shares: dict[str, float], lines: list[str], lang: Language = "nl") -> str:
    """The weights as aligned text in ``lang`` (percentages as the framework writes them),
    the method's figures below them."""
    from afweging.i18n import text
    from afweging.numbers import percent

    head, weight = text("criterion", lang), text("weight", lang)
    width = max(len(head), *(len(c) for c in shares))
    out = [f"{head:<{width}}   {weight}"]
    out += [f"{c:<{width}}  {percent(s, lang, 2):>7}" for c, s in shares.items()]
    if lines:
        out += ["", *lines]
    return "\n".join(out) + "\n"


def weights_yaml(document: dict[str, Any]) -> str:
    """The weights document as YAML."""
    import yaml

    return str(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


def render_weights(
    output: str,
    method: str,
    shares: dict[str, float],
    extra: dict[str, Any],
    lines: list[str],
    lang: Language = "nl",
) -> str:
    """The weights in the format ``output`` (one of ``FORMATS``)."""
    from afweging.render.json import to_json

    if output == "table":
        return weights_table(shares, lines, lang)
    document = weights_document(method, shares, extra)
    return to_json(document) if output == "json" else weights_yaml(document)


def ahp_lines(result: Any, lang: Language = "nl") -> list[str]:
    """The consistency of AHP judgements, and the judgements furthest from the weights."""
    from afweging.analysis.weights import show_ratio
    from afweging.i18n import text
    from afweging.numbers import number

    figures = {
        "lmax": number(result.lambda_max, 3, lang),
        "ci": number(result.ci, 3, lang),
        "ri": number(result.random_index, 2, lang),
        "cr": number(result.cr, 3, lang),
    }
    verdict = text("ahp_revisit" if result.warn else "ahp_fine", lang)
    lines = [text("ahp_consistency", lang, **figures) + verdict]
    if result.warn and result.inconsistent:
        lines.append(text("ahp_furthest", lang))
        lines += [
            text("ahp_pair", lang, first=j.first, second=j.second, given=show_ratio(j.given),
                 implied=show_ratio(j.implied))
            for j in result.inconsistent
        ]  # fmt: skip
    return lines


def swing_lines(zero: tuple[str, ...] | list[str], lang: Language = "nl") -> list[str]:
    """The criteria a swing weighing gives weight 0, if any."""
    from afweging.i18n import text

    return [text("swing_zero", lang, criteria=", ".join(zero))] if zero else []


def ahp_figures(result: Any) -> dict[str, object]:
    """The AHP figures the JSON and YAML documents carry beside the weights."""
    return {
        "lambda_max": result.lambda_max,
        "consistency_index": result.ci,
        "random_index": result.random_index,
        "consistency_ratio": result.cr,
        "warning": result.warn,
        "inconsistent": [j._asdict() for j in result.inconsistent],
    }


def rank_changes(
    portfolio: str, before: dict[str, int | None], after: dict[str, int | None]
) -> str:
    """How the ranking of a portfolio moved with new weights."""
    moved = [
        f"  {item}: {before[item] or '–'} → {after[item] or '–'}"
        for item in after
        if before.get(item) != after[item]
    ]
    return (
        f"ranking of {portfolio} with the new weights:\n"
        + ("\n".join(moved) if moved else "  no item changes rank")
        + "\n"
    )
