"""The programme timeline and readiness page with the full method template and ~2,000 evidence records."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from itsms.catalogue.services import builtin_library_ensure
from itsms.core import services
from itsms.core.models import Organization, Role, User
from itsms.organization import services as design
from itsms.organization.models import ContextIssue, InterestedParty, Objective, Risk
from itsms.programme import services as programme

from .timing import percentiles

RECORDS = 2_000


def run() -> dict[str, object]:
    builtin_library_ensure("iso-iec-20000-1-2018.yaml")
    org = Organization.objects.filter(slug="bench-prog").first() or services.organization_create(
        actor=None, slug="bench-prog", name_zh="基准项目", name_en="Bench programme"
    )
    person = services.person_create(actor=None, organization=org, full_name="负责人")
    programme.programme_start(actor=None, organization=org, start_date=dt.date(2026, 1, 5))
    objective = design.record_create(
        actor=None,
        organization=org,
        model=Objective,
        title="SLA",
        target=95,
        owner=person,
        method="m",
        frequency="monthly",
    )
    per_kind = RECORDS // 4
    for i in range(per_kind):
        design.record_create(actor=None, organization=org, model=ContextIssue, kind="internal", title=f"I{i}")
        design.record_create(
            actor=None, organization=org, model=InterestedParty, name=f"P{i}", requirements="r"
        )
        design.record_create(
            actor=None,
            organization=org,
            model=Risk,
            title=f"R{i}",
            likelihood=2,
            impact=3,
            treatment="t",
            owner=person,
            review_date=dt.date(2026, 6, 1),
        )
        design.objective_result_add(
            actor=None,
            organization=org,
            objective=objective,
            period_end=dt.date(2020, 1, 1) + dt.timedelta(days=i),
            value=96,
        )
    user = User.objects.filter(username="bench-prog").first() or services.user_create(
        username="bench-prog", email="bench-prog@example.com", password="bench-password-2026"
    )
    services.membership_add(actor=None, organization=org, user=user, roles=[Role.ORG_ADMIN])
    client = Client()
    client.force_login(user)
    return {
        "tasks": 31,
        "evidence_records": per_kind * 4,
        "timeline": percentiles(lambda: client.get(f"/o/{org.slug}/programme/timeline/")),
        "readiness": percentiles(lambda: client.get(f"/o/{org.slug}/programme/readiness/")),
        "overview": percentiles(lambda: client.get(f"/o/{org.slug}/programme/")),
    }
