"""What the programme registers when the app loads: menu entries and its file purpose."""

from django.utils.translation import gettext_lazy as _

from itsms.core.files import register_purpose
from itsms.core.navigation import NavItem, register

from . import permissions as p


def register_programme() -> None:
    from .readiness import register_pending_sources
    from .services import EVIDENCE_PURPOSE

    register_pending_sources()
    register(
        NavItem(
            "programme",
            _("Implementation programme"),
            "programme:overview",
            p.can_view_programme,
            order=10,
            group="implementation",
        )
    )
    register(
        NavItem(
            "my_tasks",
            _("My tasks"),
            "programme:my_tasks",
            p.can_view_programme,
            order=11,
            group="implementation",
        )
    )
    register_purpose(EVIDENCE_PURPOSE, lambda m, f: p.can_view_programme(m))
