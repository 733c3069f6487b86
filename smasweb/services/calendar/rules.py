"""The rules that generate each school year's report periods (the plan's defaults).

Dates are (day, month); months September–December fall in the year the school year
starts, January–August in the next. Monthly rules repeat in every month listed.
"""

import calendar as month_calendar
from datetime import date

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import PeriodRule, ReportPeriod
from smasweb.services import years as school_years

GRADED_LEVELS = "02,03,04,05"  # primary and up: the levels that give grades

# kind, title, opens, closes, locks, months, fields, levels
DEFAULTS: tuple[tuple, ...] = (
    (
        "after_opening",
        "Báo cáo sau khai giảng",
        (1, 9),
        (6, 9),
        (9, 9),
        None,
        "profile,campuses,classes,students,staff,facilities,budget,health",
        "",
    ),
    (
        "monthly",
        "Báo cáo tháng",
        (15, 0),
        (15, 0),
        (17, 0),
        "9,10,11,12,1,2,3,4,5",
        "attendance,movements,grades,health",
        "",
    ),
    (
        "semester_1",
        "Báo cáo học kỳ I",
        (25, 12),
        (30, 12),
        (31, 12),
        None,
        "grades,results",
        GRADED_LEVELS,
    ),
    (
        "graduation_thcs",
        "Xét công nhận tốt nghiệp THCS",
        (20, 5),
        (24, 5),
        (25, 5),
        None,
        "graduation_thcs",
        "03,05",
    ),
    (
        "school_year",
        "Báo cáo năm học",
        (25, 5),
        (30, 5),
        (31, 5),
        None,
        "grades,results",
        GRADED_LEVELS,
    ),
    (
        "graduation_thpt",
        "Tốt nghiệp THPT",
        (5, 8),
        (10, 8),
        (15, 8),
        None,
        "graduation_thpt",
        "04,05",
    ),
    ("sync_start", "Đồng bộ CSDL ngành kỳ đầu năm", (10, 10), (10, 10), (10, 10)),
    ("sync_mid", "Đồng bộ CSDL ngành kỳ giữa năm", (10, 1), (10, 1), (10, 1)),
    ("sync_end", "Đồng bộ CSDL ngành kỳ cuối năm", (31, 5), (31, 5), (31, 5)),
    ("sync_thpt", "Đồng bộ CSDL ngành tốt nghiệp THPT", (15, 8), (15, 8), (15, 8)),
)

KIND_LABELS = {row[0]: row[1] for row in DEFAULTS}
# ngày chốt số liệu per kind (day, month; month 0: the period's own month); a kind
# not listed counts as of its lock day. After-opening: the lock day; the Ministry's
# start-of-year statistics (TT 24/2018, kept by TT 25/2024): 30/09.
DATA_DATES = {
    "after_opening": (9, 9),
    "monthly": (15, 0),
    "semester_1": (31, 12),
    "school_year": (31, 5),
    "graduation_thcs": (25, 5),
    "graduation_thpt": (15, 8),
    "sync_start": (30, 9),
}


def default_rules() -> list[PeriodRule]:
    out = []
    for position, row in enumerate(DEFAULTS):
        kind, title, opens, closes, locks, *rest = row
        months, fields, levels = (rest + [None, "", ""])[:3]
        data = DATA_DATES.get(kind, locks)
        out.append(
            PeriodRule(
                kind=kind,
                title=title,
                opens_day=opens[0],
                opens_month=opens[1],
                closes_day=closes[0],
                closes_month=closes[1],
                locks_day=locks[0],
                locks_month=locks[1],
                data_day=data[0],
                data_month=data[1],
                months=months,
                fields=fields or "",
                levels=levels or "",
                position=position,
            )
        )
    return out


def rules() -> list[PeriodRule]:
    """The Department's rules, or the plan's defaults while none are stored."""
    stored = list(db.session.scalars(select(PeriodRule).order_by(PeriodRule.position)))
    return stored or default_rules()


def ensure_rules() -> list[PeriodRule]:
    """Store the default rules once, so the Department can edit them."""
    stored = list(db.session.scalars(select(PeriodRule).order_by(PeriodRule.position)))
    if not stored:
        stored = default_rules()
        db.session.add_all(stored)
        db.session.flush()
    return stored


def on(year: int, day: int, month: int) -> date:
    """(day, month) of school year `year`; a day past the month's end is its last day."""
    cal_year = year if month >= 9 else year + 1
    last = month_calendar.monthrange(cal_year, month)[1]
    return date(cal_year, month, min(day, last))


def _data(rule: PeriodRule) -> tuple[int, int]:
    """The rule's data date (day, month), the lock day when none is set."""
    if rule.data_day:
        return rule.data_day, rule.data_month or 0
    return rule.locks_day, rule.locks_month


def build(year: int, rule_list: list[PeriodRule] | None = None) -> list[ReportPeriod]:
    """The periods of one school year from the rules (new objects, not in the session)."""
    label = f"{year}-{year + 1}"
    out = []
    for position, rule in enumerate(rule_list or rules()):
        common = dict(
            year=year,
            kind=rule.kind,
            fields=rule.fields,
            levels=rule.levels,
            lock_count=0,
            position=position * 20,
        )
        if rule.month_list:
            for i, m in enumerate(rule.month_list):
                opens = on(year, rule.opens_day, m)
                out.append(
                    ReportPeriod(
                        **common | {"position": position * 20 + i},
                        month=m,
                        title=f"{rule.title} {m:02d}/{opens.year}",
                        opens_on=opens,
                        closes_on=on(year, rule.closes_day, m),
                        locks_on=on(year, rule.locks_day, m),
                        data_on=on(year, _data(rule)[0], m),
                    )
                )
        else:
            out.append(
                ReportPeriod(
                    **common,
                    month=0,
                    title=f"{rule.title} {label}",
                    opens_on=on(year, rule.opens_day, rule.opens_month),
                    closes_on=on(year, rule.closes_day, rule.closes_month),
                    locks_on=on(year, rule.locks_day, rule.locks_month),
                    data_on=on(year, *_data(rule)),
                )
            )
    return out


def ensure_year(year: int) -> list[ReportPeriod]:
    """Store the year's periods that are missing (existing ones keep their edits)."""
    school_years.ensure_year(year)
    have = {
        (p.kind, p.month)
        for p in db.session.scalars(
            select(ReportPeriod).where(ReportPeriod.year == year)
        )
    }
    new = [p for p in build(year, ensure_rules()) if (p.kind, p.month) not in have]
    db.session.add_all(new)
    db.session.flush()
    return new
