"""Where the database stands against the app's migrations (Alembic revisions).

Commands that read or write tables check this first, so a new or outdated database
gets a clear sentence naming the command to run instead of a `no such table` traceback.
"""

from dataclasses import dataclass

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect

from smasweb.extensions import db

UPGRADE_COMMAND = "flask --app wsgi db upgrade"


@dataclass(frozen=True)
class SchemaState:
    current: frozenset[str]  # revisions stored in alembic_version
    heads: frozenset[str]  # newest revisions the app knows
    known: frozenset[str]  # every revision the app knows
    has_tables: bool  # any table at all (a database made without migrations?)

    @property
    def empty(self) -> bool:
        return not self.current and not self.has_tables

    @property
    def up_to_date(self) -> bool:
        return self.current == self.heads

    @property
    def newer_than_app(self) -> bool:
        return bool(self.current - self.known)

    @property
    def behind(self) -> bool:
        return bool(self.current) and not self.up_to_date and not self.newer_than_app

    def problem(self) -> str | None:
        """Why commands cannot use this database as it is, in Vietnamese (or None)."""
        if self.up_to_date:
            return None
        if self.newer_than_app:
            return (
                f"Cơ sở dữ liệu ở phiên bản {describe(self.current)}, mới hơn ứng dụng "
                f"này ({describe(self.heads)}); hãy cập nhật ứng dụng."
            )
        if not self.current and self.has_tables:
            return (
                "Cơ sở dữ liệu có bảng nhưng không có phiên bản (alembic_version); "
                "không phải CSDL do ứng dụng này tạo."
            )
        if self.empty:
            return f"Cơ sở dữ liệu trống; hãy chạy `{UPGRADE_COMMAND}` trước."
        return (
            f"Cơ sở dữ liệu ở phiên bản {describe(self.current)}, cũ hơn ứng dụng "
            f"({describe(self.heads)}); hãy chạy `{UPGRADE_COMMAND}` trước."
        )


def describe(revisions: frozenset[str]) -> str:
    return ", ".join(sorted(revisions)) or "trống"


def script_directory() -> ScriptDirectory:
    migrate = current_app.extensions["migrate"].migrate
    return ScriptDirectory.from_config(migrate.get_config())


def state() -> SchemaState:
    """The revision state of the app's database (reads, changes nothing)."""
    scripts = script_directory()
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
    return SchemaState(
        current=frozenset(current),
        heads=frozenset(scripts.get_heads()),
        known=frozenset(s.revision for s in scripts.walk_revisions()),
        has_tables=bool(tables),
    )


def upgradable(s: SchemaState) -> bool:
    """An empty or older database that `db upgrade` brings to the app's version."""
    return s.empty or s.behind
