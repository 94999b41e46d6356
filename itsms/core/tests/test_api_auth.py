import datetime as dt

from django.test import Client
from django.utils import timezone

from itsms.core import services
from itsms.core.models import ApiToken, Role, User

UNAUTHENTICATED = {
    "detail": "Authentication required: send a valid token as 'Authorization: Bearer <token>'."
}


def _client(secret):
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _secret(user, org, name="t"):
    return services.api_token_create(actor=user, organization=org, name=name)[1]


def test_a_valid_token_reads_its_organization(org, staff):
    response = _client(_secret(staff, org)).get("/api/v1/o/acme/organization")
    assert response.status_code == 200
    assert response.json() == {
        "slug": "acme",
        "name_zh": "重庆示例科技有限公司",
        "name_en": "Acme Chongqing",
        "language": "zh-hans",
        "time_zone": "Asia/Shanghai",
    }


def test_me_names_the_tokens_user_and_roles(org, make_member):
    membership = make_member(org, [Role.STAFF, Role.SERVICE_AGENT], "agent")
    token, secret = services.api_token_create(actor=membership.user, organization=org, name="t")
    response = _client(secret).get("/api/v1/o/acme/me")
    assert response.json() == {
        "user_id": membership.user.pk,
        "username": "agent",
        "display_name": "Agent",
        "email": "agent@example.com",
        "organization": "acme",
        "roles": ["service_agent", "staff"],
        "token_prefix": token.prefix,
    }


def test_no_token_is_401(org):
    response = Client().get("/api/v1/o/acme/organization")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_unknown_token_is_401(org):
    response = _client("itsms_00000000_not-a-real-secret").get("/api/v1/o/acme/organization")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_another_scheme_is_401(org, staff):
    secret = _secret(staff, org)
    response = Client(headers={"Authorization": f"Token {secret}"}).get("/api/v1/o/acme/organization")
    assert response.status_code == 401


def test_a_session_without_a_token_is_401(org, staff, client_for):
    assert client_for(staff).get("/api/v1/o/acme/organization").status_code == 401


def test_a_revoked_token_is_401(org, staff):
    token, secret = services.api_token_create(actor=staff, organization=org, name="t")
    services.api_token_revoke(actor=staff, organization=org, token=token)
    assert _client(secret).get("/api/v1/o/acme/organization").status_code == 401


def test_a_token_of_an_inactive_user_is_401(org, staff):
    secret = _secret(staff, org)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert _client(secret).get("/api/v1/o/acme/organization").status_code == 401


def test_another_organizations_path_is_404(org, other_org, outsider):
    response = _client(_secret(outsider, other_org)).get("/api/v1/o/acme/organization")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_nonexistent_organizations_path_is_404_too(org, staff):
    response = _client(_secret(staff, org)).get("/api/v1/o/nowhere/organization")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_token_opens_only_its_own_membership_even_for_a_member_of_both(org, other_org, admin, make_member):
    make_member(other_org, [Role.ORG_ADMIN], "admin")
    secret = _secret(admin, org)
    assert _client(secret).get("/api/v1/o/other/organization").status_code == 404


def test_a_customer_token_is_403(org, make_member):
    membership = make_member(org, [Role.STAFF], "was-staff")
    secret = _secret(membership.user, org)
    services.membership_set_roles(actor=None, organization=org, membership=membership, roles=[Role.CUSTOMER])
    response = _client(secret).get("/api/v1/o/acme/me")
    assert response.status_code == 403
    assert response.json() == {"detail": "You are not allowed to do this."}


def test_an_admin_without_required_2fa_is_403(org, admin):
    secret = _secret(admin, org)
    services.organization_update(actor=None, organization=org, require_2fa_for_admins=True)
    assert _client(secret).get("/api/v1/o/acme/me").status_code == 403


def test_first_use_sets_last_used_at(org, staff):
    token, secret = services.api_token_create(actor=staff, organization=org, name="t")
    _client(secret).get("/api/v1/o/acme/me")
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_a_second_request_within_a_minute_does_not_write(org, staff, django_assert_num_queries):
    secret = _secret(staff, org)
    client = _client(secret)
    client.get("/api/v1/o/acme/me")
    # token with membership, user and organization; the roles; the token's request count (rate limit)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/o/acme/me").status_code == 200


def test_a_request_after_a_minute_updates_last_used_at(org, staff):
    token, secret = services.api_token_create(actor=staff, organization=org, name="t")
    old = timezone.now() - dt.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    _client(secret).get("/api/v1/o/acme/me")
    used = ApiToken.objects.get(pk=token.pk).last_used_at
    assert used is not None and used > old


def test_writes_need_no_csrf_token(org, admin):
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {_secret(admin, org)}"})
    response = client.post("/api/v1/o/acme/departments", {"name": "IT"}, content_type="application/json")
    assert response.status_code == 201


def test_messages_follow_the_token_users_language(org, make_member):
    membership = make_member(org, [Role.STAFF], "zh-user")
    User.objects.filter(pk=membership.user.pk).update(language="zh-hans")
    secret = _secret(membership.user, org)
    response = _client(secret).get("/api/v1/o/acme/audit-entries")
    assert response.status_code == 403
    assert response["Content-Language"] == "zh-hans"
