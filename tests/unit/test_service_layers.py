"""No import circle among the services.

services/ holds domain packages (staff/, students/, calendar/, …) and a few shared
modules (policy, school_data, years, …). Read at module level, the imports between
them must form no circle: neither between two modules, nor between two packages
(staff → calendar → staff through any of their modules). A circle works only by load
order and turns a moved line into an ImportError.

Imports inside a function run at call time, not at load time, and are left out: a
deferred import is the one deliberate way to reach back (guard calls guard_core,
which is built on guard).
"""

import ast
from pathlib import Path

import smasweb

ROOT = Path(smasweb.__file__).parent
PREFIX = "smasweb.services"


def module_name(path: Path, root: Path, prefix: str) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([prefix, *parts])


def module_imports(tree: ast.Module) -> list[str]:
    """Dotted names imported at module level (`if` and `try` blocks included), each
    `from a import b` also as a.b, since b may be a module."""
    out = []
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append(node.module)
            out += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.If | ast.Try):
            for block in ("body", "orelse", "finalbody", "handlers"):
                stack += getattr(node, block, [])
        elif isinstance(node, ast.ExceptHandler):
            stack += node.body
    return out


def import_graph(root: Path, prefix: str) -> dict[str, set[str]]:
    """module -> the modules under `prefix` it imports at module level."""
    sources = {module_name(p, root, prefix): p for p in root.rglob("*.py")}
    graph = {}
    for name, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # importing a.b.c runs a/__init__ and a/b/__init__ first: edges to them
        # too, except to the importer's own packages, which are loaded before it
        targets = set()
        for dotted in module_imports(tree):
            parts = dotted.split(".")
            targets |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
        own = {name.rsplit(".", i)[0] for i in range(name.count(".") + 1)}
        graph[name] = {t for t in targets if t in sources} - own
    return graph


def group_of(module: str, prefix: str) -> str:
    """The package (or shared module) directly under `prefix` a module belongs to."""
    rest = module[len(prefix) + 1 :]
    return rest.split(".")[0] if rest else ""


def package_graph(graph: dict[str, set[str]], prefix: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for src, targets in graph.items():
        g = group_of(src, prefix)
        out.setdefault(g, set()).update(
            group_of(t, prefix) for t in targets if group_of(t, prefix) != g
        )
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_between_service_modules():
    assert cycles(import_graph(ROOT / "services", PREFIX)) == []


def test_no_import_circle_between_service_packages():
    graph = import_graph(ROOT / "services", PREFIX)
    assert cycles(package_graph(graph, PREFIX)) == []


def test_the_school_years_module_needs_no_other_service():
    graph = import_graph(ROOT / "services", PREFIX)
    assert graph[f"{PREFIX}.years"] == set()


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_self_check_finds_a_circle_through_a_package(tmp_path):
    _write(
        tmp_path,
        {
            "__init__.py": "",
            "shared.py": "from app.staff import rules\n",
            "staff/__init__.py": "from app.staff import rules\n",  # its own: no circle
            "staff/rules.py": "import os\n",
            "staff/records.py": "from app import shared\n",
        },
    )
    graph = import_graph(tmp_path, "app")
    assert graph["app.shared"] == {"app.staff", "app.staff.rules"}
    assert cycles(graph) == []  # no module reaches itself
    assert cycles(package_graph(graph, "app")) == [["shared", "staff"]]


def test_self_check_finds_a_module_circle_and_skips_function_imports(tmp_path):
    _write(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from app import b\n",
            "b.py": "try:\n    from app.c import x\nexcept ImportError:\n    pass\n",
            "c.py": "import app.a\n\ndef late():\n    from app import b\n",
            "d.py": "def late():\n    from app import a\n",
        },
    )
    graph = import_graph(tmp_path, "app")
    assert cycles(graph) == [["app.a", "app.b", "app.c"]]
    assert graph["app.d"] == set()
