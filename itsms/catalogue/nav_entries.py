from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from itsms.core.navigation import NavItem, register

from .permissions import can_view_catalogue


def register_catalogue_navigation() -> None:
    register(
        NavItem(
            "catalogue", _("Catalogue"), "catalogue:standard_list", can_view_catalogue, 40, group="diagnosis"
        )
    )
