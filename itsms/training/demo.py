"""Demo training records: kick-off, key-personnel and document-writing sessions held with attendance,
an assessed session with one failure, competence requirements and a half-confirmed awareness campaign.

Idempotent: each session is found by its title, each requirement by position and kind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from itsms.core.demo import DemoContext
from itsms.core.models import Position

from . import services
from .models import AwarenessCampaign, CompetenceRequirement, TrainingKind, TrainingSession

# title, kind, days ago, trainer, place, departments invited, employee numbers absent, scores or None
SESSIONS: list[tuple[str, str, int, str, str, list[str], list[str], dict[str, int] | None]] = [
    (
        "ISO/IEC 20000 体系建设动员会",
        TrainingKind.KICKOFF,
        60,
        "张顾问",
        "一楼大会议室",
        ["GM"],
        ["YL015"],
        None,
    ),
    (
        "ISO/IEC 20000 骨干培训",
        TrainingKind.KEY_PERSONNEL,
        50,
        "张顾问",
        "三楼培训室",
        ["QA", "OPS"],
        [],
        None,
    ),
    ("体系文件编写技能培训", TrainingKind.DOCUMENT_WRITING, 40, "张顾问", "三楼培训室", ["QA"], [], None),
    (
        "服务台事件处理岗位考核",
        TrainingKind.SPECIAL_POST,
        20,
        "孙伟",
        "服务台",
        ["SD"],
        [],
        {"YL008": 86, "YL009": 52},
    ),
]
# position, kind, topic, validity in months
REQUIREMENTS = [
    ("服务台坐席", TrainingKind.KICKOFF, "", None),
    ("服务台坐席", TrainingKind.SPECIAL_POST, "", 12),
    ("服务台主管", TrainingKind.KICKOFF, "", None),
    ("服务台主管", TrainingKind.SPECIAL_POST, "", 12),
    ("运维工程师", TrainingKind.KICKOFF, "", None),
    ("运维工程师", TrainingKind.JOB, "", 24),
    ("运维经理", TrainingKind.KEY_PERSONNEL, "", None),
    ("体系专员", TrainingKind.DOCUMENT_WRITING, "", None),
]
CAMPAIGN = ("服务管理方针与目标", "A/0")
# Logins that have confirmed; the agent, top management and the people without a login have not yet.
CONFIRMED = ["mr", "doccontrol", "admin", "deptmgr", "auditor", "staff"]


def _session(ctx: DemoContext, spec: tuple[Any, ...]) -> None:
    title, kind, days_ago, trainer, place, departments, absent, scores = spec
    org = ctx.organization
    if TrainingSession.objects.filter(organization=org, title=title).exists():
        return
    starts_at = (timezone.now() - dt.timedelta(days=days_ago)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    session = services.session_create(
        actor=None,
        organization=org,
        kind=kind,
        title=title,
        trainer=trainer,
        place=place,
        starts_at=starts_at,
        purpose=str(TrainingKind(kind).label),
        has_assessment=scores is not None,
        pass_mark=60 if scores is not None else None,
    )
    invited = services.session_invite(
        actor=None, organization=org, session=session, departments=[ctx.departments[c] for c in departments]
    )
    for person in invited:
        if person.employee_no in absent:
            continue
        score = scores.get(person.employee_no) if scores is not None else None
        if scores is not None and score is None:
            continue
        services.attendance_record(
            actor=None, organization=org, session=session, person=person, present=True, score=score
        )
    session = services.session_transition(actor=None, organization=org, session=session, target="held")
    services.session_transition(actor=None, organization=org, session=session, target="closed")


def seed(ctx: DemoContext) -> None:
    org = ctx.organization
    for spec in SESSIONS:
        _session(ctx, spec)
    for position_name, kind, topic, validity in REQUIREMENTS:
        position = Position.objects.filter(organization=org, name=position_name).first()
        if (
            position is None
            or CompetenceRequirement.objects.filter(position=position, kind=kind, topic=topic).exists()
        ):
            continue
        services.requirement_create(
            actor=None, organization=org, position=position, kind=kind, topic=topic, validity_months=validity
        )
    title, version = CAMPAIGN
    campaign = AwarenessCampaign.objects.filter(organization=org, title=title, version=version).first()
    if campaign is None:
        campaign = services.campaign_create(
            actor=None,
            organization=org,
            title=title,
            version=version,
            message="请阅读公司服务管理方针与服务管理目标，并确认已理解。",
        )
    for username in CONFIRMED:
        user = ctx.users.get(username)
        if user is not None:
            # The service returns the existing confirmation when there is one.
            services.awareness_confirm(actor=user, organization=org, campaign=campaign)
