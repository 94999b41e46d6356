"""The programme's widget on the organization's overview page."""

from __future__ import annotations

from typing import Any

from itsms.core.dashboard import Widget, register_widget
from itsms.core.models import Membership

from . import permissions as p
from . import selectors

CLOSED = ("done", "skipped")


def progress_context(membership: Membership) -> dict[str, Any] | None:
    roadmap = selectors.roadmap(membership.organization)
    if roadmap is None:
        return {"roadmap": None}
    tasks = roadmap.tasks
    done = sum(1 for t in tasks if getattr(t, "effective_status", t.status) in CLOSED)
    mine = [
        t
        for t in tasks
        if t.owner_id
        and t.owner_id == membership.person_id
        and getattr(t, "effective_status", t.status) not in CLOSED
    ]
    return {
        "roadmap": roadmap,
        "percent": round(100 * done / len(tasks)) if tasks else 0,
        "overdue": len(roadmap.overdue),
        "mine": len(mine),
    }


def register_programme_widget() -> None:
    register_widget(
        Widget(
            "programme", "programme/widgets/progress.html", progress_context, p.can_view_programme, order=10
        )
    )
