"""Sections I (Trường) and II (Lớp) of the start-of-year forms, from the schools'
yearly profiles, campuses, classes and pupils.

Rows and Mã số follow Biểu 02-TH-ĐN (rows 1–36); the preschool form counts groups
(nhóm trẻ) and classes (lớp mẫu giáo) instead of grades 1–5. The size rows split the
schools by class count: 28 / 19 classes for general education (plains / mountains),
9 / 6 groups and classes for preschool, as the forms do. Columns: Tổng số, Công lập,
Ngoài công lập (the school's ownership in the unit tree, Unit.ownership, as in
sections III–V: 01 is public, every other code is not; the yearly profile's copy is
not read, so one school never counts as public in one section and not in another).
Rows 8–9 (chuẩn quốc gia mức độ 1 / 2) count the national-standard decision valid on
the data date (services/accreditation/standard.py; the profile's declared level only
for a school without any decision on record).
"""

from collections import Counter
from datetime import date

from sqlalchemy import and_, func, select

from smasweb import clock, codelists
from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.schools import (
    TWO_SESSION_PATTERNS,
    Campus,
    ClassGroup,
    SchoolProfile,
)
from smasweb.models.students import Enrollment, Student
from smasweb.services.accreditation.standard import standard_code, standard_codes_on
from smasweb.services.reports.tables import Row, Table
from smasweb.services.students.as_of import present_on

PUBLIC = "01"
MOUNTAIN_REGIONS = ("01", "04")
STANDARD_1, STANDARD_2 = "02", "03"
SEMI_BOARDING_TYPE = "01"  # phổ thông dân tộc bán trú
SPECIAL_TYPE = "04"  # chuyên biệt dành cho trẻ khuyết tật
SIZE_LIMITS = {"01": (9, 6)}  # level → classes for a "large" school (plains, mountains)
DEFAULT_LIMITS = (28, 19)
COLUMNS = [("Tổng số",), ("Công lập",), ("Ngoài công lập",)]
FLAG_ROWS = (  # (Mã số, label, profile flag) rows 16–25
    ("16", "Trường có sử dụng máy tính cho dạy học", "computers_for_teaching"),
    ("17", "Trường có khai thác Internet cho dạy học", "internet_for_teaching"),
    ("18", "Trường có điện (điện lưới)", "has_electricity"),
    ("19", "Trường có nguồn nước sạch", "has_clean_water"),
    ("20", "Trường có công trình vệ sinh", "has_toilets"),
    ("21", "Trường có chương trình giáo dục vệ sinh đôi tay", "handwashing_programme"),
    ("22", "Trường có chương trình giáo dục cơ bản về giới tính, phòng chống bạo lực, "
     "xâm hại; cung cấp kiến thức về HIV", "life_skills_programme"),
    ("23", "Trường có cơ sở hạ tầng, tài liệu học tập, môi trường học tập phù hợp và "
     "tiếp cận với học sinh khuyết tật", "accessible_buildings"),
    ("24", "Trường có bộ phận làm công tác tư vấn học đường", "school_counselling"),
    ("25", "Trường có kế hoạch giáo dục phòng, chống thiên tai và ứng phó biến đổi "
     "khí hậu", "disaster_plan"),
)  # fmt: skip


def _add(row: Row, public: bool, n: int = 1) -> None:
    row.cells[0] += n
    row.cells[1 if public else 2] += n


def _rows(spec: list[tuple]) -> list[Row]:
    return [
        Row(ind, num, label, unit, indent, heading, [0, 0, 0])
        for ind, num, label, unit, indent, heading in spec
    ]


def schools_table(
    school_ids: list[int], level: str, year: int, day: date | None = None
) -> Table:
    """Section I for these schools (each counted once), pupils as of `day`."""
    large, large_mountain = SIZE_LIMITS.get(level, DEFAULT_LIMITS)
    t = "trường"
    rows = _rows(
        [
            ("1", "1.1.", "Tổng số trường", t, 0, ""),
            ("2", "", "Trung du, đồng bằng, thành phố", t, 1, "Chia ra theo vùng:"),
            ("3", "", f"Trường có từ {large} lớp trở lên", t, 2, ""),
            ("4", "", f"Trường có từ {large - 1} lớp trở xuống", t, 2, ""),
            ("5", "", "Miền núi, vùng sâu, hải đảo", t, 1, ""),
            ("6", "", f"Trường có từ {large_mountain} lớp trở lên", t, 2, ""),
            ("7", "", f"Trường có từ {large_mountain - 1} lớp trở xuống", t, 2, ""),
            ("8", "", "Trường đạt chuẩn quốc gia mức độ 1", t, 1, "Trong đó:"),
            ("9", "", "Trường đạt chuẩn quốc gia mức độ 2", t, 1, ""),
            ("10", "", "Trường dạy học 2 buổi trong ngày", t, 1, ""),
            ("11", "", "Trường phổ thông dân tộc bán trú", t, 1, ""),
            ("12", "", "Trường chuyên biệt dành cho người khuyết tật", t, 1, ""),
            ("13", "", "Trường có dưới 20 học sinh khuyết tật học hòa nhập", t, 1, ""),
            ("14", "", "Trường có từ 20 học sinh khuyết tật trở lên học hòa nhập", t,
             1, ""),
            ("15", "", "Trường có 5 điểm trường trở lên ngoài điểm trường chính", t,
             1, ""),
            *((ind, "", label, t, 1, "") for ind, label, _ in FLAG_ROWS),
            ("26", "1.2.", "Số điểm trường", "điểm", 0, ""),
        ]
    )  # fmt: skip
    by = {r.indicator: r for r in rows}
    if not school_ids:
        return Table("schools", "I. Trường", COLUMNS, rows)
    profiles = {
        p.school_id: p
        for p in db.session.scalars(
            select(SchoolProfile).where(
                SchoolProfile.year == year, SchoolProfile.school_id.in_(school_ids)
            )
        )
    }
    classes = dict(
        db.session.execute(
            select(ClassGroup.school_id, func.count())
            .where(ClassGroup.year == year, ClassGroup.school_id.in_(school_ids))
            .group_by(ClassGroup.school_id)
        ).all()
    )
    campuses: Counter = Counter()
    satellites: Counter = Counter()
    for school_id, is_main in db.session.execute(
        select(Campus.school_id, Campus.is_main).where(Campus.school_id.in_(school_ids))
    ):
        campuses[school_id] += 1
        satellites[school_id] += 0 if is_main else 1
    disabled = dict(
        db.session.execute(
            select(Student.school_id, func.count())
            .join(Enrollment, Enrollment.student_id == Student.id)
            .where(
                Enrollment.year == year,
                present_on(day or clock.today()),
                Student.disability.is_not(None),
                Student.school_id.in_(school_ids),
            )
            .group_by(Student.school_id)
        ).all()
    )
    owners = dict(
        db.session.execute(
            select(Unit.id, Unit.ownership).where(Unit.id.in_(school_ids))
        ).all()
    )
    standards = standard_codes_on(school_ids, day or clock.today())
    for sid in school_ids:
        p = profiles.get(sid)
        public = owners.get(sid) == PUBLIC
        n_classes = classes.get(sid, 0)
        mountain = p is not None and p.region in MOUNTAIN_REGIONS
        marks = ["1"]
        if mountain:
            marks += ["5", "6" if n_classes >= large_mountain else "7"]
        else:
            marks += ["2", "3" if n_classes >= large else "4"]
        standard = standard_code(standards, sid, p and p.standard_level)
        marks += {STANDARD_1: ["8"], STANDARD_2: ["9"]}.get(standard, [])
        if p is not None:
            marks += [
                ind
                for ind, on in (
                    ("10", p.two_sessions_a_day),
                    ("11", p.school_type == SEMI_BOARDING_TYPE),
                    ("12", p.school_type == SPECIAL_TYPE),
                )
                if on
            ]
            marks += [ind for ind, _, flag in FLAG_ROWS if getattr(p, flag)]
        students = disabled.get(sid, 0)
        if students:
            marks.append("13" if students < 20 else "14")
        if satellites[sid] >= 5:
            marks.append("15")
        for ind in marks:
            _add(by[ind], public)
        _add(by["26"], public, campuses[sid])
    return Table("schools", "I. Trường", COLUMNS, rows)


def _grade_rows(grades: list[str]) -> list[tuple]:
    labels = codelists.labels("grades")
    return [
        (
            str(28 + i) if g <= "05" else "",
            "",
            labels.get(g, g),
            "lớp",
            1,
            "Chia ra:" if i == 0 else "",
        )
        for i, g in enumerate(grades)
    ]


def classes_table(school_ids: list[int], grades: list[str], year: int) -> Table:
    """Section II: this level's classes in these schools."""
    rows = _rows(
        [
            ("27", "", "Tổng số lớp", "lớp", 0, ""),
            *_grade_rows(grades),
            ("33", "", "Lớp học 2 buổi/ngày", "lớp", 1, "Trong đó:"),
            ("34", "", "Lớp học bán trú trong trường PTDT bán trú", "lớp", 1, ""),
            ("35", "", "Lớp học trong trường chuyên biệt dành cho người khuyết tật",
             "lớp", 1, ""),
            ("36", "", "Lớp ghép", "lớp", 1, ""),
        ]
    )  # fmt: skip
    by_grade = {g: rows[1 + i] for i, g in enumerate(grades)}
    by = {r.indicator: r for r in rows if r.indicator}
    if not school_ids or not grades:
        return Table("classes", "II. Lớp", COLUMNS, rows)
    keys = (
        ClassGroup.grade,
        Unit.ownership == PUBLIC,
        ClassGroup.session_pattern.in_(TWO_SESSION_PATTERNS),
        and_(ClassGroup.semi_boarding, SchoolProfile.school_type == SEMI_BOARDING_TYPE),
        SchoolProfile.school_type == SPECIAL_TYPE,
        ClassGroup.is_combined,
    )
    stmt = (
        select(*keys, func.count())
        .join(Unit, Unit.id == ClassGroup.school_id)
        .outerjoin(
            SchoolProfile,
            and_(
                SchoolProfile.school_id == ClassGroup.school_id,
                SchoolProfile.year == year,
            ),
        )
        .where(
            ClassGroup.year == year,
            ClassGroup.school_id.in_(school_ids),
            ClassGroup.grade.in_(grades),
        )
        .group_by(*keys)
    )
    for grade, public, two, semi, special, combined, n in db.session.execute(stmt):
        public = bool(public)
        _add(by["27"], public, n)
        _add(by_grade[grade], public, n)
        for ind, on in (("33", two), ("34", semi), ("35", special), ("36", combined)):
            if on:
                _add(by[ind], public, n)
    return Table("classes", "II. Lớp", COLUMNS, rows)
