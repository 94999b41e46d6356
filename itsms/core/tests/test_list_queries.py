"""The core area's list pages run the same, exact number of queries at N and 3N rows."""

from __future__ import annotations

import itertools

from django.urls import reverse

from itsms.core import notify, services
from itsms.core.models import Role
from itsms.core.tests.queries import assert_constant_queries

_n = itertools.count(1)


def _url(name: str, org) -> str:  # noqa: ANN001
    return reverse(f"core:{name}", kwargs={"org": org.slug})


def test_department_list(org, admin, client_for):
    def add(k: int) -> list[str]:
        parent = services.department_create(actor=None, organization=org, name=f"Parent{next(_n)}")
        names = [parent.name]
        for _ in range(k - 1):
            child = services.department_create(
                actor=None,
                organization=org,
                name=f"Child{next(_n)}",
                parent=parent,
                description="Runs things",
            )
            names.append(child.name)
        return names

    assert_constant_queries(client_for(admin), _url("department_list", org), add, 10)


def test_position_list(org, admin, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            dept = services.department_create(actor=None, organization=org, name=f"Dept{i}")
            services.position_create(actor=None, organization=org, name=f"Position{i}", department=dept)
            shown += [f"Position{i}", f"Dept{i}"]
        return shown

    assert_constant_queries(client_for(admin), _url("position_list", org), add, 10)


def test_member_list(org, admin, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            person = services.person_create(actor=None, organization=org, full_name=f"Person{i}")
            user = services.user_create(
                username=f"member{i}", email=f"member{i}@example.com", password="x" * 12, display_name="M"
            )
            services.membership_add(
                actor=None, organization=org, user=user, roles=[Role.STAFF, Role.WORKING_GROUP], person=person
            )
            shown += [f"member{i}@example.com", f"Person{i}"]
        return shown

    assert_constant_queries(client_for(admin), _url("member_list", org), add, 11)


def test_notification_list(org, staff, client_for):
    def add(k: int) -> list[str]:
        subjects = [f"Subject{next(_n)}" for _ in range(k)]
        for s in subjects:
            notify.notify(organization=org, recipients=[staff], subject=s, body="Body", url="/x/")
        return subjects

    assert_constant_queries(client_for(staff), _url("notification_list", org), add, 10)


def test_api_token_list(org, admin, make_member, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            services.api_token_create(actor=admin, organization=org, name=f"Mine{i}")
            other = make_member(org, [Role.STAFF], f"holder{i}").user
            services.api_token_create(actor=other, organization=org, name=f"Theirs{i}")
            shown += [f"Mine{i}", f"Theirs{i}", f"Holder{i}"]
        return shown

    assert_constant_queries(client_for(admin), _url("api_tokens", org), add, 11)
