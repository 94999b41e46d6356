"""A consultant's first day and the outside roles: validity, read-only auditor, access log, customer page,
new organizations and the directory import."""

import datetime as dt
import importlib
import inspect
import io

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from itsms.core import services
from itsms.core.models import AccessLogEntry, AuditEntry, Department, Membership, Organization, Person, Role
from itsms.core.services import directory_import as importer


def test_an_external_auditor_needs_an_end_of_validity(org, make_member):
    from django.core.exceptions import ValidationError

    user = make_member(org, [Role.STAFF], "tmp").user
    other = services.user_create(
        username="ea", email="ea@example.com", password="correct horse battery staple"
    )
    with pytest.raises(ValidationError):
        services.membership_add(actor=None, organization=org, user=other, roles=[Role.EXTERNAL_AUDITOR])
    assert not Membership.objects.filter(user=other).exists()
    assert user


def test_an_expired_membership_answers_404_on_pages(org, make_member, client_for):
    m = make_member(org, [Role.EXTERNAL_AUDITOR], "ext")
    ends = timezone.now() + dt.timedelta(minutes=10)
    m = services.membership_set_validity(
        actor=None, organization=org, membership=m, valid_from=None, valid_until=ends
    )
    client = client_for(m.user)
    assert client.get(f"/o/{org.slug}/catalogue/").status_code == 200
    with time_machine.travel(ends + dt.timedelta(seconds=1)):
        assert client.get(f"/o/{org.slug}/catalogue/").status_code == 404


def test_external_auditor_tokens_are_read_only_and_the_api_refuses_writes(org, make_member):
    from django.test import Client

    m = make_member(org, [Role.EXTERNAL_AUDITOR], "ext")
    token, secret = services.api_token_create(actor=m.user, organization=org, name="audit", read_only=False)
    assert token.read_only is True
    c = Client(headers={"authorization": f"Bearer {secret}"})
    assert c.get(f"/api/v1/o/{org.slug}/departments").status_code == 200
    before = Department.objects.count()
    r = c.post(f"/api/v1/o/{org.slug}/departments", {"name": "X"}, content_type="application/json")
    assert r.status_code == 403
    assert Department.objects.count() == before
    with time_machine.travel(m.valid_until + dt.timedelta(seconds=1)):
        assert c.get(f"/api/v1/o/{org.slug}/departments").status_code == 401


def test_every_write_permission_refuses_an_external_auditor_only_membership(org, make_member):
    m = make_member(org, [Role.EXTERNAL_AUDITOR], "ext")
    reads = {"can_view", "can_use_api", "can_download"}
    checked = []
    for config in apps.get_app_configs():
        if not config.name.startswith("itsms."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError:
            continue
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("can_") or fn.__module__ != module.__name__:
                continue
            if any(name.startswith(r) for r in reads) or name == "can_create_organization":
                continue
            params = list(inspect.signature(fn).parameters)
            args = [m] + [None] * (len(params) - 1)
            try:
                allowed = fn(*args)
            except (AttributeError, TypeError):
                allowed = False  # needs an object an auditor's membership never reaches
            assert allowed is False, f"{module.__name__}.{name} lets the external auditor write"
            checked.append(name)
    assert "can_manage_directory" in checked and "can_load_library" in checked


def test_people_page_hides_email_addresses_from_the_external_auditor(org, make_member, client_for):
    services.person_create(actor=None, organization=org, full_name="王芳", email="wang.fang@acme.example")
    ext = make_member(org, [Role.EXTERNAL_AUDITOR], "ext")
    body = client_for(ext.user).get(f"/o/{org.slug}/people/").content.decode()
    assert "王芳" in body and "wang.fang@acme.example" not in body
    staff = make_member(org, [Role.STAFF], "s1")
    assert "wang.fang@acme.example" in client_for(staff.user).get(f"/o/{org.slug}/people/").content.decode()


def test_what_the_external_auditor_opens_is_logged_and_shown_to_admins(org, make_member, client_for, admin):
    ext = make_member(org, [Role.EXTERNAL_AUDITOR], "ext")
    client_for(ext.user).get(f"/o/{org.slug}/catalogue/?q=1")
    client_for(admin).get(f"/o/{org.slug}/people/")
    entries = list(AccessLogEntry.objects.values_list("membership_id", "path", "via_api"))
    assert entries == [(ext.pk, f"/o/{org.slug}/catalogue/?q=1", False)]
    assert AuditEntry.objects.filter(organization=org, action__startswith="access").count() == 0
    page = client_for(admin).get(f"/o/{org.slug}/access-log/")
    assert page.status_code == 200 and f"/o/{org.slug}/catalogue/?q=1" in page.content.decode()
    assert client_for(ext.user).get(f"/o/{org.slug}/access-log/").status_code == 403


def test_access_log_query_count_is_constant(
    org, make_member, client_for, admin, django_assert_max_num_queries
):
    ext = make_member(org, [Role.EXTERNAL_AUDITOR], "ext")
    c = client_for(admin)
    for n in (2, 30):
        for _ in range(n):
            services.access_log.access_log_record(membership=ext, path="/x/")
        with django_assert_max_num_queries(12):
            assert c.get(f"/o/{org.slug}/access-log/").status_code == 200


def test_a_customer_lands_on_the_customer_page(org, make_member, client_for):
    cust = make_member(org, [Role.CUSTOMER], "cust")
    r = client_for(cust.user).get(f"/o/{org.slug}/")
    assert r.status_code == 302 and r["Location"] == f"/o/{org.slug}/welcome/"
    body = client_for(cust.user).get(r["Location"]).content.decode()
    assert "customer-welcome" in body and "count-audit" not in body


def test_a_consultant_creates_an_organization_with_programme_and_zone(org, make_member, client_for):
    consultant = make_member(org, [Role.WORKING_GROUP], "consult").user
    c = client_for(consultant)
    assert c.get("/organizations/new/").status_code == 200
    r = c.post(
        "/organizations/new/",
        {
            "slug": "newco",
            "name_zh": "新公司",
            "language": "zh-hans",
            "time_zone": "Europe/Berlin",
            "start_programme": "builtin",
        },
    )
    assert r.status_code == 302
    new = Organization.objects.get(slug="newco")
    assert new.time_zone == "Europe/Berlin"
    assert Membership.objects.get(organization=new, user=consultant).role_set == {Role.ORG_ADMIN}
    assert new.programme.tasks.count() > 0
    actions = list(
        AuditEntry.objects.filter(organization=new).order_by("seq").values_list("action", flat=True)
    )
    assert actions[:2] == ["organization.create", "membership.add"] and "programme.start" in actions


def test_a_bad_time_zone_and_a_staff_member_are_refused(org, make_member, client_for):
    consultant = make_member(org, [Role.ORG_ADMIN], "consult").user
    r = client_for(consultant).post(
        "/organizations/new/",
        {
            "slug": "badtz",
            "name_zh": "甲",
            "language": "en",
            "time_zone": "Mars/Base",
            "start_programme": "none",
        },
    )
    assert r.status_code == 400 and not Organization.objects.filter(slug="badtz").exists()
    plain = make_member(org, [Role.STAFF], "plain").user
    assert client_for(plain).get("/organizations/new/").status_code == 403


CSV_GOOD = "code,name,parent_code\nOPS,运维部,\nSD,服务台,OPS\n"
PEOPLE_BAD = "full_name,email,department_code\n张伟,zhang@example.com,OPS\n=cmd(),x@example.com,OPS\n李娜,not-an-email,NOPE\n"


def _upload(name, data):
    return SimpleUploadedFile(name, data.encode("utf-8") if isinstance(data, str) else data)


def test_csv_import_creates_departments_in_tree_order(org, admin):
    plan = importer.directory_parse(_upload("d.csv", CSV_GOOD))
    result = importer.directory_import(actor=admin, organization=org, plan=plan)
    assert (result.departments, result.people) == (2, 0)
    assert Department.objects.get(organization=org, code="SD").parent.code == "OPS"
    entry = AuditEntry.objects.filter(organization=org, action="directory.import").get()
    assert entry.changes["departments"] == [None, 2]


def test_a_bad_row_imports_nothing_and_every_bad_line_is_reported(org, admin, client_for):
    services.department_create(actor=None, organization=org, name="运维部", code="OPS")
    before = Person.objects.count()
    r = client_for(admin).post(f"/o/{org.slug}/people/import/", {"file": _upload("p.csv", PEOPLE_BAD)})
    assert r.status_code == 400
    body = r.content.decode()
    assert (
        'data-line="people:3"' in body
        and 'data-line="people:4"' in body
        and 'data-line="people:2"' not in body
    )
    assert Person.objects.count() == before


def test_only_the_good_rows_when_asked(org, admin):
    services.department_create(actor=None, organization=org, name="运维部", code="OPS")
    plan = importer.directory_parse(_upload("p.csv", PEOPLE_BAD))
    result = importer.directory_import(actor=admin, organization=org, plan=plan, only_valid=True)
    assert (result.people, result.skipped) == (1, 2)
    assert list(Person.objects.filter(organization=org).values_list("full_name", flat=True)) == ["张伟"]


def test_xlsx_import_with_both_sheets_and_the_template(org, admin, client_for):
    r = client_for(admin).get(f"/o/{org.slug}/people/import/template/xlsx/")
    assert r.status_code == 200
    plan = importer.directory_parse(_upload("t.xlsx", r.content))
    result = importer.directory_import(actor=admin, organization=org, plan=plan)
    assert (result.departments, result.people, result.positions) == (2, 1, 1)
    assert Person.objects.get(organization=org).department.code == "OPS"


def test_too_many_rows_are_refused(org):
    from django.core.exceptions import ValidationError

    text = "full_name\n" + "".join(f"p{i}\n" for i in range(importer.MAX_ROWS + 1))
    with pytest.raises(ValidationError):
        importer.directory_parse(_upload("p.csv", text))
    assert io
    assert timezone
