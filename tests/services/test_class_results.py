"""A class's results computed from marks, conduct and absences entered through
the models: hand-made pupils (Giỏi, re-test, summer training, more than 45
absences, no marks yet), a primary class, and the query count per class."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.assessment import Mark
from smasweb.services.assessment import class_results
from smasweb.services.errors import NotFound, PermissionDenied
from tests.factories import make_student
from tests.services.results_data import (
    SETUP,
    add_mark,
    add_marks,
    at,
    delete_marks,
    primary_class,
    secondary_class,
    set_conduct,
)

pytestmark = pytest.mark.real_calendar


@pytest.fixture
def six_a(world):
    with at(SETUP):
        cls = secondary_class(world)
        db.session.commit()
    return cls


def _by_name(results):
    return {r.student.full_name.split()[-1]: r.result for r in results.rows}


def test_the_roster_is_in_vietnamese_name_order(world, six_a):
    results = class_results.class_results(world.leader_b, six_a.id)
    names = [r.student.full_name for r in results.rows]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường",
                     "Phạm Văn Dũng", "Võ Thị Em"]  # fmt: skip


def test_a_giỏi_pupil_is_promoted_with_the_award(world, six_a):
    an = _by_name(class_results.class_results(world.leader_b, six_a.id))["An"]
    assert an.subjects["toan"] == {"hk1": Decimal("8.5"), "hk2": Decimal("8.5"),
                                   "cn": Decimal("8.5")}  # fmt: skip
    assert an.subjects["gdtc"] == {"hk1": "D", "hk2": "D", "cn": "D"}
    assert an.learning == {"hk1": "T", "hk2": "T", "cn": "T"}
    assert an.conduct == {"hk1": "T", "hk2": "T", "cn": "T"}
    assert an.decision == "len_lop" and an.award == "gioi"
    assert an.retest == () and an.final is None


def test_the_averages_follow_the_weights_of_the_circular(world, six_a):
    with at(SETUP):
        pupil = make_student(world.s1b, six_a, full_name="Đặng Văn Giang")
    add_marks(six_a, pupil, {})
    delete_marks(Mark.student_id == pupil.id, Mark.subject_code == "toan")
    for sem, regular, mid, end in ((1, (7, 8, 9, 6), 8, 9), (2, (8, 8, 8, 8), 7, 10)):
        for pos, value in enumerate(regular, 1):
            add_mark(six_a, pupil, "toan", sem, "tx", Decimal(value), pos)
        add_mark(six_a, pupil, "toan", sem, "gk", Decimal(mid))
        add_mark(six_a, pupil, "toan", sem, "ck", Decimal(end))
    results = class_results.class_results(world.leader_b, six_a.id)
    toan = _by_name(results)["Giang"].subjects["toan"]
    # (7+8+9+6 + 2·8 + 3·9) / 9 = 8.11; (32 + 14 + 30) / 9 = 8.44; (8.1 + 2·8.4) / 3
    assert toan == {"hk1": Decimal("8.1"), "hk2": Decimal("8.4"), "cn": Decimal("8.3")}


def test_a_pupil_below_5_in_two_subjects_is_re_tested_in_them(world, six_a):
    binh = _by_name(class_results.class_results(world.leader_b, six_a.id))["Bình"]
    assert binh.subjects["toan"]["cn"] == Decimal("3.0")
    assert binh.learning["cn"] == "CD" and binh.conduct["cn"] == "K"
    assert binh.decision == "kiem_tra_lai" and binh.retest == ("ngu_van", "toan")
    add_mark(six_a, six_a.p["Bình"], "toan", 2, "kl", Decimal("6.0"))
    binh = _by_name(class_results.class_results(world.leader_b, six_a.id))["Bình"]
    assert binh.learning_after is None and binh.final is None  # Ngữ văn to come
    add_mark(six_a, six_a.p["Bình"], "ngu_van", 2, "kl", Decimal("5.0"))
    binh = _by_name(class_results.class_results(world.leader_b, six_a.id))["Bình"]
    assert binh.learning_after == "K" and binh.final == "len_lop"


def test_one_subject_below_35_alone_is_raised_to_đạt(world, six_a):
    """Điều 9 khoản 3: Khá but for Toán 3.0 is Đạt, not Chưa đạt."""
    with at(SETUP):
        pupil = make_student(world.s1b, six_a, full_name="Mai Văn Hải")
    add_marks(six_a, pupil, {"toan": (3.0, 3.0)})
    set_conduct(six_a, pupil, "T", "T")
    hai = _by_name(class_results.class_results(world.leader_b, six_a.id))["Hải"]
    assert hai.learning["cn"] == "D" and hai.decision == "len_lop"


def test_a_pupil_with_conduct_chưa_đạt_trains_in_the_summer(world, six_a):
    cuong = _by_name(class_results.class_results(world.leader_b, six_a.id))["Cường"]
    assert cuong.conduct == {"hk1": "K", "hk2": "CD", "cn": "CD"}
    assert cuong.learning["cn"] == "K"
    assert cuong.decision == "ren_luyen_he" and cuong.final is None
    set_conduct_summer(six_a, six_a.p["Cường"], "D")
    cuong = _by_name(class_results.class_results(world.leader_b, six_a.id))["Cường"]
    assert cuong.conduct_after == "D" and cuong.final == "len_lop"


def set_conduct_summer(cls, pupil, level):
    from smasweb.models.assessment import ConductResult
    from smasweb.services.system import system_override

    with system_override("test: summer"):
        db.session.add(
            ConductResult(school_id=cls.school_id, year=cls.year, student_id=pupil.id,
                          class_id=cls.id, semester=3, level=level)
        )  # fmt: skip
        db.session.flush()


def test_more_than_45_absences_repeat_the_year(world, six_a):
    dung = _by_name(class_results.class_results(world.leader_b, six_a.id))["Dũng"]
    assert dung.absences == {"hk1": 46, "hk2": 0, "cn": 46}
    assert dung.learning["cn"] == "K" and dung.conduct["cn"] == "K"
    assert dung.decision == "o_lai_lop"


def test_a_pupil_without_marks_has_no_result_yet(world, six_a):
    em = _by_name(class_results.class_results(world.leader_b, six_a.id))["Em"]
    assert em.subjects["toan"] == {"hk1": None, "hk2": None, "cn": None}
    assert em.learning == {"hk1": None, "hk2": None, "cn": None}
    assert em.decision is None and em.award is None


def test_a_comment_subject_short_of_its_assessments_is_not_decided(world, six_a):
    an = six_a.p["An"]
    delete_marks(
        Mark.student_id == an.id, Mark.subject_code == "gdtc", Mark.kind == "ck"
    )
    an_result = _by_name(class_results.class_results(world.leader_b, six_a.id))["An"]
    assert an_result.subjects["gdtc"]["hk1"] is None
    assert an_result.learning["hk1"] is None


def test_the_year_lists(world, six_a):
    results = class_results.class_results(world.leader_b, six_a.id)

    def names(code):
        return [r.student.full_name.split()[-1] for r in results.decided(code)]

    assert names("len_lop") == ["An"]
    assert names("kiem_tra_lai") == ["Bình"]
    assert names("ren_luyen_he") == ["Cường"]
    assert names("o_lai_lop") == ["Dũng"]
    assert [r.student.full_name for r in results.awarded()] == ["Nguyễn Văn An"]


def test_a_primary_class_gets_its_year_result(world):
    with at(SETUP):
        cls = primary_class(world)
        db.session.commit()
    results = class_results.class_results(world.leader, cls.id)
    assert results.primary
    hoa, khoa = (_by_name(results)[n] for n in ("Hoa", "Khoa"))
    assert hoa.result == "HTXS" and hoa.award == "xuat_sac"
    assert hoa.completion == "Hoàn thành chương trình lớp học"
    assert hoa.subjects["toan"].test_score == 9
    assert hoa.trait_line(["pc_yeu_nuoc", "nl_tu_chu"]) == "T·T"
    assert khoa.result == "CHT" and khoa.decision == "chua_hoan_thanh"
    assert khoa.completion == "Chưa hoàn thành chương trình lớp học"


def test_access_other_school_404_other_teacher_403(world, six_a):
    with pytest.raises(NotFound):
        class_results.class_results(world.leader2, six_a.id)
    with pytest.raises(PermissionDenied):
        class_results.class_results(world.colleague_b, six_a.id)
    mine = class_results.class_results(world.teacher_b, six_a.id)
    assert mine.access.may_enter and not mine.access.may_confirm
    officer = class_results.class_results(world.district, six_a.id)
    assert not officer.access.personal and not officer.access.may_enter


def test_the_query_count_does_not_grow_with_the_class(world, six_a, count_queries):
    def run():
        db.session.expire_all()
        class_results.class_results(world.leader_b, six_a.id)

    before = count_queries(run)
    for i in range(10):
        with at(SETUP):
            pupil = make_student(world.s1b, six_a, full_name=f"Học Sinh Thêm{i}")
        add_marks(six_a, pupil, {})
    db.session.commit()
    assert count_queries(run) == before
    assert before <= 12
    assert db.session.scalar(select(Mark.id).limit(1)) is not None
