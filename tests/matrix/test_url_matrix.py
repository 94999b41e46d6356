"""The organization-isolation and permission matrix for pages: every URL × every role × a foreign object.

Expectations come from the code itself: each organization view carries the permission function its
`org_view` decorator checks, so the matrix asks that function what each role may do and checks that the
page answers accordingly (200/302 allowed, 403 refused, 404 for another organization's objects).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve, reverse

from itsms.core import services
from itsms.core.models import Membership, Organization, Role

from .collect import populators, route_specs, url_names

URLS = url_names()
SPECS = route_specs()
ALLOWED = {200, 302}


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(URLS) - set(SPECS))
    assert not missing, f"routes without a RouteSpec in tests/matrix/routes_*.py: {missing}"


def test_the_matrix_names_no_route_that_does_not_exist():
    stale = sorted(set(SPECS) - set(URLS))
    assert not stale, f"RouteSpecs for routes that no longer exist: {stale}"


@pytest.fixture
def world(make_org, make_member):
    own = make_org("matrix-own")
    foreign = make_org("matrix-foreign")
    for org in (own, foreign):
        services.department_create(actor=None, organization=org, name="运维部", code="OPS")
        for populate in populators():
            populate(org)
    members = {role: make_member(own, [role], f"m-{role}") for role in Role.values}
    foreign_admin = make_member(foreign, [Role.ORG_ADMIN], "m-foreign-admin")
    return own, foreign, members, foreign_admin


def _client(m: Membership) -> Client:
    c = Client()
    c.force_login(m.user)
    return c


def _org_url(name: str, org: Organization, kwargs: dict) -> str:
    return reverse(name, kwargs={"org": org.slug, **kwargs})


ORG_ROUTES = sorted(n for n, p in URLS.items() if "<slug:org>" in p)
PUBLIC_ROUTES = sorted(n for n, p in URLS.items() if "<slug:org>" not in p)


@pytest.mark.parametrize("name", ORG_ROUTES)
def test_org_route_matrix(name, world):
    """One test per route: building the world is the costly part, so each route checks all three here."""
    _answers_each_role_by_its_permission(name, world)
    _hides_other_organizations(name, world)
    _sends_anonymous_to_login(name, world)


def _answers_each_role_by_its_permission(name, world):
    own, foreign, members, _ = world
    spec = SPECS[name]
    url = _org_url(name, own, spec.kwargs(own))
    check = getattr(resolve(url).func, "org_permission", None)
    assert check is not None, f"{name} is under /o/<org>/ but does not use org_view"
    for role, membership in members.items():
        client = _client(membership)
        allowed = check(membership)
        if spec.post_only:
            status = client.get(url).status_code
            assert status == 405, f"{name} GET as {role}: {status}"
            if not allowed:
                status = client.post(url).status_code
                assert status == 403, f"{name} POST as {role}: {status}, expected 403"
        else:
            status = client.get(url).status_code
            expected = ALLOWED if allowed else {403}
            if allowed and spec.sees_object is not None and not spec.sees_object(membership):
                expected = {404}
            assert status in expected, f"{name} as {role}: {status}, expected {expected}"


def _hides_other_organizations(name, world):
    own, foreign, members, foreign_admin = world
    spec = SPECS[name]
    admin = _client(members[Role.ORG_ADMIN])
    send = admin.post if spec.post_only else admin.get
    # The other organization's URL, for a user who is not its member.
    assert send(_org_url(name, foreign, spec.kwargs(foreign))).status_code == 404
    # This organization's URL carrying another organization's object.
    foreign_kwargs = (spec.foreign_kwargs or spec.kwargs)(foreign)
    if foreign_kwargs and foreign_kwargs != spec.kwargs(own):
        assert send(_org_url(name, own, foreign_kwargs)).status_code == 404
    # And the other way round: the foreign admin cannot reach this organization at all.
    assert _client(foreign_admin).get(_org_url(name, own, spec.kwargs(own))).status_code in (404, 405)


def _sends_anonymous_to_login(name, world):
    own, *_ = world
    spec = SPECS[name]
    client = Client()
    response = (
        client.post(_org_url(name, own, spec.kwargs(own)))
        if spec.post_only
        else client.get(_org_url(name, own, spec.kwargs(own)))
    )
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", PUBLIC_ROUTES)
def test_public_route_answers_by_its_declared_audience(name, world):
    own, foreign, members, _ = world
    spec = SPECS[name]
    assert spec.public in ("anonymous", "authenticated"), (
        f"{name}: declare public='anonymous' or 'authenticated'"
    )
    url = reverse(name, kwargs=spec.kwargs(own))
    anonymous = Client()
    if spec.post_only:
        assert anonymous.get(url).status_code == 405
        return
    status = anonymous.get(url).status_code
    if spec.public == "anonymous":
        assert status in ALLOWED, f"{name} anonymous: {status}"
    else:
        assert status == 302, f"{name} anonymous: {status}"
        if spec.user_check is None:
            assert _client(members[Role.STAFF]).get(url).status_code in ALLOWED
            return
        for role, membership in members.items():
            expected = ALLOWED if spec.user_check(membership.user) else {403}
            status = _client(membership).get(url).status_code
            assert status in expected, f"{name} as {role}: {status}, expected {expected}"
