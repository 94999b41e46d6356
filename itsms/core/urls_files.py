from django.urls import URLPattern, path

from .views import files, settings

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/files/<uuid:file_id>/", files.file_download, name="file_download"),
    path("o/<slug:org>/settings/", settings.org_settings, name="org_settings"),
    path("o/<slug:org>/settings/logo/", settings.org_logo, name="org_logo"),
]
