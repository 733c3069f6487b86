"""Latency of the pupils' name search (no diacritics) on a PROVINCE-scale demo.

    .venv/bin/python bench/students_search.py [--concurrency 4] [--duration 10]
                                              [--db-url postgresql://…/empty_db]
                                              [--query-only]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database), loads the province demo (~720,000 pupils) and says how long that took,
starts gunicorn on 127.0.0.1, signs in through the real /login form as the
administrator ("admin", who reads every school's pupils) and GETs
/students/?q=<a real name without diacritics>&status=all for names drawn from the
database. Prints p50/p95/p99 latency and req/s (target: p95 ≤ 200 ms on
PostgreSQL). --query-only times the search query itself (name_folded LIKE
'%…%', ordered by name, first page) without the web layer, for when the list page
is not there yet. Only loopback traffic; gunicorn is always stopped at the end.
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

USER = "admin"
SEARCH = text(
    "SELECT id, full_name FROM students WHERE name_folded LIKE :q "
    "ORDER BY sort_key LIMIT 50"
)


def search_terms(db_url: str, n: int) -> list[str]:
    """Folded queries for real names: full names, and given + family name only."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM students")).scalar_one()
        step = max(1, count // (n * 20))
        names = [
            r[0]
            for r in conn.execute(
                text("SELECT full_name FROM students WHERE id % :s = 0"), {"s": step}
            )
        ]
    engine.dispose()
    print(f"{count} pupils in the database")
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="an EMPTY database (default: temp SQLite)")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--names", type=int, default=60)
    ap.add_argument("--query-only", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="smas-bench-") as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = dict(os.environ, SMAS_DATABASE_URL=url,
                   SMAS_SECRET_KEY=secrets.token_hex(32), SMAS_INSTANCE_PATH=tmp)  # fmt: skip
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
                       cwd=ROOT, env=env, check=True, capture_output=True)  # fmt: skip
        seconds = load_demo(env, Path(tmp) / "demo.json")
        backend = "PostgreSQL" if args.db_url else "SQLite"
        print(f"province demo loaded in {seconds:.1f} s ({backend}, incl. flask start)")
        terms = search_terms(url, args.names)
        if args.query_only:
            ms = time_query(url, terms, args.duration)
            rps = len(ms) / args.duration
            return report(f"search query only, {len(terms)} names, {backend}", ms, rps)
        paths = ["/students/?" + urlencode({"q": t, "status": "all"}) for t in terms]
        port = free_port()
        with open(Path(tmp) / "gunicorn.log", "w") as log:
            proc = subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", str(args.workers),
                 "--bind", f"{HOST}:{port}", "wsgi:app"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            wait_ready(port, proc)
            cookies = log_in(port, USER)
            print(found_ratio(port, cookies, terms, paths))
            run(port, cookies, paths, argparse.Namespace(concurrency=2, duration=2))
            r = run(port, cookies, paths, args)
        finally:
            stop(proc)
    report(
        f"GET /students/?q=<name>&status=all as {USER}, {len(terms)} names, "
        f"{args.concurrency} clients, {args.workers} workers, {backend}",
        r["ms"],
        r["rps"],
        r["failures"],
    )


if __name__ == "__main__":
    main()
