from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from itsms.core import services
from itsms.core.models import AuditEntry, Department, Person, Role

BASE = "/api/v1/o/acme"


@pytest.fixture
def as_admin(org, admin):
    secret = services.api_token_create(actor=admin, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def as_staff(org, staff):
    secret = services.api_token_create(actor=staff, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _trail(org):
    return AuditEntry.objects.filter(organization=org).count()


def _post(client, path, body):
    return client.post(BASE + path, body, content_type="application/json")


def _patch(client, path, body):
    return client.patch(BASE + path, body, content_type="application/json")


# Departments


def test_department_list_returns_the_organizations_departments(org, other_org, as_staff):
    ops = services.department_create(actor=None, organization=org, name="运维部", code="OPS")
    services.department_create(actor=None, organization=other_org, name="Foreign")
    response = as_staff.get(BASE + "/departments")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": ops.pk,
            "code": "OPS",
            "name": "运维部",
            "name_en": "",
            "description": "",
            "parent": None,
            # In the organization's zone with its offset (Asia/Shanghai).
            "created_at": ops.created_at.astimezone(ZoneInfo("Asia/Shanghai")).isoformat(
                timespec="milliseconds"
            ),
        }
    ]


def test_department_list_runs_constant_queries(org, as_staff, django_assert_num_queries):
    services.department_create(actor=None, organization=org, name="A")
    as_staff.get(BASE + "/me")  # first use writes last_used_at
    with django_assert_num_queries(4):  # the three reads and the token's rate count
        assert len(as_staff.get(BASE + "/departments").json()) == 1
    parent = services.department_create(actor=None, organization=org, name="B")
    for n in range(20):
        services.department_create(actor=None, organization=org, name=f"C{n}", parent=parent)
    with django_assert_num_queries(4):  # the three reads and the token's rate count
        assert len(as_staff.get(BASE + "/departments").json()) == 22


def test_department_detail_returns_one(org, as_staff):
    parent = services.department_create(actor=None, organization=org, name="IT")
    child = services.department_create(actor=None, organization=org, name="Ops", parent=parent)
    body = as_staff.get(f"{BASE}/departments/{child.pk}").json()
    assert (body["id"], body["name"], body["parent"]) == (child.pk, "Ops", parent.pk)


def test_department_detail_of_another_organization_is_404(other_org, as_staff):
    foreign = services.department_create(actor=None, organization=other_org, name="Foreign")
    response = as_staff.get(f"{BASE}/departments/{foreign.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_department_detail_with_a_non_numeric_id_is_422(org, as_staff):
    response = as_staff.get(f"{BASE}/departments/abc")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["id"]


def test_department_create_writes_through_the_service(org, admin, as_admin):
    response = _post(as_admin, "/departments", {"name": "运维部", "code": "OPS"})
    assert response.status_code == 201
    dept = Department.objects.get(organization=org)
    assert response.json()["id"] == dept.pk
    assert (dept.name, dept.code) == ("运维部", "OPS")
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_id) == ("department.create", admin, str(dept.pk))


def test_department_create_with_a_parent(org, as_admin):
    parent = services.department_create(actor=None, organization=org, name="IT")
    response = _post(as_admin, "/departments", {"name": "Ops", "parent": parent.pk})
    assert response.status_code == 201
    assert Department.objects.get(name="Ops").parent == parent


def test_department_create_with_a_parent_of_another_organization_is_400(org, other_org, as_admin):
    foreign = services.department_create(actor=None, organization=other_org, name="Foreign")
    before = _trail(org)
    response = _post(as_admin, "/departments", {"name": "Ops", "parent": foreign.pk})
    assert response.status_code == 400
    assert response.json()["errors"] == {"parent": ["There is no such record in this organization."]}
    assert Department.objects.filter(organization=org).count() == 0
    assert _trail(org) == before


def test_department_create_duplicate_name_is_400_with_the_message(org, as_admin):
    services.department_create(actor=None, organization=org, name="IT")
    before = _trail(org)
    response = _post(as_admin, "/departments", {"name": "IT"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The request was refused: see the field errors."
    assert body["errors"] == {"__all__": ["Department with this Organization and Name already exists."]}
    assert Department.objects.filter(organization=org).count() == 1
    assert _trail(org) == before


def test_department_create_unknown_field_is_422(org, as_admin):
    before = _trail(org)
    response = _post(as_admin, "/departments", {"name": "IT", "colour": "red"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The request is malformed: see the field errors.",
        "errors": {"colour": ["Extra inputs are not permitted"]},
    }
    assert Department.objects.count() == 0
    assert _trail(org) == before


def test_department_create_wrong_type_is_422(org, as_admin):
    response = _post(as_admin, "/departments", {"name": 5, "parent": "top"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "name": ["Input should be a valid string"],
        "parent": ["Input should be a valid integer, unable to parse string as an integer"],
    }
    assert Department.objects.count() == 0


def test_department_create_missing_name_is_422(org, as_admin):
    response = _post(as_admin, "/departments", {"code": "X"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["Field required"]}


def test_department_create_malformed_json_is_400(org, as_admin):
    response = as_admin.post(BASE + "/departments", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}
    assert Department.objects.count() == 0


def test_department_create_refused_for_staff_is_403_and_writes_nothing(org, as_staff):
    before = _trail(org)
    response = _post(as_staff, "/departments", {"name": "IT"})
    assert response.status_code == 403
    assert response.json() == {"detail": "You are not allowed to do this."}
    assert Department.objects.count() == 0
    assert _trail(org) == before


def test_department_update_changes_only_the_fields_sent(org, admin, as_admin):
    dept = services.department_create(actor=None, organization=org, name="IT", code="IT", description="keep")
    response = _patch(as_admin, f"/departments/{dept.pk}", {"name": "信息技术部"})
    assert response.status_code == 200
    dept.refresh_from_db()
    assert (dept.name, dept.code, dept.description) == ("信息技术部", "IT", "keep")
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.changes) == (
        "department.update",
        admin,
        {"name": ["IT", "信息技术部"]},
    )


def test_department_update_parent_null_moves_it_to_the_top(org, as_admin):
    parent = services.department_create(actor=None, organization=org, name="IT")
    child = services.department_create(actor=None, organization=org, name="Ops", parent=parent)
    assert _patch(as_admin, f"/departments/{child.pk}", {"parent": None}).status_code == 200
    child.refresh_from_db()
    assert child.parent is None


def test_department_update_cycle_is_400(org, as_admin):
    parent = services.department_create(actor=None, organization=org, name="IT")
    child = services.department_create(actor=None, organization=org, name="Ops", parent=parent)
    before = _trail(org)
    response = _patch(as_admin, f"/departments/{parent.pk}", {"parent": child.pk})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "parent": ["A department cannot sit under itself or one of its sub-departments."]
    }
    parent.refresh_from_db()
    assert parent.parent is None
    assert _trail(org) == before


def test_department_update_of_another_organization_is_404_and_changes_nothing(other_org, as_admin):
    foreign = services.department_create(actor=None, organization=other_org, name="Foreign")
    response = _patch(as_admin, f"/departments/{foreign.pk}", {"name": "Mine"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Foreign"


def test_department_update_refused_for_staff_is_403(org, as_staff):
    dept = services.department_create(actor=None, organization=org, name="IT")
    before = _trail(org)
    assert _patch(as_staff, f"/departments/{dept.pk}", {"name": "X"}).status_code == 403
    dept.refresh_from_db()
    assert dept.name == "IT"
    assert _trail(org) == before


# Positions


def test_position_list(org, as_staff):
    dept = services.department_create(actor=None, organization=org, name="IT")
    pos = services.position_create(actor=None, organization=org, name="Engineer", department=dept)
    assert as_staff.get(BASE + "/positions").json() == [
        {"id": pos.pk, "name": "Engineer", "department": dept.pk, "description": ""}
    ]


def test_position_list_runs_constant_queries(org, as_staff, django_assert_num_queries):
    as_staff.get(BASE + "/me")
    services.position_create(actor=None, organization=org, name="P0")
    with django_assert_num_queries(4):  # the three reads and the token's rate count
        as_staff.get(BASE + "/positions")
    for n in range(1, 15):
        services.position_create(actor=None, organization=org, name=f"P{n}")
    with django_assert_num_queries(4):  # the three reads and the token's rate count
        assert len(as_staff.get(BASE + "/positions").json()) == 15


# People


def _people(org, n, **kwargs):
    return [
        services.person_create(actor=None, organization=org, full_name=f"Person {i:03}", **kwargs)
        for i in range(n)
    ]


def test_people_list_pages_by_id(org, as_staff):
    people = _people(org, 5)
    first = as_staff.get(BASE + "/people?limit=2").json()
    assert [p["id"] for p in first["items"]] == [people[0].pk, people[1].pk]
    assert first["next_after"] == people[1].pk
    second = as_staff.get(f"{BASE}/people?limit=2&after={first['next_after']}").json()
    assert [p["id"] for p in second["items"]] == [people[2].pk, people[3].pk]
    last = as_staff.get(f"{BASE}/people?limit=2&after={second['next_after']}").json()
    assert [p["id"] for p in last["items"]] == [people[4].pk]
    assert last["next_after"] is None


def test_people_list_item_shape(org, as_staff):
    dept = services.department_create(actor=None, organization=org, name="IT")
    person = services.person_create(
        actor=None, organization=org, full_name="张三", email="zhang@example.com", department=dept
    )
    assert as_staff.get(BASE + "/people").json() == {
        "items": [
            {
                "id": person.pk,
                "full_name": "张三",
                "email": "zhang@example.com",
                "phone": "",
                "employee_no": "",
                "department": dept.pk,
                "position": None,
                "is_active": True,
                "has_login": False,
            }
        ],
        "next_after": None,
    }


def test_people_list_filters_by_q_and_department(org, as_staff):
    dept = services.department_create(actor=None, organization=org, name="IT")
    services.person_create(actor=None, organization=org, full_name="Alice", department=dept)
    services.person_create(actor=None, organization=org, full_name="Alan")
    services.person_create(actor=None, organization=org, full_name="Bob", department=dept)
    names = [p["full_name"] for p in as_staff.get(f"{BASE}/people?q=al&department={dept.pk}").json()["items"]]
    assert names == ["Alice"]


def test_people_list_hides_inactive_unless_asked(org, as_staff):
    services.person_create(actor=None, organization=org, full_name="Gone", is_active=False)
    assert as_staff.get(BASE + "/people").json()["items"] == []
    assert len(as_staff.get(BASE + "/people?include_inactive=true").json()["items"]) == 1


def test_people_list_limit_above_200_is_422(org, as_staff):
    response = as_staff.get(BASE + "/people?limit=201")
    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["Input should be less than or equal to 200"]}


def test_people_list_runs_constant_queries(org, as_staff, django_assert_num_queries):
    as_staff.get(BASE + "/me")
    _people(org, 2)
    with django_assert_num_queries(4):  # the three reads and the token's rate count
        as_staff.get(BASE + "/people")
    dept = services.department_create(actor=None, organization=org, name="IT")
    pos = services.position_create(actor=None, organization=org, name="Engineer", department=dept)
    _people(org, 30, department=dept, position=pos)
    with django_assert_num_queries(4):  # the three reads and the token's rate count
        assert len(as_staff.get(BASE + "/people?limit=200").json()["items"]) == 32


def test_person_detail_of_another_organization_is_404(other_org, as_staff):
    foreign = services.person_create(actor=None, organization=other_org, full_name="Foreign")
    assert as_staff.get(f"{BASE}/people/{foreign.pk}").status_code == 404


def test_person_detail_reports_a_login(org, make_member, as_staff):
    person = services.person_create(actor=None, organization=org, full_name="With Login")
    membership = make_member(org, [Role.STAFF], "withlogin")
    services.membership_deactivate(actor=None, organization=org, membership=membership)
    services.membership_add(
        actor=None, organization=org, user=membership.user, roles=[Role.STAFF], person=person
    )
    assert as_staff.get(f"{BASE}/people/{person.pk}").json()["has_login"] is True


def test_person_create_writes_through_the_service(org, admin, as_admin):
    dept = services.department_create(actor=None, organization=org, name="IT")
    response = _post(as_admin, "/people", {"full_name": "李四", "employee_no": "E001", "department": dept.pk})
    assert response.status_code == 201
    person = Person.objects.get(organization=org)
    assert (person.full_name, person.employee_no, person.department) == ("李四", "E001", dept)
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_id) == ("person.create", admin, str(person.pk))


def test_person_create_invalid_email_is_400(org, as_admin):
    before = _trail(org)
    response = _post(as_admin, "/people", {"full_name": "X", "email": "not-an-address"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"email": ["Enter a valid email address."]}
    assert Person.objects.count() == 0
    assert _trail(org) == before


def test_person_create_refused_for_staff_is_403(org, as_staff):
    before = _trail(org)
    assert _post(as_staff, "/people", {"full_name": "X"}).status_code == 403
    assert Person.objects.count() == 0
    assert _trail(org) == before
