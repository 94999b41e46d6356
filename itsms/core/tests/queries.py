"""Constant query counts for list pages and API lists, checked at two data sizes.

A list that runs one query per row passes any single-size check with a loose ceiling; comparing the count at
N and 3N rows, against an exact expected number, makes a new N+1 (or an extra query anywhere) fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from itsms.core import services
from itsms.core.models import Organization, User

API_RATE_QUERIES = 1


def api_client(user: User, org: Organization) -> Client:
    """A client carrying a fresh API token of the user, already used once (its first use writes)."""
    _, secret = services.api_token_create(actor=user, organization=org, name="queries")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.get(f"/api/v1/o/{org.slug}/me").status_code == 200
    return client


def count_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content.decode()


def assert_constant_queries(
    client: Client,
    url: str,
    add: Callable[[int], Iterable[str]],
    expected: int,
    *,
    n: int = 3,
) -> str:
    """Render ``url`` with ``n`` rows and with ``3n`` rows; both take exactly ``expected`` queries.

    ``add(k)`` creates ``k`` more rows and returns texts each of which the answer must contain, so the rows
    (and their related columns) are really shown. Returns the larger answer's body.
    """
    client.get(url)  # warm per-process caches (content types, the session) outside the count
    shown = list(add(n))
    small, body = count_queries(client, url)
    missing = [text for text in shown if text not in body]
    assert not missing, f"not shown: {missing}"
    shown += list(add(2 * n))
    large, body = count_queries(client, url)
    missing = [text for text in shown if text not in body]
    assert not missing, f"not shown: {missing}"
    if url.startswith("/api/"):
        # Every API request also counts the token's rate limit: one upsert (itsms.accounts.throttle).
        expected += API_RATE_QUERIES
    assert small == large == expected, f"{small} queries at {n} rows, {large} at {3 * n}, expected {expected}"
    return body
