from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "itsms.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .plaintext import install_form_check

        # Every form's text field, ours and Django's, refuses control characters.
        install_form_check()
        from . import jobs  # noqa: F401  (registers the `export` file purpose)
        from .nav_entries import register_core_navigation

        register_core_navigation()
