"""Latency of the staff name search (no diacritics) on a PROVINCE-scale demo.

    .venv/bin/python bench/staff_search.py [--concurrency 4] [--duration 10]
                                           [--db-url postgresql://…/empty_db]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database), loads the province demo (~44,000 working staff) and says how long that took,
starts gunicorn on 127.0.0.1, signs in through the real /login form as the personnel
division officer ("tccb", who reads every school's staff) and GETs
/staff/?q=<a real name without diacritics>&status=all for names drawn from the
database, rotating through them. Prints p50/p95/p99 latency and req/s (target:
p95 ≤ 200 ms). Only loopback traffic; gunicorn is always stopped at the end.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from random import Random
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from home_rps import (  # noqa: E402
    BIN,
    HOST,
    ROOT,
    Client,
    free_port,
    log_in,
    percentile,
    stop,
    wait_ready,
)
from list_pages import load_demo  # noqa: E402

from smasweb.text import fold  # noqa: E402

USER = "tccb"


def search_terms(db_url: str, n: int) -> list[str]:
    """Folded queries for real names: full names, and given + family name only."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        names = [
            r[0] for r in conn.execute(text("SELECT full_name FROM staff_members"))
        ]
    engine.dispose()
    rng = Random(41)
    picked = rng.sample(names, n)
    terms = [fold(name) for name in picked[: n * 2 // 3]]
    terms += [
        fold(f"{name.split()[0]} {name.split()[-1]}") for name in picked[n * 2 // 3 :]
    ]
    return terms


def run(port: int, cookies: dict, paths: list[str], args) -> dict:
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + args.duration
    counter = iter(range(10**9))

    def worker() -> None:
        client, mine = Client(port, cookies), []
        while time.perf_counter() < deadline:
            with lock:
                path = paths[next(counter) % len(paths)]
            t0 = time.perf_counter()
            resp, _ = client.request("GET", path, keep_cookies=False)
            mine.append((time.perf_counter() - t0) * 1000)
            if resp.status != 200:
                with lock:
                    failures.append(resp.status)
        client.close()
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    elapsed = time.perf_counter() - start
    return {"ms": latencies, "rps": len(latencies) / elapsed, "failures": failures}


def found_ratio(port: int, cookies: dict, terms: list[str], paths: list[str]) -> str:
    """How many answers show a row for the name searched (a sanity check)."""
    client, hits, statuses = Client(port, cookies), 0, set()
    for term, path in zip(terms, paths, strict=True):
        resp, body = client.request(
            "GET", path, encoding="identity", keep_cookies=False
        )
        statuses.add(resp.status)
        words = term.split()
        hits += resp.status == 200 and all(
            w.encode() in fold(body.decode()).encode() for w in words
        )
    client.close()
    return f"{hits}/{len(paths)} answers list the name (statuses {sorted(statuses)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="an EMPTY database (default: temp SQLite)")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--names", type=int, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="smas-bench-") as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = dict(
            os.environ,
            SMAS_DATABASE_URL=url,
            SMAS_SECRET_KEY=secrets.token_hex(32),
            SMAS_INSTANCE_PATH=tmp,
        )
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        seconds = load_demo(env, Path(tmp) / "demo.json")
        backend = "PostgreSQL" if args.db_url else "SQLite"
        print(f"province demo loaded in {seconds:.1f} s ({backend}, incl. flask start)")
        terms = search_terms(url, args.names)
        paths = ["/staff/?" + urlencode({"q": t, "status": "all"}) for t in terms]
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
            cookies = log_in(port, USER)
            print(found_ratio(port, cookies, terms, paths))
            run(port, cookies, paths, argparse.Namespace(concurrency=2, duration=2))
            r = run(port, cookies, paths, args)
        finally:
            stop(proc)
    ms = r["ms"]
    p50, p95, p99 = (percentile(ms, p) for p in (50, 95, 99))
    print(
        f"GET /staff/?q=<name>&status=all as {USER}, {len(terms)} names, "
        f"{args.concurrency} clients, {args.workers} workers, {backend}"
    )
    print(f"  requests {len(ms)} ({r['rps']:.0f} req/s)")
    print(f"  latency  p50 {p50:.1f} ms · p95 {p95:.1f} ms · p99 {p99:.1f} ms")
    print(f"  target   p95 ≤ 200 ms: {'met' if p95 <= 200 else 'NOT met'}")
    if r["failures"]:
        print(f"  FAILED   {len(r['failures'])} non-200: {sorted(set(r['failures']))}")


if __name__ == "__main__":
    main()
