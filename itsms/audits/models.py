"""The organization's nonconformity register, shared by the diagnosis, internal and external audits.

Only the register lives here for now; the audit programme, plans and corrective actions join this app
later. A nonconformity names where it was raised by a source kind plus a generic reference
(`source_type` "diagnosis.assessment", `source_id` the row's id), so any area can raise one without a
foreign key from this table to every other app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Department, Organization


class NonconformitySource(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    INTERNAL_AUDIT = "internal_audit", _("Internal audit")
    EXTERNAL_AUDIT = "external_audit", _("External audit")
    OTHER = "other", _("Other")


class NonconformityGrade(models.TextChoices):
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")
    OBSERVATION = "observation", _("Observation")


class NonconformityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTION_PLANNED = "action_planned", _("Action planned")
    CLOSED = "closed", _("Closed")


class Nonconformity(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="nonconformities")
    number = models.CharField(_("number"), max_length=40)
    source = models.CharField(_("source"), max_length=20, choices=NonconformitySource.choices)
    source_type = models.CharField(_("source record type"), max_length=60, blank=True)
    source_id = models.CharField(_("source record"), max_length=40, blank=True)
    requirement = models.ForeignKey(
        "catalogue.Requirement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities",
        verbose_name=_("requirement"),
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities",
        verbose_name=_("department"),
    )
    statement = models.TextField(_("statement"))
    grade = models.CharField(
        _("grade"), max_length=20, choices=NonconformityGrade.choices, default=NonconformityGrade.MINOR
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NonconformityStatus.choices, default=NonconformityStatus.OPEN
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised at"))

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="nonconformity_unique_number"),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "-id"], name="nc_org_status"),
            models.Index(fields=["organization", "source_type", "source_id"], name="nc_org_source_ref"),
        ]

    def __str__(self) -> str:
        return self.number
