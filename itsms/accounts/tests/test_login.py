from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from conftest import PASSWORD

LOGIN = "/accounts/login/"


def _post(client, username: str, password: str, **extra: str):  # noqa: ANN001, ANN202
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


def test_login_url_keeps_its_path():
    assert reverse("accounts:login") == LOGIN


def test_login_redirects_home(anon, staff):  # noqa: ANN001
    response = _post(anon, "staff", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert anon.session["_auth_user_id"] == str(staff.pk)


def test_login_with_email(anon, staff):  # noqa: ANN001
    response = _post(anon, "STAFF@example.com", PASSWORD)
    assert response.status_code == 302
    assert anon.session["_auth_user_id"] == str(staff.pk)


def test_login_redirects_to_safe_next(anon, staff):  # noqa: ANN001
    response = _post(anon, "staff", PASSWORD, next="/o/acme/")
    assert response["Location"] == "/o/acme/"


def test_login_ignores_unsafe_next(anon, staff):  # noqa: ANN001
    response = _post(anon, "staff", PASSWORD, next="https://evil.example.com/")
    assert response["Location"] == reverse("core:home")


def test_login_page_keeps_next_in_form(anon):  # noqa: ANN001
    response = anon.get(LOGIN + "?next=/o/acme/")
    assert response.status_code == 200
    assert b'name="next" value="/o/acme/"' in response.content


def test_wrong_password_shows_form_error(anon, staff):  # noqa: ANN001
    response = _post(anon, "staff", "wrong password here")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The user name or e-mail and the password do not match. Both may be case-sensitive."
    ]
    assert "_auth_user_id" not in anon.session


def test_wrong_password_counts_one_failure(anon, staff):  # noqa: ANN001
    _post(anon, "staff", "wrong password here")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("staff", "127.0.0.1", 1)


def test_email_and_username_failures_share_one_counter(anon, staff):  # noqa: ANN001
    _post(anon, "staff", "wrong password here")
    _post(anon, "staff@example.com", "wrong password here")
    assert AccessAttempt.objects.get().failures_since_start == 2


def test_lockout_answers_429_even_with_right_password(anon, staff):  # noqa: ANN001
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(anon, "staff", "wrong password here")
    response = _post(anon, "staff", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "Try again after" in response.content.decode()
    assert "_auth_user_id" not in anon.session


def test_last_failure_reaching_the_limit_answers_429(anon, staff):  # noqa: ANN001
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post(anon, "staff", "wrong password here").status_code == 200
    assert _post(anon, "staff", "wrong password here").status_code == 429


def test_lockout_message_names_the_retry_time(anon, staff):  # noqa: ANN001
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(anon, "staff", "wrong password here")
    response = _post(anon, "staff", PASSWORD)
    last = AccessAttempt.objects.get().attempt_time
    retry = (last + dt.timedelta(hours=settings.AXES_COOLOFF_TIME)).astimezone(dt.UTC)
    assert retry.strftime("%Y-%m-%d %H:%M") in response.content.decode()


def test_lockout_ends_after_cool_off(anon, staff):  # noqa: ANN001
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(anon, "staff", "wrong password here")
    past = dt.timedelta(hours=settings.AXES_COOLOFF_TIME, seconds=1)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - past)
    response = _post(anon, "staff", PASSWORD)
    assert response.status_code == 302
    assert anon.session["_auth_user_id"] == str(staff.pk)


def test_lockout_is_per_user_name(anon, staff, auditor):  # noqa: ANN001
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(anon, "staff", "wrong password here")
    assert _post(anon, "auditor", PASSWORD).status_code == 302


def test_successful_login_resets_failures(anon, staff):  # noqa: ANN001
    _post(anon, "staff", "wrong password here")
    _post(anon, "staff", PASSWORD)
    assert AccessAttempt.objects.count() == 0


def test_inactive_user_cannot_log_in(anon, staff):  # noqa: ANN001
    type(staff).objects.filter(pk=staff.pk).update(is_active=False)
    response = _post(anon, "staff", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in anon.session


def test_logout_refuses_get(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_logout_by_post_ends_session(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
