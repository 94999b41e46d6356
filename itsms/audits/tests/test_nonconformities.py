import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from itsms.audits import services
from itsms.audits.models import Nonconformity
from itsms.core import services as core
from itsms.core.models import AuditEntry


def _raise(org, actor=None, statement="未保留变更记录", **kwargs):  # noqa: ANN001, ANN202
    return services.nonconformity_raise(
        actor=actor, organization=org, source="internal_audit", statement=statement, **kwargs
    )


def test_numbers_follow_the_pattern_per_organization(org, other_org):
    year = timezone.now().year
    assert [_raise(org).number, _raise(org).number, _raise(other_org).number] == [
        f"NC-{year}-0001",
        f"NC-{year}-0002",
        f"NC-{year}-0001",
    ]


def test_raise_is_audited(org, auditor):
    nc = _raise(org, auditor, grade="major")
    entry = AuditEntry.objects.get(organization=org, action="nonconformity.raise")
    assert entry.object_id == str(nc.pk)
    assert entry.changes["statement"] == [None, "未保留变更记录"]
    assert (nc.raised_by, nc.status, nc.grade) == (auditor, "open", "major")


def test_staff_cannot_raise(org, staff):
    with pytest.raises(PermissionDenied):
        _raise(org, staff)
    assert not Nonconformity.objects.exists()


def test_empty_statement_is_refused(org, auditor):
    with pytest.raises(ValidationError) as exc:
        _raise(org, auditor, statement="  ")
    assert exc.value.message_dict == {"statement": ["Describe the nonconformity."]}
    assert not Nonconformity.objects.exists()


def test_department_of_another_organization_is_refused(org, other_org, auditor):
    foreign = core.department_create(actor=None, organization=other_org, name="外部门")
    with pytest.raises(PermissionDenied):
        _raise(org, auditor, department=foreign)
    assert not Nonconformity.objects.exists()


def _list_queries(client: Client, org) -> tuple[int, int]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("audits:nonconformity_list", kwargs={"org": org.slug}))
    assert response.status_code == 200
    return len(ctx), response.content.count(b"NC-")


def test_register_page_queries_are_constant(org, admin, client_for):
    client = client_for(admin)
    dept = core.department_create(actor=None, organization=org, name="运维部")
    _raise(org, department=dept)
    small, small_rows = _list_queries(client, org)
    for _ in range(20):
        _raise(org, department=dept)
    large, large_rows = _list_queries(client, org)
    assert (small_rows, large_rows) == (1, 21)
    assert small == large


def test_register_filters_by_status(org, admin, client_for):
    nc = _raise(org)
    _raise(org)
    services.nonconformity_record_correction(
        actor=None, organization=org, nonconformity=nc, correction="已补录"
    )
    body = (
        client_for(admin)
        .get(reverse("audits:nonconformity_list", kwargs={"org": org.slug}) + "?status=correction_recorded")
        .content.decode()
    )
    assert nc.number in body and body.count("NC-") == 1


def test_api_lists_the_register(org, admin):
    nc = _raise(org)
    _, secret = core.api_token_create(actor=admin, organization=org, name="t")
    response = Client(headers={"Authorization": f"Bearer {secret}"}).get(
        f"/api/v1/o/{org.slug}/nonconformities"
    )
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": nc.pk,
                "number": nc.number,
                "source": "internal_audit",
                "source_type": "",
                "source_id": "",
                "requirement_urn": None,
                "department_id": None,
                "statement": "未保留变更记录",
                "grade": "minor",
                "status": "open",
                "raised_at": response.json()["items"][0]["raised_at"],
            }
        ],
        "next_after": None,
    }
