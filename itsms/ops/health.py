"""Readiness checks: the database answers, the file storage takes a write, a task worker beat recently.

Each check returns a CheckResult; /readyz answers 503 naming every check that failed. A check that does not
apply to this installation (no task worker in development) reports "not configured" and does not fail.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

OK = "ok"
FAIL = "fail"
NOT_CONFIGURED = "not configured"
# Probe objects go here; backups skip this folder.
PROBE_PREFIX = "health/"
_PROBE = b"itsms readiness probe"
_STORAGE_ERRORS = (OSError, ValueError, SuspiciousOperation, BotoCoreError, ClientError)


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.status == FAIL


def check_database() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("readiness: database check failed", exc_info=True)
        return CheckResult("database", FAIL, exc.__class__.__name__)
    return CheckResult("database", OK)


def check_storage() -> CheckResult:
    """Write, read back and delete a small object: what an upload and a download need."""
    name = f"{PROBE_PREFIX}probe-{uuid.uuid4().hex}"
    saved = ""
    try:
        saved = default_storage.save(name, ContentFile(_PROBE))
        with default_storage.open(saved, "rb") as fh:
            if fh.read() != _PROBE:
                return CheckResult("storage", FAIL, "read back different bytes")
    except _STORAGE_ERRORS as exc:
        logger.warning("readiness: storage check failed", exc_info=True)
        return CheckResult("storage", FAIL, exc.__class__.__name__)
    finally:
        if saved:
            try:
                default_storage.delete(saved)
            except _STORAGE_ERRORS:
                logger.warning("readiness: could not delete probe %s", saved, exc_info=True)
    return CheckResult("storage", OK)


def worker_check_configured() -> bool:
    """Only a database task backend has a separate worker; the immediate backend runs tasks in-process."""
    return bool(settings.HEALTH_WORKER_CHECK) and isinstance(
        task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend
    )


def check_worker(now: dt.datetime | None = None) -> CheckResult:
    if not worker_check_configured():
        return CheckResult("worker", NOT_CONFIGURED)
    now = now or timezone.now()
    try:
        last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    except DatabaseError as exc:
        return CheckResult("worker", FAIL, exc.__class__.__name__)
    if last is None:
        return CheckResult("worker", FAIL, "no heartbeat")
    age = (now - last).total_seconds()
    if age > settings.HEALTH_WORKER_MAX_AGE_SECONDS:
        return CheckResult("worker", FAIL, f"last heartbeat {int(age)} s ago")
    return CheckResult("worker", OK, f"last heartbeat {int(max(age, 0))} s ago")


def readiness() -> list[CheckResult]:
    return [check_database(), check_storage(), check_worker()]
