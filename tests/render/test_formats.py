"""The output formats: one enum, and every format of every result renders on the example."""

from __future__ import annotations

import typing

import pytest
import typer

from afweging.cli import options
from afweging.cli.app import COMMANDS, app
from tests.helpers import EXAMPLE, ROOT, SCORE_NEW_ITEM, invoke

# How each command that offers --format runs on the example (its arguments besides it).
EXAMPLE_ARGS: dict[str, list[str]] = {
    "rank": ["rank", str(EXAMPLE)],
    "explain": ["explain", str(EXAMPLE), "ambulance"],
    "review": ["review", str(EXAMPLE)],
    "score": SCORE_NEW_ITEM,
    "robustness": ["robustness", str(EXAMPLE), "--samples", "200"],
    "select": ["select", str(EXAMPLE)],
    "decide": ["decide", str(EXAMPLE), "--samples", "200"],
    "export": ["export", str(EXAMPLE)],
    "diff": ["diff", str(EXAMPLE), str(EXAMPLE)],
    "frameworks": ["frameworks"],
    "weights rank": ["weights", "rank", "grensbarrieres", "kennis=netwerk"],
    "weights swing": ["weights", "swing", "grensbarrieres=100", "kennis=40"],
    "weights ahp": ["weights", "ahp", str(ROOT / "tests" / "corpus" / "ahp" / "_valid.yaml")],
}


def _commands() -> dict[str, typing.Any]:
    """Every command (and subcommand of a group) by its full name, as click builds it."""
    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    found = {}
    for name in COMMANDS:
        command = group.get_command(ctx, name)
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found.update({f"{name} {sub}": c for sub, c in subcommands.items()})
        else:
            found[name] = command
    return found


def _formats(command: typing.Any) -> list[str]:
    """The choices of a command's --format option; none if it has no such option."""
    for param in command.params:
        if "--format" in getattr(param, "opts", ()):
            return [str(choice) for choice in typing.get_args(param.type_descriptor.annotation)]
    return []


def test_every_format_choice_is_an_output_format() -> None:
    """Each result's --format choices (options.py) are names of the one OutputFormat enum."""
    names = {f.value for f in options.OutputFormat}
    aliases = [v for k, v in vars(options).items() if k.endswith("Format") and k != "OutputFormat"]
    assert aliases
    for alias in aliases:
        choices = typing.get_args(typing.get_args(alias)[0])
        assert choices
        assert set(choices) <= names, alias


def test_every_command_with_formats_has_an_example() -> None:
    """The registry test below covers every command that offers --format (exhaustive)."""
    offered = {name for name, command in _commands().items() if _formats(command)}
    assert offered <= set(EXAMPLE_ARGS)


@pytest.mark.parametrize(
    ("name", "output"),
    [
        (name, output)
        for name, command in sorted(_commands().items())
        for output in _formats(command)
    ],
)
def test_every_format_of_every_result_renders_on_the_example(name: str, output: str) -> None:
    """``--format X`` of each command succeeds on the example and writes something."""
    run = invoke(*EXAMPLE_ARGS[name], "--format", output)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.strip()


# The commands that write their result through ``terminal.emit``, with the render module
# (``afweging.render.<kind>``) whose same-named functions serve each format.
EMITTED = {"select": "selection", "decide": "decision", "robustness": "robustness"}
_FUNCTION_OF = {
    "json": "document",
    "csv": "csv",
    "xlsx": "csv",
    "markdown": "markdown",
    "table": "view",
}


@pytest.mark.parametrize(("name", "kind"), sorted(EMITTED.items()))
def test_each_emitted_result_offers_every_format_of_its_command(name: str, kind: str) -> None:
    """``emit`` finds ``<kind>_<function>`` in the render module for every --format
    choice of the command, and the module offers no format function beyond them."""
    import importlib

    module = importlib.import_module(f"afweging.render.{kind}")
    wanted = {_FUNCTION_OF[output] for output in _formats(_commands()[name])}
    offered = {f for f in set(_FUNCTION_OF.values()) if hasattr(module, f"{kind}_{f}")}
    assert offered == wanted
