"""Writes of the nonconformity register: raising one and moving it through its lifecycle."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.catalogue.models import Requirement
from itsms.core import audit
from itsms.core.errors import require
from itsms.core.lifecycle import transition
from itsms.core.models import Department, Organization, User
from itsms.core.numbering import next_number
from itsms.core.services.base import authorize

from .lifecycle import NONCONFORMITY_TRANSITIONS
from .models import Nonconformity, NonconformityGrade, NonconformitySource
from .permissions import can_raise_nonconformity

NUMBER_KEY = "NC"
NUMBER_PATTERN = "NC-{year}-{seq:04}"
AUDITED = [
    "number",
    "source",
    "source_type",
    "source_id",
    "requirement",
    "department",
    "statement",
    "grade",
    "status",
]


@transaction.atomic
def nonconformity_raise(
    *,
    actor: User | None,
    organization: Organization,
    source: str,
    statement: str,
    grade: str = NonconformityGrade.MINOR,
    requirement: Requirement | None = None,
    department: Department | None = None,
    source_type: str = "",
    source_id: str = "",
) -> Nonconformity:
    authorize(actor, organization, can_raise_nonconformity)
    if department is not None:
        require(department.organization_id == organization.pk)
    statement = statement.strip()
    if not statement:
        raise ValidationError({"statement": _("Describe the nonconformity.")})
    if source not in NonconformitySource.values:
        raise ValidationError({"source": _("Unknown source.")})
    if grade not in NonconformityGrade.values:
        raise ValidationError({"grade": _("Unknown grade.")})
    nc = Nonconformity.objects.create(
        organization=organization,
        number=next_number(organization, NUMBER_KEY, NUMBER_PATTERN),
        source=source,
        source_type=source_type,
        source_id=source_id,
        requirement=requirement,
        department=department,
        statement=statement,
        grade=grade,
        raised_by=actor if actor is not None and actor.is_authenticated else None,
        raised_at=timezone.now(),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="nonconformity.raise",
        obj=nc,
        changes=audit.diff({}, audit.snapshot(nc, AUDITED)),
    )
    return nc


@transaction.atomic
def nonconformity_transition(
    *,
    actor: User | None,
    organization: Organization,
    nonconformity: Nonconformity,
    target: str,
    note: str = "",
) -> Nonconformity:
    require(nonconformity.organization_id == organization.pk)
    locked = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
    transition(
        locked,
        target,
        actor=actor,
        organization=organization,
        table=NONCONFORMITY_TRANSITIONS,
        note=note,
    )
    return locked
