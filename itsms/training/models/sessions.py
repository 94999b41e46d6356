from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Department, Organization, Person, StoredFile


class TrainingKind(models.TextChoices):
    """The kinds of training the method names (steps 1.1.1–1.1.3 and 1.6.2)."""

    KICKOFF = "kickoff", _("Kick-off meeting (all staff)")
    KEY_PERSONNEL = "key_personnel", _("Key-personnel training")
    DOCUMENT_WRITING = "document_writing", _("Document-writing training")
    JOB = "job", _("Job training")
    SPECIAL_POST = "special_post", _("Special-post training (assessed)")
    PROCEDURE = "procedure", _("Procedure training for managers")
    AWARENESS = "awareness", _("Policy and objectives awareness")


class TrainingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# Sessions that took place: their attendance counts as a training record.
TOOK_PLACE = (TrainingStatus.HELD, TrainingStatus.CLOSED)


class TrainingSession(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="training_sessions")
    number = models.CharField(_("number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=32, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    # A short label matched by competence requirements (e.g. "incident procedure"); optional.
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    content = models.TextField(_("content"), blank=True)
    trainer = models.CharField(_("trainer"), max_length=150, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=120, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    has_assessment = models.BooleanField(_("with an assessment"), default=False)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=100)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"), null=True, blank=True)
    invited_departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("invited departments")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-starts_at"]),
            models.Index(fields=["organization", "kind", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="training_session_unique_number"),
            models.CheckConstraint(
                condition=models.Q(pass_mark__isnull=True) | models.Q(pass_mark__lte=models.F("max_score")),
                name="training_session_pass_mark_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_open_for_sign_in(self) -> bool:
        return self.status in (TrainingStatus.PLANNED, TrainingStatus.HELD)

    @property
    def took_place(self) -> bool:
        return self.status in TOOK_PLACE


class TrainingSettings(models.Model):
    """Per organization: when attendees may sign themselves in, around each session."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    sign_in_opens_minutes = models.PositiveSmallIntegerField(
        _("sign-in opens (minutes before the start)"),
        default=30,
        validators=[MaxValueValidator(24 * 60)],
    )
    sign_in_closes_minutes = models.PositiveSmallIntegerField(
        _("sign-in closes (minutes after the end)"),
        default=60,
        validators=[MaxValueValidator(24 * 60)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training settings")
        verbose_name_plural = _("training settings")

    def __str__(self) -> str:
        return f"{self.sign_in_opens_minutes}/{self.sign_in_closes_minutes}"


class TrainingMaterial(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return str(self.file)


class SignInMethod(models.TextChoices):
    SELF = "self", _("Signed in from own login")
    LINK = "link", _("Signed in through the room link")
    ORGANIZER = "organizer", _("Recorded by the organizer")


class Attendance(models.Model):
    """One person at one session: invited or not, present or not, and the assessment result."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="training_attendances")
    invited = models.BooleanField(_("invited"), default=False)
    present = models.BooleanField(_("present"), default=False)
    signed_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    method = models.CharField(_("sign-in"), max_length=16, choices=SignInMethod.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    # Null until assessed; set from the score and the session's pass mark.
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_unique_person"),
        ]
        indexes = [models.Index(fields=["organization", "person", "present"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session_id}"
