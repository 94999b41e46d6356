"""Run the benchmarks: `make bench` or `python -m bench [name ...]`.

Each benchmark builds its data at the sizes it names in a fresh database of its own, prints its figures
and writes them to bench/results/<vendor>/<name>.json. SQLite always (a temporary file); PostgreSQL too
when DATABASE_URL points at one: the benchmark gets its own database `bench_<name>` on that server,
dropped and created again for each run, so the database named in DATABASE_URL is never touched.

Each (database, benchmark) pair runs in a child process, because Django binds its connection settings
once per process.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
RESULTS = HERE / "results"


def benches() -> list[str]:
    """Every module of bench/ with a `run()` (the soak has its own command line and is left out): a new
    benchmark joins `make bench` without being listed here. Read as text, since importing a benchmark
    needs Django set up, which happens only in the child."""
    return sorted(
        path.stem
        for path in HERE.glob("*.py")
        if not path.stem.startswith("_") and "\ndef run() ->" in path.read_text(encoding="utf-8")
    )


def _postgres_database(url: str, name: str) -> str:
    """Drop and create `bench_<name>` on the server of `url`; answer its URL."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    database = f"bench_{name}"
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": config.get("NAME") or "postgres",
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    head, _, tail = url.partition("://")
    authority, _, rest = tail.partition("/")
    query = rest.partition("?")[2]
    return f"{head}://{authority}/{database}" + (f"?{query}" if query else "")


def _run_one(name: str) -> None:
    """In the child: migrate the (fresh) database of DATABASE_URL, run one benchmark, write its figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # The benchmark measures the configured database itself, not pytest's test copy.
    settings.DATABASES["default"].pop("TEST", None)
    call_command("migrate", verbosity=0)
    figures = importlib.import_module(f"bench.{name}").run()
    vendor = connection.vendor
    print(f"== {name} ({vendor})", flush=True)
    for key, value in figures.items():
        print(f"  {key}: {value}", flush=True)
    out = RESULTS / vendor
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        _run_one(argv[1])
        return 0
    only = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    url = os.environ.get("DATABASE_URL", "")
    failed = []
    for name in argv or benches():
        targets = []
        if "sqlite" in only:
            targets.append(f"sqlite:///{tempfile.mkdtemp(prefix='itsms-bench-')}/bench.sqlite3")
        if "postgresql" in only and url.startswith(("postgres://", "postgresql://")):
            targets.append(_postgres_database(url, name))
        for target in targets:
            env = {**os.environ, "DATABASE_URL": target}
            if subprocess.run([sys.executable, "-m", "bench", "--one", name], env=env).returncode:
                failed.append(f"{name} on {target.partition(':')[0]}")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
