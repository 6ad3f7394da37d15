"""Discontinuation rules: every kind at its boundaries, with its reasons in nl and en."""

from __future__ import annotations

import copy
import datetime as dt
import json
import string
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from afweging.analysis.pipeline import analyse
from afweging.analysis.rules import DEFAULTS, RULE_KINDS, Flag, Review, default_reason
from afweging.models import COMMON_PLACEHOLDERS, Rule, RuleKind
from afweging.sources.loading import load_portfolio
from tests.helpers import MINI_FRAMEWORK, Run, portfolio_yaml

Write = Callable[[str, str], Path]

# The mini framework with labels that differ between the languages, so that a label
# placeholder shows which language it was rendered in.
FRAMEWORK = MINI_FRAMEWORK.replace(
    "label: {nl: A, en: A}", "label: {nl: Nut, en: Benefit}"
).replace("label: {nl: B, en: B}", "label: {nl: Bereik, en: Reach}")
# The same with a plain (not per-assessor) gate on criterion a: minimum "+".
A_GATE = FRAMEWORK.replace(
    "{id: a, scale: plus, weight: 50,", '{id: a, scale: plus, weight: 50, minimum: "+",'
)
assert A_GATE != FRAMEWORK

AS_OF = dt.date(2012, 11, 1)

# Scores (a, b, c) by ascending total: (50·a + 30·b + 20·c) / 3 points.
LADDER: list[tuple[str, str, str]] = [
    ("0", "+", "0"),  # 10
    ("+", "0", "0"),  # 16.7
    ("0", "++", "0"),  # 20
    ("+", "+", "0"),  # 26.7
    ("0", "+++", "0"),  # 30
    ("++", "0", "0"),  # 33.3
    ("+", "++", "0"),  # 36.7
    ("++", "+", "0"),  # 43.3
]


def wg(item_id: str, scores: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """An active working group named 'WG <id>', scored ++ on a, b and c unless told."""
    return {
        "id": item_id,
        "name": f"WG {item_id}",
        "kind": "working-group",
        "status": "active",
        **fields,
        "scores": {"a": "++", "b": "++", "c": "++", **(scores or {})},
    }


def ladder(count: int) -> list[dict[str, Any]]:
    """``count`` working groups w1 … wN with strictly increasing totals (w1 lowest)."""
    return [wg(f"w{i + 1}", {"a": a, "b": b, "c": c}) for i, (a, b, c) in enumerate(LADDER[:count])]


def files(
    write: Write, rules: list[dict[str, Any]], items: list[dict[str, Any]], framework: str
) -> Path:
    """Write the framework with ``rules`` and a portfolio of ``items``; return the portfolio."""
    block = yaml.safe_dump({"rules": rules}, sort_keys=False, allow_unicode=True)
    write("mini.yaml", framework + block)
    return write("portfolio.yaml", portfolio_yaml(items))


def review_of(
    write: Write,
    rules: list[dict[str, Any]],
    items: list[dict[str, Any]],
    as_of: dt.date = AS_OF,
    framework: str = FRAMEWORK,
) -> Review:
    """Load the portfolio and apply the rules as of ``as_of``."""
    return analyse(load_portfolio(files(write, rules, items, framework)), as_of).review


def only_flag(review: Review, item_id: str) -> Flag:
    """The single flag of an item (and fail when it has none or several)."""
    flags = review.flags.get(item_id, ())
    assert len(flags) == 1, flags
    return flags[0]


def texts(flag: Flag) -> tuple[str, str]:
    """A flag's reason in nl and en."""
    return flag.text("nl"), flag.text("en")


# --- every kind: its default reason and a custom reason with every placeholder -------

# (rule without reason, items, flagged item, default nl, default en, custom nl, custom en,
#  expected custom nl, expected custom en)
REASON_CASES: list[tuple[Any, ...]] = [
    (
        {"id": "r", "kind": "gate-failed"},
        [wg("x", {"steun": {"NL": "voldoende", "BE": "beperkt"}})],
        "x",
        "haalt de poort 'Steun' niet: BE beperkt (minimum voldoende)",
        "fails the gate 'Support': BE beperkt (minimum voldoende)",
        "{name} ({id}): {gate} niet gehaald door {assessors}: {score}, minimum {minimum}",
        "{name} ({id}): {gate} not reached by {assessors}: {score}, minimum {minimum}",
        "WG x (x): Steun niet gehaald door BE: BE beperkt, minimum voldoende",
        "WG x (x): Support not reached by BE: BE beperkt, minimum voldoende",
    ),
    (
        {"id": "r", "kind": "score-below", "threshold": 27.5},
        [wg("x", {"a": "+", "b": "+", "c": "0"})],
        "x",
        "totaal 26,7 ligt onder de drempel van 27,5",
        "total 26.7 is below the threshold of 27.5",
        "{name}: totaal {total} < {threshold} punten",
        "{name}: total {total} < {threshold} points",
        "WG x: totaal 26,7 < 27,5 punten",
        "WG x: total 26.7 < 27.5 points",
    ),
    (
        {"id": "r", "kind": "bottom-share", "share": 0.5},
        ladder(4),
        "w1",
        "plaats 4 van 4 naar totaal: in de onderste 50% (plaatsen 3–4)",
        "place 4 of 4 by total: in the bottom 50% (places 3–4)",
        "{name}: rang {rank} van {count}, totaal {total}, onderste {share}% ({places})",
        "{name}: rank {rank} of {count}, total {total}, bottom {share}% ({places})",
        "WG w1: rang 4 van 4, totaal 10, onderste 50% (3–4)",
        "WG w1: rank 4 of 4, total 10, bottom 50% (3–4)",
    ),
    (
        {"id": "r", "kind": "no-recent-result"},
        [wg("x", last_result=2010)],
        "x",
        "geen tastbaar resultaat sinds 2011 (laatste: 2010; peildatum 2012-11-01)",
        "no tangible result since 2011 (last: 2010; as of 2012-11-01)",
        "{name}: niets in {years} jaar (sinds {since}; laatste {last_result}; {as_of})",
        "{name}: nothing in {years} years (since {since}; last {last_result}; {as_of})",
        "WG x: niets in 2 jaar (sinds 2011; laatste 2010; 2012-11-01)",
        "WG x: nothing in 2 years (since 2011; last 2010; 2012-11-01)",
    ),
    (
        {"id": "r", "kind": "mandate-expired"},
        [wg("x", mandate_end="2012-06-30")],
        "x",
        "mandaat liep af op 2012-06-30, vóór de peildatum 2012-11-01",
        "mandate ended on 2012-06-30, before 2012-11-01",
        "{name}: mandaat tot {mandate_end}, peildatum {as_of}",
        "{name}: mandate until {mandate_end}, as of {as_of}",
        "WG x: mandaat tot 2012-06-30, peildatum 2012-11-01",
        "WG x: mandate until 2012-06-30, as of 2012-11-01",
    ),
    (
        {"id": "r", "kind": "criterion-below", "criterion": "b", "level": "++"},
        [wg("x", {"b": "+"})],
        "x",
        "'Bereik' is +, onder ++",
        "'Reach' is +, below ++",
        "{name}: {criterion} {score} < {level}",
        "{name}: {criterion} {score} < {level}",
        "WG x: Bereik + < ++",
        "WG x: Reach + < ++",
    ),
    (
        {"id": "r", "kind": "assessor-spread"},
        [wg("x", {"b": {"NL": "0", "BE": "++"}})],
        "x",
        "beoordelaars verschillen 2 niveaus op 'Bereik' (NL 0, BE ++)",
        "assessors differ by 2 levels on 'Reach' (NL 0, BE ++)",
        "{name}: {criterion} verschilt {spread} niveaus (vanaf {levels}): {scores}",
        "{name}: {criterion} differs by {spread} levels (from {levels}): {scores}",
        "WG x: Bereik verschilt 2 niveaus (vanaf 2): NL 0, BE ++",
        "WG x: Reach differs by 2 levels (from 2): NL 0, BE ++",
    ),
]
REASON_IDS = [case[0]["kind"] for case in REASON_CASES]


def test_the_reason_cases_cover_every_kind_and_placeholder() -> None:
    """The reason cases below cover every rule kind, each custom text every placeholder."""
    assert sorted(REASON_IDS) == sorted(RULE_KINDS)
    for case in REASON_CASES:
        kind, custom_nl, custom_en = case[0]["kind"], case[5], case[6]
        for template in (custom_nl, custom_en):
            used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            assert set(RULE_KINDS[kind].placeholders) <= used, (kind, template)


@pytest.mark.parametrize(
    ("rule", "items", "item_id", "nl", "en", "_cnl", "_cen", "_xnl", "_xen"),
    REASON_CASES,
    ids=REASON_IDS,
)
def test_default_reason_in_both_languages(
    write: Write,
    rule: dict[str, Any],
    items: list[dict[str, Any]],
    item_id: str,
    nl: str,
    en: str,
    _cnl: str,
    _cen: str,
    _xnl: str,
    _xen: str,
) -> None:
    """Without a reason of its own a rule gives the built-in text of its kind, filled in."""
    flag = only_flag(review_of(write, [rule], items), item_id)
    assert flag.reason is None
    assert texts(flag) == (nl, en)


@pytest.mark.parametrize(
    ("rule", "items", "item_id", "_nl", "_en", "custom_nl", "custom_en", "nl", "en"),
    REASON_CASES,
    ids=REASON_IDS,
)
def test_custom_reason_in_both_languages(
    write: Write,
    rule: dict[str, Any],
    items: list[dict[str, Any]],
    item_id: str,
    _nl: str,
    _en: str,
    custom_nl: str,
    custom_en: str,
    nl: str,
    en: str,
) -> None:
    """A rule's own reason text is used, every placeholder filled in in the chosen language."""
    with_reason = {**rule, "reason": {"nl": custom_nl, "en": custom_en}}
    flag = only_flag(review_of(write, [with_reason], items), item_id)
    assert texts(flag) == (nl, en)


def test_default_reason_texts_are_the_registry_ones() -> None:
    """A flag without a reason renders the default text of its kind (``RULE_KINDS``)."""
    flag = Flag("r", "mandate-expired", "discontinue", {"mandate_end": "x", "as_of": "y"}, None)
    assert flag.text("nl") == default_reason("mandate-expired", "nl").format(
        mandate_end="x", as_of="y"
    )
    assert flag.text("en") == "mandate ended on x, before y"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(30.0, "30"), (30.25, "30.2"), (26.666666666666668, "26.7"), (0.0, "0"), (100.0, "100")],
)
def test_floats_show_one_decimal_unless_whole(value: float, shown: str) -> None:
    """A float in the evidence shows with one decimal, or none when it is whole."""
    flag = Flag("r", "score-below", "discontinue", {"total": value, "threshold": 30.0}, None)
    assert flag.text("en") == f"total {shown} is below the threshold of 30"


# --- gate-failed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nl_level", "be_level", "score", "assessors"),
    [
        ("voldoende", "voldoende", None, None),  # both exactly at the minimum
        ("voldoende", "beperkt", "BE beperkt", "BE"),  # one level below
        ("beperkt", "voldoende", "NL beperkt", "NL"),
        ("geen", "beperkt", "NL geen, BE beperkt", "NL, BE"),
    ],
)
def test_gate_failed_per_assessor_boundary(
    write: Write, nl_level: str, be_level: str, score: str | None, assessors: str | None
) -> None:
    """An assessor at the minimum passes; below it fails and only the shortfall is listed."""
    rule = {"id": "r", "kind": "gate-failed"}
    review = review_of(write, [rule], [wg("x", {"steun": {"NL": nl_level, "BE": be_level}})])
    if score is None:
        assert review.flags == {}
        return
    flag = only_flag(review, "x")
    assert (flag.evidence["score"], flag.evidence["assessors"]) == (score, assessors)
    assert flag.evidence["minimum"] == "voldoende"
    assert texts(flag) == (
        f"haalt de poort 'Steun' niet: {score} (minimum voldoende)",
        f"fails the gate 'Support': {score} (minimum voldoende)",
    )


@pytest.mark.parametrize(("a", "flagged"), [("0", True), ("+", False), ("++", False)])
def test_gate_failed_single_score_boundary(write: Write, a: str, flagged: bool) -> None:
    """A single-score gate fails one level below its minimum and passes exactly at it."""
    rule = {"id": "r", "kind": "gate-failed"}
    review = review_of(write, [rule], [wg("x", {"a": a})], framework=A_GATE)
    if not flagged:
        assert review.flags == {}
        return
    flag = only_flag(review, "x")
    assert flag.evidence["assessors"] == ""
    assert texts(flag) == (
        "haalt de poort 'Nut' niet: 0 (minimum +)",
        "fails the gate 'Benefit': 0 (minimum +)",
    )


def test_gate_failed_on_a_plain_gate_scored_per_assessor(write: Write) -> None:
    """A plain gate scored as an assessor mapping fails per assessor, naming only those below."""
    rule = {"id": "r", "kind": "gate-failed"}
    items = [wg("x", {"a": {"NL": "+", "BE": "0"}})]
    flag = only_flag(review_of(write, [rule], items, framework=A_GATE), "x")
    assert (flag.evidence["score"], flag.evidence["assessors"]) == ("BE 0", "BE")
    assert texts(flag) == (
        "haalt de poort 'Nut' niet: BE 0 (minimum +)",
        "fails the gate 'Benefit': BE 0 (minimum +)",
    )


@pytest.mark.parametrize(
    ("criteria", "gates"),
    [(None, ["a", "steun"]), (["steun"], ["steun"]), (["a"], ["a"]), (["b"], [])],
)
def test_gate_failed_criteria_restricts_the_gates(
    write: Write, criteria: list[str] | None, gates: list[str]
) -> None:
    """With criteria: only the failed gates listed there give a flag, one flag per gate."""
    rule: dict[str, Any] = {"id": "r", "kind": "gate-failed"}
    if criteria is not None:
        rule["criteria"] = criteria
    items = [wg("x", {"a": "0", "steun": {"NL": "voldoende", "BE": "beperkt"}})]
    review = review_of(write, [rule], items, framework=A_GATE)
    labels = {"a": "Benefit", "steun": "Support"}
    assert [f.evidence["gate"]["en"] for f in review.flags.get("x", ())] == [
        labels[g] for g in gates
    ]


# --- score-below ---------------------------------------------------------------------


def _nl(shown: str) -> str:
    """A number as the Dutch text writes it (numbers.py): a decimal comma."""
    return shown.replace(".", ",")


@pytest.mark.parametrize(
    ("scores", "threshold", "expected"),
    [
        (("0", "+++", "0"), None, None),  # total 30 exactly at the default threshold
        (("+", "+", "0"), None, ("26.7", "30")),  # just below
        (("+", "+", "+"), None, None),  # 33.3, just above
        (("0", "+++", "0"), 30.1, ("30", "30.1")),  # threshold just above the total
        (("0", "+++", "0"), 29.9, None),  # threshold just below the total
        (("0", "+++", "0"), 30, None),  # explicit threshold equal to the total
    ],
)
def test_score_below_boundary(
    write: Write,
    scores: tuple[str, str, str],
    threshold: float | None,
    expected: tuple[str, str] | None,
) -> None:
    """A total strictly below the threshold (default 30) is flagged; exactly at it is not."""
    rule: dict[str, Any] = {"id": "r", "kind": "score-below"}
    if threshold is not None:
        rule["threshold"] = threshold
    a, b, c = scores
    review = review_of(write, [rule], [wg("x", {"a": a, "b": b, "c": c})])
    if expected is None:
        assert review.flags == {}
        return
    total, shown_threshold = expected
    assert texts(only_flag(review, "x")) == (
        f"totaal {_nl(total)} ligt onder de drempel van {_nl(shown_threshold)}",
        f"total {total} is below the threshold of {shown_threshold}",
    )


def test_score_below_default_threshold_is_30() -> None:
    """The defaults table gives score-below its threshold of 30 points."""
    assert DEFAULTS["threshold"] == 30.0


# --- bottom-share --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "share", "flagged", "places", "shown_share"),
    [
        (3, None, [], "", ""),  # 0.75 rounds down to 0
        (4, None, ["w1"], "4", "25"),  # exactly 1
        (7, None, ["w1"], "7", "25"),  # 1.75 rounds down to 1
        (8, None, ["w1", "w2"], "7–8", "25"),  # exactly 2
        (8, 0.125, ["w1"], "8", "12.5"),  # a share shown with its decimal
        (6, 0.33, ["w1"], "6", "33"),  # 1.98 rounds down to 1
        (6, 0.3333333, ["w1"], "6", "33.3"),  # 1.9999998 rounds down to 1
        (6, 0.34, ["w1", "w2"], "5–6", "34"),  # 2.04 rounds down to 2
    ],
)
def test_bottom_share_boundary(
    write: Write,
    count: int,
    share: float | None,
    flagged: list[str],
    places: str,
    shown_share: str,
) -> None:
    """The ⌊share × n⌋ lowest totals are flagged, with rank, count, share and places."""
    rule: dict[str, Any] = {"id": "r", "kind": "bottom-share"}
    if share is not None:
        rule["share"] = share
    review = review_of(write, [rule], ladder(count))
    assert sorted(review.flags) == flagged
    for item_id in flagged:
        flag = only_flag(review, item_id)
        rank = count + 1 - int(item_id[1:])
        assert flag.evidence["count"] == count
        assert flag.evidence["places"] == places
        assert texts(flag) == (
            (
                f"plaats {rank} van {count} naar totaal: in de onderste {_nl(shown_share)}%"
                f" (plaatsen {places})"
            ),
            f"place {rank} of {count} by total: in the bottom {shown_share}% (places {places})",
        )


@pytest.mark.parametrize(
    ("scores", "flagged", "ranks"),
    [
        # n=4, cut 1: the two lowest tie across the cut, so neither is flagged
        ([LADDER[0], LADDER[0], LADDER[2], LADDER[3]], [], []),
        # n=8, cut 2: the 2nd and 3rd lowest tie across the cut; only the lowest is flagged
        ([LADDER[0], LADDER[1], LADDER[1], *LADDER[3:8]], ["w1"], [8]),
        # n=8, cut 2: the two lowest tie inside the cut; both are flagged, sharing rank 7
        ([LADDER[0], LADDER[0], *LADDER[2:8]], ["w1", "w2"], [7, 7]),
    ],
    ids=["tie-across-cut-of-1", "tie-across-cut-of-2", "tie-inside-cut"],
)
def test_bottom_share_tie_at_the_cut(
    write: Write, scores: list[tuple[str, str, str]], flagged: list[str], ranks: list[int]
) -> None:
    """A tie straddling the cut is not flagged at all; a tie inside it is flagged whole."""
    items = [wg(f"w{i + 1}", {"a": a, "b": b, "c": c}) for i, (a, b, c) in enumerate(scores)]
    review = review_of(write, [{"id": "r", "kind": "bottom-share"}], items)
    assert sorted(review.flags) == flagged
    assert [only_flag(review, i).evidence["rank"] for i in flagged] == ranks


def test_bottom_share_population_is_active_items_of_the_kinds(write: Write) -> None:
    """Proposed items and items of other kinds neither count in n nor get flagged."""
    items = [
        *ladder(4),
        wg("proposed", {"a": "0", "b": "0", "c": "0"}, status="proposed"),
        {**wg("initiative", {"a": "0", "b": "0", "c": "0"}), "kind": "initiative"},
    ]
    review = review_of(write, [{"id": "r", "kind": "bottom-share"}], items)
    assert sorted(review.flags) == ["w1"]
    assert (
        only_flag(review, "w1").text("en") == "place 4 of 4 by total: in the bottom 25% (places 4)"
    )


# --- no-recent-result ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "last_result", "established", "years", "since"),
    [
        ("2012-12-31", 2011, None, None, None),  # 2011 is recent through the last day of 2012
        ("2013-01-01", 2011, None, None, 2012),  # and no longer the day after
        ("2012-01-01", 2011, None, None, None),
        ("2012-12-31", 2010, None, None, 2011),
        ("2012-12-31", 2012, None, 1, None),  # years 1: only the as_of year counts
        ("2013-01-01", 2012, None, 1, 2013),
        ("2013-12-31", 2011, None, 3, None),  # years 3: 2011, 2012, 2013
        ("2014-01-01", 2011, None, 3, 2012),
        ("2012-12-31", None, 2011, None, None),  # no result yet, but established recently
        ("2013-01-01", None, 2011, None, 2012),
        ("2012-12-31", None, 2010, None, 2011),
        ("2012-12-31", None, None, None, 2011),  # neither known: flagged
    ],
)
def test_no_recent_result_boundary(
    write: Write,
    as_of: str,
    last_result: int | None,
    established: int | None,
    years: int | None,
    since: int | None,
) -> None:
    """Results in the calendar years as_of − years + 1 … as_of are recent; older are flagged."""
    rule: dict[str, Any] = {"id": "r", "kind": "no-recent-result"}
    if years is not None:
        rule["years"] = years
    fields = {"last_result": last_result, "established": established}
    item = wg("x", **{k: v for k, v in fields.items() if v is not None})
    review = review_of(write, [rule], [item], dt.date.fromisoformat(as_of))
    if since is None:
        assert review.flags == {}
        return
    flag = only_flag(review, "x")
    assert flag.evidence["since"] == since
    assert flag.evidence["years"] == (years or 2)
    last_nl = "geen" if last_result is None else last_result
    last_en = "none" if last_result is None else last_result
    assert texts(flag) == (
        f"geen tastbaar resultaat sinds {since} (laatste: {last_nl}; peildatum {as_of})",
        f"no tangible result since {since} (last: {last_en}; as of {as_of})",
    )


def test_no_recent_result_without_any_result(write: Write) -> None:
    """An item with no last_result shows 'geen' / 'none' in the reason."""
    review = review_of(write, [{"id": "r", "kind": "no-recent-result"}], [wg("x")])
    assert texts(only_flag(review, "x")) == (
        "geen tastbaar resultaat sinds 2011 (laatste: geen; peildatum 2012-11-01)",
        "no tangible result since 2011 (last: none; as of 2012-11-01)",
    )


# --- mandate-expired -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "flagged"),
    [("2012-12-30", False), ("2012-12-31", False), ("2013-01-01", True)],
)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_mandate_expired_boundary_through_the_cli(
    write: Write, cli: Callable[..., Run], as_of: str, flagged: bool, lang: str
) -> None:
    """review --as-of: a mandate ending on the day itself has not expired; the day after it has."""
    rules = [{"id": "mandaat", "kind": "mandate-expired"}]
    path = files(write, rules, [wg("x", mandate_end="2012-12-31")], FRAMEWORK)
    run = cli("review", path, "--as-of", as_of, "--format", "json", "--lang", lang)
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["as_of"] == as_of
    if not flagged:
        assert document["items"] == []
        assert document["counts"] == {"reviewed": 1, "discontinue": 0, "discuss": 0, "condition": 0}
        return
    assert document["counts"] == {"reviewed": 1, "discontinue": 1, "discuss": 0, "condition": 0}
    [item] = document["items"]
    [flag] = item["flags"]
    assert (flag["rule"], flag["kind"], flag["severity"]) == (
        "mandaat",
        "mandate-expired",
        "discontinue",
    )
    assert flag["evidence"]["mandate_end"] == "2012-12-31"
    expired = {
        "nl": "mandaat liep af op 2012-12-31, vóór de peildatum 2013-01-01",
        "en": "mandate ended on 2012-12-31, before 2013-01-01",
    }
    assert flag["reason"] == expired[lang]


def test_mandate_expired_needs_a_mandate_end(write: Write) -> None:
    """An item without a mandate_end is never flagged as expired."""
    review = review_of(write, [{"id": "r", "kind": "mandate-expired"}], [wg("x")])
    assert review.flags == {}


# --- criterion-below -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level", "shown"),
    [
        ("+", "++", "+"),  # one level below
        ("++", "++", None),  # exactly at the level
        ("+++", "++", None),  # above
        ({"NL": "+", "BE": "+++"}, "++", None),  # the mean is exactly ++
        ({"NL": "+", "BE": "++"}, "++", "NL +, BE ++"),  # the mean is below ++
        ("+", "aanzienlijk", "+"),  # the level by its name
        ("+", 2, "+"),  # the level by its value
    ],
)
def test_criterion_below_boundary(
    write: Write, score: Any, level: str | int, shown: str | None
) -> None:
    """An item's (aggregated) value below the level is flagged; exactly at it is not."""
    rule = {"id": "r", "kind": "criterion-below", "criterion": "b", "level": level}
    review = review_of(write, [rule], [wg("x", {"b": score})])
    if shown is None:
        assert review.flags == {}
        return
    flag = only_flag(review, "x")
    assert flag.evidence["level"] == "++"
    assert texts(flag) == (f"'Bereik' is {shown}, onder ++", f"'Reach' is {shown}, below ++")


# --- assessor-spread -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("nl", "be", "levels", "spread"),
    [
        ("++", "++", None, None),
        ("0", "+", None, None),  # one less than the default of 2
        ("0", "++", None, 2),  # exactly 2
        ("0", "+++", None, 3),
        ("+++", "+", None, 2),  # order of the assessors does not matter
        ("0", "++", 3, None),
        ("0", "+++", 3, 3),
        ("+", "++", 1, 1),
    ],
)
def test_assessor_spread_boundary(
    write: Write, nl: str, be: str, levels: int | None, spread: int | None
) -> None:
    """A spread of at least `levels` scale levels (default 2) is flagged; one less is not."""
    rule: dict[str, Any] = {"id": "r", "kind": "assessor-spread"}
    if levels is not None:
        rule["levels"] = levels
    review = review_of(write, [rule], [wg("x", {"b": {"NL": nl, "BE": be}})])
    if spread is None:
        assert review.flags == {}
        return
    flag = only_flag(review, "x")
    assert flag.evidence["levels"] == (levels or 2)
    assert texts(flag) == (
        f"beoordelaars verschillen {spread} niveaus op 'Bereik' (NL {nl}, BE {be})",
        f"assessors differ by {spread} levels on 'Reach' (NL {nl}, BE {be})",
    )


def test_assessor_spread_ignores_single_scores(write: Write) -> None:
    """A criterion scored with one level has no spread, however far it is from others."""
    items = [wg("x", {"a": "0", "b": "+++", "c": "0"})]
    assert review_of(write, [{"id": "r", "kind": "assessor-spread"}], items).flags == {}


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [(None, ["Reach", "Support"]), (["steun"], ["Support"]), (["a", "c"], [])],
)
def test_assessor_spread_criteria_restricts(
    write: Write, criteria: list[str] | None, expected: list[str]
) -> None:
    """With criteria: only spreads on the listed criteria (per-assessor ones too) are flagged."""
    rule: dict[str, Any] = {"id": "r", "kind": "assessor-spread"}
    if criteria is not None:
        rule["criteria"] = criteria
    items = [wg("x", {"b": {"NL": "0", "BE": "++"}, "steun": {"NL": "geen", "BE": "voldoende"}})]
    review = review_of(write, [rule], items)
    flags = review.flags.get("x", ())
    assert [f.evidence["criterion"]["en"] for f in flags] == expected
    if "Support" in expected:
        assert flags[-1].text("nl") == (
            "beoordelaars verschillen 2 niveaus op 'Steun' (NL geen, BE voldoende)"
        )


# --- who is reviewed -----------------------------------------------------------------

# One rule of every kind, and an item that every one of them flags.
EVERY_KIND: list[dict[str, Any]] = [
    {"id": "gate", "kind": "gate-failed"},
    {"id": "low", "kind": "score-below"},
    {"id": "bottom", "kind": "bottom-share", "share": 1.0},
    {"id": "stale", "kind": "no-recent-result"},
    {"id": "expired", "kind": "mandate-expired"},
    {"id": "level", "kind": "criterion-below", "criterion": "b", "level": "++"},
    {"id": "spread", "kind": "assessor-spread"},
]
BAD_SCORES = {
    "a": "0",
    "b": {"NL": "0", "BE": "++"},
    "c": "0",
    "steun": {"NL": "voldoende", "BE": "beperkt"},
}


def bad(item_id: str, kind: str = "working-group", status: str = "active") -> dict[str, Any]:
    """An item that every rule of EVERY_KIND flags when the rule looks at it."""
    return {
        # a fresh copy: yaml.safe_dump writes a shared dict as an alias, which the loader refuses
        **wg(
            item_id,
            copy.deepcopy(BAD_SCORES),
            last_result=2000,
            established=1990,
            mandate_end="2000-01-01",
        ),
        "kind": kind,
        "status": status,
    }


def test_every_kind_flags_the_bad_item_in_rule_order(write: Write) -> None:
    """The bad working group gets one flag per rule, in rule order; it fails a gate, so it
    is not ranked and bottom-share (a share of the ranked items) leaves it to gate-failed."""
    review = review_of(write, EVERY_KIND, [bad("x")])
    assert [f.rule for f in review.flags["x"]] == [
        r["id"] for r in EVERY_KIND if r["kind"] != "bottom-share"
    ]
    assert review.reviewed == ("x",)


@pytest.mark.parametrize("kind", ["initiative", "project"])
def test_items_of_other_kinds_are_never_flagged(write: Write, kind: str) -> None:
    """With the default applies_to (working groups) no rule flags an initiative or project."""
    review = review_of(write, EVERY_KIND, [bad("x", kind=kind)])
    assert review.flags == {}
    assert review.reviewed == ()


def test_applies_to_initiative_flags_initiatives_only(write: Write) -> None:
    """A rule with applies_to: [initiative] flags initiatives and leaves working groups be."""
    rules = [{**rule, "applies_to": ["initiative"]} for rule in EVERY_KIND]
    review = review_of(write, rules, [bad("ini", kind="initiative"), bad("wg")])
    assert [f.kind for f in review.flags["ini"]] == [
        r["kind"] for r in EVERY_KIND if r["kind"] != "bottom-share"
    ]
    assert "wg" not in review.flags
    assert review.reviewed == ("ini",)


def test_proposed_items_skip_the_history_and_bottom_share_rules(write: Write) -> None:
    """A proposed item is flagged by the score rules only, and is not among the reviewed."""
    review = review_of(write, EVERY_KIND, [bad("x", status="proposed")])
    assert [f.kind for f in review.flags["x"]] == [
        "gate-failed",
        "score-below",
        "criterion-below",
        "assessor-spread",
    ]
    assert review.reviewed == ()
    assert review.count("discontinue") == 0


# --- the registry of rule kinds ------------------------------------------------------


def test_every_rule_kind_is_in_the_registry() -> None:
    """Each kind the models accept has an entry in ``RULE_KINDS``, and no entry is extra."""
    assert set(RULE_KINDS) == set(typing.get_args(RuleKind))


@pytest.mark.parametrize("kind", sorted(typing.get_args(RuleKind)))
def test_every_rule_kind_has_reasons_a_description_and_placeholders(kind: str) -> None:
    """A kind has its default reason in nl and en, using only its own placeholders (and
    every one of them), a description in the framework's JSON Schema, and placeholders."""
    from afweging.sources.schema import json_schema

    spec = RULE_KINDS[kind]
    assert spec.placeholders
    for lang in ("nl", "en"):
        template = default_reason(kind, lang)
        assert template
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert used <= {*spec.placeholders, *COMMON_PLACEHOLDERS}, (kind, lang)
    assert default_reason(kind, "nl") != default_reason(kind, "en")
    assert spec.description
    described = json_schema("framework")["$defs"]["Rule"]["properties"]["kind"]["description"]
    assert f"{kind}: {spec.description}" in described


# --- severity ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(RULE_KINDS))
def test_default_severity(kind: str) -> None:
    """assessor-spread defaults to discuss, every other kind to discontinue."""
    expected = "discuss" if kind == "assessor-spread" else "discontinue"
    assert Rule.model_validate({"id": "r", "kind": kind}).effective_severity == expected


def test_explicit_severity_wins(write: Write) -> None:
    """A severity set on the rule replaces the kind's default on its flags."""
    rules = [
        {"id": "gate", "kind": "gate-failed", "severity": "discuss"},
        {"id": "spread", "kind": "assessor-spread", "severity": "discontinue"},
        {"id": "spread-default", "kind": "assessor-spread"},
    ]
    review = review_of(write, rules, [bad("x")])
    assert [(f.rule, f.severity) for f in review.flags["x"]] == [
        ("gate", "discuss"),
        ("spread", "discontinue"),
        ("spread-default", "discuss"),
    ]


# --- Review.count / severity_of --------------------------------------------------------


def test_count_and_severity_of_use_the_most_severe_flag(write: Write) -> None:
    """An item with a discontinue and a discuss flag counts once, as discontinue."""
    rules = [{"id": "gate", "kind": "gate-failed"}, {"id": "spread", "kind": "assessor-spread"}]
    items = [
        wg("both", {"b": {"NL": "0", "BE": "++"}, "steun": {"NL": "voldoende", "BE": "beperkt"}}),
        wg("spread", {"b": {"NL": "0", "BE": "++"}}),
        wg("clean"),
        wg("proposed", {"steun": {"NL": "geen", "BE": "geen"}}, status="proposed"),
    ]
    review = review_of(write, rules, items)
    assert [f.severity for f in review.flags["both"]] == ["discontinue", "discuss"]
    assert review.severity_of("both") == "discontinue"
    assert review.severity_of("spread") == "discuss"
    assert review.severity_of("clean") is None
    assert review.severity_of("proposed") == "discontinue"  # flagged, but not reviewed
    assert sorted(review.reviewed) == ["both", "clean", "spread"]
    assert (review.count("discontinue"), review.count("discuss")) == (1, 1)


# --- review --fail-on ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "fail_on", "exit_code"),
    [
        ({"b": {"NL": "0", "BE": "++"}}, None, 0),
        ({"b": {"NL": "0", "BE": "++"}}, "discuss", 4),  # only discuss flags
        ({"b": {"NL": "0", "BE": "++"}}, "discontinue", 0),
        ({"steun": {"NL": "geen", "BE": "voldoende"}}, "discontinue", 4),
        ({"steun": {"NL": "geen", "BE": "voldoende"}}, "discuss", 4),  # discuss: or worse
        ({}, "discuss", 0),  # no flags at all
    ],
)
def test_fail_on_exit_code(
    write: Write,
    cli: Callable[..., Run],
    scores: dict[str, Any],
    fail_on: str | None,
    exit_code: int,
) -> None:
    """review --fail-on exits 4 when a reviewed item has a flag of that severity or worse."""
    rules = [{"id": "gate", "kind": "gate-failed"}, {"id": "spread", "kind": "assessor-spread"}]
    path = files(write, rules, [wg("x", scores)], FRAMEWORK)
    args = ["review", path, "--format", "json", "--as-of", "2012-11-01"]
    run = cli(*args, *(["--fail-on", fail_on] if fail_on else []))
    assert run.exit_code == exit_code, run.stderr
    assert json.loads(run.stdout)["schema"] == "afweging/review"


def test_fail_on_ignores_proposed_items(write: Write, cli: Callable[..., Run]) -> None:
    """Flags on a proposed item (not reviewed) do not make --fail-on exit 4."""
    items = [wg("x", {"steun": {"NL": "geen", "BE": "geen"}}, status="proposed")]
    path = files(write, [{"id": "gate", "kind": "gate-failed"}], items, FRAMEWORK)
    run = cli("review", path, "--format", "json", "--fail-on", "discuss")
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["items"][0]["reviewed"] is False
    assert document["counts"] == {"reviewed": 0, "discontinue": 0, "discuss": 0, "condition": 0}
