from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.models import Requirement
from itsms.core.models import Department, Organization

from .project import DiagnosisProject


class AssessmentResult(models.TextChoices):
    CONFORMS = "conforms", _("Conforms")
    PARTLY = "partly", _("Partly conforms")
    DOES_NOT_CONFORM = "does_not_conform", _("Does not conform")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


GAP_RESULTS = (AssessmentResult.PARTLY, AssessmentResult.DOES_NOT_CONFORM)


class DocumentAction(models.TextChoices):
    NONE = "", _("None")
    NEW = "new", _("Write a new document")
    REVISE = "revise", _("Revise an existing document")


class Assessment(models.Model):
    """The team's answer for one requirement of the scope."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="assessments")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="diagnosis_assessments"
    )
    result = models.CharField(_("result"), max_length=20, choices=AssessmentResult.choices)
    gap = models.TextField(_("gap found"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    evidence = models.TextField(_("evidence seen"), blank=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    document_action = models.CharField(
        _("document needed"), max_length=10, choices=DocumentAction.choices, blank=True, default=""
    )
    document_title = models.CharField(_("document title"), max_length=300, blank=True)
    # What the documents area returned when the writing task was made; empty until then.
    document_task_ref = models.CharField(max_length=60, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["project", "requirement"], name="assessment_unique_requirement")
        ]
        indexes = [models.Index(fields=["organization", "result"], name="assessment_org_result")]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.result}"

    @property
    def is_gap(self) -> bool:
        return self.result in GAP_RESULTS
