"""Run the benchmarks: `make bench` or `python -m bench [name ...]`.

Each benchmark builds its data at the sizes it names in a fresh database (a temporary SQLite file unless
DATABASE_URL points elsewhere), prints its figures and writes them to bench/results/<name>.json.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

BENCHES = ["audit_chain", "directory_pages", "diagnosis", "documents", "programme", "readiness", "training"]


def main(argv: list[str]) -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='itsms-bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The benchmark measures the configured database itself, not pytest's test copy.
    settings.DATABASES["default"].pop("TEST", None)
    call_command("migrate", verbosity=0)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    for name in argv or BENCHES:
        module = importlib.import_module(f"bench.{name}")
        figures = module.run()
        print(f"== {name}")
        for key, value in figures.items():
            print(f"  {key}: {value}")
        (out / f"{name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
