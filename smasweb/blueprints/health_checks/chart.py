"""A child's weight-for-age chart as inline SVG coordinates: the WHO -2/0/+2 SD
curves of the child's sex (0–60 months) and the child's own checks."""

from dataclasses import dataclass

from smasweb.services.health import growth

WIDTH, HEIGHT = 600, 360  # the SVG's user units
LEFT, RIGHT, TOP, BOTTOM = 40, 45, 10, 30  # margins for the axes' labels
MONTHS, MAX_KG = 60, 30


def _x(month: float) -> float:
    return round(LEFT + month * (WIDTH - LEFT - RIGHT) / MONTHS, 1)


def _y(kg: float) -> float:
    return round(HEIGHT - BOTTOM - kg * (HEIGHT - TOP - BOTTOM) / MAX_KG, 1)


@dataclass
class Chart:
    width: int
    height: int
    curves: list[tuple[int, str, float]]  # (z, "x,y x,y …", y at 60 months)
    points: list[tuple[float, float, str]]  # (x, y, title)
    line: str  # the child's points joined
    x_ticks: list[tuple[float, int]]
    y_ticks: list[tuple[float, int]]
    left: int
    bottom: float
    right: float


def weight_chart(sex: str, checks) -> Chart:
    curves = [
        (z, " ".join(f"{_x(m)},{_y(kg)}" for m, kg in rows), _y(rows[-1][1]))
        for z, rows in growth.weight_curves(sex).items()
    ]
    points = [
        (
            _x(c.age_months),
            _y(float(c.weight_kg)),
            f"{c.checked_on:%d/%m/%Y}: {str(c.weight_kg).replace('.', ',')} kg, "
            f"{c.age_months} tháng",
        )
        for c in checks
        if c.age_months <= MONTHS
    ]
    return Chart(
        WIDTH,
        HEIGHT,
        curves,
        points,
        " ".join(f"{x},{y}" for x, y, _ in points),
        [(_x(m), m) for m in range(0, MONTHS + 1, 12)],
        [(_y(kg), kg) for kg in range(0, MAX_KG + 1, 5)],
        LEFT,
        _y(0),
        _x(MONTHS),
    )
