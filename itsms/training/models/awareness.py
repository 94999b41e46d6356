from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Organization, Person, StoredFile


class AwarenessCampaign(models.Model):
    """Asking everybody to confirm they read a version of the policy and objectives (clause 7.3)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(_("version"), max_length=40)
    message = models.TextField(_("message"), blank=True)
    document = models.ForeignKey(
        StoredFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("awareness campaign")
        verbose_name_plural = _("awareness campaigns")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "title", "version"], name="awareness_campaign_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class AwarenessConfirmation(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(AwarenessCampaign, on_delete=models.CASCADE, related_name="confirmations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="awareness_confirmations")
    confirmed_at = models.DateTimeField(_("confirmed at"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-confirmed_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="awareness_confirmation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.campaign_id}"
