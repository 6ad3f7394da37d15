"""Compose the pure steps into one ``Analysis``: matrix and ranking (more as they land)."""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

from typing import NamedTuple

from afweging.matrix import DecisionMatrix, build_matrix
from afweging.models import Loaded
from afweging.ranking import Ranking, rank_matrix


class Analysis(NamedTuple):
    """Everything the renderers show about one portfolio."""

    loaded: Loaded
    matrix: DecisionMatrix
    ranking: Ranking


def analyse(loaded: Loaded) -> Analysis:
    """Build the decision matrix of a loaded portfolio and rank it."""
    matrix = build_matrix(loaded.framework, loaded.portfolio)
    return Analysis(loaded, matrix, rank_matrix(matrix))
