import pytest
from django.test import Client

from itsms.core import services
from itsms.core.models import AuditEntry, Role

BASE = "/api/v1/o/acme"


def _client(user, org):
    secret = services.api_token_create(actor=user, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def as_auditor(org, auditor):
    return _client(auditor, org)


def _seqs(body):
    return [e["seq"] for e in body["items"]]


def test_audit_list_is_newest_first_with_the_entry_fields(org, admin, as_auditor):
    dept = services.department_create(actor=admin, organization=org, name="IT")
    newest = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    body = as_auditor.get(BASE + "/audit-entries?limit=2").json()
    assert _seqs(body) == [newest.seq, newest.seq - 1]
    assert body["next_before"] == newest.seq - 1
    item = body["items"][0]
    assert {
        k: item[k] for k in ("action", "actor", "actor_label", "object_type", "object_id", "changes")
    } == {
        "action": "department.create",
        "actor": admin.pk,
        "actor_label": "Admin",
        "object_type": "core.department",
        "object_id": str(dept.pk),
        "changes": {
            "code": [None, ""],
            "name": [None, "IT"],
            "name_en": [None, ""],
            "description": [None, ""],
        },
    }
    assert body["items"][1]["action"] == "api_token.create"


def test_audit_list_pages_with_before_until_the_start(org, as_auditor):
    total = AuditEntry.objects.filter(organization=org).count()
    seen, before = [], None
    while True:
        query = "limit=2" + (f"&before={before}" if before else "")
        body = as_auditor.get(f"{BASE}/audit-entries?{query}").json()
        seen += _seqs(body)
        before = body["next_before"]
        if before is None:
            break
    assert seen == list(range(total, 0, -1))


def test_audit_list_filters_by_object_type_action_and_actor(org, admin, as_auditor):
    services.department_create(actor=admin, organization=org, name="IT")
    services.department_create(actor=None, organization=org, name="Ops")
    services.person_create(actor=admin, organization=org, full_name="X")
    body = as_auditor.get(
        f"{BASE}/audit-entries?object_type=core.department&action=department.create&actor={admin.pk}"
    ).json()
    assert [e["object_repr"] for e in body["items"]] == ["IT"]


def test_audit_list_runs_constant_queries(org, admin, as_auditor, django_assert_num_queries):
    as_auditor.get(BASE + "/me")
    with django_assert_num_queries(4):  # the three reads and the token's rate count
        as_auditor.get(BASE + "/audit-entries")
    for n in range(20):
        services.department_create(actor=admin, organization=org, name=f"D{n}")
    with django_assert_num_queries(4):  # the three reads and the token's rate count
        assert len(as_auditor.get(BASE + "/audit-entries?limit=200").json()["items"]) > 20


def test_audit_list_is_refused_to_staff(org, staff):
    response = _client(staff, org).get(BASE + "/audit-entries")
    assert response.status_code == 403


def test_audit_list_is_open_to_an_external_auditor(org, make_member):
    ext = make_member(org, [Role.EXTERNAL_AUDITOR], "ext").user
    assert _client(ext, org).get(BASE + "/audit-entries").status_code == 200


def test_audit_detail_returns_one_entry(org, as_auditor):
    entry = AuditEntry.objects.get(organization=org, seq=1)
    body = as_auditor.get(f"{BASE}/audit-entries/1").json()
    assert (body["seq"], body["action"], body["mac"], body["prev_mac"]) == (
        1,
        entry.action,
        entry.mac,
        entry.prev_mac,
    )


def test_audit_detail_beyond_the_end_is_404(org, as_auditor):
    assert as_auditor.get(f"{BASE}/audit-entries/9999").status_code == 404


def test_audit_reads_write_nothing_to_the_trail(org, as_auditor):
    before = AuditEntry.objects.filter(organization=org).count()
    as_auditor.get(BASE + "/audit-entries")
    as_auditor.get(BASE + "/audit-entries/1")
    assert AuditEntry.objects.filter(organization=org).count() == before
