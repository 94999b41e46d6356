"""Long exports as background jobs: a registry of export kinds, the service that starts one, the runner.

An area registers each export once (`register_export` in its AppConfig.ready) with the function that
produces the file and the permission that decides who may ask for it. `export_start` checks that
permission, records the job and hands it to a django-tasks task after commit; the task (`run_export` in
tasks.py) calls `export_run`, which reports progress with single UPDATEs, stores the result through the
file service (purpose `export`) and always ends the job as done or failed. The page polls the job row.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise

from . import audit
from .files import file_store, register_purpose
from .models import ExportJob, ExportStatus, Membership, Organization, Role, StoredFile, User
from .permissions import can_view_organization
from .services.base import authorize
from .timezones import org_zone_active

logger = logging.getLogger(__name__)

EXPORT_PURPOSE = "export"
# Exports are made by the system, not uploaded by people: they may be larger than an upload.
EXPORT_MAX_BYTES = 512 * 1024 * 1024
MESSAGE_MAX = 2000
RECENT_LIMIT = 50

ProgressFn = Callable[[int], None]
ExportFn = Callable[[ExportJob, ProgressFn], tuple[str, str, bytes]]
ExportPermission = Callable[[Membership, dict[str, Any]], bool]
# Turns the posted parameters into the stored ones; raises ValidationError (bad input) or Http404 (an
# object of another organization) before any job exists.
ExportClean = Callable[[Organization, dict[str, str]], dict[str, Any]]


@dataclass(frozen=True)
class ExportKind:
    kind: str
    label: str | Promise
    fn: ExportFn
    permission: ExportPermission
    clean: ExportClean | None = None


# Filled when apps load (AppConfig.ready); never changed afterwards.
_kinds: dict[str, ExportKind] = {}


def register_export(
    kind: str,
    label: str | Promise,
    fn: ExportFn,
    permission: ExportPermission,
    *,
    clean: ExportClean | None = None,
) -> None:
    """Declare an export: `fn(job, report_progress) -> (filename, content_type, bytes)` makes the file,
    `permission(membership, params)` says who may ask for it, `clean(organization, posted)` (optional)
    checks the parameters."""
    _kinds[kind] = ExportKind(kind=kind, label=label, fn=fn, permission=permission, clean=clean)


def export_kind_get(kind: str) -> ExportKind | None:
    return _kinds.get(kind)


def export_kind_label(kind: str) -> str | Promise:
    spec = _kinds.get(kind)
    return spec.label if spec is not None else kind


# --- who sees what ----------------------------------------------------------------------------------------


def can_view_export(m: Membership, job: ExportJob) -> bool:
    """The member who asked for it, and the organization's admins."""
    return (
        m.is_active
        and m.organization_id == job.organization_id
        and (job.requested_by_id == m.user_id or m.has_role(Role.ORG_ADMIN))
    )


def _can_download_export(m: Membership, stored_file: StoredFile) -> bool:
    if m.has_role(Role.ORG_ADMIN):
        return True
    return ExportJob.objects.filter(
        organization_id=stored_file.organization_id, file=stored_file, requested_by_id=m.user_id
    ).exists()


register_purpose(
    EXPORT_PURPOSE,
    can_download=_can_download_export,
    can_delete=lambda m, f: m.is_active and m.has_role(Role.ORG_ADMIN),
)


def export_job_get_for_member(m: Membership, pk: int) -> ExportJob:
    """A job the member may see, or 404 (another member's job does not exist for them)."""
    job = get_object_or_404(
        ExportJob.objects.select_related("file", "requested_by"), organization=m.organization, pk=pk
    )
    if not can_view_export(m, job):
        raise Http404
    return job


def export_jobs_for_member(m: Membership, *, everyone: bool = False) -> QuerySet[ExportJob]:
    """The member's recent exports, newest first; an admin may ask for the whole organization's."""
    qs = ExportJob.objects.filter(organization=m.organization).select_related("file", "requested_by")
    if not (everyone and m.has_role(Role.ORG_ADMIN)):
        qs = qs.filter(requested_by_id=m.user_id)
    return qs.order_by("-created_at", "-pk")[:RECENT_LIMIT]


# --- the service --------------------------------------------------------------------------------------------


@transaction.atomic
def export_start(
    *,
    actor: User | None,
    organization: Organization,
    kind: str,
    params: dict[str, Any],
    language: str,
) -> ExportJob:
    """Record an export job and run it in the background once the transaction commits."""
    spec = _kinds.get(kind)
    if spec is None:
        raise ValidationError("unknown export: %(kind)s", code="export_unknown", params={"kind": kind})
    authorize(actor, organization, lambda m: can_view_organization(m) and spec.permission(m, params))
    cleaned = spec.clean(organization, params) if spec.clean is not None else dict(params)
    job = ExportJob.objects.create(
        organization=organization,
        requested_by=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        params=cleaned,
        language=language,
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="export.start",
        obj=job,
        changes={"kind": kind, "params": cleaned, "language": language},
    )
    from .tasks import run_export

    job_id = job.pk
    transaction.on_commit(lambda: run_export.enqueue(job_id))
    return job


def _progress_reporter(job_id: int) -> ProgressFn:
    def report(percent: int) -> None:
        # One UPDATE, outside any long transaction, so the polling page sees it at once.
        ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING).update(
            progress=max(0, min(100, int(percent)))
        )

    return report


def _failure_message(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        text = " ".join(str(m) for m in exc.messages)
    else:
        text = str(exc) or exc.__class__.__name__
    return text[:MESSAGE_MAX]


def export_run(job_id: int) -> str:
    """Produce the file of a queued job; returns the final status. A job already claimed (a retried task)
    is left alone."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress=0
    )
    if not claimed:
        return str(ExportJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or "")
    job = ExportJob.objects.select_related("organization", "requested_by").get(pk=job_id)
    spec = _kinds.get(job.kind)
    try:
        if spec is None:
            raise ValueError(f"unknown export: {job.kind}")
        # The file shows the organization's local times and "today" is the organization's date.
        with org_zone_active(job.organization):
            filename, content_type, data = spec.fn(job, _progress_reporter(job_id))
        with transaction.atomic():
            stored = file_store(
                actor=None,
                organization=job.organization,
                upload=ContentFile(data, name=filename),
                purpose=EXPORT_PURPOSE,
                allowed_types=(content_type,),
                max_bytes=EXPORT_MAX_BYTES,
            )
            _finish(job, ExportStatus.DONE, file=stored)
    # The boundary of every area's export code: whatever it raises must end the job as failed with a
    # message, never leave it "running" for a page that polls forever.
    except Exception as exc:  # noqa: BLE001
        logger.warning("export %s (%s) failed", job_id, job.kind, exc_info=True)
        with transaction.atomic():
            _finish(job, ExportStatus.FAILED, message=_failure_message(exc))
        return ExportStatus.FAILED
    return ExportStatus.DONE


def _finish(job: ExportJob, status: str, *, file: StoredFile | None = None, message: str = "") -> None:
    now = timezone.now()
    values: dict[str, Any] = {"status": status, "finished_at": now, "message": message, "file": file}
    if status == ExportStatus.DONE:
        values["progress"] = 100
    ExportJob.objects.filter(pk=job.pk).update(**values)
    job.refresh_from_db()
    audit.record(
        organization=job.organization,
        actor=None,
        action=f"export.{status}",
        obj=job,
        changes={"kind": job.kind, "message": message, "file": str(file.pk) if file else None},
    )


def export_jobs_sweep(
    *, stale_minutes: int = 60, keep_days: int = 30, now: dt.datetime | None = None
) -> tuple[int, int]:
    """Fail jobs whose worker died (queued or running too long), and remove old jobs with their files.

    Run from cron through `manage.py exports_sweep`. Returns (failed, removed).
    """
    from django.utils.translation import gettext

    from .files import file_delete

    now = now or timezone.now()
    failed = 0
    stale = ExportJob.objects.filter(
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
        created_at__lt=now - dt.timedelta(minutes=stale_minutes),
    ).select_related("organization")
    for job in stale:
        with transaction.atomic():
            _finish(
                job,
                ExportStatus.FAILED,
                message=gettext("The export did not finish in time; ask for it again."),
            )
        failed += 1
    removed = 0
    old = ExportJob.objects.filter(
        status__in=[ExportStatus.DONE, ExportStatus.FAILED],
        finished_at__lt=now - dt.timedelta(days=keep_days),
    ).select_related("organization", "file")
    for job in old:
        with transaction.atomic():
            stored = job.file
            job.delete()
            if stored is not None:
                file_delete(actor=None, organization=job.organization, stored_file=stored)
        removed += 1
    return failed, removed
