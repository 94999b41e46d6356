"""Document control's widget on the overview page: what waits for me, and what is due for review."""

from __future__ import annotations

from typing import Any

from itsms.core.dashboard import Widget, register_widget
from itsms.core.models import Membership

from . import permissions as p
from . import selectors


def documents_context(membership: Membership) -> dict[str, Any] | None:
    org = membership.organization
    return {
        "to_acknowledge": selectors.receipts_pending_for(org, membership.user).count(),
        "review_due": selectors.register(org, selectors.RegisterFilters(status=selectors.REVIEW_DUE)).count(),
        "released": selectors.register(org, selectors.RegisterFilters(status="released")).count(),
    }


def register_documents_widget() -> None:
    register_widget(
        Widget(
            "documents", "documents/widgets/summary.html", documents_context, p.can_view_documents, order=40
        )
    )
