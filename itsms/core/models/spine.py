"""Models behind the shared spine: numbering, notifications and reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import Organization


class NumberSequence(models.Model):
    """The last value handed out for one numbering key of an organization (e.g. "NC:2026")."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="number_sequence_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key}={self.last_value}"


class IssuedNumber(models.Model):
    """Every number ever issued in an organization, so a withdrawn number can never be issued again."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=100)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "value"], name="issued_number_unique")]

    def __str__(self) -> str:
        return self.value


class Notification(models.Model):
    """An in-app message to one user; e-mailed by a background task after the write commits."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "organization", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.subject


class Reminder(models.Model):
    """A notification due at a time; `send_due_reminders` picks due rows through the (sent_at, due_at) index."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    # What the reminder is about, so it can be cancelled or replaced when the object changes.
    topic = models.CharField(max_length=150)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["sent_at", "due_at"]),
            models.Index(fields=["organization", "topic"]),
        ]

    def __str__(self) -> str:
        return f"{self.topic} @ {self.due_at:%Y-%m-%d}"
