import json

from django.test import Client

from itsms.core import services as core
from itsms.diagnosis import services
from itsms.diagnosis.models import Assessment


def _client(user, org) -> Client:  # noqa: ANN001
    _, secret = core.api_token_create(actor=user, organization=org, name="t")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_projects_and_assessments(org, project, reqs, ops, admin):
    client = _client(admin, org)
    base = f"/api/v1/o/{org.slug}/diagnosis/projects"
    assert client.get(base).json() == [
        {
            "id": project.pk,
            "title": "2026 诊断",
            "status": "planning",
            "standards": ["urn:itsms:std:diagnosis-test-mini"],
            "departments": [ops.pk],
            "processes": ["事件管理"],
            "report_issued_on": None,
        }
    ]
    put = client.put(
        f"{base}/{project.pk}/assessments/{reqs[0].pk}",
        data=json.dumps({"result": "partly", "gap": "缺", "department_id": ops.pk}),
        content_type="application/json",
    )
    assert put.status_code == 200
    assert (put.json()["result"], put.json()["requirement_ref"], put.json()["department_id"]) == (
        "partly",
        reqs[0].ref,
        ops.pk,
    )
    listed = client.get(f"{base}/{project.pk}/assessments").json()
    assert [a["requirement_urn"] for a in listed] == [reqs[0].urn]


def test_assessment_outside_the_scope_is_404(org, project, iso20000, admin):
    outside = iso20000.clauses.filter(requirements__isnull=False).first().requirements.first()
    response = _client(admin, org).put(
        f"/api/v1/o/{org.slug}/diagnosis/projects/{project.pk}/assessments/{outside.pk}",
        data=json.dumps({"result": "conforms"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_invalid_assessment_is_400_with_the_message(org, project, reqs, admin):
    response = _client(admin, org).put(
        f"/api/v1/o/{org.slug}/diagnosis/projects/{project.pk}/assessments/{reqs[0].pk}",
        data=json.dumps({"result": "does_not_conform"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"gap": ["Describe the gap found."]}


def test_findings(org, project, reqs, admin):
    a = services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="partly", gap="缺"
    )
    nc = services.assessment_raise_nonconformity(actor=None, organization=org, assessment=a)
    body = _client(admin, org).get(f"/api/v1/o/{org.slug}/diagnosis/projects/{project.pk}/findings").json()
    assert [(i["number"], i["requirement_urn"]) for i in body["items"]] == [(nc.number, reqs[0].urn)]
