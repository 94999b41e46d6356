"""The organization-isolation and permission matrix for the REST API: every operation × every role.

The operations are found by walking the NinjaAPI's routers, so a new operation without a line in
API_ROUTES fails here. Each line names the role-model capability (itsms.core.roles) the operation
needs on top of `can_use_api`, which every operation needs: the role model's table, not the code under
test, gives the expected answers. A line also gives the path arguments it takes from an organization's
objects, and a valid body for writes. Every role gets a token in the organization (a customer's token
was made while the member still had API access); a token of another organization and no token at all
are tried as well.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from ninja import Router

from config.api import api
from itsms.catalogue.models import Clause, Standard
from itsms.catalogue.services import builtin_library_ensure
from itsms.core import services
from itsms.core.models import AuditEntry, Department, Membership, Organization, Person, Role
from itsms.core.roles import CAPABILITIES, Capability, capability_for

from . import api_audits as nc
from .api_diagnosis import assessment_body, assessment_kwargs, project_kwargs
from .api_documents import released_document
from .api_training import attendance_body, session_body, training_session

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


# The catalogue is global: the same standard is seen from every organization, so there is no foreign one.
# These load the library and name the same row for both organizations; `foreign_kwargs` names no row.
def _standard(org: Organization) -> dict[str, Any]:
    builtin_library_ensure("iso-iec-20000-1-2018.yaml")
    return {"id": Standard.objects.order_by("pk").values_list("pk", flat=True)[0]}


def _clause(org: Organization) -> dict[str, Any]:
    builtin_library_ensure("iso-iec-20000-1-2018.yaml")
    return {"id": Clause.objects.order_by("pk").values_list("pk", flat=True)[0]}


def _programme_task(org: Organization) -> dict[str, Any]:
    import datetime as dt

    from itsms.programme.models import Task
    from itsms.programme.services import programme_start

    if not Task.objects.filter(organization=org).exists():
        programme_start(actor=None, organization=org, start_date=dt.date(2026, 3, 2))
    return {"id": Task.objects.filter(organization=org, code="1.3.1").values_list("pk", flat=True)[0]}


def _objective(org: Organization) -> dict[str, Any]:
    from itsms.organization.models import Objective
    from itsms.organization.services import record_create

    objective = Objective.objects.filter(organization=org).first() or record_create(
        actor=None,
        organization=org,
        model=Objective,
        title="SLA",
        target=95,
        owner=Person.objects.filter(organization=org).first(),
        method="m",
        frequency="monthly",
    )
    return {"id": objective.pk}


def _risk_body() -> dict[str, Any]:
    owner = Person.objects.filter(organization__slug="api-own").values_list("pk", flat=True)[0]
    return {
        "title": f"Risk {next(_unique)}",
        "likelihood": 2,
        "impact": 4,
        "treatment": "t",
        "owner_id": owner,
        "review_date": "2026-06-30",
    }


@dataclass(frozen=True)
class ApiRoute:
    # The role-model capability the operation needs (on top of can_use_api): its name, or (as lines
    # written before the role model did) its permission function, which must be one the model lists.
    capability: str | Callable[[Membership], bool]
    ok: int = 200
    kwargs: Callable[[Organization], dict[str, Any]] = _no_object
    body: Callable[[], dict[str, Any]] | None = None
    # As RouteSpec.foreign_kwargs: for rows shared by every organization (the catalogue), an id of no row.
    foreign_kwargs: Callable[[Organization], dict[str, Any]] | None = None


API_ROUTES: dict[tuple[str, str], ApiRoute] = {
    ("GET", "/o/{org}/nonconformities"): ApiRoute("can_view_nonconformities"),
    ("GET", "/o/{org}/nonconformities/{id}"): ApiRoute(
        "can_view_nonconformities", kwargs=nc.nc_kwargs("detail")
    ),
    ("POST", "/o/{org}/nonconformities/{id}/correction"): ApiRoute(
        "can_work_nonconformity", kwargs=nc.nc_kwargs("correction"), body=nc.correction_body
    ),
    ("POST", "/o/{org}/nonconformities/{id}/cause"): ApiRoute(
        "can_work_nonconformity", kwargs=nc.nc_kwargs("cause"), body=nc.cause_body
    ),
    ("POST", "/o/{org}/nonconformities/{id}/plan"): ApiRoute(
        "can_work_nonconformity", kwargs=nc.nc_kwargs("plan"), body=nc.plan_body
    ),
    ("POST", "/o/{org}/nonconformities/{id}/implementation"): ApiRoute(
        "can_work_nonconformity", kwargs=nc.nc_kwargs("implementation"), body=nc.implementation_body
    ),
    ("POST", "/o/{org}/nonconformities/{id}/verification"): ApiRoute(
        "can_verify_nonconformity", kwargs=nc.nc_kwargs("verification"), body=nc.verification_body
    ),
    ("POST", "/o/{org}/nonconformities/{id}/close"): ApiRoute(
        "can_close_nonconformity", kwargs=nc.nc_kwargs("close"), body=nc.close_body
    ),
    ("GET", "/o/{org}/improvements"): ApiRoute("can_view_improvements"),
    ("POST", "/o/{org}/improvements"): ApiRoute("can_propose_improvement", ok=201, body=nc.improvement_body),
    ("POST", "/o/{org}/improvements/{id}/decision"): ApiRoute(
        "can_decide_improvement", kwargs=nc.improvement_kwargs, body=nc.decision_body
    ),
    ("POST", "/o/{org}/improvements/{id}/outcome"): ApiRoute(
        "can_decide_improvement", kwargs=nc.improvement_kwargs, body=nc.outcome_body
    ),
    ("GET", "/o/{org}/diagnosis/projects"): ApiRoute("can_view_diagnosis"),
    ("GET", "/o/{org}/diagnosis/projects/{id}"): ApiRoute("can_view_diagnosis", kwargs=project_kwargs),
    ("GET", "/o/{org}/diagnosis/projects/{id}/assessments"): ApiRoute(
        "can_view_diagnosis", kwargs=project_kwargs
    ),
    ("PUT", "/o/{org}/diagnosis/projects/{id}/assessments/{requirement_id}"): ApiRoute(
        "can_edit_diagnosis", kwargs=assessment_kwargs, body=assessment_body
    ),
    ("GET", "/o/{org}/diagnosis/projects/{id}/findings"): ApiRoute(
        "can_view_diagnosis", kwargs=project_kwargs
    ),
    ("GET", "/o/{org}/organization"): ApiRoute("can_view_organization"),
    ("GET", "/o/{org}/me"): ApiRoute("can_use_api"),
    ("GET", "/o/{org}/departments"): ApiRoute("can_view_directory"),
    ("POST", "/o/{org}/departments"): ApiRoute(
        "can_manage_directory", ok=201, body=lambda: {"name": f"Department {next(_unique)}"}
    ),
    ("GET", "/o/{org}/departments/{id}"): ApiRoute("can_view_directory", kwargs=_department),
    ("PATCH", "/o/{org}/departments/{id}"): ApiRoute(
        "can_manage_directory", kwargs=_department, body=lambda: {"description": f"v{next(_unique)}"}
    ),
    ("GET", "/o/{org}/positions"): ApiRoute("can_view_directory"),
    ("GET", "/o/{org}/people"): ApiRoute("can_view_directory"),
    ("POST", "/o/{org}/people"): ApiRoute(
        "can_manage_directory", ok=201, body=lambda: {"full_name": f"Person {next(_unique)}"}
    ),
    ("GET", "/o/{org}/people/{id}"): ApiRoute("can_view_directory", kwargs=_person),
    ("GET", "/o/{org}/audit-entries"): ApiRoute("can_view_audit_trail"),
    ("GET", "/o/{org}/audit-entries/{seq}"): ApiRoute("can_view_audit_trail", kwargs=_audit_entry),
    ("GET", "/o/{org}/standards"): ApiRoute("can_view_catalogue"),
    ("GET", "/o/{org}/standards/{id}"): ApiRoute(
        "can_view_catalogue", kwargs=_standard, foreign_kwargs=lambda org: {"id": 10**9}
    ),
    ("GET", "/o/{org}/standards/{id}/clauses"): ApiRoute(
        "can_view_catalogue", kwargs=_standard, foreign_kwargs=lambda org: {"id": 10**9}
    ),
    ("GET", "/o/{org}/clauses/{id}"): ApiRoute(
        "can_view_catalogue", kwargs=_clause, foreign_kwargs=lambda org: {"id": 10**9}
    ),
    # programme and system design (issue 4)
    ("GET", "/o/{org}/programme/tasks"): ApiRoute("can_view_programme"),
    ("PATCH", "/o/{org}/programme/tasks/{id}"): ApiRoute(
        "can_manage_programme", kwargs=_programme_task, body=lambda: {"status": "skipped"}
    ),
    ("GET", "/o/{org}/design/context-issues"): ApiRoute("can_view_design"),
    ("GET", "/o/{org}/design/interested-parties"): ApiRoute("can_view_design"),
    ("GET", "/o/{org}/design/risks"): ApiRoute("can_view_design"),
    ("POST", "/o/{org}/design/risks"): ApiRoute("can_manage_design", ok=201, body=_risk_body),
    ("GET", "/o/{org}/design/objectives"): ApiRoute("can_view_design"),
    ("POST", "/o/{org}/design/objectives/{id}/results"): ApiRoute(
        "can_record_result",
        ok=201,
        kwargs=_objective,
        body=lambda: {"period_end": f"{2000 + next(_unique)}-01-31", "value": "97.5"},
    ),
    ("GET", "/o/{org}/training/sessions"): ApiRoute("can_view_training"),
    ("POST", "/o/{org}/training/sessions"): ApiRoute("can_manage_training", ok=201, body=session_body),
    ("GET", "/o/{org}/training/sessions/{id}"): ApiRoute("can_view_training", kwargs=training_session),
    ("GET", "/o/{org}/training/sessions/{id}/attendance"): ApiRoute(
        "can_view_training", kwargs=training_session
    ),
    ("POST", "/o/{org}/training/sessions/{id}/sign-in"): ApiRoute(
        "can_sign_in", kwargs=training_session, body=dict
    ),
    ("POST", "/o/{org}/training/sessions/{id}/attendance"): ApiRoute(
        "can_manage_training", kwargs=training_session, body=attendance_body
    ),
    ("GET", "/o/{org}/training/competence-matrix"): ApiRoute("can_view_training"),
    # document control (issue 5)
    ("GET", "/o/{org}/documents"): ApiRoute("can_view_documents"),
    ("GET", "/o/{org}/documents/{id}"): ApiRoute("can_view_documents", kwargs=released_document),
    ("GET", "/o/{org}/acknowledgements"): ApiRoute("can_acknowledge"),
    ("POST", "/o/{org}/documents/{id}/acknowledge"): ApiRoute(
        "can_acknowledge", kwargs=released_document, body=dict
    ),
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


def test_every_line_names_a_capability_of_the_role_model():
    unknown = sorted(
        k
        for k, route in API_ROUTES.items()
        if (
            capability_for(route.capability)
            if callable(route.capability)
            else CAPABILITIES.get(route.capability)
        )
        is None
    )
    assert not unknown, f"API_ROUTES lines naming no capability of itsms.core.roles: {unknown}"


def test_the_walk_finds_the_operations():
    assert len(OPERATIONS) >= len(API_ROUTES) > 0


def test_the_table_names_no_operation_that_does_not_exist():
    stale = sorted(set(API_ROUTES) - set(OPERATIONS))
    assert not stale, f"API_ROUTES lines for operations that no longer exist: {stale}"


def test_the_openapi_document_lists_exactly_the_operations(db):
    paths = api.get_openapi_schema()["paths"]
    documented = sorted((m.upper(), path.removeprefix(PREFIX)) for path, ms in paths.items() for m in ms)
    assert documented == OPERATIONS


def _capability(route: ApiRoute) -> Capability:
    if callable(route.capability):
        cap = capability_for(route.capability)
        assert cap is not None, f"{route.capability} is not a capability of itsms.core.roles"
        return cap
    return CAPABILITIES[route.capability]


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
        if role == Role.EXTERNAL_AUDITOR:
            # An external auditor's membership must say when it ends before the role is given.
            services.membership_set_validity(
                actor=None,
                organization=own,
                membership=m,
                valid_from=None,
                valid_until=timezone.now() + dt.timedelta(days=30),
            )
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
        roles = membership.role_set
        allowed = CAPABILITIES["can_use_api"].answer(roles) and _capability(route).answer(roles)
        expected[role] = route.ok if allowed else 403
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
    foreign_kwargs = (route.foreign_kwargs or route.kwargs)(world.foreign)
    assert foreign_kwargs != route.kwargs(world.own)
    # The admin, or a role holding the capability when the admin does not (verifying a corrective action).
    cap = _capability(route)
    role = next((r for r in (Role.ORG_ADMIN, *Role.values) if cap.answer([r])), Role.ORG_ADMIN)
    status = _call(world.secrets[role], method, path, world.own, foreign_kwargs, route)
    assert status == 404


@pytest.mark.parametrize("key", OPERATIONS, ids=IDS)
def test_operation_is_401_without_a_token(key, world):
    route = _route(key)
    method, path = key
    assert _call(None, method, path, world.own, route.kwargs(world.own), route) == 401
