# ruff: noqa: E501 — the expected messages are exact lines of output and read best unbroken
"""Weight elicitation: rank-order weights, swing, AHP (published examples), AHP file
errors, and writing weights into a framework without touching anything else."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from afweging.analysis.weights import (
    RANDOM_INDEX,
    Judgement,
    RankMethod,
    WeightsError,
    ahp,
    parse_rank_args,
    parse_swing_args,
    percentages,
    rank_order,
    show_ratio,
    swing,
)
from afweging.errors import InputError
from afweging.sources.ahp import load_ahp
from afweging.sources.files import decode
from afweging.sources.loading import load_framework_document, read_document
from afweging.sources.yaml import parse
from afweging.sources.yamledit import set_weights
from tests.helpers import MINI_FRAMEWORK, ROOT, Run

AHP_FILES = ROOT / "tests" / "corpus" / "ahp"
SHIPPED = ROOT / "src" / "afweging" / "frameworks" / "benelux.yaml"
WEIGHTED = [
    "grensbarrieres",
    "schaalvoordelen",
    "kennis",
    "netwerk",
    "voortrekkersrol",
    "eu_afstemming",
    "resultaten",
]


def _rounded(weights: dict[str, float], places: int = 4) -> list[float]:
    return [round(w, places) for w in weights.values()]


# --- rank order --------------------------------------------------------------------------


def test_rank_order_centroid_for_four_criteria() -> None:
    """ROC for 4 criteria gives 0.5208, 0.2708, 0.1458, 0.0625 (Barron & Barrett 1996)."""
    weights = rank_order([["a"], ["b"], ["c"], ["d"]], "roc")
    assert _rounded(weights) == [0.5208, 0.2708, 0.1458, 0.0625]


def test_rank_order_is_the_default_method() -> None:
    """Without a method, rank_order uses the rank-order centroid."""
    assert rank_order([["a"], ["b"]]) == rank_order([["a"], ["b"]], "roc")


def test_rank_sum_for_four_criteria() -> None:
    """Rank sum for 4 criteria gives 4/10, 3/10, 2/10, 1/10."""
    assert _rounded(rank_order([["a"], ["b"], ["c"], ["d"]], "rs")) == [0.4, 0.3, 0.2, 0.1]


def test_reciprocal_rank_for_four_criteria() -> None:
    """Reciprocal rank for 4 criteria gives (1, 1/2, 1/3, 1/4) / (25/12)."""
    weights = rank_order([["a"], ["b"], ["c"], ["d"]], "rr")
    assert _rounded(weights) == [0.48, 0.24, 0.16, 0.12]


@pytest.mark.parametrize("method", ["roc", "rs", "rr"])
def test_tied_criteria_share_the_mean_of_their_positions(method: RankMethod) -> None:
    """In [a, b=c, d] b and c each get the mean of the weights of positions 2 and 3."""
    plain = rank_order([["a"], ["b"], ["c"], ["d"]], method)
    tied = rank_order([["a"], ["b", "c"], ["d"]], method)
    assert tied["b"] == tied["c"] == pytest.approx((plain["b"] + plain["c"]) / 2)
    assert tied["a"] == pytest.approx(plain["a"])
    assert tied["d"] == pytest.approx(plain["d"])


def test_tie_with_rank_order_centroid_values() -> None:
    """ROC with a tie on places 2 and 3 gives 0.5208, 0.2083, 0.2083, 0.0625."""
    weights = rank_order(parse_rank_args(["a", "b=c", "d"]), "roc")
    assert _rounded(weights) == [0.5208, 0.2083, 0.2083, 0.0625]


@pytest.mark.parametrize("method", ["roc", "rs", "rr"])
def test_all_tied_gives_equal_weights(method: RankMethod) -> None:
    """Criteria that are all tied get equal weights."""
    weights = rank_order([["a", "b", "c"]], method)
    assert list(weights.values()) == pytest.approx([1 / 3] * 3)


@pytest.mark.parametrize("method", ["roc", "rs", "rr"])
@pytest.mark.parametrize("n", range(1, 13))
def test_rank_weights_sum_to_one_and_fall_with_the_rank(method: RankMethod, n: int) -> None:
    """For every n the weights sum to 1 and never rise further down the ranking."""
    weights = list(rank_order([[f"c{i}"] for i in range(n)], method).values())
    assert math.fsum(weights) == pytest.approx(1)
    assert all(a > b for a, b in itertools.pairwise(weights))


def test_parse_rank_args_splits_ties() -> None:
    """'b=c' on the command line is one group of two tied criteria."""
    assert parse_rank_args(["a", "b=c", "d"]) == [["a"], ["b", "c"], ["d"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a", "b", "a"], "'a' is ranked twice — give each criterion one place"),
        (["a=b", "b"], "'b' is ranked twice — give each criterion one place"),
        (["a", "b="], "'b=' has an empty criterion — write tied criteria as a=b, without spaces"),
        (["kenis"], "unknown criterion 'kenis' — did you mean 'kennis'?"),
        ([], "no criteria to rank — list them from most to least important"),
    ],
)
def test_parse_rank_args_errors(args: list[str], message: str) -> None:
    """A repeated, empty or unknown criterion is an input error with a clear message."""
    with pytest.raises(WeightsError) as caught:
        parse_rank_args(args, known=["kennis", "netwerk", "a", "b"])
    assert str(caught.value) == message
    assert caught.value.exit_code == 1


# --- swing -------------------------------------------------------------------------------


def test_swing_normalises_points() -> None:
    """Points 100, 60, 40 give weights 0.5, 0.3, 0.2."""
    result = swing({"a": 100, "b": 60, "c": 40})
    assert result.weights == pytest.approx({"a": 0.5, "b": 0.3, "c": 0.2})
    assert result.zero == ()


def test_swing_reports_a_zero_instead_of_dropping_it() -> None:
    """A criterion given 0 keeps weight 0 and is listed in ``zero``."""
    result = swing({"a": 100, "b": 0, "c": 50})
    assert result.weights == pytest.approx({"a": 2 / 3, "b": 0.0, "c": 1 / 3})
    assert result.zero == ("b",)


def test_swing_allows_a_tie_at_100() -> None:
    """Two swings that matter equally most may both get 100."""
    assert swing({"a": 100, "b": 100}).weights == {"a": 0.5, "b": 0.5}


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (
            {"grensbarrieres": 50, "kennis": 80},
            "the most important swing gets 100; the largest here is 80 (kennis) — give the swing that matters most 100 points and the others points relative to it",
        ),
        (
            {"a": 100, "b": 120},
            "swing points run from 0 to 100; 'b' has 120 — the most important swing gets 100, the others points relative to it",
        ),
        (
            {"a": 100, "b": -5},
            "swing points run from 0 to 100; 'b' has -5 — the most important swing gets 100, the others points relative to it",
        ),
    ],
)
def test_swing_errors(points: dict[str, float], message: str) -> None:
    """The largest swing must be 100 and every swing 0–100, else an input error."""
    with pytest.raises(WeightsError) as caught:
        swing(points)
    assert str(caught.value) == message


def test_parse_swing_args() -> None:
    """'kennis=60' arguments become a mapping of criterion to points."""
    assert parse_swing_args(["a=100", "b=62.5"]) == {"a": 100, "b": 62.5}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kennis"], "'kennis' gives no points — write criterion=points, e.g. kennis=60"),
        (["kennis=veel"], "'veel' in 'kennis=veel' is not a number — write e.g. kennis=60"),
        (["kennis=nan"], "'nan' in 'kennis=nan' is not a number — write e.g. kennis=60"),
        (["kennis=1", "kennis=2"], "'kennis' gets points twice — give each criterion one value"),
        (["netwrk=100"], "unknown criterion 'netwrk' — did you mean 'netwerk'?"),
    ],
)
def test_parse_swing_args_errors(args: list[str], message: str) -> None:
    """Malformed, repeated or unknown swings are input errors with a clear message."""
    with pytest.raises(WeightsError) as caught:
        parse_swing_args(args, known=["kennis", "netwerk"])
    assert str(caught.value) == message


# --- AHP: published examples ----------------------------------------------------------


def _judgements(names: list[str], rows: list[str]) -> list[Judgement]:
    """The upper triangle of a comparison matrix written row by row, as judgements."""
    matrix = [[float(Fraction(cell)) for cell in row.split()] for row in rows]
    for i, row in enumerate(matrix):  # the published matrices are reciprocal
        assert all(row[j] * matrix[j][i] == pytest.approx(1) for j in range(len(row)))
    return [
        Judgement(names[i], names[j], matrix[i][j])
        for i in range(len(names))
        for j in range(i + 1, len(names))
    ]


# Saaty, T.L. (1990), "How to make a decision: the analytic hierarchy process", European
# Journal of Operational Research 48:9–26, Table 2: a family buying a house, eight
# criteria. Published: priorities .173 .054 .188 .018 .031 .036 .167 .333,
# λmax = 9.669, C.I. = 0.238, C.R. = 0.169.
HOUSE_CRITERIA = [
    "size",
    "transportation",
    "neighbourhood",
    "age",
    "yard",
    "facilities",
    "condition",
    "financing",
]
HOUSE_MATRIX = [
    "1    5    3    7    6    6    1/3  1/4",
    "1/5  1    1/3  5    3    3    1/5  1/7",
    "1/3  3    1    6    3    4    6    1/5",
    "1/7  1/5  1/6  1    1/3  1/4  1/7  1/8",
    "1/6  1/3  1/3  3    1    1/2  1/5  1/6",
    "1/6  1/3  1/4  4    2    1    1/5  1/6",
    "3    5    1/6  7    5    5    1    1/2",
    "4    7    5    8    6    6    2    1",
]

# Saaty, T.L. (2008), "Decision making with the analytic hierarchy process", Int. J.
# Services Sciences 1(1):83–98, Table 2: "Which drink is consumed more in the US?".
# Published derived scale: .177 .019 .042 .116 .190 .129 .327.
DRINK_CRITERIA = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
DRINK_MATRIX = [
    "1    9  5  2    1    1    1/2",
    "1/9  1  1/3  1/9  1/9  1/9  1/9",
    "1/5  3  1  1/3  1/4  1/3  1/9",
    "1/2  9  3  1    1/2  1    1/3",
    "1    9  4  2    1    2    1/2",
    "1    9  3  1    1/2  1    1/3",
    "2    9  9  3    2    3    1",
]


def test_ahp_reproduces_saaty_1990_house_example() -> None:
    """The house example: weights, λmax, CI and CR as Saaty (1990) published them, to
    three decimals; CR 0.169 is above 0.10, so the result warns."""
    result = ahp(HOUSE_CRITERIA, _judgements(HOUSE_CRITERIA, HOUSE_MATRIX))
    assert _rounded(result.weights, 3) == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.ci, 3) == 0.238
    assert round(result.cr, 3) == 0.169
    assert result.random_index == 1.41
    assert result.warn


def test_ahp_reproduces_saaty_2008_drinks_example() -> None:
    """The drinks example: the principal-eigenvector weights Saaty (2008) published, to
    three decimals; the judgements are consistent enough (CR 0.022, no warning)."""
    result = ahp(DRINK_CRITERIA, _judgements(DRINK_CRITERIA, DRINK_MATRIX))
    assert _rounded(result.weights, 3) == [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert round(result.cr, 3) == 0.022
    assert not result.warn


def test_ahp_names_the_most_inconsistent_judgements_first() -> None:
    """In the house example the judgement furthest from its implied value leads the top
    three (neighbourhood 6 times general condition, where the weights imply 1.13), and
    the contributions of all judgements add up to the consistency index."""
    judgements = _judgements(HOUSE_CRITERIA, HOUSE_MATRIX)
    result = ahp(HOUSE_CRITERIA, judgements)
    worst = result.inconsistent[0]
    assert (worst.first, worst.second, worst.given) == ("neighbourhood", "condition", 6.0)
    assert worst.implied == pytest.approx(1.128, abs=1e-3)
    assert len(result.inconsistent) == 3
    contributions = [i.contribution for i in result.inconsistent]
    assert contributions == sorted(contributions, reverse=True)
    n, w = len(HOUSE_CRITERIA), result.weights
    errors = [j.value * w[j.second] / w[j.first] for j in judgements]
    total = math.fsum((e + 1 / e - 2) / (n * (n - 1)) for e in errors)
    assert total == pytest.approx(result.ci)


def test_ahp_agrees_with_power_iteration() -> None:
    """An inconsistent 5×5 matrix gives the same weights and λmax as an independent power
    iteration (A·w repeated until it settles)."""
    names = ["a", "b", "c", "d", "e"]
    rows = ["1 3 5 1/2 7", "1/3 1 2 1/4 3", "1/5 1/2 1 1/6 2", "2 4 6 1 9", "1/7 1/3 1/2 1/9 1"]
    matrix = [[float(Fraction(cell)) for cell in row.split()] for row in rows]
    vector = [1.0] * 5
    for _ in range(200):
        product = [math.fsum(a * v for a, v in zip(row, vector, strict=True)) for row in matrix]
        vector = [p / math.fsum(product) for p in product]
    again = [math.fsum(a * v for a, v in zip(row, vector, strict=True)) for row in matrix]
    lambda_max = math.fsum(a / v for a, v in zip(again, vector, strict=True)) / 5
    result = ahp(names, _judgements(names, rows))
    assert list(result.weights.values()) == pytest.approx(vector, abs=1e-9)
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-9)
    assert result.cr == pytest.approx((lambda_max - 5) / 4 / RANDOM_INDEX[4], abs=1e-9)


def test_ahp_on_a_consistent_matrix_is_exact() -> None:
    """Judgements a_ij = w_i/w_j give back exactly w, λmax = n, CI = CR = 0, no warning and
    no inconsistent judgements."""
    true = {"a": 0.4, "b": 0.3, "c": 0.2, "d": 0.1}
    names = list(true)
    judgements = [
        Judgement(x, y, true[x] / true[y]) for i, x in enumerate(names) for y in names[i + 1 :]
    ]
    result = ahp(names, judgements)
    assert list(result.weights.values()) == pytest.approx(list(true.values()), abs=1e-12)
    assert result.lambda_max == pytest.approx(4, abs=1e-9)
    assert result.ci == pytest.approx(0, abs=1e-9)
    assert result.cr == pytest.approx(0, abs=1e-9)
    assert not result.warn
    assert result.inconsistent == ()


def test_ahp_with_two_criteria_has_consistency_ratio_zero() -> None:
    """Two criteria are always consistent: 3 to 1 gives 0.75 and 0.25 and CR 0."""
    result = ahp(["a", "b"], [Judgement("b", "a", 1 / 3)])
    assert result.weights == pytest.approx({"a": 0.75, "b": 0.25})
    assert (result.cr, result.random_index, result.warn) == (0.0, 0.0, False)


def test_ahp_refuses_an_incomplete_matrix() -> None:
    """Called directly with a pair missing, ahp refuses instead of guessing."""
    with pytest.raises(WeightsError, match="every pair"):
        ahp(["a", "b", "c"], [Judgement("a", "b", 2), Judgement("a", "c", 3)])


def test_random_index_is_saatys_table() -> None:
    """The random index is Saaty's table for n = 1..15."""
    # fmt: off
    assert RANDOM_INDEX == (
        0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
    )
    # fmt: on


@pytest.mark.parametrize(
    ("value", "shown"), [(3.0, "3"), (2.5, "2.5"), (0.2, "1/5"), (1 / 3, "1/3"), (1 / 2.4, "1/2.4")]
)
def test_show_ratio(value: float, shown: str) -> None:
    """Judgements show as people write them: whole numbers, decimals or 1/x."""
    assert show_ratio(value) == shown


# --- AHP files ---------------------------------------------------------------------------


def _load(name: str) -> tuple[list[str], list[Judgement]]:
    return load_ahp(read_document(AHP_FILES / name, f"tests/corpus/ahp/{name}"))


def test_valid_ahp_file_loads_with_fractions() -> None:
    """The issue's example file loads; '1/5' is read as 0.2 and keeps its orientation."""
    criteria, judgements = _load("_valid.yaml")
    assert criteria == ["grensbarrieres", "schaalvoordelen", "kennis"]
    assert judgements == [
        Judgement("grensbarrieres", "schaalvoordelen", 3.0),
        Judgement("kennis", "grensbarrieres", 0.2),
        Judgement("schaalvoordelen", "kennis", 2.0),
    ]
    assert ahp(criteria, judgements).weights == pytest.approx(
        {"grensbarrieres": 0.6483, "schaalvoordelen": 0.2297, "kennis": 0.1220}, abs=1e-4
    )


@pytest.mark.parametrize("value", ['"1/5"', "1/5", '"5"', "0.2", "9", "1/9", "0.11", " 2/3"])
def test_ahp_value_forms_accepted(write: Callable[[str, str], Path], value: str) -> None:
    """Values may be whole numbers, decimals, fractions, and quoted numbers, from 1/9 to 9."""
    path = write("ahp.yaml", f"criteria: [a, b]\npairs:\n  - [a, b, {value}]\n")
    assert len(load_ahp(read_document(path))[1]) == 1


# (file, the one expected line, the text its line:column points at)
AHP_CASES = [
    ("not_mapping.yaml", "2:1: expected a mapping with 'criteria' and 'pairs', got a list", "- ["),
    (
        "missing_pairs.yaml",
        "2:1: missing key 'pairs' — add 'pairs: [[a, b, 3], [a, c, 5], [b, c, 2]]'",
        "criteria:",
    ),
    ("unknown_key.yaml", "3:1: unknown key 'pair' — did you mean 'pairs'?", "pair:"),
    (
        "criteria_not_list.yaml",
        "2:11: expected a list of criterion ids, got the text 'grensbarrieres' — write it as [a, b, c]",
        "grensbarrieres",
    ),
    (
        "criteria_duplicate.yaml",
        "2:53: criterion 'kennis' is listed twice (also entry 3) — list each criterion once",
        "kennis]",
    ),
    (
        "pair_not_triple.yaml",
        "4:5: expected a comparison [first, second, value], got a list of 2 — e.g. [kennis, netwerk, 3]: kennis is 3 times as important as netwerk",
        "[grensbarrieres, schaalvoordelen]",
    ),
    (
        "pair_unknown_criterion.yaml",
        "5:6: unknown criterion 'kenis' — did you mean 'kennis'?",
        "kenis,",
    ),
    (
        "pair_self.yaml",
        "6:5: compares 'schaalvoordelen' with itself — compare it with another criterion, or remove this pair",
        "[schaalvoordelen, schaalvoordelen",
    ),
    (
        "value_too_large.yaml",
        "4:39: 10 is outside Saaty's scale from 1/9 to 9 — 9: the first is extremely more important; 1/9: extremely less",
        "10]",
    ),
    (
        "value_zero.yaml",
        "6:31: 0 is outside Saaty's scale from 1/9 to 9 — 9: the first is extremely more important; 1/9: extremely less",
        "0]",
    ),
    ("value_divides_by_zero.yaml", "5:30: '1/0' divides by zero — write e.g. 1/5", "1/0]"),
    (
        "value_not_number.yaml",
        "6:31: expected a number from 1/9 to 9, got the text 'abc' — write e.g. 3, 1/5 or 0.2",
        "abc]",
    ),
    (
        "pair_repeated.yaml",
        "7:5: 'schaalvoordelen' and 'grensbarrieres' are already compared on line 4, with the same value — remove one of the two",
        "[schaalvoordelen, grensbarrieres, 1/3]",
    ),
    (
        "pair_contradicted.yaml",
        "7:5: 'schaalvoordelen' and 'grensbarrieres' are already compared on line 4, with another value (schaalvoordelen against grensbarrieres: 1/3 there, 2 here) — keep the judgement you mean and remove the other",
        "[schaalvoordelen, grensbarrieres, 2]",
    ),
    (
        "criterion_never_compared.yaml",
        "2:53: 'netwerk' is never compared — compare it with each of the other criteria, e.g. [netwerk, grensbarrieres, 1]",
        "netwerk]",
    ),
    (
        "pair_missing.yaml",
        "2:28: 'schaalvoordelen' is not compared with 'kennis' — AHP needs a judgement for every pair, e.g. [schaalvoordelen, kennis, 1]",
        "schaalvoordelen,",
    ),
]


@pytest.mark.parametrize(
    ("name", "expected", "points_at"), AHP_CASES, ids=[c[0] for c in AHP_CASES]
)
def test_malformed_ahp_file(name: str, expected: str, points_at: str) -> None:
    """Each malformed AHP file (one defect, named on its first line) gives exactly one
    ``path:line:col: message — hint`` line, and line:col points at the defect."""
    with pytest.raises(InputError) as caught:
        _load(name)
    assert caught.value.lines() == [f"tests/corpus/ahp/{name}:{expected}"]
    assert caught.value.exit_code == 1
    line, col = (int(part) for part in expected.split(":")[:2])
    text = (AHP_FILES / name).read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[col - 1 :].startswith(points_at)


def test_every_ahp_test_file_is_used() -> None:
    """Every file in tests/corpus/ahp is the valid file or a case above, each naming its defect."""
    names = {path.name for path in AHP_FILES.glob("*.yaml")}
    assert names == {"_valid.yaml"} | {case[0] for case in AHP_CASES}
    for name in names - {"_valid.yaml"}:
        assert (AHP_FILES / name).read_text(encoding="utf-8").startswith("# defect: ")


def test_ahp_file_reports_all_problems_at_once(write: Callable[[str, str], Path]) -> None:
    """Several defects in one file are reported together, in file order."""
    path = write(
        "ahp.yaml",
        """
        criteria: [a, b, c]
        pairs:
          - [a, b, 12]
          - [a, x, 2]
          - [b, c, 1/0]
        """,
    )
    with pytest.raises(InputError) as caught:
        load_ahp(read_document(path, "ahp.yaml"))
    assert caught.value.lines() == [
        "ahp.yaml:3:12: 12 is outside Saaty's scale from 1/9 to 9 — 9: the first is extremely more important; 1/9: extremely less",
        "ahp.yaml:4:9: unknown criterion 'x' — expected one of: a, b, c",
        "ahp.yaml:5:12: '1/0' divides by zero — write e.g. 1/5",
    ]


def test_ahp_file_with_too_many_criteria(write: Callable[[str, str], Path]) -> None:
    """More than 15 criteria is refused: Saaty's random index stops there."""
    names = ", ".join(f"c{i}" for i in range(16))
    path = write("ahp.yaml", f"criteria: [{names}]\npairs:\n  - [c0, c1, 2]\n")
    with pytest.raises(InputError) as caught:
        load_ahp(read_document(path, "ahp.yaml"))
    assert caught.value.lines()[0] == (
        "ahp.yaml:1:11: AHP takes at most 15 criteria, this file lists 16"
        " — Saaty's random index goes up to 15; compare groups of criteria instead"
    )


# --- writing weights into a framework ----------------------------------------------------

WEIGHT_LINE = re.compile(r"^ {4}weight: [0-9.]+$")


def test_set_weights_changes_only_the_weight_lines_of_the_shipped_framework() -> None:
    """ROC weights written into the shipped framework change the seven weight lines and no
    other byte; the result validates and has the new shares."""
    original = SHIPPED.read_bytes()
    ranking = [["grensbarrieres"], ["resultaten", "voortrekkersrol"], ["schaalvoordelen"]]
    ranking += [["kennis"], ["netwerk"], ["eu_afstemming"]]
    weights = rank_order(ranking, "roc")
    new = set_weights(original, "benelux.yaml", weights)
    before = original.decode("utf-8").splitlines(keepends=True)
    after = new.decode("utf-8").splitlines(keepends=True)
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 7
    for i in changed:
        assert WEIGHT_LINE.match(before[i].rstrip("\n"))
        assert WEIGHT_LINE.match(after[i].rstrip("\n"))
    framework = load_framework_document(parse(decode(new, "benelux.yaml"), "benelux.yaml"))
    shares = framework.weight_shares()
    for name, weight in weights.items():
        assert shares[name] == pytest.approx(weight, abs=1e-4)
    assert after[changed[0]] == "    weight: 37.04\n"  # grensbarrieres: ROC of 7 = 0.3704…


def test_set_weights_result_passes_check(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """`afweging check` accepts the shipped framework with swing weights written into it."""
    points = dict(zip(WEIGHTED, [100, 60, 40, 40, 70, 30, 80], strict=True))
    path = tmp_path / "benelux.yaml"
    path.write_bytes(set_weights(SHIPPED.read_bytes(), str(path), swing(points).weights))
    result = cli("check", path)
    assert (result.exit_code, result.stderr) == (0, "")


def test_set_weights_with_the_current_weights_changes_nothing() -> None:
    """Writing the weights a framework already has returns the very same bytes."""
    original = SHIPPED.read_bytes()
    current = dict(zip(WEIGHTED, [25.0, 15.0, 10.0, 10.0, 15.0, 10.0, 15.0], strict=True))
    assert set_weights(original, "benelux.yaml", current) == original


def test_set_weights_keeps_bom_line_endings_comments_and_flow_style() -> None:
    """A BOM, CRLF line endings, a comment after a weight and {flow: mappings} survive;
    a weight already equal to its new value (50.0 for 50) keeps its spelling."""
    text = MINI_FRAMEWORK.replace("weight: 50,", "weight: 50.0,").replace(
        "    minimum: voldoende", "    minimum: voldoende  # gate"
    )
    text = text.replace(
        "  - id: steun\n",
        "  - id: d\n    scale: plus\n    weight: 5   # note\n    label: {nl: D, en: D}\n    question: {nl: D?, en: D?}\n  - id: steun\n",
    )
    original = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    new = set_weights(original, "mini.yaml", {"a": 2, "b": 1, "c": 1, "d": 0})
    assert new.startswith(b"\xef\xbb\xbf")
    expected = (
        text.replace("weight: 30,", "weight: 25,")
        .replace("weight: 20,", "weight: 25,")
        .replace("weight: 5   # note", "weight: 0   # note")
    )
    assert new.decode("utf-8-sig") == expected.replace("\n", "\r\n")


def test_set_weights_adds_a_missing_weight_after_the_scale_line() -> None:
    """Giving a gate without a weight key a weight inserts one line after its scale."""
    original = SHIPPED.read_bytes()
    weights = dict.fromkeys(WEIGHTED, 10.0) | {"draagvlak": 30.0}
    new = set_weights(original, "benelux.yaml", weights)
    before = original.decode("utf-8").splitlines(keepends=True)
    after = new.decode("utf-8").splitlines(keepends=True)
    scale = before.index("    scale: steun\n")
    assert after[scale + 1] == "    weight: 30\n"
    assert after[: scale + 1] == [
        re.sub(r"weight: \d+", "weight: 10", line) for line in before[: scale + 1]
    ]
    assert after[scale + 2 :] == before[scale + 1 :]


def test_set_weights_refuses_to_add_a_weight_to_a_flow_mapping() -> None:
    """A {flow: mapping} criterion without a weight is not edited; the message says what to do."""
    text = MINI_FRAMEWORK.replace("weight: 20, ", "")
    with pytest.raises(InputError) as caught:
        set_weights(text.encode(), "mini.yaml", {"a": 1, "b": 1, "c": 1})
    assert caught.value.lines() == [
        "mini.yaml:20:5: criterion 'c' has no weight to change, and afweging adds one only after a 'scale:' line — add 'weight: 0' to it and run the command again"
    ]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (
            dict.fromkeys([*WEIGHTED, "kenis"], 1.0),
            "benelux.yaml:62:3: this framework has no criterion 'kenis' — did you mean 'kennis'?",
        ),
        (
            dict.fromkeys(WEIGHTED[:5], 1.0),
            "benelux.yaml:62:3: the new weights leave out 'eu_afstemming', 'resultaten', which weigh above 0 in this framework — weigh every weighted criterion (give one 0 to drop it from the ranking)",
        ),
    ],
    ids=["unknown", "left-out"],
)
def test_set_weights_must_cover_the_weighted_criteria(
    weights: dict[str, float], message: str
) -> None:
    """The new weights name only the framework's criteria and every weighted one."""
    with pytest.raises(InputError) as caught:
        set_weights(SHIPPED.read_bytes(), "benelux.yaml", weights)
    assert caught.value.lines() == [message]


@pytest.mark.parametrize(
    ("weights", "written"),
    [
        (
            {"a": 0.5208333, "b": 0.2708333, "c": 0.1458333, "d": 0.0625},
            ["52.08", "27.08", "14.58", "6.25"],
        ),
        ({"a": 25, "b": 15, "c": 0}, ["62.5", "37.5", "0"]),
        ({"a": 1, "b": 0.00004}, ["100", "0.004"]),
    ],
)
def test_percentages(weights: dict[str, float], written: list[str]) -> None:
    """Weights are written as percentages with at most two decimals; a tiny share keeps
    two significant digits rather than rounding to 0."""
    assert list(percentages(weights).values()) == written
