"""API tokens have a request rate: past it, 429 JSON with Retry-After until the next window."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from itsms.accounts.models import RateWindow
from itsms.accounts.throttle import rate_hit
from itsms.core import services
from itsms.core.models import Department

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
RATE = 3
URL = "/api/v1/o/acme/organization"


@pytest.fixture(autouse=True)
def _rate(settings):  # noqa: ANN001
    settings.API_RATE_LIMIT_PER_MINUTE = RATE


def _client(user, org):  # noqa: ANN001, ANN202
    token, secret = services.api_token_create(actor=user, organization=org, name="t")
    return token, Client(headers={"Authorization": f"Bearer {secret}"})


def test_a_token_past_its_rate_gets_429_json_and_the_next_window_works(org, admin):  # noqa: ANN001
    token, client = _client(admin, org)
    with time_machine.travel(START + dt.timedelta(seconds=20), tick=False):
        assert [client.get(URL).status_code for _ in range(RATE)] == [200] * RATE
        refused = client.get(URL)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json; charset=utf-8"
    assert refused.json() == {"detail": "Too many requests with this token: wait and try again."}
    assert refused["Retry-After"] == "40"
    assert RateWindow.objects.get(scope="api_token", key=str(token.pk)).count == RATE + 1
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        again = client.get(URL)
    assert again.status_code == 200
    assert again.json()["slug"] == "acme"


def test_a_refused_write_changes_nothing(org, admin):  # noqa: ANN001
    _, client = _client(admin, org)
    with time_machine.travel(START, tick=False):
        for _ in range(RATE):
            client.get(URL)
        response = client.post("/api/v1/o/acme/departments", {"name": "IT"}, content_type="application/json")
    assert response.status_code == 429
    assert not Department.objects.filter(organization=org).exists()


def test_each_token_has_its_own_rate(org, admin, staff):  # noqa: ANN001
    _, first = _client(admin, org)
    _, second = _client(staff, org)
    with time_machine.travel(START, tick=False):
        for _ in range(RATE):
            first.get(URL)
        assert first.get(URL).status_code == 429
        assert second.get(URL).status_code == 200


def test_a_request_without_a_valid_token_is_not_counted(db):  # noqa: ANN001
    response = Client(headers={"Authorization": "Bearer itsms_nope_nope"}).get(URL)
    assert response.status_code in (401, 404)
    assert not RateWindow.objects.exists()


def test_counting_adds_up_and_restarts_in_a_new_window_on_the_same_row(db):  # noqa: ANN001
    # Every process counts on the same row; a token's row is reused, so a busy token never grows the table.
    assert [rate_hit("api_token", "7", 60, now=START).count for _ in range(3)] == [1, 2, 3]
    later = rate_hit("api_token", "7", 60, now=START + dt.timedelta(minutes=2, seconds=5))
    assert later.count == 1
    assert later.ends_at == START + dt.timedelta(minutes=3)
    assert list(RateWindow.objects.values_list("key", "window_start", "count")) == [
        ("7", START + dt.timedelta(minutes=2), 1)
    ]


def test_one_query_per_request_for_the_count(db, django_assert_num_queries):  # noqa: ANN001
    with django_assert_num_queries(1):
        assert rate_hit("api_token", "8", 60).count == 1
