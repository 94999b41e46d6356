"""Signed checkpoints at 100,000 audit entries: append rate with the worker's checkpoints on, the cost of
one checkpoint (the first one walks the whole chain, later ones only the entries since), the full
verification against every checkpoint, the export and the standalone verifier."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from itsms.core import audit, audit_checkpoints, services
from itsms.core.models import Organization

ENTRIES = int(os.environ.get("BENCH_AUDIT_ENTRIES", "100000"))
PER_TRANSACTION = 100
EVERY = 1000


def _append(org: Organization, count: int) -> float:
    start = time.perf_counter()
    for i in range(0, count, PER_TRANSACTION):
        with transaction.atomic():
            for j in range(PER_TRANSACTION):
                audit.record(
                    organization=org, actor=None, action="bench.write", changes={"n": [i + j - 1, i + j]}
                )
    return time.perf_counter() - start


def run() -> dict[str, object]:
    slug = f"bench-ckpt-{time.time_ns() % 10**8}"
    org = services.organization_create(actor=None, slug=slug, name_zh="基准", name_en="Bench")
    settings.AUDIT_CHECKPOINT_EVERY_ENTRIES = 0
    plain_s = _append(org, ENTRIES // 2)
    start = time.perf_counter()
    first = audit_checkpoints.checkpoint_create(org)
    first_checkpoint_s = time.perf_counter() - start
    assert first is not None and first.created
    # The other half with the worker's checkpoints every EVERY entries (tasks run at once in this setting).
    settings.AUDIT_CHECKPOINT_EVERY_ENTRIES = EVERY
    with_checkpoints_s = _append(org, ENTRIES - ENTRIES // 2)
    settings.AUDIT_CHECKPOINT_EVERY_ENTRIES = 0
    services.department_create(actor=None, organization=org, name="Last")
    start = time.perf_counter()
    audit_checkpoints.checkpoint_create(org)
    incremental_s = time.perf_counter() - start
    start = time.perf_counter()
    result = audit.verify(org)
    verify_s = time.perf_counter() - start
    assert result.ok, result.problems
    start = time.perf_counter()
    export = audit_checkpoints.export_trail(org)
    export_s = time.perf_counter() - start
    path = Path(tempfile.mkdtemp(prefix="itsms-bench-")) / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False))
    start = time.perf_counter()
    script = Path(settings.BASE_DIR) / "scripts" / "verify_trail.py"
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(script), str(path), "--public-key", audit_checkpoints.public_keys()[0]],
        capture_output=True,
        text=True,
        check=False,
    )
    script_s = time.perf_counter() - start
    assert done.returncode == 0, done.stdout
    return {
        "entries": result.checked,
        "checkpoints": result.checkpoints,
        "append_per_second_no_checkpoints": round((ENTRIES // 2) / plain_s),
        f"append_per_second_checkpoint_every_{EVERY}": round((ENTRIES - ENTRIES // 2) / with_checkpoints_s),
        "first_checkpoint_seconds_50k_walk": round(first_checkpoint_s, 2),
        "incremental_checkpoint_seconds": round(incremental_s, 3),
        "verify_seconds_with_checkpoints": round(verify_s, 2),
        "export_seconds": round(export_s, 2),
        "export_megabytes": round(path.stat().st_size / 1e6, 1),
        "standalone_verifier_seconds": round(script_s, 2),
    }
