"""`flask --app wsgi smas snapshots --period ID | --missing`: take the lock
snapshots of locked periods that have none (an upgraded database, a lock whose
hooks never ran), so their documents print official numbers."""

import click

from smasweb.cli_ops import fail, needs_schema
from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.services.errors import DomainError
from smasweb.services.reports import official


@click.command("snapshots")
@click.option("--period", "period_id", type=int, help="Mã (id) của kỳ báo cáo.")
@click.option(
    "--missing", is_flag=True, help="Mọi kỳ đã khóa có báo cáo mà chưa chốt số liệu."
)
@needs_schema
def snapshots_command(period_id: int | None, missing: bool) -> None:
    """Chốt số liệu (snapshot) cho kỳ đã khóa chưa có bản chốt."""
    if (period_id is None) == (not missing):
        fail(["Hãy ghi --period ID hoặc --missing (một trong hai)."])
    if missing:
        periods = [p for p in official.locked_periods() if not official.is_frozen(p)]
    else:
        period = db.session.get(ReportPeriod, period_id)
        if period is None:
            fail([f"Không có kỳ báo cáo mã {period_id}."])
        periods = [period]
    for period in periods:
        try:
            taken = official.freeze_missing(period)
        except DomainError as exc:
            db.session.rollback()
            fail([exc.message])
        db.session.commit()
        if taken:
            click.echo(f"Kỳ «{period.title}»: đã chốt {taken} bản số liệu.")
        else:
            click.echo(f"Kỳ «{period.title}» đã có số liệu chốt: giữ nguyên.")
    if not periods:
        click.echo("Không có kỳ đã khóa nào thiếu số liệu chốt.")


def register(group: click.Group) -> None:
    group.add_command(snapshots_command)
