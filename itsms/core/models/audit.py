from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import Organization


class AuditEntry(models.Model):
    """One write in an organization's history. Entries are chained: see itsms.core.audit."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="audit_entries")
    seq = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()
    # PROTECT: the actor id is covered by the MAC, so a user who ever acted is deactivated, never deleted.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)
    # Which HMAC key made `mac` (settings.AUDIT_HMAC_KEYS), so keys rotate without breaking older entries.
    key_id = models.CharField(max_length=32, default="", blank=True)
    # The public SHA-256 chain: anyone holding the export and the checkpoint signing key's public half can
    # check it, without the secret HMAC key (see itsms.core.audit.entry_digest).
    digest = models.CharField(max_length=64, default="", blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-seq"]
        constraints = [models.UniqueConstraint(fields=["organization", "seq"], name="audit_unique_seq")]
        indexes = [
            models.Index(fields=["organization", "object_type", "-seq"]),
            models.Index(fields=["organization", "object_type", "object_id"]),
            models.Index(fields=["organization", "actor", "-seq"]),
            models.Index(fields=["organization", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The newest link of an organization's chain; appending locks this row so writers queue."""

    organization = models.OneToOneField(
        Organization, on_delete=models.PROTECT, primary_key=True, related_name="audit_head"
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    last_mac = models.CharField(max_length=64, blank=True)
    # MAC over (organization, last_seq, last_mac): cutting entries off the end is detected too.
    head_mac = models.CharField(max_length=64, blank=True)
    key_id = models.CharField(max_length=32, default="", blank=True)
    last_digest = models.CharField(max_length=64, default="", blank=True)
    # When the worker was last asked for a checkpoint (entry number and time): appends ask again only after
    # AUDIT_CHECKPOINT_EVERY_ENTRIES / _MINUTES, so a burst of writes enqueues one task, not one per write.
    checkpoint_requested_seq = models.PositiveBigIntegerField(default=0)
    checkpoint_requested_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.last_seq}"
