"""The system design's list pages and API lists run the same, exact number of queries at N and 3N rows."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import reverse

from itsms.core import services as core
from itsms.core.models import Organization, Person, Role
from itsms.core.tests.queries import api_client, assert_constant_queries
from itsms.organization import services
from itsms.organization.models import ContextIssue, GroupKind, InterestedParty, Objective, Risk

_n = itertools.count(1)


def _url(name: str, org: Organization, **kwargs: object) -> str:
    return reverse(f"organization:{name}", kwargs={"org": org.slug, **kwargs})


def _api(org: Organization, path: str) -> str:
    return f"/api/v1/o/{org.slug}/design/{path}"


def _person(org: Organization, prefix: str = "Owner") -> Person:
    i = next(_n)
    dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
    pos = core.position_create(actor=None, organization=org, name=f"Position{i}", department=dept)
    return core.person_create(
        actor=None, organization=org, full_name=f"{prefix}{i}", department=dept, position=pos
    )


def _issues(org: Organization) -> Callable[[int], list[str]]:
    def add(k: int) -> list[str]:
        titles = [f"Issue{next(_n)}" for _ in range(k)]
        for i, t in enumerate(titles):
            kind = "internal" if i % 2 else "external"
            services.record_create(actor=None, organization=org, model=ContextIssue, kind=kind, title=t)
        return titles

    return add


def _parties(org: Organization) -> Callable[[int], list[str]]:
    def add(k: int) -> list[str]:
        names = [f"Party{next(_n)}" for _ in range(k)]
        for name in names:
            services.record_create(
                actor=None, organization=org, model=InterestedParty, name=name, requirements="Availability"
            )
        return names

    return add


def _risks(org: Organization, *, owners: bool = True) -> Callable[[int], list[str]]:
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            owner = _person(org)
            title = f"Risk{next(_n)}"
            services.record_create(
                actor=None,
                organization=org,
                model=Risk,
                kind="risk",
                title=title,
                likelihood=4,
                impact=4,
                treatment="Mitigate",
                owner=owner,
                review_date=dt.date(2026, 6, 1),
            )
            shown += [title, owner.full_name] if owners else [title]
        return shown

    return add


def _objectives(org: Organization, *, owners: bool = True) -> Callable[[int], list[str]]:
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            owner = _person(org)
            title = f"Objective{next(_n)}"
            objective = services.record_create(
                actor=None,
                organization=org,
                model=Objective,
                title=title,
                target=Decimal("99.5"),
                unit="%",
                higher_is_better=True,
                owner=owner,
                method="Monitoring",
                frequency="monthly",
            )
            for month, value in ((1, "99.10"), (2, "99.70")):
                services.objective_result_add(
                    actor=None,
                    organization=org,
                    objective=objective,
                    period_end=dt.date(2026, month, 28),
                    value=Decimal(value),
                )
            shown += [title, owner.full_name, "99.70"] if owners else [title, "99.70"]
        return shown

    return add


@pytest.fixture
def top(org, make_member):  # noqa: ANN001, ANN201
    m = make_member(org, [Role.TOP_MANAGEMENT], "boss")
    m.person = _person(org, "Boss")
    m.save(update_fields=["person"])
    return m


def test_appointment_list(org, admin, top, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            appointee = _person(org, "Rep")
            a = services.appointment_create(
                actor=None,
                organization=org,
                appointee=appointee,
                appointed_by=top.person,
                duties="Run the SMS",
            )
            shown += [a.number, appointee.full_name, top.person.full_name]
        return shown

    assert_constant_queries(client_for(admin), _url("appointment_list", org), add, 10)


def test_context_issue_list(org, admin, client_for):
    assert_constant_queries(client_for(admin), _url("contextissue_list", org), _issues(org), 10)


def test_interested_party_list(org, admin, client_for):
    assert_constant_queries(client_for(admin), _url("interestedparty_list", org), _parties(org), 10)


def test_risk_list(org, admin, client_for):
    assert_constant_queries(client_for(admin), _url("risk_list", org), _risks(org), 10)


def test_objective_list(org, admin, client_for):
    assert_constant_queries(client_for(admin), _url("objective_list", org), _objectives(org), 11)


def test_group_members(org, admin, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            person = _person(org, "Member")
            services.group_member_add(
                actor=None,
                organization=org,
                kind=GroupKind.WORKING_GROUP,
                person=person,
                role_in_group="writer",
            )
            shown += [person.full_name, str(person.department), str(person.position)]
        return shown

    url = _url("group", org, kind=GroupKind.WORKING_GROUP)
    assert_constant_queries(client_for(admin), url, add, 12)


def test_api_context_issues(org, admin):
    assert_constant_queries(api_client(admin, org), _api(org, "context-issues"), _issues(org), 3)


def test_api_interested_parties(org, admin):
    assert_constant_queries(api_client(admin, org), _api(org, "interested-parties"), _parties(org), 3)


def test_api_risks(org, admin):
    assert_constant_queries(api_client(admin, org), _api(org, "risks"), _risks(org, owners=False), 3)


def test_api_objectives(org, admin):
    add = _objectives(org, owners=False)
    assert_constant_queries(api_client(admin, org), _api(org, "objectives"), add, 4)


def test_policy_versions(org, admin, top, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            text = f"Policy text {next(_n)}"
            policy = services.policy_create(actor=None, organization=org, text=text, signer=top.person)
            services.policy_sign(actor=top.user, organization=org, policy=policy)
            shown += [text, f'data-version="{policy.version}"']
        return shown

    body = assert_constant_queries(client_for(admin), _url("policy", org), add, 10)
    assert body.count(f"signed by {top.person.full_name} · released") == 9


def test_scope_versions(org, admin, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            units = [
                core.department_create(actor=None, organization=org, name=f"Unit{i}-{j}") for j in range(2)
            ]
            services.scope_create(
                actor=None,
                organization=org,
                services=f"Services{i}",
                locations="Chongqing",
                statement=f"Statement{i}",
                units=units,
            )
            shown += [f"Statement{i}", f"Unit{i}-0, Unit{i}-1"]
        return shown

    assert_constant_queries(client_for(admin), _url("scope", org), add, 11)


def test_raci_matrix(org, admin, iso20000, client_for):
    from itsms.organization.selectors import iso_requirements

    requirements = list(iso_requirements("4"))

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            dept = core.department_create(actor=None, organization=org, name=f"Dept{next(_n)}")
            services.raci_set(
                actor=None, organization=org, cells={(dept.pk, r.pk): "R" for r in requirements}
            )
            shown.append(dept.name)
        return shown

    body = assert_constant_queries(client_for(admin), _url("raci", org) + "?clause=4", add, 13)
    assert body.count("<option selected>R</option>") == 9 * len(requirements)


def test_objective_results(org, admin, client_for):
    owner = _person(org)
    objective = services.record_create(
        actor=None,
        organization=org,
        model=Objective,
        title="Availability",
        target=Decimal("99.5"),
        unit="%",
        higher_is_better=True,
        owner=owner,
        method="Monitoring",
        frequency="monthly",
    )
    months = iter(range(1, 13))

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            period_end = dt.date(2026, next(months), 28)
            services.objective_result_add(
                actor=None,
                organization=org,
                objective=objective,
                period_end=period_end,
                value=Decimal("99.60"),
            )
            shown.append(f"<td>{period_end.isoformat()}</td>")
        return shown

    url = _url("objective_detail", org, pk=objective.pk)
    body = assert_constant_queries(client_for(admin), url, add, 11)
    assert owner.full_name in body


def test_raci_coverage(org, admin, iso20000, client_for):
    from itsms.organization.selectors import iso_requirements

    requirements = list(iso_requirements("4"))

    def add(k: int) -> list[str]:
        names = []
        for _ in range(k):
            dept = core.department_create(actor=None, organization=org, name=f"Dept{next(_n)}")
            # Every department accountable for the first requirement: several accountable, and handoffs.
            services.raci_set(actor=None, organization=org, cells={(dept.pk, requirements[0].pk): "A"})
            names.append(dept.name)
        return names

    assert_constant_queries(client_for(admin), _url("raci_coverage", org), add, 13)
