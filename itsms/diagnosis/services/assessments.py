"""Assessing requirements, raising nonconformities from the gaps and turning document needs into tasks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.audits.models import Nonconformity, NonconformityGrade, NonconformitySource
from itsms.audits.services import nonconformity_raise
from itsms.catalogue.models import Requirement
from itsms.core import audit
from itsms.core.models import Department, Organization, User
from itsms.core.services.base import authorize

from ..models import Assessment, AssessmentResult, DiagnosisProject, DocumentAction
from ..models.assessment import GAP_RESULTS
from ..permissions import can_edit_diagnosis
from .base import editable, in_scope, same_org

ASSESSMENT_FIELDS = [
    "result",
    "gap",
    "cause",
    "evidence",
    "department",
    "document_action",
    "document_title",
]
SOURCE_TYPE = "diagnosis.assessment"


@transaction.atomic
def assessment_save(
    *,
    actor: User | None,
    organization: Organization,
    project: DiagnosisProject,
    requirement: Requirement,
    result: str,
    gap: str = "",
    cause: str = "",
    evidence: str = "",
    department: Department | None = None,
    document_action: str = "",
    document_title: str = "",
) -> Assessment:
    """Create or change the project's answer for one requirement of its scope."""
    editable(actor, organization, project)
    same_org(organization, department)
    in_scope(project, requirement)
    if result not in AssessmentResult.values:
        raise ValidationError({"result": _("Choose a result.")})
    if result in GAP_RESULTS and not gap.strip():
        raise ValidationError({"gap": _("Describe the gap found.")})
    if document_action not in DocumentAction.values:
        raise ValidationError({"document_action": _("Unknown document action.")})
    if document_action and not document_title.strip():
        raise ValidationError({"document_title": _("Name the document to write or revise.")})
    assessment = Assessment.objects.select_for_update().filter(
        project=project, requirement=requirement
    ).first() or Assessment(organization=organization, project=project, requirement=requirement)
    verb = "update" if assessment.pk else "create"
    before = audit.snapshot(assessment, ASSESSMENT_FIELDS) if assessment.pk else {}
    values: dict[str, Any] = {
        "result": result,
        "gap": gap.strip(),
        "cause": cause.strip(),
        "evidence": evidence.strip(),
        "department": department,
        "document_action": document_action,
        "document_title": document_title.strip() if document_action else "",
    }
    for name, value in values.items():
        setattr(assessment, name, value)
    assessment.assessed_by = actor if actor is not None and actor.is_authenticated else None
    assessment.assessed_at = timezone.now()
    assessment.save()
    changes = audit.diff(before, audit.snapshot(assessment, ASSESSMENT_FIELDS))
    if changes or verb == "create":
        audit.record(
            organization=organization,
            actor=actor,
            action=f"assessment.{verb}",
            obj=assessment,
            object_repr=f"{project.title}: {requirement.ref}",
            changes=changes,
        )
    return assessment


@transaction.atomic
def assessment_raise_nonconformity(
    *,
    actor: User | None,
    organization: Organization,
    assessment: Assessment,
    statement: str = "",
    grade: str = NonconformityGrade.MINOR,
) -> Nonconformity:
    """A nonconformity statement in the organization's register, from a gap the diagnosis found."""
    project = assessment.project
    editable(actor, organization, project)
    same_org(organization, assessment)
    if not assessment.is_gap:
        raise ValidationError(_("Only a requirement that is not (fully) met can raise a nonconformity."))
    if Nonconformity.objects.filter(
        organization=organization, source_type=SOURCE_TYPE, source_id=str(assessment.pk)
    ).exists():
        raise ValidationError(_("A nonconformity has already been raised for this requirement."))
    return nonconformity_raise(
        actor=actor,
        organization=organization,
        source=NonconformitySource.DIAGNOSIS,
        statement=statement.strip() or assessment.gap,
        grade=grade,
        requirement=assessment.requirement,
        department=assessment.department,
        source_type=SOURCE_TYPE,
        source_id=str(assessment.pk),
    )


@transaction.atomic
def writing_tasks_create(*, actor: User | None, organization: Organization, project: DiagnosisProject) -> int:
    """Turn every "document needed" item without a task into a document-writing task (one per title)."""
    authorize(actor, organization, can_edit_diagnosis)
    same_org(organization, project)
    try:
        # Imported here: the documents area is optional and is loaded only when this action runs.
        from itsms.documents.services import writing_assignment_create
    except ImportError:
        raise ValidationError(
            _("Document-writing tasks need the documents module, which is not installed.")
        ) from None
    pending = list(
        Assessment.objects.filter(project=project, document_task_ref="")
        .exclude(document_action="")
        .select_related("requirement")
        .order_by("requirement__clause__order", "requirement__order")
    )
    if not pending:
        raise ValidationError(_("There are no documents to write or revise without a task."))
    made: dict[tuple[str, str], str] = {}
    for a in pending:
        key = (a.document_title.strip().casefold(), a.document_action)
        if key not in made:
            task = writing_assignment_create(
                actor=actor,
                organization=organization,
                title=a.document_title,
                kind=a.document_action,
                source="diagnosis",
                source_ref=f"diagnosis:{project.pk}:{a.pk}",
            )
            made[key] = str(getattr(task, "pk", "") or "-")
        a.document_task_ref = made[key]
    Assessment.objects.bulk_update(pending, ["document_task_ref"])
    audit.record(
        organization=organization,
        actor=actor,
        action="diagnosisproject.writing_tasks",
        obj=project,
        changes={"writing_tasks": [0, len(made)]},
    )
    return len(made)
