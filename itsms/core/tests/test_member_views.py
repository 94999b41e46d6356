from django.urls import reverse

from itsms.core import services
from itsms.core.models import AuditEntry, Membership, Role, User


def _url(name, org, **kw):
    return reverse(name, kwargs={"org": org.slug, **kw})


def test_admin_adds_new_login_with_roles(org, admin, client_for):
    person = services.person_create(actor=None, organization=org, full_name="陈七")
    response = client_for(admin).post(
        _url("core:member_add", org),
        {
            "email": "chen@example.com",
            "username": "chen",
            "password": "a-long-enough-passphrase",
            "display_name": "陈七",
            "person": person.pk,
            "roles": [Role.DOCUMENT_CONTROLLER, Role.STAFF],
        },
    )
    assert response.status_code == 302
    m = Membership.objects.get(organization=org, user__username="chen")
    assert m.role_set == {Role.DOCUMENT_CONTROLLER, Role.STAFF}
    assert m.person == person
    entry = AuditEntry.objects.filter(organization=org, action="membership.add").order_by("-seq").first()
    assert entry.changes["roles"] == [None, ["document_controller", "staff"]]


def test_short_password_is_refused_and_no_login_created(org, admin, client_for):
    before = AuditEntry.objects.filter(organization=org).count()
    response = client_for(admin).post(
        _url("core:member_add", org),
        {"email": "short@example.com", "username": "short", "password": "elevenchars", "roles": [Role.STAFF]},
    )
    assert response.status_code == 400
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.filter(username="short").exists()
    assert AuditEntry.objects.filter(organization=org).count() == before


def test_consultant_joins_second_organization_by_email(org, other_org, admin, outsider, client_for):
    response = client_for(admin).post(
        _url("core:member_add", org), {"email": outsider.email, "roles": [Role.WORKING_GROUP]}
    )
    assert response.status_code == 302
    assert set(Membership.objects.filter(user=outsider).values_list("organization__slug", flat=True)) == {
        "acme",
        "other",
    }


def test_last_admin_cannot_lose_admin_role(org, admin, client_for):
    m = Membership.objects.get(organization=org, user=admin)
    response = client_for(admin).post(_url("core:member_edit", org, pk=m.pk), {"roles": [Role.STAFF]})
    assert response.status_code == 400
    assert "at least one active admin" in response.content.decode()
    assert m.roles.get().role == Role.ORG_ADMIN


def test_deactivated_member_loses_access(org, admin, staff, client_for):
    m = Membership.objects.get(organization=org, user=staff)
    client_for(admin).post(_url("core:member_deactivate", org, pk=m.pk))
    m.refresh_from_db()
    assert m.is_active is False
    assert client_for(staff).get(_url("core:dashboard", org)).status_code == 404


def test_role_change_is_audited_with_before_and_after(org, admin, staff, client_for):
    m = Membership.objects.get(organization=org, user=staff)
    client_for(admin).post(
        _url("core:member_edit", org, pk=m.pk), {"roles": [Role.STAFF, Role.SERVICE_AGENT]}
    )
    entry = AuditEntry.objects.filter(organization=org, action="membership.set_roles").get()
    assert entry.changes == {"roles": [["staff"], ["service_agent", "staff"]]}


def test_staff_cannot_manage_members(org, staff, client_for):
    assert client_for(staff).get(_url("core:member_list", org)).status_code == 403
