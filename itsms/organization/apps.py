from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "itsms.organization"
    label = "organization"
    verbose_name = _("Organization and system design")

    def ready(self) -> None:
        from .registry import register_organization

        register_organization()
