"""The organization-isolation and permission matrix for the REST API: every operation × every role.

The operations are found by walking the NinjaAPI's routers, so a new operation without a line in
API_ROUTES fails here. Each line names the permission function the operation must apply (on top of
`can_use_api`, which every operation needs), the path arguments it takes from an organization's
objects, and a valid body for writes. Every role gets a token in the organization (a customer's token
was made while the member still had API access); a token of another organization and no token at all
are tried as well.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from ninja import Router

from config.api import api
from itsms.core import permissions as p
from itsms.core import services
from itsms.core.models import AuditEntry, Department, Membership, Organization, Person, Role

PREFIX = "/api/v1"
_unique = itertools.count(1)


def _department(org: Organization) -> dict[str, Any]:
    return {"id": Department.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]}


def _person(org: Organization) -> dict[str, Any]:
    return {"id": Person.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]}


def _audit_entry(org: Organization) -> dict[str, Any]:
    # Sequence numbers restart at 1 in every organization, so the foreign check needs a number only it has.
    return {
        "seq": AuditEntry.objects.filter(organization=org).order_by("-seq").values_list("seq", flat=True)[0]
    }


def _no_object(org: Organization) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class ApiRoute:
    allowed: Callable[[Membership], bool]
    ok: int = 200
    kwargs: Callable[[Organization], dict[str, Any]] = _no_object
    body: Callable[[], dict[str, Any]] | None = None


API_ROUTES: dict[tuple[str, str], ApiRoute] = {
    ("GET", "/o/{org}/organization"): ApiRoute(p.can_view_organization),
    ("GET", "/o/{org}/me"): ApiRoute(p.can_use_api),
    ("GET", "/o/{org}/departments"): ApiRoute(p.can_view_directory),
    ("POST", "/o/{org}/departments"): ApiRoute(
        p.can_manage_directory, ok=201, body=lambda: {"name": f"Department {next(_unique)}"}
    ),
    ("GET", "/o/{org}/departments/{id}"): ApiRoute(p.can_view_directory, kwargs=_department),
    ("PATCH", "/o/{org}/departments/{id}"): ApiRoute(
        p.can_manage_directory, kwargs=_department, body=lambda: {"description": f"v{next(_unique)}"}
    ),
    ("GET", "/o/{org}/positions"): ApiRoute(p.can_view_directory),
    ("GET", "/o/{org}/people"): ApiRoute(p.can_view_directory),
    ("POST", "/o/{org}/people"): ApiRoute(
        p.can_manage_directory, ok=201, body=lambda: {"full_name": f"Person {next(_unique)}"}
    ),
    ("GET", "/o/{org}/people/{id}"): ApiRoute(p.can_view_directory, kwargs=_person),
    ("GET", "/o/{org}/audit-entries"): ApiRoute(p.can_view_audit_trail),
    ("GET", "/o/{org}/audit-entries/{seq}"): ApiRoute(p.can_view_audit_trail, kwargs=_audit_entry),
}


def _join(*parts: str) -> str:
    return "/" + "/".join(s.strip("/") for s in parts if s.strip("/"))


def api_operations() -> list[tuple[str, str]]:
    """(method, path below /api/v1) of every operation mounted on the API, shown in the schema or not."""
    found: set[tuple[str, str]] = set()

    def walk(prefix: str, router: Router) -> None:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                found.update((method, _join(prefix, path)) for method in operation.methods)
        for child_prefix, child, *_ in router._routers:
            walk(_join(prefix, child_prefix), child)

    for prefix, router in api._routers:
        walk(prefix, router)
    return sorted(found)


OPERATIONS = api_operations()


def test_the_walk_finds_the_operations():
    assert len(OPERATIONS) >= len(API_ROUTES) > 0


def test_the_table_names_no_operation_that_does_not_exist():
    stale = sorted(set(API_ROUTES) - set(OPERATIONS))
    assert not stale, f"API_ROUTES lines for operations that no longer exist: {stale}"


def test_the_openapi_document_lists_exactly_the_operations(db):
    paths = api.get_openapi_schema()["paths"]
    documented = sorted((m.upper(), path.removeprefix(PREFIX)) for path, ms in paths.items() for m in ms)
    assert documented == OPERATIONS


@dataclass
class World:
    own: Organization
    foreign: Organization
    secrets: dict[str, str]
    memberships: dict[str, Membership]
    foreign_secret: str


def _token(membership: Membership) -> str:
    return services.api_token_create(
        actor=membership.user, organization=membership.organization, name="matrix"
    )[1]


@pytest.fixture
def world(make_org, make_member) -> World:
    own, foreign = make_org("api-own"), make_org("api-foreign")
    for org in (own, foreign):
        services.department_create(actor=None, organization=org, name="运维部", code="OPS")
        services.person_create(actor=None, organization=org, full_name="张三")
    memberships, secrets = {}, {}
    for role in Role.values:
        # Every token is made while the member may use the API, then the role is set: a customer's
        # token (from before a role change) must be refused by the permission, not by authentication.
        m = make_member(own, [Role.STAFF], f"api-{role}")
        secrets[role] = _token(m)
        memberships[role] = services.membership_set_roles(
            actor=None, organization=own, membership=m, roles=[role]
        )
    foreign_admin = make_member(foreign, [Role.ORG_ADMIN], "api-foreign-admin")
    foreign_secret = _token(foreign_admin)
    # A longer foreign chain, so that its newest sequence number does not exist in ours.
    missing = (
        AuditEntry.objects.filter(organization=own).count()
        - AuditEntry.objects.filter(organization=foreign).count()
    )
    for n in range(max(missing, 0) + 1):
        services.department_create(actor=None, organization=foreign, name=f"Foreign {n}")
    return World(own, foreign, secrets, memberships, foreign_secret)


def _route(key: tuple[str, str]) -> ApiRoute:
    route = API_ROUTES.get(key)
    assert route is not None, f"{key} is in the API but not in API_ROUTES of tests/matrix/test_api_matrix.py"
    return route


def _call(
    secret: str | None, method: str, path: str, org: Organization, kwargs: dict[str, Any], route: ApiRoute
) -> int:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    url = PREFIX + path.format(org=org.slug, **kwargs)
    client = Client(headers=headers)
    if route.body is None:
        return client.generic(method, url).status_code
    return client.generic(
        method, url, data=json.dumps(route.body()), content_type="application/json"
    ).status_code


IDS = [f"{m} {path}" for m, path in OPERATIONS]
# Operations naming an object of the organization in their path (known ones; unknown ones fail elsewhere).
WITH_OBJECT = [k for k in OPERATIONS if k in API_ROUTES and API_ROUTES[k].kwargs is not _no_object]


@pytest.mark.parametrize("key", OPERATIONS, ids=IDS)
def test_operation_answers_each_role_by_its_permission(key, world):
    route = _route(key)
    method, path = key
    kwargs = route.kwargs(world.own)
    actual, expected = {}, {}
    for role in Role.values:
        membership = world.memberships[role]
        expected[role] = route.ok if p.can_use_api(membership) and route.allowed(membership) else 403
        actual[role] = _call(world.secrets[role], method, path, world.own, kwargs, route)
    assert actual == expected


@pytest.mark.parametrize("key", OPERATIONS, ids=IDS)
def test_operation_is_404_for_another_organizations_token(key, world):
    route = _route(key)
    method, path = key
    assert _call(world.foreign_secret, method, path, world.own, route.kwargs(world.own), route) == 404


@pytest.mark.parametrize("key", WITH_OBJECT, ids=[f"{m} {path}" for m, path in WITH_OBJECT])
def test_operation_is_404_for_another_organizations_object(key, world):
    route = _route(key)
    method, path = key
    foreign_kwargs = route.kwargs(world.foreign)
    assert foreign_kwargs != route.kwargs(world.own)
    status = _call(world.secrets[Role.ORG_ADMIN], method, path, world.own, foreign_kwargs, route)
    assert status == 404


@pytest.mark.parametrize("key", OPERATIONS, ids=IDS)
def test_operation_is_401_without_a_token(key, world):
    route = _route(key)
    method, path = key
    assert _call(None, method, path, world.own, route.kwargs(world.own), route) == 401
