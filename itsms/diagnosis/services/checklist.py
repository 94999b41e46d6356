"""The working papers: a checklist generated from the catalogue for the scope, then edited by the team."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from itsms.catalogue.models import AuditQuestion, Requirement
from itsms.core import audit
from itsms.core.models import Organization, User

from ..models import ChecklistItem, DiagnosisProject
from ..scope import scope_standards
from .base import editable, same_org, save_audited


@transaction.atomic
def checklist_generate(*, actor: User | None, organization: Organization, project: DiagnosisProject) -> int:
    """Add the catalogue's questions for every clause in scope (a requirement's own text where a clause has
    none); lines generated before are kept as edited, so running it again only adds what is missing."""
    editable(actor, organization, project)
    standards = list(scope_standards(project))
    questions = list(
        AuditQuestion.objects.filter(clause__standard__in=standards, retired=False, clause__retired=False)
        .select_related("clause")
        .order_by("clause__standard_id", "clause__order", "order", "pk")
    )
    asked = {q.clause_id for q in questions}
    requirements = list(
        Requirement.objects.filter(clause__standard__in=standards, retired=False, clause__retired=False)
        .exclude(clause_id__in=asked)
        .select_related("clause")
        .order_by("clause__standard_id", "clause__order", "order", "pk")
    )
    existing = set(ChecklistItem.objects.filter(project=project).values_list("source_urn", flat=True))
    rows: list[ChecklistItem] = []
    for q in questions:
        rows.append(
            ChecklistItem(
                organization=organization,
                project=project,
                clause=q.clause,
                requirement_id=q.requirement_id,
                question=q.display_text,
                order=q.clause.order * 1000 + q.order,
                source_urn=q.urn,
            )
        )
    for r in requirements:
        rows.append(
            ChecklistItem(
                organization=organization,
                project=project,
                clause=r.clause,
                requirement=r,
                question=_("How is this met: %(text)s") % {"text": r.display_text},
                order=r.clause.order * 1000 + r.order,
                source_urn=r.urn,
            )
        )
    new = [row for row in rows if row.source_urn not in existing]
    ChecklistItem.objects.bulk_create(new, batch_size=500)
    audit.record(
        organization=organization,
        actor=actor,
        action="diagnosisproject.checklist_generate",
        obj=project,
        changes={"checklist_items_added": [0, len(new)]},
    )
    return len(new)


@transaction.atomic
def checklist_item_update(
    *,
    actor: User | None,
    organization: Organization,
    project: DiagnosisProject,
    item: ChecklistItem,
    question: str,
) -> ChecklistItem:
    editable(actor, organization, project)
    same_org(organization, item)
    if item.project_id != project.pk:
        raise ValidationError(_("This item belongs to another diagnosis."))
    return save_audited(
        actor=actor,
        organization=organization,
        obj=item,
        fields=["question"],
        values={"question": question.strip()},
        verb="update",
    )
