"""Every write to the system design: groups, the appointment, the registers, scope, policy, RACI."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from itsms.catalogue.models import Requirement
from itsms.core import audit
from itsms.core.errors import require
from itsms.core.models import Department, Organization, Person, User
from itsms.core.services.base import actor_membership, authorize

from ..models import (
    ContextIssue,
    Group,
    GroupMember,
    InterestedParty,
    Objective,
    ObjectiveResult,
    Policy,
    RaciAssignment,
    Risk,
    ScopeStatement,
)
from ..permissions import can_manage_design, can_record_result

# The registers written through record_create / record_update, with the fields a person may set.
REGISTER_FIELDS: dict[type[models.Model], list[str]] = {
    ContextIssue: ["kind", "title", "description"],
    InterestedParty: ["name", "requirements"],
    Objective: ["title", "target", "unit", "higher_is_better", "owner", "method", "frequency"],
    Risk: ["kind", "title", "description", "likelihood", "impact", "treatment", "owner", "review_date"],
}


def _same_org(organization: Organization, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and hasattr(obj, "organization_id"):
            require(obj.organization_id == organization.pk)


def _save(
    *,
    actor: User | None,
    organization: Organization,
    obj: models.Model,
    fields: list[str],
    values: dict[str, Any],
    verb: str,
) -> Any:
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    _same_org(organization, *values.values())
    before = audit.snapshot(obj, fields) if obj.pk else {}
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=["organization"])
    obj.save()
    changes = audit.diff(before, audit.snapshot(obj, fields))
    if changes or verb == "create":
        audit.record(
            organization=organization,
            actor=actor,
            action=f"{obj._meta.model_name}.{verb}",
            obj=obj,
            changes=changes,
        )
    return obj


@transaction.atomic
def record_create(
    *, actor: User | None, organization: Organization, model: type[models.Model], **values: Any
) -> Any:
    authorize(actor, organization, can_manage_design)
    obj = model(organization=organization)
    return _save(
        actor=actor,
        organization=organization,
        obj=obj,
        fields=REGISTER_FIELDS[model],
        values=values,
        verb="create",
    )


@transaction.atomic
def record_update(*, actor: User | None, organization: Organization, obj: models.Model, **values: Any) -> Any:
    authorize(actor, organization, can_manage_design)
    _same_org(organization, obj)
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    return _save(
        actor=actor,
        organization=organization,
        obj=locked,
        fields=REGISTER_FIELDS[type(obj)],
        values=values,
        verb="update",
    )


def group_for(organization: Organization, kind: str) -> Group:
    group, _created = Group.objects.get_or_create(organization=organization, kind=kind)
    return group


@transaction.atomic
def group_update(
    *,
    actor: User | None,
    organization: Organization,
    kind: str,
    terms_of_reference: str,
    formed_on: dt.date | None,
) -> Group:
    authorize(actor, organization, can_manage_design)
    group = Group.objects.select_for_update().get(pk=group_for(organization, kind).pk)
    return _save(
        actor=actor,
        organization=organization,
        obj=group,
        fields=["terms_of_reference", "formed_on"],
        values={"terms_of_reference": terms_of_reference, "formed_on": formed_on},
        verb="update",
    )


@transaction.atomic
def group_member_add(
    *, actor: User | None, organization: Organization, kind: str, person: Person, role_in_group: str
) -> GroupMember:
    authorize(actor, organization, can_manage_design)
    _same_org(organization, person)
    group = group_for(organization, kind)
    if GroupMember.objects.filter(group=group, person=person).exists():
        raise ValidationError({"person": _("This person is already a member.")})
    member = GroupMember.objects.create(
        organization=organization, group=group, person=person, role_in_group=role_in_group
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="groupmember.create",
        obj=member,
        changes={"group": [None, kind], "person": [None, str(person)], "role": [None, role_in_group]},
    )
    return member


@transaction.atomic
def group_member_remove(*, actor: User | None, organization: Organization, member: GroupMember) -> None:
    authorize(actor, organization, can_manage_design)
    _same_org(organization, member)
    audit.record(
        organization=organization,
        actor=actor,
        action="groupmember.delete",
        obj=member,
        changes={"person": [str(member.person), None]},
    )
    member.delete()


def _next_version(model: type[ScopeStatement] | type[Policy], organization: Organization) -> int:
    current = (
        model.objects.select_for_update().filter(organization=organization).aggregate(v=Max("version"))["v"]
    )
    return (current or 0) + 1


@transaction.atomic
def scope_create(
    *,
    actor: User | None,
    organization: Organization,
    services: str,
    locations: str,
    statement: str,
    units: list[Department],
) -> ScopeStatement:
    authorize(actor, organization, can_manage_design)
    _same_org(organization, *units)
    try:
        scope = ScopeStatement.objects.create(
            organization=organization,
            version=_next_version(ScopeStatement, organization),
            services=services,
            locations=locations,
            statement=statement,
        )
    except IntegrityError:
        raise ValidationError(_("Someone saved another version at the same time; try again.")) from None
    scope.units.set(units)
    audit.record(
        organization=organization,
        actor=actor,
        action="scopestatement.create",
        obj=scope,
        changes={"version": [None, scope.version], "units": [None, sorted(str(u) for u in units)]},
    )
    return scope


@transaction.atomic
def objective_result_add(
    *,
    actor: User | None,
    organization: Organization,
    objective: Objective,
    period_end: dt.date,
    value: Decimal,
    note: str = "",
) -> ObjectiveResult:
    _same_org(organization, objective)
    if actor is not None:
        m = actor_membership(actor, organization)
        if m is None or not can_record_result(m, objective):
            raise PermissionDenied
    if ObjectiveResult.objects.filter(objective=objective, period_end=period_end).exists():
        raise ValidationError({"period_end": _("A result for this period is already recorded.")})
    result = ObjectiveResult.objects.create(
        organization=organization, objective=objective, period_end=period_end, value=value, note=note
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="objectiveresult.create",
        obj=result,
        changes={
            "objective": [None, str(objective)],
            "period_end": [None, str(period_end)],
            "value": [None, str(value)],
        },
    )
    return result


@transaction.atomic
def raci_set(
    *,
    actor: User | None,
    organization: Organization,
    cells: dict[tuple[int, int], str],
) -> int:
    """Set cells of the matrix: {(department id, requirement id): letter or ''}; returns how many changed."""
    authorize(actor, organization, can_manage_design)
    departments = set(Department.objects.filter(organization=organization).values_list("pk", flat=True))
    requirements = set(Requirement.objects.filter(pk__in={r for _d, r in cells}).values_list("pk", flat=True))
    existing = {
        (a.department_id, a.requirement_id): a
        for a in RaciAssignment.objects.filter(organization=organization, requirement_id__in=requirements)
    }
    changed: list[list[Any]] = []
    for (dept, req), letter in cells.items():
        require(dept in departments and req in requirements)
        current = existing.get((dept, req))
        old = current.letter if current else ""
        if old == letter:
            continue
        if current is not None and not letter:
            current.delete()
        elif current is not None:
            current.letter = letter
            current.save(update_fields=["letter"])
        else:
            RaciAssignment.objects.create(
                organization=organization, department_id=dept, requirement_id=req, letter=letter
            )
        changed.append([dept, req, old, letter])
    if changed:
        audit.record(
            organization=organization,
            actor=actor,
            action="raci.update",
            obj=None,
            changes={"cells": [None, changed]},
        )
    return len(changed)
