"""The people list and the audit trail page with 5,000 people and 20,000 audit entries."""

from __future__ import annotations

from django.test import Client

from itsms.core import services
from itsms.core.models import Organization, Role, User

from .timing import percentiles

PEOPLE = 5_000


def run() -> dict[str, object]:
    org = Organization.objects.filter(slug="bench-dir").first() or services.organization_create(
        actor=None, slug="bench-dir", name_zh="基准目录", name_en="Bench directory"
    )
    dept = services.department_create(actor=None, organization=org, name="运维部")
    for i in range(PEOPLE):
        services.person_create(actor=None, organization=org, full_name=f"员工{i:05d}", department=dept)
    user = User.objects.filter(username="bench-admin").first() or services.user_create(
        username="bench-admin", email="bench@example.com", password="bench-password-2026"
    )
    services.membership_add(actor=None, organization=org, user=user, roles=[Role.ORG_ADMIN])
    client = Client()
    client.force_login(user)
    figures: dict[str, object] = {"people": PEOPLE}
    figures["people_list_first_page"] = percentiles(lambda: client.get(f"/o/{org.slug}/people/"))
    figures["people_list_search"] = percentiles(lambda: client.get(f"/o/{org.slug}/people/?q=0042"))
    figures["audit_list_first_page"] = percentiles(lambda: client.get(f"/o/{org.slug}/audit/"))
    figures["audit_list_filtered"] = percentiles(
        lambda: client.get(f"/o/{org.slug}/audit/?action=person.create")
    )
    return figures
