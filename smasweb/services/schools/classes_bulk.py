"""Many classes at once: bulk creation from a name pattern, and the yearly roll over."""

import re
from dataclasses import replace

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit, User
from smasweb.models.schools import year_label
from smasweb.services import school_data
from smasweb.services import years as school_years
from smasweb.services.errors import ValidationFailed
from smasweb.services.schools.classes import (
    FIELD,
    FINAL_GRADES,
    PRESCHOOL_AGE_GROUPS,
    ClassData,
    clean_class,
    list_classes,
)

MAX_BULK = 40
RANGE_RE = re.compile(r"^(.*?)(\d+)$")


def _expand(piece: str) -> list[str]:
    ends = [p.strip() for p in re.split(r"\s*[-–]\s*", piece)]
    if len(ends) != 2:
        return [piece]
    first, last = RANGE_RE.match(ends[0]), RANGE_RE.match(ends[1])
    if not first or not last or first[1] != last[1]:
        raise ValidationFailed(
            f"Không hiểu dãy lớp “{piece}”: hãy viết như 6A1-6A8.", "names"
        )
    start, stop = int(first[2]), int(last[2])
    if stop < start:
        raise ValidationFailed(f"Dãy lớp “{piece}” có số cuối nhỏ hơn số đầu.", "names")
    return [f"{first[1]}{n}" for n in range(start, stop + 1)]


def parse_names(pattern: str) -> list[str]:
    """ "6A1-6A8", "6A1–6A8" or "6A1, 6A2" → the class names, in order."""
    names: list[str] = []
    for piece in (pattern or "").split(","):
        piece = " ".join(piece.split())
        if piece:
            names.extend(_expand(piece))
    if not names:
        raise ValidationFailed("Bắt buộc nhập.", "names")
    if len(names) > MAX_BULK:
        raise ValidationFailed(f"Mỗi lần tạo tối đa {MAX_BULK} lớp.", "names")
    folded = [n.casefold() for n in names]
    if len(set(folded)) != len(folded):
        raise ValidationFailed("Danh sách có tên lớp bị lặp.", "names")
    return names


def bulk_create(
    actor: User, school: Unit, year: int, pattern: str, template: ClassData
) -> list[ClassGroup]:
    """All the classes of the pattern, or none (a name in use refuses the batch)."""
    school_data.require_write(actor, school, FIELD)
    names = parse_names(pattern)
    existing = {c.name.casefold() for c in list_classes(actor, school, year)}
    taken = [n for n in names if n.casefold() in existing]
    if taken:
        raise ValidationFailed(f"Đã có lớp: {', '.join(taken)}.", "names")
    values = [clean_class(school, year, replace(template, name=n), None) for n in names]
    school_years.ensure_year(year)
    created = [ClassGroup(school_id=school.id, year=year, **v) for v in values]
    db.session.add_all(created)
    db.session.flush()
    return created


def next_grade(grade: str) -> str | None:
    """The grade a class moves up to; None for a final grade. Preschool keeps its grade."""
    if grade in FINAL_GRADES:
        return None
    if grade in PRESCHOOL_AGE_GROUPS:
        return grade
    return f"{int(grade) + 1:02d}"


def next_name(name: str, grade: str) -> str:
    """ "6A1" → "7A1": the leading grade number goes up with the grade."""
    if grade in PRESCHOOL_AGE_GROUPS:
        return name
    match = re.match(r"^(\d+)(.*)$", name)
    return f"{int(match[1]) + 1}{match[2]}" if match else name


def _rolled(cls: ClassGroup, year: int) -> ClassGroup | None:
    grade = next_grade(cls.grade)
    if grade is None:
        return None
    combined = (
        [g for g in map(next_grade, cls.combined_grades.split(",")) if g]
        if (cls.is_combined and cls.combined_grades)
        else []
    )
    copy = {
        c.key: getattr(cls, c.key)
        for c in ClassGroup.__table__.columns
        if c.key not in {"id", "version", "created_at", "updated_at"}
    }
    copy.update(
        year=year,
        grade=grade,
        name=next_name(cls.name, cls.grade),
        homeroom_teacher=None,
        is_combined=len(combined) >= 2,
        combined_grades=",".join(combined) if len(combined) >= 2 else None,
    )
    return ClassGroup(**copy)


def rollover(actor: User, school: Unit, year: int) -> list[ClassGroup]:
    """Next year's classes from this year's: grade + 1, final grades leave."""
    school_data.require_write(actor, school, FIELD)
    if list_classes(actor, school, year + 1):
        raise ValidationFailed(
            f"Năm học {year_label(year + 1)} đã có lớp, không chuyển lên lớp được nữa."
        )
    current = list_classes(actor, school, year)
    if not current:
        raise ValidationFailed(f"Năm học {year_label(year)} chưa có lớp nào.")
    school_years.ensure_year(year + 1)
    created = [r for r in (_rolled(c, year + 1) for c in current) if r is not None]
    db.session.add_all(created)
    db.session.flush()
    return created
