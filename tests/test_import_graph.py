"""The architecture, checked from the source: no import circle, models/ stands alone, few modules
at planner/'s top level.

The graph is computed with ``ast`` from every ``import`` statement (also those inside functions
and under ``TYPE_CHECKING``): a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("planner", "models")


def module_name(path: Path) -> str:
    """``planner/plan/duals.py`` → ``planner.plan.duals``; a package is its ``__init__``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """Every module name ``path`` imports, absolute (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], base]).strip(".")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def source_graph() -> dict[str, set[str]]:
    """Module → the modules of planner/ and models/ it imports (sub-module imports included)."""
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    modules = {module_name(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = {m for m in imported_names(path) if m in modules and m != name}
        graph[name] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle as a path ``[a, b, ..., a]``, or ``[]`` if there is none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_the_cycle_finder_finds_a_circle() -> None:
    """The check itself can fail: a → b → c → a is found, a tree is not."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_the_imports() -> None:
    graph = source_graph()
    assert "models.families" in graph["models.ranging"]
    assert "planner.run" in graph["planner.commands.solve"]
    assert len(graph) > 40


def test_no_import_circle() -> None:
    """A package's ``__init__`` importing its own sub-modules is not a circle; anything else is."""
    graph = source_graph()
    for name in graph:  # a package importing its children would look like a circle with them
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    assert find_cycle(graph) == []


def test_models_stand_alone() -> None:
    """models/ is the mathematics: nothing from planner/, pandas or openpyxl."""
    forbidden = ("planner", "pandas", "openpyxl")
    offending = {
        module_name(path): sorted(m for m in imported_names(path) if m.split(".")[0] in forbidden)
        for path in (ROOT / "models").rglob("*.py")
    }
    assert {k: v for k, v in offending.items() if v} == {}


def test_planner_top_level_is_small() -> None:
    """The application lives in wings; its top level holds the few modules that join them."""
    top = sorted(p.name for p in (ROOT / "planner").glob("*.py"))
    assert len(top) <= 8, top


def test_readme_code_map_names_real_files() -> None:
    """Every path the README's code map names exists (``<concern>`` stands for any module)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Code map", 1)[1].split("\n## ", 1)[0]
    paths = re.findall(r"`((?:models|planner|tests)/[^`]*)`", section)
    assert len(paths) > 10
    missing = [p for p in paths if "<" not in p and not (ROOT / p).exists()]
    assert missing == []


def test_command_modules_are_thin() -> None:
    """Click commands parse, call the library and render: each module at most 80 lines."""
    long = {
        p.name: n
        for p in (ROOT / "planner" / "commands").glob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 80
    }
    assert long == {}


EXCEPTION_BASES = ("Exception", "Error", "Interrupt", "Problem", "Stopped", "Terminated")


def test_every_exception_class_is_in_errors() -> None:
    """Exception classes of planner/ and models/ live in planner/errors.py (models raises only
    Python's own ValueError and friends)."""
    elsewhere = []
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            if path == ROOT / "planner" / "errors.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and any(
                    ast.unparse(b).split(".")[-1].endswith(EXCEPTION_BASES) for b in node.bases
                ):
                    elsewhere.append(f"{module_name(path)}.{node.name}")
    assert elsewhere == []
