"""The training area's entries in the main navigation."""

from django.utils.translation import gettext_lazy as _

from itsms.core.navigation import NavItem, register

from . import permissions as p


def register_training_navigation() -> None:
    register(
        NavItem(
            "training",
            _("Training sessions"),
            "training:session_list",
            p.can_view_training,
            order=300,
            group="training",
        )
    )
    register(
        NavItem(
            "competence",
            _("Competence matrix"),
            "training:matrix",
            p.can_view_training,
            order=310,
            group="training",
        )
    )
    register(
        NavItem(
            "awareness",
            _("Awareness campaigns"),
            "training:campaign_list",
            p.can_view_training,
            order=320,
            group="training",
        )
    )
