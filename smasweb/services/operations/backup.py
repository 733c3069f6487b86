"""Backup and restore of the whole database: every table, so uploads kept between
steps and generated PDFs too (they live in the database, not on disk).

SQLite: the online backup API copies the live file in one read transaction (a
consistent copy while the app runs); a small `smas_backup_info` table records when.
PostgreSQL: `pg_dump --format=custom` (one snapshot) and `pg_restore` in a single
transaction. Either file describes itself: its backend by its first bytes, its schema
revision by its own alembic_version table, so a restore refuses a file of the other
backend or of a newer app, and upgrades one of an older app.
"""

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask_migrate import upgrade

from smasweb.extensions import db
from smasweb.services.errors import DomainError
from smasweb.services.operations import backup_pg, schema

MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": backup_pg.MAGIC}
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
INFO_TABLE = "smas_backup_info"
APP_TABLES = {"alembic_version", "units", "users"}  # a file of this app has these


@dataclass(frozen=True)
class BackupInfo:
    backend: str
    revisions: frozenset[str]
    created_at: str

    def summary(self) -> str:
        return (
            f"{LABELS[self.backend]}, phiên bản CSDL {schema.describe(self.revisions)}"
            f", tạo lúc {self.created_at}"
        )


def backend() -> str:
    return db.engine.dialect.name


def create(path: str) -> BackupInfo:
    """Write the database to path (through a temp file: a failed run leaves no file)."""
    state = schema.state()
    if not state.current:
        raise DomainError("Cơ sở dữ liệu trống; không có gì để sao lưu.")
    target = Path(path).absolute()
    if backend() == "sqlite" and target == Path(_sqlite_path()).absolute():
        raise DomainError("Tệp sao lưu không được trùng tệp cơ sở dữ liệu.")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if backend() == "sqlite":
            _sqlite_backup(str(tmp))
        else:
            backup_pg.dump(str(tmp))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return inspect_file(str(target))


def inspect_file(path: str) -> BackupInfo:
    """What the backup in path holds; refuses a file that is not one of this app's."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    kind = next((k for k, magic in MAGIC.items() if head.startswith(magic)), None)
    if kind is None:
        raise DomainError(
            f"{path} không phải bản sao lưu SMAS Web (SQLite hoặc PostgreSQL)."
        )
    if kind != backend():
        raise DomainError(
            f"Bản sao lưu là của {LABELS[kind]}, còn ứng dụng đang dùng "
            f"{LABELS[backend()]}; không thể khôi phục chéo."
        )
    info = _sqlite_info(path) if kind == "sqlite" else backup_pg.info(path)
    tables, revisions, created_at = info
    if not tables >= APP_TABLES or not revisions:
        raise DomainError(f"{path} không phải bản sao lưu SMAS Web (thiếu bảng).")
    return BackupInfo(kind, frozenset(revisions), created_at)


def restore(path: str) -> str | None:
    """Replace the whole database with the backup; returns the new revision when the
    backup came from an older app and was upgraded after the restore."""
    info = inspect_file(path)
    state = schema.state()
    if info.revisions - state.known:
        raise DomainError(
            f"Bản sao lưu ở phiên bản CSDL {schema.describe(info.revisions)}, mới hơn "
            f"ứng dụng này ({schema.describe(state.heads)}); hãy cập nhật ứng dụng "
            "trước khi khôi phục."
        )
    db.session.remove()
    db.engine.dispose()  # no pooled connection holds the old tables
    if info.backend == "sqlite":
        _sqlite_restore(path)
    else:
        backup_pg.restore(path)
    db.engine.dispose()
    if info.revisions == state.heads:
        return None
    upgrade()
    return schema.describe(state.heads)


def _sqlite_path() -> str:
    path = db.engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        raise DomainError("Chỉ sao lưu được CSDL SQLite nằm trong một tệp.")
    return path


def _sqlite_backup(dest: str) -> None:
    # pages=-1: the whole copy in one step under one read transaction, so writers
    # committing meanwhile are either wholly in it or wholly out of it.
    with (
        closing(sqlite3.connect(_sqlite_path(), timeout=15)) as src,
        closing(sqlite3.connect(dest)) as out,
    ):
        src.backup(out)
        out.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        out.execute(f"CREATE TABLE {INFO_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        # INFO_TABLE is this module's constant, not input (S608).
        out.execute(f"INSERT INTO {INFO_TABLE} VALUES ('created_at', ?)", (stamp,))  # noqa: S608
        out.commit()


def _sqlite_info(path: str) -> tuple[set[str], set[str], str]:
    uri = Path(path).absolute().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not tables >= APP_TABLES:
                return tables, set(), ""
            revs = {
                r[0] for r in conn.execute("SELECT version_num FROM alembic_version")
            }
            stamp = "không rõ"  # a plain copy of the database file has no info table
            if INFO_TABLE in tables:
                row = conn.execute(
                    # INFO_TABLE is this module's constant, not input (S608).
                    f"SELECT value FROM {INFO_TABLE} WHERE key = 'created_at'"  # noqa: S608
                ).fetchone()
                stamp = row[0] if row else stamp
    except sqlite3.DatabaseError as exc:
        raise DomainError(f"Không đọc được tệp SQLite {path}: {exc}.") from exc
    return tables, revs, stamp


def _sqlite_restore(path: str) -> None:
    """Copy the backup into the live file with the backup API, atomically.

    Not an os.replace of the file: the live database's -wal file would be replayed
    onto the new file, and a process still holding the old file would keep writing
    into a deleted inode. The backup API writes the new pages in one transaction of
    the live database, which every connection then sees.
    """
    live = Path(_sqlite_path())
    tmp = live.with_name(f".{live.name}.restore-{os.getpid()}.tmp")
    shutil.copyfile(path, tmp)
    try:
        with closing(sqlite3.connect(tmp)) as src:
            try:  # a damaged file may fail the check or raise while checked
                healthy = src.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                src.execute(f"DROP TABLE IF EXISTS {INFO_TABLE}")
                src.commit()
            except sqlite3.DatabaseError:
                healthy = False
            if not healthy:
                raise DomainError(f"Tệp sao lưu {path} bị hỏng; không khôi phục.")
            with closing(sqlite3.connect(live, timeout=15)) as dest:
                src.backup(dest)
    finally:
        tmp.unlink(missing_ok=True)
