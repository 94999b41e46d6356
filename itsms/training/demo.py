"""Demo training records, dated: the kick-off meeting on day 1 of the project (all staff), key-personnel
training in week 2, document-writing training in week 7, an assessed special-post session during the trial
run with one failure; competence requirements; the awareness campaign on the policy and objectives at the
start of the trial run, confirmed by most people over the following days.

Each session is planned a week ahead by the system administrator, people with a login sign themselves in
when it starts, the organizer records the others, marks it held when it ends and closes it the next working
day. Idempotent: no step is added once the kick-off session exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from itsms.core.demo import DemoContext
from itsms.core.demo_clock import Timeline
from itsms.core.models import Position

from . import services
from .models import AwarenessCampaign, TrainingKind, TrainingSession

# title, kind, project day, trainer, place, departments invited, employee numbers absent, scores or None
SESSIONS: list[tuple[str, str, int, str, str, list[str], list[str], dict[str, int] | None]] = [
    (
        "ISO/IEC 20000 体系建设动员会",
        TrainingKind.KICKOFF,
        0,
        "张顾问",
        "一楼大会议室",
        ["GM"],
        ["YL015"],
        None,
    ),
    (
        "ISO/IEC 20000 骨干培训",
        TrainingKind.KEY_PERSONNEL,
        9,
        "张顾问",
        "三楼培训室",
        ["QA", "OPS"],
        [],
        None,
    ),
    ("体系文件编写技能培训", TrainingKind.DOCUMENT_WRITING, 45, "张顾问", "三楼培训室", ["QA"], [], None),
    (
        "服务台事件处理岗位考核",
        TrainingKind.SPECIAL_POST,
        200,
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


def _session_steps(ctx: DemoContext, timeline: Timeline, spec: tuple[Any, ...]) -> None:
    title, kind, day, trainer, place, departments, absent, scores = spec
    org = ctx.organization
    organizer = ctx.users.get("admin")
    hour = 14 if kind == TrainingKind.KICKOFF else 9
    starts_at = timeline.work(day, hour)
    offset = (starts_at.date() - timeline.start).days
    state: dict[str, Any] = {}

    def plan() -> None:
        session = services.session_create(
            actor=organizer,
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
        state["session"] = session
        state["invited"] = services.session_invite(
            actor=organizer,
            organization=org,
            session=session,
            departments=[ctx.departments[c] for c in departments],
        )

    def present(person: Any) -> bool:
        return person.employee_no not in absent and (scores is None or person.employee_no in scores)

    def sign_in() -> None:
        for person in state["invited"]:
            user = getattr(getattr(person, "membership", None), "user", None)
            if user is not None and present(person) and scores is None:
                try:
                    services.attendance_sign_in(actor=user, organization=org, session=state["session"])
                except ValidationError:
                    continue  # not allowed to sign in themself: the organizer records them

    def record_and_hold() -> None:
        session = state["session"]
        for person in state["invited"]:
            if not present(person):
                continue
            if scores is None and session.attendances.filter(person=person, present=True).exists():
                continue
            services.attendance_record(
                actor=organizer,
                organization=org,
                session=session,
                person=person,
                present=True,
                score=scores.get(person.employee_no) if scores is not None else None,
            )
        state["session"] = services.session_transition(
            actor=organizer, organization=org, session=session, target="held"
        )

    def close() -> None:
        services.session_transition(
            actor=organizer, organization=org, session=state["session"], target="closed"
        )

    timeline.add(timeline.work(offset - 7, 10), f"training: {title} planned", plan)
    timeline.add(starts_at + dt.timedelta(minutes=2), f"training: {title} sign-in", sign_in)
    timeline.add(starts_at + dt.timedelta(minutes=125), f"training: {title} held", record_and_hold)
    timeline.add(timeline.work(offset + 1, 10), f"training: {title} closed", close)


def steps(ctx: DemoContext, timeline: Timeline) -> None:
    org = ctx.organization
    if TrainingSession.objects.filter(organization=org, title=SESSIONS[0][0]).exists():
        return
    admin = ctx.users.get("admin")
    for spec in SESSIONS:
        _session_steps(ctx, timeline, spec)

    def requirements() -> None:
        for position_name, kind, topic, validity in REQUIREMENTS:
            position = Position.objects.filter(organization=org, name=position_name).first()
            if position is not None:
                services.requirement_create(
                    actor=admin,
                    organization=org,
                    position=position,
                    kind=kind,
                    topic=topic,
                    validity_months=validity,
                )

    state: dict[str, AwarenessCampaign] = {}

    def campaign() -> None:
        title, version = CAMPAIGN
        state["c"] = services.campaign_create(
            actor=ctx.users.get("mr"),
            organization=org,
            title=title,
            version=version,
            message="请阅读公司服务管理方针与服务管理目标，并确认已理解。",
        )

    def confirm(username: str) -> None:
        user = ctx.users.get(username)
        if user is not None:
            services.awareness_confirm(actor=user, organization=org, campaign=state["c"])

    timeline.add(timeline.work(66, 15), "training: competence requirements", requirements)
    timeline.add(timeline.work(180, 9), "training: awareness campaign", campaign)
    for i, username in enumerate(CONFIRMED):
        timeline.add(
            timeline.work(180 + i // 2, 10 + i),
            f"training: {username} confirms",
            lambda u=username: confirm(u),  # type: ignore[misc]
        )
