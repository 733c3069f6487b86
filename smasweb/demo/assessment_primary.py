"""The demo's primary evaluations (TT 27/2020): at each of the year's four moments
up to today, every subject's level with a short comment and its periodic test
score where the curriculum has one, and the five qualities and ten competences;
at the year's end the result the engine (services/assessment/tt27) gives, the
completion of the grade and the award.

A subject's level follows 7.6 + school effect + pupil ability + half the subject's
difficulty, with little noise (a teacher's levels hang together): the year ends
about 26 % Hoàn thành xuất sắc, 35 % Hoàn thành tốt, 38 % Hoàn thành and under 1 %
Chưa hoàn thành; tests are whole marks a little above the level. Qualities and
competences are mostly Tốt. One in three pupils Hoàn thành tốt is marked "tiêu
biểu" (by its id: the random draws stay the same) with a short reason.
"""

from datetime import date
from random import Random

from smasweb.demo.assessment_common import (
    PRIMARY_WINDOWS,
    SUBJECT_DIFFICULTY,
    Days,
    Pupil,
    Writer,
)
from smasweb.services.assessment import tt27
from smasweb.services.assessment.curriculum import Subject
from smasweb.services.assessment.primary_results import COMPLETED, NOT_COMPLETED
from smasweb.services.assessment.qualities import COMPETENCES, QUALITIES

TERMS = ("gk1", "ck1", "gk2", "ck2")
YEAR_TERM = "ck2"
CORE = {"tieng_viet", "toan"}
COMMENTS = {
    tt27.SUBJECT_GOOD: ("Nắm vững kiến thức, vận dụng tốt.",
                        "Tiếp thu nhanh, tích cực phát biểu xây dựng bài."),
    tt27.SUBJECT_DONE: ("Hoàn thành các nội dung học tập.",
                        "Cần cẩn thận hơn khi làm bài."),
    tt27.SUBJECT_NOT_DONE: ("Chưa nắm vững kiến thức cơ bản, cần phụ đạo thêm.",),
}  # fmt: skip
OUTSTANDING_EVERY = 3  # one pupil Hoàn thành tốt in three is "tiêu biểu"
REASONS = (
    "Tiến bộ rõ rệt môn Toán",
    "Đọc diễn cảm, viết chữ đẹp",
    "Tích cực, sáng tạo trong hoạt động trải nghiệm",
    "Tự giác, chăm chỉ, giúp đỡ bạn bè",
)


class PrimaryMarks:
    """Writes a primary class's evaluations of one year and, once the year is
    over, its results."""

    def __init__(self, year: int, days: Days, writer: Writer, results,
                 rng: Random) -> None:  # fmt: skip
        """`results`: assessment_results.Writers (StudentResult, SubjectResult)."""
        self.year, self.days, self.w, self.rng = year, days, writer, rng
        self.results, self.subjects = results.results, results.subjects
        self.outstanding = results.outstanding

    def write(self, class_id: int, pupils: list[Pupil], school: float,
              subjects: list[Subject], grade: str) -> int:  # fmt: skip
        """Evaluations up to today; the year's results when ck2 is in."""
        rng = self.rng
        days = {t: self.days.slot(t, 0, 1, rng, PRIMARY_WINDOWS) for t in TERMS}
        done = [t for t in TERMS if days[t] is not None]
        for p in pupils:
            level = {
                s.code: 7.6 + school + p.ability
                + 0.5 * SUBJECT_DIFFICULTY.get(s.code, 0.0) + rng.gauss(0.0, 0.2)
                for s in subjects
            }  # fmt: skip
            if p.repeats:  # held back by Tiếng Việt and Toán
                for code in CORE & level.keys():
                    level[code] = min(level[code], 3.6)
            trait = 0.5 * (school + p.ability) + rng.gauss(0.0, 0.3)
            last: dict[str, tuple] = {}
            for term in done:
                for s in subjects:
                    last[s.code] = self._subject(
                        p, class_id, s, term, days[term], level[s.code]
                    )
                for item in (*QUALITIES, *COMPETENCES):
                    last[item] = self._trait(p, class_id, item, term, days[term], trait)
            if YEAR_TERM in done:
                self._year(p, class_id, subjects, last)
        return len(done)

    def _subject(self, p, class_id, s: Subject, term: str, day: date, x: float):
        rng = self.rng
        now = x + rng.gauss(0.0, 0.1)
        level = (
            tt27.SUBJECT_GOOD if now >= 6.5
            else tt27.SUBJECT_DONE if now >= 4.0
            else tt27.SUBJECT_NOT_DONE
        )  # fmt: skip
        score = None
        if s.has_test(term):
            score = min(10, max(1, round(now + 0.9 + rng.gauss(0.0, 0.6))))
        self.w.add(self._row(p, class_id, s.code, term, day, level, score,
                             rng.choice(COMMENTS[level])))  # fmt: skip
        return level, score

    def _trait(self, p, class_id, item: str, term: str, day: date, t: float):
        now = t + self.rng.gauss(0.0, 0.2)
        level = (
            tt27.TRAIT_GOOD if now > -0.6
            else tt27.TRAIT_MET if t > -2.1
            else tt27.TRAIT_TRY
        )  # fmt: skip
        self.w.add(self._row(p, class_id, item, term, day, level, None, None))
        return level, None

    def _year(self, p: Pupil, class_id: int, subjects: list[Subject], last) -> None:
        result = tt27.year_result(
            {s.code: last[s.code][0] for s in subjects},
            {q: last[q][0] for q in QUALITIES},
            {c: last[c][0] for c in COMPETENCES},
            {s.code: last[s.code][1] for s in subjects if s.has_test(YEAR_TERM)},
        )
        done = tt27.completes_grade(result)
        marked = result == tt27.GOOD and p.id % OUTSTANDING_EVERY == 0
        if marked:
            self.outstanding.add(
                {
                    "school_id": p.school_id,
                    "version": 1,
                    "year": self.year,
                    "student_id": p.id,
                    "class_id": class_id,
                    "reason": REASONS[p.id // OUTSTANDING_EVERY % len(REASONS)],
                }  # fmt: skip
            )
        self.results.add(
            {
                "school_id": p.school_id,
                "version": 1,
                "year": self.year,
                "student_id": p.id,
                "class_id": class_id,
                "term": "cn",
                "learning": result,
                "conduct": None,
                "absences": None,
                "decision": COMPLETED if done else NOT_COMPLETED,
                "award": tt27.award(result, marked),
                "decided_on": date(self.year + 1, 5, 28),
            }  # fmt: skip
        )
        for s in subjects:  # what Chốt kết quả stores beside the result
            level, score = last[s.code]
            if level is None and score is None:
                continue
            self.subjects.add(
                {
                    "school_id": p.school_id,
                    "version": 1,
                    "year": self.year,
                    "student_id": p.id,
                    "class_id": class_id,
                    "term": "cn",
                    "subject_code": s.code,
                    "average": None,
                    "verdict": None,
                    "level": level,
                    "test_score": score,
                }  # fmt: skip
            )

    def _row(self, p, class_id, item, term, day, level, score, comment) -> dict:
        return {
            "school_id": p.school_id,
            "version": 1,
            "year": self.year,
            "student_id": p.id,
            "class_id": class_id,
            "item": item,
            "term": term,
            "level": level,
            "test_score": score,
            "comment": comment,
            "day": day,
        }
