"""The shape of the package: no import cycle (function-level imports included) and no
module past its size limit."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "afweging"
MODULE_LIMIT = 500
COMMAND_LIMIT = 300
# cli modules that are not commands: the app, its funnel, options, terminal, prompts
NOT_COMMANDS = {"__init__", "app", "funnel", "options", "terminal", "interactive"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every afweging module ``path`` imports, at the top or inside a function; an import
    under ``if TYPE_CHECKING:`` is left out (it never runs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m in known and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph``, as the modules around it; None if there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check itself: a graph a → b → c → a has a cycle, a → b → c has none."""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle() -> None:
    """No module of afweging imports, directly or through others, itself (function-level
    imports included; a package's ``__init__`` counts as a module)."""
    assert _cycle(_graph()) is None


def test_nothing_imports_the_cli() -> None:
    """Only the command line itself (and ``__main__``) imports ``afweging.cli``."""
    for name, targets in _graph().items():
        if not name.startswith(("afweging.cli", "afweging.__main__")):
            assert not {t for t in targets if t.startswith("afweging.cli")}, name


def test_no_module_is_past_its_size_limit() -> None:
    """No module in src/ has more than 500 lines, and no command module more than 300."""
    over = []
    for name, path in _modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        command = name.startswith("afweging.cli.") and path.stem not in NOT_COMMANDS
        limit = COMMAND_LIMIT if command else MODULE_LIMIT
        if lines > limit:
            over.append(f"{path.relative_to(PACKAGE.parent)}: {lines} lines (limit {limit})")
    assert over == []
