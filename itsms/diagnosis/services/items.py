"""The project's lists: basis, supplementary requirements, tailoring, team, plan, on-site records and the
existing documents. One create and one delete service serve them all, with each kind's own checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.files import checks_upload_first, file_store
from itsms.core.models import Organization, User

from ..models import (
    Assessment,
    BasisItem,
    ChecklistItem,
    DiagnosisProject,
    ExistingDocument,
    InspectedRecord,
    Interview,
    Observation,
    PlanSession,
    SupplementaryRequirement,
    Tailoring,
    TailoringDecision,
    TeamMember,
)
from ..scope import not_applicable_refusal, scope_standards
from .base import editable, in_scope, same_org, save_audited

BASIS_FILE_PURPOSE = "diagnosis.basis"
RECORD_FILE_PURPOSE = "diagnosis.record"

# section (the kind in URLs) -> model, the fields a person fills, the many-to-many fields, the file purpose
ITEM_MODELS: dict[str, tuple[type[models.Model], list[str], list[str], str]] = {
    "basis": (
        BasisItem,
        ["kind", "category", "title", "reference", "source_url", "library", "notes"],
        [],
        BASIS_FILE_PURPOSE,
    ),
    "supplementary": (SupplementaryRequirement, ["title", "text", "origin"], [], ""),
    "tailoring": (Tailoring, ["requirement", "decision", "justification"], [], ""),
    "team": (TeamMember, ["person", "external_name", "role", "affiliation", "is_lead"], [], ""),
    "session": (PlanSession, ["date", "place", "notes"], ["team_members", "departments", "clauses"], ""),
    "interview": (Interview, ["person", "name", "role", "held_on", "notes"], [], ""),
    "record": (InspectedRecord, ["title", "link", "notes"], [], RECORD_FILE_PURPOSE),
    "observation": (Observation, ["text", "department", "observed_on"], [], ""),
    "document": (ExistingDocument, ["code", "title", "notes"], [], ""),
    "checklist": (ChecklistItem, ["clause", "question", "order"], [], ""),
}
FILE_FIELD = {"basis": "source_file", "record": "file"}


def _check(
    section: str, project: DiagnosisProject, organization: Organization, values: dict[str, Any]
) -> None:
    for value in values.values():
        if isinstance(value, models.Model) and hasattr(value, "organization_id"):
            same_org(organization, value)
        elif isinstance(value, list | tuple):
            same_org(organization, *[v for v in value if hasattr(v, "organization_id")])
    if section == "tailoring":
        if not (values.get("justification") or "").strip():
            raise ValidationError(
                {"justification": _("A tailoring decision needs a justification: say why.")}
            )
        requirement = values.get("requirement")
        if requirement is None:
            raise ValidationError({"requirement": _("Choose a requirement.")})
        in_scope(project, requirement)
        if Tailoring.objects.filter(project=project, requirement=requirement).exists():
            raise ValidationError({"requirement": _("This requirement has already been tailored.")})
        if values.get("decision") == TailoringDecision.NOT_APPLICABLE:
            refusal = not_applicable_refusal(requirement)
            if refusal:
                raise ValidationError({"decision": refusal})
    if section == "team" and values.get("is_lead"):
        if TeamMember.objects.filter(project=project, is_lead=True).exists():
            raise ValidationError({"is_lead": _("This diagnosis team already has a lead.")})
    if section == "checklist":
        clause = values.get("clause")
        if clause is not None and clause.standard_id not in set(
            scope_standards(project).values_list("pk", flat=True)
        ):
            raise ValidationError({"clause": _("This clause is outside the scope of this diagnosis.")})
        # A line added by hand goes after the generated lines of its clause (or at the end).
        values["order"] = clause.order * 1000 + 999 if clause is not None else 10**9
    if section == "session":
        standard_ids = set(scope_standards(project).values_list("pk", flat=True))
        if any(c.standard_id not in standard_ids for c in values.get("clauses") or ()):
            raise ValidationError({"clauses": _("A clause is outside the scope of this diagnosis.")})
        if any(t.project_id != project.pk for t in values.get("team_members") or ()):
            raise ValidationError({"team_members": _("Choose members of this diagnosis team.")})


@checks_upload_first
@transaction.atomic
def diagnosis_item_create(
    *,
    actor: User | None,
    organization: Organization,
    project: DiagnosisProject,
    section: str,
    upload: File | None = None,
    **values: Any,
) -> models.Model:
    editable(actor, organization, project)
    model, fields, m2m, purpose = ITEM_MODELS[section]
    _check(section, project, organization, values)
    related = {name: values.pop(name) for name in m2m if name in values}
    obj = model(organization=organization, project=project)
    if upload is not None and purpose:
        setattr(
            obj,
            FILE_FIELD[section],
            file_store(actor=actor, organization=organization, upload=upload, purpose=purpose),
        )
    obj = save_audited(
        actor=actor, organization=organization, obj=obj, fields=fields, values=values, verb="create"
    )
    for name, items in related.items():
        getattr(obj, name).set(items)
    return obj


@transaction.atomic
def diagnosis_item_delete(
    *, actor: User | None, organization: Organization, project: DiagnosisProject, item: models.Model
) -> None:
    editable(actor, organization, project)
    same_org(organization, item)
    if getattr(item, "project_id", None) != project.pk:
        raise ValidationError(_("This item belongs to another diagnosis."))
    if (
        isinstance(item, BasisItem)
        and item.library_id
        and Assessment.objects.filter(project=project, requirement__clause__standard_id=item.library_id)
        .exclude(
            requirement__clause__standard__in=project.standards.all()  # still in scope as a chosen standard
        )
        .exists()
    ):
        raise ValidationError(
            _("Requirements of this law have been assessed in this diagnosis; it stays in the basis.")
        )
    label, pk = str(item), item.pk
    item.delete()
    audit.record(
        organization=organization,
        actor=actor,
        action=f"{item._meta.model_name}.delete",
        object_type=item._meta.label_lower,
        object_id=str(pk),
        object_repr=label[:300],
    )
