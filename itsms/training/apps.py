from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "itsms.training"
    label = "training"
    verbose_name = _("Training and competence")

    def ready(self) -> None:
        from itsms.core.jobs import register_export

        from . import evidence, exports, files_purposes, nav_entries

        nav_entries.register_training_navigation()
        files_purposes.register_training_purposes()
        evidence.register_training_evidence()
        register_export(
            "training.matrix",
            _("Competence matrix"),
            exports.matrix_job,
            exports.matrix_job_permission,
            clean=exports.matrix_job_clean,
        )
