"""Start-up discipline: the everyday commands never import the heavy libraries."""

from __future__ import annotations

import pytest

from tests.helpers import EXAMPLE, FRAMEWORK, heavy_modules


@pytest.mark.parametrize(
    "args",
    [
        ("rank", str(EXAMPLE)),
        ("rank", str(EXAMPLE), "--format", "json"),
        ("explain", str(EXAMPLE), "ambulance"),
        ("check", str(FRAMEWORK), str(EXAMPLE)),
        ("review", str(EXAMPLE)),
        ("score", str(EXAMPLE), "--id", "x", "--name", "X", "--set", "kennis=+"),
        ("diff", str(EXAMPLE), str(EXAMPLE)),
        ("--help",),
    ],
    ids=["rank", "rank-json", "explain", "check", "review", "score", "diff", "help"],
)
def test_command_does_not_import_numpy(args: tuple[str, ...]) -> None:
    """rank, explain, check, review, score and --help never import numpy or other heavy
    libraries (score here stops at its missing values, after loading everything)."""
    code, heavy = heavy_modules(*args)
    assert code == (1 if args[0] == "score" else 0)
    assert heavy == ""
