"""The implementation programme (roadmap): phases and tasks made from a template of the method."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.models.standards import localized
from itsms.core.models import Organization, Person, StoredFile


class ProgrammeTemplate(models.Model):
    """A template uploaded by the organization (a consultancy's own method); the method ships built in."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("YAML"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="programme")
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    operating_since = models.DateField(
        _("operating since"), null=True, blank=True, help_text=_("The day the system started running.")
    )
    preaudit_target = models.DateField(_("pre-audit target"), null=True, blank=True)
    stage1_target = models.DateField(_("stage 1 target"), null=True, blank=True)
    stage2_target = models.DateField(_("stage 2 target"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("Chinese title"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="phase_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_zh)


class TaskStatus(models.TextChoices):
    TODO = "todo", _("to do")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


class Task(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("step"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("Chinese title"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    purpose_zh = models.TextField(_("Chinese purpose"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    deliverables_zh = models.TextField(_("Chinese deliverables"), blank=True)
    owner_role = models.CharField(_("owner's role"), max_length=32, blank=True)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("owner")
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    milestones = models.JSONField(_("milestones"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("file")
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("programme task")
        verbose_name_plural = _("programme tasks")
        ordering = ["order"]
        indexes = [
            models.Index(fields=["organization", "status", "planned_end"], name="task_org_status_due"),
            models.Index(fields=["organization", "owner"], name="task_org_owner"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="task_unique_code"),
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")), name="task_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_zh)

    @property
    def display_purpose(self) -> str:
        return localized(self.purpose, self.purpose_zh)

    @property
    def display_deliverables(self) -> str:
        return localized(self.deliverables, self.deliverables_zh)
