"""Requests per second of the home page under gunicorn, signed in as the demo admin.

    .venv/bin/python bench/home_rps.py [--concurrency 10] [--duration 10]
                                       [--db-url postgresql://…/empty_db]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database), loads the small demo, starts gunicorn (2 sync workers) on 127.0.0.1,
logs in through the real /login form and hammers /, /accounts/ and /healthz.
Only loopback traffic; gunicorn is always stopped at the end.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin: flask, gunicorn
HOST = "127.0.0.1"
PASSWORD = "Bench2019demo"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run_flask(env: dict, *args: str) -> str:
    cmd = [str(BIN / "flask"), "--app", "wsgi", *args]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(args[:2])} failed:\n{out.stdout}{out.stderr}")
    return out.stdout


class Client:
    """A keep-alive connection (reopened if the server closes it) and a cookie jar."""

    def __init__(self, port: int, cookies: dict | None = None) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies = dict(cookies or {})

    def request(
        self,
        method: str,
        path: str,
        body: str | None = None,
        encoding: str = "br, gzip",
        keep_cookies: bool = True,
    ):
        headers = {"Accept-Encoding": encoding}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        if keep_cookies:
            for raw in resp.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(raw).items():
                    self.cookies[name] = morsel.value
        return resp, data

    def close(self) -> None:
        self.conn.close()


def log_in(port: int, username: str) -> dict:
    """Sign in through the form; return the session cookies a browser would keep."""
    client = Client(port)
    resp, page = client.request("GET", "/login", encoding="identity")
    token = CSRF_RE.search(page.decode())
    if resp.status != 200 or not token:
        sys.exit(f"GET /login: {resp.status}, no csrf_token")
    form = urlencode(
        {
            "csrf_token": token.group(1),
            "username": username,
            "password": PASSWORD,
            "next": "",
        }
    )
    resp, _ = client.request("POST", "/login", body=form)
    if resp.status != 303 or resp.getheader("Location") != "/":
        sys.exit(f"POST /login answered {resp.status}, expected 303 to /")
    client.request("GET", "/")  # the first page stores the CSRF token in the session
    client.close()
    return client.cookies


def percentile(sorted_ms: list[float], p: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p / 100))]


def load(port: int, path: str, cookies: dict, args) -> dict:
    """`concurrency` threads GET path until time or the request budget runs out."""
    latencies: list[float] = []
    failures: list[int] = []
    cookie_sets = [0]
    lock = threading.Lock()
    budget = iter(range(args.max_requests))
    deadline = time.perf_counter() + args.duration

    def worker() -> None:
        client = Client(port, cookies)
        mine = []
        while time.perf_counter() < deadline:
            with lock:
                if next(budget, None) is None:
                    break
            t0 = time.perf_counter()
            resp, _ = client.request("GET", path, keep_cookies=False)
            mine.append((time.perf_counter() - t0) * 1000)
            if resp.status != 200 or resp.getheader("Set-Cookie"):
                with lock:
                    if resp.status != 200:
                        failures.append(resp.status)
                    else:
                        cookie_sets[0] += 1
        client.close()
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "n": len(latencies),
        "rps": len(latencies) / elapsed,
        "failures": failures,
        "cookie_sets": cookie_sets[0],
        "ms": latencies,
    }


def page_weight(port: int, path: str, cookies: dict) -> tuple[int, int, str]:
    """(bytes on the wire of the body, uncompressed bytes, content encoding)."""
    client = Client(port, cookies)
    resp, body = client.request("GET", path, keep_cookies=False)
    _, plain = client.request("GET", path, encoding="identity", keep_cookies=False)
    client.close()
    return len(body), len(plain), resp.getheader("Content-Encoding") or "identity"


def report(path: str, r: dict, weight: tuple | None) -> None:
    ms = r["ms"]
    print(f"\n{path}")
    print(f"  requests   {r['n']}  ({r['rps']:.0f} req/s)")
    if ms:
        p50, p95, p99 = (percentile(ms, p) for p in (50, 95, 99))
        print(f"  latency    p50 {p50:.1f} ms · p95 {p95:.1f} ms · p99 {p99:.1f} ms")
    if weight:
        wire, plain, enc = weight
        print(
            f"  body       {wire / 1024:.1f} KB {enc} "
            f"({plain / 1024:.1f} KB uncompressed)"
        )
    if r["failures"]:
        codes = sorted(set(r["failures"]))
        print(f"  FAILED     {len(r['failures'])} non-200 answers: {codes}")
    if r["cookie_sets"]:
        print(f"  note       {r['cookie_sets']} answers set a cookie")


def run_wrk(port: int, path: str, cookies: dict, args) -> str:
    """The same load from wrk (C, so the client steals less CPU from the server)."""
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    cmd = [
        "wrk",
        "-t2",
        f"-c{args.concurrency}",
        f"-d{int(args.duration)}s",
        "--latency",
        "-H",
        "Accept-Encoding: br, gzip",
        f"http://{HOST}:{port}{path}",
    ]
    if cookie:
        cmd[-1:-1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        cmd, capture_output=True, text=True, timeout=args.duration + 30
    )
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out.stdout, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out.stdout)
    if not rps:
        return "no result: " + (out.stderr or out.stdout).strip()[:200]
    text = (
        f"{float(rps.group(1)):.0f} req/s · p50 {lat.get('50')} · p99 {lat.get('99')}"
    )
    return text + (f" · {non2xx.group(1)} non-2xx" if non2xx else "")


def wait_ready(port: int, proc: subprocess.Popen, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            sys.exit("gunicorn exited early")
        probe = Client(port)
        try:
            if probe.request("GET", "/healthz", keep_cookies=False)[0].status == 200:
                return
        except OSError:
            pass
        finally:
            probe.close()
        time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz in time")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="an EMPTY database (default: temp SQLite)")
    ap.add_argument("--concurrency", type=int, default=10)
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    ap.add_argument("--max-requests", type=int, default=50_000, help="per page")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--username", default="admin")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="smas-bench-") as tmp:
        env = dict(
            os.environ,
            SMAS_DATABASE_URL=args.db_url or f"sqlite:///{tmp}/bench.sqlite3",
            SMAS_SECRET_KEY=secrets.token_hex(32),
            SMAS_INSTANCE_PATH=tmp,
        )
        run_flask(env, "db", "upgrade")
        print(
            run_flask(
                env, "smas", "demo", "--password", PASSWORD, "--scale", "small"
            ).splitlines()[0]
        )
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
            cookies = log_in(port, args.username)
            print(
                f"gunicorn {args.workers} sync workers on {HOST}:{port}; "
                f"{args.concurrency} clients, {args.duration:g} s per page, "
                f"signed in as {args.username}"
            )
            for path in ("/", "/accounts/", "/healthz"):
                jar = {} if path == "/healthz" else cookies
                warm = Client(port, jar)
                for _ in range(20):  # warm up every worker (templates, pools)
                    warm.request("GET", path, keep_cookies=False)
                warm.close()
                result = load(port, path, jar, args)
                report(
                    path,
                    result,
                    page_weight(port, path, jar) if path != "/healthz" else None,
                )
                if shutil.which("wrk"):
                    print("  wrk        " + run_wrk(port, path, jar, args))
        finally:
            stop(proc)


if __name__ == "__main__":
    main()
