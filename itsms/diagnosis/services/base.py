"""What the diagnosis services share: the edit check, same-organization checks and the audited save."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from itsms.catalogue.models import Requirement
from itsms.core import audit
from itsms.core.errors import require
from itsms.core.models import Organization, User
from itsms.core.services.base import authorize

from ..models import DiagnosisProject, DiagnosisStatus
from ..permissions import can_edit_diagnosis
from ..scope import scope_standards


def same_org(organization: Organization, *objs: models.Model | None) -> None:
    for obj in objs:
        if obj is not None:
            require(getattr(obj, "organization_id", None) == organization.pk)


def editable(actor: User | None, organization: Organization, project: DiagnosisProject) -> None:
    """The actor may edit, the project is this organization's, and its report is not issued yet."""
    authorize(actor, organization, can_edit_diagnosis)
    same_org(organization, project)
    if project.status == DiagnosisStatus.ISSUED:
        raise ValidationError(_("The report of this diagnosis has been issued; it can no longer be changed."))
    if project.is_signed:
        raise ValidationError(
            _(
                "The team lead has signed the report; it can no longer be changed. Take the diagnosis back "
                "on site to change it, which withdraws the signature."
            )
        )


def in_scope(project: DiagnosisProject, requirement: Requirement) -> None:
    """Refuse a requirement outside the project's standards and basis libraries (or one retired)."""
    standard_ids = set(scope_standards(project).values_list("pk", flat=True))
    if requirement.retired or requirement.clause.standard_id not in standard_ids:
        raise ValidationError(
            {
                "requirement": _("Requirement %(ref)s is outside the scope of this diagnosis.")
                % {"ref": requirement.ref}
            }
        )


def save_audited(
    *,
    actor: User | None,
    organization: Organization,
    obj: models.Model,
    fields: Iterable[str],
    values: dict[str, Any],
    verb: str,
) -> Any:
    fields = list(fields)
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    before = audit.snapshot(obj, fields) if obj.pk else {}
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=["organization", "project"])
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
