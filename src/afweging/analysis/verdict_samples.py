"""The verdicts over the robustness command's weight samples.

The weights are drawn as ``robustness.acceptability`` draws them (Dirichlet around the
framework's shares of the weighted criteria, concentration ``DEFAULT_CONCENTRATION``,
``numpy.random.default_rng(seed)``, in batches that do not change the draws), so the
same seed gives the same samples. For each sample only what depends on the weights is
recomputed: the totals, the top of the ranking, and the flags of score-below and
bottom-share rules (by the same rules as ``rules.py``, tie tolerance included). From
those follow three things per item:

- ``robust_top``: in the top (``decision.top_count`` ranks) in at least ``robust`` of the
  samples;
- ``overturned``: without any discontinue flag that is not a condition in more than
  ``overturned`` of the samples, while the item has one at the framework's weights;
- ``stability``: the share of samples in which the rule verdict is the same.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from afweging.analysis.pipeline import Analysis
from afweging.analysis.rules import DEFAULTS, Flag
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.models import Rule

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

BATCH_ELEMENTS = 1 << 20
"""Totals computed at once (samples × items): 8 MB a batch."""


class SampledVerdicts(NamedTuple):
    """Per item: how often it is in the top, without a hard flag, and each rule verdict."""

    samples: int
    position: dict[str, int]
    top: list[float]
    """Share of samples in the top (0 for items that fail a gate)."""
    unflagged: list[float]
    """Share of samples without a discontinue flag that is not a condition."""
    codes: list[list[float]]
    """Per item, the share of samples with each rule verdict code (``decision._CONTINUE`` …)."""
    robust: float
    overturn: float
    hard_now: list[bool]

    def robust_top(self, item_id: str) -> bool:
        """Robustly in the top of the ranking."""
        return self.top[self.position[item_id]] >= self.robust - 1e-12

    def overturned(self, item_id: str, flags: Sequence[Flag]) -> bool:
        """A discontinue flag the samples lift often (only rank-based flags can be lifted)."""
        i = self.position[item_id]
        return self.hard_now[i] and self.unflagged[i] > self.overturn + 1e-12

    def stability(self, item_id: str, code: int) -> float:
        """The share of samples in which the item's rule verdict is ``code``."""
        return self.codes[self.position[item_id]][code]


def draw_weights(
    shares: Sequence[float], samples: int, seed: int, batch: int
) -> "list[NDArray[np.float64]]":
    """The weight samples of ``robustness.acceptability`` (weights="around") in batches of
    ``batch``: each samples × weighted criteria."""
    import numpy as np

    from afweging.analysis.robustness import DEFAULT_CONCENTRATION

    weighted = [s for s in shares if s > 0]
    focus = np.array(weighted, dtype=np.float64)
    alpha = DEFAULT_CONCENTRATION * focus / focus.sum()
    rng = np.random.default_rng(seed)
    out, done = [], 0
    while done < samples:
        size = min(batch, samples - done)
        out.append(rng.dirichlet(alpha, size=size))
        done += size
    return out


def sample_verdicts(analysis: Analysis, *, samples: int, seed: int) -> SampledVerdicts:
    """Rule verdicts over ``samples`` weight samples (see the module docstring)."""
    import numpy as np

    from afweging.analysis.verdicts import flag_classes, top_count

    rules = analysis.loaded.framework.decision
    items = analysis.matrix.items
    n = len(items)
    entry_of = {e.item.id: e for e in analysis.ranking.items}
    viable = np.array([entry_of[item.id].viable for item in items], dtype=bool)
    k = top_count(int(viable.sum()), rules)
    in_top = np.zeros(n, dtype=np.int64)
    unflagged = np.zeros(n, dtype=np.int64)
    # robust/overturned depend on all samples: count first, then the verdicts (each
    # sample's flags kept as a 4-bit state per item: hard, score-based, condition, talk)
    states = []
    fixed, masks = _fixed_states(analysis), _masks(analysis, viable)
    for totals in _sampled_totals(analysis, samples, seed):
        if k:
            kth = -np.partition(-totals[:, viable], k - 1, axis=1)[:, k - 1]
            in_top += ((kth[:, None] <= totals + TIE_TOLERANCE) & viable).sum(axis=0)
        state = _flag_states(analysis, totals, fixed, masks)
        unflagged += (state < 8).sum(axis=0)
        states.append(state)
    top_share = (in_top / samples).tolist()
    unflagged_share = (unflagged / samples).tolist()
    hard_now = [flag_classes(analysis.review.flags.get(item.id, ()), rules)[0] for item in items]
    doubts = [
        top_share[i] >= rules.robust - 1e-12
        or (hard_now[i] and unflagged_share[i] > rules.overturned + 1e-12)
        for i in range(n)
    ]
    table = _verdict_table(analysis, doubts)
    counts = np.zeros(n * 6, dtype=np.int64)
    rows = np.arange(n)[None, :]
    for state in states:
        # each (item, code) pair counted in one pass: key = 6 × item + code
        keys = table[rows, state].astype(np.int64) + 6 * rows
        counts += np.bincount(keys.ravel(), minlength=n * 6)
    per_code = counts.reshape(n, 6)
    return SampledVerdicts(
        samples,
        {item.id: i for i, item in enumerate(items)},
        top_share,
        unflagged_share,
        (per_code / samples).tolist(),
        rules.robust,
        rules.overturned,
        hard_now,
    )


def _sampled_totals(analysis: Analysis, samples: int, seed: int) -> "Iterator[NDArray[np.float64]]":
    """Samples × items totals in points, a batch at a time."""
    import numpy as np

    matrix = analysis.matrix
    weighted = [j for j, s in enumerate(matrix.shares) if s > 0]
    values = np.array([[row[j].value for j in weighted] for row in matrix.cells], dtype=np.float64)
    scaled = np.ascontiguousarray(100.0 * values.T)
    batch = max(1, BATCH_ELEMENTS // max(1, len(matrix.items)))
    for weights in draw_weights(matrix.shares, samples, seed, batch):
        yield weights @ scaled


def _verdict_table(analysis: Analysis, doubts: Sequence[bool]) -> "NDArray[np.int8]":
    """Per item, the rule verdict code for each of the 16 flag states; ``doubts`` marks
    the items whose discontinue flags are discussed (robustly top, or overturned)."""
    import numpy as np

    from afweging.analysis.verdicts import RuleInputs, verdict_code

    entry_of = {e.item.id: e for e in analysis.ranking.items}
    items = analysis.matrix.items
    table = np.zeros((len(items), 16), dtype=np.int8)
    for i, item in enumerate(items):
        flags = analysis.review.flags.get(item.id, ())
        proposed, failed = item.status == "proposed", not entry_of[item.id].viable
        spread = any(f.kind == "assessor-spread" for f in flags)
        inputs = RuleInputs(proposed, failed, doubts[i], False, spread)
        for state in range(16):
            table[i, state] = verdict_code(
                inputs, bool(state & 8), bool(state & 4), bool(state & 2), bool(state & 1)
            )
    return table


def _fixed_states(analysis: Analysis) -> "NDArray[np.int8]":
    """Per item: the 4-bit state of the flags that do not depend on the weights."""
    import numpy as np

    from afweging.analysis.verdicts import flag_classes

    rules = analysis.loaded.framework.decision
    fixed = np.array(
        [
            flag_classes(
                [f for f in analysis.review.flags.get(item.id, ()) if f.kind not in _RANK_KINDS],
                rules,
            )
            for item in analysis.matrix.items
        ],
        dtype=bool,
    ).reshape(len(analysis.matrix.items), 4)
    state: NDArray[np.int8] = (fixed @ np.array([8, 4, 2, 1])).astype(np.int8)
    return state


def _masks(analysis: Analysis, viable: "NDArray[np.bool_]") -> "dict[str, NDArray[np.bool_]]":
    """Per weight-dependent rule, the items it covers: every item of its kinds for a
    score-below rule, the ranked active ones for bottom-share (as ``rules.py``)."""
    import numpy as np

    items = analysis.matrix.items
    found = {}
    for rule in analysis.loaded.framework.rules:
        if rule.kind in _RANK_KINDS:
            kinds = set(rule.applies_to)
            covered = np.array([i.kind in kinds for i in items], dtype=bool)
            if rule.kind == "bottom-share":
                active = np.array([i.status == "active" for i in items], dtype=bool)
                covered &= active & viable
            found[rule.id] = covered
    return found


def _flag_states(
    analysis: Analysis,
    totals: "NDArray[np.float64]",
    fixed: "NDArray[np.int8]",
    masks: "dict[str, NDArray[np.bool_]]",
) -> "NDArray[np.int8]":
    """Samples × items: the 4-bit flag state (hard 8, score-based 4, condition 2, talk 1)
    of each item at each sample's totals."""
    import numpy as np

    rules = analysis.loaded.framework.decision
    state = np.broadcast_to(fixed, totals.shape).copy()
    for rule in analysis.loaded.framework.rules:
        if rule.kind not in _RANK_KINDS:
            continue
        fire = _fires(rule, totals, masks[rule.id]).view(np.int8)
        if rule.effective_severity == "discuss":
            state |= fire
        elif rule.id in rules.conditions:
            state |= fire * 2
        else:
            state |= fire * 12
    return state


_RANK_KINDS = ("score-below", "bottom-share")


def _fires(
    rule: Rule, totals: "NDArray[np.float64]", covered: "NDArray[np.bool_]"
) -> "NDArray[np.bool_]":
    """Samples × items: where ``rule`` (score-below or bottom-share) flags the item;
    ``covered``: the items it looks at (``_masks``)."""
    import numpy as np

    if rule.kind == "score-below":
        threshold = rule.threshold if rule.threshold is not None else DEFAULTS["threshold"]
        fired: NDArray[np.bool_] = (totals < threshold - TIE_TOLERANCE) & covered
        return fired
    share = rule.share if rule.share is not None else DEFAULTS["share"]
    count = int(covered.sum())
    cut = int(share * count + 1e-9)
    fire = np.zeros(totals.shape, dtype=bool)
    if cut == 0:
        return fire
    if cut >= count:
        fire[:, covered] = True
        return fire
    # flagged: fewer than cut + 1 of the population lie at or below its total (+ tolerance)
    line = np.partition(totals[:, covered], cut, axis=1)[:, cut]
    fire[:, covered] = line[:, None] > totals[:, covered] + TIE_TOLERANCE
    return fire
