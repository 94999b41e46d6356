"""The task worker's heartbeat: a thread of `manage.py run_worker` that refreshes a WorkerHeartbeat row.

A thread rather than a recurring task: django-tasks has no scheduler, and a self-re-enqueuing task would
wait behind a long export on a busy worker, so /readyz would report a healthy worker as dead. The thread
proves that the worker process runs and reaches the database; it uses its own connection (Django keeps one
per thread) and closes it after every beat, so it never holds a transaction or a SQLite lock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading

from django.db import DatabaseError, connection
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Rows of workers that stopped without cleaning up (killed, machine lost) are removed after this long.
FORGET_AFTER = dt.timedelta(days=1)


def beat(worker_id: str, *, started_at: dt.datetime) -> None:
    """Record that the worker is alive now (one UPDATE, or an INSERT the first time)."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=started_at,
            seen_at=now,
        )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its row: /readyz then sees no worker rather than an old one."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class HeartbeatThread(threading.Thread):
    def __init__(self, worker_id: str, interval: float) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self._stopping = threading.Event()

    def run(self) -> None:
        while True:
            try:
                beat(self.worker_id, started_at=self.started_at)
            except DatabaseError:
                # The database may be restarting; the next beat tries again and /readyz shows the gap.
                logger.warning("worker heartbeat failed", exc_info=True)
            finally:
                connection.close()
            if self._stopping.wait(self.interval):
                return

    def stop(self) -> None:
        self._stopping.set()
