"""The typer app, its lazy registry of commands, and ``main()`` with the start-up trims.

A command lives in its own module (``COMMANDS``); the module is imported, and its click
command built, only when that command runs, so start-up pays for one command, not all.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import os
import sys
import types
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from afweging import __version__
from afweging.cli.funnel import (
    RunState,
    click_module,
    err,
    outside_failure,
    silence_stdout,
    usage_line,
    what_was_written,
)
from afweging.errors import EXIT_INPUT, EXIT_INTERRUPTED

# The commands, in the order of ``--help``: name → "module:attribute" in afweging.cli,
# a command function or, for a group of commands, a typer.Typer. A new command is one
# entry here and one module.
COMMANDS = {
    "check": "files:check",
    "rank": "rank:rank",
    "explain": "rank:explain",
    "review": "review:review",
    "score": "score:score",
    "robustness": "robustness:robustness",
    "select": "select:select",
    "decide": "decide:decide",
    "memo": "memo:memo",
    "sheets": "sheets:sheets",
    "merge": "sheets:merge",
    "export": "files:export",
    "schema": "files:schema",
    "init": "files:init",
    "diff": "diff:diff",
    "frameworks": "files:frameworks",
    "weights": "weights:app",
}


def _target(name: str) -> Any:
    """The command function (or group) registered under ``name``, its module imported."""
    module, _, attribute = COMMANDS[name].partition(":")
    return getattr(importlib.import_module(f"afweging.cli.{module}"), attribute)


def _build(name: str) -> Any:
    """The click command of ``name``: typer reads the function's signature here."""
    target = _target(name)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name)(target)
        target = single
    return _plain_metavars(typer.main.get_command(target))


# How --help names the value of an option whose value is not one of a few choices: words
# for a policy officer, not typer's Python type names (<float range>, <list[Path]>).
_METAVARS = {"float": "NUMBER", "int": "N", "str": "TEXT", "Path": "FILE"}


def _plain_metavars(command: Any) -> Any:
    """``command`` (and its subcommands) with every parameter's value named plainly: an
    argument by its name (PORTFOLIO), an option by its kind (NUMBER, N, TEXT, FILE)."""
    for param in getattr(command, "params", ()):
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and descriptor.is_choice:
            continue
        if param.param_type_name == "argument":
            param.metavar = (param.name or "value").upper()
            # typer adds the Python type after an argument's name (PORTFOLIO <path>)
            # whatever its metavar; the name and the help say enough.
            param.display_type_rich = lambda ctx: None
        else:
            param.metavar = _METAVARS.get(_value_type(param, descriptor), "VALUE")
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)
    return command


def _value_type(param: Any, descriptor: Any) -> str:
    """The name of the type of one value of ``param`` (of a list: of its elements)."""
    import typing

    annotation = getattr(descriptor, "annotation", None)
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    return getattr(annotation, "__name__", "")


class _Commands(MutableMapping[str, Any]):
    """The group's commands by name: every registered name, each built when first asked."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = _build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyGroup(TyperGroup):
    """A typer group that imports a command's module only when that command runs (click's
    "lazily loading subcommands"); ``--help`` lists the commands from their docstrings."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command's name, in the registry's order, none of them built."""
        return list(COMMANDS)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The Commands section of ``--help``: each command's first line, unbuilt."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, _summary(name).get_short_help_str(limit)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _summary(name: str) -> TyperCommand:
    """A command with only the name and help of ``name``, to list it in ``--help``."""
    target = _target(name)
    if isinstance(target, typer.Typer):
        return TyperCommand(name=name, help=inspect.cleandoc(str(target.info.help)))
    return TyperCommand(name=name, help=inspect.getdoc(target))


app = typer.Typer(
    cls=LazyGroup,
    name="afweging",
    help=(
        "Weigh a portfolio of initiatives and working groups against an explicit"
        " framework (afwegingskader): rank it with the working shown."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"afweging {__version__}")
        raise typer.Exit


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Weigh a portfolio against an explicit framework (afwegingskader)."""
    ctx.obj = RunState(debug=debug)


def main() -> None:
    """Console-script entry point: the start-up trims, the command line, a hard exit."""
    _trim_start_up()
    from afweging.cli.terminal import degrade_on_a_narrow_terminal

    degrade_on_a_narrow_terminal()
    code = _run(sys.argv[1:])
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        code = code or EXIT_INPUT
    # End without tearing down: freeing a large analysis object by object takes longer
    # than making it, and every file afweging writes is closed and fsynced by now;
    # nothing is registered to run at exit.
    os._exit(code)


def _trim_start_up() -> None:
    """What the command line skips that a library user of afweging keeps, each with why.

    1. pydantic's plugin discovery: the first time pydantic builds a validator it imports
       ``importlib.metadata`` and reads the entry points of every installed distribution
       to look for plugins: about a tenth of the start-up, for a feature afweging does not
       use. ``PYDANTIC_DISABLE_PLUGINS`` skips the scan but not the import, so pydantic's
       private loader module is provided with its own answer for "no plugins"
       (tests/cli/test_startup.py fails if pydantic moves or changes that module).
    2. The cyclic garbage collector: loading a large portfolio creates millions of
       objects that all stay alive until the output is written; the collector would
       traverse them again and again for nothing. Reference counting still frees all
       that is not part of a cycle; afweging's own data has none.
    """
    skip_pydantic_plugin_discovery()
    gc.disable()


def skip_pydantic_plugin_discovery() -> None:
    """Provide ``pydantic.plugin._loader`` with no plugins, unless pydantic loaded it."""
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    module = types.ModuleType(name)
    module.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[name] = module


def _run(args: list[str]) -> int:
    """Run the command line; the exit code. typer runs in its non-standalone mode, so that
    a usage error is one line here rather than click's four, and what fails outside the
    commands' funnel (``--version`` or ``--help`` into a full disk or a closed pipe)
    gets the same treatment as inside it."""
    clicks = click_module("exceptions")
    no_arguments = getattr(clicks, "NoArgsIsHelpError", ())  # click 8.2 and later
    try:
        code = app(args=args, prog_name="afweging", standalone_mode=False)
        sys.stdout.flush()
    except no_arguments as exc:
        exc.show()
        return int(exc.exit_code)
    except clicks.UsageError as exc:
        err(usage_line(exc))
        return int(exc.exit_code)
    except clicks.ClickException as exc:
        err(f"afweging: {exc.format_message()}")
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err(f"afweging: interrupted — {what_was_written()}")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return 0
    except SystemExit:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # click met a closed pipe
            silence_stdout()
            return 0
        raise
    except Exception as exc:  # noqa: BLE001 — outside the commands' funnel: the same rules
        return outside_failure(exc)
    return code if isinstance(code, int) else 0
