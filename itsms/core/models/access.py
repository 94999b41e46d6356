from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import Membership, Organization


class AccessLogEntry(models.Model):
    """A page or API read by a watched member (the external auditor): what they opened, and when.

    Bookkeeping, not a change: it stays outside the audit chain so that reading never waits on the chain's
    lock, and each entry is one INSERT.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="access_log")
    path = models.CharField(_("path"), max_length=500)
    via_api = models.BooleanField(_("through the API"), default=False)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["organization", "-id"], name="accesslog_org_newest")]

    def __str__(self) -> str:
        return f"{self.path} @ {self.at:%Y-%m-%d %H:%M}"
