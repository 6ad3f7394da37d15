"""Start-up trims for the command-line entry point (not used when afweging is a library)."""

from __future__ import annotations

import gc
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


def skip_cyclic_gc() -> None:
    """Turn off the cyclic garbage collector for the rest of this short-lived process.

    Loading a large portfolio creates millions of objects that all stay alive until the
    output is written; the collector would traverse them again and again for nothing
    (measured: 60 % of the time of ranking 10,000 items from YAML). Reference counting
    still frees everything that is not part of a cycle; afweging's own data has none,
    and the few a command makes otherwise (matplotlib's figures in ``memo``) are freed
    when the process ends. A library user of afweging keeps the collector as configured.
    """
    gc.disable()
