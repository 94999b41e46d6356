"""The competence matrix page and its XLSX export job with 500 people × 30 required trainings.

Sessions, requirements and people are made through the services; the 7,500 attendance rows are
bulk-inserted, because recording them one by one through the service (with an audit entry each) would
only measure the set-up.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from itsms.core import services as core
from itsms.core.models import Organization, Role, User
from itsms.training import services
from itsms.training.models import Attendance, TrainingKind, TrainingStatus

from .timing import percentiles

PEOPLE = 500
TRAININGS = 30
POSITIONS = 5


def run() -> dict[str, object]:
    org = Organization.objects.filter(slug="bench-training").first() or core.organization_create(
        actor=None, slug="bench-training", name_zh="基准培训", name_en="Bench training"
    )
    dept = core.department_create(actor=None, organization=org, name="运维部")
    positions = [
        core.position_create(actor=None, organization=org, name=f"岗位{i}", department=dept)
        for i in range(POSITIONS)
    ]
    kinds = TrainingKind.values
    topics = [(kinds[i % len(kinds)], f"topic{i:02d}") for i in range(TRAININGS)]
    for position in positions:
        for n, (kind, topic) in enumerate(topics):
            services.requirement_create(
                actor=None,
                organization=org,
                position=position,
                kind=kind,
                topic=topic,
                validity_months=12 if n % 3 == 0 else None,
            )
    people = [
        core.person_create(
            actor=None,
            organization=org,
            full_name=f"员工{i:04d}",
            department=dept,
            position=positions[i % POSITIONS],
        )
        for i in range(PEOPLE)
    ]
    start = timezone.now() - dt.timedelta(days=500)
    for n, (kind, topic) in enumerate(topics):
        session = services.session_create(
            actor=None,
            organization=org,
            kind=kind,
            topic=topic,
            title=f"培训{n:02d}",
            starts_at=start + dt.timedelta(days=n * 15),
            has_assessment=n % 5 == 0,
            pass_mark=60 if n % 5 == 0 else None,
        )
        Attendance.objects.bulk_create(
            [
                Attendance(
                    organization=org,
                    session=session,
                    person=p,
                    invited=True,
                    present=True,
                    score=(40 + i % 60) if session.has_assessment else None,
                    passed=(40 + i % 60 >= 60) if session.has_assessment else None,
                )
                for i, p in enumerate(people)
                if (i + n) % 2 == 0
            ]
        )
        services.session_transition(actor=None, organization=org, session=session, target=TrainingStatus.HELD)
    user = User.objects.filter(username="bench-trainer").first() or core.user_create(
        username="bench-trainer", email="trainer@example.com", password="bench-password-2026"
    )
    core.membership_add(actor=None, organization=org, user=user, roles=[Role.ORG_ADMIN])
    client = Client()
    client.force_login(user)
    base = f"/o/{org.slug}/training"
    figures: dict[str, object] = {
        "people": PEOPLE,
        "trainings": TRAININGS,
        "attendance_rows": Attendance.objects.filter(organization=org).count(),
    }
    figures["matrix_page_first_100"] = percentiles(lambda: client.get(f"{base}/competence/"))
    figures["matrix_page_last"] = percentiles(lambda: client.get(f"{base}/competence/?page=5"))
    # The export is a background job; with the immediate task backend the POST returns once it is done.
    export_url = f"/o/{org.slug}/exports/start/training.matrix/"
    figures["matrix_xlsx_all_500"] = percentiles(
        lambda: client.post(export_url, {"format": "xlsx"}), repeat=10
    )
    return figures
