from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import navigation as nav
from .notify import unread_count
from .permissions import can_use_api
from .selectors import memberships_for_user


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "current_org": getattr(request, "organization", None),
        "current_membership": membership,
        "nav_menu": nav.menu_for(membership) if membership is not None else [],
        "can_use_api": membership is not None and can_use_api(membership),
        "unread_notifications": unread_count(user, membership.organization) if membership is not None else 0,
        "my_memberships": list(memberships_for_user(user)),
    }
