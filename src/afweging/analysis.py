"""Compose the pure steps into one ``Analysis``: matrix, ranking and review."""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import datetime as dt
from typing import NamedTuple

from afweging.matrix import DecisionMatrix, build_matrix
from afweging.models import Loaded
from afweging.ranking import Ranking, rank_matrix
from afweging.rules import Review, review


class Analysis(NamedTuple):
    """Everything the renderers show about one portfolio."""

    loaded: Loaded
    matrix: DecisionMatrix
    ranking: Ranking
    review: Review


def analyse(loaded: Loaded, as_of: dt.date | None = None) -> Analysis:
    """Rank a loaded portfolio and apply the discontinuation rules as of ``as_of``
    (default: the portfolio's own date)."""
    matrix = build_matrix(loaded.framework, loaded.portfolio)
    ranking = rank_matrix(matrix)
    when = as_of or loaded.portfolio.as_of
    return Analysis(loaded, matrix, ranking, review(loaded.framework, matrix, ranking, when))
