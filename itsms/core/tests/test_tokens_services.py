import datetime as dt
import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from itsms.core import audit, services
from itsms.core.models import ApiToken, AuditEntry, Role


def _trail_length(org):
    return AuditEntry.objects.filter(organization=org).count()


def test_create_returns_a_secret_in_the_documented_format(org, staff):
    token, secret = services.api_token_create(actor=staff, organization=org, name="backup script")
    assert re.fullmatch(r"itsms_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", secret)
    assert secret.split("_")[1] == token.prefix


def test_create_stores_only_the_sha256_of_the_secret(org, staff):
    token, secret = services.api_token_create(actor=staff, organization=org, name="backup script")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.name, stored.prefix, stored.key_hash}


def test_create_binds_the_token_to_the_actors_membership(org, staff):
    token, _ = services.api_token_create(actor=staff, organization=org, name="backup script")
    assert token.membership.user == staff
    assert token.membership.organization == org
    assert token.revoked_at is None
    assert token.last_used_at is None


def test_create_records_an_audit_entry_without_the_secret(org, staff):
    token, secret = services.api_token_create(actor=staff, organization=org, name="backup script")
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert entry.action == "api_token.create"
    assert entry.actor == staff
    assert entry.object_type == "core.apitoken"
    assert entry.object_id == str(token.pk)
    assert entry.changes == {
        "name": [None, "backup script"],
        "prefix": [None, token.prefix],
        "read_only": [None, False],
    }
    assert entry.object_repr == f"backup script ({token.prefix}…) · staff"
    assert secret not in str(entry.changes) + entry.object_repr
    assert audit.verify(org).ok


def test_create_refuses_a_customer_and_writes_nothing(org, make_member):
    customer = make_member(org, [Role.CUSTOMER], "cust").user
    before = _trail_length(org)
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=customer, organization=org, name="x")
    assert ApiToken.objects.count() == 0
    assert _trail_length(org) == before


def test_create_refuses_a_user_of_another_organization(org, outsider):
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=outsider, organization=org, name="x")
    assert ApiToken.objects.count() == 0


def test_create_allows_an_external_auditor(org, make_member):
    ext = make_member(org, [Role.EXTERNAL_AUDITOR], "ext").user
    token, _ = services.api_token_create(actor=ext, organization=org, name="evidence pull")
    assert token.membership.user == ext


def test_create_requires_a_name(org, staff):
    before = _trail_length(org)
    with pytest.raises(ValidationError) as exc:
        services.api_token_create(actor=staff, organization=org, name="   ")
    assert list(exc.value.message_dict) == ["name"]
    assert ApiToken.objects.count() == 0
    assert _trail_length(org) == before


def test_revoke_own_token_sets_revoked_at_and_records_it(org, staff):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    revoked = services.api_token_revoke(actor=staff, organization=org, token=token)
    assert revoked.revoked_at is not None
    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked.revoked_at
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert entry.action == "api_token.revoke"
    assert entry.actor == staff
    assert entry.object_id == str(token.pk)
    assert entry.changes == {"revoked_at": [None, revoked.revoked_at.isoformat()]}


def test_admin_revokes_another_members_token(org, admin, staff):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    services.api_token_revoke(actor=admin, organization=org, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_repr) == (
        "api_token.revoke",
        admin,
        f"t ({token.prefix}…) · staff",
    )


def test_member_cannot_revoke_another_members_token(org, staff, auditor):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    before = _trail_length(org)
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=auditor, organization=org, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert _trail_length(org) == before


def test_revoke_refuses_a_token_of_another_organization(org, other_org, admin, outsider):
    token, _ = services.api_token_create(actor=outsider, organization=other_org, name="t")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=admin, organization=org, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_revoke_twice_records_once(org, staff):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    first = services.api_token_revoke(actor=staff, organization=org, token=token)
    before = _trail_length(org)
    second = services.api_token_revoke(actor=staff, organization=org, token=token)
    assert second.revoked_at == first.revoked_at
    assert _trail_length(org) == before


def test_member_may_revoke_own_token_after_losing_api_access(org, make_member):
    membership = make_member(org, [Role.STAFF], "demoted")
    token, _ = services.api_token_create(actor=membership.user, organization=org, name="t")
    services.membership_set_roles(actor=None, organization=org, membership=membership, roles=[Role.CUSTOMER])
    services.api_token_revoke(actor=membership.user, organization=org, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_mark_used_writes_the_first_use(org, staff):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    now = timezone.now()
    services.api_token_mark_used(token, now=now)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == now


def test_mark_used_skips_the_write_within_a_minute(org, staff, django_assert_num_queries):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    first = timezone.now()
    services.api_token_mark_used(token, now=first)
    with django_assert_num_queries(0):
        services.api_token_mark_used(token, now=first + dt.timedelta(seconds=59))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first


def test_mark_used_writes_again_after_a_minute(org, staff):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    first = timezone.now()
    services.api_token_mark_used(token, now=first)
    later = first + dt.timedelta(seconds=61)
    services.api_token_mark_used(token, now=later)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == later


def test_mark_used_from_a_stale_copy_does_not_move_a_fresh_time_back(org, staff):
    token, _ = services.api_token_create(actor=staff, organization=org, name="t")
    stale_copy = ApiToken.objects.get(pk=token.pk)
    now = timezone.now()
    services.api_token_mark_used(token, now=now)
    services.api_token_mark_used(stale_copy, now=now + dt.timedelta(seconds=5))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == now


def test_deactivating_a_membership_revokes_its_tokens(org, admin, make_member):
    membership = make_member(org, [Role.STAFF], "leaver")
    token, _ = services.api_token_create(actor=membership.user, organization=org, name="t")
    services.membership_deactivate(actor=admin, organization=org, membership=membership)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
