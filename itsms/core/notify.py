"""Notifications and reminders: one service for every area.

`notify` records an in-app notification per recipient and, after the transaction commits, hands the
e-mails to a background task. `reminder_schedule` stores a notification due later; `send_due_reminders`
(run by `manage.py send_reminders` from cron or a worker) finds due rows through the (sent_at, due_at)
index instead of scanning the areas' tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Notification, Organization, Reminder, User
from .timezones import org_zone_active


def notify(
    *, organization: Organization, recipients: Iterable[User], subject: str, body: str = "", url: str = ""
) -> list[Notification]:
    unique = {u.pk: u for u in recipients if u is not None}
    rows = Notification.objects.bulk_create(
        [
            Notification(organization=organization, recipient=u, subject=subject[:200], body=body, url=url)
            for u in unique.values()
        ]
    )
    # PostgreSQL and SQLite (3.35+) both return the new ids from bulk_create.
    ids = [n.pk for n in rows]
    if ids:
        from .tasks import email_notifications

        transaction.on_commit(lambda: email_notifications.enqueue(ids))
    return rows


def reminder_schedule(
    *,
    organization: Organization,
    recipient: User,
    due_at: dt.datetime,
    topic: str,
    subject: str,
    body: str = "",
    url: str = "",
) -> Reminder:
    return Reminder.objects.create(
        organization=organization,
        recipient=recipient,
        due_at=due_at,
        topic=topic,
        subject=subject[:200],
        body=body,
        url=url,
    )


def reminders_cancel(*, organization: Organization, topic: str) -> int:
    """Drop unsent reminders about a topic (the task was done, the date moved)."""
    deleted, _ = Reminder.objects.filter(
        organization=organization, topic=topic, sent_at__isnull=True
    ).delete()
    return deleted


def send_due_reminders(*, now: dt.datetime | None = None, batch: int = 500) -> int:
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            due = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, due_at__lte=now)
                .select_related("organization", "recipient")
                .order_by("due_at")[:batch]
            )
            if not due:
                return sent
            for r in due:
                with org_zone_active(r.organization):
                    notify(
                        organization=r.organization,
                        recipients=[r.recipient],
                        subject=r.subject,
                        body=r.body,
                        url=r.url,
                    )
            Reminder.objects.filter(pk__in=[r.pk for r in due]).update(sent_at=now)
            sent += len(due)


def unread_count(user: User, organization: Organization) -> int:
    return Notification.objects.filter(
        recipient=user, organization=organization, read_at__isnull=True
    ).count()


def mark_all_read(user: User, organization: Organization) -> int:
    return Notification.objects.filter(
        recipient=user, organization=organization, read_at__isnull=True
    ).update(read_at=timezone.now())
