from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Organization, Position

from .sessions import TrainingKind


class CompetenceRequirement(models.Model):
    """A training a position needs: a kind, optionally narrowed to a topic, repeated every N months."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="competence_requirements", verbose_name=_("position")
    )
    kind = models.CharField(_("training kind"), max_length=32, choices=TrainingKind.choices)
    topic = models.CharField(
        _("topic"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty when any session of this kind will do."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the training never has to be repeated."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("competence requirement")
        verbose_name_plural = _("competence requirements")
        ordering = ["position__name", "kind", "topic"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "kind", "topic"], name="competence_requirement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.label}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.topic)

    @property
    def label(self) -> str:
        kind = str(TrainingKind(self.kind).label)
        return f"{kind} — {self.topic}" if self.topic else kind
