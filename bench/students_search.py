"""Latency of the pupils' name search (no diacritics) on a PROVINCE-scale demo.

    .venv/bin/python bench/students_search.py [--concurrency 4] [--duration 10]
                                              [--db-url postgresql://…/empty_db]
                                              [--user admin --user pgd855]
                                              [--loaded] [--query-only]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database), loads the province demo (~720,000 pupils) and says how long that took,
starts gunicorn on 127.0.0.1, signs in through the real /login form as each --user
(default "admin", who reads every school's pupils; "pgd855" is a district officer)
and GETs /students/?q=<a real name without diacritics>&status=all for names of
pupils in that user's scope. Prints p50/p95/p99 latency and req/s per user (target:
p95 ≤ 200 ms on PostgreSQL). --loaded reuses a --db-url that already holds the
province demo (password Bench2019demo) instead of loading it. --query-only times
the search query itself (name_folded LIKE '%…%', ordered by name, first page)
without the web layer. Only loopback traffic; gunicorn is always stopped at the end.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from random import Random
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from home_rps import BIN, HOST, ROOT, free_port, log_in, percentile, stop, wait_ready  # noqa: E402,E501
from list_pages import load_demo  # noqa: E402
from staff_search import found_ratio, run  # noqa: E402

from smasweb.text import fold  # noqa: E402

SEARCH = text(
    "SELECT id, full_name FROM students WHERE name_folded LIKE :q "
    "ORDER BY sort_key LIMIT 50"
)


# pupils a user reads: a district officer those of its schools, a school user its own
IN_SCOPE = text(
    "SELECT s.full_name FROM students s JOIN units u ON u.id = s.school_id "
    "JOIN users a ON a.username = :user JOIN units home ON home.id = a.unit_id "
    "WHERE s.id % :step = 0 AND (home.kind NOT IN ('district', 'school') "
    "OR u.id = home.id OR u.parent_id = home.id)"
)


def search_terms(db_url: str, n: int, user: str) -> list[str]:
    """Folded queries for real names in the user's scope: full names, and family +
    given name only."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM students")).scalar_one()
        step = max(1, count // 100_000)  # a sample of ~100,000 names at most
        rows = conn.execute(IN_SCOPE, {"user": user, "step": step})
        names = [r[0] for r in rows]
    engine.dispose()
    print(
        f"{count} pupils in the database, {len(names) * step} or so in {user}'s scope"
    )
    n = min(n, len(names))
    picked = Random(72).sample(names, n)
    terms = [fold(name) for name in picked[: n * 2 // 3]]
    terms += [fold(f"{x.split()[0]} {x.split()[-1]}") for x in picked[n * 2 // 3 :]]
    return terms


def time_query(db_url: str, terms: list[str], seconds: float) -> list[float]:
    engine = create_engine(db_url)
    out: list[float] = []
    deadline = time.perf_counter() + seconds
    with engine.connect() as conn:
        i = 0
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            conn.execute(SEARCH, {"q": f"%{terms[i % len(terms)]}%"}).all()
            out.append((time.perf_counter() - t0) * 1000)
            i += 1
    engine.dispose()
    return sorted(out)


def report(what: str, ms: list[float], rps: float, failures=()) -> None:
    p50, p95, p99 = (percentile(ms, p) for p in (50, 95, 99))
    print(what)
    print(f"  requests {len(ms)} ({rps:.0f} req/s)")
    print(f"  latency  p50 {p50:.1f} ms · p95 {p95:.1f} ms · p99 {p99:.1f} ms")
    print(f"  target   p95 ≤ 200 ms: {'met' if p95 <= 200 else 'NOT met'}")
    if failures:
        print(f"  FAILED   {len(failures)} non-200: {sorted(set(failures))}")


def bench_user(port: int, user: str, url: str, args, backend: str) -> None:
    terms = search_terms(url, args.names, user)
    paths = ["/students/?" + urlencode({"q": t, "status": "all"}) for t in terms]
    cookies = log_in(port, user)
    print(found_ratio(port, cookies, terms, paths))
    run(port, cookies, paths, argparse.Namespace(concurrency=2, duration=2))
    r = run(port, cookies, paths, args)
    report(
        f"GET /students/?q=<name>&status=all as {user}, {len(terms)} names, "
        f"{args.concurrency} clients, {args.workers} workers, {backend}",
        r["ms"],
        r["rps"],
        r["failures"],
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="an EMPTY database (default: temp SQLite)")
    ap.add_argument("--loaded", action="store_true", help="--db-url has the demo")
    ap.add_argument("--user", action="append", help="repeatable; default admin")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--names", type=int, default=60)
    ap.add_argument("--query-only", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="smas-bench-") as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = dict(
            os.environ,
            SMAS_DATABASE_URL=url,
            SMAS_SECRET_KEY=secrets.token_hex(32),
            SMAS_INSTANCE_PATH=tmp,
        )
        backend = "PostgreSQL" if args.db_url else "SQLite"
        if not (args.loaded and args.db_url):
            subprocess.run(
                [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            seconds = load_demo(env, Path(tmp) / "demo.json")
            print(
                f"province demo loaded in {seconds:.1f} s ({backend}, "
                "incl. flask start)"
            )
        users = args.user or ["admin"]
        if args.query_only:
            terms = search_terms(url, args.names, users[0])
            ms = time_query(url, terms, args.duration)
            rps = len(ms) / args.duration
            return report(f"search query only, {len(terms)} names, {backend}", ms, rps)
        port = free_port()
        with open(Path(tmp) / "gunicorn.log", "w") as log:
            proc = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "--workers",
                    str(args.workers),
                    "--bind",
                    f"{HOST}:{port}",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_ready(port, proc)
            for user in users:
                bench_user(port, user, url, args, backend)
        finally:
            stop(proc)


if __name__ == "__main__":
    main()
