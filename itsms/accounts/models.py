"""Request counters shared by every app process: sign-in failures per address, API calls per token."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateWindow(models.Model):
    """How many events one key (an address, a token) had in its current fixed time window of one scope.

    In the database, not a counter in memory, because several app processes answer behind the proxy and
    each would otherwise allow the full rate. One row per key, restarted when a new window begins, so a
    busy token never grows the table.
    """

    class Scope(models.TextChoices):
        LOGIN_FAILURE = "login_failure", _("Failed sign-ins from one address")
        API_TOKEN = "api_token", _("API requests with one token")

    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    key = models.CharField(_("key"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate window")
        verbose_name_plural = _("rate windows")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="accounts_ratewindow_unique"),
        ]
        # Ended windows of client addresses are swept by their start.
        indexes = [models.Index(fields=["scope", "window_start"], name="accounts_ratewindow_sweep")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
