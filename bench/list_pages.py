"""Requests per second of the list pages on a PROVINCE-scale demo, under gunicorn.

    .venv/bin/python bench/list_pages.py [--concurrency 10] [--duration 5]
                                         [--db-url postgresql://…/empty_db]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database), loads the province demo (~1,350 schools with their school data) and says
how long that took, starts gunicorn (2 sync workers) on 127.0.0.1, signs in through
the real /login form as the admin and as a district officer (pgd857), and measures
each list page for both. A page that answers 404 (not built yet) is skipped with a
note; a redirect (e.g. to the trailing-slash URL) is followed once. Only loopback
traffic; gunicorn is always stopped at the end.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from home_rps import (  # noqa: E402  (the sibling bench script, imported as a module)
    BIN,
    HOST,
    PASSWORD,
    ROOT,
    Client,
    free_port,
    load,
    log_in,
    page_weight,
    percentile,
    report,
    run_flask,
    run_wrk,
    stop,
    wait_ready,
)

USERS = ("admin", "pgd857")
PAGES = (
    "/accounts/",
    "/units/?q=truong",
    "/schools/",
    "/schools/classes?school={primary}",
    "/facilities/rooms?school={primary}",
    "/facilities/summary",
    "/finance/?school={primary}",
    "/finance/",
)


def load_demo(env: dict, manifest: Path) -> float:
    """Load the province demo; return the seconds it took."""
    start = time.perf_counter()
    out = run_flask(
        env,
        "smas",
        "demo",
        "--password",
        PASSWORD,
        "--scale",
        "province",
        "--manifest",
        str(manifest),
    )
    seconds = time.perf_counter() - start
    print(out.splitlines()[0])
    vacuum(env["SMAS_DATABASE_URL"])
    return seconds


def vacuum(url: str) -> None:
    """PostgreSQL: VACUUM ANALYZE the loaded tables, as autovacuum does soon after a
    bulk load; the bench server may run without it, and then every first read of a
    page writes it back (hint bits), doubling the search latencies."""
    if not url.startswith("postgres"):
        return
    start = time.perf_counter()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        tables = conn.scalars(text("SELECT relname FROM pg_stat_user_tables")).all()
        conn.execute(text("VACUUM (ANALYZE) " + ", ".join(f'"{t}"' for t in tables)))
    engine.dispose()
    print(f"VACUUM ANALYZE in {time.perf_counter() - start:.1f} s (not in the load)")


def primary_school(manifest: Path) -> int:
    """A primary school of district 857 (Long Hồ), so both users may read it."""
    rows = json.loads(manifest.read_text(encoding="utf-8"))
    for row in rows:
        if (
            row["role"] == "school_leader"
            and row["username"].startswith("bgh.86857")
            and row["unit_name"].startswith("Trường Tiểu học")
        ):
            return row["unit_id"]
    sys.exit("no primary school of district 857 in the demo manifest")


def resolve(port: int, path: str, cookies: dict) -> tuple[str | None, str]:
    """The URL to measure (a redirect followed once) or None with the reason to skip."""
    client = Client(port, cookies)
    try:
        resp, _ = client.request("GET", path, keep_cookies=False)
        if resp.status in (301, 302, 303, 307, 308):
            target = resp.getheader("Location") or ""
            path = target.split(f"{HOST}:{port}", 1)[-1]
            resp, _ = client.request("GET", path, keep_cookies=False)
    finally:
        client.close()
    if resp.status == 404:
        return None, "404: page not built yet (or not visible to this user)"
    if resp.status != 200:
        return None, f"answered {resp.status}"
    return path, ""


def measure(port: int, user: str, cookies: dict, path: str, args) -> dict | None:
    target, why = resolve(port, path, cookies)
    if target is None:
        print(f"\n{path}  [{user}]\n  skipped    {why}")
        return None
    warm = Client(port, cookies)
    for _ in range(10):  # warm up every worker (templates, pools)
        warm.request("GET", target, keep_cookies=False)
    warm.close()
    result = load(port, target, cookies, args)
    report(f"{target}  [{user}]", result, page_weight(port, target, cookies))
    if shutil.which("wrk"):
        print("  wrk        " + run_wrk(port, target, cookies, args))
    return result


def summary(rows: list[tuple[str, str, dict | None]]) -> None:
    print("\nSummary (Python client)")
    print(f"  {'user':<8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}  page")
    for user, path, r in rows:
        if r is None or not r["ms"]:
            print(f"  {user:<8} {'—':>7} {'—':>8} {'—':>8}  {path} (skipped)")
            continue
        p50, p95 = percentile(r["ms"], 50), percentile(r["ms"], 95)
        print(f"  {user:<8} {r['rps']:>7.0f} {p50:>8.1f} {p95:>8.1f}  {path}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="an EMPTY database (default: temp SQLite)")
    ap.add_argument("--concurrency", type=int, default=10)
    ap.add_argument("--duration", type=float, default=5.0, help="seconds per page")
    ap.add_argument("--max-requests", type=int, default=20_000, help="per page")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--only", default="", help="measure only pages containing this")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="smas-bench-") as tmp:
        env = dict(
            os.environ,
            SMAS_DATABASE_URL=args.db_url or f"sqlite:///{tmp}/bench.sqlite3",
            SMAS_SECRET_KEY=secrets.token_hex(32),
            SMAS_INSTANCE_PATH=tmp,
        )
        run_flask(env, "db", "upgrade")
        manifest = Path(tmp) / "demo.json"
        seconds = load_demo(env, manifest)
        backend = "PostgreSQL" if args.db_url else "SQLite"
        print(f"province demo loaded in {seconds:.1f} s ({backend}, incl. flask start)")
        primary = primary_school(manifest)
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
        rows = []
        try:
            wait_ready(port, proc)
            print(
                f"gunicorn {args.workers} sync workers on {HOST}:{port}; "
                f"{args.concurrency} clients, {args.duration:g} s per page"
            )
            for user in USERS:
                cookies = log_in(port, user)
                for page in (p for p in PAGES if args.only in p):
                    path = page.format(primary=primary)
                    rows.append((user, path, measure(port, user, cookies, path, args)))
        finally:
            stop(proc)
        summary(rows)


if __name__ == "__main__":
    main()
