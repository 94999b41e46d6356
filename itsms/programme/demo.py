"""Demo programme: phases 1.1, 1.2 and 1.4 done, 1.5 under way, a certification plan.

Tasks that follow records (milestones of installed areas) are left to those records; the others are
marked done by the system with a note. Idempotent: nothing happens once the programme exists.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from itsms.core.demo import DemoContext

from . import services
from .models import Programme, Task, TaskStatus
from .selectors import automatic_keys

DONE_PHASES = ("1.1", "1.2", "1.3", "1.4")


def seed(ctx: DemoContext) -> None:
    org = ctx.organization
    if Programme.objects.filter(organization=org).exists():
        return
    start = timezone.localdate() - dt.timedelta(days=75)
    programme = services.programme_start(actor=None, organization=org, start_date=start)
    services.plan_update(
        actor=None,
        organization=org,
        programme=programme,
        operating_since=start + dt.timedelta(days=125),
        preaudit_target=start + dt.timedelta(days=260),
        stage1_target=start + dt.timedelta(days=280),
        stage2_target=start + dt.timedelta(days=300),
    )
    for task in Task.objects.filter(organization=org).select_related("phase").order_by("order"):
        if automatic_keys(task):
            continue
        if task.phase.code in DONE_PHASES:
            services.task_set_status(
                actor=None, organization=org, task=task, status=TaskStatus.DONE, note="演示数据：已完成"
            )
        elif task.code == "1.5.4":
            services.task_set_status(actor=None, organization=org, task=task, status=TaskStatus.IN_PROGRESS)
    services.programme_milestones_sync(organization=org)
