from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "itsms.documents"
    label = "documents"
    verbose_name = _("Document control")

    def ready(self) -> None:
        from . import evidence, nav_entries
        from .services import files as _files  # noqa: F401  (registers the file purposes)
        from .widgets import register_documents_widget

        nav_entries.register_navigation()
        register_documents_widget()
        evidence.register()
