"""Rules about staff that need no database: the 12-digit personal ID, the training
standard of a teacher's qualification, age bands (pure functions, shared by forms,
imports and summaries)."""

from datetime import date

from smasweb.codelists import labels

# Qualification (trình độ chuyên môn cao nhất) → rank on the teacher-training ladder.
QUALIFICATION_RANK = {
    "11": 0, "06": 0, "09": 1, "10": 1, "05": 1, "18": 2, "15": 2, "04": 3,
    "17": 4, "14": 4, "03": 5, "16": 6, "13": 6, "07": 6, "02": 7, "08": 7, "01": 8,
}  # fmt: skip
# The standard (Luật Giáo dục 2019, Art. 72): preschool ≥ CĐSP, the rest ≥ ĐHSP;
# above it: preschool with a university degree, the rest with a postgraduate one.
STANDARD_RANK = {"01": (4, 5), "02": (6, 7), "03": (6, 7), "04": (6, 7), "05": (6, 7)}
TEACHING_GROUPS = ("01", "03")  # managers and teachers are held to the standard
AGE_BANDS = ((20, 29), (30, 39), (40, 49), (50, 54), (55, 59), (60, 200))
AGE_BAND_LABELS = (
    "Từ 20 - 29 tuổi",
    "Từ 30 - 39 tuổi",
    "Từ 40 - 49 tuổi",
    "Từ 50 - 54 tuổi",
    "Từ 55 - 59 tuổi",
    "60 tuổi",
)


def training_standard(group: str, level: str | None, qualification: str) -> str | None:
    """01 đạt, 02 trên, 03 chưa đạt chuẩn; None for employees or an unknown level."""
    if group not in TEACHING_GROUPS or level not in STANDARD_RANK:
        return None
    rank = QUALIFICATION_RANK.get(qualification, 0)
    meets, above = STANDARD_RANK[level]
    if rank < meets:
        return "03"
    return "02" if rank >= above else "01"


def check_personal_id(pid: str, gender: str | None, birth: date | None) -> str | None:
    """Why a 12-digit personal ID (số định danh cá nhân) is wrong, or None.

    Province of birth registration (3 digits: 0 + GSO code), century/gender digit
    (1900s: 0 male, 1 female; 2000s: 2, 3 …), two digits of the birth year, 6 more.
    """
    if len(pid) != 12 or not pid.isdigit():
        return "Số định danh cá nhân phải gồm đúng 12 chữ số."
    if pid[0] != "0" or pid[1:3] not in labels("provinces"):
        return f"Ba số đầu ({pid[:3]}) không phải mã tỉnh nơi đăng ký khai sinh."
    if birth is not None:
        digit = (birth.year // 100 - 19) * 2 + (1 if gender == "02" else 0)
        if gender in ("01", "02") and pid[3] != str(digit):
            who = "nữ" if gender == "02" else "nam"
            return (
                f"Chữ số thứ 4 ({pid[3]}) không khớp: {who} sinh năm {birth.year} "
                f"phải là {digit}."
            )
        if pid[4:6] != f"{birth.year % 100:02d}":
            return (
                f"Chữ số thứ 5–6 ({pid[4:6]}) phải là hai số cuối của năm sinh "
                f"({birth.year % 100:02d})."
            )
    return None


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int) -> int | None:
    """Index into AGE_BANDS, or None under 20."""
    return next((i for i, (lo, hi) in enumerate(AGE_BANDS) if lo <= age <= hi), None)
