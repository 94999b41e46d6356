from django.urls import path, register_converter

from .views import attendance, awareness, competence, sessions


class ExportFormatConverter:
    regex = "xlsx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormatConverter, "exportfmt")

app_name = "training"

P = "o/<slug:org>/training/"

urlpatterns = [
    path(P + "sessions/", sessions.session_list, name="session_list"),
    path(P + "sessions/new/", sessions.session_create, name="session_create"),
    path(P + "sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path(P + "sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path(P + "sessions/<int:pk>/invite/", sessions.session_invite, name="session_invite"),
    path(P + "sessions/<int:pk>/status/", sessions.session_transition, name="session_transition"),
    path(P + "sessions/<int:pk>/materials/", sessions.material_upload, name="material_upload"),
    path(P + "sessions/<int:pk>/sign-in-sheet.pdf", sessions.sign_in_sheet, name="sign_in_sheet"),
    path(P + "sessions/<int:pk>/sign-in/", attendance.session_sign_in, name="session_sign_in"),
    path(P + "sessions/<int:pk>/qr/", attendance.session_qr, name="session_qr"),
    path(P + "sessions/<int:pk>/attendance/", attendance.session_attendance, name="session_attendance"),
    path(P + "sign-in/<str:token>/", attendance.sign_in_link, name="sign_in_link"),
    path(P + "settings/", sessions.training_settings, name="settings"),
    path(P + "records/", competence.records, name="records"),
    path(P + "records.<exportfmt:fmt>", competence.records_export, name="records_export"),
    path(P + "competence/", competence.matrix, name="matrix"),
    path(P + "requirements/", competence.requirement_list, name="requirement_list"),
    path(P + "requirements/new/", competence.requirement_create, name="requirement_create"),
    path(P + "requirements/<int:pk>/delete/", competence.requirement_delete, name="requirement_delete"),
    path(P + "awareness/", awareness.campaign_list, name="campaign_list"),
    path(P + "awareness/new/", awareness.campaign_create, name="campaign_create"),
    path(P + "awareness/<int:pk>/", awareness.campaign_detail, name="campaign_detail"),
    path(P + "awareness/<int:pk>/confirm/", awareness.campaign_confirm, name="campaign_confirm"),
    path(P + "awareness/<int:pk>/close/", awareness.campaign_close, name="campaign_close"),
]
