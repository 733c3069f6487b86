"""How fast the pupils' Excel import runs: N rows (default 2,000) of one school's
class list, dry run then commit (enrolments, admissions, audit rows included).

    .venv/bin/python bench/students_import.py [--rows 2000] [--db-url postgresql://…/empty_db]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database, left filled afterwards), loads the small demo, pins the date inside the
start-of-year window, writes an .xlsx in memory and imports it as a school clerk of
the first primary school. Prints seconds and rows/s for reading + checking, and for
the whole import with its commit; then the dry run of the same file with three wrong
cells in every row (every error of every row is reported in one pass).
"""

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import select  # noqa: E402

from smasweb import create_app  # noqa: E402
from smasweb.demo import load as demo  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import ClassGroup, Unit, User  # noqa: E402
from smasweb.services.students import imports  # noqa: E402
from smasweb.services.students.import_cells import COLUMNS  # noqa: E402

YEAR = 2026


def sheet(n: int, classes: list[str], bad: bool = False) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS.values()])
    for i in range(n):
        row = {
            "class_name": classes[i % len(classes)],
            "ministry_code": f"99{i:08d}",
            "school_code": f"BENCH{i:05d}",
            "full_name": f"Nguyễn Văn Học {i}",
            "birth_date": "20/05/2018",
            "gender": "Nam",
            "ethnicity": "Kinh",
            "personal_id": f"096218{i:06d}",
            "perm_address": "Ấp Phước Yên",
            "father_name": "Nguyễn Văn Cha",
            "father_phone": "0912345678",
            "pioneer": "Không",
            "weight_kg": "20,5",
        }
        if bad:  # a wrong date, an unknown class, a wrong gender: 3 errors a row
            row |= {"birth_date": "31/02/2018", "class_name": "9Z", "gender": "Khác"}
        ws.append([row.get(name) for name in COLUMNS])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--db-url")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="smas-bench-")
    url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "TODAY": date(YEAR, 9, 3)}
    )
    app.instance_path = tmp
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        demo.load_demo("Bench2019x", "small")
        db.session.commit()
        clerk = db.session.scalars(
            select(User)
            .join(Unit, Unit.id == User.unit_id)
            .where(User.role.in_(("school_clerk", "school_leader")))
            .where(Unit.levels.contains("02"))
            .order_by(User.id)
        ).first()
        school = clerk.unit
        classes = list(
            db.session.scalars(
                select(ClassGroup.name).where(
                    ClassGroup.school_id == school.id, ClassGroup.year == YEAR
                )
            )
        )
        data = sheet(args.rows, classes)
        start = time.perf_counter()
        report = imports.check_students(clerk, school, BytesIO(data))
        checked = time.perf_counter() - start
        db.session.rollback()
        start = time.perf_counter()
        report = imports.import_students(clerk, school, BytesIO(data))
        db.session.commit()
        total = time.perf_counter() - start
        assert report.ok, imports.error_lines(report)[:5]
        n = args.rows
        print(f"database: {db.engine.dialect.name}, {n} rows, school {school.code}")
        print(f"read + check (dry run): {checked:.2f} s, {n / checked:,.0f} rows/s")
        print(f"import with commit: {total:.2f} s, {n / total:,.0f} rows/s")
        wrong = sheet(args.rows, classes, bad=True)
        db.session.rollback()
        start = time.perf_counter()
        report = imports.check_students(clerk, school, BytesIO(wrong))
        took = time.perf_counter() - start
        rows = len({e.row for e in report.errors})
        print(
            f"dry run, 3 wrong cells a row: {took:.2f} s, {len(report.errors):,} "
            f"errors in {rows:,} rows at once"
        )
        db.session.remove()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
