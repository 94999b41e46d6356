"""A consultant's first day and the outside roles: new organizations, the directory import, the customer's
page and the external auditor's access log."""

from django.urls import URLPattern, path

from .views import access_log, customer, directory_import, organizations

urlpatterns: list[URLPattern] = [
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("o/<slug:org>/welcome/", customer.customer_home, name="customer_home"),
    path("o/<slug:org>/access-log/", access_log.access_log, name="access_log"),
    path("o/<slug:org>/people/import/", directory_import.directory_import, name="directory_import"),
    path(
        "o/<slug:org>/people/import/template/<str:fmt>/",
        directory_import.directory_import_template,
        name="directory_import_template",
    ),
]
