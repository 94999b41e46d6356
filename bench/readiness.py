"""Readiness (`manage.py readiness --org SLUG --json`) for the demo organization and for an organization
with the document register of bench/documents.py (50,000 documents, 150,000 revisions).

The demo comes from `catalogue_load --builtin` and `seed_demo`, as `make run` builds it; the large
register reuses bench/documents.py's bulk inserts. Each run is the whole command, timed from outside, with
the queries counted by CaptureQueriesContext. BENCH_READINESS_DOCUMENTS sets a smaller register size when
generating 50,000 documents would take too long.
"""

from __future__ import annotations

import io
import os
import statistics
import time

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from itsms.core import demo
from itsms.core import services as core
from itsms.core.models import Organization
from itsms.documents.models import Document, Revision

from . import documents as register

DOCUMENTS = int(os.environ.get("BENCH_READINESS_DOCUMENTS", register.DOCUMENTS))
REPEAT = int(os.environ.get("BENCH_READINESS_REPEAT", "10"))
SLUG = "bench-readiness"


def _measure(slug: str) -> dict[str, object]:
    """Wall milliseconds p50/p95 of the command over REPEAT runs (after one warm-up) and its queries."""
    call_command("readiness", org=slug, json=True, stdout=io.StringIO())
    samples: list[float] = []
    counts: set[int] = set()
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            call_command("readiness", org=slug, json=True, stdout=io.StringIO())
            samples.append((time.perf_counter() - start) * 1000)
        counts.add(len(ctx.captured_queries))
    samples.sort()
    return {
        "runs": REPEAT,
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95 + 0.5) - 1)], 2),
        "max_ms": round(samples[-1], 2),
        "queries": max(counts),
        "queries_vary": len(counts) > 1,
    }


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return round(time.perf_counter() - start, 1)


def run() -> dict[str, object]:
    figures: dict[str, object] = {
        "database": connection.vendor,
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
    }

    def seed() -> None:
        call_command("catalogue_load", builtin=True, verbosity=0, stdout=io.StringIO())
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())

    figures["demo_seed_s"] = _timed(seed)
    org = Organization.objects.get(slug=demo.DEMO_SLUG)
    figures["demo"] = {
        "org": org.slug,
        "documents": Document.objects.filter(organization=org).count(),
        "revisions": Revision.objects.filter(organization=org).count(),
        **_measure(org.slug),
    }

    big = Organization.objects.filter(slug=SLUG).first() or core.organization_create(
        actor=None, slug=SLUG, name_zh="基准就绪", name_en="Bench readiness"
    )
    departments = [
        core.department_create(actor=None, organization=big, name=f"部门{i}").pk
        for i in range(register.DEPARTMENTS)
    ]
    register.DOCUMENTS = DOCUMENTS  # the generator reads its module's size

    def generate() -> None:
        register._documents(big, departments, timezone.localdate())
        register._revisions(big)
        register._mappings(big)

    figures["large_generate_s"] = _timed(generate)
    figures["large"] = {
        "org": SLUG,
        "documents": Document.objects.filter(organization=big).count(),
        "revisions": Revision.objects.filter(organization=big).count(),
        "document_requirement_links": Document.requirements.through.objects.filter(
            document__organization=big
        ).count(),
        **_measure(SLUG),
    }
    return figures
