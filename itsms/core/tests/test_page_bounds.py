"""Pages read numbers from the query string within bounds: a huge or negative number is no filter, not a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itsms.core.bounds import MAX_ID, query_int

HUGE = "-1303812089292027592704"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("0", None),
        ("-3", None),
        (HUGE, None),
        ("9" * 5000, None),
        ("abc", None),
        ("", None),
        (None, None),
    ],
)
def test_query_int_keeps_only_numbers_in_range(text, expected):  # noqa: ANN001
    assert query_int(text) == expected


def test_the_access_log_ignores_out_of_range_numbers(org, admin, client_for):  # noqa: ANN001
    # Before: `before` went straight into the query, and SQLite raised OverflowError (HTTP 500).
    url = reverse("core:access_log", kwargs={"org": org.slug})
    response = client_for(admin).get(url, {"before": HUGE[1:], "member": HUGE})
    assert response.status_code == 200
    assert response.context["member"] is None


def test_the_audit_trail_page_refuses_a_huge_actor_without_crashing(org, admin, client_for):  # noqa: ANN001
    url = reverse("core:audit_list", kwargs={"org": org.slug})
    response = client_for(admin).get(url, {"actor": HUGE, "before": HUGE[1:]})
    assert response.status_code == 200


def test_the_document_register_ignores_a_page_past_the_column(org, admin, client_for):  # noqa: ANN001
    # Before: page 10**20 gave an offset SQLite cannot bind (OverflowError, HTTP 500).
    url = reverse("documents:list", kwargs={"org": org.slug})
    assert client_for(admin).get(url, {"page": "1" + "0" * 20}).status_code == 200


def test_the_document_register_reads_a_negative_page_as_the_first(org, admin, client_for):  # noqa: ANN001
    url = reverse("documents:list", kwargs={"org": org.slug})
    response = client_for(admin).get(url, {"page": "-5"})
    assert response.status_code == 200
