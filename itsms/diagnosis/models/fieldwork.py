"""The plan, the working papers and the on-site records of a diagnosis."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.models import Clause, Requirement
from itsms.core.models import Department, Organization, Person, StoredFile

from .project import DiagnosisProject, TeamMember


class PlanSession(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    team_members = models.ManyToManyField(TeamMember, blank=True, related_name="+", verbose_name=_("team"))
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    clauses = models.ManyToManyField(Clause, blank=True, related_name="+", verbose_name=_("clauses"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("plan session")
        verbose_name_plural = _("plan sessions")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.place}".strip()


class ChecklistItem(models.Model):
    """A line of the working papers: a question to ask, generated from the catalogue and then edited."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="checklist")
    clause = models.ForeignKey(
        Clause, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("clause")
    )
    requirement = models.ForeignKey(
        Requirement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question"))
    order = models.PositiveIntegerField(_("order"), default=0)
    # Set when generated from the catalogue, so regenerating does not duplicate the line.
    source_urn = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source_urn"],
                condition=~models.Q(source_urn=""),
                name="checklist_unique_urn",
            )
        ]

    def __str__(self) -> str:
        return self.question[:80]


class Interview(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="interviews")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    name = models.CharField(_("name (if not one of our people)"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=150, blank=True)
    held_on = models.DateField(_("date"), null=True, blank=True)
    notes = models.TextField(_("notes"))

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.name

    def clean(self) -> None:
        if not self.person_id and not self.name.strip():
            raise ValidationError(_("Say who was interviewed."))


class InspectedRecord(models.Model):
    """A document or record the team inspected on site."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="records")
    title = models.CharField(_("title"), max_length=300)
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("file")
    )
    link = models.URLField(_("link"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("inspected document or record")
        verbose_name_plural = _("inspected documents and records")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Observation(models.Model):
    """The real state as the team saw it, recorded faithfully."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(DiagnosisProject, on_delete=models.CASCADE, related_name="observations")
    text = models.TextField(_("observation"))
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    observed_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]
