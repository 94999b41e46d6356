from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "itsms.audits"
    label = "audits"
    verbose_name = _("Audits and nonconformities")

    def ready(self) -> None:
        from itsms.core.files import register_purpose
        from itsms.core.navigation import NavItem, register

        from .evidence import register as register_evidence
        from .permissions import can_view_improvements, can_view_nonconformities, can_work_nonconformity
        from .services import FILE_PURPOSE
        from .widgets import register_corrective_actions_widget

        register_evidence()
        register_corrective_actions_widget()
        register_purpose(
            FILE_PURPOSE,
            can_download=lambda m, f: can_view_nonconformities(m),
            can_delete=lambda m, f: can_work_nonconformity(m),
        )

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
        register(
            NavItem(
                "improvements",
                _("Opportunities for improvement"),
                "audits:improvement_list",
                can_view_improvements,
                71,
                group="diagnosis",
            )
        )
