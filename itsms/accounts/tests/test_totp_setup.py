from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import PASSWORD
from itsms.accounts import services
from itsms.accounts.views import SETUP_SECRET_KEY
from itsms.core import audit
from itsms.core import services as core_services
from itsms.core.models import AuditEntry, Role

from .totp_clock import SECRET, code


@pytest.fixture
def setup_client(client_for, staff, clock):  # noqa: ANN001, ANN201
    client = client_for(staff)
    session = client.session
    session[SETUP_SECRET_KEY] = SECRET
    session.save()
    return client


def test_setup_page_shows_secret_and_qr(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    response = client.get(reverse("accounts:totp_setup"))
    secret = client.session[SETUP_SECRET_KEY]
    body = response.content.decode()
    assert response.status_code == 200
    assert len(secret) == 32
    assert f'<code id="totp-secret" class="user-select-all">{secret}</code>' in body
    assert "<svg" in body
    assert response.context["uri"].startswith("otpauth://totp/itsms:staff%40example.com?secret=")
    assert "issuer=itsms" in response.context["uri"]


def test_setup_keeps_the_same_secret_until_confirmed(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    client.get(reverse("accounts:totp_setup"))
    first = client.session[SETUP_SECRET_KEY]
    client.get(reverse("accounts:totp_setup"))
    assert client.session[SETUP_SECRET_KEY] == first


def test_setup_page_alone_does_not_enable(client_for, staff):  # noqa: ANN001
    client_for(staff).get(reverse("accounts:totp_setup"))
    staff.refresh_from_db()
    assert (staff.totp_enabled, staff.totp_secret) == (False, "")


def test_setup_refuses_wrong_code(setup_client, staff):  # noqa: ANN001
    wrong = "000000" if code(0) != "000000" else "111111"
    response = setup_client.post(reverse("accounts:totp_setup"), {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "The code is not valid. Check the time on your phone and try again."
    ]
    staff.refresh_from_db()
    assert (staff.totp_enabled, staff.totp_secret) == (False, "")
    assert not AuditEntry.objects.filter(action="user.totp_enable").exists()


def test_setup_enables_after_valid_code(setup_client, staff, clock):  # noqa: ANN001
    response = setup_client.post(reverse("accounts:totp_setup"), {"code": code(0)})
    assert response["Location"] == reverse("accounts:profile")
    staff.refresh_from_db()
    assert (staff.totp_enabled, staff.totp_secret) == (True, SECRET)
    assert SETUP_SECRET_KEY not in setup_client.session


def test_enable_is_recorded_in_each_organization(staff, other_org, make_member, org, clock):  # noqa: ANN001
    make_member(other_org, [Role.STAFF], "staff")
    services.user_totp_enable(actor=staff, secret=SECRET, code=code(0))
    entries = AuditEntry.objects.filter(action="user.totp_enable").order_by("organization__slug")
    assert [(e.organization.slug, e.actor_id, e.object_id, e.changes) for e in entries] == [
        ("acme", staff.pk, str(staff.pk), {"totp_enabled": [False, True]}),
        ("other", staff.pk, str(staff.pk), {"totp_enabled": [False, True]}),
    ]
    assert audit.verify(org).ok and audit.verify(other_org).ok


def test_enable_skips_inactive_membership(staff, admin, org, clock):  # noqa: ANN001
    membership = staff.memberships.get(organization=org)
    core_services.membership_deactivate(actor=admin, organization=org, membership=membership)
    services.user_totp_enable(actor=staff, secret=SECRET, code=code(0))
    assert not AuditEntry.objects.filter(action="user.totp_enable").exists()


def test_enable_twice_is_refused(staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    with pytest.raises(ValidationError):
        services.user_totp_enable(actor=staff, secret=SECRET, code=code(0))
    assert AuditEntry.objects.filter(action="user.totp_enable").count() == 1


def test_setup_page_redirects_when_already_enabled(client_for, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    response = client_for(staff).get(reverse("accounts:totp_setup"))
    assert response["Location"] == reverse("accounts:profile")


def test_disable_with_password_and_code(client_for, staff, enable_2fa, org):  # noqa: ANN001
    enable_2fa(staff)
    client = client_for(staff)
    response = client.post(reverse("accounts:totp_disable"), {"password": PASSWORD, "code": code(0)})
    assert response["Location"] == reverse("accounts:profile")
    staff.refresh_from_db()
    assert (staff.totp_enabled, staff.totp_secret) == (False, "")
    entry = AuditEntry.objects.get(organization=org, action="user.totp_disable")
    assert (entry.actor_id, entry.changes) == (staff.pk, {"totp_enabled": [True, False]})


def test_disable_refuses_wrong_password(client_for, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    response = client_for(staff).post(
        reverse("accounts:totp_disable"), {"password": "wrong password here", "code": code(0)}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The password or the code is not correct."]
    staff.refresh_from_db()
    assert staff.totp_enabled is True
    assert not AuditEntry.objects.filter(action="user.totp_disable").exists()


def test_disable_refuses_missing_code(client_for, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    response = client_for(staff).post(reverse("accounts:totp_disable"), {"password": PASSWORD})
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.totp_enabled is True


def test_disable_refused_for_admin_when_org_requires_2fa(client_for, admin, org, enable_2fa):  # noqa: ANN001
    enable_2fa(admin)
    core_services.organization_update(actor=admin, organization=org, require_2fa_for_admins=True)
    client = client_for(admin)
    response = client.post(reverse("accounts:totp_disable"), {"password": PASSWORD, "code": code(0)})
    assert response.status_code == 200
    assert list(response.context["requiring"]) == [org]
    admin.refresh_from_db()
    assert admin.totp_enabled is True
    assert not AuditEntry.objects.filter(action="user.totp_disable").exists()


def test_disable_service_refused_for_admin_when_org_requires_2fa(admin, org, enable_2fa):  # noqa: ANN001
    enable_2fa(admin)
    core_services.organization_update(actor=admin, organization=org, require_2fa_for_admins=True)
    with pytest.raises(ValidationError) as exc:
        services.user_totp_disable(actor=admin)
    assert exc.value.messages == [
        "Two-factor authentication is required for admins of Acme Chongqing, so it cannot be turned off."
    ]
    admin.refresh_from_db()
    assert admin.totp_enabled is True


def test_disable_allowed_for_staff_when_org_requires_2fa(staff, admin, org, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    core_services.organization_update(actor=admin, organization=org, require_2fa_for_admins=True)
    services.user_totp_disable(actor=staff)
    staff.refresh_from_db()
    assert staff.totp_enabled is False


def test_org_view_sends_admin_without_2fa_to_setup(client_for, admin, org):  # noqa: ANN001
    core_services.organization_update(actor=admin, organization=org, require_2fa_for_admins=True)
    response = client_for(admin).get(reverse("core:dashboard", kwargs={"org": org.slug}))
    assert response["Location"] == reverse("accounts:totp_setup")


def test_org_view_lets_admin_with_2fa_in(client_for, admin, org, enable_2fa):  # noqa: ANN001
    enable_2fa(admin)
    core_services.organization_update(actor=admin, organization=org, require_2fa_for_admins=True)
    response = client_for(admin).get(reverse("core:dashboard", kwargs={"org": org.slug}))
    assert response.status_code == 200
