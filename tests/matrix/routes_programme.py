import datetime as dt

from itsms.core.models import Organization
from itsms.programme import services
from itsms.programme.models import Programme, Task

from .spec import RouteSpec, persona


def populate(org: Organization) -> None:
    if not Programme.objects.filter(organization=org).exists():
        services.programme_start(actor=None, organization=org, start_date=dt.date(2026, 3, 2))


def _task(org: Organization) -> dict[str, int]:
    return {"pk": Task.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]}


ROUTES: dict[str, RouteSpec] = {
    "programme:overview": RouteSpec(capability="can_view_programme"),
    "programme:start": RouteSpec(
        capability="can_manage_programme", post_only=True, post_data=lambda org: {"start_date": "2026-03-02"}
    ),
    "programme:timeline": RouteSpec(capability="can_view_programme"),
    "programme:my_tasks": RouteSpec(capability="can_view_programme"),
    "programme:task_detail": RouteSpec(capability="can_view_programme", kwargs=_task),
    "programme:task_edit": RouteSpec(capability="can_manage_programme", kwargs=_task),
    "programme:task_status": RouteSpec(
        capability="can_view_programme",
        kwargs=_task,
        post_only=True,
        post_as=persona("working_group"),
        post_data=lambda org: {"status": "in_progress", "note": "矩阵"},
    ),
    "programme:plan_edit": RouteSpec(capability="can_manage_programme"),
    "programme:readiness": RouteSpec(capability="can_view_programme"),
    "programme:template_list": RouteSpec(capability="can_manage_programme"),
}
