import hashlib

from django.urls import reverse

from itsms.core import services
from itsms.core.models import ApiToken, AuditEntry, Role


def _page(org):
    return reverse("core:api_tokens", kwargs={"org": org.slug})


def _revoke_url(org, token):
    return reverse("core:api_token_revoke", kwargs={"org": org.slug, "pk": token.pk})


def test_page_lists_my_tokens_only(org, staff, auditor, client_for):
    mine, _ = services.api_token_create(actor=staff, organization=org, name="my script")
    services.api_token_create(actor=auditor, organization=org, name="auditor script")
    response = client_for(staff).get(_page(org))
    assert response.status_code == 200
    assert list(response.context["tokens"]) == [mine]
    assert response.context["other_tokens"] is None
    assert b"auditor script" not in response.content


def test_page_shows_other_members_active_tokens_to_an_admin(org, admin, staff, client_for):
    other, _ = services.api_token_create(actor=staff, organization=org, name="staff script")
    response = client_for(admin).get(_page(org))
    assert list(response.context["other_tokens"]) == [other]
    assert b"staff script" in response.content


def test_page_refuses_a_customer(org, make_member, client_for):
    customer = make_member(org, [Role.CUSTOMER], "cust").user
    assert client_for(customer).get(_page(org)).status_code == 403


def test_page_of_another_organization_is_not_found(org, outsider, client_for):
    assert client_for(outsider).get(_page(org)).status_code == 404


def test_create_shows_the_secret_once(org, staff, client_for):
    client = client_for(staff)
    response = client.post(_page(org), {"name": "nightly export"})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get()
    assert token.name == "nightly export"
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.encode() in response.content
    assert response["Cache-Control"] == "no-store"
    assert secret.encode() not in client.get(_page(org)).content


def test_create_records_the_audit_entry(org, staff, client_for):
    client_for(staff).post(_page(org), {"name": "nightly export"})
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor) == ("api_token.create", staff)


def test_create_without_a_name_shows_the_error_and_writes_nothing(org, staff, client_for):
    before = AuditEntry.objects.filter(organization=org).count()
    response = client_for(staff).post(_page(org), {"name": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert ApiToken.objects.count() == 0
    assert AuditEntry.objects.filter(organization=org).count() == before


def test_revoke_own_token_redirects_to_the_page(org, staff, client_for):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    response = client_for(staff).post(_revoke_url(org, token))
    assert response.status_code == 302
    assert response["Location"] == _page(org)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor) == ("api_token.revoke", staff)


def test_revoke_answers_get_with_405(org, staff, client_for):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    assert client_for(staff).get(_revoke_url(org, token)).status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_admin_revokes_another_members_token(org, admin, staff, client_for):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    assert client_for(admin).post(_revoke_url(org, token)).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_member_cannot_revoke_another_members_token(org, staff, auditor, client_for):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    before = AuditEntry.objects.filter(organization=org).count()
    assert client_for(auditor).post(_revoke_url(org, token)).status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert AuditEntry.objects.filter(organization=org).count() == before


def test_revoke_of_another_organizations_token_is_not_found(org, other_org, admin, outsider, client_for):
    foreign, _ = services.api_token_create(actor=outsider, organization=other_org, name="t")
    response = client_for(admin).post(_revoke_url(org, foreign))
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=foreign.pk).revoked_at is None
