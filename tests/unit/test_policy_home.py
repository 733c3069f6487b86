"""Policy is the only place that knows role names.

Outside services/policy.py, and models/accounts.py which defines the roles (their
labels, the unit kinds each binds to), no code compares a role with a role name or a
role tuple, filters a query by role names or names a role tuple; no template compares
a role. Code asks policy.can(...) / require(...) (`can` in templates) or a question
policy answers (own_school, reads_level, creatable_roles, …).

"division" and "district" are unit kinds as well as roles: comparing them with
`unit.kind` is fine, so they count only beside a role.
"""

import ast
import re
from pathlib import Path

import pytest

import smasweb
from smasweb.models.accounts import ROLE_LABELS
from smasweb.models.units import KIND_LABELS

ROOT = Path(smasweb.__file__).parent
HOMES = {"services/policy.py", "models/accounts.py"}
ROLES = frozenset(ROLE_LABELS)
ONLY_ROLES = ROLES - frozenset(KIND_LABELS)  # names that can only mean a role


def _role_tables() -> frozenset[str]:
    """The module-level tables of the homes that hold role names (SCHOOL_ROLES,
    ROLE_UNIT_KINDS, …); ROLE_LABELS is for display and may be read anywhere."""
    names = set()
    for rel in HOMES:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and any(
                isinstance(c, ast.Constant) and c.value in ROLES
                for c in ast.walk(node.value)
            ):
                targets = (
                    node.targets if isinstance(node, ast.Assign) else [node.target]
                )
                names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return frozenset(names - {"ROLE_LABELS"})


ROLE_TABLES = _role_tables()


def _role_literal(node: ast.AST, names: frozenset[str]) -> bool:
    """A role name, or a tuple/list/set literal holding one."""
    if isinstance(node, ast.Constant):
        return node.value in names
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_role_literal(e, names) for e in node.elts)
    return False


def _role_tuple_name(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    return name in ROLE_TABLES


def _names_role_table(node: ast.AST) -> bool:
    """A use or an import of a role table (SCHOOL_ROLES, policy.SUBTREE_ROLES)."""
    if isinstance(node, ast.ImportFrom):
        return any(a.name in ROLE_TABLES for a in node.names)
    return isinstance(node, ast.Name | ast.Attribute) and _role_tuple_name(node)


def _is_role(node: ast.AST) -> bool:
    """`x.role` or a variable called `role`."""
    return (isinstance(node, ast.Attribute) and node.attr == "role") or (
        isinstance(node, ast.Name) and node.id == "role"
    )


def python_offences(source: str) -> list[int]:
    """Line numbers of role decisions in a module's source."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_role_literal(o, ONLY_ROLES) for o in operands) or (
                any(_is_role(o) for o in operands)
                and any(
                    _role_literal(o, ROLES) or _role_tuple_name(o) for o in operands
                )
            ):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call):  # User.role.in_(("admin", …))
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("in_", "not_in", "notin_")
                and _is_role(func.value)
                and any(_role_literal(a, ROLES) for a in node.args)
            ):
                lines.append(node.lineno)
        elif _names_role_table(node):
            lines.append(node.lineno)
    return sorted(set(lines))


_ONLY = "|".join(sorted(ONLY_ROLES))
TEMPLATE_RULES = [
    re.compile(r"\.role\s*(==|!=|not\s+in\b|in\b)"),  # current_user.role == …
    re.compile(rf"(==|!=|\bin)\s*['\"]({_ONLY})['\"]"),  # … == 'admin'
    re.compile(rf"['\"]({_ONLY})['\"]\s*(==|!=|not\s+in\b|in\b)"),  # 'admin' in …
    re.compile(rf"\bin\s*[(\[][^)\]]*['\"]({_ONLY})['\"]"),  # … in ('teacher', …)
]


def template_offences(text: str) -> list[int]:
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if any(rule.search(line) for rule in TEMPLATE_RULES)
    ]


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in HOMES:
            yield rel, path


def test_the_role_tables_are_known():
    assert {"SCHOOL_ROLES", "SUBTREE_ROLES", "ROLE_UNIT_KINDS"} <= ROLE_TABLES
    assert "ROLE_PERMISSIONS" in ROLE_TABLES


def test_no_role_decisions_outside_the_policy():
    found = [
        f"smasweb/{rel}:{line}"
        for rel, path in _modules()
        for line in python_offences(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "ask policy instead of comparing roles: " + ", ".join(found)


def test_no_role_comparisons_in_templates():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert len(templates) > 50
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in templates
        for line in template_offences(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use can(...) in templates: " + ", ".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'if actor.role == "admin": pass',
        'ok = current_user.role != "district"',
        'ok = actor.role in ("school_leader", "school_clerk")',
        "ok = actor.role in policy.SUBTREE_ROLES",
        'ok = r == "teacher"',
        'ok = "admin" == who',
        'stmt = select(User).where(User.role == "admin")',
        'stmt = select(User).where(User.role.in_(("teacher", "school_leader")))',
        "from smasweb.models.accounts import SCHOOL_ROLES",
        'TABLE = {"01": SCHOOL_ROLES}',
    ],
)
def test_the_check_catches_a_planted_role_decision(source):
    assert python_offences(source) == [1]


@pytest.mark.parametrize(
    "source",
    [
        'ok = unit.kind == "division"',
        'ok = parent.kind in ("district", "commune")',
        "stmt = select(User).where(User.role == role)",
        "ok = data.role not in policy.creatable_roles(actor)",
        "ok = data.role != user.role",
        "user.role = data.role",
        'user = User(role="admin")',
        "label = ROLE_LABELS[account.role]",
        'stmt = select(User).where(User.role.in_(policy.roles_with("x")))',
    ],
)
def test_the_check_leaves_other_code_alone(source):
    assert python_offences(source) == []


@pytest.mark.parametrize(
    "text",
    [
        "{% if current_user.role == 'admin' %}x{% endif %}",
        "{% if current_user.role != 'district' %}x{% endif %}",
        "{% if account.role in ('teacher', 'school_clerk') %}x{% endif %}",
        "{% if 'school_leader' == r %}x{% endif %}",
        "{% if r in ['teacher'] %}x{% endif %}",
    ],
)
def test_the_template_check_catches_a_planted_role_comparison(text):
    assert template_offences("<p>\n" + text) == [2]


@pytest.mark.parametrize(
    "text",
    [
        "{% if not unit or unit.kind == 'division' %}x{% endif %}",
        "{{ ROLE_LABELS[account.role] }}",
        "{{ field(form.role) }}",
        "{% if account_form.role.choices | length > 1 %}x{% endif %}",
        "{% for code, label in ROLE_LABELS.items() %}{{ code == role }}{% endfor %}",
        "{% if can('accounts.assign_fields') %}x{% endif %}",
        '<select id="summary-district" name="district">',
    ],
)
def test_the_template_check_leaves_other_markup_alone(text):
    assert template_offences(text) == []
