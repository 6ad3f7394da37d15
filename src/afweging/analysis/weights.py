"""Weight elicitation: rank-order weights, swing weights and AHP pairwise comparisons.

Pure functions: they take criterion ids, points or judgements and return weights that
sum to 1, with the working (λmax, consistency figures, the most inconsistent judgements)
kept in the result for the renderers. Nothing here prints, reads files or exits; numpy
is imported inside ``ahp`` only, so the other methods start fast.

Sources:

* Rank-order weights: Stillwell, Seaver & Edwards (1981), "A comparison of weight
  approximation techniques in multiattribute utility decision making", Organizational
  Behavior and Human Performance 28:62–77 (rank sum, rank reciprocal); Barron & Barrett
  (1996), "Decision quality using ranked attribute weights", Management Science
  42(11):1515–1523 (rank-order centroid).
* Swing weighting: Department for Communities and Local Government (2009),
  *Multi-criteria analysis: a manual*, §5.4.9 and §6.2.10.
* AHP: Saaty (1977), "A scaling method for priorities in hierarchical structures",
  J. Math. Psychology 15:234–281; Saaty (1980), *The Analytic Hierarchy Process*; the
  judgement error ε_ij = a_ij·w_j/w_i of Saaty (2003), "Decision-making with the AHP:
  why is the principal eigenvector necessary", EJOR 145:85–91.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from afweging.errors import EXIT_INPUT, AfwegingError, InputError, did_you_mean

if TYPE_CHECKING:
    from afweging.sources.document import Document

RankMethod = Literal["roc", "rs", "rr"]
RANK_METHODS: tuple[RankMethod, ...] = ("roc", "rs", "rr")

# Saaty's random consistency index by matrix size n = 1, 2, 3, …: the mean consistency
# index of random reciprocal matrices on the 1–9 scale. Saaty (1980) tabulates n ≤ 10;
# n = 11..15 as Saaty extended the table later (the dip at n = 12 is in the original).
_RI_1980 = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
_RI_EXTENDED = (1.51, 1.48, 1.56, 1.57, 1.59)
RANDOM_INDEX = _RI_1980 + _RI_EXTENDED
MAX_AHP_CRITERIA = len(RANDOM_INDEX)
CR_LIMIT = 0.10  # Saaty's threshold: above it the judgements should be revisited


class WeightsError(AfwegingError):
    """The command line asks for weights that cannot be derived (exit 1)."""

    exit_code = EXIT_INPUT


class SwingResult(NamedTuple):
    """Swing weights (summing to 1) and the criteria whose swing got 0 points."""

    weights: dict[str, float]
    zero: tuple[str, ...]


class Judgement(NamedTuple):
    """One pairwise comparison: ``first`` is ``value`` times as important as ``second``."""

    first: str
    second: str
    value: float


class Inconsistency(NamedTuple):
    """How far one judgement is from the value the derived weights imply.

    ``contribution`` is this judgement's share of the consistency index: with ε the
    judgement error a_ij·w_j/w_i, (ε + 1/ε − 2) / (n(n − 1)). The shares of all
    judgements sum to CI exactly (for the principal eigenvector Σ_j a_ij·w_j/w_i = λmax
    for every i), and they rank the judgements as |ln ε| does.
    """

    first: str
    second: str
    given: float
    implied: float
    contribution: float


class AhpResult(NamedTuple):
    """AHP weights with the consistency figures and the most inconsistent judgements."""

    weights: dict[str, float]
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    warn: bool
    inconsistent: tuple[Inconsistency, ...]


# --- rank order -------------------------------------------------------------------------


def parse_rank_args(args: Sequence[str], known: Sequence[str] | None = None) -> list[list[str]]:
    """Criteria in order of importance from the command line; ``a=b`` ties a and b.

    With ``known`` (the framework's criterion ids) an unknown id is an error.
    """
    groups: list[list[str]] = []
    seen: set[str] = set()
    for arg in args:
        group = [part.strip() for part in arg.split("=")]
        if any(not part for part in group):
            raise WeightsError(
                f"'{arg}' has an empty criterion — write tied criteria as a=b, without spaces"
            )
        for name in group:
            _check_name(name, known)
            if name in seen:
                raise WeightsError(f"'{name}' is ranked twice — give each criterion one place")
            seen.add(name)
        groups.append(group)
    if not groups:
        raise WeightsError("no criteria to rank — list them from most to least important")
    return groups


def rank_order(groups: Sequence[Sequence[str]], method: RankMethod = "roc") -> dict[str, float]:
    """Weights from a ranking: rank-order centroid, rank sum or reciprocal rank.

    ``groups`` lists the criteria from most to least important; a group of several is a
    tie. With n criteria in positions i = 1..n: ROC w_i = (1/n)·Σ_{k=i..n} 1/k, RS
    w_i ∝ n − i + 1, RR w_i ∝ 1/i. Tied criteria occupy consecutive positions and each
    gets the mean of those positions' weights (the usual convention for ties, as for tied
    ranks in statistics), so the weights still sum to 1 and the order between the groups
    is kept.
    """
    if method not in RANK_METHODS:
        raise WeightsError(
            f"unknown rank method '{method}' — use one of: {', '.join(RANK_METHODS)}"
        )
    names = [name for group in groups for name in group]
    if not names or any(not group for group in groups):
        raise WeightsError("no criteria to rank — list them from most to least important")
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise WeightsError(f"'{twice}' is ranked twice — give each criterion one place")
    by_position = _position_weights(len(names), method)
    weights: dict[str, float] = {}
    position = 0
    for group in groups:
        share = math.fsum(by_position[position : position + len(group)]) / len(group)
        weights.update(dict.fromkeys(group, share))
        position += len(group)
    return weights


def _position_weights(n: int, method: RankMethod) -> list[float]:
    """The weight of each position 1..n (index 0..n−1) under ``method``; sums to 1."""
    if method == "roc":
        return [math.fsum(1 / k for k in range(i, n + 1)) / n for i in range(1, n + 1)]
    raw = [float(n - i + 1) if method == "rs" else 1 / i for i in range(1, n + 1)]
    total = math.fsum(raw)
    return [r / total for r in raw]


# --- swing ------------------------------------------------------------------------------


def parse_swing_args(args: Sequence[str], known: Sequence[str] | None = None) -> dict[str, float]:
    """``CRIT=POINTS`` arguments as a mapping; with ``known``, unknown ids are errors."""
    points: dict[str, float] = {}
    for arg in args:
        name, sign, text = (part.strip() for part in arg.partition("="))
        if not sign or not name:
            raise WeightsError(f"'{arg}' gives no points — write criterion=points, e.g. kennis=60")
        _check_name(name, known)
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise WeightsError(f"'{text}' in '{arg}' is not a number — write e.g. {name}=60")
        if name in points:
            raise WeightsError(f"'{name}' gets points twice — give each criterion one value")
        points[name] = number
    if not points:
        raise WeightsError("no swings given — write criterion=points, e.g. kennis=100 netwerk=40")
    return points


def swing(points: Mapping[str, float]) -> SwingResult:
    """Swing weights: each criterion's points over the total.

    As the UK MCA manual describes it: the swing from worst to best level that matters
    most gets 100 points, every other swing 0–100 points relative to it. So the largest
    value must be exactly 100 (several criteria may share it). A criterion given 0 keeps
    weight 0 and is listed in ``zero``, so that the caller reports it rather than drops it.
    """
    if not points:
        raise WeightsError("no swings given — write criterion=points, e.g. kennis=100 netwerk=40")
    for name, value in points.items():
        if not 0 <= value <= 100:
            raise WeightsError(
                f"swing points run from 0 to 100; '{name}' has {value:g}"
                " — the most important swing gets 100, the others points relative to it"
            )
    largest = max(points.values())
    if largest != 100:
        top = ", ".join(name for name, value in points.items() if value == largest)
        raise WeightsError(
            f"the most important swing gets 100; the largest here is {largest:g} ({top})"
            " — give the swing that matters most 100 points and the others points relative"
            " to it"
        )
    total = math.fsum(points.values())
    weights = {name: value / total for name, value in points.items()}
    return SwingResult(weights, tuple(name for name, value in points.items() if value == 0))


# --- AHP --------------------------------------------------------------------------------


def ahp(criteria: Sequence[str], judgements: Sequence[Judgement]) -> AhpResult:
    """Principal-eigenvector weights of the reciprocal matrix of ``judgements``.

    Every pair of criteria must be judged once (``load_ahp`` checks the file). λmax is the
    principal (Perron) eigenvalue, CI = (λmax − n)/(n − 1), CR = CI/RI with Saaty's random
    index; for n ≤ 2 the matrix is always consistent and CR is 0. λmax ≥ n holds for every
    positive reciprocal matrix, so a value a rounding error below n is taken as n.
    """
    import numpy as np

    n = len(criteria)
    if not 1 <= n <= MAX_AHP_CRITERIA:
        raise WeightsError(f"AHP compares 1 to {MAX_AHP_CRITERIA} criteria, not {n}")
    index = {name: i for i, name in enumerate(criteria)}
    matrix = np.ones((n, n))
    given: set[tuple[int, int]] = set()
    for judgement in judgements:
        if {judgement.first, judgement.second} - index.keys() or not judgement.value > 0:
            raise WeightsError(f"the judgement {judgement} does not fit these criteria")
        i, j = index[judgement.first], index[judgement.second]
        matrix[i, j], matrix[j, i] = judgement.value, 1 / judgement.value
        given |= {(i, j), (j, i)}
    if len(given) != n * (n - 1):
        raise WeightsError("AHP needs one judgement for every pair of criteria")
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = vectors[:, k].real
    shares = np.abs(vector / vector.sum())
    weights = [float(w) for w in shares / shares.sum()]
    lambda_max = max(float(values[k].real), float(n))
    ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
    random_index = RANDOM_INDEX[n - 1]
    cr = ci / random_index if random_index > 0 else 0.0
    errors = [
        _inconsistency(j, weights[index[j.first]] / weights[index[j.second]], n) for j in judgements
    ]
    worst = sorted((e for e in errors if e.contribution > 1e-12), key=lambda e: -e.contribution)
    return AhpResult(
        dict(zip(criteria, weights, strict=True)),
        lambda_max,
        ci,
        cr,
        random_index,
        cr > CR_LIMIT,
        tuple(worst[:3]),
    )


def _inconsistency(judgement: Judgement, implied: float, n: int) -> Inconsistency:
    error = judgement.value / implied
    share = (error + 1 / error - 2) / (n * (n - 1))
    return Inconsistency(judgement.first, judgement.second, judgement.value, implied, share)


def show_ratio(value: float) -> str:
    """A judgement as people write it: ``3``, ``2.5``, ``1/5``, ``1/2.4``."""
    if value >= 1:
        return f"{value:.3g}"
    return f"1/{1 / value:.3g}"


def percentages(weights: Mapping[str, float]) -> dict[str, str]:
    """Weights on any scale as percentage shares to write in a framework: ``52.08``.

    At most two decimals, trailing zeros dropped (``25``, ``12.5``), so they read like
    hand-written weights. Rounding may make them sum to 99.99 or 100.01, which is harmless:
    afweging normalises weights. A share too small for two decimals keeps two significant
    digits (``0.0041``), so a weighted criterion never becomes a weight of 0.
    """
    if any(not math.isfinite(w) or w < 0 for w in weights.values()):
        raise WeightsError("weights must be finite numbers of 0 or more")
    total = math.fsum(weights.values())
    if total <= 0:
        raise WeightsError("at least one criterion needs a weight above 0")
    written: dict[str, str] = {}
    for name, weight in weights.items():
        share = 100 * weight / total
        text = f"{share:.2f}".rstrip("0").rstrip(".")
        written[name] = f"{share:.2g}" if text == "0" and share > 0 else text
    return written


def check_weights_cover(doc: Document, weights: Mapping[str, float]) -> None:
    """New weights for the framework in ``doc`` name only its criteria, and every
    criterion that has a weight above 0 now (those left out, such as gates, keep 0)."""
    raw = doc.data.get("criteria") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list) or not all(
        isinstance(c, dict) and isinstance(c.get("id"), str) for c in raw
    ):
        raise InputError(
            [doc.problem(("criteria",), "there is no list of criteria with ids to set weights in")]
        )
    ids = [c["id"] for c in raw]
    unknown = [name for name in weights if name not in ids]
    if unknown:
        listed = ", ".join(f"'{name}'" for name in unknown)
        hint = did_you_mean(unknown[0], ids)
        raise InputError(
            [doc.problem(("criteria",), f"this framework has no criterion {listed}", hint)]
        )
    left_out = [
        c["id"]
        for c in raw
        if c["id"] not in weights
        and isinstance(c.get("weight"), int | float)
        and not isinstance(c.get("weight"), bool)
        and c["weight"] > 0
    ]
    if left_out:
        listed = ", ".join(f"'{name}'" for name in left_out)
        raise InputError(
            [
                doc.problem(
                    ("criteria",),
                    f"the new weights leave out {listed}, which weigh above 0 in this framework",
                    "weigh every weighted criterion (give one 0 to drop it from the ranking)",
                )
            ]
        )


# --- the AHP file -----------------------------------------------------------------------


def _check_name(name: str, known: Sequence[str] | None) -> None:
    if known is not None and name not in known:
        raise WeightsError(f"unknown criterion '{name}' — {did_you_mean(name, list(known))}")
