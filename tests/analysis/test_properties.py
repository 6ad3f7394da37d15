"""Property tests (Hypothesis) of the ranking core: weights, scores, file order and gates.

The cases are plain dicts, shaped exactly like the YAML files, validated with
``Framework.model_validate`` / ``Portfolio.model_validate`` as the loader does, and ranked
with ``rank_matrix(build_matrix(...))``. Only the last test goes through files and the CLI.
"""

from __future__ import annotations

import json
import math
import statistics
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from afweging.analysis.matrix import build_matrix
from afweging.analysis.ranking import Ranking, rank_matrix
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.errors import AfwegingError
from afweging.findings import framework_findings
from afweging.models import Framework, Portfolio
from afweging.sources.checks import cross_check
from afweging.sources.document import Document
from afweging.sources.loading import load_portfolio
from tests.helpers import SCALES, SYMBOLS, Case, cases, fixed_case, invoke

# --------------------------------------------------------------------------- helpers


def rank(framework_doc: dict[str, Any], portfolio_doc: dict[str, Any]) -> Ranking:
    """Validate both documents as the loader does (no findings allowed) and rank them."""
    framework = Framework.model_validate(framework_doc)
    portfolio = Portfolio.model_validate(portfolio_doc)
    assert framework_findings(framework) == []
    assert cross_check(portfolio, framework, Document("<generated>")) == ([], [])
    return rank_matrix(build_matrix(framework, portfolio))


def ranks(ranking: Ranking) -> dict[str, int | None]:
    """Every item's rank by id (None for an item that fails a gate)."""
    return {entry.item.id: entry.rank for entry in ranking.items}


def level_index(criterion: dict[str, Any], raw: str | float) -> int:
    """The position of a symbol or a value on the criterion's scale (0 is the worst)."""
    for index, level in enumerate(SCALES[criterion["scale"]]["levels"]):
        if raw in (level["symbol"], level["value"]):
            return index
    raise AssertionError(f"{raw!r} is not a level of {criterion['scale']}")


def fails_a_gate(framework_doc: dict[str, Any], item: dict[str, Any]) -> bool:
    """Oracle: some assessor scores some gate below its minimum."""
    for criterion in framework_doc["criteria"]:
        if "minimum" not in criterion:
            continue
        floor = level_index(criterion, criterion["minimum"])
        raw = item["scores"][criterion["id"]]
        given_levels = raw.values() if isinstance(raw, dict) else [raw]
        if any(level_index(criterion, level) < floor for level in given_levels):
            return True
    return False


def expected_total(framework_doc: dict[str, Any], item: dict[str, Any]) -> float:
    """Oracle: 100 × Σ weight × value on 0–1 / Σ weight, per-assessor scores aggregated."""
    aggregate = {"mean": statistics.fmean, "median": statistics.median, "min": min}
    total_weight = math.fsum(c["weight"] for c in framework_doc["criteria"])
    points = []
    for criterion in framework_doc["criteria"]:
        top = len(SCALES[criterion["scale"]]["levels"]) - 1
        raw = item["scores"][criterion["id"]]
        given_levels = list(raw.values()) if isinstance(raw, dict) else [raw]
        values = [level_index(criterion, level) / top for level in given_levels]
        points.append(criterion["weight"] * aggregate[criterion.get("aggregate", "mean")](values))
    return 100.0 * math.fsum(points) / total_weight


def with_items(portfolio_doc: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """The portfolio with other items."""
    return {**portfolio_doc, "items": items}


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(case=cases(), factor=st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_all_weights_keeps_every_rank(case: Case, factor: float) -> None:
    """Multiplying every weight by the same positive constant changes no item's rank."""
    framework, portfolio = case
    scaled = {
        **framework,
        "criteria": [{**c, "weight": c["weight"] * factor} for c in framework["criteria"]],
    }
    before = rank(framework, portfolio)
    after = rank(scaled, portfolio)
    assert ranks(after) == ranks(before)
    for old, new in zip(before.items, after.items, strict=True):
        assert math.isclose(new.total, old.total, rel_tol=1e-12, abs_tol=1e-12)


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data())
def test_raising_a_score_never_lowers_that_items_rank(case: Case, data: st.DataObject) -> None:
    """Raising one score of one item (any criterion, any assessor) never worsens its place.

    The total does not fall, a ranked item stays ranked at the same or a better (smaller)
    rank; gates are included among the criteria raised, so "never turns viable into
    failing" is exercised too.
    """
    framework, portfolio = case
    raisable = [
        (index, criterion, assessor)
        for index, item in enumerate(portfolio["items"])
        for criterion in framework["criteria"]
        for assessor, level in (
            item["scores"][criterion["id"]].items()
            if isinstance(item["scores"][criterion["id"]], dict)
            else [(None, item["scores"][criterion["id"]])]
        )
        if level != SYMBOLS[criterion["scale"]][-1]
    ]
    assume(raisable)
    index, criterion, assessor = data.draw(st.sampled_from(raisable), label="score")
    symbols = SYMBOLS[criterion["scale"]]
    item = portfolio["items"][index]
    old_score = item["scores"][criterion["id"]]
    old_level = symbols.index(old_score if assessor is None else old_score[assessor])
    new_level = data.draw(st.integers(old_level + 1, len(symbols) - 1), label="raised to")
    new_score = (
        symbols[new_level] if assessor is None else {**old_score, assessor: symbols[new_level]}
    )
    raised = {**item, "scores": {**item["scores"], criterion["id"]: new_score}}
    items = list(portfolio["items"])
    items[index] = raised

    before = rank(framework, portfolio).find(item["id"])
    after = rank(framework, with_items(portfolio, items)).find(item["id"])
    assert before is not None
    assert after is not None
    assert after.total >= before.total
    if before.rank is not None:
        assert after.rank is not None, "raising a score made the item fail a gate"
        assert after.rank <= before.rank


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data())
def test_reordering_items_changes_no_rank(case: Case, data: st.DataObject) -> None:
    """Permuting the items in the file changes no item's rank or total, nor the listed order."""
    framework, portfolio = case
    shuffled = data.draw(st.permutations(portfolio["items"]), label="items")
    before = rank(framework, portfolio)
    after = rank(framework, with_items(portfolio, shuffled))
    assert ranks(after) == ranks(before)
    assert {e.item.id: e.total for e in after.items} == {e.item.id: e.total for e in before.items}
    assert [e.item.id for e in after.items] == [e.item.id for e in before.items]


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_an_item_failing_a_gate_never_ranks_among_viable_items(case: Case) -> None:
    """An item below any gate's minimum (for any assessor) is unranked and listed last."""
    framework, portfolio = case
    ranking = rank(framework, portfolio)
    expected = {item["id"]: fails_a_gate(framework, item) for item in portfolio["items"]}
    listed_viable = [entry.viable for entry in ranking.items]
    assert listed_viable == sorted(listed_viable, reverse=True), "a failing item is listed early"
    for entry in ranking.items:
        assert (entry.rank is None) == expected[entry.item.id], entry.item.id
        assert bool(entry.failed_gates) == expected[entry.item.id], entry.item.id


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_totals_and_competition_ranks(case: Case) -> None:
    """Totals lie in [0, 100] and viable ranks are competition ranks (1, 2, 2, 4) by total.

    A viable item's rank is 1 + the number of viable items whose total is higher by more
    than ``TIE_TOLERANCE``; viable items are listed by descending total.
    """
    framework, portfolio = case
    ranking = rank(framework, portfolio)
    by_id = {item["id"]: item for item in portfolio["items"]}
    for entry in ranking.items:
        assert -1e-9 <= entry.total <= 100 + 1e-9
        oracle = expected_total(framework, by_id[entry.item.id])
        assert math.isclose(entry.total, oracle, rel_tol=1e-9, abs_tol=1e-9)
    viable = ranking.viable
    assert len(ranking.items) == len(portfolio["items"])
    totals = [entry.total for entry in viable]
    assert totals == sorted(totals, reverse=True)
    for entry in viable:
        higher = sum(1 for other in viable if other.total - entry.total > TIE_TOLERANCE)
        assert entry.rank == 1 + higher, entry.item.id
    assert [entry.rank for entry in viable][:1] in ([], [1])
    assert all(1 <= entry.rank <= len(viable) for entry in viable if entry.rank is not None)


def _chained_ties() -> Case:
    """Four items 2/3e-9 points apart: each step a tie, the ends 2e-9 points apart."""
    return fixed_case([100, 2e-9], [["0", symbol] for symbol in SYMBOLS["plus"]])


def test_ties_do_not_chain_beyond_the_tolerance() -> None:
    """Competition ranks hold when steps within the tolerance add up to more than it.

    Found by reasoning about the tie rule rather than by the search above, which rarely
    draws weights 1e-11 apart in share; kept as a fixed example of the competition rule.
    """
    ranking = rank(*_chained_ties())
    assert [e.total for e in ranking.items] == sorted(
        (e.total for e in ranking.items), reverse=True
    )
    assert ranks(ranking) == {"i3": 1, "i2": 1, "i1": 2, "i0": 3}


def test_a_total_more_than_the_tolerance_higher_is_not_a_tie() -> None:
    """An item whose total is more than the tolerance below another's ranks below it.

    Falsifying example of ``test_totals_and_competition_ranks``, shrunk by Hypothesis with
    weights biased towards shares near 1e-11 (the unbiased search hits it about once in
    tens of thousands of examples). The two totals differ by 1.0000036354540498e-09,
    computed exactly, yet ``total + TIE_TOLERANCE`` rounds up to the higher total.
    """
    ranking = rank(*fixed_case([3, 9e-11], [["+++", "++"], ["+++", "+"]]))
    high, low = ranking.items
    assert high.total - low.total > TIE_TOLERANCE
    assert ranks(ranking) == {"i0": 1, "i1": 2}


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_the_cli_ranks_as_the_core_does(case: Case) -> None:
    """``afweging rank FILE --format json`` on the written YAML gives the in-memory ranking."""
    framework, portfolio = case
    expected = rank(framework, portfolio)
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        (directory / "framework.yaml").write_text(
            yaml.safe_dump(framework, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        path = directory / "portfolio.yaml"
        path.write_text(
            yaml.safe_dump(portfolio, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        run = invoke("rank", path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    listed = document["items"]
    assert [entry["id"] for entry in listed] == [entry.item.id for entry in expected.items]
    assert {entry["id"]: entry["rank"] for entry in listed} == ranks(expected)
    assert {entry["id"]: entry["total"] for entry in listed} == {
        entry.item.id: entry.total for entry in expected.items
    }


# --------------------------------------------------------------------------- mangled files

HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(["", "+", "++", "ja", "NO", "on", "1:30", "010", "2026-02-30", "\x1b[31m"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
"""What a mangled file may hold where a valid one holds something else."""


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value (and to each mapping and list) in a plain document."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _mangle(document: Any, data: st.DataObject) -> Any:
    """The document with one value replaced, one key renamed or one entry dropped."""
    document = json.loads(json.dumps(document))
    paths = [p for p in _paths(document) if p]
    path = data.draw(st.sampled_from(paths), label="path")
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = data.draw(st.sampled_from(["replace", "drop", "rename"]), label="action")
    if action == "replace":
        parent[last] = data.draw(HOSTILE_VALUES, label="value")
    elif action == "drop":
        del parent[last]
    elif isinstance(parent, dict):
        parent[data.draw(st.text(max_size=12), label="key")] = parent.pop(last)
    return document


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data(), target=st.sampled_from(["framework", "portfolio"]))
def test_a_mangled_file_gives_an_input_error_or_a_sound_ranking(
    case: Case, data: st.DataObject, target: str
) -> None:
    """One value of a valid framework or portfolio replaced by a hostile one (a huge
    integer, NaN, control characters, a YAML 1.1 word, a list, a mapping), a key renamed
    or an entry dropped: the loader and the ranking either answer with the tool's own
    input error (each problem a line that names the file) or rank, with every total in [0, 100].
    No other exception escapes."""
    framework, portfolio = case
    if target == "framework":
        framework = _mangle(framework, data)
    else:
        portfolio = _mangle(portfolio, data)
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        (directory / "framework.yaml").write_text(yaml.safe_dump(framework), encoding="utf-8")
        path = directory / "portfolio.yaml"
        path.write_text(yaml.safe_dump(portfolio), encoding="utf-8")
        try:
            loaded = load_portfolio(path)
        except AfwegingError as error:
            lines = error.lines()
            assert lines
            for line in lines:  # (the CLI prints each through render.single_line)
                assert line.startswith((str(path), str(directory / "framework.yaml"))), line
            return
    ranking = rank_matrix(build_matrix(loaded.framework, loaded.portfolio))
    assert all(0 <= entry.total <= 100 for entry in ranking.items)
