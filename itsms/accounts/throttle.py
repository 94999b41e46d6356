"""Rate limits that every app process shares: failed sign-ins per client address, API calls per token.

django-axes locks one user name after a few failures from one address; password spraying tries a few
passwords on each of many accounts and never trips it. So failures are also counted per client address,
across user names, and once LOGIN_ADDRESS_FAILURE_LIMIT failures fall in one window of
LOGIN_ADDRESS_WINDOW_MINUTES, every sign-in from that address, even with a correct password, answers 429
until the window ends. API tokens get API_RATE_LIMIT_PER_MINUTE requests per minute each.

Counting uses fixed windows (one row per key, counted with one atomic upsert), which is exact across
processes and costs one small write per counted event; a burst across a window boundary can reach twice
the limit, which is acceptable for both uses.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.throttling import BaseThrottle

from itsms.core.middleware import client_ip

from .models import RateWindow


@dataclass(frozen=True)
class Window:
    count: int
    ends_at: dt.datetime

    def retry_after(self, now: dt.datetime | None = None) -> int:
        """Whole seconds until the window ends (at least 1, as Retry-After wants a positive delay)."""
        seconds = (self.ends_at - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(seconds))


def _window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    start = math.floor(now.timestamp() / seconds) * seconds
    return dt.datetime.fromtimestamp(start, tz=dt.UTC)


def rate_hit(scope: str, key: str, seconds: int, *, now: dt.datetime | None = None) -> Window:
    """Count one event for `key` in the current window and return the window with the new count.

    One statement, so concurrent processes never lose a count and a request pays one query: insert the
    key's row, or add one to it, or restart it at 1 when its stored window has ended. The ORM has no
    upsert that computes from the old row, hence SQL (the same on SQLite and PostgreSQL).
    """
    now = now or timezone.now()
    start = _window_start(now, seconds)
    q = connection.ops.quote_name
    table, scope_c, key_c, start_c, count_c = (
        q(n) for n in (RateWindow._meta.db_table, "scope", "key", "window_start", "count")
    )
    sql = (
        f"INSERT INTO {table} ({scope_c}, {key_c}, {start_c}, {count_c}) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT ({scope_c}, {key_c}) DO UPDATE SET "
        f"{count_c} = CASE WHEN {table}.{start_c} = excluded.{start_c} THEN {table}.{count_c} + 1 ELSE 1 END, "
        f"{start_c} = excluded.{start_c} "
        f"RETURNING {count_c}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, key, connection.ops.adapt_datetimefield_value(start)])
        (count,) = cursor.fetchone()
    return Window(count=count, ends_at=start + dt.timedelta(seconds=seconds))


def rate_sweep(scope: str, seconds: int, *, now: dt.datetime | None = None) -> None:
    """Drop the rows of keys whose window has ended (a token's row is reused; addresses come and go)."""
    start = _window_start(now or timezone.now(), seconds)
    RateWindow.objects.filter(scope=scope, window_start__lt=start).delete()


def rate_peek(scope: str, key: str, seconds: int, *, now: dt.datetime | None = None) -> Window:
    """The current window's count for `key`, without counting."""
    now = now or timezone.now()
    start = _window_start(now, seconds)
    count = (
        RateWindow.objects.filter(scope=scope, key=key, window_start=start)
        .values_list("count", flat=True)
        .first()
    )
    return Window(count=count or 0, ends_at=start + dt.timedelta(seconds=seconds))


def address_key(request: HttpRequest) -> str:
    """The client address the proxy reported; an IPv6 client is counted by its /64, which one host owns."""
    raw = client_ip(request) or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _login_window_seconds() -> int:
    return int(settings.LOGIN_ADDRESS_WINDOW_MINUTES) * 60


def login_retry_after(request: HttpRequest) -> int | None:
    """Seconds until this address may try to sign in again, or None when it may now."""
    window = rate_peek(RateWindow.Scope.LOGIN_FAILURE, address_key(request), _login_window_seconds())
    if window.count >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return window.retry_after()
    return None


def login_failed(request: HttpRequest) -> None:
    seconds = _login_window_seconds()
    if rate_hit(RateWindow.Scope.LOGIN_FAILURE, address_key(request), seconds).count == 1:
        # A new window for this address is a rare event (failures only): the moment to drop ended ones.
        rate_sweep(RateWindow.Scope.LOGIN_FAILURE, seconds)


# The throttle object is shared by every request of the process; the wait belongs to this request only.
_token_wait: contextvars.ContextVar[int | None] = contextvars.ContextVar("token_wait", default=None)


class TokenRateThrottle(BaseThrottle):
    """API_RATE_LIMIT_PER_MINUTE requests per token and minute (ninja runs throttles after authentication)."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        if token is None:
            return True
        window = rate_hit(RateWindow.Scope.API_TOKEN, str(token.pk), 60)
        if window.count > settings.API_RATE_LIMIT_PER_MINUTE:
            _token_wait.set(window.retry_after())
            return False
        return True

    def wait(self) -> float | None:
        return _token_wait.get()
