from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import Membership


class ApiToken(models.Model):
    """A bearer token for the REST API, bound to one user in one organization (one membership).

    Only a SHA-256 of the secret is stored; the secret is shown once when the token is created.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A read-only token opens GET operations only; an external auditor's tokens are always read-only.
    read_only = models.BooleanField(_("read-only"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
