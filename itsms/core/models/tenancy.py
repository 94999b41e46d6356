from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organization admin")
    TOP_MANAGEMENT = "top_management", _("Top management")
    MANAGEMENT_REP = "management_rep", _("Management representative")
    WORKING_GROUP = "working_group", _("Working-group member")
    DOCUMENT_CONTROLLER = "document_controller", _("Document controller")
    INTERNAL_AUDITOR = "internal_auditor", _("Internal auditor")
    DEPARTMENT_MANAGER = "department_manager", _("Department manager")
    STAFF = "staff", _("Staff")
    SERVICE_AGENT = "service_agent", _("Service agent")
    CUSTOMER = "customer", _("Customer (portal only)")
    EXTERNAL_AUDITOR = "external_auditor", _("External auditor (read-only)")


class Organization(models.Model):
    """The tenant: every domain row belongs to exactly one."""

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    language = models.CharField(
        _("language of records"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    require_2fa_for_admins = models.BooleanField(
        _("require two-factor authentication for admins"), default=False
    )
    logo = models.ForeignKey(
        "core.StoredFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh or self.name_en


class Membership(models.Model):
    """A user's place in one organization; a consultant holds one per client."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    person = models.OneToOneField(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="membership"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # A period of validity: an external auditor's access opens and ends by itself with the engagement.
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(
        _("valid until"), null=True, blank=True, help_text=_("Required for external auditors.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique_user"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="membership_validity_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization.slug}"

    def is_current(self, now: dt.datetime | None = None) -> bool:
        """Inside its period of validity (a membership without one is always current)."""
        now = now or timezone.now()
        return (self.valid_from is None or self.valid_from <= now) and (
            self.valid_until is None or now < self.valid_until
        )

    @property
    def role_set(self) -> frozenset[str]:
        # Read through the prefetch cache when the selector loaded it; one query otherwise.
        cached = getattr(self, "_role_set", None)
        if cached is None:
            cached = frozenset(r.role for r in self.roles.all())
            self._role_set = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in Role.values if r in self.role_set]


class MembershipRole(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "role"], name="membership_role_unique")]

    def __str__(self) -> str:
        return self.role


def current_memberships_q(now: dt.datetime | None = None, prefix: str = "") -> Q:
    """Active memberships inside their period of validity, for filters (prefix: 'membership__')."""
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}is_active": True})
        & (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": now}))
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gt": now}))
    )
