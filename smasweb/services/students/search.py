"""The pupils' search (students.search_students checks access, then calls it): the
statement for the filters within the actor's scope, and one page of it in Vietnamese
name order with the total, in one query when the matches are few.
"""

import re
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select, union
from sqlalchemy.orm import aliased, load_only

from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student, Unit, User
from smasweb.services import policy
from smasweb.text import fold

PERSONAL_ID_RE = re.compile(r"^\d{12}$")
MINISTRY_CODE_RE = re.compile(r"^\d{10}$")
CLASS_NAME_RE = re.compile(r"^\d{1,2}[A-Za-z][A-Za-z0-9.\-]{0,8}$")
# up to this many matches are found first, then sorted; more are dense enough that
# walking the name order fills a page quickly
SORT_MATCHES_UP_TO = 30_000

Page = tuple[list[tuple[Student, Unit, str | None]], int]


@dataclass
class StudentFilters:
    q: str = ""
    school: str = ""  # officers: a school's code or part of its name
    class_id: int | None = None  # school users: one class of the current year
    status: str = ""  # "" active pupils, "all", or one status code
    gender: str = ""


def _q_condition(q: str, year: int):
    """Name without diacritics and codes (name_folded holds both), the personal ID, or a
    class name of the year. Alternatives are a UNION of index-friendly lookups."""
    words = fold(q).split()
    if not words:
        return None
    by_name = and_(*(Student.name_folded.contains(w, autoescape=True) for w in words))
    raw = q.strip()
    extra = []
    if PERSONAL_ID_RE.match(raw):
        extra.append(select(Student.id).where(Student.personal_id == raw))
    elif MINISTRY_CODE_RE.match(raw):
        extra.append(select(Student.id).where(Student.ministry_code == raw))
    if len(words) == 1 and CLASS_NAME_RE.match(raw):
        extra.append(
            select(Enrollment.student_id)
            .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
            .where(Enrollment.year == year, ClassGroup.name == raw.upper())
        )
    if not extra:
        return by_name
    return Student.id.in_(union(select(Student.id).where(by_name), *extra))


def statement(actor: User, f: StudentFilters, year: int) -> Select:
    """The pupils matching the filters within the actor's scope. Not joined to their
    schools: counting needs only the pupils' own indexes."""
    stmt = select(Student)
    # the ids, not their SELECT: for a district's subtree (a recursive CTE) the
    # planner guesses half the units, so it counts the pupils by reading them all
    schools = policy.readable_school_list(actor, Student.__field__)
    if schools is not None:
        stmt = stmt.where(Student.school_id.in_(schools))
    condition = _q_condition(f.q, year)
    if condition is not None:
        stmt = stmt.where(condition)
    if f.status == "":
        stmt = stmt.where(Student.active.is_(True))
    elif f.status != "all":
        stmt = stmt.where(Student.status == f.status)
    if f.gender:
        stmt = stmt.where(Student.gender == f.gender)
    if f.class_id is not None:
        enrolled = select(Enrollment.student_id).where(
            Enrollment.class_id == f.class_id, Enrollment.year == year
        )
        stmt = stmt.where(Student.id.in_(enrolled))
    school = f.school.strip()
    if school:
        named = or_(
            Unit.code == school.upper(), Unit.name_folded.contains(fold(school))
        )
        stmt = stmt.where(Student.school_id.in_(select(Unit.id).where(named)))
    return stmt


def page_of(
    stmt: Select, year: int, page: int, per_page: int, by_q: bool, listed: bool = False
) -> Page:
    """One page of (pupil, school, class name this year) in name order, and the total.

    Searched by name (by_q), it asks "find the matches, sort them, take the page, join
    the rest", counting the matches on the way: one query. Left to itself the planner
    walks the name order until a page is full, assuming the matches spread over it;
    but a name's matches sit together (the given name sorts first), so for one that
    sorts late it reads most of the table. Past SORT_MATCHES_UP_TO matches (dense
    ones), or without a name, it counts them and walks the name order."""
    offset = (max(page, 1) - 1) * per_page
    if by_q:
        matches = _sorted_matches(stmt, year, offset, per_page, listed)
        rows = db.session.execute(matches).all()
        if rows and rows[0][3] <= SORT_MATCHES_UP_TO:
            return [tuple(r[:3]) for r in rows], rows[0][3]
        if not rows and page <= 1:
            return [], 0
    # the same conditions counted, without a subquery of every column to build
    total = db.session.scalar(_count(stmt)) or 0
    if by_q and total <= SORT_MATCHES_UP_TO:
        return [], total  # a page past the last one
    by_name = stmt.order_by(Student.sort_key, Student.id).limit(per_page)
    rows = db.session.execute(
        _with_school_and_class(by_name.offset(offset), year, listed)
    ).all()
    return [tuple(r) for r in rows], total


def _count(stmt: Select) -> Select:
    count = select(func.count()).select_from(Student)
    return count if stmt.whereclause is None else count.where(stmt.whereclause)


def _sorted_matches(
    stmt: Select, year: int, offset: int, per_page: int, listed: bool
) -> Select:
    """(pupil, school, class name, matches up to SORT_MATCHES_UP_TO + 1) of a page."""
    matched = (
        stmt.with_only_columns(Student.id, Student.sort_key)
        .limit(SORT_MATCHES_UP_TO + 1)
        .cte("matched")
        .prefix_with("MATERIALIZED")  # a fence: filter first, sort after
    )
    found = select(func.count()).select_from(matched).scalar_subquery()
    window = (
        select(matched.c.id, matched.c.sort_key, found.label("found"))
        .order_by(matched.c.sort_key, matched.c.id)
        .limit(per_page)
        .offset(offset)
        .subquery("page")
    )
    students = select(Student).join(window, window.c.id == Student.id)
    return (
        _with_school_and_class(students, year, listed)
        .add_columns(window.c.found)
        .order_by(window.c.sort_key, window.c.id)
    )


CLASS_NOW = aliased(ClassGroup, name="class_now")  # one alias: built once


# the columns a list row shows (and the key): not the pupil's fifty others
LISTED = load_only(
    Student.ministry_code,
    Student.school_code,
    Student.full_name,
    Student.sort_key,
    Student.birth_date,
    Student.gender,
    Student.status,
    Student.school_id,
)


def _with_school_and_class(stmt: Select, year: int, listed: bool = False) -> Select:
    """Pupils → (pupil, school, class name this year)."""
    cls = CLASS_NOW
    if listed:
        stmt = stmt.options(LISTED)
    return (
        stmt.add_columns(Unit, cls.name)
        .join(Unit, Unit.id == Student.school_id)
        .outerjoin(
            Enrollment,
            and_(Enrollment.student_id == Student.id, Enrollment.year == year),
        )
        .outerjoin(cls, cls.id == Enrollment.class_id)
    )
