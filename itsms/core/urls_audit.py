from django.urls import URLPattern, path

from .views import audit

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/audit/", audit.audit_list, name="audit_list"),
    path("o/<slug:org>/audit/<int:seq>/", audit.audit_detail, name="audit_detail"),
]
