"""Start-up trims for the command-line entry point (not used when afweging is a library)."""

from __future__ import annotations

import sys
import types


def skip_pydantic_plugin_discovery() -> None:
    """Tell pydantic that there are no plugins, without it scanning for them.

    The first time pydantic builds a validator it imports ``importlib.metadata`` and
    reads the entry points of every installed distribution to look for plugins: about
    a tenth of the CLI's start-up, for a feature afweging does not use (plugins could
    only observe validation). Setting ``PYDANTIC_DISABLE_PLUGINS`` skips the scan but
    not the import, so the loader module is provided here with pydantic's own answer
    for "plugins disabled". Does nothing if pydantic already loaded it.
    """
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    module = types.ModuleType(name)
    module.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[name] = module
