"""The processes of a multi-node install, started on loopback for a test: app
servers (gunicorn), schedulers and render workers, each with its own instance
folder, all on one database. Output is collected line by line for assertions."""

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


class Node:
    """One process; `lines` fills as it prints (stdout and stderr together)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return f"--- {self.name} ---\n" + "\n".join(self.lines)

    def stop(self, timeout: float) -> int | None:
        """SIGTERM, then the exit code (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = None
        self._reader.join(timeout=5)
        self.proc.stdout.close()
        return code


def node_env(database_url: str, instance: Path, **extra: str) -> dict[str, str]:
    """A node's environment: the shared database and key, its own instance folder."""
    return os.environ | {
        "SMAS_ENV": "development",
        "SMAS_DATABASE_URL": database_url,
        "SMAS_SECRET_KEY": "two-nodes-secret",
        "SMAS_INSTANCE_PATH": str(instance),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def flask(name: str, env: dict[str, str], *args: str) -> Node:
    return Node(name, ["flask", "--app", "wsgi", "smas", *args], env)


def gunicorn(name: str, env: dict[str, str]) -> Node:
    """One sync worker on a free loopback port (see base_url)."""
    from gunicorn.config import KNOWN_SETTINGS

    args = ["gunicorn", "--bind", "127.0.0.1:0", "--workers", "1"]
    if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS):
        args.append("--no-control-socket")  # newer gunicorns share one in ~/.gunicorn
    return Node(name, [*args, "wsgi:app"], env)


def wait_for(what: str, check: Callable[[], object], deadline: float, nodes=()):
    """Poll check() until it is truthy; fail with the nodes' output at the deadline."""
    while True:
        value = check()
        if value:
            return value
        dead = [n for n in nodes if n.proc.poll() is not None]
        if dead or time.monotonic() > deadline:
            logs = "\n".join(n.output() for n in nodes)
            reason = f"{dead[0].name} exited" if dead else "timed out"
            raise AssertionError(f"waiting for {what}: {reason}\n{logs}")
        time.sleep(0.2)


def base_url(node: Node) -> str | None:
    for line in node.lines:
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
        if found:
            return found.group(1)
    return None


class Browser:
    """A client that keeps its cookies and never follows redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        """(status, headers, body) of one request."""
        from urllib.parse import urlencode

        url = urlsplit(self.base)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        headers = {"Origin": self.base}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, resp.headers, data

    def alive(self) -> bool:
        try:
            return self.request("GET", "/healthz")[0] == 200
        except OSError:
            return False
