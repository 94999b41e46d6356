from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "itsms.programme"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from .org_setup import register_programme_starter
        from .registry import register_programme
        from .widgets import register_programme_widget

        register_programme()
        register_programme_widget()
        register_programme_starter()
