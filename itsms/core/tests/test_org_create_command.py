import pytest
from django.core.management import CommandError, call_command

from itsms.core import audit
from itsms.core.models import AuditEntry, Membership, Organization, Role


def test_org_create_makes_the_user_admin_and_starts_the_chain(org, admin):
    call_command("org_create", "newco", "--name-zh", "新公司", "--name-en", "NewCo", "--admin", "admin")
    new = Organization.objects.get(slug="newco")
    assert Membership.objects.get(organization=new, user=admin).role_set == {Role.ORG_ADMIN}
    assert list(
        AuditEntry.objects.filter(organization=new).order_by("seq").values_list("action", flat=True)
    ) == ["organization.create", "membership.add"]
    assert audit.verify(new).ok


def test_org_create_refuses_a_taken_slug_and_writes_nothing(org, admin):
    with pytest.raises(CommandError, match="already exists"):
        call_command("org_create", "acme", "--name-zh", "重复", "--admin", "admin")
    assert Organization.objects.filter(slug="acme").count() == 1


def test_org_create_refuses_unknown_user(db):
    with pytest.raises(CommandError, match="No user named"):
        call_command("org_create", "x1", "--name-zh", "甲", "--admin", "ghost")
    assert not Organization.objects.filter(slug="x1").exists()
