"""The rule verdict of one item: the step of the decision that turns its flags into a
verdict before the package is known (see ``decision``'s module docstring). Shared by
``decision`` and ``verdict_samples``, which evaluates it at every weight sample."""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections.abc import Sequence
from typing import Literal, NamedTuple

from afweging.analysis.rules import Flag
from afweging.models import DecisionRules

Verdict = Literal[
    "continue", "continue-with-conditions", "discontinue", "discuss", "start", "not-now", "reject"
]
VERDICTS: tuple[Verdict, ...] = (
    "continue", "continue-with-conditions", "discuss", "discontinue", "start", "not-now", "reject"
)  # fmt: skip
RANK_RULES = ("score-below", "bottom-share")
"""Rule kinds whose flags depend on the weights (the others on scores, gates and dates)."""
SCORE_RULES = ("score-below", "bottom-share", "criterion-below")
"""Rule kinds whose flags rest on the scores (assessors' disagreement puts them in doubt)."""

_CONTINUE, _CONDITIONS, _DISCUSS, _DISCONTINUE, _REJECT, _ELIGIBLE = range(6)
_RULE_VERDICT: dict[int, Verdict] = {
    _CONTINUE: "continue",
    _CONDITIONS: "continue-with-conditions",
    _DISCUSS: "discuss",
    _DISCONTINUE: "discontinue",
    _REJECT: "reject",
}


class RuleInputs(NamedTuple):
    """What the rule verdict of one item depends on, apart from the weight-dependent flags."""

    proposed: bool
    gate_failed: bool
    robust_top: bool
    overturned: bool
    spread: bool


def verdict_code(inputs: RuleInputs, hard: bool, score_based: bool, cond: bool, talk: bool) -> int:
    """The rule verdict as a code: step 1 of ``decision``'s module docstring.

    ``hard``: a discontinue flag not listed in ``conditions``; ``score_based``: one of
    those rests on the scores; ``cond``: a discontinue flag listed in ``conditions``;
    ``talk``: a discuss flag."""
    if inputs.proposed:
        return _REJECT if inputs.gate_failed or hard or cond else _ELIGIBLE
    if inputs.gate_failed:
        return _DISCONTINUE
    if hard:
        doubt = inputs.robust_top or inputs.overturned or (inputs.spread and score_based)
        return _DISCUSS if doubt else _DISCONTINUE
    if talk:
        return _DISCUSS
    return _CONDITIONS if cond else _CONTINUE


def flag_classes(flags: Sequence[Flag], rules: DecisionRules) -> tuple[bool, bool, bool, bool]:
    """(hard, score_based, cond, talk) of a set of flags (see ``verdict_code``)."""
    hard = score_based = cond = talk = False
    for flag in flags:
        if flag.severity == "discuss":
            talk = True
        elif flag.rule in rules.conditions:
            cond = True
        elif flag.kind != "gate-failed":
            hard = True
            score_based = score_based or flag.kind in SCORE_RULES
    return hard, score_based, cond, talk


def top_count(viable: int, rules: DecisionRules) -> int:
    """How many ranks make the top: ``rules.top`` of the ranked items, at least one."""
    return max(1, math.floor(rules.top * viable + 1e-9)) if viable else 0
