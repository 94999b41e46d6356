"""An objective's owner records its results through the API as on the page; another member is refused."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from itsms.core import services
from itsms.core.models import AuditEntry, Role
from itsms.organization import services as design_services
from itsms.organization.models import Objective, ObjectiveResult


def _client(user, org):  # noqa: ANN001, ANN202
    secret = services.api_token_create(actor=user, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def owned(org, admin, make_member):  # noqa: ANN001, ANN201
    owner = make_member(org, [Role.STAFF], "owner")
    owner.person = services.person_create(actor=None, organization=org, full_name="王小红")
    owner.save(update_fields=["person"])
    objective = design_services.record_create(
        actor=admin,
        organization=org,
        model=Objective,
        title="事件按时解决率",
        target=Decimal("95"),
        owner=owner.person,
        method="月度统计",
        frequency="monthly",
    )
    return owner, objective


def _post(client, org, objective):  # noqa: ANN001, ANN202
    return client.post(
        f"/api/v1/o/{org.slug}/design/objectives/{objective.pk}/results",
        json.dumps({"period_end": "2026-10-31", "value": "96.5"}),
        content_type="application/json",
    )


def test_the_owner_on_staff_records_a_result_through_the_api(org, owned):  # noqa: ANN001
    owner, objective = owned
    response = _post(_client(owner.user, org), org, objective)
    assert response.status_code == 201, response.content
    result = ObjectiveResult.objects.get(objective=objective)
    assert (str(result.period_end), result.value) == ("2026-10-31", Decimal("96.5"))
    assert AuditEntry.objects.filter(organization=org, actor=owner.user, object_id=str(result.pk)).exists()


def test_a_staff_member_who_does_not_own_it_is_refused_and_nothing_is_stored(org, owned, make_member):  # noqa: ANN001
    _, objective = owned
    other = make_member(org, [Role.STAFF], "other")
    before = AuditEntry.objects.filter(organization=org).count()
    response = _post(_client(other.user, org), org, objective)
    assert response.status_code == 403
    assert not ObjectiveResult.objects.filter(objective=objective).exists()
    # Only the token's own creation was written.
    assert AuditEntry.objects.filter(organization=org).count() == before + 1
