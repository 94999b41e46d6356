from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.models import Requirement, Standard
from itsms.core.models import Department, Organization, Person, StoredFile


class DiagnosisStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ON_SITE = "on_site", _("On site")
    REPORTING = "reporting", _("Reporting")
    ISSUED = "issued", _("Report issued")


class DiagnosisProject(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="diagnoses")
    title = models.CharField(_("title"), max_length=200)
    standards = models.ManyToManyField(Standard, related_name="+", verbose_name=_("standards"))
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    processes = models.TextField(_("processes"), blank=True, help_text=_("One process per line."))
    aims = models.TextField(_("aims"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DiagnosisStatus.choices, default=DiagnosisStatus.PLANNING
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_issued_on = models.DateField(_("report issued on"), null=True, blank=True)
    # The team lead's electronic signature of the report (re-authenticated); a precondition of issuing it.
    report_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("report signed by"),
    )
    report_signatory = models.ForeignKey(
        "diagnosis.TeamMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed as team lead"),
    )
    report_signed_at = models.DateTimeField(_("report signed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="diagnosis_org_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def process_list(self) -> list[str]:
        return [p.strip() for p in self.processes.splitlines() if p.strip()]

    @property
    def is_signed(self) -> bool:
        return self.report_signed_at is not None


class BasisKind(models.TextChoices):
    STANDARD = "standard", _("Management-system standard")
    CONTRACT = "contract", _("Contract (customer requirements)")
    INTERNAL_RULE = "internal_rule", _("Internal rule or procedure")
    LAW = "law", _("Law or regulation")


class LawCategory(models.TextChoices):
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
    DATA_PROTECTION = "data_protection", _("Data and personal-information protection")
    SAFETY = "safety", _("Safety")
    SERVICE = "service", _("Service")
    ENVIRONMENTAL = "environmental", _("Environmental")
    LABOUR = "labour", _("Labour")


class BasisItem(models.Model):
    """One element of the basis of the diagnosis (诊断依据)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="basis_items")
    kind = models.CharField(_("kind"), max_length=20, choices=BasisKind.choices)
    category = models.CharField(_("category"), max_length=20, choices=LawCategory.choices, blank=True)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    source_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("file")
    )
    source_url = models.URLField(_("link"), blank=True)
    # A law or regulation loaded into the catalogue (e.g. imported as a framework): its requirements join the
    # scope of the diagnosis and are assessed beside the standards'.
    library = models.ForeignKey(
        Standard,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("library in the catalogue"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("basis item")
        verbose_name_plural = _("basis items")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind == BasisKind.LAW and not self.category:
            raise ValidationError({"category": _("Classify the law or regulation.")})
        if self.kind != BasisKind.LAW and self.category:
            raise ValidationError({"category": _("Only laws and regulations take a category.")})
        if self.kind != BasisKind.LAW and self.library_id:
            raise ValidationError(
                {"library": _("Only a law or regulation can point at a library of the catalogue.")}
            )


class SupplementaryRequirement(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="supplementary")
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("requirement"))
    origin = models.CharField(_("origin"), max_length=200, blank=True, help_text=_("Contract, product, law…"))

    class Meta:
        verbose_name = _("supplementary requirement")
        verbose_name_plural = _("supplementary requirements")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class TailoringDecision(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    DEPTH_ADJUSTED = "depth_adjusted", _("Depth of evidence adjusted")


class Tailoring(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="tailorings")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="+", verbose_name=_("requirement")
    )
    decision = models.CharField(_("decision"), max_length=20, choices=TailoringDecision.choices)
    justification = models.TextField(_("justification"))

    class Meta:
        verbose_name = _("tailoring decision")
        verbose_name_plural = _("tailoring decisions")
        ordering = ["requirement__clause__order", "requirement__order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "requirement"], name="tailoring_unique_requirement")
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id} {self.decision}"


class TeamRole(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    INTERNAL_AUDITOR = "internal_auditor", _("Qualified internal auditor")
    THIRD_PARTY = "third_party_auditor", _("Third-party auditor")


class TeamMember(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    external_name = models.CharField(_("name (if not one of our people)"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=TeamRole.choices)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    is_lead = models.BooleanField(_("team lead"), default=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(is_lead=True), name="diagnosis_team_one_lead"
            )
        ]

    def __str__(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.external_name

    def clean(self) -> None:
        if bool(self.person_id) == bool(self.external_name.strip()):
            raise ValidationError(_("Choose one of our people or type the name of an outside member."))
        if self.is_lead and not self.person_id:
            raise ValidationError(
                {"person": _("The team lead signs the report: choose one of our people who has a login.")}
            )


class ExistingDocument(models.Model):
    """A document of the organization's current system, as the diagnosis team found it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="existing_documents")
    code = models.CharField(_("code"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("existing document")
        verbose_name_plural = _("existing documents")
        ordering = ["code", "id"]

    def __str__(self) -> str:
        return self.title
