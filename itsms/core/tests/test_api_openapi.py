import json

from django.test import Client

from config.api import api

PATHS = {
    "/api/v1/o/{org}/organization": {"get"},
    "/api/v1/o/{org}/me": {"get"},
    "/api/v1/o/{org}/departments": {"get", "post"},
    "/api/v1/o/{org}/departments/{id}": {"get", "patch"},
    "/api/v1/o/{org}/positions": {"get"},
    "/api/v1/o/{org}/people": {"get", "post"},
    "/api/v1/o/{org}/people/{id}": {"get"},
    "/api/v1/o/{org}/audit-entries": {"get"},
    "/api/v1/o/{org}/audit-entries/{seq}": {"get"},
}


def _document():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_openapi_lists_every_core_route(db):
    # Other areas add their own paths (the API matrix checks all of them); here, the core's are all present.
    paths = {p: set(methods) for p, methods in _document()["paths"].items()}
    assert {p: paths.get(p) for p in PATHS} == PATHS


def test_openapi_declares_the_bearer_scheme(db):
    doc = _document()
    assert doc["components"]["securitySchemes"] == {"OrgTokenAuth": {"type": "http", "scheme": "bearer"}}


def test_every_operation_requires_the_bearer_token(db):
    for path, methods in _document()["paths"].items():
        for method, operation in methods.items():
            assert operation["security"] == [{"OrgTokenAuth": []}], (method, path)


def test_every_operation_takes_the_organization_from_the_path(db):
    for path, methods in _document()["paths"].items():
        for method, operation in methods.items():
            org = [p for p in operation["parameters"] if p["name"] == "org"]
            assert org == [
                {"in": "path", "name": "org", "schema": {"title": "Org", "type": "string"}, "required": True}
            ], (method, path)


def test_every_operation_has_its_own_id_and_a_tag(db):
    operations = [op for methods in _document()["paths"].values() for op in methods.values()]
    assert len({op["operationId"] for op in operations}) == len(operations)
    assert all(op["tags"] for op in operations)


def test_interactive_docs_answer(db):
    assert Client().get("/api/v1/docs").status_code == 200


def test_the_document_matches_the_api_object(db):
    assert _document()["paths"].keys() == api.get_openapi_schema()["paths"].keys()
