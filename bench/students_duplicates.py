"""How long the possible-duplicates list takes on a PROVINCE-scale demo.

    .venv/bin/python bench/students_duplicates.py [--db-url postgresql://…/empty_db]
                                                  [--loaded] [--repeat 20]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database), upgrades it, loads the province demo (~720,000 pupils) and says how long
that took; --loaded reuses a --db-url that already holds the province demo (upgraded
to the app's revision first, so the duplicates index exists). Then, in-process as the
page does (policy, scope, the UNION of the three equi-joins, the ORM rows), it times
`students.roster.duplicates()` --repeat times, each in a fresh session, for a clerk
(the school with the most pupils), a district officer (pgd855, the largest district),
a division officer (trh, one level across the province) and the admin (every
school), and prints p50/p95 and how many pairs each sees.
Target: p95 ≤ 300 ms on PostgreSQL.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from home_rps import BIN, ROOT, percentile  # noqa: E402
from list_pages import load_demo, vacuum  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from smasweb import create_app  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import Student, User  # noqa: E402
from smasweb.services.students import roster  # noqa: E402

TARGET_MS = 300


def biggest_school_clerk() -> str:
    school_id = db.session.scalar(
        select(Student.school_id)
        .where(Student.active.is_(True))
        .group_by(Student.school_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    return db.session.scalar(
        select(User.username).where(
            User.unit_id == school_id, User.username.like("cb.%")
        )
    )


def time_user(username: str, repeat: int) -> tuple[list[float], int]:
    ms, pairs = [], 0
    for _ in range(repeat + 1):  # the first run warms the caches, not counted
        db.session.remove()
        user = db.session.scalar(select(User).where(User.username == username))
        start = time.perf_counter()
        pairs = len(roster.duplicates(user))
        ms.append((time.perf_counter() - start) * 1000)
    db.session.remove()
    return sorted(ms[1:]), pairs


def measure(url: str, tmp: str, repeat: int, backend: str) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    app.instance_path = tmp
    with app.app_context():
        students = db.session.scalar(
            select(func.count()).select_from(Student).where(Student.active.is_(True))
        )
        users = [
            ("clerk", biggest_school_clerk()),
            ("district", "pgd855"),
            ("division", "trh"),  # a level's schools across the province
            ("admin", "admin"),
        ]
        print(f"{students:,} active pupils; {repeat} runs each after one warm-up")
        for role, username in users:
            ms, pairs = time_user(username, repeat)
            p50, p95 = percentile(ms, 50), percentile(ms, 95)
            met = "met" if p95 <= TARGET_MS else "NOT met"
            print(
                f"  {role:<8} {username:<12} {pairs:>3} pairs shown · "
                f"p50 {p50:7.1f} ms · p95 {p95:7.1f} ms ({backend}; "
                f"target p95 ≤ {TARGET_MS} ms: {met})"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="an EMPTY database (default: temp SQLite)")
    ap.add_argument("--loaded", action="store_true", help="--db-url has the demo")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="smas-bench-") as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = dict(
            os.environ,
            SMAS_DATABASE_URL=url,
            SMAS_SECRET_KEY=secrets.token_hex(32),
            SMAS_INSTANCE_PATH=tmp,
        )
        backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        if not (args.loaded and args.db_url):
            seconds = load_demo(env, Path(tmp) / "demo.json")
            print(f"province demo loaded in {seconds:.1f} s ({backend})")
        else:
            vacuum(url)  # the new index's statistics, if the upgrade just built it
        measure(url, tmp, args.repeat, backend)


if __name__ == "__main__":
    main()
