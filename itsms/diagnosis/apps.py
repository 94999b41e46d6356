from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "itsms.diagnosis"
    label = "diagnosis"
    verbose_name = _("Diagnosis")

    def ready(self) -> None:
        from itsms.core.files import register_purpose
        from itsms.core.jobs import register_export
        from itsms.core.milestones import register_milestone
        from itsms.core.navigation import NavItem, register

        from .evidence import report_issued
        from .exports import report_job, report_job_clean, report_job_permission
        from .permissions import can_edit_diagnosis, can_view_diagnosis
        from .services.items import BASIS_FILE_PURPOSE, RECORD_FILE_PURPOSE

        register(
            NavItem(
                "diagnosis",
                _("Diagnosis (gap analysis)"),
                "diagnosis:project_list",
                can_view_diagnosis,
                50,
                group="diagnosis",
            )
        )
        for purpose in (BASIS_FILE_PURPOSE, RECORD_FILE_PURPOSE):
            register_purpose(
                purpose,
                can_download=lambda m, f: can_view_diagnosis(m),
                can_delete=lambda m, f: can_edit_diagnosis(m),
            )
        # No evidence provider: a self-assessment of the gap analysis is not evidence of conformity.
        register_milestone("diagnosis.report_issued", _("Diagnosis report issued"), report_issued)
        register_export(
            "diagnosis.report",
            _("Diagnosis report"),
            report_job,
            report_job_permission,
            clean=report_job_clean,
        )
