"""Competence requirements: which trainings each position needs, and how long they stay valid."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.models import Organization, Position, User
from itsms.core.services.base import authorize

from ..models import CompetenceRequirement, TrainingKind
from ..permissions import can_manage_training
from .sessions import same_org

FIELDS = ["position", "kind", "topic", "validity_months"]


@transaction.atomic
def requirement_create(
    *,
    actor: User | None,
    organization: Organization,
    position: Position,
    kind: str,
    topic: str = "",
    validity_months: int | None = None,
) -> CompetenceRequirement:
    authorize(actor, organization, can_manage_training)
    same_org(organization, position)
    if kind not in TrainingKind.values:
        raise ValidationError({"kind": _("Choose a training kind.")})
    topic = topic.strip()
    if CompetenceRequirement.objects.filter(position=position, kind=kind, topic=topic).exists():
        raise ValidationError(_("This position already requires this training."))
    requirement = CompetenceRequirement(
        organization=organization, position=position, kind=kind, topic=topic, validity_months=validity_months
    )
    requirement.full_clean(validate_constraints=False)
    requirement.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="competencerequirement.create",
        obj=requirement,
        changes=audit.diff({}, audit.snapshot(requirement, FIELDS)),
    )
    return requirement


@transaction.atomic
def requirement_delete(
    *, actor: User | None, organization: Organization, requirement: CompetenceRequirement
) -> None:
    authorize(actor, organization, can_manage_training)
    same_org(organization, requirement)
    before = audit.snapshot(requirement, FIELDS)
    pk, label = requirement.pk, str(requirement)
    requirement.delete()
    audit.record(
        organization=organization,
        actor=actor,
        action="competencerequirement.delete",
        object_type="training.competencerequirement",
        object_id=str(pk),
        object_repr=label,
        changes=audit.diff(before, {}),
    )
