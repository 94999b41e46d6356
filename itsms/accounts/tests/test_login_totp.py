from __future__ import annotations

import time

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from conftest import PASSWORD
from itsms.accounts.views import PENDING_KEY

from .totp_clock import FIXED_STEP, code


def _password_step(client, username: str = "staff", **extra: str):  # noqa: ANN001, ANN202
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD, **extra})


def _code_step(client, value: str):  # noqa: ANN001, ANN202
    return client.post(reverse("accounts:login_totp"), {"code": value})


def test_password_alone_does_not_log_in_with_2fa(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    response = _password_step(anon)
    assert response["Location"] == reverse("accounts:login_totp")
    assert "_auth_user_id" not in anon.session
    assert anon.session[PENDING_KEY]["user"] == staff.pk


def test_valid_code_logs_in_and_spends_the_step(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon)
    response = _code_step(anon, code(0))
    assert response["Location"] == reverse("core:home")
    assert anon.session["_auth_user_id"] == str(staff.pk)
    assert PENDING_KEY not in anon.session
    staff.refresh_from_db()
    assert staff.totp_last_step == FIXED_STEP


def test_code_accepts_one_step_of_drift(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon)
    assert _code_step(anon, code(1))["Location"] == reverse("core:home")


def test_code_two_steps_away_is_refused(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon)
    response = _code_step(anon, code(2))
    assert response.status_code == 200
    assert "_auth_user_id" not in anon.session


def test_code_step_keeps_safe_next(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon, next="/o/acme/")
    assert _code_step(anon, code(0))["Location"] == "/o/acme/"


def test_wrong_code_is_refused(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon)
    wrong = "000000" if code(0) != "000000" else "111111"
    response = _code_step(anon, wrong)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "This code is not valid or was already used. Wait for the next one."
    ]
    assert "_auth_user_id" not in anon.session


def test_replayed_code_is_refused(anon, client, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon)
    _code_step(anon, code(0))
    _password_step(client)
    response = _code_step(client, code(0))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_code_of_the_confirming_step_is_refused(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon)
    assert _code_step(anon, code(-1)).status_code == 200


def test_wrong_codes_count_toward_lockout(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon)
    wrong = "000000" if code(0) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _code_step(anon, wrong).status_code == 200
    assert _code_step(anon, wrong).status_code == 429
    assert AccessAttempt.objects.get().failures_since_start == settings.AXES_FAILURE_LIMIT


def test_locked_out_user_cannot_finish_with_right_code(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anon.post(reverse("accounts:login"), {"username": "staff", "password": "wrong password here"})
    session = anon.session
    session[PENDING_KEY] = {
        "user": staff.pk,
        "backend": settings.AUTHENTICATION_BACKENDS[-1],
        "until": time.time() + 60,
        "next": "",
    }
    session.save()
    response = _code_step(anon, code(0))
    assert response.status_code == 429
    assert "_auth_user_id" not in anon.session


def test_pending_login_expires_after_five_minutes(anon, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    _password_step(anon)
    session = anon.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "until": time.time() - 1}
    session.save()
    response = _code_step(anon, code(0))
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in anon.session


def test_code_page_without_password_step_shows_expired(anon):  # noqa: ANN001
    response = anon.get(reverse("accounts:login_totp"))
    assert response.status_code == 200
    assert response.context["expired"] is True
