"""The list pages' requests per second next to a bare table page, in the same run.

    .venv/bin/python bench/list_vs_bare.py [--db-url postgresql://…/empty_db]
                                           [--loaded] [--duration 4] [--rounds 3]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database; --loaded reuses one that holds the small demo), loads the small demo, and
starts two gunicorns (2 sync workers each, one at a time under load): the app, and
bench/bare_page.py — Flask + SQLAlchemy + Jinja listing 50 pupils of the same
school, nothing else. Signs in through the real /login form as the clerk of the
school with the most pupils and loads each page with wrk (c=10) when installed,
else with the Python client. Each page runs right after a run of the bare page, for
--rounds rounds; each line gives req/s, p50/p95, the share of the bare page's req/s
(against the run just before it), and the workers' CPU ms per request with the
bare page's as a share of it (steadier when other work shares the cores), medians
of the rounds. Target (issue 14): every list page ≥ 50 % of the bare page's req/s.
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
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
    percentile,
    run_flask,
    stop,
    wait_ready,
)
from list_pages import vacuum  # noqa: E402

PAGES = ("/students/", "/staff/", "/schools/classes?school={school}", "/")
TARGET = 0.5
WRK_LUA = """done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95)))
end
"""


def biggest_school(url: str) -> tuple[int, str]:
    """(school id, its clerk's username) of the school with the most active pupils."""
    engine = create_engine(url)
    with engine.connect() as conn:
        school = conn.scalar(
            text(
                "SELECT school_id FROM students WHERE active GROUP BY school_id "
                "ORDER BY count(*) DESC LIMIT 1"
            )
        )
        clerk = conn.scalar(
            text(
                "SELECT username FROM users WHERE unit_id = :s AND role = 'school_clerk'"
                " ORDER BY id LIMIT 1"
            ),
            {"s": school},
        )
    engine.dispose()
    return school, clerk


def gunicorn(
    env: dict, port: int, app: str, workers: int, log, cwd: Path = ROOT
) -> subprocess.Popen:
    cmd = [str(BIN / "gunicorn"), "--workers", str(workers)]
    cmd += ["--bind", f"{HOST}:{port}", app]
    return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)


def worker_cpu(master: subprocess.Popen) -> float:
    """CPU seconds used so far by the gunicorn master's workers (Linux /proc)."""
    try:
        kids = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
    except OSError:
        return 0.0
    ticks = 0
    for pid in kids.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def hammer(port: int, path: str, cookies: dict, args, lua: Path, server) -> dict:
    """{"rps", "p50", "p95" (ms), "cpu" (worker CPU ms per request)} of `path`
    under c=args.concurrency."""
    warm = Client(port, cookies)
    for _ in range(20):  # every worker: templates compiled, pool filled
        resp, _ = warm.request("GET", path, keep_cookies=False)
        if resp.status != 200:
            sys.exit(f"GET {path} answered {resp.status}")
    warm.close()
    cpu = worker_cpu(server)
    if not shutil.which("wrk"):
        r = load(port, path, cookies, args)
        cpu_ms = (worker_cpu(server) - cpu) * 1000 / max(r["n"], 1)
        return {"rps": r["rps"], "p50": percentile(r["ms"], 50),
                "p95": percentile(r["ms"], 95), "cpu": cpu_ms}  # fmt: skip
    cmd = ["wrk", "-t2", f"-c{args.concurrency}", f"-d{args.duration:g}s"]
    cmd += ["-s", str(lua), "-H", "Accept-Encoding: br, gzip"]
    if cookies:
        cmd += ["-H", "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items())]
    out = subprocess.run(cmd + [f"http://{HOST}:{port}{path}"], capture_output=True,
                         text=True, timeout=args.duration + 30)  # fmt: skip
    if "Non-2xx" in out.stdout:
        sys.exit(f"GET {path}: non-2xx answers under load\n{out.stdout}")
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH")), None)
    if line is None:
        sys.exit(f"wrk gave no result for {path}: {out.stderr or out.stdout}")
    n, micros, p50, p95 = (int(x) for x in line.split()[1:])
    cpu_ms = (worker_cpu(server) - cpu) * 1000 / max(n, 1)
    return {"rps": n / (micros / 1e6), "p50": p50 / 1000, "p95": p95 / 1000,
            "cpu": cpu_ms}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="an EMPTY database (default: temp SQLite)")
    ap.add_argument("--loaded", action="store_true", help="--db-url has the demo")
    ap.add_argument("--concurrency", type=int, default=10)
    ap.add_argument("--duration", type=float, default=4.0, help="seconds per run")
    ap.add_argument("--max-requests", type=int, default=50_000, help="Python client")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--also", type=Path, metavar="CHECKOUT",
                    help="also serve the app from this checkout (e.g. an older "
                    "commit's `git archive`) and measure its pages the same way")  # fmt: skip
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="smas-bench-") as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = dict(os.environ, SMAS_DATABASE_URL=url, SMAS_INSTANCE_PATH=tmp,
                   SMAS_SECRET_KEY=secrets.token_hex(32))  # fmt: skip
        if not (args.loaded and args.db_url):
            run_flask(env, "db", "upgrade")
            out = run_flask(env, "smas", "demo", "--password", PASSWORD,
                            "--scale", "small")  # fmt: skip
            print(out.splitlines()[0])
            vacuum(url)
        school, clerk = biggest_school(
            url.replace("postgresql://", "postgresql+psycopg://")
        )
        backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        client = "wrk" if shutil.which("wrk") else "Python client"
        print(f"{backend}; gunicorn {args.workers} sync workers; {client}, "
              f"c={args.concurrency}, {args.duration:g} s per page, {args.rounds} "
              f"rounds; clerk {clerk} (school {school})")  # fmt: skip
        lua = Path(tmp) / "report.lua"
        lua.write_text(WRK_LUA)
        app_port, bare_port = free_port(), free_port()
        with open(Path(tmp) / "gunicorn.log", "w") as log:
            app = gunicorn(env, app_port, "wsgi:app", args.workers, log)
            bare_env = dict(env, BARE_SCHOOL_ID=str(school), PYTHONPATH=str(ROOT))
            bare = gunicorn(
                bare_env, bare_port, "bench.bare_page:app", args.workers, log
            )
            servers = [("", app, app_port)]
            if args.also:
                port = free_port()
                other = gunicorn(env, port, "wsgi:app", args.workers, log, args.also)
                servers.append(("also ", other, port))
        results: dict[str, list[dict]] = {}
        try:
            wait_ready(bare_port, bare)
            logins = []
            for tag, server, port in servers:
                wait_ready(port, server)
                logins.append((tag, server, port, log_in(port, clerk)))
            pages = [p.format(school=school) for p in PAGES]
            for _ in range(args.rounds):
                for path in pages:  # each page right after its own bare run
                    for tag, server, port, cookies in logins:
                        floor = hammer(bare_port, "/bare", {}, args, lua, bare)
                        results.setdefault("bare", []).append(floor)
                        r = hammer(port, path, cookies, args, lua, server)
                        r["share"] = r["rps"] / floor["rps"]
                        r["cpu_share"] = floor["cpu"] / r["cpu"] if r["cpu"] else 0
                        results.setdefault(tag + path, []).append(r)
        finally:
            for _, server, _ in servers:
                stop(server)
            stop(bare)
        print_table(results)


def print_table(results: dict[str, list[dict]]) -> None:
    """Medians over the rounds. "of bare": req/s over the req/s of the bare run just
    before (the machine's other load changes from minute to minute); "CPU of bare":
    the bare page's worker CPU per request over the page's, steadier still when
    other work shares the cores."""

    def med(rows, key):
        return statistics.median(r.get(key, 1.0) for r in rows)

    print(f"\n  {'page':<28} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'of bare':>8} {'CPU ms':>7} {'CPU of bare':>12}")  # fmt: skip
    failed = 0
    for path, rows in results.items():
        share = med(rows, "share")
        mark = "" if path == "bare" or share >= TARGET else "  < 50 %"
        failed += bool(mark)
        print(f"  {path:<28} {med(rows, 'rps'):>7.0f} {med(rows, 'p50'):>7.1f} "
              f"{med(rows, 'p95'):>7.1f} {share:>7.0%} {med(rows, 'cpu'):>7.2f} "
              f"{med(rows, 'cpu_share'):>11.0%}{mark}")  # fmt: skip
    print(f"\ntarget: every page ≥ {TARGET:.0%} of the bare page's req/s: "
          f"{'met' if not failed else f'NOT met on {failed}'}; "
          f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip


if __name__ == "__main__":
    main()
