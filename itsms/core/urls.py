from django.urls import path

from . import (
    urls_audit,
    urls_directory,
    urls_exports,
    urls_files,
    urls_notifications,
    urls_onboarding,
    urls_roles,
    urls_tokens,
)
from .views import home

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("i18n/language/", home.language_switch, name="language_switch"),
    path("o/<slug:org>/", home.dashboard, name="dashboard"),
    *urls_onboarding.urlpatterns,
    *urls_directory.urlpatterns,
    *urls_audit.urlpatterns,
    *urls_files.urlpatterns,
    *urls_tokens.urlpatterns,
    *urls_notifications.urlpatterns,
    *urls_exports.urlpatterns,
    *urls_roles.urlpatterns,
]
