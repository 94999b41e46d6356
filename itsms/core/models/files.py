from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import Organization


class StoredFile(models.Model):
    """A file kept in storage: checked bytes, recorded hash and size, served only through a permission check."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="files")
    # What the file is for; decides who may download it (see itsms.core.files.register_purpose).
    purpose = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=500, unique=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        indexes = [models.Index(fields=["organization", "purpose"])]

    def __str__(self) -> str:
        return self.original_name
