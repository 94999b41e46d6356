from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "itsms.training"
    label = "training"
    verbose_name = _("Training and competence")

    def ready(self) -> None:
        from . import evidence, files_purposes, nav_entries

        nav_entries.register_training_navigation()
        files_purposes.register_training_purposes()
        evidence.register_training_evidence()
