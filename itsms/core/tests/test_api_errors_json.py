"""Every error under /api/ is JSON, with DEBUG on or off: a crash, an unknown path, a wrong method, a body
too big, a request Django refuses itself. The OpenAPI document lists the errors each operation can give."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from itsms.core import services
from itsms.core.api import organization as organization_api
from itsms.core.models import Department

BASE = "/api/v1/o/acme"


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):  # noqa: ANN001, ANN201
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def api(org, admin):  # noqa: ANN001, ANN201
    secret = services.api_token_create(actor=admin, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"}, raise_request_exception=False)


def _json(response):  # noqa: ANN001, ANN202
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


def test_an_unhandled_exception_answers_json_500(debug, api, monkeypatch):  # noqa: ANN001
    # Before, with DEBUG on: ninja's plain-text traceback.
    def crash(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("boom")

    monkeypatch.setattr(organization_api.OrganizationOut, "from_orm", crash)
    response = api.get(BASE + "/organization")
    assert response.status_code == 500
    assert _json(response) == {"detail": "Something went wrong on our side."}


def test_an_unknown_api_path_answers_json_404(debug, api):  # noqa: ANN001
    response = api.get(BASE + "/no-such-thing")
    assert response.status_code == 404
    assert _json(response) == {"detail": "Not found."}


def test_a_post_to_an_unknown_api_path_is_404_not_a_csrf_refusal(debug):  # noqa: ANN001
    response = Client(enforce_csrf_checks=True).post("/api/v2/things", {"a": "b"})
    assert response.status_code == 404
    assert _json(response) == {"detail": "Not found."}


def test_a_wrong_method_answers_json_405_with_allow(debug, api):  # noqa: ANN001
    # Before: ninja's text "Method not allowed".
    response = api.delete(BASE + "/organization")
    assert response.status_code == 405
    assert _json(response) == {"detail": "This method is not allowed here; see the Allow header."}
    assert response["Allow"] == "GET"


def test_a_body_over_the_limit_answers_json_413_and_creates_nothing(debug, api, settings, org):  # noqa: ANN001
    # Before: Django's RequestDataTooBig became a 400 (an HTML debug page with DEBUG on).
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "IT", "description": "x" * 2000})
    response = api.post(BASE + "/departments", body, content_type="application/json")
    assert response.status_code == 413
    assert _json(response) == {"detail": "The request body is over the size limit."}
    assert not Department.objects.filter(organization=org).exists()


def test_a_request_django_refuses_itself_answers_json_400(debug, api):  # noqa: ANN001
    # A Host header outside ALLOWED_HOSTS: DisallowedHost, a SuspiciousOperation raised before any view.
    response = api.get(BASE + "/organization", headers={"Host": "evil.example.com"})
    assert response.status_code == 400
    assert _json(response) == {"detail": "Bad request."}


def test_pages_keep_their_html_error_pages(client, db):  # noqa: ANN001
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def _operations():  # noqa: ANN202
    doc = Client().get("/api/v1/openapi.json").json()
    return doc, [(m, p, op) for p, methods in doc["paths"].items() for m, op in methods.items()]


def test_every_operation_lists_401_403_404_422_429_and_500_with_the_error_schema(db):  # noqa: ANN001
    doc, operations = _operations()
    assert doc["components"]["schemas"]["ErrorOut"]["properties"].keys() == {"detail", "errors"}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for method, path, op in operations:
        for code in ("401", "403", "404", "422", "429", "500"):
            assert op["responses"][code]["content"] == error, (method, path, code)
        assert op["responses"]["429"]["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}


def test_writes_list_400_409_and_413_and_reads_do_not(db):  # noqa: ANN001
    _, operations = _operations()
    writes = [(m, p, op) for m, p, op in operations if m in {"post", "put", "patch", "delete"}]
    reads = [(m, p, op) for m, p, op in operations if m == "get"]
    assert writes and reads
    for method, path, op in writes:
        assert {"400", "409", "413"} <= op["responses"].keys(), (method, path)
    for method, path, op in reads:
        assert not {"400", "409", "413"} & op["responses"].keys(), (method, path)
