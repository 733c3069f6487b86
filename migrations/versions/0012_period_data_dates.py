"""calendar: a data date (ngày chốt số liệu) per period rule and period

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 18:30:00

Existing rules and periods get their kind's default: after-opening the lock day,
monthly the 15th, semester I 31/12, school year 31/05, graduation THCS 25/05 and
THPT 15/08, the Ministry's start-of-year statistics 30/09; any other kind its lock day.
"""

import calendar
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DATA_DATES = {  # kind → (day, month); month 0: the period's own month
    "after_opening": (9, 9),
    "monthly": (15, 0),
    "semester_1": (31, 12),
    "school_year": (31, 5),
    "graduation_thcs": (25, 5),
    "graduation_thpt": (15, 8),
    "sync_start": (30, 9),
}


def _on(year: int, day: int, month: int) -> date:
    cal_year = year if month >= 9 else year + 1
    return date(cal_year, month, min(day, calendar.monthrange(cal_year, month)[1]))


def upgrade():
    with op.batch_alter_table("period_rules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_day", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("data_month", sa.Integer(), nullable=True))
    with op.batch_alter_table("report_periods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_on", sa.Date(), nullable=True))
    bind = op.get_bind()
    rules = sa.table(
        "period_rules",
        sa.column("kind", sa.String),
        sa.column("locks_day", sa.Integer),
        sa.column("locks_month", sa.Integer),
        sa.column("data_day", sa.Integer),
        sa.column("data_month", sa.Integer),
    )
    rule_rows = bind.execute(
        sa.select(rules.c.kind, rules.c.locks_day, rules.c.locks_month)
    )
    for kind, locks_day, locks_month in list(rule_rows):
        day, month = DATA_DATES.get(kind, (locks_day, locks_month))
        bind.execute(
            rules.update()
            .where(rules.c.kind == kind)
            .values(data_day=day, data_month=month)
        )
    periods = sa.table(
        "report_periods",
        sa.column("id", sa.Integer),
        sa.column("year", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("month", sa.Integer),
        sa.column("locks_on", sa.Date),
        sa.column("data_on", sa.Date),
    )
    stmt = sa.select(
        periods.c.id,
        periods.c.year,
        periods.c.kind,
        periods.c.month,
        periods.c.locks_on,
    )
    for pid, year, kind, month, locks_on in list(bind.execute(stmt)):
        if kind in DATA_DATES:
            day, data_month = DATA_DATES[kind]
            data_on = _on(year, day, data_month or month or locks_on.month)
        else:
            data_on = locks_on
        bind.execute(
            periods.update().where(periods.c.id == pid).values(data_on=data_on)
        )


def downgrade():
    with op.batch_alter_table("report_periods", schema=None) as batch_op:
        batch_op.drop_column("data_on")
    with op.batch_alter_table("period_rules", schema=None) as batch_op:
        batch_op.drop_column("data_month")
        batch_op.drop_column("data_day")
