import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from itsms.audits.models import Nonconformity
from itsms.core.models import AuditEntry
from itsms.diagnosis import services
from itsms.diagnosis.models import Assessment


def test_assess_then_change(org, project, reqs, ops, mr):
    a = services.assessment_save(
        actor=mr,
        organization=org,
        project=project,
        requirement=reqs[0],
        result="partly",
        gap="只识别了内部问题",
        cause="无方法",
        department=ops,
    )
    services.assessment_save(
        actor=mr,
        organization=org,
        project=project,
        requirement=reqs[0],
        result="conforms",
        evidence="评审记录",
    )
    a.refresh_from_db()
    assert (a.result, a.gap, a.evidence, a.department) == ("conforms", "", "评审记录", None)
    assert Assessment.objects.count() == 1
    entries = AuditEntry.objects.filter(organization=org, object_type="diagnosis.assessment").order_by("seq")
    assert [e.action for e in entries] == ["assessment.create", "assessment.update"]
    assert entries[1].changes["result"] == ["partly", "conforms"]


def test_assessment_outside_the_scope_is_refused(org, project, iso20000, mr):
    outside = iso20000.clauses.filter(requirements__isnull=False).first().requirements.first()
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=outside, result="conforms"
        )
    assert exc.value.message_dict == {
        "requirement": [f"Requirement {outside.ref} is outside the scope of this diagnosis."]
    }
    assert not Assessment.objects.exists()


def test_a_gap_needs_a_description(org, project, reqs, mr):
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=reqs[0], result="does_not_conform"
        )
    assert exc.value.message_dict == {"gap": ["Describe the gap found."]}
    assert not Assessment.objects.exists()


def test_a_document_need_needs_a_title(org, project, reqs, mr):
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr,
            organization=org,
            project=project,
            requirement=reqs[0],
            result="conforms",
            document_action="new",
        )
    assert exc.value.message_dict == {"document_title": ["Name the document to write or revise."]}


def test_top_management_only_reads(org, project, reqs, make_member):
    boss = make_member(org, ["top_management"], "boss").user
    with pytest.raises(PermissionDenied):
        services.assessment_save(
            actor=boss, organization=org, project=project, requirement=reqs[0], result="conforms"
        )
    assert not Assessment.objects.exists()


def test_raise_nonconformity_from_a_partial_gap(org, project, reqs, ops, mr):
    a = services.assessment_save(
        actor=mr,
        organization=org,
        project=project,
        requirement=reqs[2],
        result="partly",
        gap="未识别相关方",
        department=ops,
    )
    assert not Nonconformity.objects.exists()
    nc = services.assessment_raise_nonconformity(actor=mr, organization=org, assessment=a, grade="major")
    year = timezone.now().year
    assert nc.number == f"NC-{year}-0001"
    assert (nc.source, nc.source_type, nc.source_id) == ("diagnosis", "diagnosis.assessment", str(a.pk))
    assert (nc.requirement, nc.department, nc.statement, nc.grade, nc.status) == (
        reqs[2],
        ops,
        "未识别相关方",
        "major",
        "open",
    )
    assert nc.raised_by == mr
    assert AuditEntry.objects.filter(
        organization=org, action="nonconformity.raise", object_id=str(nc.pk)
    ).exists()
    with pytest.raises(ValidationError) as exc:
        services.assessment_raise_nonconformity(actor=mr, organization=org, assessment=a)
    assert exc.value.messages == ["A nonconformity has already been raised for this requirement."]
    assert Nonconformity.objects.count() == 1


def test_no_nonconformity_from_a_conforming_requirement(org, project, reqs, mr):
    a = services.assessment_save(
        actor=mr, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    with pytest.raises(ValidationError):
        services.assessment_raise_nonconformity(actor=mr, organization=org, assessment=a)
    assert not Nonconformity.objects.exists()
