"""The task worker of production: django-tasks-db's `db_worker` plus a heartbeat that /readyz reads."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from itsms.ops.heartbeat import HeartbeatThread, forget


class Command(DbWorkerCommand):
    help = "Run the background task worker (db_worker) and record its heartbeat for /readyz."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id: str = options["worker_id"]
        # With --reload the parent only watches files; the child process is the worker that should beat.
        reloading_parent = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if reloading_parent:
            super().handle(*args, **options)
            return
        heartbeat = HeartbeatThread(worker_id, settings.WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
            heartbeat.join(timeout=5)
            try:
                forget(worker_id)
            except DatabaseError:
                pass
            connection.close()
