"""Every workbook the app writes goes through smasweb.excel, whose cell() keeps user
text from becoming a formula (issue 12, D1): a new module that builds a workbook
or fills a sheet with openpyxl itself fails here, before it can repeat the bug."""

import ast
from pathlib import Path

import smasweb

PACKAGE = Path(smasweb.__file__).parent
# excel.py writes and reads; xlsx_guard.py is its reader's bounded file access.
EXCEL_MODULES = {PACKAGE / "excel.py", PACKAGE / "xlsx_guard.py"}
# Styling and column letters are harmless; workbooks, cells and loading are excel's.
ALLOWED = ("openpyxl.styles", "openpyxl.utils")
SHEET_NAMES = {"ws", "sheet", "worksheet", "guide"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path not in EXCEL_MODULES:
            yield path.relative_to(PACKAGE.parent), ast.parse(path.read_text())


def openpyxl_imports(tree) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "openpyxl"]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith("openpyxl") and not module.startswith(ALLOWED):
                found += [f"{module}.{a.name}" for a in node.names]
    return found


def sheet_names(tree) -> set[str]:
    """The usual sheet names and any name bound to .create_sheet(…) or .active."""
    names = set(SHEET_NAMES)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            value, target = node.value, node.targets[0]
            call = isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            if isinstance(target, ast.Name) and (
                (call and value.func.attr == "create_sheet")
                or (isinstance(value, ast.Attribute) and value.attr == "active")
            ):
                names.add(target.id)
    return names


def direct_writes(tree) -> list[int]:
    """Lines that put a value in a sheet without excel.cell(): ws.append(…),
    ws.cell(r, c, value), ws["A1"] = …, and wb.save(…)."""
    names, lines = sheet_names(tree), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            on_sheet = (isinstance(owner, ast.Name) and owner.id in names) or (
                isinstance(owner, ast.Attribute) and owner.attr == "active"
            )
            attr = node.func.attr
            valued = len(node.args) > 2 or any(k.arg == "value" for k in node.keywords)
            if on_sheet and (attr == "append" or (attr == "cell" and valued)):
                lines.append(node.lineno)
            if attr == "save" and isinstance(owner, ast.Name) and owner.id == "wb":
                lines.append(node.lineno)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in names
                ):
                    lines.append(node.lineno)
    return lines


def test_no_module_but_excel_builds_or_loads_workbooks_with_openpyxl():
    offenders = {str(p): found for p, t in modules() if (found := openpyxl_imports(t))}
    assert offenders == {}


def test_no_module_but_excel_puts_values_into_sheets():
    offenders = {str(p): found for p, t in modules() if (found := direct_writes(t))}
    assert offenders == {}


def test_the_guards_see_what_they_guard_against():
    bad = ast.parse(
        "from openpyxl import Workbook\n"
        "from openpyxl.cell import WriteOnlyCell\n"
        "import openpyxl\n"
        "wb = Workbook()\n"
        "table = wb.create_sheet('x')\n"
        "table.append(['=1+1'])\n"
        "wb.active.cell(1, 1, '=1+1')\n"
        "ws.cell(row=2, column=1, value='=1+1')\n"
        "ws['A1'] = '=1+1'\n"
        "wb.save('x.xlsx')\n"
    )
    assert openpyxl_imports(bad) == [
        "openpyxl.Workbook",
        "openpyxl.cell.WriteOnlyCell",
        "openpyxl",
    ]
    assert sorted(direct_writes(bad)) == [6, 7, 8, 9, 10]
