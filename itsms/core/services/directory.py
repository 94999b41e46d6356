"""Departments (a tree), positions and people of an organization."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from .. import audit
from ..errors import require
from ..models import Department, Organization, Person, Position, User
from ..permissions import can_manage_directory
from .base import authorize

DEPARTMENT_FIELDS = ["code", "name", "name_en", "parent", "description"]
POSITION_FIELDS = ["name", "department", "description"]
PERSON_FIELDS = ["full_name", "email", "phone", "employee_no", "department", "position", "is_active"]


def _same_org(organization: Organization, *objs: models.Model | None) -> None:
    for obj in objs:
        if obj is not None:
            require(getattr(obj, "organization_id", None) == organization.pk)


def _write(
    *,
    actor: User | None,
    organization: Organization,
    obj: models.Model,
    fields: list[str],
    values: dict[str, Any],
    verb: str,
) -> models.Model:
    """Apply values, validate, save and record the diff: the shared tail of the create/update services."""
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    before = audit.snapshot(obj, fields) if obj.pk else {}
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
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


def _check_no_cycle(department: Department, parent: Department | None) -> None:
    seen = set()
    node = parent
    while node is not None:
        if node.pk == department.pk:
            raise ValidationError(
                {"parent": _("A department cannot sit under itself or one of its sub-departments.")}
            )
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def department_create(*, actor: User | None, organization: Organization, **values: Any) -> Department:
    authorize(actor, organization, can_manage_directory)
    _same_org(organization, values.get("parent"))
    dept = Department(organization=organization)
    return _write(
        actor=actor,
        organization=organization,
        obj=dept,
        fields=DEPARTMENT_FIELDS,
        values=values,
        verb="create",
    )  # type: ignore[return-value]


@transaction.atomic
def department_update(
    *, actor: User | None, organization: Organization, department: Department, **values: Any
) -> Department:
    authorize(actor, organization, can_manage_directory)
    _same_org(organization, department, values.get("parent"))
    dept = Department.objects.select_for_update().get(pk=department.pk)
    if "parent" in values:
        _check_no_cycle(dept, values["parent"])
    return _write(
        actor=actor,
        organization=organization,
        obj=dept,
        fields=DEPARTMENT_FIELDS,
        values=values,
        verb="update",
    )  # type: ignore[return-value]


@transaction.atomic
def department_delete(*, actor: User | None, organization: Organization, department: Department) -> None:
    authorize(actor, organization, can_manage_directory)
    _same_org(organization, department)
    before = audit.snapshot(department, DEPARTMENT_FIELDS)
    pk, label = department.pk, str(department)
    try:
        with transaction.atomic():
            department.delete()
    except ProtectedError:
        raise ValidationError(
            _("This department still has sub-departments, positions or people; move them first.")
        ) from None
    audit.record(
        organization=organization,
        actor=actor,
        action="department.delete",
        object_type="core.department",
        object_id=str(pk),
        object_repr=label,
        changes=audit.diff(before, {}),
    )


@transaction.atomic
def position_create(*, actor: User | None, organization: Organization, **values: Any) -> Position:
    authorize(actor, organization, can_manage_directory)
    _same_org(organization, values.get("department"))
    return _write(
        actor=actor,
        organization=organization,
        obj=Position(organization=organization),
        fields=POSITION_FIELDS,
        values=values,
        verb="create",
    )  # type: ignore[return-value]


@transaction.atomic
def position_update(
    *, actor: User | None, organization: Organization, position: Position, **values: Any
) -> Position:
    authorize(actor, organization, can_manage_directory)
    _same_org(organization, position, values.get("department"))
    locked = Position.objects.select_for_update().get(pk=position.pk)
    return _write(
        actor=actor,
        organization=organization,
        obj=locked,
        fields=POSITION_FIELDS,
        values=values,
        verb="update",
    )  # type: ignore[return-value]


@transaction.atomic
def person_create(*, actor: User | None, organization: Organization, **values: Any) -> Person:
    authorize(actor, organization, can_manage_directory)
    _same_org(organization, values.get("department"), values.get("position"))
    return _write(
        actor=actor,
        organization=organization,
        obj=Person(organization=organization),
        fields=PERSON_FIELDS,
        values=values,
        verb="create",
    )  # type: ignore[return-value]


@transaction.atomic
def person_update(*, actor: User | None, organization: Organization, person: Person, **values: Any) -> Person:
    authorize(actor, organization, can_manage_directory)
    _same_org(organization, person, values.get("department"), values.get("position"))
    locked = Person.objects.select_for_update().get(pk=person.pk)
    return _write(
        actor=actor, organization=organization, obj=locked, fields=PERSON_FIELDS, values=values, verb="update"
    )  # type: ignore[return-value]
