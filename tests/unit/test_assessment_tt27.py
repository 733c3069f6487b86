"""Primary-school year results by TT 27/2020: levels at their boundaries,
completion and awards."""

import pytest

from smasweb.services.assessment import tt27

QUALITIES = ("yêu nước", "nhân ái", "chăm chỉ", "trung thực", "trách nhiệm")
COMPETENCES = ("tự chủ", "giao tiếp", "giải quyết vấn đề", "ngôn ngữ", "tính toán")
SUBJECTS = ("Tiếng Việt", "Toán", "Đạo đức", "Âm nhạc", "HĐTN")
TESTED = ("Tiếng Việt", "Toán")


def pupil(subject="T", trait="T", tests=(10, 10), **overrides):
    """year_result's four arguments, every level alike unless overridden by name
    (the test scores come from `tests`)."""
    subjects = dict.fromkeys(SUBJECTS, subject)
    qualities = dict.fromkeys(QUALITIES, trait)
    competences = dict.fromkeys(COMPETENCES, trait)
    scores = dict(zip(TESTED, tests, strict=True))
    for name, value in overrides.items():
        for group in (subjects, qualities, competences):
            if name in group:
                group[name] = value
    return subjects, qualities, competences, scores


@pytest.mark.parametrize(
    ("args", "result"),
    [
        (pupil(tests=(9, 10)), "HTXS"),
        (pupil(tests=(8, 10)), "HTT"),  # a test below 9
        (pupil(tests=(7, 7)), "HTT"),
        (pupil(tests=(6, 10)), "HT"),  # a test below 7
        (pupil(Toán="H", tests=(10, 10)), "HT"),  # a subject only Hoàn thành
        (pupil(**{"nhân ái": "D"}), "HT"),  # a quality only Đạt
        (pupil(subject="H", trait="D", tests=(5, 5)), "HT"),
        (pupil(tests=(4, 10)), "CHT"),  # a test below 5
        (pupil(**{"Âm nhạc": "C"}), "CHT"),  # a subject Chưa hoàn thành
        (pupil(**{"giao tiếp": "C"}), "CHT"),  # a competence Cần cố gắng
    ],
)
def test_year_result_at_its_boundaries(args, result):
    assert tt27.year_result(*args) == result


def test_year_result_waits_for_every_value():
    subjects, qualities, competences, scores = pupil()
    assert tt27.year_result(subjects, qualities, competences, {"Toán": None}) is None
    assert tt27.year_result({"Toán": None}, qualities, competences, scores) is None


def test_year_result_refuses_bad_values():
    with pytest.raises(ValueError, match="Mức đánh giá"):
        tt27.year_result(*pupil(Toán="D"))
    with pytest.raises(ValueError, match="số nguyên"):
        tt27.year_result(*pupil(tests=(9.5, 10)))
    with pytest.raises(ValueError, match="từ 0 đến 10"):
        tt27.year_result(*pupil(tests=(11, 10)))


def test_three_levels_complete_the_grade_and_grade_5_completes_primary():
    assert [tt27.completes_grade(r) for r in ("HTXS", "HTT", "HT", "CHT")] == [
        True,
        True,
        True,
        False,
    ]
    assert tt27.completion_label("HT", 5) == "Hoàn thành chương trình tiểu học"
    assert tt27.completion_label("HTT", 3) == "Hoàn thành chương trình lớp học"
    assert tt27.completion_label("CHT", 5) == "Chưa hoàn thành chương trình lớp học"


def test_awards_follow_the_result_and_the_class_decision():
    assert tt27.award("HTXS") == "xuat_sac"
    assert tt27.award("HTXS", outstanding=True) == "xuat_sac"
    assert tt27.award("HTT", outstanding=True) == "tieu_bieu"
    assert tt27.award("HTT") is None
    assert tt27.award("HT", outstanding=True) is None


def test_every_code_has_a_vietnamese_label():
    assert set(tt27.RESULT_LABELS) == set(tt27.RESULTS)
    assert set(tt27.SUBJECT_LABELS) == set(tt27.SUBJECT_LEVELS)
    assert set(tt27.TRAIT_LABELS) == set(tt27.TRAIT_LEVELS)
    assert tt27.RESULT_LABELS["HTXS"] == "Hoàn thành xuất sắc"
    assert tt27.AWARD_LABELS["xuat_sac"] == "Học sinh Xuất sắc"
