"""The 2018 curriculum as data: what each grade studies and how it is assessed."""

from smasweb.services.assessment import curriculum


def codes(grade, electives=None):
    return [s.code for s in curriculum.subjects(grade, electives)]


def test_primary_grades_follow_the_curriculum():
    assert codes("01") == [
        "tieng_viet", "toan", "dao_duc", "tnxh", "gdtc", "am_nhac", "mi_thuat", "hdtn",
    ]  # fmt: skip
    grade4 = {s.code: s for s in curriculum.subjects("04")}
    assert {"ngoai_ngu_1", "ls_dl", "khoa_hoc", "tin_cong_nghe"} <= set(grade4)
    assert "tnxh" not in grade4
    assert all(s.assessment == "level" for s in grade4.values())
    # TT 27 Art. 7: lớp 4–5 have mid-term tests in Tiếng Việt and Toán only
    assert grade4["toan"].has_test("gk1") and grade4["toan"].has_test("ck2")
    assert not grade4["khoa_hoc"].has_test("gk1") and grade4["khoa_hoc"].has_test("ck1")
    assert not grade4["dao_duc"].has_test("ck2")
    assert not curriculum.subject("03", "toan").has_test("gk2")


def test_secondary_comment_subjects_and_periods():
    grade6 = {s.code: s for s in curriculum.subjects("06")}
    comment = {c for c, s in grade6.items() if s.comment_only}
    assert comment == {"gdtc", "nghe_thuat", "hdtn_hn", "gddp"}
    assert grade6["toan"].periods == 140 and grade6["cong_nghe"].periods == 35
    assert curriculum.subject("08", "cong_nghe").periods == 52


def test_upper_secondary_electives_are_chosen_per_class():
    every = codes("10")
    assert {"vat_li", "dia_li", "am_nhac"} <= set(every)
    chosen = codes("10", frozenset({"vat_li", "hoa_hoc", "sinh_hoc", "tin_hoc"}))
    assert "dia_li" not in chosen and "vat_li" in chosen and "toan" in chosen
    assert [s.code for s in curriculum.elective_choices("11")] == [
        "dia_li", "gdktpl", "vat_li", "hoa_hoc", "sinh_hoc", "cong_nghe", "tin_hoc",
        "am_nhac", "mi_thuat",
    ]  # fmt: skip
    assert curriculum.is_primary("05") and not curriculum.is_primary("06")


def test_continuing_education_classes_follow_upper_secondary():
    assert codes("13") == codes("10") and codes("15") == codes("12")
    assert curriculum.subject("14", "toan").periods == 105
