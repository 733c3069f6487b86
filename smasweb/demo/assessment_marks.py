"""The demo's secondary marks (TT 22/2021): every ĐĐGtx, ĐĐGgk and ĐĐGck a class's
subjects require, dated in their semester's window and not after today.

A scored subject's marks centre on 7.4 + 1.0 × (school effect + pupil ability +
subject difficulty) plus a pupil-and-subject draw, so a school, a pupil and a
subject each have their level; regular marks are rounded to half points, tests to
quarter points and then to one decimal, as teachers write them. Comment subjects
are Đạt but for a few weak pupils. The whole class sits a test on the same day.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from smasweb.demo.assessment_common import SUBJECT_DIFFICULTY, Days, Pupil, Writer
from smasweb.services.assessment import tt22
from smasweb.services.assessment.curriculum import Subject

SCORES = [Decimal(n).scaleb(-1) for n in range(101)]  # 0.0 … 10.0
CENTRE, SPREAD = 7.4, 1.0  # about 23 % Tốt, 50 % Khá, 24 % Đạt, 3 % Chưa đạt


@dataclass
class Entry:
    """One pupil's marks of a subject in a semester (scores or verdicts)."""

    regular: list = field(default_factory=list)
    mid: Decimal | str | None = None
    end: Decimal | str | None = None


@dataclass
class Marks:
    """What a class's pupils got: {(student id, subject code, semester): Entry}."""

    entries: dict[tuple[int, str, int], Entry] = field(default_factory=dict)

    def entry(self, sid: int, code: str, semester: int) -> Entry:
        key = (sid, code, semester)
        if key not in self.entries:
            self.entries[key] = Entry()
        return self.entries[key]


def half_point(x: float) -> Decimal:
    return SCORES[min(100, max(0, int(round(x * 2)) * 5))]


def test_score(x: float) -> Decimal:
    """A test out of 10 marked in quarter points, written with one decimal."""
    quarter = min(10.0, max(0.0, round(x * 4) / 4))
    return SCORES[int(math.floor(quarter * 10 + 0.5))]


class ClassMarks:
    """Writes a class's marks of one year; remembers them for the results."""

    def __init__(self, year: int, days: Days, writer: Writer, rng: Random) -> None:
        self.year, self.days, self.writer, self.rng = year, days, writer, rng

    def level(self, pupil: Pupil, school: float, subject: Subject) -> float:
        base = school + pupil.ability + SUBJECT_DIFFICULTY.get(subject.code, 0.0)
        return CENTRE + SPREAD * base + self.rng.gauss(0.0, 0.35)

    def write(
        self,
        class_id: int,
        pupils: list[Pupil],
        school: float,
        subjects: list[Subject],
        semesters: tuple[int, ...],
    ) -> Marks:
        out = Marks()
        for subject in subjects:
            levels = {p.id: self.level(p, school, subject) for p in pupils}
            for semester in semesters:
                self._semester(class_id, pupils, subject, semester, levels, out)
        return out

    def _semester(self, class_id, pupils, subject, semester, levels, out) -> None:
        rng = self.rng
        required = tt22.regular_count(subject.periods, subject.comment_only)
        slots = [("tx", p, self.days.slot((semester, "tx"), p - 1, required, rng))
                 for p in range(1, required + 1)]  # fmt: skip
        slots.append(("gk", 1, self.days.slot((semester, "gk"), 0, 1, rng)))
        slots.append(("ck", 1, self.days.slot((semester, "ck"), 0, 1, rng)))
        for kind, position, day in slots:
            if day is None:
                continue
            for p in pupils:
                value = self._value(subject, kind, levels[p.id], p)
                entry = out.entry(p.id, subject.code, semester)
                if kind == "tx":
                    entry.regular.append(value)
                else:
                    setattr(entry, "mid" if kind == "gk" else "end", value)
                self.writer.add(
                    self.row(
                        p, class_id, subject.code, semester, kind, position, value, day
                    )
                )

    def _value(self, subject: Subject, kind: str, level: float, pupil: Pupil):
        rng = self.rng
        if subject.comment_only:
            weak = 0.12 if level < 4.2 else 0.02 if level < 5.2 else 0.002
            return tt22.NOT_PASSED if rng.random() < weak else tt22.PASSED
        if kind == "tx":
            return half_point(level + rng.gauss(0.25, 0.7))
        return test_score(level + rng.gauss(-0.15, 0.9))

    def row(self, p: Pupil, class_id, code, semester, kind, position, value, day):
        scored = isinstance(value, Decimal)
        return {
            "school_id": p.school_id,
            "version": 1,
            "year": self.year,
            "student_id": p.id,
            "class_id": class_id,
            "subject_code": code,
            "semester": semester,
            "kind": kind,
            "position": position,
            "score": value if scored else None,
            "verdict": None if scored else value,
            "day": day,
        }

    def retest(self, p: Pupil, class_id, subject: Subject, passes: bool) -> object:
        """A re-test mark (kind "kl", semester II) of a pupil's subject; None
        before the re-test's days."""
        day = self.days.slot((2, "kl"), 0, 1, self.rng)
        if subject.comment_only:
            value = tt22.PASSED if passes else tt22.NOT_PASSED
        else:
            low, high = (5.0, 7.5) if passes else (2.0, 4.4)
            value = test_score(self.rng.uniform(low, high))
        if day is None:
            return None  # the summer is still to come
        self.writer.add(self.row(p, class_id, subject.code, 2, "kl", 1, value, day))
        return value
