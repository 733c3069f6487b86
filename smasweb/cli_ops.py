"""Operations commands: the schema check every data command runs first, and
`flask --app wsgi smas backup|restore FILE`."""

import functools
import sys
from collections.abc import Callable
from typing import NoReturn

import click
from flask_migrate import upgrade

from smasweb.services.errors import DomainError
from smasweb.services.operations import backup, schema


def fail(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def needs_schema(command: Callable) -> Callable:
    """Refuse (exit 1, one sentence) unless the database is at the app's revision."""

    @functools.wraps(command)
    def checked(*args, **kwargs):
        problem = schema.state().problem()
        if problem:
            fail([problem])
        return command(*args, **kwargs)

    return checked


def upgrade_if_needed() -> None:
    """Bring an empty or older database to the app's revision, saying so (`smas demo`)."""
    state = schema.state()
    if state.up_to_date:
        return
    if not schema.upgradable(state):
        fail([state.problem()])
    was = "trống" if state.empty else f"ở phiên bản {schema.describe(state.current)}"
    click.echo(f"Cơ sở dữ liệu {was}: nâng cấp lên {schema.describe(state.heads)}…")
    upgrade()


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path: str) -> None:
    """Write a consistent copy of the database to PATH while the app keeps running."""
    try:
        info = backup.create(path)
    except DomainError as exc:
        fail([exc.message])
    click.echo(f"Đã sao lưu vào {path}: {info.summary()}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: str, yes: bool) -> None:
    """Replace the whole database with the backup in PATH (stop the app first)."""
    try:
        info = backup.inspect_file(path)
        click.echo(f"Bản sao lưu {path}: {info.summary()}.")
        if not yes:
            click.confirm(
                "Khôi phục sẽ thay TOÀN BỘ dữ liệu hiện có. Tiếp tục?", abort=True
            )
        upgraded = backup.restore(path)
    except DomainError as exc:
        fail([exc.message])
    click.echo(f"Đã khôi phục từ {path}.")
    if upgraded:
        click.echo(f"Đã nâng cấp cơ sở dữ liệu lên phiên bản {upgraded}.")


def register(group: click.Group) -> None:
    group.add_command(backup_command)
    group.add_command(restore_command)
