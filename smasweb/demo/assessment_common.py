"""What the demo's marks, evaluations and results share: the pupils with their
ability, the school effect, the dates of each assessment, and a batched writer.

A pupil's results come from three draws, made once and reused in both years so a
pupil stays the same pupil: the school's effect (about ±0.5 of a mark), the
pupil's ability (standard normal) and each subject's difficulty
(SUBJECT_DIFFICULTY). Deterministic: every draw comes from a seeded Random.
"""

import time
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from sqlalchemy import insert

from smasweb import clock
from smasweb.extensions import db
from smasweb.services.calendar import school_days

BATCH = 10_000
# mark offset of a subject: Toán and Ngoại ngữ are the hard ones, GDQP-AN the easy one
SUBJECT_DIFFICULTY = {
    "toan": -0.55, "ngoai_ngu_1": -0.45, "vat_li": -0.4, "hoa_hoc": -0.35,
    "khtn": -0.3, "ngu_van": -0.1, "sinh_hoc": -0.1, "lich_su": 0.05,
    "ls_dl": 0.15, "dia_li": 0.3, "tin_hoc": 0.35, "cong_nghe": 0.45,
    "gdcd": 0.55, "gdktpl": 0.45, "gdqp_an": 0.75, "tieng_viet": -0.1,
}  # fmt: skip
# (month, day) windows of each assessment, by semester; a year's second semester
# falls in the school year's second calendar year
WINDOWS = {
    (1, "tx"): ((9, 14), (12, 12)),
    (1, "gk"): ((10, 26), (11, 6)),
    (1, "ck"): ((12, 14), (12, 24)),
    (2, "tx"): ((1, 12), (5, 8)),
    (2, "gk"): ((3, 9), (3, 20)),
    (2, "ck"): ((5, 4), (5, 15)),
    (2, "kl"): ((7, 13), (7, 24)),  # the re-test, in the summer (TT 22 Art. 14)
}
PRIMARY_WINDOWS = {
    "gk1": ((10, 26), (11, 6)),
    "ck1": ((12, 21), (12, 30)),
    "gk2": ((3, 16), (3, 27)),
    "ck2": ((5, 18), (5, 25)),
}
SEMESTER_BOUNDS = {1: ((9, 5), (12, 31)), 2: ((1, 1), (5, 31))}


@dataclass
class Pupil:
    id: int
    school_id: int
    class_id: int
    grade: str
    ability: float
    repeats: bool = False  # will repeat the grade (the past year's decision)


def on(year: int, month_day: tuple[int, int]) -> date:
    """A (month, day) of the school year starting in `year`."""
    month, day = month_day
    return date(year if month >= 8 else year + 1, month, day)


def semester_bounds(year: int, semester: int) -> tuple[date, date]:
    first, last = SEMESTER_BOUNDS[semester]
    return on(year, first), on(year, last)


class Days:
    """The school days of each assessment window of a year, cut at `today`."""

    def __init__(self, year: int, today: date) -> None:
        self.year, self.today, self._cache = year, today, {}

    def window(self, key, windows=WINDOWS) -> list[date]:
        if key not in self._cache:
            first, last = (on(self.year, md) for md in windows[key])
            days = school_days.between(first, last)
            # the summer re-test falls outside teaching: any weekday then
            self._cache[key] = days or [
                first + timedelta(days=i)
                for i in range((last - first).days + 1)
                if (first + timedelta(days=i)).weekday() < 5
            ]
        return self._cache[key]

    def semester_over(self, semester: int) -> bool:
        return semester_bounds(self.year, semester)[1] < self.today

    def slot(self, key, part: int, parts: int, rng: Random, windows=WINDOWS):
        """A school day in the part-th of `parts` equal slices of the window, or
        None when it is still to come."""
        days = self.window(key, windows)
        size = len(days) / parts
        pick = days[int(part * size) + rng.randrange(max(1, int(size)))]
        return pick if pick <= self.today else None


def school_effects(school_ids, seed: int = 17) -> dict[int, float]:
    rng = Random(seed)  # noqa: S311 - seeded: the demo is the same on every load
    return {sid: rng.gauss(0.0, 0.45) for sid in sorted(school_ids)}


def pupil_abilities(student_ids, seed: int = 22) -> dict[int, float]:
    rng = Random(seed)  # noqa: S311 - seeded: the demo is the same on every load
    return {sid: rng.gauss(0.0, 1.0) for sid in sorted(student_ids)}


class Writer:
    """Rows of one model, inserted in batches of BATCH as Core executemany INSERTs
    (services/guard_core checks each one and, under the demo's override, writes one
    audit row per school and statement); counts the rows and the seconds spent."""

    def __init__(self, model) -> None:
        self.model, self.rows, self.total, self.seconds = model, [], 0, 0.0
        stamp = clock.as_utc(clock.now())  # one stamp: no default called per row
        self.stamps = {"created_at": stamp, "updated_at": stamp}

    def add(self, row: dict) -> None:
        row.update(self.stamps)
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> int:
        if self.rows:
            t0 = time.perf_counter()
            db.session.execute(insert(self.model.__table__), self.rows)
            self.seconds += time.perf_counter() - t0
            self.total += len(self.rows)
            self.rows = []
        return self.total
