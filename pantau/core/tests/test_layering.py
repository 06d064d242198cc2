"""The apps import each other one way only (README, "Layering"): no app-level import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # pantau/


def app_imports() -> dict[str, set[str]]:
    """For each app, the other Pantau apps its code imports (tests and migrations left out)."""
    graph: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                other = name.split(".")[1] if name.startswith("pantau.") and name.count(".") else ""
                if other and other != parts[0] and (ROOT / other).is_dir():
                    graph.setdefault(parts[0], set()).add(other)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in graph.get(todo.pop(), set()) - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    return sorted((a, b) for a, targets in graph.items() for b in targets if a in reach(b))


def test_no_app_imports_an_app_that_imports_it_back() -> None:
    assert cycles(app_imports()) == []


def test_the_registry_reaches_the_home_picture_only_through_a_template_tag() -> None:
    graph = app_imports()
    assert not graph["registry"] & {"children", "cases", "supervision", "linkage", "monitoring", "core"}
    assert {"cases", "children", "linkage", "monitoring", "supervision", "registry"} <= graph["core"]


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [("a", "b"), ("b", "c"), ("c", "a")]
