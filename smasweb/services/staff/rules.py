"""Rules about staff that need no database: the training standard of a teacher's
qualification and the age bands of the staff summary (shared by forms, imports, the
demo and summaries)."""

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
