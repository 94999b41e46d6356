"""The corrective-action widget on the overview page: open nonconformities and overdue actions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from itsms.core.dashboard import Widget, register_widget
from itsms.core.models import Membership

from .models import Nonconformity, NonconformityStatus
from .permissions import can_view_nonconformities
from .selectors import local_today


def corrective_actions_context(membership: Membership) -> dict[str, Any] | None:
    org = membership.organization
    row = Nonconformity.objects.filter(organization=org).aggregate(
        open=Count("pk", filter=~Q(status=NonconformityStatus.CLOSED)),
        overdue=Count(
            "pk",
            filter=Q(status=NonconformityStatus.ACTION_PLANNED, action_due__lt=local_today(org)),
        ),
    )
    if not row["open"]:
        return None
    return {"open": row["open"], "overdue": row["overdue"]}


def register_corrective_actions_widget() -> None:
    register_widget(
        Widget(
            "corrective_actions",
            "audits/widgets/corrective_actions.html",
            corrective_actions_context,
            can_view_nonconformities,
            order=45,
        )
    )
