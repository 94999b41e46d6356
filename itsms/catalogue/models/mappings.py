from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .standards import URN_LENGTH, Clause, Standard


class Relationship(models.TextChoices):
    EQUAL = "equal", _("equal")
    SUBSET = "subset", _("subset")
    SUPERSET = "superset", _("superset")
    INTERSECT = "intersect", _("intersect")
    RELATED = "related", _("related")


class Mapping(models.Model):
    """A mapping library between the clauses of two standards."""

    urn = models.CharField(_("URN"), max_length=URN_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    source = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="mappings_from")
    target = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="mappings_to")
    loaded_at = models.DateTimeField(_("loaded at"))
    sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("mapping")
        verbose_name_plural = _("mappings")
        ordering = ["urn"]

    def __str__(self) -> str:
        return self.name or self.urn


class MappingLink(models.Model):
    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="links")
    source_clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="links_out")
    target_clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="links_in")
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("mapping link")
        verbose_name_plural = _("mapping links")
        constraints = [
            models.UniqueConstraint(
                fields=["mapping", "source_clause", "target_clause"], name="mappinglink_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_clause_id} {self.relationship} {self.target_clause_id}"
