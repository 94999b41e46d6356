from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "itsms.audits"
    label = "audits"
    verbose_name = _("Audits and nonconformities")

    def ready(self) -> None:
        from itsms.core.navigation import NavItem, register

        from .evidence import register as register_evidence
        from .permissions import can_view_nonconformities

        register_evidence()

        register(
            NavItem(
                "nonconformities",
                _("Nonconformities"),
                "audits:nonconformity_list",
                can_view_nonconformities,
                70,
                group="diagnosis",
            )
        )
