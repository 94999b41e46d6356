"""The programme's list pages and API list run the same, exact number of queries at N and 3N rows."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itsms.core import services as core
from itsms.core.models import Organization, Person, Role
from itsms.core.tests.queries import api_client, assert_constant_queries
from itsms.programme import services
from itsms.programme.models import Task
from itsms.programme.selectors import automatic_keys

START = dt.date(2026, 3, 2)
_n = itertools.count(1)


def _url(name: str, org: Organization) -> str:
    return reverse(f"programme:{name}", kwargs={"org": org.slug})


def _person(org: Organization) -> Person:
    return core.person_create(actor=None, organization=org, full_name=f"Owner{next(_n)}")


def _tasks(org: Organization, *, manual: bool = False) -> Iterator[Task]:
    """The started programme's tasks, one at a time, to give owners to; `manual`: those without milestones
    (each distinct milestone key costs one aggregate query, whatever the number of tasks)."""
    services.programme_start(actor=None, organization=org, start_date=START)
    tasks = Task.objects.filter(organization=org).order_by("order", "pk")
    return iter([t for t in tasks if not (manual and automatic_keys(t))])


def test_template_list(org, admin, client_for):
    def add(k: int) -> list[str]:
        names = [f"Template{next(_n)}" for _ in range(k)]
        for name in names:
            text = (
                f"format: itsms-programme-template\nname: {name}\nphases:\n  - code: '1'\n    title: One\n"
                "    tasks:\n      - code: '1.1'\n        title: A\n        duration_days: 3\n"
            )
            services.template_upload(
                actor=None, organization=org, upload=SimpleUploadedFile("t.yaml", text.encode())
            )
        return names

    assert_constant_queries(client_for(admin), _url("template_list", org), add, 10)


def test_my_tasks(org, make_member, client_for):
    member = make_member(org, [Role.WORKING_GROUP], "worker")
    member.person = _person(org)
    member.save(update_fields=["person"])
    tasks = _tasks(org, manual=True)
    # One task that follows the records, at both sizes: its milestone is looked up once.
    followed = next(t for t in Task.objects.filter(organization=org) if automatic_keys(t))
    services.task_update(actor=None, organization=org, task=followed, owner=member.person)

    def add(k: int) -> list[str]:
        mine = [next(tasks) for _ in range(k)]
        for task in mine:
            services.task_update(actor=None, organization=org, task=task, owner=member.person)
        next(tasks)  # somebody else's task, not listed
        return [f'data-task="{t.code}"' for t in [followed, *mine]]

    body = assert_constant_queries(client_for(member.user), _url("my_tasks", org), add, 11)
    assert body.count("data-task=") == 1 + 9


def test_api_tasks(org, admin):
    tasks = _tasks(org)

    def add(k: int) -> list[str]:
        shown = []
        for task in [next(tasks) for _ in range(k)]:
            owner = _person(org)
            services.task_update(actor=None, organization=org, task=task, owner=owner)
            shown.append(f'"owner": "{owner.full_name}"')
        return shown

    body = assert_constant_queries(api_client(admin, org), f"/api/v1/o/{org.slug}/programme/tasks", add, 26)
    assert body.count('"code"') == Task.objects.filter(organization=org).count()
