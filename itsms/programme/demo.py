"""Demo programme, dated: started by the management representative on the kick-off day (month 0); the
tasks of each phase are marked done by her when the phase ended, 1.5.4 (drafting) under way, a plan with
the formal operation (trial run) from month 6 and the certification targets ahead.

Tasks that follow records (milestones of installed areas) are left to those records. Idempotent: no step
is added once the programme exists.
"""

from __future__ import annotations

import datetime as dt

from itsms.core.demo import DemoContext
from itsms.core.demo_clock import Timeline

from . import services
from .models import Programme, Task, TaskStatus
from .selectors import automatic_keys

# Phase -> project day its manual tasks were done.
DONE_PHASES = {"1.1": 45, "1.2": 4, "1.3": 43, "1.4": 68}
NOTES = {
    "1.1": "三场培训已实施，签到记录见培训模块。",
    "1.2": "委员会与工作组已成立，成员名单见组织模块。",
    "1.3": "诊断报告已签署发布。",
    "1.4": "方针、范围、目标、风险与职责分配已确定。",
}
DRAFTING_DAY = 80
OPERATING_DAY = 182


def steps(ctx: DemoContext, timeline: Timeline) -> None:
    org = ctx.organization
    if Programme.objects.filter(organization=org).exists():
        return
    actor = ctx.users.get("mr")

    def start() -> None:
        programme = services.programme_start(actor=actor, organization=org, start_date=timeline.day(0))
        services.plan_update(
            actor=actor,
            organization=org,
            programme=programme,
            operating_since=timeline.work(OPERATING_DAY).date(),
            preaudit_target=timeline.today + dt.timedelta(days=20),
            stage1_target=timeline.today + dt.timedelta(days=40),
            stage2_target=timeline.today + dt.timedelta(days=60),
        )

    def finish(phase: str) -> None:
        for task in Task.objects.filter(organization=org, phase__code=phase).order_by("order"):
            if not automatic_keys(task) and task.status != TaskStatus.DONE:
                services.task_set_status(
                    actor=actor,
                    organization=org,
                    task=task,
                    status=TaskStatus.DONE,
                    note=NOTES.get(phase, "已完成"),
                )
        services.programme_milestones_sync(organization=org)

    def drafting() -> None:
        task = Task.objects.filter(organization=org, code="1.5.4").first()
        if task is not None and not automatic_keys(task):
            services.task_set_status(actor=actor, organization=org, task=task, status=TaskStatus.IN_PROGRESS)
        services.programme_milestones_sync(organization=org)

    timeline.add(timeline.work(0, 8, 45), "programme: started", start)
    for phase, day in DONE_PHASES.items():
        timeline.add(timeline.work(day, 17, 30), f"programme: phase {phase} done", lambda p=phase: finish(p))  # type: ignore[misc]
    timeline.add(timeline.work(DRAFTING_DAY, 17, 30), "programme: drafting under way", drafting)
    timeline.add(
        timeline.work(OPERATING_DAY, 17, 40),
        "programme: milestones",
        lambda: services.programme_milestones_sync(organization=org),
    )
