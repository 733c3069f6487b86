"""How many of whom a demo school employs, and their typical qualifications, titles,
subjects and salary scales (the tables behind demo/staff.py)."""

from decimal import Decimal as D
from random import Random

from smasweb import codelists

LEVEL_OF_GRADE = {r["code"]: r["level"] for r in codelists.rows("grades")}
TEACHERS_PER_CLASS = {"01": 2.0, "02": 1.55, "03": 1.95, "04": 2.2, "05": 2.2}
FEMALE_TEACHERS = {"01": 0.98, "02": 0.78, "03": 0.68, "04": 0.58, "05": 0.5}
KHMER_SHARE = {"862": 0.25, "860": 0.12, "859": 0.1, "861": 0.1}  # by district
# Mostly at or above the standard (preschool ≥ CĐSP 17, the rest ≥ ĐHSP 16).
_GENERAL = (("16", "13", "02", "17", "18"), (72, 5, 10, 11, 2))
TEACHER_QUALIFICATIONS = {
    "01": (("17", "16", "14", "18", "02"), (38, 48, 5, 8, 1)),
    "02": _GENERAL,
    "03": (("16", "13", "02", "17"), (74, 5, 12, 9)),
    "04": (("16", "02", "01", "13"), (68, 27, 1, 4)),
    "05": (("16", "02", "03"), (70, 20, 10)),
}
# (hạng III, hạng II) professional titles by level; managers hold a teacher title.
TEACHER_TITLES = {
    "01": ("V.07.02.26", "V.07.02.25"),
    "02": ("V.07.03.29", "V.07.03.28"),
    "03": ("V.07.04.32", "V.07.04.31"),
    "04": ("V.07.05.15", "V.07.05.14"),
    "05": ("V.07.05.15", "V.07.05.14"),
}
SALARY = {  # title → (coefficient at step 1, rise per step)
    "V.07.02.26": (D("2.10"), D("0.31")), "V.07.02.25": (D("2.34"), D("0.33")),
    "V.07.03.28": (D("4.00"), D("0.34")), "V.07.04.31": (D("4.00"), D("0.34")),
    "V.07.05.14": (D("4.40"), D("0.34")), "06.032": (D("2.10"), D("0.31")),
    "01.007": (D("1.86"), D("0.20")), "01.011": (D("1.50"), D("0.18")),
    "V.08.03.07": (D("1.86"), D("0.20")), "V.11.05.09": (D("1.86"), D("0.20")),
}  # fmt: skip
# employee position → (qualification choices, title)
EMPLOYEE_QUALIFICATIONS = {
    "15": (("04", "03", "05"), "06.032"),  # kế toán
    "16": (("05", "04", "03"), "01.007"),  # văn thư
    "11": (("05", "05", "03"), "V.08.03.07"),  # y tế
    "09": (("04", "05", "03"), "V.10.02.06"),  # thư viện
    "10": (("05", "04"), "V.11.05.09"),  # thiết bị
    "13": (("04", "03"), "V.11.05.09"),  # thí nghiệm
    "32": (("03", "04"), "01.004"),  # công nghệ thông tin
    "25": (("05", "04"), "01.005"),  # thủ quỹ
    "34": (("03", "04"), "01.004"),  # giáo vụ
    "33": (("03", "04"), "01.005"),  # hỗ trợ giáo dục người khuyết tật
    "17": (("11", "06"), "01.011"),  # bảo vệ
    "31": (("06", "11"), "01.011"),  # nấu ăn
}
LEVEL_MAJORS = {"01": "Giáo dục Mầm non", "02": "Giáo dục Tiểu học"}
MAJORS = {  # subject → major
    "06": "Sư phạm Âm nhạc",
    "07": "Sư phạm Mỹ thuật", "10": "Giáo dục Thể chất", "11": "Sư phạm Tiếng Anh",
    "12": "Sư phạm Tin học",
}  # fmt: skip
for _row in codelists.rows("subjects"):
    MAJORS.setdefault(_row["code"], f"Sư phạm {_row['label']}")
PRIMARY_SPECIALISTS = ("06", "07", "10", "11", "12")
# Secondary subjects, the main ones more often (one teacher each, a few teach two).
SECONDARY = {
    "03": "15 19 22 15 19 22 16 17 18 20 21 26 27 28 29 30 32 66 67",
    "04": "34 39 42 34 39 42 35 36 37 38 40 41 46 47 48 52",
    "05": "53 57 53 57 54 55 56 58 59",
}


def teachers_needed(level: str, classes: int) -> int:
    return max(1, round(classes * TEACHERS_PER_CLASS.get(level, 1.5))) if classes else 0


def female_share(group: str, position: str, level: str) -> float:
    if group == "03":
        return FEMALE_TEACHERS.get(level, 0.6)
    if group == "01":
        return 0.95 if level == "01" else 0.5
    return {"17": 0.05, "31": 0.9, "32": 0.3}.get(position, 0.75)


def subjects_of(level: str, homeroom, rng: Random) -> str | None:
    """Subject codes a teacher teaches (none for preschool groups)."""
    if level == "01":
        return None
    if level == "02":
        return "01,02,03,04" if homeroom else rng.choice(PRIMARY_SPECIALISTS)
    pool = SECONDARY[level].split()
    picks = dict.fromkeys(rng.sample(pool, 2 if rng.random() < 0.15 else 1))
    return ",".join(picks)


def managers_of(plan, classes: int, principal: str | None, leader) -> list[dict]:
    """The principal (the profile's name) and 1–3 deputies, the first one with the
    demo leader account."""
    centre = "05" in plan.school.level_codes
    level, rng = plan.main_level, plan.rng
    deputies = 1 if classes < 18 else 2 if classes < 36 else 3
    quals = (("16", "02", "17"), (70, 25, 5))
    out = [
        plan.person(
            "01",
            "05" if centre else "01",
            level,
            rng.choices(*quals)[0],
            name=principal,
        )
    ]
    for i in range(deputies):
        name = leader[1] if leader and i == 0 else None
        p = plan.person(
            "01", "06" if centre else "02", level, rng.choices(*quals)[0], name=name
        )
        if name:
            p["user"] = leader[0]
        out.append(p)
    out[0]["year"] = plan.year_row(duties="01" if rng.random() < 0.85 else None)
    return out


def employees_of(plan, classes: int) -> list[dict]:
    """Kế toán, văn thư, y tế, bảo vệ everywhere; library and equipment in general
    schools; cooks in preschools; IT, cashier, academic office in larger schools."""
    rng, levels = plan.rng, set(plan.school.level_codes)
    general = bool(levels - {"01"})
    wanted = ["15", "16", "17"] + ["17"] * (classes >= 20)
    wanted += ["11"] if rng.random() < 0.95 else []
    if "01" in levels:
        wanted += ["31"] * max(1, classes // 3)
    if general:
        wanted += ["09"] if rng.random() < 0.9 else []
        wanted += ["10"] if classes >= 12 or levels & {"03", "04"} else []
        wanted += ["13"] if classes >= 20 and levels & {"03", "04"} else []
        wanted += ["32"] if classes >= 25 else []
        wanted += ["34"] if "04" in levels and rng.random() < 0.6 else []
        wanted += ["33"] if rng.random() < 0.03 else []
    cashier = classes >= 20
    wanted += ["25"] if cashier else []
    out = []
    for position in wanted:
        qual = rng.choice(EMPLOYEE_QUALIFICATIONS[position][0])
        p = plan.person("02", position, plan.main_level, qual)
        if position == "16" and not cashier and rng.random() < 0.6:
            p["year"] = plan.year_row(duties="15,14")  # văn thư kiêm thủ quỹ
        out.append(p)
    return out
