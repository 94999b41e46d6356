import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from itsms.core import services as core
from itsms.core.models import AuditEntry
from itsms.diagnosis import services
from itsms.diagnosis.models import BasisItem, ChecklistItem, Observation, Tailoring, TeamMember


def test_law_basis_item_needs_a_category(org, project, mr):
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_item_create(
            actor=mr, organization=org, project=project, section="basis", kind="law", title="劳动法"
        )
    assert exc.value.message_dict == {"category": ["Classify the law or regulation."]}
    assert not BasisItem.objects.exists()


def test_basis_item_with_source_document(org, project, mr, media):
    upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    item = services.diagnosis_item_create(
        actor=mr,
        organization=org,
        project=project,
        section="basis",
        kind="contract",
        title="客户合同",
        upload=upload,
    )
    assert item.source_file.purpose == "diagnosis.basis"
    assert item.source_file.original_name == "contract.pdf"
    assert AuditEntry.objects.filter(
        organization=org, action="basisitem.create", object_id=str(item.pk)
    ).exists()


def test_law_with_category(org, project, mr):
    item = services.diagnosis_item_create(
        actor=mr,
        organization=org,
        project=project,
        section="basis",
        kind="law",
        category="labour",
        title="劳动法",
    )
    assert (item.kind, item.category) == ("law", "labour")


def test_tailoring_without_justification_is_refused(org, project, reqs, mr):
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_item_create(
            actor=mr,
            organization=org,
            project=project,
            section="tailoring",
            requirement=reqs[0],
            decision="not_applicable",
            justification="  ",
        )
    assert exc.value.message_dict == {
        "justification": ["A tailoring decision needs a justification: say why."]
    }
    assert not Tailoring.objects.exists()


def test_tailoring_outside_the_scope_is_refused(org, project, iso20000, mr):
    outside = iso20000.clauses.filter(requirements__isnull=False).first().requirements.first()
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_item_create(
            actor=mr,
            organization=org,
            project=project,
            section="tailoring",
            requirement=outside,
            decision="depth_adjusted",
            justification="合同约定",
        )
    assert exc.value.message_dict == {
        "requirement": [f"Requirement {outside.ref} is outside the scope of this diagnosis."]
    }


def test_tailoring_with_justification(org, project, reqs, mr):
    t = services.diagnosis_item_create(
        actor=mr,
        organization=org,
        project=project,
        section="tailoring",
        requirement=reqs[1],
        decision="depth_adjusted",
        justification="只有一个客户",
    )
    assert Tailoring.objects.get() == t


def test_team_member_needs_exactly_one_name(org, project, mr):
    person = core.person_create(actor=None, organization=org, full_name="王芳")
    with pytest.raises(ValidationError):
        services.diagnosis_item_create(
            actor=mr,
            organization=org,
            project=project,
            section="team",
            person=person,
            external_name="李顾问",
            role="consultant",
        )
    m = services.diagnosis_item_create(
        actor=mr,
        organization=org,
        project=project,
        section="team",
        external_name="李顾问",
        role="consultant",
        affiliation="重庆咨询",
    )
    assert list(TeamMember.objects.values_list("external_name", "role")) == [("李顾问", "consultant")]
    assert str(m) == "李顾问"


def test_delete_records_the_audit_entry(org, project, mr):
    item = services.diagnosis_item_create(
        actor=mr, organization=org, project=project, section="observation", text="无变更记录"
    )
    pk = item.pk
    services.diagnosis_item_delete(actor=mr, organization=org, project=project, item=item)
    assert AuditEntry.objects.filter(
        organization=org, action="observation.delete", object_id=str(pk)
    ).exists()
    assert not Observation.objects.exists()


def test_checklist_is_generated_once_and_editable(org, project, mr):
    assert services.checklist_generate(actor=mr, organization=org, project=project) == 3
    questions = list(ChecklistItem.objects.filter(project=project).values_list("clause__ref_id", "question"))
    assert questions == [
        ("4.1", "How are the issues recorded?"),
        ("4.2", "How is this met: List the interested parties and their needs."),
        ("5.1", "How is this met: Top management shows commitment."),
    ]
    item = ChecklistItem.objects.get(clause__ref_id="4.1")
    services.checklist_item_update(
        actor=mr, organization=org, project=project, item=item, question="问题记录在哪里?"
    )
    assert services.checklist_generate(actor=mr, organization=org, project=project) == 0
    item.refresh_from_db()
    assert item.question == "问题记录在哪里?"
    extra = services.diagnosis_item_create(
        actor=mr,
        organization=org,
        project=project,
        section="checklist",
        question="现场巡视机房",
        clause=item.clause,
    )
    assert list(ChecklistItem.objects.filter(project=project).values_list("pk", flat=True))[1] == extra.pk
