"""PostgreSQL half of services/operations/backup.py: pg_dump and pg_restore, run as child
processes on the app's own connection settings (the password through PGPASSWORD,
never on a command line that `ps` shows)."""

import os
import re
import shutil
import subprocess

from flask import current_app
from sqlalchemy import URL, inspect, text

from smasweb.extensions import db
from smasweb.services.errors import DomainError

MAGIC = b"PGDMP"


def dump(dest: str) -> None:
    """pg_dump reads every table in one snapshot: consistent while the app writes."""
    _run("pg_dump", ["--format=custom", f"--file={dest}"])


def restore(path: str) -> None:
    """Replace every table of the backup in one transaction: all or nothing.

    Tables the backup lacks (an older backup restored over a newer schema) would
    block its drops by their foreign keys: they go first, once pg_restore is known
    to be usable, in their own transaction (the one step outside pg_restore's).
    """
    keep = _tables_in(path)
    _tool("pg_restore")
    extra = [t for t in inspect(db.engine).get_table_names() if t not in keep]
    if extra:
        names = ", ".join(map(db.engine.dialect.identifier_preparer.quote, extra))
        with db.engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {names} CASCADE"))
        db.engine.dispose()
    _run(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",  # a new server need not have the old roles
            "--single-transaction",
            "--exit-on-error",
            path,
        ],
    )


def info(path: str) -> tuple[set[str], set[str], str]:
    """The tables, alembic revisions and creation time recorded in a dump."""
    listing = _run("pg_restore", ["--list", path], connect=False)
    created = re.search(r"^;\s+Archive created at (.+)$", listing, re.M)
    tables = _tables_in(path, listing)
    revs: set[str] = set()
    if "alembic_version" in tables:
        data = _run(
            "pg_restore",
            ["--data-only", "--table=alembic_version", "--file=-", path],
            connect=False,
        )
        block = re.search(
            r"^COPY [^\n]*alembic_version[^\n]*\n(.*?)^\\\.$", data, re.M | re.S
        )
        revs = set(block.group(1).split()) if block else set()
    return tables, revs, created.group(1).strip() if created else "không rõ"


def _tables_in(path: str, listing: str | None = None) -> set[str]:
    listing = listing or _run("pg_restore", ["--list", path], connect=False)
    return set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.M))


def _run(tool: str, args: list[str], connect: bool = True) -> str:
    exe = _tool(tool)
    url = db.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    if connect:  # url.set(password=None) would keep the password: build it anew
        dsn = URL.create(
            "postgresql",
            username=url.username,
            host=url.host,
            port=url.port,
            database=url.database,
            query=url.query,
        ).render_as_string(hide_password=False)
        args = [*args, "--no-password", f"--dbname={dsn}"]
    # exe is the pg tool found by shutil.which; args is a list, no shell (S603).
    done = subprocess.run([exe, *args], env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()[-3:]
        raise DomainError(f"{tool} lỗi: {' '.join(lines) or done.returncode}")
    return done.stdout


def _tool(name: str) -> str:
    """The client program, refused when missing or older than the server (pg_dump
    cannot dump a newer server; SMAS_PG_BIN_DIR picks a version-specific folder)."""
    folder = current_app.config.get("PG_BIN_DIR")
    exe = shutil.which(name, path=folder) if folder else shutil.which(name)
    server = _server_major()
    if exe is None:
        raise DomainError(
            f"Không tìm thấy {name}: hãy cài gói postgresql-client {server} "
            "(hoặc đặt SMAS_PG_BIN_DIR)."
        )
    # exe is the pg tool found by shutil.which; args is a list, no shell (S603).
    out = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout  # noqa: S603
    found = re.search(r"\)\s*(\d+)", out)
    major = int(found.group(1)) if found else 0
    if major < server:
        raise DomainError(
            f"{name} phiên bản {major or '?'} cũ hơn máy chủ PostgreSQL {server}: "
            f"hãy cài postgresql-client {server} (hoặc đặt SMAS_PG_BIN_DIR)."
        )
    return exe


def _server_major() -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SHOW server_version_num")).scalar()) // 10000
