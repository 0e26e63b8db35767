"""The package's shape: no import cycles between newsbot's modules, test support outside it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "newsbot"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """newsbot modules imported when ``path`` is imported: top-level imports, not those under
    ``if TYPE_CHECKING:`` nor inside functions. ``from package import submodule`` is an import of
    the submodule alone."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & modules
            found.update(submodules or {node.module})
    return _with_parent_packages(found & modules, modules)


def _with_parent_packages(imported: set[str], modules: set[str]) -> set[str]:
    """Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first, so a package's
    ``__init__`` imports are part of every import of its submodules."""
    found = set(imported)
    for name in imported:
        parts = name.split(".")
        found.update(package for end in range(1, len(parts)) if (package := ".".join(parts[:end])) in modules)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(paths)
    # A module's own packages are already initialising when it runs: importing them is no cycle.
    return {
        name: _runtime_imports(path, modules) - _with_parent_packages({name}, modules)
        for name, path in paths.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_a_submodule_import_runs_its_packages_init() -> None:
    modules = {"newsbot.pages", "newsbot.pages.blocks", "newsbot.generic"}
    found = _with_parent_packages({"newsbot.pages.blocks"}, modules)
    assert found == {"newsbot.pages", "newsbot.pages.blocks"}


def test_no_import_cycles_between_newsbot_modules() -> None:
    graph = import_graph()
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_package_root_keeps_items_settings_cli_the_profile_and_sub_packages() -> None:
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    assert modules == {"__init__", "items", "settings", "cli", "profile"}


def test_fault_injection_lives_with_the_tests() -> None:
    assert not [path for path in PACKAGE.rglob("*.py") if "fault" in path.stem and "failure" not in path.stem]


def test_the_readme_import_works_in_a_fresh_interpreter() -> None:
    # The cycle test reads source; this runs it, as a user's first line does.
    command = "from newsbot import extract_generic; import newsbot.generic, newsbot.pages"
    subprocess.run([sys.executable, "-c", command], check=True, capture_output=True)
