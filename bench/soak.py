"""A soak: 20 clients reading and writing through the UI of gunicorn for a bounded time, loopback only.

    python -m bench.soak [--database sqlite|postgres] [--duration 600] [--clients 20]

Builds a fresh installation of its own (a SQLite file in a temporary folder, or a new PostgreSQL database
`itsms_soak_<pid>` beside the one DATABASE_URL names, dropped at the end), with production settings: DEBUG
off, required keys, the database task backend and `run_worker`. Two organizations, half the clients in each,
every client an organization admin signed in with its own session. Each client loops over weighted
operations: the departments list, a department's page, the people and members lists, creating a department
and renaming one (each write is an audited service call). Reports throughput, p50/p95/p99 latency per
operation and in all, and every error (any status other than the expected one, a timeout, and any
"database is locked" in the server log); figures go to bench/results/soak-<database>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"
PY = sys.executable
PASSWORD = "soak correct horse battery staple"
ORGS = ("soak-north", "soak-south")
_DEPARTMENT_LINK = re.compile(r'/departments/(\d+)/"')

sys.path.insert(0, str(ROOT))
from itsms.ops.client import Session  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_admin(url: str) -> Any:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)


def _pg_url(url: str, database: str) -> str:
    head, _, tail = url.partition("://")
    authority = tail.partition("/")[0]
    return f"{head}://{authority}/{database}"


@dataclass
class Sample:
    op: str
    seconds: float
    ok: bool
    status: int
    detail: str = ""


@dataclass
class Client:
    number: int
    org: str
    session: Session
    rng: random.Random
    departments: list[int] = field(default_factory=list)
    created: int = 0

    def _check(self, op: str, answer: Any, expected: int) -> Sample:
        ok = answer.status == expected
        detail = ""
        if not ok:
            detail = answer.text[:200].replace("\n", " ")
        if "database is locked" in answer.text:
            ok, detail = False, "database is locked"
        return Sample(op, answer.seconds, ok, answer.status, detail)

    def list_departments(self) -> Sample:
        answer = self.session.get(f"/o/{self.org}/departments/")
        found = [int(pk) for pk in _DEPARTMENT_LINK.findall(answer.text)]
        if found:
            self.departments = found
        return self._check("list departments", answer, 200)

    def department_page(self) -> Sample:
        if not self.departments:
            return self.list_departments()
        pk = self.rng.choice(self.departments)
        return self._check("department page", self.session.get(f"/o/{self.org}/departments/{pk}/"), 200)

    def list_people(self) -> Sample:
        return self._check("list people", self.session.get(f"/o/{self.org}/people/"), 200)

    def list_members(self) -> Sample:
        return self._check("list members", self.session.get(f"/o/{self.org}/members/"), 200)

    def create_department(self) -> Sample:
        self.created += 1
        code = f"C{self.number:02d}{self.created:05d}"
        answer = self.session.post(
            f"/o/{self.org}/departments/new/",
            {"code": code, "name": f"部门 {code}", "name_en": f"Department {code}", "description": "soak"},
        )
        return self._check("create department", answer, 302)

    def rename_department(self) -> Sample:
        if not self.departments:
            return self.list_departments()
        pk = self.rng.choice(self.departments)
        page = self.session.get(f"/o/{self.org}/departments/{pk}/")
        code = re.search(r'name="code"[^>]*value="([^"]*)"', page.text)
        if page.status != 200 or code is None:
            return self._check("rename department", page, 200)
        answer = self.session.post(
            f"/o/{self.org}/departments/{pk}/",
            {
                "code": code.group(1),
                "name": f"部门 {code.group(1)} r{self.rng.randrange(10**6)}",
                "description": "soak",
            },
        )
        sample = self._check("rename department", answer, 302)
        sample.seconds += page.seconds
        return sample


WEIGHTS = {
    Client.list_departments: 30,
    Client.department_page: 20,
    Client.list_people: 10,
    Client.list_members: 10,
    Client.create_department: 15,
    Client.rename_department: 15,
}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summarize(samples: list[Sample], seconds: float) -> dict[str, Any]:
    by_op: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_op[s.op].append(s)

    def figures(group: list[Sample]) -> dict[str, Any]:
        times = [s.seconds * 1000 for s in group]
        return {
            "requests": len(group),
            "errors": sum(not s.ok for s in group),
            "p50_ms": round(percentile(times, 0.50), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
            "mean_ms": round(statistics.fmean(times), 1) if times else 0.0,
        }

    errors = [s for s in samples if not s.ok]
    return {
        "seconds": round(seconds, 1),
        "throughput_per_s": round(len(samples) / seconds, 1) if seconds else 0.0,
        "all": figures(samples),
        "operations": {op: figures(group) for op, group in sorted(by_op.items())},
        "error_kinds": dict(Counter(f"{s.op}: {s.status} {s.detail[:80]}" for s in errors).most_common(10)),
    }


class Installation:
    """A fresh itsms with production settings, a gunicorn server and the task worker."""

    def __init__(self, database: str, *, workers: int, threads: int) -> None:
        self.database = database
        self.work = Path(tempfile.mkdtemp(prefix="itsms-soak-"))
        self.processes: list[subprocess.Popen[bytes]] = []
        self.pg_database = ""
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "TASKS_BACKEND", "MEDIA_ROOT"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "SECRET_KEY": "soak-" + os.urandom(24).hex(),
            "AUDIT_HMAC_KEY": "soak-audit-" + os.urandom(24).hex(),
            "AUDIT_SIGNING_KEY": __import__("base64").b64encode(os.urandom(32)).decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HTTPS": "0",
            "ITSMS_VAR_DIR": str(self.work / "var"),
            "MEDIA_ROOT": str(self.work / "media"),
            "LOG_LEVEL": "WARNING",
        }
        if database == "postgres":
            url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
            if not url.startswith("postgres"):
                url = "postgres://postgres@127.0.0.1:5432/postgres"
            self.pg_database = f"itsms_soak_{os.getpid()}"
            with _pg_admin(url) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {self.pg_database}")
            self.pg_admin_url = url
            self.env["DATABASE_URL"] = _pg_url(url, self.pg_database)
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{self.work / 'soak.sqlite3'}"
        (self.work / "var" / "tmp" / "uploads").mkdir(parents=True)

    def manage(self, *args: str) -> None:
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def setup(self, clients: int) -> None:
        self.manage("migrate", "--noinput", "-v", "0")
        per_org = (clients + 1) // 2
        script = f"""
from itsms.core import services
from itsms.core.models import Role
for slug in {ORGS!r}:
    org = services.organization_create(actor=None, slug=slug, name_zh=slug, name_en=slug, language='en')
    for n in range({per_org}):
        user = services.user_create(username=f'{{slug}}-{{n}}', email=f'{{slug}}-{{n}}@example.com', password={PASSWORD!r})
        services.membership_add(actor=None, organization=org, user=user, roles=[Role.ORG_ADMIN])
    for n in range(20):
        services.department_create(actor=None, organization=org, name=f'Seed {{n}}', code=f'S{{n:03d}}')
"""
        self.manage("shell", "--no-imports", "-c", script)

    def start(self) -> None:
        log = (self.work / "gunicorn.log").open("wb")
        self.processes.append(
            subprocess.Popen(
                [
                    str(Path(PY).parent / "gunicorn"),
                    "config.wsgi",
                    "--preload",
                    f"--workers={self.workers}",
                    f"--threads={self.threads}",
                    f"--bind=127.0.0.1:{self.port}",
                    "--timeout=120",
                    "--error-logfile=-",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        worker_log = (self.work / "worker.log").open("wb")
        self.processes.append(
            subprocess.Popen(
                [PY, "manage.py", "run_worker", "--no-startup-delay", "--no-reload"],
                cwd=ROOT,
                env=self.env,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
        )
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2).close()
                return
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.5)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def server_log(self) -> str:
        return "\n".join(
            (self.work / name).read_text(errors="replace")
            for name in ("gunicorn.log", "worker.log")
            if (self.work / name).exists()
        )

    def stop(self) -> None:
        for p in self.processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        if self.pg_database:
            with _pg_admin(self.pg_admin_url) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)")
        shutil.rmtree(self.work, ignore_errors=True)


def run_clients(base: str, clients: int, duration: float, seed: int) -> tuple[list[Sample], float]:
    per_org = (clients + 1) // 2
    sessions: list[Client] = []
    for n in range(clients):
        org = ORGS[n % 2]
        session = Session(base, timeout=60)
        session.login(f"{org}-{n // 2 % per_org}", PASSWORD)
        sessions.append(Client(n, org, session, random.Random(seed + n)))
    samples: list[Sample] = []
    lock = threading.Lock()
    operations = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    start = time.monotonic()
    deadline = start + duration

    def loop(client: Client) -> None:
        mine: list[Sample] = [client.list_departments()]
        while time.monotonic() < deadline:
            op = client.rng.choices(operations, weights)[0]
            try:
                mine.append(op(client))
            except (OSError, urllib.error.URLError) as exc:
                mine.append(Sample(op.__name__, 60.0, False, 0, f"{exc.__class__.__name__}: {exc}"))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 120)
    return samples, time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load (default 600)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None, help="default bench/results/soak-<database>.json")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 3600:
        parser.error("--duration must be between 1 and 3600 seconds")
    install = Installation(args.database, workers=args.workers, threads=args.threads)
    try:
        print(f"soak: setting up {args.database} in {install.work.name} …", flush=True)
        install.setup(args.clients)
        install.start()
        print(f"soak: {args.clients} clients for {args.duration:.0f} s against {install.base}", flush=True)
        samples, seconds = run_clients(install.base, args.clients, args.duration, args.seed)
        log = install.server_log()
    finally:
        install.stop()
    result = {
        "database": args.database,
        "clients": args.clients,
        "gunicorn": f"{args.workers} workers x {args.threads} threads",
        "cpus": os.cpu_count(),
        **summarize(samples, seconds),
        "database_is_locked_in_server_log": log.count("database is locked"),
        "server_errors_in_log": log.count("Internal Server Error"),
    }
    out = args.out or RESULTS / f"soak-{args.database}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    failed = (
        result["all"]["errors"]
        or result["database_is_locked_in_server_log"]
        or result["server_errors_in_log"]
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
