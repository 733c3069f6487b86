"""`flask --app wsgi smas …`: init, demo (and later: scheduler, jobs)."""

import json
import os

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.services import auth, demo, passwords
from smasweb.services.errors import DomainError


@click.group("smas")
def smas() -> None:
    """SMAS Web administration commands."""


@smas.command("init")
@click.option("--username", prompt="Tên đăng nhập quản trị", default="admin")
@click.option(
    "--password", prompt="Mật khẩu", hide_input=True, confirmation_prompt=True
)
@click.option("--full-name", default="Quản trị hệ thống")
def init_command(username: str, password: str, full_name: str) -> None:
    """Upgrade the database and create the first admin (Văn phòng Sở)."""
    upgrade()
    _, office = demo.ensure_department()
    if db.session.scalar(
        select(User).where(func.lower(User.username) == username.lower())
    ):
        db.session.commit()
        click.echo(f"Tài khoản {username} đã có; không tạo lại.")
        return
    try:
        passwords.check_strength(password, username)
    except DomainError as exc:
        raise click.BadParameter(exc.message, param_hint="--password") from exc
    user = User(
        username=username.lower(),
        full_name=full_name,
        role="admin",
        unit=office,
        **User.search_keys(full_name, username),
    )
    auth.set_password(user, password, must_change=False)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Đã tạo tài khoản quản trị {username}.")


@smas.command("demo")
@click.option("--password", required=True, help="Password of every demo account.")
@click.option("--scale", type=click.Choice(["small", "province"]), default="small")
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the demo accounts as JSON to this file.",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when schools already exist.")
def demo_command(
    password: str, scale: str, manifest: str | None, if_empty: bool
) -> None:
    """Load a realistic demo Vĩnh Long with accounts for every role."""
    if if_empty and db.session.scalar(
        select(func.count()).where(Unit.kind == "school")
    ):
        click.echo("Cơ sở dữ liệu đã có dữ liệu; bỏ qua dữ liệu mẫu.")
        if manifest and os.path.exists(manifest):
            with open(manifest, encoding="utf-8") as fh:
                _print_logins(json.load(fh), password)
        return
    try:
        result = demo.load_demo(password, scale)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    if manifest:
        os.makedirs(os.path.dirname(os.path.abspath(manifest)), exist_ok=True)
        with open(manifest, "w", encoding="utf-8") as fh:
            json.dump(result.accounts, fh, ensure_ascii=False, indent=1)
    click.echo(f"Đã nạp {result.schools} trường, {len(result.accounts)} tài khoản mẫu.")
    _print_logins(result.accounts, password)


def _print_logins(accounts: list[dict], password: str) -> None:
    """Two logins per role: the first and the last (a Department-level and a district school)."""
    click.echo(f"Tài khoản mẫu (mật khẩu: {password}):")
    by_role: dict[str, list[dict]] = {}
    for a in accounts:
        by_role.setdefault(a["role"], []).append(a)
    for rows in by_role.values():
        for a in {id(r): r for r in (rows[0], rows[-1])}.values():
            click.echo(f"  {a['username']:<18} {a['role']:<14} {a['unit_name']}")


def init_app(app: Flask) -> None:
    app.cli.add_command(smas)
