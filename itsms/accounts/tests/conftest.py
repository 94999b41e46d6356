"""Fixtures of the accounts tests: a pinned TOTP clock and users with two-factor authentication."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from itsms.accounts import services, totp
from itsms.core.models import User

from .totp_clock import FIXED_STEP, SECRET, code


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Pin the TOTP clock at FIXED_STEP; call the returned function to move it by whole steps."""
    state = {"step": FIXED_STEP}

    def move(steps: int) -> None:
        state["step"] += steps

    monkeypatch.setattr(totp, "_now", lambda: state["step"] * totp.INTERVAL + 15.0)
    return move


@pytest.fixture
def enable_2fa(clock: Callable[[int], None]) -> Callable[[User], User]:
    """Turn on 2FA through the service, confirming with the previous step's code (so the current is unused)."""

    def enable(user: User) -> User:
        return services.user_totp_enable(actor=user, secret=SECRET, code=code(-1))

    return enable


@pytest.fixture
def anon() -> Client:
    return Client()
