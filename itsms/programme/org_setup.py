"""The programme as a new organization's starter: the consultant picks the method's template (built in, or
one they uploaded in an organization where they manage the programme) on the "create organization" page."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itsms.core.models import Organization, User, current_memberships_q
from itsms.core.org_setup import Starter, register_starter

from . import services, template_data
from .models import ProgrammeTemplate
from .permissions import PROGRAMME_MANAGERS

BUILTIN = "builtin"
NONE = "none"


def _own_templates(user: User) -> list[ProgrammeTemplate]:
    return list(
        ProgrammeTemplate.objects.filter(
            organization__memberships__in=user.memberships.filter(
                current_memberships_q(), roles__role__in=PROGRAMME_MANAGERS
            )
        )
        .select_related("organization")
        .defer("source")
        .distinct()
        .order_by("-created_at")[:50]
    )


def choices(user: User) -> list[tuple[str, str]]:
    result = [(BUILTIN, _("The method's template (built in)"))]
    for t in _own_templates(user):
        result.append((str(t.pk), f"{t.name} ({t.organization.slug})"))
    result.append((NONE, _("No programme yet (start it later)")))
    return result


def start(user: User, organization: Organization, choice: str, start_date: dt.date) -> object:
    if choice == NONE:
        return None
    data = None
    if choice != BUILTIN:
        allowed = {str(t.pk): t for t in _own_templates(user)}
        if choice not in allowed:
            raise ValueError("template not offered to this user")
        chosen = ProgrammeTemplate.objects.get(pk=allowed[choice].pk)
        data = template_data.parse(chosen.source, chosen.name)
    return services.programme_start(
        actor=user, organization=organization, start_date=start_date, template=data
    )


def register_programme_starter() -> None:
    register_starter(Starter("programme", gettext_lazy("Programme template"), choices, start))
