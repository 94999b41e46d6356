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
