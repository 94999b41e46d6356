"""Background work of the core area (django-tasks: the database backend and its worker in production)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .models import Notification
from .timezones import org_zone_active

logger = logging.getLogger(__name__)


@task()
def email_notifications(notification_ids: list[int]) -> int:
    """Send the e-mail copy of notifications; marks each so a retried task never sends twice."""
    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient", "organization"
    )
    for n in rows:
        if not n.recipient.email:
            continue
        body = n.body + (f"\n\n{settings.SITE_URL.rstrip('/')}{n.url}" if n.url and settings.SITE_URL else "")
        # Whatever the mail machinery renders reads the organization's local time.
        with org_zone_active(n.organization):
            send_mail(f"[{n.organization.display_name}] {n.subject}", body, None, [n.recipient.email])
        Notification.objects.filter(pk=n.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        sent += 1
    return sent


@task()
def run_export(job_id: int) -> str:
    """Produce the file of one export job (itsms.core.jobs); the job row carries progress and outcome."""
    from .jobs import export_run

    return export_run(job_id)


@task()
def audit_checkpoint(organization_id: int) -> str:
    """Sign a checkpoint of one organization's audit chain (asked for by audit.record after commit)."""
    from .audit_checkpoints import CheckpointRefused, checkpoint_create
    from .models import Organization

    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return "gone"
    try:
        made = checkpoint_create(organization)
    except CheckpointRefused as exc:
        # Never sign over a rollback or a fork; `audit_verify` reports it to whoever watches.
        logger.error("audit checkpoint refused for %s: %s", organization.slug, exc)
        return "refused"
    return "created" if made is not None and made.created else "unchanged"
