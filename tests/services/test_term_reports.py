"""Sơ kết học kỳ I and tổng kết năm học: a school's counts by hand, a school that
has not confirmed its results, the primary year, district = Σ schools and
province = Σ districts, and the lock's frozen snapshot."""

from decimal import Decimal

import pytest
from sqlalchemy import delete, update

from smasweb.extensions import db
from smasweb.models.assessment import Mark, StudentResult
from smasweb.services.calendar import windows as calendar
from smasweb.services.reports import get, official
from smasweb.services.reports.scope import reader, resolve
from smasweb.services.reports.tables import sum_reports
from smasweb.services.system import system_override
from tests.services.results_data import YEAR, at
from tests.services.term_report_data import (
    AFTER_YEAR,
    build_world,
    cells,
    period,
    report,
)

pytestmark = pytest.mark.real_calendar
SEMESTER1, SCHOOL_YEAR = get("semester1"), get("school_year")


@pytest.fixture
def province(world):
    return build_world(world)


def test_both_reports_are_registered_for_their_periods(app):
    assert (SEMESTER1.period_kinds, SCHOOL_YEAR.period_kinds) == (
        ("semester_1",),
        ("school_year",),
    )
    assert SEMESTER1.fields == ("grades", "results")


def test_semester_one_counts_the_stored_results_of_lop_6a(province):
    data = report(SEMESTER1, province.s1b, "03", "semester_1")
    assert data.as_of_line == "Số liệu tính đến ngày 31/12/2026"
    # An Tốt; Bình (a girl) Chưa đạt; Cường (a minority girl), Dũng, Em Khá
    #                      all, %,    nữ, %,    dtts, %
    assert cells(data, "learning", "Tốt") == [1, 20.0, 0, 0.0, 0, 0.0]
    assert cells(data, "learning", "Khá") == [3, 60.0, 1, 50.0, 1, 100.0]
    assert cells(data, "learning", "Chưa đạt") == [1, 20.0, 1, 50.0, 0, 0.0]
    assert cells(data, "learning", "Lớp 6", "4.") == [3, 60.0, 1, 50.0, 1, 100.0]
    assert cells(data, "learning", "Lớp 7", "4.") == [0, 0.0, 0, 0.0, 0, 0.0]
    # semester I conduct: An and Em Tốt, the three others Khá
    assert cells(data, "conduct", "Tốt")[:2] == [2, 40.0]
    assert cells(data, "conduct", "Khá")[:4] == [3, 60.0, 2, 100.0]
    assert cells(data, "status", "Số trường chưa chốt kết quả") == [0]
    # ĐTBmhk Toán: An 8.5, Bình 3.0, the three others 7.0
    #                     pupils, Σ,   mean, bands <3.5 … 8–10
    assert cells(data, "scores", "Toán") == [5, 32.5, 6.5, 1, 0, 0, 3, 1]
    assert cells(data, "scores", "Ngữ văn") == [5, 33.5, 6.7, 0, 1, 0, 3, 1]


def test_the_year_counts_decisions_after_the_summer_and_awards(province):
    data = report(SCHOOL_YEAR, province.s1b, "03", "school_year")
    assert data.as_of_line == "Số liệu tính đến ngày 31/05/2027"
    decided = {r.label: r.cells[:2] for r in data.table("decisions").rows if r.number}
    assert decided["Lên lớp (hoàn thành chương trình)"] == [2, 40.0]  # An, Em
    assert decided["Kiểm tra lại trong hè"] == [1, 20.0]  # Bình
    assert decided["Rèn luyện trong hè"] == [1, 20.0]  # Cường
    assert decided["Ở lại lớp"] == [1, 20.0]  # Dũng: 46 absences
    assert decided["Sau kiểm tra lại, rèn luyện hè: lên lớp"] == [1, 20.0]  # Cường
    assert decided["Sau kiểm tra lại, rèn luyện hè: ở lại lớp"] == [1, 20.0]  # Bình
    assert (
        decided["Học sinh Giỏi"] == [1, 20.0] and decided["Học sinh Xuất sắc"][0] == 0
    )
    # the year's conduct: Cường Chưa đạt in semester II
    assert cells(data, "conduct", "Chưa đạt") == [1, 20.0, 1, 50.0, 1, 100.0]


def test_a_school_that_has_not_confirmed_says_so_not_zero(province):
    data = report(SCHOOL_YEAR, province.s2b, "03", "school_year")
    assert cells(data, "status", "Số trường chưa chốt kết quả") == [1]
    assert cells(data, "learning", "Chưa chốt kết quả") == [2, 100.0, 1, 100.0, 0, 0.0]
    assert cells(data, "learning", "Số học sinh đã chốt kết quả")[0] == 0
    assert data.table("learning").footnotes()[0].text.startswith("Học sinh có mặt")
    # its marks count once confirmed: the report reads the stored averages
    assert cells(data, "scores", "Toán") == [0, 0.0, 0.0, 0, 0, 0, 0, 0]


def test_a_primary_year_counts_results_completion_awards_and_tests(province):
    data = report(SCHOOL_YEAR, province.s1, "02", "school_year")
    learning = {r.label: r.cells[0] for r in data.table("learning").rows if r.number}
    assert learning["Hoàn thành xuất sắc"] == 1 and learning["Chưa hoàn thành"] == 1
    decided = {r.label: r.cells[0] for r in data.table("decisions").rows if r.number}
    assert decided["Hoàn thành chương trình lớp học"] == 1
    assert decided["Chưa hoàn thành chương trình lớp học"] == 1
    assert decided["Học sinh Xuất sắc"] == 1
    # both pupils scored 9 in every end-of-year test
    assert cells(data, "scores", "Toán") == [2, 18.0, 9.0, 0, 0, 0, 0, 2]
    assert cells(data, "scores", "Lớp 3", "2.") == [2, 18.0, 9.0, 0, 0, 0, 0, 2]
    # TT 27 decides at the year's end: semester I has the tests only
    semester = report(SEMESTER1, province.s1, "02", "semester_1")
    assert [t.key for t in semester.tables] == ["scores"]


@pytest.mark.parametrize(("code", "kind"), [("semester1", "semester_1"),
                                            ("school_year", "school_year")])  # fmt: skip
def test_district_and_province_are_the_sums_of_their_parts(province, code, kind):
    definition = get(code)
    schools = [report(definition, s, "03", kind) for s in (province.s1b, province.s2b)]
    districts = [report(definition, d, "03", kind) for d in (province.d1, province.d2)]
    whole = report(definition, province.dept, "03", kind)
    assert [t.rows for t in districts[0].tables] == [t.rows for t in schools[0].tables]
    for parts in (schools, districts):
        blank = report(definition, province.dept, "03", kind)
        for table in blank.tables:
            for row in table.rows:
                row.cells = [0 * c for c in row.cells]
        summed = definition.derive(sum_reports(parts, blank))
        assert [t.rows for t in summed.tables] == [t.rows for t in whole.tables]
    assert cells(whole, "status", "Số trường chưa chốt kết quả") == [1]


def test_the_lock_freezes_the_numbers(province):
    year_end = period("school_year")
    with at(AFTER_YEAR):
        calendar.lock(year_end)
        official.freeze_at_lock(year_end)
        db.session.commit()
        with system_override("test: results taken back after the lock"):
            db.session.execute(delete(StudentResult).where(StudentResult.term == "cn"))
        scope = resolve(reader(), province.d1.id, "03", YEAR, year_end)
        printed = official.current(SCHOOL_YEAR, scope)
        live = SCHOOL_YEAR.build(scope)
    assert printed.official and len(printed.snapshot_ids) == 1
    assert cells(printed.data, "learning", "Tốt")[0] == 1
    assert cells(live, "learning", "Chưa chốt kết quả")[0] == 5


def test_the_scores_are_the_confirmed_ones_not_the_live_marks(province):
    an = province.six_a.p["An"]
    with system_override("test: a mark corrected after Chốt kết quả"):
        db.session.execute(
            update(Mark)
            .where(Mark.student_id == an.id, Mark.subject_code == "toan",
                   Mark.semester == 1)
            .values(score=Decimal("1.0"))
        )  # fmt: skip
    data = report(SEMESTER1, province.s1b, "03", "semester_1")
    assert cells(data, "scores", "Toán") == [5, 32.5, 6.5, 1, 0, 0, 3, 1]
