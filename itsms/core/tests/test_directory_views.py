from django.urls import reverse

from itsms.core import services
from itsms.core.models import AuditEntry, Department, Person


def _url(name, org, **kw):
    return reverse(name, kwargs={"org": org.slug, **kw})


def test_admin_creates_department_through_page(org, admin, client_for):
    parent = services.department_create(actor=None, organization=org, name="技术中心", code="TC")
    response = client_for(admin).post(
        _url("core:department_create", org),
        {"code": "OPS", "name": "运维部", "name_en": "Operations", "parent": parent.pk, "description": ""},
    )
    assert response.status_code == 302
    dept = Department.objects.get(organization=org, code="OPS")
    assert dept.parent == parent
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.object_id, entry.actor) == ("department.create", str(dept.pk), admin)


def test_department_tree_lists_children_under_parents(org, admin, client_for):
    root = services.department_create(actor=None, organization=org, name="总经办", code="A")
    services.department_create(actor=None, organization=org, name="质量部", code="B", parent=root)
    response = client_for(admin).get(_url("core:department_list", org))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("总经办") < body.index("质量部")
    assert 'data-depth="1"' in body


def test_duplicate_department_name_is_refused_with_message(org, admin, client_for):
    services.department_create(actor=None, organization=org, name="运维部")
    before = AuditEntry.objects.filter(organization=org).count()
    response = client_for(admin).post(_url("core:department_create", org), {"name": "运维部"})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Department.objects.filter(organization=org).count() == 1
    assert AuditEntry.objects.filter(organization=org).count() == before


def test_department_cannot_move_under_its_own_child(org, admin, client_for):
    root = services.department_create(actor=None, organization=org, name="A")
    child = services.department_create(actor=None, organization=org, name="B", parent=root)
    response = client_for(admin).post(
        _url("core:department_edit", org, pk=root.pk), {"name": "A", "parent": child.pk}
    )
    assert response.status_code == 400
    root.refresh_from_db()
    assert root.parent_id is None


def test_department_with_people_cannot_be_deleted(org, admin, client_for):
    dept = services.department_create(actor=None, organization=org, name="A")
    services.person_create(actor=None, organization=org, full_name="张三", department=dept)
    response = client_for(admin).post(_url("core:department_delete", org, pk=dept.pk), follow=True)
    assert "move them first" in response.content.decode()
    assert Department.objects.filter(pk=dept.pk).exists()


def test_staff_cannot_create_department_and_nothing_changes(org, staff, client_for):
    before = AuditEntry.objects.filter(organization=org).count()
    response = client_for(staff).post(_url("core:department_create", org), {"name": "X"})
    assert response.status_code == 403
    assert not Department.objects.filter(organization=org).exists()
    assert AuditEntry.objects.filter(organization=org).count() == before


def test_foreign_department_answers_404(org, other_org, admin, client_for):
    foreign = services.department_create(actor=None, organization=other_org, name="外部")
    response = client_for(admin).get(_url("core:department_edit", org, pk=foreign.pk))
    assert response.status_code == 404


def test_person_without_login_is_created(org, admin, client_for):
    response = client_for(admin).post(
        _url("core:person_create", org), {"full_name": "李四", "email": "", "is_active": "on"}
    )
    assert response.status_code == 302
    person = Person.objects.get(organization=org, full_name="李四")
    assert not hasattr(person, "membership") or person.membership is None


def test_people_list_filters_and_htmx_partial(org, admin, client_for):
    services.person_create(actor=None, organization=org, full_name="王五", email="wang@example.com")
    services.person_create(actor=None, organization=org, full_name="赵六")
    client = client_for(admin)
    response = client.get(_url("core:person_list", org), {"q": "王"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "王五" in body and "赵六" not in body
    assert "<html" not in body


def test_people_list_query_count_is_constant(org, admin, client_for, django_assert_max_num_queries):
    client = client_for(admin)
    for i in range(3):
        services.person_create(actor=None, organization=org, full_name=f"甲{i}")
    with django_assert_max_num_queries(12) as small:
        client.get(_url("core:person_list", org))
    for i in range(40):
        services.person_create(actor=None, organization=org, full_name=f"乙{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url("core:person_list", org))


def test_audit_entry_records_the_client_address(org, admin, client_for):
    client_for(admin).post(_url("core:department_create", org), {"name": "网络组"}, REMOTE_ADDR="203.0.113.9")
    entry = AuditEntry.objects.get(organization=org, action="department.create")
    assert entry.ip == "203.0.113.9"
