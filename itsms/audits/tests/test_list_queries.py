"""The nonconformity register over the API runs the same, exact number of queries at N and 3N rows."""

from __future__ import annotations

import itertools

from itsms.audits import services
from itsms.catalogue.models import Requirement
from itsms.core import services as core
from itsms.core.tests.queries import api_client, assert_constant_queries

_n = itertools.count(1)


def test_api_nonconformities(org, admin, iso20000):
    requirements = iter(Requirement.objects.filter(clause__standard=iso20000).order_by("pk"))

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            requirement = next(requirements)
            nc = services.nonconformity_raise(
                actor=None,
                organization=org,
                source="internal_audit",
                statement=f"Statement{i}",
                department=core.department_create(actor=None, organization=org, name=f"Dept{i}"),
                requirement=requirement,
            )
            shown += [nc.number, f'"requirement_urn": "{requirement.urn}"']
        return shown

    url = f"/api/v1/o/{org.slug}/nonconformities"
    assert_constant_queries(api_client(admin, org), url, add, 3)


def test_register_page_with_planned_actions(org, admin, client_for):
    """Rows with an owner and a due date (some overdue) cost no query per row."""
    import datetime as dt

    from django.urls import reverse

    from itsms.audits.models import Nonconformity

    owner = core.person_create(actor=None, organization=org, full_name="赵六")

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            nc = services.nonconformity_raise(
                actor=None, organization=org, source="incident", statement=f"Statement{next(_n)}"
            )
            services.nonconformity_record_correction(
                actor=None, organization=org, nonconformity=nc, correction="c"
            )
            services.nonconformity_analyse_cause(
                actor=None,
                organization=org,
                nonconformity=nc,
                why_chain=[("w", "b")],
                cause_category="process",
                root_cause="r",
            )
            services.nonconformity_plan_action(
                actor=None, organization=org, nonconformity=nc, plan="p", owner=owner, due=dt.date(2099, 1, 1)
            )
            Nonconformity.objects.filter(pk=nc.pk).update(action_due=dt.date(2020, 1, 1))
            shown.append(nc.number)
        return shown

    url = reverse("audits:nonconformity_list", kwargs={"org": org.slug})
    body = assert_constant_queries(client_for(admin), url, add, 12)
    assert body.count('class="badge text-bg-danger nc-overdue"') == 9
