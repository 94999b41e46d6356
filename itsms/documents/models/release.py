from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Department, Organization, Person

from .enums import RecallOutcome, TargetKind
from .register import Document
from .revisions import Revision


class DistributionTarget(models.Model):
    """Who holds a controlled copy of a document, with its copy number (分发号)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="distribution")
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    copy_number = models.PositiveIntegerField(_("copy number"))
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["copy_number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "copy_number"], name="distribution_unique_copy"),
        ]

    def __str__(self) -> str:
        if self.kind == TargetKind.PERSON and self.person_id:
            return str(self.person)
        if self.kind == TargetKind.DEPARTMENT and self.department_id:
            return str(self.department)
        return self.location


class BriefingCampaign(models.Model):
    """Documents to be read and acknowledged by some departments by a date (trial run, 1.6.1)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"))
    documents = models.ManyToManyField(Document, related_name="+", verbose_name=_("documents"))
    departments = models.ManyToManyField(Department, related_name="+", verbose_name=_("departments"))
    # Every acknowledgement the briefing asks for: those it issued and those a person already had for the
    # same revision (through a copy or an earlier briefing); one person acknowledges a revision once.
    entries = models.ManyToManyField("documents.Receipt", related_name="briefings", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title


class Receipt(models.Model):
    """One copy handed to one recipient for one revision, and its signed receipt (签收)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="receipts")
    target = models.ForeignKey(
        DistributionTarget, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipts"
    )
    campaign = models.ForeignKey(
        BriefingCampaign, null=True, blank=True, on_delete=models.CASCADE, related_name="receipts"
    )
    copy_number = models.PositiveIntegerField(_("copy number"), null=True, blank=True)
    # The person who reads and acknowledges; empty only for a copy held at a location.
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Their login, when they have one; without one the organizer records the acknowledgement.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField(_("recipient"), max_length=200)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # Who recorded the acknowledgement when it was not the recipient's own (no login, a location copy).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the revision became obsolete (withdrawn or superseded) before it was acknowledged: nobody is
    # asked to acknowledge an obsolete document any more.
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["copy_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "person"],
                condition=models.Q(person__isnull=False),
                name="receipt_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["revision", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="receipt_one_per_login",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "recipient", "acknowledged_at"], name="receipt_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} #{self.copy_number}"


class CopyRecall(models.Model):
    """A controlled copy called back (回收), and what became of it: returned or destroyed, when, by whom."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recalls")
    target = models.OneToOneField(DistributionTarget, on_delete=models.PROTECT, related_name="recall")
    copy_number = models.PositiveIntegerField(_("copy number"))
    holder = models.CharField(_("holder"), max_length=200)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recalled_at = models.DateTimeField(_("recalled"))
    recalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=RecallOutcome.choices, default=RecallOutcome.PENDING
    )
    outcome_on = models.DateField(_("date"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "copy_number"]
        indexes = [models.Index(fields=["organization", "outcome"], name="copyrecall_org_outcome")]

    def __str__(self) -> str:
        return f"{self.copy_number}: {self.holder}"
