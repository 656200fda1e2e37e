"""The simulations app's imports go one way: no module imports, even inline, one that imports it back, and the
domain never imports the room's read side, the views, the forms or the template tags (docs/architecture.md)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "simulations"


def _modules():
    modules = {}
    for path in APP.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(APP.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _graph():
    """{module: {simulations modules it imports, inline imports included}}."""
    modules = _modules()
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target not in (name, "simulations"):
                    graph[name].add(target)
    return graph


def _reachable(graph, start):
    seen, todo = set(), list(graph[start])
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(graph[module])
    return seen


def test_no_import_circle():
    graph = _graph()

    circles = sorted(name for name in graph if name in _reachable(graph, name))

    assert circles == []


def test_the_domain_never_imports_the_read_side_or_above():
    graph = _graph()
    above = (
        "simulations.room",
        "simulations.views",
        "simulations.forms",
        "simulations.templatetags",
        "simulations.tasks",
    )

    wrong = {
        (name, target)
        for name, targets in graph.items()
        if name.startswith("simulations.domain")
        for target in targets
        if target.startswith(above)
    }

    assert wrong == set()
