"""API date-times: answers carry the organization's offset; input without an offset is local time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from itsms.core import services
from itsms.core.models import AuditEntry, Organization, Role
from itsms.training.models import TrainingSession

UTC = dt.UTC


def _client(org: Organization, make_member, roles: list[str]) -> Client:  # noqa: ANN001
    user = make_member(org, roles).user
    secret = services.api_token_create(actor=user, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _plan(client: Client, org: Organization, starts_at: str):  # noqa: ANN202
    return client.post(
        f"/api/v1/o/{org.slug}/training/sessions",
        data={"kind": "kickoff", "title": "Kick-off", "starts_at": starts_at},
        content_type="application/json",
    )


@pytest.fixture
def shanghai(make_org) -> Organization:  # noqa: ANN001
    return make_org("sh", time_zone="Asia/Shanghai")


@pytest.fixture
def berlin(make_org) -> Organization:  # noqa: ANN001
    return make_org("berlin", time_zone="Europe/Berlin")


def test_a_time_without_offset_is_the_organizations_local_time(shanghai, make_member):
    client = _client(shanghai, make_member, [Role.WORKING_GROUP])
    response = _plan(client, shanghai, "2026-03-05T09:30:00")
    assert response.status_code == 201
    assert response.json()["starts_at"] == "2026-03-05T09:30:00+08:00"
    session = TrainingSession.objects.get(organization=shanghai)
    assert session.starts_at == dt.datetime(2026, 3, 5, 1, 30, tzinfo=UTC)
    detail = client.get(f"/api/v1/o/{shanghai.slug}/training/sessions/{session.pk}").json()
    assert detail["starts_at"] == "2026-03-05T09:30:00+08:00"


def test_a_time_with_an_offset_is_kept_and_answered_in_the_organizations_zone(shanghai, make_member):
    client = _client(shanghai, make_member, [Role.WORKING_GROUP])
    response = _plan(client, shanghai, "2026-03-05T09:30:00Z")
    assert response.status_code == 201
    assert response.json()["starts_at"] == "2026-03-05T17:30:00+08:00"
    assert TrainingSession.objects.get().starts_at == dt.datetime(2026, 3, 5, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sent", "stored", "answered"),
    [
        ("2026-03-28T09:30:00", dt.datetime(2026, 3, 28, 8, 30, tzinfo=UTC), "2026-03-28T09:30:00+01:00"),
        ("2026-03-30T09:30:00", dt.datetime(2026, 3, 30, 7, 30, tzinfo=UTC), "2026-03-30T09:30:00+02:00"),
        # The hour the clocks skip exists with an explicit offset: 02:30+01:00 is 03:30 summer time.
        (
            "2026-03-29T02:30:00+01:00",
            dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
            "2026-03-29T03:30:00+02:00",
        ),
    ],
)
def test_berlin_across_the_summer_time_change(berlin, make_member, sent, stored, answered):
    client = _client(berlin, make_member, [Role.WORKING_GROUP])
    response = _plan(client, berlin, sent)
    assert response.status_code == 201
    assert response.json()["starts_at"] == answered
    assert TrainingSession.objects.get().starts_at == stored


def test_a_local_time_the_clocks_skip_is_refused_and_nothing_is_written(berlin, make_member):
    client = _client(berlin, make_member, [Role.WORKING_GROUP])
    entries = AuditEntry.objects.filter(organization=berlin).count()
    response = _plan(client, berlin, "2026-03-29T02:30:00")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "starts_at": [
            "Value error, 2026-03-29 02:30 does not exist in Europe/Berlin: the clocks are put forward at "
            "that time. Enter a time outside the hour of the change."
        ]
    }
    assert not TrainingSession.objects.exists()
    assert AuditEntry.objects.filter(organization=berlin).count() == entries


def test_audit_entries_carry_the_offset_of_their_day(berlin, make_member):
    client = _client(berlin, make_member, [Role.INTERNAL_AUDITOR])
    for when, name in [
        (dt.datetime(2026, 3, 28, 12, 0, tzinfo=UTC), "Before"),
        (dt.datetime(2026, 3, 30, 12, 0, tzinfo=UTC), "After"),
    ]:
        with time_machine.travel(when, tick=False):
            services.department_create(actor=None, organization=berlin, name=name)
    body = client.get(f"/api/v1/o/{berlin.slug}/audit-entries?action=department.create").json()
    assert [(i["changes"]["name"][1], i["created_at"]) for i in body["items"]] == [
        ("After", "2026-03-30T14:00:00+02:00"),
        ("Before", "2026-03-28T13:00:00+01:00"),
    ]


def test_department_created_at_is_answered_in_the_organizations_zone(shanghai, make_member):
    client = _client(shanghai, make_member, [Role.STAFF])
    dept = services.department_create(actor=None, organization=shanghai, name="IT")
    [item] = client.get(f"/api/v1/o/{shanghai.slug}/departments").json()
    assert dt.datetime.fromisoformat(item["created_at"]).utcoffset() == dt.timedelta(hours=8)
    assert abs(dt.datetime.fromisoformat(item["created_at"]) - dept.created_at) < dt.timedelta(milliseconds=1)
