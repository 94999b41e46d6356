import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from itsms.core.models import AuditEntry
from itsms.core.timezones import org_today
from itsms.diagnosis import services
from itsms.diagnosis.models import DiagnosisProject, DiagnosisStatus


def test_create_records_scope_and_audit(org, mini, ops, mr):
    project = services.diagnosis_create(
        actor=mr,
        organization=org,
        title="Gap analysis",
        standards=[mini],
        departments=[ops],
        processes="A\n\nB ",
    )
    assert list(project.standards.values_list("ref", flat=True)) == ["MINI"]
    assert list(project.departments.all()) == [ops]
    assert project.process_list == ["A", "B"]
    assert project.status == DiagnosisStatus.PLANNING
    actions = list(
        AuditEntry.objects.filter(organization=org, object_type="diagnosis.diagnosisproject")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["diagnosisproject.create", "diagnosisproject.scope"]


def test_create_without_a_standard_is_refused(org, mr):
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_create(actor=mr, organization=org, title="x", standards=[])
    assert exc.value.message_dict == {"standards": ["Choose at least one standard."]}
    assert not DiagnosisProject.objects.exists()


def test_staff_cannot_create(org, mini, staff):
    with pytest.raises(PermissionDenied):
        services.diagnosis_create(actor=staff, organization=org, title="x", standards=[mini])
    assert not DiagnosisProject.objects.exists()


def test_lifecycle_to_issued_sets_the_issue_date(org, project, reqs, mr, lead):
    for target in (DiagnosisStatus.ON_SITE, DiagnosisStatus.REPORTING):
        services.diagnosis_transition(actor=mr, organization=org, project=project, target=target)
    services.assessment_save(
        actor=mr, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    services.diagnosis_report_sign(actor=lead, organization=org, project=project)
    services.diagnosis_transition(actor=mr, organization=org, project=project, target=DiagnosisStatus.ISSUED)
    project.refresh_from_db()
    assert project.status == DiagnosisStatus.ISSUED
    assert project.report_issued_on == org_today(org)
    assert project.status_changed_by == mr
    entry = AuditEntry.objects.filter(organization=org, action="diagnosisproject.issued").get()
    assert entry.changes["status"] == ["reporting", "issued"]
    assert entry.changes["report_issued_on"] == [None, org_today(org).isoformat()]


def test_issue_without_assessments_is_refused(org, project, mr):
    for target in (DiagnosisStatus.ON_SITE, DiagnosisStatus.REPORTING):
        services.diagnosis_transition(actor=mr, organization=org, project=project, target=target)
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_transition(
            actor=mr, organization=org, project=project, target=DiagnosisStatus.ISSUED
        )
    assert exc.value.messages == ["Assess at least one requirement before issuing the report."]
    project.refresh_from_db()
    assert project.status == DiagnosisStatus.REPORTING
    assert project.report_issued_on is None


def test_skipping_a_step_is_refused(org, project, mr):
    with pytest.raises(ValidationError):
        services.diagnosis_transition(
            actor=mr, organization=org, project=project, target=DiagnosisStatus.ISSUED
        )
    project.refresh_from_db()
    assert project.status == DiagnosisStatus.PLANNING


def test_internal_auditor_cannot_issue(org, project, reqs, auditor, mr):
    services.diagnosis_transition(
        actor=auditor, organization=org, project=project, target=DiagnosisStatus.ON_SITE
    )
    services.diagnosis_transition(
        actor=auditor, organization=org, project=project, target=DiagnosisStatus.REPORTING
    )
    services.assessment_save(
        actor=auditor, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    with pytest.raises(PermissionDenied):
        services.diagnosis_transition(
            actor=auditor, organization=org, project=project, target=DiagnosisStatus.ISSUED
        )
    project.refresh_from_db()
    assert project.status == DiagnosisStatus.REPORTING


def test_issued_project_cannot_be_changed(org, project, reqs, mr):
    project.status = DiagnosisStatus.ISSUED
    project.report_issued_on = dt.date(2026, 3, 1)
    project.save()
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=reqs[0], result="conforms"
        )
    assert "has been issued" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.diagnosis_update(actor=mr, organization=org, project=project, title="renamed")
    project.refresh_from_db()
    assert project.title == "2026 诊断"
