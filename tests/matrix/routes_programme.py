import datetime as dt

from itsms.core.models import Organization
from itsms.programme import services
from itsms.programme.models import Programme, Task

from .spec import RouteSpec


def populate(org: Organization) -> None:
    if not Programme.objects.filter(organization=org).exists():
        services.programme_start(actor=None, organization=org, start_date=dt.date(2026, 3, 2))


def _task(org: Organization) -> dict[str, int]:
    return {"pk": Task.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]}


ROUTES: dict[str, RouteSpec] = {
    "programme:overview": RouteSpec(),
    "programme:start": RouteSpec(post_only=True),
    "programme:timeline": RouteSpec(),
    "programme:my_tasks": RouteSpec(),
    "programme:task_detail": RouteSpec(kwargs=_task),
    "programme:task_edit": RouteSpec(kwargs=_task),
    "programme:task_status": RouteSpec(kwargs=_task, post_only=True),
    "programme:plan_edit": RouteSpec(),
    "programme:readiness": RouteSpec(),
    "programme:template_list": RouteSpec(),
}
