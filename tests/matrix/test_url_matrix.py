"""The organization-isolation and permission matrix for pages: every URL × every role × a foreign object.

Expectations come from the role model (itsms.core.roles), not from the code under test: each route names
its capability, the matrix checks that the view's `org_view` function is that capability's function, and
that each role's answer is the model's (200/302 allowed, 403 refused, 404 for another organization's
objects). A wrong grant in a permission function fails the role-model test; a view decorated with the
wrong function fails here. POST-only routes are posted by an allowed role, not only refused a GET.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve, reverse

from itsms.core import services
from itsms.core.models import Membership, Organization, Role
from itsms.core.roles import CAPABILITIES, Capability, capability_for

from .collect import duplicate_names, populators, route_specs, url_names
from .spec import persona_username

URLS = url_names()
SPECS = route_specs()
ALLOWED = {200, 302}
# What a permission-allowed POST may answer: done (302/200), or refused by validation or state (200 with
# form errors, 400, 409, 422): never refused by permission, missing, not allowed or a server error.
NOT_A_POST_ANSWER = {403, 404, 405}


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(URLS) - set(SPECS))
    assert not missing, f"routes without a RouteSpec in tests/matrix/routes_*.py: {missing}"


def test_the_matrix_names_no_route_that_does_not_exist():
    stale = sorted(set(SPECS) - set(URLS))
    assert not stale, f"RouteSpecs for routes that no longer exist: {stale}"


def test_no_two_url_patterns_share_a_name():
    duplicates = duplicate_names()
    assert not duplicates, (
        f"URL names given to more than one pattern (reverse() hides all but one): {duplicates}"
    )


def test_every_org_route_names_its_capability():
    missing = sorted(n for n in ORG_ROUTES if SPECS[n].capability is None)
    assert not missing, f"organization routes without capability= in their RouteSpec: {missing}"
    unknown = sorted(n for n in SPECS if SPECS[n].capability not in (None, *CAPABILITIES))
    assert not unknown, f"RouteSpecs naming a capability the role model does not have: {unknown}"


def test_every_post_only_route_posts_a_body():
    missing = sorted(n for n, spec in SPECS.items() if spec.post_only and spec.post_data is None)
    assert not missing, f"post_only routes without post_data: {missing}"


@pytest.fixture
def world(make_org, make_member):
    own = make_org("matrix-own")
    foreign = make_org("matrix-foreign")
    for org in (own, foreign):
        services.department_create(actor=None, organization=org, name="运维部", code="OPS")
        for populate in populators():
            populate(org)
    members = {role: make_member(own, [role], persona_username(role)) for role in Role.values}
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
    if SPECS[name].post_only:
        _posts_as_an_allowed_role(name, world)


def _capability(name: str, check: object) -> Capability:
    spec = SPECS[name]
    cap = CAPABILITIES.get(spec.capability or "") or capability_for(check)
    assert cap is not None, f"{name}: its view checks {check}, which the role model does not list"
    assert check is cap.function(), (
        f"{name}: the view checks {getattr(check, '__name__', check)}, the role model says {cap.name}"
    )
    return cap


def _answers_each_role_by_its_permission(name, world):
    own, foreign, members, _ = world
    spec = SPECS[name]
    url = _org_url(name, own, spec.kwargs(own))
    check = getattr(resolve(url).func, "org_permission", None)
    assert check is not None, f"{name} is under /o/<org>/ but does not use org_view"
    cap = _capability(name, check)
    for role, membership in members.items():
        client = _client(membership)
        allowed = cap.answer(membership.role_set)
        if spec.post_only:
            status = client.get(url).status_code
            assert status == 405, f"{name} GET as {role}: {status}"
            if not allowed:
                status = client.post(url, spec.post_data(own) if spec.post_data else {}).status_code
                assert status == 403, f"{name} POST as {role}: {status}, expected 403"
        else:
            status = client.get(url).status_code
            expected = ALLOWED if allowed else {403}
            if allowed and spec.sees_object is not None and not spec.sees_object(membership):
                expected = {404}
            assert status in expected, f"{name} as {role}: {status}, expected {expected}"


def _poster(name: str, world) -> Membership:
    """Who posts: the route's own poster, or the allowed persona holding the fewest capabilities."""
    own, _, members, _ = world
    spec = SPECS[name]
    if spec.post_as is not None:
        return spec.post_as(own)
    url = _org_url(name, own, spec.kwargs(own))
    cap = _capability(name, resolve(url).func.org_permission)
    allowed = [m for m in members.values() if cap.answer(m.role_set)]
    assert allowed, f"{name}: no role may post"

    def breadth(m: Membership) -> int:
        return sum(c.answer(m.role_set) for c in CAPABILITIES.values())

    return min(allowed, key=breadth)


def _posts_as_an_allowed_role(name, world):
    """Runs last: a valid POST changes the world the other checks read."""
    own, *_ = world
    spec = SPECS[name]
    assert spec.post_data is not None, f"{name}: a post_only route declares post_data"
    poster = _poster(name, world)
    data = spec.post_data(own)
    url = _org_url(name, own, spec.kwargs(own))
    status = _client(poster).post(url, data).status_code
    assert status not in NOT_A_POST_ANSWER and status < 500, (
        f"{name} POST {data} as {sorted(poster.role_set)}: {status}"
    )


def _hides_other_organizations(name, world):
    own, foreign, members, foreign_admin = world
    spec = SPECS[name]
    # The admin, unless the route's capability is one the admin does not hold (verifying a corrective
    # action is the internal auditor's alone): then a role that holds it, so the 404 is not a 403.
    cap = CAPABILITIES.get(spec.capability or "")
    role = next(
        (r for r in (Role.ORG_ADMIN, *Role.values) if cap is None or cap.answer([r])),
        Role.ORG_ADMIN,
    )
    admin = _client(members[role])
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
    if spec.answers is not None:
        assert anonymous.get(url).status_code in spec.answers
        assert _client(members[Role.ORG_ADMIN]).get(url).status_code in spec.answers
        return
    if spec.post_only:
        assert anonymous.get(url).status_code == 405
        poster = Client() if spec.public == "anonymous" else _client(members[Role.STAFF])
        status = poster.post(url, spec.post_data(own)).status_code
        assert status not in NOT_A_POST_ANSWER and status < 500, f"{name} POST: {status}"
        return
    status = anonymous.get(url).status_code
    if spec.public == "anonymous":
        assert status in ALLOWED, f"{name} anonymous: {status}"
    else:
        assert status == 302, f"{name} anonymous: {status}"
        if spec.user_check is None and spec.capability is None:
            assert _client(members[Role.STAFF]).get(url).status_code in ALLOWED
            return
        cap = CAPABILITIES[spec.capability] if spec.capability else capability_for(spec.user_check)
        assert cap is not None and cap.kind == "user", f"{name}: a user-level capability is needed"
        assert spec.user_check in (None, cap.function())
        for role, membership in members.items():
            # Each persona has one membership, with one role, and no staff flag.
            expected = ALLOWED if cap.answer(membership.role_set) else {403}
            status = _client(membership).get(url).status_code
            assert status in expected, f"{name} as {role}: {status}, expected {expected}"
