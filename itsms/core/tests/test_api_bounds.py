"""Numbers and dates outside their range answer 422 with a field error, never 500, 409 or a stored 1970."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from pydantic import ValidationError as PydanticValidationError

from itsms.core import services
from itsms.core.api.schemas import StrictIn
from itsms.core.api_errors import schema_messages
from itsms.core.bounds import MAX_ID, MAX_LIMIT, MAX_OFFSET
from itsms.core.models import AuditEntry, Person, Role
from itsms.organization import services as design_services
from itsms.organization.models import Objective, ObjectiveResult
from itsms.training.models import TrainingSession

BASE = "/api/v1/o/acme"
MALFORMED = "The request is malformed: see the field errors."


def _client(user, org):  # noqa: ANN001, ANN202
    secret = services.api_token_create(actor=user, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"}, raise_request_exception=False)


@pytest.fixture
def api(org, admin):  # noqa: ANN001, ANN201
    return _client(admin, org)


def test_a_huge_negative_actor_is_a_field_error_not_an_overflow(api):  # noqa: ANN001
    # Before: OverflowError in SQLite, HTTP 500.
    response = api.get(BASE + "/audit-entries?actor=-1303812089292027592704")
    assert response.status_code == 422
    assert response.json() == {
        "detail": MALFORMED,
        "errors": {"actor": ["Input should be greater than or equal to 1"]},
    }


def test_an_offset_of_two_to_the_63_is_a_field_error_not_a_conflict(api):  # noqa: ANN001
    # Before: the database's overflow surfaced as the IntegrityError handler's 409.
    response = api.get(BASE + f"/training/competence-matrix?offset={2**63}")
    assert response.status_code == 422
    assert response.json() == {
        "detail": MALFORMED,
        "errors": {"offset": [f"Input should be less than or equal to {MAX_OFFSET}"]},
    }


def test_a_limit_of_100000_is_refused_on_the_nonconformity_list(api):  # noqa: ANN001
    # Before: accepted (silently cut to 500).
    response = api.get(BASE + "/nonconformities?limit=100000")
    assert response.status_code == 422
    assert response.json() == {
        "detail": MALFORMED,
        "errors": {"limit": [f"Input should be less than or equal to {MAX_LIMIT}"]},
    }


def test_the_largest_limit_is_still_accepted(api):  # noqa: ANN001
    response = api.get(BASE + f"/nonconformities?limit={MAX_LIMIT}")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_after": None}


@pytest.fixture
def objective(org, admin, make_member):  # noqa: ANN001, ANN201
    owner = make_member(org, [Role.TOP_MANAGEMENT], "boss")
    owner.person = services.person_create(actor=None, organization=org, full_name="刘建国")
    owner.save(update_fields=["person"])
    return design_services.record_create(
        actor=admin,
        organization=org,
        model=Objective,
        title="SLA",
        target=Decimal("95"),
        owner=owner.person,
        method="m",
        frequency="monthly",
    )


def _post_result(org, objective, period_end, client=None):  # noqa: ANN001, ANN202
    client = client or _client(objective.owner.membership.user, org)
    return client.post(
        f"{BASE}/design/objectives/{objective.pk}/results",
        json.dumps({"period_end": period_end, "value": "96.5"}),
        content_type="application/json",
    )


def test_a_date_of_zero_is_refused_and_nothing_is_stored(org, objective):  # noqa: ANN001
    # Before: pydantic read 0 as a Unix timestamp and 1970-01-01 was stored.
    client = _client(objective.owner.membership.user, org)
    entries = AuditEntry.objects.filter(organization=org).count()
    response = _post_result(org, objective, 0, client)
    assert response.status_code == 422
    assert response.json() == {"detail": MALFORMED, "errors": {"period_end": ["Enter a date as YYYY-MM-DD."]}}
    assert not ObjectiveResult.objects.filter(objective=objective).exists()
    assert AuditEntry.objects.filter(organization=org).count() == entries


@pytest.mark.parametrize("value", ["0", "1700000000", "1899-12-31", "2201-01-01"])
def test_dates_outside_the_range_or_as_numbers_are_refused(org, objective, value):  # noqa: ANN001
    response = _post_result(org, objective, value)
    assert response.status_code == 422
    message = (
        "Enter a date as YYYY-MM-DD."
        if value.isdigit()
        else "Enter a date between 1900-01-01 and 2200-12-31."
    )
    assert response.json()["errors"] == {"period_end": [message]}
    assert not ObjectiveResult.objects.filter(objective=objective).exists()


def test_an_iso_date_in_range_is_stored(org, objective):  # noqa: ANN001
    response = _post_result(org, objective, "2026-01-31")
    assert response.status_code == 201
    assert response.json() == {"period_end": "2026-01-31", "value": "96.5", "note": ""}


def test_a_date_time_given_as_a_number_is_refused(org, admin):  # noqa: ANN001
    response = _client(admin, org).post(
        BASE + "/training/sessions",
        json.dumps({"kind": "kickoff", "title": "ISO 20000 basics", "starts_at": 1700000000}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"starts_at": ["Enter a date as YYYY-MM-DD."]}
    assert not TrainingSession.objects.filter(organization=org).exists()


def test_a_path_id_past_the_column_is_a_field_error(api):  # noqa: ANN001
    response = api.get(f"{BASE}/departments/{MAX_ID + 1}")
    assert response.status_code == 422
    assert response.json() == {
        "detail": MALFORMED,
        "errors": {"id": [f"Input should be less than or equal to {MAX_ID}"]},
    }


def test_the_largest_id_is_simply_not_found(api):  # noqa: ANN001
    response = api.get(f"{BASE}/departments/{MAX_ID}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_body_id_past_the_column_is_a_field_error_and_nothing_is_created(org, api):  # noqa: ANN001
    response = api.post(
        BASE + "/people",
        json.dumps({"full_name": "王芳", "department": 2**70}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"department": [f"Input should be less than or equal to {MAX_ID}"]}
    assert not Person.objects.filter(organization=org).exists()


class _Loose(StrictIn):
    count: int = 0
    when: dt.date | None = None


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"count": 2**64},
            {"count": ["Enter a number between -9223372036854775808 and 9223372036854775807."]},
        ),
        ({"when": 0}, {"when": ["Enter a date as YYYY-MM-DD."]}),
        ({"when": "0001-01-01"}, {"when": ["Enter a date between 1900-01-01 and 2200-12-31."]}),
    ],
)
def test_fields_declared_without_bounds_still_get_them(data, errors):  # noqa: ANN001
    # The safety net under every input schema, for a field someone declared as a bare int or date.
    with pytest.raises(PydanticValidationError) as caught:
        _Loose(**data)
    assert schema_messages(caught.value.errors()) == errors


def _integer_schemas(schema: dict) -> list[dict]:
    options = schema.get("anyOf", [schema])
    return [o for o in options if o.get("type") == "integer"]


def _date_schemas(schema: dict) -> list[dict]:
    options = schema.get("anyOf", [schema])
    return [o for o in options if o.get("format") in ("date", "date-time")]


def test_every_integer_and_date_a_client_sends_has_bounds_in_the_document(db):  # noqa: ANN001
    # A new route with a bare `int` or `date` parameter fails here: declare it with core/api/params.py.
    doc = Client().get("/api/v1/openapi.json").json()
    components = doc["components"]["schemas"]
    unbounded = []
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            fields = [(p["name"], p["schema"]) for p in operation.get("parameters", [])]
            body = (
                operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            if body:
                model = components[body["$ref"].rsplit("/", 1)[-1]]
                fields += list(model.get("properties", {}).items())
            for name, schema in fields:
                for option in _integer_schemas(schema):
                    if "minimum" not in option or "maximum" not in option:
                        unbounded.append((method, path, name))
                for option in _date_schemas(schema):
                    if "formatMinimum" not in option or "formatMaximum" not in option:
                        unbounded.append((method, path, name))
    assert unbounded == []


@pytest.mark.parametrize("value", ["1e400", "12345678901.5", "NaN", "Infinity"])
def test_a_decimal_past_its_column_is_refused_and_nothing_is_stored(org, objective, value):  # noqa: ANN001
    # Before: "1e400" was stored (SQLite keeps it as text; PostgreSQL's numeric(12, 2) fails the write).
    client = _client(objective.owner.membership.user, org)
    response = client.post(
        f"{BASE}/design/objectives/{objective.pk}/results",
        json.dumps({"period_end": "2026-01-31", "value": value}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["value"]
    assert not ObjectiveResult.objects.filter(objective=objective).exists()


def test_a_huge_decimal_is_refused_even_where_no_digits_are_declared():
    with pytest.raises(PydanticValidationError) as caught:
        _Money(amount="1e400")
    assert schema_messages(caught.value.errors()) == {"amount": ["Enter a number smaller than 10^18."]}


class _Money(StrictIn):
    amount: Decimal
