"""The ISO 20000 committee, the working group and the management representative's appointment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Organization, Person


class GroupKind(models.TextChoices):
    COMMITTEE = "committee", _("ISO 20000 committee")
    WORKING_GROUP = "working_group", _("Working group")


class Group(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    terms_of_reference = models.TextField(_("terms of reference"), blank=True)
    formed_on = models.DateField(_("formed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("group")
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="group_unique_kind")]

    def __str__(self) -> str:
        return str(GroupKind(self.kind).label)


class GroupMember(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    role_in_group = models.CharField(_("role in the group"), max_length=100)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="group_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.role_in_group})"


class AppointmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")


class Appointment(models.Model):
    """The letter of appointment (任命书) of the management representative."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("number"), max_length=40)
    appointee = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("management representative")
    )
    appointed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("appointed by (top management)")
    )
    duties = models.TextField(_("duties"))
    # The day of the signature in the organization's zone, set when the top manager signs: a letter
    # cannot carry a date typed before it was signed.
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        ordering = ["-effective_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="appointment_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(effective_date__isnull=False, status_changed_at__isnull=False),
                name="appointment_signed_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.number
