from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.catalogue.models import Standard
from itsms.core import audit
from itsms.core.errors import require
from itsms.core.lifecycle import transition
from itsms.core.models import Department, Organization, User
from itsms.core.services.base import actor_membership, authorize
from itsms.core.timezones import org_today

from ..lifecycle import DIAGNOSIS_TRANSITIONS
from ..models import DiagnosisProject, DiagnosisStatus
from ..permissions import can_edit_diagnosis, can_sign_diagnosis_report
from .base import editable, same_org, save_audited

FIELDS = ["title", "processes", "aims", "conclusion"]


def _set_scope(
    project: DiagnosisProject,
    standards: Iterable[Standard] | None,
    departments: Iterable[Department] | None,
    organization: Organization,
) -> dict[str, list[object]]:
    changes: dict[str, list[object]] = {}
    if standards is not None:
        standards = list(standards)
        if not standards:
            raise ValidationError({"standards": _("Choose at least one standard.")})
        before = sorted(project.standards.values_list("ref", flat=True)) if project.pk else []
        project.standards.set(standards)
        after = sorted(s.ref for s in standards)
        if before != after:
            changes["standards"] = [before, after]
    if departments is not None:
        departments = list(departments)
        same_org(organization, *departments)
        before = sorted(project.departments.values_list("name", flat=True)) if project.pk else []
        project.departments.set(departments)
        after = sorted(d.name for d in departments)
        if before != after:
            changes["departments"] = [before, after]
    return changes


@transaction.atomic
def diagnosis_create(
    *,
    actor: User | None,
    organization: Organization,
    title: str,
    standards: Iterable[Standard],
    departments: Iterable[Department] = (),
    processes: str = "",
    aims: str = "",
) -> DiagnosisProject:
    authorize(actor, organization, can_edit_diagnosis)
    standards = list(standards)
    if not standards:
        raise ValidationError({"standards": _("Choose at least one standard.")})
    project = save_audited(
        actor=actor,
        organization=organization,
        obj=DiagnosisProject(organization=organization),
        fields=FIELDS,
        values={"title": title, "processes": processes, "aims": aims},
        verb="create",
    )
    scope = _set_scope(project, standards, departments, organization)
    if scope:
        audit.record(
            organization=organization,
            actor=actor,
            action="diagnosisproject.scope",
            obj=project,
            changes=scope,
        )
    return project


@transaction.atomic
def diagnosis_update(
    *,
    actor: User | None,
    organization: Organization,
    project: DiagnosisProject,
    standards: Iterable[Standard] | None = None,
    departments: Iterable[Department] | None = None,
    **values: str,
) -> DiagnosisProject:
    editable(actor, organization, project)
    locked = DiagnosisProject.objects.select_for_update().get(pk=project.pk)
    save_audited(
        actor=actor, organization=organization, obj=locked, fields=FIELDS, values=values, verb="update"
    )
    scope = _set_scope(locked, standards, departments, organization)
    if scope:
        audit.record(
            organization=organization, actor=actor, action="diagnosisproject.scope", obj=locked, changes=scope
        )
    return locked


@transaction.atomic
def diagnosis_transition(
    *, actor: User | None, organization: Organization, project: DiagnosisProject, target: str, note: str = ""
) -> DiagnosisProject:
    same_org(organization, project)
    locked = DiagnosisProject.objects.select_for_update().get(pk=project.pk)
    changes: dict[str, list[object]] = {}
    if target == DiagnosisStatus.ON_SITE and locked.status == DiagnosisStatus.REPORTING and locked.is_signed:
        # Back to the fieldwork means the report will change: the signature no longer covers it.
        changes.update(_signature_changes(locked, signed=False))
        locked.report_signed_at = locked.report_signed_by = locked.report_signatory = None
        locked.save(update_fields=["report_signed_at", "report_signed_by", "report_signatory"])
    if target == DiagnosisStatus.ISSUED:
        today = org_today(organization)
        changes["report_issued_on"] = [None, today.isoformat()]
        locked.report_issued_on = today
        # Saved with the status by the lifecycle helper's save below only for its own fields, so save here.
        locked.save(update_fields=["report_issued_on"])
    transition(
        locked,
        target,
        actor=actor,
        organization=organization,
        table=DIAGNOSIS_TRANSITIONS,
        note=note,
        changes=changes,
    )
    return locked


def _signature_changes(project: DiagnosisProject, *, signed: bool) -> dict[str, list[object]]:
    values: dict[str, object] = {
        "report_signed_at": project.report_signed_at.isoformat() if project.report_signed_at else None,
        "report_signed_by": str(project.report_signed_by) if project.report_signed_by_id else None,
        "report_signatory": str(project.report_signatory) if project.report_signatory_id else None,
    }
    return {k: [None, v] if signed else [v, None] for k, v in values.items()}


@transaction.atomic
def diagnosis_report_sign(
    *, actor: User | None, organization: Organization, project: DiagnosisProject
) -> DiagnosisProject:
    """The lead of the diagnosis team signs the report (a precondition of issuing it).

    The caller verified the signer's password (and code) before this runs (`SignForm`). Signed, the
    diagnosis can no longer be edited; taking it back on site withdraws the signature.
    """
    same_org(organization, project)
    locked = DiagnosisProject.objects.select_for_update().get(pk=project.pk)
    if actor is not None:
        membership = actor_membership(actor, organization)
        require(membership is not None and can_sign_diagnosis_report(membership, locked))
    if locked.status != DiagnosisStatus.REPORTING:
        raise ValidationError(_("The report is signed when the diagnosis is in reporting."))
    if locked.is_signed:
        raise ValidationError(_("The report has already been signed."))
    lead = locked.team.filter(is_lead=True).select_related("person").first()
    if lead is None:
        raise ValidationError(_("Name the lead of the diagnosis team before the report is signed."))
    if not locked.assessments.exists():
        raise ValidationError(_("Assess at least one requirement before the report is signed."))
    locked.report_signed_at = timezone.now()
    locked.report_signed_by = actor if actor is not None and actor.is_authenticated else None
    locked.report_signatory = lead
    locked.save(update_fields=["report_signed_at", "report_signed_by", "report_signatory"])
    audit.record(
        organization=organization,
        actor=actor,
        action="diagnosisproject.sign",
        obj=locked,
        changes=_signature_changes(locked, signed=True),
    )
    return locked
