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
from ..permissions import can_create_writing_tasks
from ..scope import not_applicable_refusal
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
    nonconformity_grade: str = "",
) -> Assessment:
    """Create or change the project's answer for one requirement of its scope.

    A finding of "does not conform" raises its nonconformity in the same transaction, with the finding's
    own text as the statement and `nonconformity_grade` as its grade (required then); for "partly
    conforms" a grade raises one too, and no grade raises none. A requirement that already raised one
    keeps it: the register follows it through its own lifecycle.
    """
    editable(actor, organization, project)
    same_org(organization, department)
    in_scope(project, requirement)
    if result not in AssessmentResult.values:
        raise ValidationError({"result": _("Choose a result.")})
    if result == AssessmentResult.NOT_APPLICABLE:
        refusal = not_applicable_refusal(requirement)
        if refusal:
            raise ValidationError({"result": refusal})
    if result in GAP_RESULTS and not gap.strip():
        raise ValidationError({"gap": _("Describe the gap found.")})
    if nonconformity_grade and nonconformity_grade not in NonconformityGrade.values:
        raise ValidationError({"nonconformity_grade": _("Unknown grade.")})
    if document_action not in DocumentAction.values:
        raise ValidationError({"document_action": _("Unknown document action.")})
    if document_action and not document_title.strip():
        raise ValidationError({"document_title": _("Name the document to write or revise.")})
    assessment = Assessment.objects.select_for_update().filter(
        project=project, requirement=requirement
    ).first() or Assessment(organization=organization, project=project, requirement=requirement)
    raised = assessment.pk is not None and _raised(organization, assessment).exists()
    raise_grade = ""
    if not raised and result in GAP_RESULTS:
        if result == AssessmentResult.DOES_NOT_CONFORM and not nonconformity_grade:
            raise ValidationError(
                {
                    "nonconformity_grade": _(
                        "Grade the nonconformity: saving “does not conform” raises it in the register."
                    )
                }
            )
        raise_grade = nonconformity_grade
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
    if raise_grade:
        assessment_raise_nonconformity(
            actor=actor, organization=organization, assessment=assessment, grade=raise_grade
        )
    return assessment


def _raised(organization: Organization, assessment: Assessment) -> Any:
    return Nonconformity.objects.filter(
        organization=organization, source_type=SOURCE_TYPE, source_id=str(assessment.pk)
    )


@transaction.atomic
def assessment_raise_nonconformity(
    *,
    actor: User | None,
    organization: Organization,
    assessment: Assessment,
    grade: str = NonconformityGrade.MINOR,
) -> Nonconformity:
    """A nonconformity in the organization's register from a gap the diagnosis found; its statement is
    the finding's own text."""
    project = assessment.project
    editable(actor, organization, project)
    same_org(organization, assessment)
    if not assessment.is_gap:
        raise ValidationError(_("Only a requirement that is not (fully) met can raise a nonconformity."))
    if _raised(organization, assessment).exists():
        raise ValidationError(_("A nonconformity has already been raised for this requirement."))
    return nonconformity_raise(
        actor=actor,
        organization=organization,
        source=NonconformitySource.DIAGNOSIS,
        statement=assessment.gap,
        grade=grade,
        requirement=assessment.requirement,
        department=assessment.department,
        source_type=SOURCE_TYPE,
        source_id=str(assessment.pk),
    )


@transaction.atomic
def writing_tasks_create(*, actor: User | None, organization: Organization, project: DiagnosisProject) -> int:
    """Turn every "document needed" item without a task into a document-writing task (one per title)."""
    authorize(actor, organization, can_create_writing_tasks)
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
