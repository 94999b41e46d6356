"""The audit trail at 20,000 entries: append rate through a real service, and a full chain verification."""

from __future__ import annotations

import time

from itsms.core import audit, services
from itsms.core.models import Organization

ENTRIES = 20_000


def run() -> dict[str, object]:
    org = Organization.objects.filter(slug="bench-audit").first() or services.organization_create(
        actor=None, slug="bench-audit", name_zh="基准", name_en="Bench"
    )
    dept = services.department_create(actor=None, organization=org, name=f"部门{time.time_ns()}")
    start = time.perf_counter()
    for i in range(ENTRIES):
        services.department_update(actor=None, organization=org, department=dept, description=f"v{i}")
    append_s = time.perf_counter() - start
    start = time.perf_counter()
    result = audit.verify(org)
    verify_s = time.perf_counter() - start
    assert result.ok, result.problems
    return {
        "entries": result.checked,
        "append_per_second": round(ENTRIES / append_s),
        "verify_seconds": round(verify_s, 2),
        "verify_entries_per_second": round(result.checked / verify_s),
    }
