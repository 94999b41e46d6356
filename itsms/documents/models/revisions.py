from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Department, Organization, StoredFile

from .enums import OPEN_STATUSES, Meaning, RevStatus, Stage
from .register import Document

MAX_REVIEWERS = 10


class Revision(models.Model):
    """One edition/revision of a document (A/0, A/1, B/0). Content is frozen once submitted."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    edition = models.CharField(_("edition"), max_length=3, default="A")
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=RevStatus.choices, default=RevStatus.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text (Markdown)"), blank=True)
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("file")
    )
    extracted_text = models.TextField(blank=True, default="")
    change_summary = models.CharField(_("what changed"), max_length=500, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    # Optimistic locking: a save carries the version it started from; a newer one means someone else saved.
    version = models.PositiveIntegerField(default=1)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    # The author (编制): who started the revision; a rework draft keeps the author of what was returned.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who submitted it for review: an author too, so they cannot sign it as reviewer or approver either.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["document", "-pk"]
        constraints = [
            # A returned attempt keeps its label; the draft that continues it carries the same one.
            models.UniqueConstraint(
                fields=["document", "edition", "revision"],
                condition=~models.Q(status="returned"),
                name="revision_unique_label",
            ),
            # One revision in the making per document: two drafts would fork the text.
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(status__in=OPEN_STATUSES), name="revision_one_open"
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="revision_org_status")]

    def __str__(self) -> str:
        return f"{self.document.number} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.edition}/{self.revision}"

    @property
    def is_editable(self) -> bool:
        return self.status == RevStatus.DRAFT


class ReviewComment(models.Model):
    """A reviewer's comment; every comment is resolved before the revision moves on."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="comments")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Signature(models.Model):
    """An electronic signature (编制–审核–批准): who, when, and what the signature means."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("name"), max_length=150)
    meaning = models.CharField(_("meaning"), max_length=10, choices=Meaning.choices)
    # The review stage a "reviewed" signature was given in: each stage needs its own independent review.
    # Blank for approvals (and for signatures given before stages were recorded).
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True, default="")
    signed_at = models.DateTimeField(_("signed at"))
    # The content hash the signature covers: a signature never floats free of what was signed.
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.signer_name} {self.meaning}"


class ControlSettings(models.Model):
    """The organization's own rules for document control, stricter than the built-in minimum."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="document_control_settings"
    )
    internal_reviewers_required = models.PositiveSmallIntegerField(
        _("independent reviews required in the internal review"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEWERS)],
        help_text=_(
            "People other than the author who signed as reviewer or whose comments were resolved at this stage."
        ),
    )
    external_reviewers_required = models.PositiveSmallIntegerField(
        _("independent reviews required in the external check"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEWERS)],
    )
    approver_independent = models.BooleanField(
        _("the approver must not have signed as reviewer"), default=False
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document control settings")
        verbose_name_plural = _("document control settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(internal_reviewers_required__gte=1, external_reviewers_required__gte=1),
                name="doc_control_settings_min_one_review",
            )
        ]

    def __str__(self) -> str:
        return str(self.organization_id)

    def reviewers_required(self, stage: str) -> int:
        return (
            self.internal_reviewers_required if stage == Stage.INTERNAL else self.external_reviewers_required
        )
