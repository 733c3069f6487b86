"""One way to wire a blueprint: blueprint.py creates `bp`, the package's __init__
imports every module that adds routes to it, register_blueprints registers it.

A route module the package forgets to import would leave its URLs answering 404
with no error anywhere; this test names it instead.
"""

import ast
import importlib
from pathlib import Path

from smasweb import create_app
from smasweb.blueprints import BLUEPRINTS

BLUEPRINTS_DIR = Path(__file__).parents[2] / "smasweb" / "blueprints"
VERBS = {"route", "get", "post", "put", "patch", "delete"}


def route_endpoints(module: Path) -> set[str]:
    """The view functions the module hangs on `bp` with @bp.route/get/post/..."""
    names = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for deco in node.decorator_list:
            func = deco.func if isinstance(deco, ast.Call) else deco
            if (
                isinstance(func, ast.Attribute)
                and func.attr in VERBS
                and isinstance(func.value, ast.Name)
                and func.value.id == "bp"
            ):
                names.add(node.name)
    return names


def imported_modules(init: Path) -> set[str]:
    """The sibling modules `from . import a, b` names in a package's __init__."""
    names = set()
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module is None:
                names.update(alias.name for alias in node.names)
            else:
                names.add(node.module.split(".")[0])
    return names


def convention_breaks(package: Path) -> list[str]:
    """What in one blueprint package departs from the convention."""
    problems = []
    made_there = (package / "blueprint.py").exists() and any(
        isinstance(node, ast.Assign)
        and [getattr(t, "id", None) for t in node.targets] == ["bp"]
        for node in ast.parse((package / "blueprint.py").read_text()).body
    )
    if not made_there:
        problems.append(f"{package.name}: no blueprint.py creating bp")
    imported = imported_modules(package / "__init__.py")
    for module in sorted(package.glob("*.py")):
        if module.stem in ("__init__", "blueprint"):
            continue
        if route_endpoints(module) and module.stem not in imported:
            problems.append(
                f"{package.name}/{module.name} has routes but __init__ "
                "does not import it"
            )
    return problems


def blueprint_packages(root: Path = BLUEPRINTS_DIR) -> list[Path]:
    return sorted(p.parent for p in root.glob("*/__init__.py"))


def test_every_blueprint_package_follows_the_convention():
    packages = blueprint_packages()
    assert len(packages) >= 14
    assert [problem for p in packages for problem in convention_breaks(p)] == []


def test_every_route_of_every_module_is_in_the_url_map():
    app = create_app(
        {"ENV_NAME": "testing", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}
    )
    registered = {bp.name for bp in BLUEPRINTS}
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = []
    for package in blueprint_packages():
        assert package.name in registered, f"{package.name} is not in BLUEPRINTS"
        pkg = importlib.import_module(f"smasweb.blueprints.{package.name}")
        assert pkg.bp is importlib.import_module(f"{pkg.__name__}.blueprint").bp
        for module in package.glob("*.py"):
            missing += [
                f"{package.name}.{name} ({module.name})"
                for name in route_endpoints(module)
                if f"{package.name}.{name}" not in endpoints
            ]
    assert missing == []


def test_the_check_names_a_route_module_the_package_forgot(tmp_path):
    package = tmp_path / "things"
    package.mkdir()
    (package / "blueprint.py").write_text("bp = object()\n")
    (package / "__init__.py").write_text(
        "from . import views  # noqa: F401\nfrom .blueprint import bp\n"
    )
    (package / "views.py").write_text("@bp.get('/')\ndef index(): ...\n")
    (package / "extra.py").write_text(
        "@bp.route('/x', methods=['POST'])\ndef extra(): ...\n"
    )
    (package / "forms.py").write_text("class Form: ...\n")
    assert route_endpoints(package / "extra.py") == {"extra"}
    assert convention_breaks(package) == [
        "things/extra.py has routes but __init__ does not import it"
    ]
    (package / "blueprint.py").write_text("from .views import bp\n")
    assert convention_breaks(package)[0] == "things: no blueprint.py creating bp"
    (package / "blueprint.py").unlink()
    assert convention_breaks(package)[0] == "things: no blueprint.py creating bp"
    (package / "__init__.py").write_text(
        "from . import extra, views  # noqa: F401\nfrom .blueprint import bp\n"
    )
    assert convention_breaks(package) == ["things: no blueprint.py creating bp"]
