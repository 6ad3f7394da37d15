"""Start-up discipline: the everyday commands never import the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_the_command_line_turns_off_the_cyclic_collector() -> None:
    """The console entry point disables the cyclic GC (the process is short-lived)."""
    import gc

    from afweging.cli.app import _trim_start_up

    try:
        _trim_start_up()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pydantic_still_asks_its_private_loader_for_plugins() -> None:
    """The plugin stub replaces ``pydantic.plugin._loader.get_plugins``: the test fails if
    pydantic moves that module, renames the function, or stops importing it from there."""
    import inspect

    import pydantic.plugin

    folder = Path(pydantic.plugin.__file__).parent  # not find_spec: the stub may be loaded
    source = (folder / "_loader.py").read_text(encoding="utf-8")
    assert "def get_plugins() -> Iterable[PydanticPluginProtocol]:" in source
    validator = (folder / "_schema_validator.py").read_text(encoding="utf-8")
    assert "from ._loader import get_plugins" in validator
    from afweging.cli import app

    assert inspect.signature(app.skip_pydantic_plugin_discovery).parameters == {}


def test_the_plugin_stub_answers_no_plugins_in_a_fresh_interpreter() -> None:
    """Under the stub pydantic builds a model without reading any entry point."""
    code = (
        "import sys\n"
        "from afweging.cli.app import skip_pydantic_plugin_discovery\n"
        "skip_pydantic_plugin_discovery()\n"
        "import pydantic\n"
        "class M(pydantic.BaseModel):\n"
        "    x: int\n"
        "assert M(x=1).x == 1\n"
        "assert 'importlib.metadata' not in sys.modules, 'plugin discovery ran'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
