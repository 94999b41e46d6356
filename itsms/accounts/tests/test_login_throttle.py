"""Password spraying: one address trying many accounts, a few passwords each, is throttled per address."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from itsms.accounts.models import RateWindow
from itsms.accounts.throttle import address_key
from itsms.core import services

# A window boundary (15-minute windows start on the quarter hour), so Retry-After is the whole window.
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LIMIT = 20


@pytest.fixture(autouse=True)
def _limits(settings):  # noqa: ANN001
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = LIMIT
    settings.LOGIN_ADDRESS_WINDOW_MINUTES = 15


@pytest.fixture
def accounts(db):  # noqa: ANN001, ANN201
    return [
        services.user_create(username=f"u{n:02}", email=f"u{n:02}@example.com", password=PASSWORD)
        for n in range(31)
    ]


def _post(client, username, password, **extra):  # noqa: ANN001, ANN202
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def _spray(client, accounts):  # noqa: ANN001, ANN202
    return [_post(client, user.username, "Spring2026!") for user in accounts[:30]]


def test_spraying_30_accounts_is_refused_with_429_after_the_limit(accounts):  # noqa: ANN001
    client = Client()
    with time_machine.travel(START, tick=False):
        answers = _spray(client, accounts)
    assert [r.status_code for r in answers] == [200] * LIMIT + [429] * (30 - LIMIT)
    assert {r["Retry-After"] for r in answers[LIMIT:]} == {"900"}
    assert all("Retry-After" not in r for r in answers[:LIMIT])
    # Each account saw one failure only: the per-account lockout alone would never have stopped this.
    assert set(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == {1}
    assert AccessAttempt.objects.count() == LIMIT
    assert RateWindow.objects.get().count == LIMIT


def test_the_31st_account_is_refused_even_with_its_password_until_the_window_ends(accounts):  # noqa: ANN001
    client = Client()
    with time_machine.travel(START, tick=False):
        _spray(client, accounts)
    with time_machine.travel(START + dt.timedelta(minutes=14, seconds=30), tick=False):
        refused = _post(client, "u30", PASSWORD)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert "_auth_user_id" not in client.session
    # The password was never checked: no attempt was recorded for the account.
    assert not AccessAttempt.objects.filter(username="u30").exists()
    page = refused.content.decode()
    assert 'id="address-throttled"' in page
    assert "Signing in from it is paused for 1 more minute" in page
    with time_machine.travel(START + dt.timedelta(minutes=15), tick=False):
        accepted = _post(client, "u30", PASSWORD)
        assert accepted.status_code == 302
        assert client.session["_auth_user_id"] == str(accounts[30].pk)


def test_the_message_is_translated(accounts):  # noqa: ANN001
    client = Client(headers={"Accept-Language": "zh-Hans"})
    with time_machine.travel(START, tick=False):
        _spray(client, accounts)
        response = _post(client, "u30", PASSWORD)
    assert response.status_code == 429
    assert "您的网络地址登录失败次数过多" in response.content.decode()


def test_another_address_is_not_throttled(accounts):  # noqa: ANN001
    with time_machine.travel(START, tick=False):
        _spray(Client(), accounts)
        response = _post(Client(), "u30", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302


def test_successful_sign_ins_do_not_count(accounts):  # noqa: ANN001
    with time_machine.travel(START, tick=False):
        for user in accounts[:25]:
            assert _post(Client(), user.username, PASSWORD).status_code == 302
    assert not RateWindow.objects.exists()


def test_an_ipv6_client_is_counted_by_its_64_prefix():
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert address_key(one) == address_key(other) == "2001:db8:1:2::/64"
    assert address_key(factory.get("/", REMOTE_ADDR="192.0.2.5")) == "192.0.2.5"
