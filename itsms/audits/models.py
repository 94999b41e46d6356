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

from itsms.core.models import Department, Organization, Person, StoredFile


class NonconformitySource(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    INTERNAL_AUDIT = "internal_audit", _("Internal audit")
    EXTERNAL_AUDIT = "external_audit", _("External audit")
    INCIDENT = "incident", _("Incident")
    COMPLAINT = "complaint", _("Complaint")
    MANAGEMENT_REVIEW = "management_review", _("Management review")
    SELF_REPORTED = "self_reported", _("Self-reported")
    OTHER = "other", _("Other")


class NonconformityGrade(models.TextChoices):
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")
    OBSERVATION = "observation", _("Observation")


class NonconformityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CORRECTION_RECORDED = "correction_recorded", _("Correction recorded")
    CAUSE_ANALYSED = "cause_analysed", _("Root cause analysed")
    ACTION_PLANNED = "action_planned", _("Action planned")
    IMPLEMENTED = "implemented", _("Implemented")
    VERIFIED = "verified", _("Verified effective")
    CLOSED = "closed", _("Closed")


class CauseCategory(models.TextChoices):
    PEOPLE = "people", _("People (competence, awareness)")
    PROCESS = "process", _("Process or procedure")
    TECHNOLOGY = "technology", _("Tools and technology")
    SUPPLIER = "supplier", _("Supplier or other party")
    RESOURCES = "resources", _("Resources")
    OTHER = "other", _("Other")


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
    # 纠正: what was done at once about this occurrence, before its cause is known.
    correction = models.TextField(_("correction"), blank=True)
    correction_at = models.DateTimeField(_("correction recorded at"), null=True, blank=True)
    # The why chain: [{"why": ..., "because": ...}, ...], in the order they were asked.
    why_chain = models.JSONField(_("why chain"), default=list, blank=True)
    cause_category = models.CharField(
        _("cause category"), max_length=20, choices=CauseCategory.choices, blank=True
    )
    root_cause = models.TextField(_("root cause"), blank=True)
    action_plan = models.TextField(_("corrective action plan"), blank=True)
    action_owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrective_actions",
        verbose_name=_("action owner"),
    )
    action_due = models.DateField(_("action due date"), null=True, blank=True)
    implementation_evidence = models.TextField(_("evidence of implementation"), blank=True)
    implementation_file = models.ForeignKey(
        StoredFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("implementation file"),
    )
    implemented_at = models.DateTimeField(_("implemented at"), null=True, blank=True)
    verification = models.TextField(_("verification of effectiveness"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

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
            models.Index(fields=["organization", "action_due"], name="nc_org_action_due"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def action_is_open(self) -> bool:
        """The corrective action is planned and not yet implemented: its due date still binds."""
        return self.status == NonconformityStatus.ACTION_PLANNED


class ImprovementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Done")


class Improvement(models.Model):
    """An opportunity for improvement (10.2): proposed, decided (accepted or rejected with the reason), and
    for an accepted one its outcome."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="improvements")
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=NonconformitySource.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ImprovementStatus.choices, default=ImprovementStatus.PROPOSED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"))

    class Meta:
        verbose_name = _("opportunity for improvement")
        verbose_name_plural = _("opportunities for improvement")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="improvement_unique_number"),
        ]
        indexes = [models.Index(fields=["organization", "status", "-id"], name="ofi_org_status")]

    def __str__(self) -> str:
        return self.number
