"""Simulated users against gunicorn for a fixed time: req/s, latency, errors, lost writes.

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--scale small]
                                   [--db-url URL [--loaded] | --create-db SERVER_URL [--keep]]
                                   [--workers 4] [--threads 1] [--think 5] [--ramp S]

Builds a throwaway database (SQLite in a temp dir; or --db-url naming an EMPTY
database; or --create-db naming a PostgreSQL server, where a database is created and
dropped at the end), loads the demo (--scale small|province; --loaded reuses a
--db-url that already holds it, password --password), and starts gunicorn on
127.0.0.1 with the date pinned inside the after-opening window (SMAS_TODAY, default
2026-09-03), so classes and rooms may be saved. Each simulated user is a demo
account (school clerks cb.<code>, leaders bgh.<code>, district officers pgd…, the
admin) in its own thread with a keep-alive connection. It signs in through the real
form (the sign-ins spread over --ramp seconds, before the timed loop), then loops
for --duration seconds, with --think seconds (±50 %) between pages: home, a list
page (pupils, staff, classes), a record found on it, the edit form and save of its
own record (a clerk the planned size of one class of its school, a leader the name
of one room; officers and the admin only read), a school's after-opening report
preview. At the end (a request in flight may take --timeout more) it prints req/s,
p50/p95/p99 overall and per action, errors (status and URL), 409s, and lost writes:
records, read back from the database, that do not hold the last value their user
saved (or whose version moved by other than the saves answered 303).
Only loopback traffic; gunicorn and the temp database are always removed at the end
(--keep leaves a --create-db database, to rerun with --db-url … --loaded).
"""

import argparse
import gzip
import http.client
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from random import Random
from urllib.parse import urlencode, urlsplit

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from home_rps import BIN, HOST, ROOT, free_port, percentile, stop, wait_ready  # noqa: E402,E501
from list_pages import vacuum  # noqa: E402

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STUDENT_RE = re.compile(r'href="/students/(\d+)"')
STAFF_RE = re.compile(r'href="/staff/(\d+)"')
LISTS = ("students", "staff", "classes")
RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


# ---------------------------------------------------------------- the HTTP client


class Client:
    """One user's keep-alive connection and cookie jar (a browser tab, roughly)."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.conn = self._connect()
        self.cookies: dict[str, str] = {}
        self.used = False  # a reused connection may have been closed while idle

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Accept-Encoding": "gzip"}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except RETRYABLE:
                # the server closed an idle keep-alive connection before reading
                # this request: nothing was processed, so sending it again is safe
                self.conn.close()
                self.conn = self._connect()
                if attempt == 2 or not self.used:
                    raise
        self.used = not resp.will_close
        if resp.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)  # as a browser does, and reads the page
        for raw in resp.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        return resp, data

    def close(self) -> None:
        self.conn.close()


class FormParser(HTMLParser):
    """The fields of the page's form that carries a `version` input, as a browser
    would submit them unchanged (checked boxes, selected options, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = []
            return
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.current.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "reset", "image"):
                self.current.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            value = a.get("value") or ""
            if self.select_first is None:
                self.select_first = value
            if "selected" in a and not self.select_chosen:
                self.current.append((self.select, value))
                self.select_chosen = True
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "select" and self.select:
            if not self.select_chosen and self.select_first is not None:
                self.current.append((self.select, self.select_first))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.current.append((self.textarea, self.text.lstrip("\n")))
            self.textarea = None
        elif tag == "form":
            self.forms.append(self.current)
            self.current = None


def edit_form(page: bytes) -> list[tuple[str, str]] | None:
    parser = FormParser()
    parser.feed(page.decode("utf-8", "replace"))
    for fields in parser.forms:
        if any(k == "version" for k, _ in fields):
            return fields
    return None


def replaced(fields: list[tuple[str, str]], name: str, value: str) -> dict:
    out: dict[str, list[str]] = defaultdict(list)
    for k, v in fields:
        if k != name:
            out[k].append(v)
    out[name] = [value]
    return out


# ------------------------------------------------------------ users and their data


@dataclass
class Target:
    """The record a writer saves: only this user writes it."""

    table: str  # class_groups or rooms
    id: int
    column: str  # planned_size or name
    form_field: str
    version: int
    path: str
    current: str = ""  # the value it holds now (a save must change it)
    last_written: str | None = None
    saves: int = 0  # answered 303
    attempts: int = 0
    unanswered: list[str] = field(default_factory=list)  # timed out: applied or not
    since: list[str] = field(default_factory=list)  # unanswered after the last 303


@dataclass
class User:
    username: str
    role: str
    school_id: int  # the school whose pages it reads (its own for school users)
    target: Target | None = None
    stats: "Stats" = None  # type: ignore[assignment]


@dataclass
class Stats:
    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[tuple[str, object, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


USERS_SQL = text(
    "SELECT u.username, u.role, u.unit_id FROM users u "
    "WHERE u.active AND (u.role IN ('admin', 'district') "
    "OR u.username LIKE 'cb.%' OR u.username LIKE 'bgh.%') ORDER BY u.username"
)
SCHOOLS_SQL = text(
    "SELECT id, parent_id FROM units WHERE kind = 'school' AND closed_on IS NULL"
)
CLASS_SQL = text(
    "SELECT c.school_id, c.id, c.version, c.planned_size FROM class_groups c JOIN (SELECT "
    "school_id, min(id) AS id FROM class_groups WHERE year = :year GROUP BY "
    "school_id) f ON f.id = c.id"
)
ROOM_SQL = text(
    "SELECT r.school_id, r.id, r.version, r.name FROM rooms r JOIN (SELECT school_id, "
    "min(id) AS id FROM rooms GROUP BY school_id) f ON f.id = r.id"
)


def pick_users(url: str, n: int, year: int, seed: int) -> list[User]:
    """About 10 % district officers, 1-2 % the admin, the rest clerks and leaders
    of different schools (each writer its own class or room)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        accounts = conn.execute(USERS_SQL).all()
        schools = {r.id: r.parent_id for r in conn.execute(SCHOOLS_SQL)}
        classes = {r[0]: r[1:] for r in conn.execute(CLASS_SQL, {"year": year})}
        rooms = {r[0]: r[1:] for r in conn.execute(ROOM_SQL)}
    engine.dispose()
    rng = Random(seed)
    by_role: dict[str, list] = defaultdict(list)
    for a in accounts:
        if a.role in ("school_clerk", "school_leader") and a.unit_id not in schools:
            continue
        by_role[a.role].append(a)
    for rows in by_role.values():
        rng.shuffle(rows)
    n_admin = max(1, n // 100)
    n_district = max(1, n // 10)
    n_writers = n - n_admin - n_district
    users: list[User] = []
    for _ in range(n_admin):
        school = rng.choice(sorted(schools))
        users.append(User("admin", "admin", school))
    districts = by_role["district"]
    for i in range(n_district):
        a = districts[i % len(districts)]
        mine = [s for s, parent in schools.items() if parent == a.unit_id]
        users.append(User(a.username, "district", rng.choice(mine or sorted(schools))))
    clerks = [a for a in by_role["school_clerk"] if a.unit_id in classes]
    leaders = [a for a in by_role["school_leader"] if a.unit_id in rooms]
    for i in range(n_writers):
        pool, kind = (clerks, "class") if i % 2 == 0 else (leaders, "room")
        if i // 2 >= len(pool):
            sys.exit(f"not enough demo {kind} writers for {n} users")
        a = pool[i // 2]
        if kind == "class":
            rid, version, now = classes[a.unit_id]
            target = Target("class_groups", rid, "planned_size", "planned_size",
                            version, f"/schools/classes/{rid}/edit",
                            str(now))  # fmt: skip
        else:
            rid, version, now = rooms[a.unit_id]
            target = Target("rooms", rid, "name", "name", version,
                            f"/facilities/rooms/{rid}/edit")  # fmt: skip
        users.append(User(a.username, a.role, a.unit_id, target))
    return users


# ---------------------------------------------------------------- one user's loop


class Phase:
    """Everyone signs in first (spread over the ramp); the timed loop starts after."""

    def __init__(self, users: int) -> None:
        self.users, self.arrived, self.signed_in = users, 0, 0
        self.cond = threading.Condition()
        self.go = threading.Event()
        self.deadline = float("inf")

    def arrive(self, ok: bool) -> None:
        with self.cond:
            self.arrived += 1
            self.signed_in += ok
            self.cond.notify_all()

    def wait_all(self, seconds: float) -> None:
        with self.cond:
            self.cond.wait_for(lambda: self.arrived >= self.users, timeout=seconds)

    def start(self, duration: float) -> None:
        self.deadline = time.perf_counter() + duration
        self.go.set()


class Session:
    def __init__(self, user: User, port: int, args, phase: Phase, index: int):
        self.user, self.args, self.phase = user, args, phase
        self.client = Client(port, args.timeout)
        self.stats = user.stats = Stats()
        self.rng = Random(index)
        self.index = index
        self.records: list[str] = []

    def call(self, action: str, method: str, path: str, expect: int, form=None):
        t0 = time.perf_counter()
        try:
            resp, body = self.client.request(method, path, form)
        except (OSError, http.client.HTTPException) as exc:
            self.stats.ms[action].append((time.perf_counter() - t0) * 1000)
            self.stats.errors.append((action, type(exc).__name__, path))
            cookies = self.client.cookies
            self.client.close()
            self.client = Client(self.client.port, self.args.timeout)
            self.client.cookies = cookies
            return None, b""
        self.stats.ms[action].append((time.perf_counter() - t0) * 1000)
        if resp.status == 409:
            self.stats.conflicts.append(path)
        elif resp.status != expect:
            self.stats.errors.append((action, resp.status, path))
        return resp, body

    def think(self) -> bool:
        """Wait like a reader would; False once the time is up."""
        pause = self.args.think * self.rng.uniform(0.5, 1.5)
        left = self.phase.deadline - time.perf_counter()
        if left <= 0:
            return False
        time.sleep(min(pause, left))
        return time.perf_counter() < self.phase.deadline

    def log_in(self) -> bool:
        resp, page = self.call("login", "GET", "/login", 200)
        token = CSRF_RE.search(page.decode("utf-8", "replace")) if resp else None
        if not token:
            return False
        form = {"csrf_token": token.group(1), "username": self.user.username,
                "password": self.args.password, "next": ""}  # fmt: skip
        resp, _ = self.call("login", "POST", "/login", 303, form)
        return bool(resp and resp.status == 303)

    def list_page(self, turn: int) -> None:
        kind = LISTS[turn % len(LISTS)]
        if kind == "classes":
            path = f"/schools/classes?school={self.user.school_id}"
        else:
            path = f"/{kind}/"
        _, body = self.call(f"list {kind}", "GET", path, 200)
        html = body.decode("utf-8", "replace")
        found = [f"/students/{i}" for i in STUDENT_RE.findall(html)]
        found += [f"/staff/{i}" for i in STAFF_RE.findall(html)]
        if found:
            self.records = found

    def save(self) -> None:
        target = self.user.target
        resp, page = self.call("edit form", "GET", target.path, 200)
        fields = edit_form(page) if resp and resp.status == 200 else None
        if fields is None:
            if resp and resp.status == 200:
                self.stats.errors.append(("edit form", "no form", target.path))
            return
        target.current = dict(fields).get(target.form_field, target.current)
        target.attempts += 1
        seq = target.attempts
        if target.column == "planned_size":
            value = str(20 + (self.index + seq) % 20)  # 20-39
            if value == target.current:  # an unchanged save updates nothing
                value = str(20 + (self.index + seq + 1) % 20)
        else:
            # the run's tag: a reused database may hold this run's first value
            value = f"Phòng tải {self.user.username} {self.args.tag} lần {seq}"
        form = replaced(fields, target.form_field, value)
        resp, _ = self.call("save", "POST", target.path, 303, form)
        if resp and resp.status == 303:
            target.last_written = target.current = value
            target.saves += 1
            target.since = []
        elif resp is None:
            target.unanswered.append(value)
            target.since.append(value)

    def run(self) -> None:
        # spread the sign-ins over the ramp, as people arrive; two more tries
        time.sleep(self.rng.uniform(0, self.args.ramp))
        try:
            ok = self.sign_in()
            self.phase.arrive(ok)
            self.phase.go.wait()
            if not ok:
                return
            turn = self.index
            steps = [self.home, self.list_step, self.record, self.save_step,
                     self.report]  # fmt: skip
            while True:
                for step in steps:
                    if not self.think():
                        return
                    step(turn)
                turn += 1
        finally:
            self.client.close()

    def sign_in(self, tries: int = 3) -> bool:
        for _ in range(tries):
            if self.log_in():
                return True
            time.sleep(self.args.think)
        return False

    def home(self, turn: int) -> None:
        self.call("home", "GET", "/", 200)

    def list_step(self, turn: int) -> None:
        self.list_page(turn)

    def record(self, turn: int) -> None:
        if self.records:
            self.call("record", "GET", self.rng.choice(self.records), 200)

    def save_step(self, turn: int) -> None:
        if self.user.target:
            self.save()

    def report(self, turn: int) -> None:
        self.call("report", "GET", f"/reports/?unit={self.user.school_id}", 200)


# ------------------------------------------------------------------ verification


def lost_writes(url: str, users: list[User]) -> tuple[int, list[str]]:
    """(records checked, what does not hold its user's last saved value)."""
    lost: list[str] = []
    checked = 0
    engine = create_engine(url)
    with engine.connect() as conn:
        for u in users:
            t = u.target
            if t is None or not t.saves:
                continue
            checked += 1
            row = conn.execute(
                text(f"SELECT {t.column}, version FROM {t.table} WHERE id = :id"),  # noqa: S608 - the bench's own two table names
                {"id": t.id},
            ).one()
            value, version = str(row[0]), row[1]
            moved = version - t.version
            if value != t.last_written and value not in t.since:
                lost.append(f"{t.table} {t.id} ({u.username}): holds {value!r}, "
                            f"last saved {t.last_written!r}")  # fmt: skip
            elif not t.saves <= moved <= t.saves + len(t.unanswered):
                lost.append(f"{t.table} {t.id} ({u.username}): version moved "
                            f"{moved}, saves {t.saves}")  # fmt: skip
    engine.dispose()
    return checked, lost


# ------------------------------------------------------------------------ output


def line(name: str, ms: list[float], seconds: float) -> str:
    ms = sorted(ms)
    p50, p95, p99 = (percentile(ms, p) for p in (50, 95, 99))
    return (f"  {name:<14} {len(ms):>7} {len(ms) / seconds:>8.1f} {p50:>9.0f} "
            f"{p95:>9.0f} {p99:>9.0f}")  # fmt: skip


def summary(users: list[User], signin: float, seconds: float, url: str) -> int:
    per_action: dict[str, list[float]] = defaultdict(list)
    errors: list[tuple] = []
    conflicts: list[str] = []
    for u in users:
        if u.stats is None:
            continue
        for action, ms in u.stats.ms.items():
            per_action[action].extend(ms)
        errors += u.stats.errors
        conflicts += u.stats.conflicts
    everything = [x for a, ms in per_action.items() if a != "login" for x in ms]
    print(f"\n  {'action':<14} {'requests':>7} {'req/s':>8} {'p50 ms':>9} "
          f"{'p95 ms':>9} {'p99 ms':>9}")  # fmt: skip
    order = ["login", "home", *(f"list {k}" for k in LISTS), "record", "edit form",
             "save", "report"]  # fmt: skip
    for action in order + sorted(set(per_action) - set(order)):
        if per_action.get(action):
            span = signin if action == "login" else seconds
            print(line(action, per_action[action], span))
    if everything:
        print(line("ALL but login", everything, seconds))
    print(f"\nerrors: {len(errors)}")
    for (action, status, path), n in Counter(errors).most_common(15):
        print(f"  {n:>5} × {status} {action} {path}")
    print(f"409 conflicts: {len(conflicts)}")
    checked, lost = lost_writes(url, users)
    saves = sum(u.target.saves for u in users if u.target)
    print(f"saves answered 303: {saves} on {checked} records; lost writes: {len(lost)}")
    for text_ in lost[:15]:
        print(f"  {text_}")
    return len(errors) + len(lost)


# ------------------------------------------------------------------------- setup


def run_flask(env: dict, *args: str) -> str:
    cmd = [str(BIN / "flask"), "--app", "wsgi", *args]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed:\n{out.stdout}{out.stderr}")
    return out.stdout


def create_database(server_url: str) -> str:
    name = f"smas_load_{secrets.token_hex(4)}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    parts = urlsplit(server_url)
    return parts._replace(path=f"/{name}").geturl()


def drop_database(server_url: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def load_demo(env: dict, args, manifest: Path) -> None:
    start = time.perf_counter()
    run_flask(env, "db", "upgrade")
    out = run_flask(env, "smas", "demo", "--password", args.password, "--scale",
                    args.scale, "--manifest", str(manifest))  # fmt: skip
    print(f"{out.splitlines()[0]} ({args.scale} demo, "
          f"{time.perf_counter() - start:.0f} s)")  # fmt: skip
    vacuum(env["SMAS_DATABASE_URL"])


def start_gunicorn(env: dict, args, port: int, log) -> subprocess.Popen:
    cmd = [str(BIN / "gunicorn"), "--workers", str(args.workers),
           "--bind", f"{HOST}:{port}", "--timeout", "120"]  # fmt: skip
    if args.threads > 1:
        cmd += ["--worker-class", "gthread", "--threads", str(args.threads)]
    cmd.append("wsgi:app")
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)  # fmt: skip


def sample_load(until: float, out: list[float]) -> None:
    """The 1-minute load average every 5 s while the users run."""
    while time.perf_counter() < until:
        time.sleep(min(5.0, max(0.0, until - time.perf_counter())))
        out.append(os.getloadavg()[0])


def drive(users: list[User], port: int, args, loads: list[float]) -> tuple:
    """(seconds of the sign-in phase, seconds of the timed loop)."""
    phase = Phase(len(users))
    threads = [
        threading.Thread(target=Session(u, port, args, phase, i).run, daemon=True)
        for i, u in enumerate(users)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    phase.wait_all(args.ramp + 3 * (args.timeout + args.think) + 5)
    signin = time.perf_counter() - start
    print(f"sign-in phase: {phase.signed_in} of {len(users)} users signed in "
          f"after {signin:.0f} s")  # fmt: skip
    phase.start(args.duration)
    start = time.perf_counter()
    sampler = threading.Thread(
        target=sample_load, args=(phase.deadline, loads), daemon=True
    )
    sampler.start()
    for t in threads:
        left = phase.deadline + args.timeout + 5 - time.perf_counter()
        t.join(timeout=max(0.1, left))
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        print(f"{stuck} users still waiting for an answer; not counted further")
    return signin, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds")
    ap.add_argument("--think", type=float, default=5.0, help="seconds between pages")
    ap.add_argument("--ramp", type=float, help="sign-in spread (s); users / 2")
    ap.add_argument("--timeout", type=float, default=60.0, help="per request (s)")
    ap.add_argument("--scale", choices=("small", "province"), default="small")
    ap.add_argument("--db-url", help="an EMPTY database (default: temp SQLite)")
    ap.add_argument("--loaded", action="store_true", help="--db-url has the demo")
    ap.add_argument("--create-db", metavar="SERVER_URL",
                    help="create (and drop) a database on this PostgreSQL server")  # fmt: skip
    ap.add_argument("--keep", action="store_true",
                    help="keep the --create-db database (reuse: --db-url … --loaded)")  # fmt: skip
    ap.add_argument("--password", default="Bench2019demo", help="the demo's password")
    ap.add_argument("--today", default="2026-09-03", help="SMAS_TODAY for gunicorn")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1, help=">1: gthread workers")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    args.tag = secrets.token_hex(3)
    if args.ramp is None:
        args.ramp = args.users / 2  # an argon2 check costs ~0.2 s of CPU
    year = int(args.today[:4]) if int(args.today[5:7]) >= 8 else int(args.today[:4]) - 1

    with tempfile.TemporaryDirectory(prefix="smas-load-") as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
        if args.create_db:
            url = create_database(args.create_db)
        env = dict(os.environ, SMAS_DATABASE_URL=url, SMAS_INSTANCE_PATH=tmp,
                   SMAS_SECRET_KEY=secrets.token_hex(32))  # fmt: skip
        env.pop("SMAS_TODAY", None)
        proc = None
        try:
            if not (args.loaded and args.db_url):
                load_demo(env, args, Path(tmp) / "demo-accounts.json")
            users = pick_users(url, args.users, year, args.seed)
            port = free_port()
            with open(Path(tmp) / "gunicorn.log", "w") as log:
                proc = start_gunicorn(dict(env, SMAS_TODAY=args.today), args, port, log)
            wait_ready(port, proc, 60)
            backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
            kind = (f"gthread, {args.threads} threads each" if args.threads > 1
                    else "sync")  # fmt: skip
            roles = Counter(u.role for u in users)
            print(f"gunicorn {args.workers} workers ({kind}) on {HOST}:{port}, "
                  f"{backend}, SMAS_TODAY={args.today}")  # fmt: skip
            print(f"{len(users)} users ({', '.join(f'{n} {r}' for r, n in roles.items())})"
                  f", {args.duration:g} s, think {args.think:g} s ±50 %, "
                  f"sign-ins spread over {args.ramp:g} s")  # fmt: skip
            print(f"load average before: {os.getloadavg()[0]:.2f} (1 min), "
                  f"{os.cpu_count()} cores")  # fmt: skip
            loads: list[float] = []
            signin, seconds = drive(users, port, args, loads)
            print(
                f"timed loop ran {seconds:.0f} s; load average (1 min): max "
                f"{max(loads, default=0):.2f}, at the end {os.getloadavg()[0]:.2f}"
            )
            failed = summary(users, signin, seconds, url)
            tail = (Path(tmp) / "gunicorn.log").read_text(errors="replace")
            traces = tail.count("Traceback")
            if traces:
                print(f"gunicorn log: {traces} tracebacks; last lines:")
                print("\n".join(tail.splitlines()[-25:]))
        finally:
            if proc is not None:
                stop(proc)
            if args.create_db and args.keep:
                print(f"kept {url}; drop it when done")
            elif args.create_db:
                drop_database(args.create_db, url)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
