from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection, reset_queries


def percentiles(fn: Callable[[], object], *, repeat: int = 30) -> dict[str, float | int]:
    """Milliseconds p50/p95 over `repeat` calls after one unmeasured call (a process's first request pays
    for loading code, templates and jieba's dictionary), and the query count of the last call."""
    from django.conf import settings

    settings.DEBUG = True  # record queries
    fn()
    samples = []
    queries = 0
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 2),
        "queries": queries,
    }
