"""Text typed or pasted into any form, or read from an Excel import, is cleaned at one
place before it is checked or stored: no control characters (issue 12, D2), NFC,
trimmed; line breaks only where the field has several lines."""

import importlib
import pkgutil
import unicodedata

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField, TextAreaField

import smasweb
from smasweb.blueprints.forms_common import AppForm
from smasweb.extensions import db
from smasweb.models import Student
from smasweb.models.facilities import Room
from smasweb.models.staff import StaffMember
from smasweb.services.imports.cells import cell_text
from smasweb.services.imports.pipeline import ImportReport
from smasweb.services.students.import_cells import StudentCells
from tests.services.test_students_import import add_class, run, student
from tests.web.test_facilities_views import ROOM
from tests.web.test_staff_views import FORM as STAFF
from tests.web.test_students_views import FORM as STUDENT
from tests.web.test_students_views import make_class

# A pasted name: NUL, ESC, a C1 control, a tab and a Windows line break, the accent
# as a combining mark (NFD), spaces around.
DIRTY = " \x00Nguye\u0302\u0303n\x1b\tVa\u0306n\r\nAn\x85 "
ONE_LINE = "Nguyễn Văn An"
MULTI_LINE = "Nguyễn\tVăn\nAn"


def app_form_classes() -> list[type]:
    """Every FlaskForm subclass defined in the smasweb package."""
    for module in pkgutil.walk_packages(smasweb.__path__, "smasweb."):
        importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("smasweb."):
                found.append(sub)
    return found


def text_fields(form) -> list:
    return [
        f
        for f in form
        if isinstance(f, StringField)
        and not isinstance(f, PasswordField)
        and f.name != "csrf_token"
    ]


def test_every_form_of_the_app_cleans_its_text_fields(app):
    classes = app_form_classes()
    assert len(classes) > 30
    assert [c for c in classes if not issubclass(c, AppForm)] == []
    checked = 0
    with app.test_request_context(method="POST"):
        for cls in classes:
            names = [f.name for f in text_fields(cls(meta={"csrf": False}))]
            form = cls(MultiDict({n: DIRTY for n in names}), meta={"csrf": False})
            for field in text_fields(form):
                want = MULTI_LINE if isinstance(field, TextAreaField) else ONE_LINE
                assert field.raw_data == [want], (cls.__name__, field.name)
                checked += 1
    assert checked > 100


def test_passwords_are_taken_as_typed(app):
    from smasweb.blueprints.auth.forms import LoginForm

    with app.test_request_context(method="POST"):
        data = MultiDict({"username": " admin\x00", "password": " mật khẩu\t"})
        form = LoginForm(data, meta={"csrf": False})
    assert form.username.data == "admin" and form.password.data == " mật khẩu\t"


def test_a_student_staff_member_and_room_are_saved_without_control_characters(
    world, login
):
    controls = "\x00\x1b"  # a NUL would even be refused by PostgreSQL itself
    cls = make_class(world.s1)
    db.session.commit()
    client = login(world.clerk)
    name = f"Lê{controls} Thị\x1b Hoa\x00"
    data = {**STUDENT, "full_name": name, "class_id": str(cls.id)}
    assert client.post("/students/new", data=data).status_code == 303
    data = {**STAFF, "full_name": name}
    assert client.post("/staff/new", data=data).status_code == 303
    data = {**ROOM, "name": f"Phòng{controls} 1"}
    assert client.post("/facilities/rooms/new", data=data).status_code == 303
    assert db.session.scalar(select(Student.full_name)) == "Lê Thị Hoa"
    assert db.session.scalar(select(StaffMember.full_name)) == "Lê Thị Hoa"
    assert db.session.scalar(select(Room.name)) == "Phòng 1"


@pytest.mark.parametrize(
    ("url", "data"),
    [("/students/new", STUDENT), ("/staff/new", STAFF)],
)
def test_a_name_of_only_control_characters_is_required_in_vietnamese(
    world, login, url, data
):
    resp = login(world.clerk).post(url, data={**data, "full_name": "\x00\x1b \t"})
    assert resp.status_code == 422
    assert 'id="full_name-error"' in resp.text and "Bắt buộc nhập." in resp.text
    assert "\x1b" not in resp.text


def test_import_cells_are_cleaned_like_form_fields():
    assert cell_text(DIRTY) == ONE_LINE
    assert cell_text(None) == "" and cell_text(12.0) == "12"
    header = StudentCells.columns["full_name"].header
    cells = StudentCells(
        ImportReport(), 2, {header: "Lê\x00 Văn\x1b Tý"}, {"full_name"}
    )
    assert cells.read() == {"full_name": "Lê Văn Tý"}


def test_an_imported_name_with_tabs_line_breaks_and_nfd_is_stored_clean(world):
    add_class(world.s1, "1A")
    name = unicodedata.normalize("NFD", "Nguyễn\tNgọc\r\nAnh ")
    report = run(world.clerk, world.s1, [student(full_name=name)])
    assert report.ok
    assert db.session.scalar(select(Student.full_name)) == "Nguyễn Ngọc Anh"


# The text arguments the list pages read (ids and pages are parsed as integers).
TEXT_ARGS = (
    "q",
    "status",
    "level",
    "level_group",
    "role",
    "kind",
    "grade",
    "gender",
    "field",
    "action",
    "category",
    "group",
    "position",
    "contract",
    "qualification",
    "construction",
    "borrowed",
    "closed",
    "code",
    "label",
    "report",
    "age",
    "next",
)


def test_a_control_character_in_any_query_argument_is_no_500(app, world, login):
    """PostgreSQL refuses a NUL in a query parameter: every GET page of the app,
    asked with its search or filters holding one, answers without a server error."""
    client = login(world.admin)
    pages = [
        r.rule
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and not r.arguments and r.endpoint != "static"
    ]
    assert len(pages) > 40
    every = "&".join(f"{name}=a%00%1b" for name in TEXT_ARGS)
    failed = [
        (page, query)
        for page in pages
        for query in ("q=a%00%1b", every)
        if client.get(f"{page}?{query}").status_code >= 500
    ]
    assert failed == []
